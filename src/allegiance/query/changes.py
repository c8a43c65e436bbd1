"""The changes watch rules look for, found in the whole knowledge base, once per kind.

Each change says in plain words what changed, with the hedges and best grade of its
evidence (so a reported pledge never reads as a fact), and carries every claim behind it.
Pledges and defections come from `affiliations.affiliation_changes`, control changes from
`control.control_changes`, linked accounts from `account.operator` and `account.link`
claims and from analysts' `same-operator` account-link judgements, contradictions from
`contradictions.find_contradictions`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from allegiance.model.claim import Grade, Hedge
from allegiance.model.dates import FuzzyDate
from allegiance.model.entity import Entity
from allegiance.model.errors import NotFoundError
from allegiance.model.taxonomy import Taxonomy, load_taxonomy
from allegiance.query.accounts import SAME_OPERATOR, explain_link, link_decisions
from allegiance.query.affiliations import AffiliationChange, affiliation_changes
from allegiance.query.claims import ClaimReader, CurrentClaim
from allegiance.query.contradictions import find_contradictions
from allegiance.query.control import (
    ControlChange,
    ControlPeriod,
    PlaceDirectory,
    control_changes,
)
from allegiance.query.relations import Evidence
from allegiance.store.watch import AlertEvidence, EvidenceRole


class WatchKind(StrEnum):
    """The kinds of change a rule can watch (a rule watches all of them by default)."""

    PLEDGE = "pledge"
    DEFECTION = "defection"
    CONTROL = "control"
    ACCOUNT_LINK = "account-link"
    CONTRADICTION = "contradiction"


ALL_KINDS: tuple[WatchKind, ...] = tuple(WatchKind)


@dataclass(frozen=True, slots=True)
class Change:
    """A watched change: what it is in plain words, and the claims behind it.

    `ids` are the canonical entities the change concerns: a rule sees the change when it
    watches one of them. `place_id` is the place the change is about (a control change):
    it tells changes apart. `places` are where a change that is not about a place
    happened, as its claims say (a pledge made in a town): they are in `ids`, so a rule on
    the town or on a region holding it sees the change, but they do not tell changes
    apart: the claims behind the change already decide them. `key` tells changes apart
    beyond their evidence (a judgement id).
    """

    kind: WatchKind
    headline: str
    evidence: tuple[AlertEvidence, ...]
    ids: frozenset[str]
    subject_id: str | None = None
    object_id: str | None = None
    place_id: str | None = None
    date: FuzzyDate | None = None
    key: str = ""
    places: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SkippedChange:
    """A change left out, and why (reported, never dropped silently)."""

    kind: WatchKind
    reason: str
    claim_ids: tuple[str, ...]
    ids: frozenset[str]


def qualifier(evidence: Sequence[AlertEvidence]) -> str:
    """How firm the evidence is: hedges, best grade, and how many claims (for headlines)."""
    own = [item for item in evidence if item.role == "evidence"] or list(evidence)
    if not own:
        return "no claims"
    hedges = "/".join(sorted({item.hedge.value for item in own}))
    grades = sorted(str(item.grade) for item in own if item.grade is not None)
    count = f"{len(own)} claim" + ("" if len(own) == 1 else "s")
    return ", ".join((hedges, grades[0] if grades else "ungraded", count))


def earliest(dates: Iterable[FuzzyDate | None]) -> FuzzyDate | None:
    known = [value for value in dates if value is not None]
    return min(known, key=lambda value: (value.start, value.end)) if known else None


class ChangeFinder:
    """Finds every change of each kind once, and names entities once each."""

    def __init__(self, reader: ClaimReader, *, taxonomy: Taxonomy | None = None) -> None:
        self.reader = reader
        self.taxonomy = taxonomy or load_taxonomy()
        self.skipped: list[SkippedChange] = []  # every change left out so far, by any kind
        self._entities: dict[str, Entity | None] = {}
        self._grades: dict[str, Grade | None] = {}

    def changes(self, kind: WatchKind) -> list[Change]:
        if kind is WatchKind.PLEDGE or kind is WatchKind.DEFECTION:
            return self._affiliations[kind]
        if kind is WatchKind.CONTROL:
            return self._control
        if kind is WatchKind.ACCOUNT_LINK:
            return self._account_links
        return self._contradictions

    def name(self, entity_id: str | None, literal: str | None = None) -> str:
        """An entity's name for a headline (its id if it is gone); a literal in quotes."""
        if entity_id is None:
            return f'"{literal}"' if literal else "(unnamed)"
        entity = self.entity(entity_id)
        return entity_id if entity is None else entity.name

    def entity(self, entity_id: str) -> Entity | None:
        """The stored entity, read once; None when it is gone."""
        if entity_id not in self._entities:
            try:
                self._entities[entity_id] = self.reader.kb.get_entity(entity_id)
            except NotFoundError:
                self._entities[entity_id] = None
        return self._entities[entity_id]

    @cached_property
    def places(self) -> PlaceDirectory:
        """The stored places with their admin attributes, for region rules."""
        return PlaceDirectory.load(self.reader.kb)

    def accounts_of(self, entity_id: str) -> frozenset[str]:
        """The accounts that claims say `entity_id` runs (canonical ids)."""
        return frozenset(
            claim.object_id
            for claim in self._operator_claims
            if claim.subject_id == entity_id and claim.object_id is not None
        )

    def from_claim(self, claim: CurrentClaim, role: EvidenceRole = "evidence") -> AlertEvidence:
        return AlertEvidence(claim.id, claim.document_id, claim.hedge, claim.grade, role)

    def from_evidence(self, item: Evidence, role: EvidenceRole = "evidence") -> AlertEvidence:
        """Evidence as another query reports it, with the grade read from its claim."""
        if item.claim_id not in self._grades:
            self._grades[item.claim_id] = self.reader.kb.get_claim(item.claim_id).grade
        grade = self._grades[item.claim_id]
        return AlertEvidence(item.claim_id, item.document_id, item.hedge, grade, role)

    # Pledges and defections ------------------------------------------------------------

    @cached_property
    def _affiliations(self) -> dict[WatchKind, list[Change]]:
        found: dict[WatchKind, list[Change]] = {WatchKind.PLEDGE: [], WatchKind.DEFECTION: []}
        for change in affiliation_changes(self.reader, None, None):
            kind = WatchKind.PLEDGE if change.type == "allegiance.pledge" else WatchKind.DEFECTION
            refused = self._refused_group(change)
            if refused is None:
                found[kind].append(self._affiliation_change(kind, change))
            else:
                claims = tuple(item.claim_id for item in change.evidence)
                self.skipped.append(SkippedChange(kind, refused, claims, _concerned(change)))
        return found

    def _refused_group(self, change: AffiliationChange) -> str | None:
        """Why the change is not one, when the taxonomy refuses the kind of the group its
        claims name (the group pledged to, or the group left).

        A pledge "to the Dawla" whose name resolved to a person is a resolution error, not
        a pledge to that person: the claim type's object must be a group.
        """
        allowed = self.taxonomy.get(change.type).objects
        pledge = change.type == "allegiance.pledge"
        group_id = change.joined if pledge else next(iter(change.left), None)
        entity = None if group_id is None else self.entity(group_id)
        if entity is None or allowed == "none" or entity.kind.value in allowed:
            return None
        return (
            f"{change.type} of {self.name(change.entity_id)}: {entity.name} ({entity.id}) "
            f"is a {entity.kind.value}, not a {' or '.join(allowed)}"
        )

    def _affiliation_change(self, kind: WatchKind, change: AffiliationChange) -> Change:
        evidence = tuple(self.from_evidence(item) for item in change.evidence)
        evidence += tuple(self.from_evidence(item, "contested") for item in change.contested)
        left = ", ".join(self.name(group) for group in change.left)
        who = self.name(change.entity_id)
        # Claims of one act may name different places: each is where one source put it.
        where = " or ".join(self.name(place) for place in change.place_ids)
        at = f" at {where}" if where else ""
        if kind is WatchKind.PLEDGE:
            text = f"{who} pledged allegiance to {self.name(change.joined)}{at}"
            text += f", leaving {left}" if left else ""
        else:
            text = f"{who} defected from {left or 'a group'}"
            text += f" to {self.name(change.joined)}" if change.joined else ""
            text += at
        text += f" ({change.date.to_text()})" if change.date else " (undated)"
        if change.hedge in (Hedge.DENIED, Hedge.NEGATED):
            text = f"Denied: {text}"
        if change.contested:
            text += f"; disputed by {len(change.contested)} claim(s)"
        return Change(
            kind=kind,
            headline=f"{text} [{qualifier(evidence)}]",
            evidence=evidence,
            ids=_concerned(change),
            subject_id=change.entity_id,
            object_id=change.joined,
            date=change.date,
            places=change.place_ids,
        )

    # Control ---------------------------------------------------------------------------

    @cached_property
    def _control(self) -> list[Change]:
        return [self._control_change(change) for change in control_changes(self.reader, None, None)]

    def _control_change(self, change: ControlChange) -> Change:
        after, before = change.after, change.before
        evidence = tuple(self._stored_claim(claim_id) for claim_id in after.claim_ids)
        text = f"{change.place.name}: {_status(after)} from {change.day.isoformat()}"
        if before is not None:
            text += f" (before: {_status(before)})"
        periods = [period for period in (after, before) if period is not None]
        actors = {
            actor.id
            for period in periods
            for actor in (*period.actors, period.actor, period.held_by)
            if actor is not None
        }
        return Change(
            kind=WatchKind.CONTROL,
            headline=f"{text} [{qualifier(evidence)}; rule: {after.rule}]",
            evidence=evidence,
            ids=frozenset({change.place.id} | actors),
            subject_id=after.actor.id if after.actor else None,
            place_id=change.place.id,
            date=FuzzyDate.day(change.day),
        )

    # Linked accounts -------------------------------------------------------------------

    @cached_property
    def _operator_claims(self) -> list[CurrentClaim]:
        return [c for c in self.reader.claims(types=["account.operator"]) if c.object_id]

    @cached_property
    def _account_links(self) -> list[Change]:
        grouped: dict[tuple[str, str, str | None, str | None], list[CurrentClaim]]
        grouped = defaultdict(list)
        for claim in self._operator_claims:
            grouped[(claim.type, claim.subject_id, claim.object_id, None)].append(claim)
        for claim in self.reader.claims(types=["account.link"]):
            key = (claim.type, claim.subject_id, claim.object_id, claim.object_literal)
            grouped[key].append(claim)
        changes = [self._claimed_link(claims) for claims in grouped.values()]
        cited = {c.claim.qualifiers.get("judgement") for claims in grouped.values() for c in claims}
        return changes + self._judged_links(cited)

    def _claimed_link(self, claims: list[CurrentClaim]) -> Change:
        first = claims[0]
        evidence = tuple(self.from_claim(claim) for claim in claims)
        subject = self.name(first.subject_id)
        other = self.name(first.object_id, first.object_literal)
        if first.type == "account.operator":
            text = f"{subject} is said to run the account {other}"
        else:
            text = f"The account {subject} is said to be linked to {other}"
        judgements = sorted({j for c in claims if (j := c.claim.qualifiers.get("judgement"))})
        if judgements:
            text += f" (confirmed by judgement {', '.join(judgements)})"
        return Change(
            kind=WatchKind.ACCOUNT_LINK,
            headline=f"{text} [{qualifier(evidence)}]",
            evidence=evidence,
            ids=frozenset({first.subject_id} | _present(first.object_id)),
            subject_id=first.subject_id,
            object_id=first.object_id,
            date=earliest(claim.date for claim in claims),
        )

    def _judged_links(self, cited: set[str | None]) -> list[Change]:
        """Links an analyst confirmed that no derived claim stands for (a confirmation
        derives `account.link` claims when it can cite a post; those already raise the
        alert). The evidence is the claims the link's score rests on."""
        changes = []
        for pair, judgement in link_decisions(self.reader.kb, self.reader).items():
            if judgement.decision != SAME_OPERATOR or len(pair) != 2 or judgement.id in cited:
                continue
            first, second = (self.reader.canonical(i) for i in judgement.subjects[:2])
            explained = explain_link(self.reader.kb, first, second)
            claim_ids = sorted(
                {i for f in explained.features for i in f.evidence if i.startswith("clm-")}
            )
            evidence = tuple(self._stored_claim(claim_id) for claim_id in claim_ids)
            text = (
                f"The accounts {self.name(first)} and {self.name(second)} were judged to have "
                f"one operator by {judgement.author} ({judgement.id})"
            )
            changes.append(
                Change(
                    kind=WatchKind.ACCOUNT_LINK,
                    headline=f"{text} [{qualifier(evidence)}]",
                    evidence=evidence,
                    ids=frozenset(pair),
                    subject_id=first,
                    object_id=second,
                    key=judgement.id,
                )
            )
        return changes

    def _stored_claim(self, claim_id: str) -> AlertEvidence:
        claim = self.reader.kb.get_claim(claim_id)
        return AlertEvidence(claim.id, claim.document_id, claim.hedge, claim.grade)

    # Contradictions --------------------------------------------------------------------

    @cached_property
    def _contradictions(self) -> list[Change]:
        changes = []
        for found in find_contradictions(self.reader):
            claim, accepted = found.claim, found.accepted
            evidence = (self.from_claim(claim), self.from_claim(accepted, "contradicted"))
            headline = (
                f"{self._describe(claim)} contradicts the accepted claim "
                f"{self._describe(accepted)} ({found.rule}) [{qualifier(evidence)}]"
            )
            changes.append(
                Change(
                    kind=WatchKind.CONTRADICTION,
                    headline=headline,
                    evidence=evidence,
                    ids=_named(claim) | _named(accepted),
                    subject_id=claim.subject_id,
                    object_id=claim.object_id,
                    place_id=claim.place_id,
                    date=claim.date,
                )
            )
        return changes

    def _describe(self, claim: CurrentClaim) -> str:
        """'<subject> <type> <object> at <place> on <date> (<hedge>)', for a contradiction."""
        parts = [self.name(claim.subject_id), claim.type]
        if claim.object_id or claim.object_literal:
            parts.append(self.name(claim.object_id, claim.object_literal))
        if claim.place_id:
            parts.append(f"at {self.name(claim.place_id)}")
        if claim.date:
            parts.append(f"on {claim.date.to_text()}")
        return f'"{" ".join(parts)}" ({claim.hedge.value})'


def _status(period: ControlPeriod) -> str:
    """'controlled by X', 'contested between X and Y', 'besieged by X (held by Y)'…"""
    status = period.status.value
    if period.actor is not None:
        text = f"{status} by {period.actor.name}"
    elif period.actors:
        text = f"{status} between {' and '.join(actor.name for actor in period.actors)}"
    else:
        text = status
    return text + (f" (held by {period.held_by.name})" if period.held_by else "")


def _present(entity_id: str | None) -> set[str]:
    return set() if entity_id is None else {entity_id}


def _concerned(change: AffiliationChange) -> frozenset[str]:
    """Who a pledge or defection concerns: the subject, the groups and the places named."""
    named = {change.entity_id, *change.left, *change.place_ids}
    return frozenset(named | _present(change.joined))


def _named(claim: CurrentClaim) -> frozenset[str]:
    return frozenset(i for i in (claim.subject_id, claim.object_id, claim.place_id) if i)
