"""Claims as the analysis sees them: merged entities, reviews applied, newest extractor only.

Stored claims are never rewritten. Three kinds of later knowledge change how they read:

- a `same-as` judgement joins entities, so a claim about either is about the group's
  canonical entity;
- a `claim-review` judgement accepts, rejects or edits a claim (the latest one in force
  wins); rejected claims, and edited ones (whose corrected copy stands in for them), drop
  out of every picture unless asked for;
- re-running extraction with a newer extractor version (`allegiance.events.v2` after
  `.v1`) supersedes, per document, the older version's claims without deleting them.

`ClaimReader` reads the judgements once and applies all three to the claims it returns,
so every analysis (affiliations, control, events, alerts, briefs) sees the same picture.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from allegiance.model import Claim, Judgement, JudgementKind
from allegiance.model.claim import Grade, Hedge, Review
from allegiance.model.dates import FuzzyDate
from allegiance.query.entities import EntityGroups, active_judgements
from allegiance.store import KnowledgeBase

_VERSIONED = re.compile(r"^(?P<family>.+)\.v(?P<version>\d+)$")


@dataclass(frozen=True, slots=True)
class CurrentClaim:
    """A stored claim read through the judgements in force.

    The entity ids are canonical (after merges); `claim` is the record as stored, whose
    `id` is what evidence cites.
    """

    claim: Claim
    subject_id: str
    object_id: str | None
    place_id: str | None
    attributed_to_id: str | None
    review: Review

    @property
    def id(self) -> str:
        return self.claim.id

    @property
    def type(self) -> str:
        return self.claim.type

    @property
    def date(self) -> FuzzyDate | None:
        return self.claim.date

    @property
    def hedge(self) -> Hedge:
        return self.claim.hedge

    @property
    def grade(self) -> Grade | None:
        return self.claim.grade

    @property
    def document_id(self) -> str:
        return self.claim.document_id

    @property
    def object_literal(self) -> str | None:
        return self.claim.object.literal if self.claim.object else None


@cache
def extractor_version(extractor: str) -> tuple[str, int]:
    """An extractor's family and version: `allegiance.events.v2` → (`allegiance.events`, 2).

    A name without a version suffix is its own family at version 0.
    """
    match = _VERSIONED.match(extractor)
    if match is None:
        return extractor, 0
    return match["family"], int(match["version"])


def newest_versions(claims: Iterable[Claim]) -> list[Claim]:
    """The claims left once, per document, each extractor's older versions are set aside."""
    claims = list(claims)
    pairs = {(claim.document_id, claim.extractor) for claim in claims}
    newest: dict[tuple[str, str], int] = defaultdict(int)
    for document_id, extractor in pairs:
        family, version = extractor_version(extractor)
        key = (document_id, family)
        newest[key] = max(newest[key], version)
    if len(newest) == len(pairs):
        return claims  # no document has two versions of one extractor
    kept = {
        (document_id, extractor)
        for document_id, extractor in pairs
        if (family_version := extractor_version(extractor))[1]
        == newest[(document_id, family_version[0])]
    }
    return [claim for claim in claims if (claim.document_id, claim.extractor) in kept]


def review_decisions(judgements: Iterable[Judgement]) -> dict[str, Review]:
    """The review in force per claim id: the latest claim-review judgement not undone.

    An "edited" judgement names the original and then its corrected copy: the original
    reads as edited (left out like a rejected claim), the copy as accepted. A copy whose
    edit is no longer in force (undone) reads as rejected.
    """
    decisions: dict[str, Review] = {}
    for judgement in sorted(judgements, key=lambda j: j.created):
        if judgement.kind is JudgementKind.CLAIM_REVIEW and judgement.subjects:
            decisions[judgement.subjects[0]] = Review(judgement.decision)
            if judgement.decision == Review.EDITED.value and len(judgement.subjects) > 1:
                decisions.setdefault(judgement.subjects[1], Review.ACCEPTED)
    return decisions


_SET_ASIDE = frozenset({Review.REJECTED, Review.EDITED})
"""Reviews that take a claim out of the picture: rejected, or replaced by its edited copy."""


class ClaimReader:
    """Reads claims through the judgements in force, loaded once at construction.

    Build a new reader after recording judgements: it does not see later ones.

    `sees_every_claim` is False in a subclass that leaves claims out (what was known on a
    day, say): analyses then compute from the claims it returns instead of reading what
    was derived from all of them (stored control periods).
    """

    sees_every_claim = True

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        judgements = active_judgements(kb.list_judgements())
        self.groups = EntityGroups(judgements)
        self.reviews = review_decisions(judgements)

    def canonical(self, entity_id: str) -> str:
        """The entity that `entity_id` has been merged into (itself when unmerged)."""
        return self.groups.find(entity_id)

    def members(self, entity_id: str) -> list[str]:
        """Every stored entity merged with `entity_id`, itself included."""
        return self.groups.members(entity_id)

    def claims(
        self,
        *,
        types: Collection[str] | None = None,
        entity_ids: Collection[str] | None = None,
        place_ids: Collection[str] | None = None,
        since: date | None = None,
        until: date | None = None,
        include_rejected: bool = False,
    ) -> list[CurrentClaim]:
        """Current claims passing every filter, in order of date (undated last).

        `entity_ids` and `place_ids` are widened to every entity merged with them; an
        entity matches as subject, object, place or the party a claim is attributed to.
        A type also selects its subtypes.
        """
        stored = self.kb.list_claims(
            types=types,
            entity_ids=self._widen(entity_ids),
            place_ids=self._widen(place_ids),
            since=since,
            until=until,
        )
        current = (self.read(claim) for claim in newest_versions(stored))
        return [c for c in current if include_rejected or c.review not in _SET_ASIDE]

    def read(self, claim: Claim) -> CurrentClaim:
        """One stored claim as it reads now."""
        target = claim.object.entity_id if claim.object else None
        return CurrentClaim(
            claim=claim,
            subject_id=self.canonical(claim.subject_id),
            object_id=None if target is None else self.canonical(target),
            place_id=None if claim.place_id is None else self.canonical(claim.place_id),
            attributed_to_id=None
            if claim.attributed_to_id is None
            else self.canonical(claim.attributed_to_id),
            review=self.reviews.get(claim.id, self._stored_review(claim)),
        )

    @staticmethod
    def _stored_review(claim: Claim) -> Review:
        """An analyst's edited copy stands only while its edit is in force."""
        return Review.REJECTED if claim.qualifiers.get("edited_from") else claim.review

    def _widen(self, ids: Collection[str] | None) -> list[str] | None:
        if ids is None:
            return None
        return sorted({member for entity_id in ids for member in self.members(entity_id)})
