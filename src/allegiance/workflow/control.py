"""Rebuilding the stored control periods from the current claims.

Control periods are derived data, like events: every one is computed from the territory
claims as they read now (merges, reviews and newer extractor versions applied) by the
precedence rules, and a rebuild swaps the stored set for the new one inside the caller's
transaction. The knowledge base's fingerprint (counts of claims and judgements) is taken
before the claims are read and stored with the periods: if anything is added meanwhile the
periods read as stale, and control is computed from the claims until the next rebuild.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from allegiance.query.claims import ClaimReader
from allegiance.query.control import ControlStatus, derive_control_periods
from allegiance.store import KnowledgeBase


@dataclass(frozen=True, slots=True)
class ControlBuildSummary:
    """What a rebuild stored: places, their periods, and the periods by status."""

    places: int
    periods: int
    by_status: dict[ControlStatus, int]


def build_control(kb: KnowledgeBase) -> ControlBuildSummary:
    """Compute every place's control periods and replace the stored ones with them."""
    fingerprint = kb.fingerprint()
    periods = derive_control_periods(ClaimReader(kb))
    kb.replace_control_periods(periods, fingerprint)
    statuses = Counter(ControlStatus(period.status) for period in periods)
    return ControlBuildSummary(
        places=len({period.place_id for period in periods}),
        periods=len(periods),
        by_status={status: statuses[status] for status in ControlStatus if statuses[status]},
    )
