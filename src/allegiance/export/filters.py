"""The filters every export format applies the same way: one `ExportFilter`, one selection.

A filter keeps the current claims (merges and reviews applied, see `query/claims.py`) that
pass every condition given; an event is kept when at least one of its claims is, and is
then described by those claims only. Rejected claims stay out unless the review statuses
asked for include `rejected`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

from allegiance.model import AllegianceError, Entity, Event, Grade, Review
from allegiance.query.claims import ClaimReader, CurrentClaim
from allegiance.store import KnowledgeBase

Tick = Callable[[], None]
"""Called once per record written, to move a progress bar."""


def no_tick() -> None:
    """The tick of an export nobody watches."""


@dataclass(slots=True)
class ExportResult:
    """How many records an export wrote, and which selected ones it could not, and why."""

    written: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)


class FilterError(AllegianceError):
    """An export filter could not be read (a bad region, grade or confidence)."""

    exit_code = 2
    http_status = 422


@dataclass(frozen=True, slots=True)
class Region:
    """Where a claim's place must lie: a country (ISO 3166 alpha-2) or a bounding box."""

    country: str | None = None
    box: tuple[float, float, float, float] | None = None  # west, south, east, north

    @classmethod
    def parse(cls, text: str) -> Region:
        """`SY` (a country code) or `west,south,east,north` in degrees."""
        parts = [part.strip() for part in text.split(",")]
        if len(parts) == 1 and len(parts[0]) == 2 and parts[0].isalpha():
            return cls(country=parts[0].upper())
        if len(parts) == 4:
            try:
                west, south, east, north = (float(part) for part in parts)
            except ValueError:
                pass
            else:
                if west <= east and south <= north:
                    return cls(box=(west, south, east, north))
        raise FilterError(f"region {text!r} is neither a country code nor west,south,east,north")

    def contains(self, place: Entity) -> bool:
        attributes = place.attributes
        if self.country is not None:
            return str(attributes.get("country", "")).upper() == self.country
        lat, lon = attributes.get("lat"), attributes.get("lon")
        if self.box is None or not isinstance(lat, int | float) or not isinstance(lon, int | float):
            return False
        west, south, east, north = self.box
        return west <= lon <= east and south <= lat <= north


def parse_grade(text: str) -> Grade:
    try:
        return Grade.parse(text.strip().upper())
    except ValueError as exc:
        raise FilterError(str(exc)) from None


def grade_at_least(grade: Grade | None, minimum: Grade) -> bool:
    """Whether `grade` is as good as `minimum` on both scales (A and 1 are best)."""
    if grade is None:
        return False
    return grade.reliability <= minimum.reliability and grade.credibility <= minimum.credibility


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """What to export. Empty fields filter nothing; `reviews` empty means all but rejected."""

    entity_ids: tuple[str, ...] = ()
    region: Region | None = None
    since: date | None = None
    until: date | None = None
    types: tuple[str, ...] = ()
    reviews: tuple[Review, ...] = ()
    min_grade: Grade | None = None
    min_confidence: float | None = None

    def __post_init__(self) -> None:
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise FilterError(f"minimum confidence must be within 0..1: {self.min_confidence}")
        if self.since and self.until and self.until < self.since:
            raise FilterError(f"date range ends before it starts: {self.since} > {self.until}")

    @property
    def is_empty(self) -> bool:
        return self == ExportFilter()


class Selection:
    """The claims (and through them events, entities, documents) an export covers."""

    def __init__(self, kb: KnowledgeBase, export_filter: ExportFilter) -> None:
        self.kb = kb
        self.filter = export_filter
        self.reader = ClaimReader(kb)
        self._entities: dict[str, Entity] = {}
        self.claims = self._select()
        self.by_id = {current.id: current for current in self.claims}

    def entity(self, entity_id: str) -> Entity:
        """A stored entity, read once (the canonical entity when given a canonical id)."""
        if entity_id not in self._entities:
            self._entities[entity_id] = self.kb.get_entity(entity_id)
        return self._entities[entity_id]

    def events(self) -> list[tuple[Event, list[CurrentClaim]]]:
        """Stored events with at least one selected claim, each with its selected claims."""
        kept = []
        for event in self.kb.list_events():
            claims = [self.by_id[i] for i in event.claim_ids if i in self.by_id]
            if claims:
                kept.append((event, claims))
        return kept

    def entity_ids(self) -> list[str]:
        """Every canonical entity the selected claims name, in a stable order."""
        ids: set[str] = set()
        for current in self.claims:
            ids.update(_named(current))
        return sorted(ids)

    def document_ids(self) -> list[str]:
        return sorted({current.document_id for current in self.claims})

    def _select(self) -> list[CurrentClaim]:
        wanted = self.filter
        candidates = self.reader.claims(
            types=wanted.types or None,
            entity_ids=wanted.entity_ids or None,
            since=wanted.since,
            until=wanted.until,
            include_rejected=Review.REJECTED in wanted.reviews,
        )
        return [current for current in candidates if self._passes(current)]

    def _passes(self, current: CurrentClaim) -> bool:
        wanted = self.filter
        if wanted.reviews and current.review not in wanted.reviews:
            return False
        if wanted.min_grade is not None and not grade_at_least(current.grade, wanted.min_grade):
            return False
        if wanted.min_confidence is not None and current.claim.confidence < wanted.min_confidence:
            return False
        if wanted.region is not None:
            return current.place_id is not None and wanted.region.contains(
                self.entity(current.place_id)
            )
        return True


def _named(current: CurrentClaim) -> Iterable[str]:
    ids: Collection[str | None] = (
        current.subject_id,
        current.object_id,
        current.place_id,
        current.attributed_to_id,
    )
    return (entity_id for entity_id in ids if entity_id is not None)
