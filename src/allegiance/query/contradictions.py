"""Claims that contradict an accepted claim: what an analyst accepted, a new report disputes.

Two rules, both against a claim whose review is `accepted` (a claim-review judgement):

- **opposite polarity**: the same type, subject, object and place (after merges), one
  side denied or negated and the other asserted, reported, claimed or alleged. "The
  merger was denied" against an accepted "the groups merged".
- **exclusive state**: a state only one actor can be in at a time (`territory.control`)
  of the same place, held by a different actor, both positive, at overlapping dates.

Dates must overlap when both claims are dated; an undated claim can only contradict by
polarity (its subject, object and place already say it is about the same thing). Uncertain
and expected claims assert nothing yet, so they contradict nothing. A contradicting claim
that is itself accepted is left out: the analyst has seen both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from allegiance.model.claim import Hedge, Review
from allegiance.model.dates import FuzzyDate
from allegiance.query.claims import ClaimReader, CurrentClaim

ContradictionRule = Literal["opposite-polarity", "exclusive-state"]

NEGATIVE_HEDGES = frozenset({Hedge.DENIED, Hedge.NEGATED})
POSITIVE_HEDGES = frozenset({Hedge.ASSERTED, Hedge.REPORTED, Hedge.CLAIMED, Hedge.ALLEGED})
# States one actor at a time can be in, for one place.
EXCLUSIVE_STATES = frozenset({"territory.control"})


@dataclass(frozen=True, slots=True)
class Contradiction:
    """`claim` contradicts the accepted claim `accepted`, by `rule`."""

    claim: CurrentClaim
    accepted: CurrentClaim
    rule: ContradictionRule


def find_contradictions(reader: ClaimReader) -> list[Contradiction]:
    """Every claim that contradicts an accepted one, in order of the accepted claims' ids."""
    found: list[Contradiction] = []
    for accepted in _accepted_claims(reader):
        found.extend(_against(reader, accepted))
    return found


def contradiction_rule(claim: CurrentClaim, accepted: CurrentClaim) -> ContradictionRule | None:
    """Which rule makes `claim` contradict `accepted`, or None when it does not."""
    if claim.type != accepted.type or claim.id == accepted.id:
        return None
    if not _dates_overlap(claim.date, accepted.date, required=False):
        return None
    if _same_statement(claim, accepted) and _opposite(claim.hedge, accepted.hedge):
        return "opposite-polarity"
    if (
        claim.type in EXCLUSIVE_STATES
        and claim.place_id is not None
        and claim.place_id == accepted.place_id
        and claim.subject_id != accepted.subject_id
        and claim.hedge in POSITIVE_HEDGES
        and accepted.hedge in POSITIVE_HEDGES
        and _dates_overlap(claim.date, accepted.date, required=True)
    ):
        return "exclusive-state"
    return None


def _accepted_claims(reader: ClaimReader) -> Iterator[CurrentClaim]:
    accepted = sorted(
        claim_id for claim_id, review in reader.reviews.items() if review is Review.ACCEPTED
    )
    for claim_id in accepted:
        yield reader.read(reader.kb.get_claim(claim_id))


def _against(reader: ClaimReader, accepted: CurrentClaim) -> Iterator[Contradiction]:
    """Claims of the same type about the accepted claim's subject or place."""
    candidates = reader.claims(types=[accepted.type], entity_ids=[accepted.subject_id])
    if accepted.type in EXCLUSIVE_STATES and accepted.place_id is not None:
        candidates += reader.claims(types=[accepted.type], place_ids=[accepted.place_id])
    seen: set[str] = set()
    for candidate in candidates:
        if candidate.id in seen or candidate.review is Review.ACCEPTED:
            continue
        seen.add(candidate.id)
        rule = contradiction_rule(candidate, accepted)
        if rule is not None:
            yield Contradiction(candidate, accepted, rule)


def _same_statement(first: CurrentClaim, second: CurrentClaim) -> bool:
    return (
        first.subject_id == second.subject_id
        and first.object_id == second.object_id
        and first.object_literal == second.object_literal
        and first.place_id == second.place_id
    )


def _opposite(first: Hedge, second: Hedge) -> bool:
    return (first in NEGATIVE_HEDGES and second in POSITIVE_HEDGES) or (
        first in POSITIVE_HEDGES and second in NEGATIVE_HEDGES
    )


def _dates_overlap(first: FuzzyDate | None, second: FuzzyDate | None, *, required: bool) -> bool:
    """Whether two dates can be the same time; an undated side overlaps unless `required`."""
    if first is None or second is None:
        return not required
    return first.start <= second.end and second.start <= first.end
