"""Events: the claims that describe one real happening, clustered across documents, with the
origins behind them and how far independent origins corroborate them.

Clustering is pairwise compatibility plus single linkage, in two passes:

1. *firm* claims (dated to a day or a week, at a located place) are joined whenever two
   are compatible (single linkage);
2. *loose* claims (dated to a month or a year, undated, or without a located place) then
   join the cluster with the most firm claims they are compatible with. A loose claim
   never links two clusters and vouches for no other, so a vague "in June" cannot chain
   the month's events into one; loose claims compatible with no cluster form clusters of
   their own in which every two are compatible (complete linkage).

Two claims are compatible when their types belong to one family (`EVENT_FAMILIES`), their
date windows overlap give or take `DATE_SLACK_DAYS`, and either both name places that are
one entity or, both located, lie within `MAX_DISTANCE_KM` of each other, or one has no
located place and every actor it names (subject or object, in either role, so a clash's
sides may be swapped) the other names too. An undated claim's window is the
`UNDATED_LOOKBACK_DAYS` before its document's publication.

A place is located by its coordinates or, for a phrase the resolver kept without any
("control of the al-Qaim border crossing"), by the one located place of the knowledge base
whose name the phrase contains. A claim at a place that stays unlocated is compared through
its *vicinity*, the located places its report names: a located claim it joins must lie
within `MAX_DISTANCE_KM` of one of them. A claim without a located place must name two
actors when it has neither a date nor a vicinity, one otherwise.

Actors are compared as organisations: two gazetteer actors that are one group under
successive names (ISIS, renamed the Islamic State) are one. `statement.denial` claims only
attach to a cluster, and only one with an actor in common; they never start an event.

Every parameter was tuned on `demo/gold.yaml`, the only gold set we have (see
docs/events.md and benchmarks/event_clustering.py).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from allegiance.model import Claim, Corroboration, EntityKind, Event, FuzzyDate, Grade
from allegiance.model.dates import PRECISIONS
from allegiance.model.ids import content_id
from allegiance.query.claims import ClaimReader, CurrentClaim
from allegiance.query.corroboration import (
    ATTACHED_TYPES,
    Origin,
    Provenance,
    SourcedClaim,
    event_credibility,
    event_status,
)

__all__ = [
    "EVENT_FAMILIES",
    "EventCluster",
    "Origin",
    "SourcedClaim",
    "cluster_claims",
    "describe_events",
    "distance_km",
    "effective_grade",
    "effective_grades",
    "event_credibility",
    "event_id",
    "event_status",
    "is_event_type",
]

EVENT_FAMILIES: Mapping[str, str] = {
    # Fighting over a place: the gold puts the assault, the capture and the defenders'
    # withdrawal (and the killings in the fighting) of one place and day in one event.
    **dict.fromkeys(
        (
            "territory.capture",
            "territory.withdrawal",
            "territory.siege",
            "territory.designation",
            "violence.clash",
            "violence.attack",
            "violence.killing",
        ),
        "battle",
    ),
    # Harm to captives: kept apart from the battle for the same town a day earlier
    # (Tikrit falls on 11 June; the Speicher recruits are executed from 12 June).
    **dict.fromkeys(("violence.execution", "violence.abduction"), "atrocity"),
    # Changes of side: a commander's pledge and his unit's defection are one event.
    **dict.fromkeys(
        (
            "allegiance.pledge",
            "allegiance.defection",
            "group.alliance",
            "group.merger",
            "group.split",
            "group.agreement",
        ),
        "alignment",
    ),
}
"""Event-like claim types and the family each belongs to; only one family's claims join.
States (control, presence, membership, rivalry), statements and attributes are not events."""

TYPE_PRIORITY: tuple[str, ...] = (
    "territory.capture",
    "territory.siege",
    "territory.withdrawal",
    "territory.designation",
    "violence.clash",
    "violence.execution",
    "violence.abduction",
    "violence.attack",
    "violence.killing",
    "allegiance.pledge",
    "allegiance.defection",
    "group.merger",
    "group.split",
    "group.alliance",
    "group.agreement",
)
"""An event's type is the first of these among its claims: the outcome, not the means."""

