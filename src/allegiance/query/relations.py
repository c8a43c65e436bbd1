"""Group relations over time: alliance, rivalry, merger, split and agreement, with evidence.

Two sources say how groups relate. Claims (`group.*`) give dated, sourced relations;
each becomes an interval that starts with its earliest dated claim and ends when a later
claim says the opposite (a rivalry ends an alliance, an alliance or merger ends a
rivalry or split). An agreement (truce, deal) neither ends nor is ended by the others:
rivals strike deals. The actor gazetteer gives lineage: which stages of a group are one
line under successive names, and which groups are part of or allied with which.
Rules and precedence: docs/affiliations.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from weakref import WeakKeyDictionary

from allegiance.model import FuzzyDate, Hedge
from allegiance.model.ids import content_id
from allegiance.query.claims import ClaimReader, CurrentClaim
from allegiance.resolve.actors import ActorGazetteer, load_actors

RELATION_TYPES = (
    "group.alliance",
    "group.rivalry",
    "group.merger",
    "group.split",
    "group.agreement",
)
NO_INTERVAL = frozenset({Hedge.DENIED, Hedge.NEGATED})
FIRMNESS = (Hedge.ASSERTED, Hedge.REPORTED, Hedge.CLAIMED, Hedge.ALLEGED, Hedge.UNCERTAIN)
_COOPERATIVE = frozenset({"group.alliance", "group.merger"})
_HOSTILE = frozenset({"group.rivalry", "group.split"})
_DIRECTED = frozenset({"group.merger", "group.split"})
_KIN_RELATIONS = frozenset({"part_of", "allied_with"})


class Holding(StrEnum):
    """Whether an interval holds on a given day."""

    YES = "yes"
    MAYBE = "maybe"  # the day falls in an imprecise boundary, or a boundary is unknown
    NO = "no"
    UNDATED = "undated"  # neither start nor end is known: it cannot be placed in time


@dataclass(frozen=True, slots=True)
class Evidence:
    """One claim behind a fact, with what a reader needs to judge it without opening it."""

    claim_id: str
    document_id: str
    type: str
    hedge: Hedge
    date: FuzzyDate | None
    object_id: str | None = None
    role: str | None = None
    via: str | None = None  # the account the claim was made through, for a person

    @classmethod
    def of(cls, current: CurrentClaim, *, via: str | None = None) -> Evidence:
        return cls(
            claim_id=current.id,
            document_id=current.document_id,
            type=current.type,
            hedge=current.hedge,
            date=current.date,
            object_id=current.object_id,
            role=current.claim.qualifiers.get("role"),
            via=via,
        )


def firmest(evidence: Iterable[Evidence]) -> Hedge | None:
    """The firmest hedge among the evidence: one asserted claim makes the fact asserted."""
    hedges = {item.hedge for item in evidence}
    return next((hedge for hedge in FIRMNESS if hedge in hedges), None)


def holds_on(start: FuzzyDate | None, end: FuzzyDate | None, *, ended: bool, day: date) -> Holding:
    """Whether an interval from `start` to `end` (the day it ended) holds on `day`.

    `ended` without `end` means it is known to have ended, at an unknown date.
    """
    if start is None and end is None:
        return Holding.UNDATED
    if start is not None and day < start.start:
        return Holding.NO
    if end is not None and day >= end.start:
        return Holding.NO if end.precision == "day" or day > end.end else Holding.MAYBE
    if start is None or day < start.end or (ended and end is None):
        return Holding.MAYBE
    return Holding.YES


@dataclass(frozen=True, slots=True)
class Relation:
    """How two groups related from `start` to `end`, and the claims that say so.

    For mergers and splits `group_id` is the claims' subject (the group that merged or
    broke away); for the symmetric types it is the group asked about, or the first by id.
    """

    group_id: str
    other_id: str
    type: str
    start: FuzzyDate | None
    end: FuzzyDate | None
    hedge: Hedge
    evidence: tuple[Evidence, ...]
    end_evidence: tuple[Evidence, ...] = ()
    contested: tuple[Evidence, ...] = ()

    def holds_on(self, day: date) -> Holding:
        return holds_on(self.start, self.end, ended=bool(self.end_evidence), day=day)


def group_relations(
    reader: ClaimReader, group_id: str | None = None, *, lineages: Lineages | None = None
) -> list[Relation]:
    """Every relation of `group_id` (of every stage of its line), or of all groups."""
    if group_id is None:
        return relations_among(reader, None)
    lineages = lineages or lineages_for(reader)
    return relations_among(reader, [s.group_id for s in lineages.line(reader.canonical(group_id))])


def relations_among(reader: ClaimReader, group_ids: Collection[str] | None) -> list[Relation]:
    """The relations of any of `group_ids`, or of all groups when None."""
    ids = None if group_ids is None else sorted(group_ids)
    claims = reader.claims(types=RELATION_TYPES, entity_ids=ids)
    pairs: dict[tuple[str, str], list[CurrentClaim]] = defaultdict(list)
    for claim in claims:
        if claim.object_id is not None and claim.object_id != claim.subject_id:
            pairs[_pair(claim, ids)].append(claim)
    relations = [relation for pair, found in pairs.items() for relation in _relations(pair, found)]
    return sorted(relations, key=_relation_order)


def relations_as_of(
    reader: ClaimReader,
    as_of: date,
    group_id: str | None = None,
    *,
    lineages: Lineages | None = None,
) -> list[Relation]:
    """The relations that hold (or may hold) on `as_of`; undated ones are left out."""
    found = group_relations(reader, group_id, lineages=lineages)
    return [r for r in found if r.holds_on(as_of) in (Holding.YES, Holding.MAYBE)]


def _pair(claim: CurrentClaim, asked: Sequence[str] | None) -> tuple[str, str]:
    """The pair a claim is about, oriented: subject first for directed types."""
    assert claim.object_id is not None
    first, second = claim.subject_id, claim.object_id
    if claim.type in _DIRECTED:
        return first, second
    if asked is not None and second in asked and first not in asked:
        return second, first
    if asked is not None and first in asked:
        return first, second
    return (first, second) if first <= second else (second, first)


def _relations(pair: tuple[str, str], claims: list[CurrentClaim]) -> list[Relation]:
    """The intervals of every relation type between one pair, walking their claims by date."""
    relations: list[Relation] = []
    contested = tuple(Evidence.of(c) for c in claims if c.hedge in NO_INTERVAL)
    usable = [c for c in claims if c.hedge not in NO_INTERVAL and c.hedge is not Hedge.EXPECTED]
    for kind in sorted({c.type for c in usable}):
        own = [c for c in usable if c.type == kind]
        enders = [c for c in usable if _ends(c.type, kind) and c.date is not None]
        mine = tuple(e for e in contested if e.type == kind)
        relations.extend(_intervals(pair, kind, own, enders, mine))
    return relations


def _ends(ender: str, kind: str) -> bool:
    """Whether a claim of type `ender` ends a relation of type `kind` (the opposing side)."""
    return (ender in _HOSTILE and kind in _COOPERATIVE) or (
        ender in _COOPERATIVE and kind in _HOSTILE
    )


def _intervals(
    pair: tuple[str, str],
    kind: str,
    own: list[CurrentClaim],
    enders: list[CurrentClaim],
    contested: tuple[Evidence, ...],
) -> list[Relation]:
    dated = sorted((c for c in own if c.date is not None), key=_day)
    undated = [Evidence.of(c) for c in own if c.date is None]
    spans: list[tuple[list[Evidence], list[Evidence]]] = []
    current: list[Evidence] | None = None
    for claim in sorted([*dated, *enders], key=lambda c: (_day(c), c.type != kind)):
        if claim.type == kind:
            if current is None:
                current = []
                spans.append((current, []))
            current.append(Evidence.of(claim))
        elif current is not None:
            spans[-1][1].append(Evidence.of(claim))
            current = None
    if undated and len(spans) == 1:
        spans[0][0].extend(undated)
    elif undated:
        spans.insert(0, (undated, []))
    return [_relation(pair, kind, support, ended, contested) for support, ended in spans]


def _relation(
    pair: tuple[str, str],
    kind: str,
    support: list[Evidence],
    ended: list[Evidence],
    contested: tuple[Evidence, ...],
) -> Relation:
    starts = [e.date for e in support if e.date is not None]
    hedge = firmest(support)
    assert hedge is not None
    return Relation(
        group_id=pair[0],
        other_id=pair[1],
        type=kind,
        start=min(starts, key=lambda d: d.start) if starts else None,
        end=ended[0].date if ended else None,
        hedge=hedge,
        evidence=tuple(support),
        end_evidence=tuple(ended),
        contested=contested,
    )


def _day(claim: CurrentClaim) -> date:
    assert claim.date is not None
    return claim.date.start


def _relation_order(relation: Relation) -> tuple[date, str, str, str]:
    start = relation.start.start if relation.start else date.min
    return start, relation.type, relation.group_id, relation.other_id


# Lineage ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stage:
    """One name of a line of groups, held from `since` (None for the line's first stage)."""

    group_id: str
    since: FuzzyDate | None


class Lineages:
    """Group lineages from the actor gazetteer, mapped onto the seeded actor entities.

    `entity_id` gives the entity id of an actor key (`actor_entity_id` for a knowledge
    base seeded from the gazetteer), so answering needs no query; lines are cached.
    """

    def __init__(
        self,
        reader: ClaimReader,
        gazetteer: ActorGazetteer,
        *,
        entity_id: Callable[[str], str] | None = None,
    ) -> None:
        self._reader = reader
        self._gazetteer = gazetteer
        self._successor: dict[str, tuple[str, FuzzyDate | None]] = {}
        self._predecessor: dict[str, str] = {}
        for actor in gazetteer.actors:
            for link in actor.lineage:
                if link.relation == "renamed_from":
                    self._successor[link.actor] = (actor.key, link.date)
                    self._predecessor[actor.key] = link.actor
        to_id = entity_id or actor_entity_id
        self._ids = {actor.key: to_id(actor.key) for actor in gazetteer.actors}
        self._keys: dict[str, str | None] = {entity: key for key, entity in self._ids.items()}
        self._lines: dict[str, tuple[Stage, ...]] = {}

    def line(self, group_id: str) -> tuple[Stage, ...]:
        """The stages of the line `group_id` belongs to, oldest first (itself alone if none)."""
        group_id = self._reader.canonical(group_id)
        if group_id not in self._lines:
            stages = self._stages(self.key_of(group_id))
            if group_id not in {stage.group_id for stage in stages}:
                stages = (Stage(group_id, None),)
            for stage in stages:
                self._lines[stage.group_id] = stages
        return self._lines[group_id]

    def are_kin(self, first: str, second: str, *, on: date | None) -> bool:
        """Same line, or one part of or allied with the other (by the gazetteer, by `on`)."""
        first_line, second_line = self.line(first), self.line(second)
        if first_line == second_line:
            return True
        first_keys = {self.key_of(stage.group_id) for stage in first_line} - {None}
        second_keys = {self.key_of(stage.group_id) for stage in second_line} - {None}
        return self._linked(first_keys, second_keys, on) or self._linked(
            second_keys, first_keys, on
        )

    def key_of(self, entity_id: str) -> str | None:
        """The gazetteer key of an entity, or of one merged with it."""
        if entity_id not in self._keys:
            members = self._reader.members(entity_id)
            self._keys[entity_id] = next(
                (self._keys[m] for m in members if self._keys.get(m)), None
            )
        return self._keys[entity_id]

    def _stages(self, key: str | None) -> tuple[Stage, ...]:
        if key is None:
            return ()
        while key in self._predecessor:
            key = self._predecessor[key]
        stages: list[Stage] = []
        following: tuple[str, FuzzyDate | None] | None = (key, None)
        while following is not None:
            key, since = following
            stages.append(Stage(self._reader.canonical(self._ids[key]), since if stages else None))
            following = self._successor.get(key)
        return tuple(stages)

    def _linked(self, keys: set[str | None], others: set[str | None], on: date | None) -> bool:
        for key in keys:
            assert key is not None
            for link in self._gazetteer.get(key).lineage:
                in_force = link.date is None or on is None or link.date.start <= on
                if link.relation in _KIN_RELATIONS and link.actor in others and in_force:
                    return True
        return False


def actor_entity_id(key: str) -> str:
    """The id `seed_actors` gives an actor: a content id of its key.

    The same as `workflow.gazetteer.actor_entity_id`, which this layer cannot import; a
    test keeps the two equal.
    """
    return content_id("ent", "actor", key)


_CACHE: WeakKeyDictionary[ClaimReader, Lineages] = WeakKeyDictionary()


def lineages_for(reader: ClaimReader) -> Lineages:
    """The lineages of the package's actor gazetteer, kept as long as the reader lives."""
    if reader not in _CACHE:
        _CACHE[reader] = Lineages(reader, _package_gazetteer())
    return _CACHE[reader]


@cache
def _package_gazetteer() -> ActorGazetteer:
    """Parsed once per process: validating the gazetteer costs far more than a query."""
    return load_actors()
