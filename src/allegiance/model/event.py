"""Events: the real-world happenings that one or more claims describe."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from allegiance.model.dates import FuzzyDate


class Corroboration(StrEnum):
    SINGLE_SOURCE = "single-source"
    CORROBORATED = "corroborated"
    CONTESTED = "contested"
    DENIED = "denied"


@dataclass(frozen=True, slots=True)
class Event:
    """A deduplicated happening (like an ACLED row) and the claims that describe it."""

    id: str
    type: str
    claim_ids: tuple[str, ...]
    place_id: str | None = None
    date: FuzzyDate | None = None
    status: Corroboration = Corroboration.SINGLE_SOURCE