MAX_DISTANCE_KM = 10.0
"""Places this close are one scene: al-Qaim town and its border crossing (4 km), Baiji
and its refinery (5 km); Rawa and Anah, taken the same day, are 13 km apart."""

DATE_SLACK_DAYS = 1
"""Date windows this many days apart still overlap: reports date a night's events to
either day, and "yesterday" is resolved against a publication time zone."""

UNDATED_LOOKBACK_DAYS = 7
"""An undated claim is taken to describe something in the week before its publication: a
weekday ("on Sunday") reaches six days back, and a report recalls what began that week (on
25 June, ISIS "took the Baiji refinery after a week-long siege": the siege of the 18th)."""

FIRM_PRECISIONS = frozenset({"day", "week"})
"""Dates this precise may link clusters; month- and year-dated claims only join one."""

PLACE_KINDS = frozenset({EntityKind.PLACE, EntityKind.FACILITY})
"""Kinds of entity whose coordinates locate a claim."""

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True, slots=True)
class EventCluster:
    """One real happening as the claims describe it, with every source behind it."""

    id: str
    type: str
    members: tuple[SourcedClaim, ...]
    place_id: str | None
    date: FuzzyDate | None
    actor_ids: tuple[str, ...]
    status: Corroboration
    credibility: int

    @property
    def claim_ids(self) -> tuple[str, ...]:
        return tuple(member.claim.id for member in self.members)

    @property
    def document_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(member.claim.document_id for member in self.members))

    @property
    def origins(self) -> tuple[Origin, ...]:
        """Every distinct origin, each counted once however many claims it gave."""
        return tuple(dict.fromkeys(member.origin for member in self.members))

    @property
    def supporting_origins(self) -> tuple[Origin, ...]:
        """The independent origins that state the event happened."""
        return tuple(dict.fromkeys(m.origin for m in self.members if m.supports))

    def to_event(self) -> Event:
        return Event(
            id=self.id,
            type=self.type,
            claim_ids=self.claim_ids,
            place_id=self.place_id,
            date=self.date,
            status=self.status,
        )


@dataclass(frozen=True, slots=True)
class _Facts:
    """What clustering compares about one claim."""

    member: SourcedClaim
    family: str | None
    window: tuple[date, date] | None
    dated: bool
    firm: bool
    coordinates: tuple[float, float] | None
    vicinity: frozenset[tuple[float, float]]  # for a place not located: its report's places
    actors: frozenset[str]


class _Context(Provenance):
    """Provenance, and the coordinates of places, read once for a clustering run."""

    def __init__(self, reader: ClaimReader) -> None:
        super().__init__(reader)
        self._points: dict[str, tuple[EntityKind, tuple[float, float] | None]] = {}
        self._coordinates: dict[str, tuple[float, float] | None] = {}
        self._vicinity: dict[str, frozenset[tuple[float, float]]] = {}

    def coordinates(self, place_id: str) -> tuple[float, float] | None:
        """The place's coordinates, else those of the one located place its name contains
        (see `_named_within`)."""
        if place_id not in self._coordinates:
            own = self._point(place_id)[1]
            self._coordinates[place_id] = own if own is not None else self._named_within(place_id)
        return self._coordinates[place_id]

    def vicinity(self, document_id: str) -> frozenset[tuple[float, float]]:
        """Where the located places a document names are: a claim of it whose place could
        not be located happened near one of them (a report of the capture of "the Iraqi
        side of the border crossing" that names al-Qaim and Albu Kamal)."""
        if document_id not in self._vicinity:
            named = {m.entity_id for m in self.reader.kb.list_mentions(document_id)}
            self._vicinity[document_id] = frozenset(
                located
                for entity_id in named
                if entity_id is not None and (located := self._place_point(entity_id))
            )
        return self._vicinity[document_id]

    def _named_within(self, place_id: str) -> tuple[float, float] | None:
        """Where a place the resolver kept as a bare phrase is, when the phrase names a
        located place of the knowledge base: "control of the al-Qaim border crossing" is
        at the al-Qaim border crossing. The longest runs of words that are a place's name
        or alias win; when they name several located places, the phrase is ambiguous and
        stays unlocated. A run needs a capital letter: names, not common nouns ("side")."""
        entity = self.reader.kb.get_entity(place_id)
        runs = _inner_runs(entity.name, *(alias.name for alias in entity.aliases))
        for size in sorted({len(run) for run in runs}, reverse=True):
            found = {
                located
                for run in runs
                if len(run) == size
                for named in self.reader.kb.find_entities(" ".join(run))
                if (located := self._place_point(named.id))
            }
            if found:
                return found.pop() if len(found) == 1 else None
        return None

    def _place_point(self, entity_id: str) -> tuple[float, float] | None:
        """The coordinates of the place or facility an entity is (merged into), if any."""
        kind, point = self._point(self.reader.canonical(entity_id))
        return point if kind in PLACE_KINDS else None

    def _point(self, entity_id: str) -> tuple[EntityKind, tuple[float, float] | None]:
        if entity_id not in self._points:
            entity = self.reader.kb.get_entity(entity_id)
            lat, lon = entity.attributes.get("lat"), entity.attributes.get("lon")
            point = None
            if isinstance(lat, int | float) and isinstance(lon, int | float):
                point = (float(lat), float(lon))
            self._points[entity_id] = (entity.kind, point)
        return self._points[entity_id]


