"""Rebuilding the stored events from the current claims.

Events are derived data: every one is clustered from claims (`query.events`), none is
written by hand. A rebuild therefore recomputes them all from the claims as they read now
(merges, reviews and newer extractor versions applied) and swaps the stored set for the new
one inside the caller's transaction. An event's id hashes its claim ids, so the same claims
always give the same ids.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from allegiance.model import Corroboration
from allegiance.query.claims import ClaimReader
from allegiance.query.events import cluster_claims
from allegiance.store import KnowledgeBase


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What a rebuild stored: events, the claims they group, and the events by status."""

    events: int
    claims: int
    replaced: int
    by_status: dict[Corroboration, int]


def build_events(kb: KnowledgeBase) -> BuildSummary:
    """Cluster every current claim into events and replace the stored events with them."""
    clusters = cluster_claims(ClaimReader(kb))
    replaced = kb.replace_events(cluster.to_event() for cluster in clusters)
    statuses = Counter(cluster.status for cluster in clusters)
    return BuildSummary(
        events=len(clusters),
        claims=sum(len(cluster.members) for cluster in clusters),
        replaced=replaced,
        by_status={status: statuses[status] for status in Corroboration},
    )
