"""Claims: one sourced statement extracted from a document. Never overwritten."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from allegiance.model.dates import FuzzyDate
from allegiance.model.ids import content_id


class Hedge(StrEnum):
    """How firmly the document asserts the claim."""

    ASSERTED = "asserted"
    REPORTED = "reported"
    CLAIMED = "claimed"
    ALLEGED = "alleged"
    UNCERTAIN = "uncertain"
    EXPECTED = "expected"
    DENIED = "denied"
    NEGATED = "negated"


class Review(StrEnum):
    UNREVIEWED = "unreviewed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EDITED = "edited"


class PlacePrecision(int):
    """ACLED-style geographic precision: 1 town or site, 2 near or part of, 3 district/region."""

    def __new__(cls, value: int) -> PlacePrecision:
        if value not in (1, 2, 3):
            raise ValueError(f"place precision must be 1, 2 or 3, not {value}")
        return super().__new__(cls, value)


_GRADE = re.compile(r"^[A-F][1-6]$")


@dataclass(frozen=True, slots=True)
class Grade:
    """Admiralty code: source reliability A–F and information credibility 1–6."""

    reliability: str
    credibility: int

    def __post_init__(self) -> None:
        if not _GRADE.match(f"{self.reliability}{self.credibility}"):
            raise ValueError(f"not an Admiralty grade: {self.reliability}{self.credibility}")

    @classmethod
    def parse(cls, text: str) -> Grade:
        if not _GRADE.match(text):
            raise ValueError(f"not an Admiralty grade: {text!r}")
        return cls(text[0], int(text[1]))

    def __str__(self) -> str:
        return f"{self.reliability}{self.credibility}"


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str


@dataclass(frozen=True, slots=True)
class Quote:
    """The exact text that states a claim and its character offsets in the document."""

    text: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad quote offsets {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class Argument:
    """A claim's object: an entity, or a literal value when it names no entity."""

    entity_id: str | None = None
    literal: str | None = None

    def __post_init__(self) -> None:
        if (self.entity_id is None) == (self.literal is None):
            raise ValueError("an argument is either an entity or a literal")


@dataclass(frozen=True, slots=True)
class Claim:
    """subject — type — object, with place, date, quantity, attribution, hedge and evidence.

    `qualifiers` carries type-specific values (role, means, the group defected `to`);
    `notes` says how a value was inferred ("nationality inferred from the nisba").
    """

    type: str
    subject_id: str
    document_id: str
    extractor: str
    quote: Quote
    object: Argument | None = None
    place_id: str | None = None
    place_precision: PlacePrecision | None = None
    date: FuzzyDate | None = None
    quantity: Quantity | None = None
    attributed_to_id: str | None = None
    hedge: Hedge = Hedge.ASSERTED
    confidence: float = 0.5
    grade: Grade | None = None
    review: Review = Review.UNREVIEWED
    qualifiers: dict[str, str] = field(default_factory=dict)
    notes: str | None = None
    # The id once worked out (or read from the store): hashing the content on every access
    # cost more than reading the row. Not an init field, so `replace` never carries it over.
    _id: str | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be within 0..1, not {self.confidence}")

    @property
    def id(self) -> str:
        """Content hash of what the claim says and where: re-extracting gives the same id."""
        if self._id is None:
            object.__setattr__(self, "_id", self._content_id())
        assert self._id is not None
        return self._id

    def _content_id(self) -> str:
        obj = self.object.entity_id or self.object.literal if self.object else None
        return content_id(
            "clm",
            self.document_id,
            self.extractor,
            self.type,
            self.subject_id,
            obj,
            self.place_id,
            self.date.to_text() if self.date else None,
            str(self.quote.start),
            str(self.quote.end),
            self.hedge.value,
        )


def with_stored_id(claim: Claim, claim_id: str) -> Claim:
    """`claim` read back from the store under `claim_id`, the key it was stored by (its content
    hash), kept so that asking its id costs no hashing."""
    object.__setattr__(claim, "_id", claim_id)
    return claim