def _inner_runs(*names: str) -> set[tuple[str, ...]]:
    """The runs of consecutive words of each name, shorter than the name, that hold a
    capital letter."""
    runs: set[tuple[str, ...]] = set()
    for name in names:
        words = tuple(name.split())
        for size in range(1, len(words)):
            for start in range(len(words) - size + 1):
                run = words[start : start + size]
                if any(char.isupper() for word in run for char in word):
                    runs.add(run)
    return runs


def is_event_type(claim_type: str) -> bool:
    """Whether claims of this type are clustered into events (or attach to them)."""
    return claim_type in EVENT_FAMILIES or claim_type in ATTACHED_TYPES


def cluster_claims(
    reader: ClaimReader, claims: Sequence[CurrentClaim] | None = None
) -> list[EventCluster]:
    """Cluster current claims (all of them when `claims` is None) into events.

    Claims of types that are not events are ignored. Events come in order of date, then id.
    """
    context = _Context(reader)
    chosen = [c for c in (reader.claims() if claims is None else claims) if is_event_type(c.type)]
    for current in chosen:  # documents first: a repost's origin is the reposted document's
        context.document(current.document_id)
    facts = sorted((_facts(current, context) for current in chosen), key=_order)
    groups = _link(facts)
    clusters = [_to_cluster(group, context) for group in groups]
    return sorted(clusters, key=lambda c: (c.date.start if c.date else date.max, c.id))


def _facts(current: CurrentClaim, context: _Context) -> _Facts:
    document = context.document(current.document_id)
    window = _window(current.date, document.published)
    named = (current.subject_id, current.object_id)
    actors = frozenset(context.organisation(a) for a in named if a is not None)
    place = current.place_id
    precise = current.date is not None and current.date.precision in FIRM_PRECISIONS
    coordinates = None if place is None else context.coordinates(place)
    unlocated = place is not None and coordinates is None
    return _Facts(
        member=SourcedClaim(current, context.origin(current)),
        family=EVENT_FAMILIES.get(current.type),
        window=window,
        dated=current.date is not None,
        firm=precise and coordinates is not None,
        coordinates=coordinates,
        vicinity=context.vicinity(current.document_id) if unlocated else frozenset(),
        actors=actors,
    )


def _window(when: FuzzyDate | None, published: date | None) -> tuple[date, date] | None:
    if when is not None:
        return (when.start, when.end)
    if published is None:
        return None
    return (published - timedelta(days=UNDATED_LOOKBACK_DAYS), published)


def _order(facts: _Facts) -> tuple[date, str]:
    return (facts.window[0] if facts.window else date.min, facts.member.claim.id)


def _are_compatible(first: _Facts, second: _Facts) -> bool:
    """Whether two claims may describe one happening (see the module's docstring)."""
    if first.family is not None and second.family is not None and first.family != second.family:
        return False
    if first.family is None and second.family is None:
        return False
    if not _dates_overlap(first.window, second.window):
        return False
    return _same_scene(first, second)


def _dates_overlap(first: tuple[date, date] | None, second: tuple[date, date] | None) -> bool:
    if first is None or second is None:
        return True
    slack = timedelta(days=DATE_SLACK_DAYS)
    return first[0] <= second[1] + slack and second[0] <= first[1] + slack


def _same_scene(first: _Facts, second: _Facts) -> bool:
    """Places that are one (or near); without a located place, the same actors.

    A claim without a located place must name no actor the other lacks (a clash between
    ISIS and Nusra somewhere is not ISIS taking Mosul). A denial must also share an actor:
    the denial of one thing at a place is not a denial of everything there.
    """
    here, there = first.member.claim.place_id, second.member.claim.place_id
    if (first.family is None or second.family is None) and not first.actors & second.actors:
        return False
    if here is not None and here == there:
        return True
    if first.coordinates is not None and second.coordinates is not None:
        return distance_km(first.coordinates, second.coordinates) <= MAX_DISTANCE_KM
    return _is_covered(first, second) or _is_covered(second, first)


def _is_covered(unlocated: _Facts, other: _Facts) -> bool:
    """`unlocated` has no located place and names actors, all of which `other` names as
    well (two when it has neither date nor vicinity, one otherwise); with a vicinity, the
    other claim, when located, is near it."""
    if unlocated.coordinates is not None:
        return False
    needed = 1 if unlocated.dated or unlocated.vicinity else 2
    if len(unlocated.actors) < needed or not unlocated.actors <= other.actors:
        return False
    if not unlocated.vicinity or other.coordinates is None:
        return True
    there = other.coordinates
    return any(distance_km(here, there) <= MAX_DISTANCE_KM for here in unlocated.vicinity)


def distance_km(first: tuple[float, float], second: tuple[float, float]) -> float:
    """Great-circle (haversine) distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*first, *second))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _link(facts: Sequence[_Facts]) -> list[list[_Facts]]:
    """Single linkage over firm claims, then loose claims join the cluster they fit best."""
    groups = _single_linkage([f for f in facts if f.firm and f.family is not None])
    leftovers: list[_Facts] = []
    loose_claims = [f for f in facts if not (f.firm and f.family is not None)]
    # placed claims first: those that fit no cluster form theirs before placeless ones come
    loose_claims.sort(key=lambda f: f.member.claim.place_id is None)
    for loose in loose_claims:
        best = _best_group(loose, groups)
        if best is None:
            leftovers.append(loose)
        else:
            best.append(loose)
    for group in _complete_linkage(leftovers):
        if any(f.family is not None for f in group):  # a lone denial is no event
            groups.append(group)
    return groups


def _complete_linkage(facts: Sequence[_Facts]) -> list[list[_Facts]]:
    """Each claim joins the first group it is compatible with throughout, else starts one:
    loose claims do not chain."""
    groups: list[list[_Facts]] = []
    for item in facts:
        home = next((g for g in groups if all(_are_compatible(item, m) for m in g)), None)
        if home is None:
            groups.append([item])
        else:
            home.append(item)
    return groups


def _single_linkage(facts: Sequence[_Facts]) -> list[list[_Facts]]:
    parent = list(range(len(facts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    slack = timedelta(days=DATE_SLACK_DAYS)
    for i, first in enumerate(facts):
        for j in range(i + 1, len(facts)):
            later = facts[j].window
            if (
                first.window is not None
                and later is not None
                and later[0] > first.window[1] + slack
            ):
                break  # sorted by start: no later claim can overlap `first` either
            if _are_compatible(first, facts[j]):
                parent[find(j)] = find(i)
    grouped: dict[int, list[_Facts]] = defaultdict(list)
    for i, item in enumerate(facts):
        grouped[find(i)].append(item)
    return list(grouped.values())


def _best_group(loose: _Facts, groups: Sequence[list[_Facts]]) -> list[_Facts] | None:
    """The group with most firm event claims compatible with `loose` (the earliest on a
    tie).

    Loose members do not vouch: "ISIS attacked" fits every ISIS claim of its week, and an
    undated claim every claim at its place in the week before its report, so letting them
    count would chain a group through them. A denial attaches to an event but draws no
    claim to it.
    """
    best, most = None, 0
    for group in groups:
        count = sum(1 for m in group if m.firm and m.family and _are_compatible(loose, m))
        if count > most:
            best, most = group, count
    return best


def _to_cluster(group: Sequence[_Facts], context: _Context) -> EventCluster:
    members = tuple(sorted((f.member for f in group), key=lambda m: _member_order(m.claim)))
    status = event_status(members, are_rivals=context.are_rivals)
    return EventCluster(
        id=event_id(m.claim.id for m in members),
        type=_representative_type(members),
        members=members,
        place_id=_representative_place(members),
        date=_representative_date(members),
        actor_ids=_actors(members),
        status=status,
        credibility=event_credibility(status, members),
    )


def _member_order(claim: CurrentClaim) -> tuple[date, str]:
    return (claim.date.start if claim.date else date.max, claim.id)


def event_id(claim_ids: Iterable[str]) -> str:
    """A content id of the claim set: the same claims always make the same event id."""
    return content_id("evt", *sorted(set(claim_ids)))


def _representative_type(members: Sequence[SourcedClaim]) -> str:
    present = {m.claim.type for m in members}
    return next(t for t in (*TYPE_PRIORITY, *sorted(present)) if t in present)


def _representative_place(members: Sequence[SourcedClaim]) -> str | None:
    """The place most claims name (the most precise on a tie, then the first named)."""
    places = Counter(m.claim.place_id for m in members if m.claim.place_id is not None)
    if not places:
        return None
    precision = {
        m.claim.place_id: m.claim.claim.place_precision or 3 for m in members if m.claim.place_id
    }
    return min(places, key=lambda p: (-places[p], precision[p]))


def _representative_date(members: Sequence[SourcedClaim]) -> FuzzyDate | None:
    """The most often given date among the most precise ones (the earliest on a tie)."""
    dated = [m.claim.date for m in members if m.claim.date is not None]
    if not dated:
        return None
    finest = min((d.precision for d in dated), key=PRECISIONS.index)
    candidates = Counter(d for d in dated if d.precision == finest)
    return min(candidates, key=lambda d: (-candidates[d], d.start, d.end))


def _actors(members: Sequence[SourcedClaim]) -> tuple[str, ...]:
    named = (a for m in members for a in (m.claim.subject_id, m.claim.object_id) if a is not None)
    return tuple(dict.fromkeys(named))


def effective_grade(event: EventCluster, claim: CurrentClaim | Claim) -> Grade:
    """A claim's grade once its event is weighed: the source's reliability letter kept
    (F when ungraded), the credibility digit the event's. A claim that denies its event
    keeps its own digit: the event's credibility is not that of the denial."""
    member = next((m for m in event.members if m.claim.id == claim.id), None)
    if member is None:
        raise ValueError(f"claim {claim.id} is not part of event {event.id}")
    own = member.claim.grade
    reliability = own.reliability if own else "F"
    if member.denies:
        return Grade(reliability, own.credibility if own else 6)
    return Grade(reliability, event.credibility)


def effective_grades(events: Iterable[EventCluster]) -> dict[str, Grade]:
    """Every clustered claim's effective grade, by claim id (for briefs and exports)."""
    return {m.claim.id: effective_grade(e, m.claim) for e in events for m in e.members}


def describe_events(reader: ClaimReader, events: Sequence[Event]) -> list[EventCluster]:
    """Stored events read as they stand now: their current claims' origins and status.

    An event every one of whose claims has since been rejected or superseded is left out.
    """
    by_id = {current.id: current for current in reader.claims()}
    context = _Context(reader)
    described = []
    for event in events:
        claims = [by_id[claim_id] for claim_id in event.claim_ids if claim_id in by_id]
        for current in claims:
            context.document(current.document_id)
        if claims:
            described.append(_describe(event, [_facts(c, context) for c in claims], context))
    return described


def _describe(event: Event, facts: Sequence[_Facts], context: _Context) -> EventCluster:
    cluster = _to_cluster(facts, context)
    return EventCluster(
        id=event.id,
        type=event.type,
        members=cluster.members,
        place_id=event.place_id,
        date=event.date,
        actor_ids=cluster.actor_ids,
        status=cluster.status,
        credibility=cluster.credibility,
    )
