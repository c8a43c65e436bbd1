"""Control of places over time: who holds which town as of a date, and the claims behind it.

The territory claims of a place (`territory.capture|withdrawal|control|presence|siege|
designation`, and `violence.clash` at the place) are read through the judgements in force
(`ClaimReader`) and put in date order; `query.control_rules` applies the precedence rules to
them (docs/control.md). An undated claim counts from its document's publication date.

The periods are built once and stored (`workflow.control.build_control`, run at the end of
ingestion and extraction): a question reads one stored period per place and cuts it back to
the day asked about. When claims or judgements were added since the periods were built, the
stored ones are stale and the periods are computed from the claims instead, reading only
the claims of the places asked about by the indexed `place_id` and `type` columns. Either
way the answer is the same (docs/control.md, "Speed"). Finding the places inside a province
or district reads the stored places once; keep a `ControlLookups` to reuse it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache

from allegiance.model import AllegianceError, Entity, EntityKind, NotFoundError
from allegiance.model.claim import Hedge, Review
from allegiance.query.claims import ClaimReader, CurrentClaim
from allegiance.query.control_rules import (
    ControlStatus,
    Move,
    Observation,
    Span,
    build_spans,
    span_as_of,
    spans_through,
    support,
)
from allegiance.query.relations import Lineages, lineages_for
from allegiance.store import KnowledgeBase
from allegiance.store.control import CONTROL, StoredObservation, StoredPeriod

__all__ = [
    "AREA_FEATURES",
    "MOVES",
    "ActorRef",
    "AreaControl",
    "ControlChange",
    "ControlLookups",
    "ControlPeriod",
    "ControlStatus",
    "NotAnAreaError",
    "PlaceControl",
    "PlaceDirectory",
    "PlaceRef",
    "RollupLevel",
    "StatusCount",
    "control_as_of",
    "control_changes",
    "control_timeline",
    "derive_control_periods",
    "rollup",
    "weight",
]

MOVES: Mapping[str, Move] = {
    "territory.capture": Move.CAPTURE,
    "territory.withdrawal": Move.WITHDRAWAL,
    "territory.control": Move.CONTROL,
    "territory.presence": Move.PRESENCE,
    "territory.siege": Move.SIEGE,
    "territory.designation": Move.DESIGNATION,
    "violence.clash": Move.CLASH,
}
"""The claim types control is computed from, and what each says happened at the place."""

HEDGE_WEIGHTS: Mapping[Hedge, float] = {
    Hedge.ASSERTED: 1.0,
    Hedge.REPORTED: 0.8,
    Hedge.CLAIMED: 0.6,
    Hedge.ALLEGED: 0.5,
    Hedge.UNCERTAIN: 0.3,
    Hedge.EXPECTED: 0.0,
    Hedge.DENIED: 0.0,
    Hedge.NEGATED: 0.0,
}
"""How much a claim counts, by its hedge. Expected, denied and negated claims count nothing:
they never change a status and are listed beside the period as `other_claim_ids`."""

ACCEPTED_WEIGHT = 1.0
"""An analyst's acceptance makes a hedged claim count as asserted (a denial stays a denial)."""

AREA_FEATURES = frozenset({"admin1", "admin2"})
"""The features of places that `within` and roll-ups treat as areas holding other places."""

_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


class NotAnAreaError(AllegianceError):
    """`within` names a place that holds no other places (a town, or a country's name)."""

    exit_code = 3
    http_status = 422

    def __init__(self, place_id: str, name: str, feature: str | None) -> None:
        super().__init__(
            f"{name} ({place_id}, feature {feature or 'unknown'}) is not a province or "
            "district; give a province, a district or a two-letter country code such as IQ"
        )
        self.place_id = place_id


class RollupLevel(StrEnum):
    COUNTRY = "country"
    PROVINCE = "province"
    DISTRICT = "district"


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor by its canonical entity id and name."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place with the stored attributes roll-ups use (admin1 is the province, admin2 the
    district, both as names)."""

    id: str
    name: str
    feature: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None

    @classmethod
    def of(cls, entity: Entity) -> PlaceRef:
        values = {key: entity.attributes.get(key) for key in ("feature", "country", "admin1")}
        admin2 = entity.attributes.get("admin2")
        text = {key: value if isinstance(value, str) else None for key, value in values.items()}
        return cls(
            entity.id,
            entity.name,
            text["feature"],
            text["country"],
            text["admin1"],
            admin2 if isinstance(admin2, str) else None,
        )


@dataclass(frozen=True, slots=True)
class ControlPeriod:
    """A place's status from `start` to `end` (its last day; None while it lasts).

    `actor` holds, besieges, is present or withdrew (None when contested); `actors` are
    every actor the status names (the sides of a contest); `held_by` holds a besieged place.
    `rule` says which precedence rule set the status. `claim_ids` are the claims behind it,
    `hedges` their hedges and `support` their combined weight; `other_claim_ids` were
    reported meanwhile without changing it (denials, presence of others, expectations).
    """

    place: PlaceRef
    status: ControlStatus
    start: date
    end: date | None
    actor: ActorRef | None
    actors: tuple[ActorRef, ...]
    held_by: ActorRef | None
    rule: str
    claim_ids: tuple[str, ...]
    hedges: tuple[Hedge, ...]
    document_ids: tuple[str, ...]
    support: float
    last_reported: date
    other_claim_ids: tuple[str, ...]

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class PlaceControl:
    """A place's status as of a date; `period` is None when nothing was reported by then."""

    place: PlaceRef
    as_of: date
    period: ControlPeriod | None

    @property
    def status(self) -> ControlStatus:
        return self.period.status if self.period else ControlStatus.UNKNOWN


@dataclass(frozen=True, slots=True)
class ControlChange:
    """A place's status changed on `day`: `after` began, `before` (if any) ended the day before."""

    place: PlaceRef
    day: date
    before: ControlPeriod | None
    after: ControlPeriod


class PlaceDirectory:
    """The stored places and facilities with their admin attributes, read once."""

    def __init__(self, places: Iterable[PlaceRef]) -> None:
        self._places = {place.id: place for place in places}

    @classmethod
    def load(cls, kb: KnowledgeBase) -> PlaceDirectory:
        kinds = (EntityKind.PLACE, EntityKind.FACILITY)
        return cls(PlaceRef.of(entity) for kind in kinds for entity in kb.iter_entities(kind=kind))

    def get(self, place_id: str) -> PlaceRef | None:
        return self._places.get(place_id)

    def inside(self, within: str) -> list[PlaceRef]:
        """The places in a province or district (entity id), or a country (ISO code);
        the area itself included."""
        if _COUNTRY_CODE.match(within):
            return [place for place in self._places.values() if place.country == within]
        area = self._places.get(within)
        if area is None:
            raise NotFoundError("place", within)
        if area.feature not in AREA_FEATURES:
            raise NotAnAreaError(area.id, area.name, area.feature)
        level = "admin1" if area.feature == "admin1" else "admin2"
        name = getattr(area, level) or area.name
        return [
            place
            for place in self._places.values()
            if place.id == area.id
            or (
                getattr(place, level) == name
                and place.country == area.country
                and (level == "admin1" or area.admin1 in (None, place.admin1))
            )
        ]


class ControlLookups:
    """What control reads besides claims, each looked up once and kept: the place directory,
    actors' names, places, documents' publication days.

    None of these change once stored (entities and documents are never rewritten), so one
    instance may serve many calls and readers; make a new one after adding places, for
    `within` to see them.
    """

    def __init__(self) -> None:
        self._directory: PlaceDirectory | None = None
        self._names: dict[str, str] = {}
        self._places: dict[str, PlaceRef] = {}
        self._published: dict[str, date | None] = {}

    def directory(self, kb: KnowledgeBase) -> PlaceDirectory:
        if self._directory is None:
            self._directory = PlaceDirectory.load(kb)
        return self._directory

    def place(self, kb: KnowledgeBase, place_id: str) -> PlaceRef:
        known = self._directory.get(place_id) if self._directory else None
        if known is None and place_id not in self._places:
            self._places[place_id] = PlaceRef.of(kb.get_entity(place_id))
        return known or self._places[place_id]

    def prefetch_publication_days(
        self, kb: KnowledgeBase, claims: Collection[CurrentClaim]
    ) -> None:
        """Look up, in one query, the publication days of the undated claims' documents not
        known yet."""
        undated = {c.document_id for c in claims if c.date is None}
        if missing := undated - self._published.keys():
            self._published |= dict.fromkeys(missing) | kb.publication_days(missing)

    def prefetch_names(self, kb: KnowledgeBase, entity_ids: Collection[str]) -> None:
        """Look up the names of these entities not known yet, in one query."""
        if missing := set(entity_ids) - self._names.keys():
            self._names |= kb.entity_names(missing)

    def name(self, kb: KnowledgeBase, entity_id: str) -> str:
        if entity_id not in self._names:
            self._names[entity_id] = kb.get_entity(entity_id).name
        return self._names[entity_id]

    def publication_day(self, kb: KnowledgeBase, document_id: str) -> date | None:
        if document_id not in self._published:
            published = kb.get_document(document_id).document.published
            self._published[document_id] = published.date() if published else None
        return self._published[document_id]


def control_timeline(
    reader: ClaimReader,
    place_id: str,
    *,
    through: date | None = None,
    lookups: ControlLookups | None = None,
) -> list[ControlPeriod]:
    """Every period of a place's status, oldest first (up to `through` when given)."""
    periods = _Periods(reader, lookups)
    canonical = reader.canonical(place_id)
    spans = periods.timelines([canonical]).get(canonical, [])
    if through is not None:
        spans = spans_through(spans, through)
    return [periods.period(periods.place(canonical), span) for span in spans]


def control_as_of(
    reader: ClaimReader,
    as_of: date,
    within: str | None = None,
    *,
    lookups: ControlLookups | None = None,
) -> list[PlaceControl]:
    """The status on `as_of` of every place with dated territory claims (inside `within`: a
    province or district entity id, or a country code), by country, province and name.

    Pass the same `lookups` to repeated calls: finding the places inside an area reads
    every stored place once.
    """
    periods = _Periods(reader, lookups)
    inside = None
    if within is not None:
        directory = periods.lookups.directory(reader.kb)
        area = within if _COUNTRY_CODE.match(within) else reader.canonical(within)
        inside = {reader.canonical(place.id) for place in directory.inside(area)}
    controls = [
        PlaceControl(
            periods.place(place_id), as_of, periods.period_of(place_id, span, named_on=as_of)
        )
        for place_id, span in periods.as_of(inside, as_of).items()
    ]
    return sorted(controls, key=lambda c: _place_order(c.place))


def control_changes(
    reader: ClaimReader,
    place_ids: Collection[str] | None,
    since: date | None,
    *,
    lookups: ControlLookups | None = None,
) -> list[ControlChange]:
    """Every change of status (of these places, or of all), on or after `since`, by date.

    A place's first reports that settle nothing (only denials) are not a change.
    """
    wanted = None if place_ids is None else {reader.canonical(i) for i in place_ids}
    periods = _Periods(reader, lookups)
    changes = []
    for place_id, spans in periods.timelines(wanted).items():
        place = periods.place(place_id)
        timeline = [periods.period(place, span) for span in spans]
        for before, after in zip([None, *timeline], timeline, strict=False):
            linked = before if before and before.end == _day_before(after.start) else None
            settles = linked is not None or after.status is not ControlStatus.UNKNOWN
            if settles and (since is None or after.start >= since):
                changes.append(ControlChange(place, after.start, linked, after))
    return sorted(changes, key=lambda c: (c.day, _place_order(c.place)))


def derive_control_periods(reader: ClaimReader) -> list[StoredPeriod]:
    """Every place's periods computed from the claims, in the form they are stored in
    (`workflow.control.build_control` stores them)."""
    periods = _Periods(reader, stored=False)
    return [
        StoredPeriod(
            place_id=place_id,
            start=span.start,
            end=span.end,
            status=span.status.value,
            rule=span.rule,
            actor_id=span.actor,
            actors=span.actors,
            held_by_id=span.held_by,
            evidence=tuple(map(_stored_observation, span.evidence)),
            others=tuple(map(_stored_observation, span.others)),
        )
        for place_id, spans in periods.timelines(None).items()
        for span in spans
    ]


class _Periods:
    """The periods of places: read from the stored ones while they are fresh (and the reader
    sees every claim, as they were built from), else computed from the claims the reader
    returns; with names and dates from `lookups`."""

    def __init__(
        self, reader: ClaimReader, lookups: ControlLookups | None = None, *, stored: bool = True
    ) -> None:
        self.reader = reader
        self.lookups = lookups or ControlLookups()
        self.stored = stored and reader.sees_every_claim and stored_control_is_fresh(reader.kb)
        self.lineages: Lineages = lineages_for(reader)

    def timelines(self, place_ids: Collection[str] | None) -> dict[str, list[Span]]:
        """Each place's full timeline (of these places, or of every place when None),
        leaving out places none of whose claims can be dated."""
        if self.stored:
            return self._stored(self.reader.kb.control_periods(place_ids))
        found = {}
        for place_id, claims in self._read(place_ids).items():
            if spans := self._spans(claims):
                found[place_id] = spans
        return found

    def as_of(self, place_ids: Collection[str] | None, day: date) -> dict[str, Span | None]:
        """Each place's period as it read on `day` (None before its first report), for the
        places with a timeline."""
        if self.stored:
            kb = self.reader.kb
            covering = self._stored(kb.control_periods(place_ids, on=day))
            places = kb.control_places(place_ids)
            return {place_id: span_as_of(covering.get(place_id, []), day) for place_id in places}
        found: dict[str, Span | None] = {}
        for place_id, claims in self._read(place_ids).items():
            if not any(map(self._day, claims)):
                continue  # nothing here can be dated: the place has no timeline
            spans = self._spans(claims, through=day)
            current = next((s for s in reversed(spans) if s.end is None or day <= s.end), None)
            found[place_id] = current
        return found

    def place(self, place_id: str) -> PlaceRef:
        return self.lookups.place(self.reader.kb, place_id)

    def period_of(
        self, place_id: str, span: Span | None, *, named_on: date | None = None
    ) -> ControlPeriod | None:
        return None if span is None else self.period(self.place(place_id), span, named_on)

    def _read(self, place_ids: Collection[str] | None) -> dict[str, list[CurrentClaim]]:
        """The territory claims of these places (of all when None) by place, with the names
        and publication days they need looked up together."""
        claims = self.reader.claims(types=list(MOVES), place_ids=place_ids)
        self.lookups.prefetch_publication_days(self.reader.kb, claims)
        named = {c.subject_id for c in claims} | {c.object_id for c in claims if c.object_id}
        self._prefetch_lines(named)
        grouped: dict[str, list[CurrentClaim]] = defaultdict(list)
        for claim in claims:
            if claim.place_id is not None:
                grouped[claim.place_id].append(claim)
        return grouped

    def _stored(self, stored: Mapping[str, list[StoredPeriod]]) -> dict[str, list[Span]]:
        """Stored periods as the rules' spans, with their actors' names looked up at once."""
        found = {
            place_id: [_span(period) for period in periods] for place_id, periods in stored.items()
        }
        actors = {
            actor
            for spans in found.values()
            for span in spans
            for actor in (*span.actors, span.actor, span.held_by)
            if actor
        }
        self._prefetch_lines(actors)
        return found

    def _prefetch_lines(self, actor_ids: Iterable[str]) -> None:
        """Look up at once the names of these actors and of every name their groups went by."""
        stages = {stage.group_id for a in actor_ids for stage in self.lineages.line(a)}
        self.lookups.prefetch_names(self.reader.kb, stages)

    def _organisation(self, actor_id: str) -> str:
        """An actor as the rules compare it: a group renamed (ISIS, the Islamic State from
        29 June 2014) is one actor under its successive names, its first name's entity."""
        return self.lineages.line(actor_id)[0].group_id

    def _spans(self, claims: Iterable[CurrentClaim], *, through: date | None = None) -> list[Span]:
        if through is not None:  # the rules drop later days: skip observing those claims
            claims = (c for c in claims if c.date is None or c.date.start <= through)
        observations = [o for o in map(self._observe, claims) if o is not None]
        return build_spans(observations, through=through)

    def _day(self, claim: CurrentClaim) -> date | None:
        """The day a claim counts from: its own, else its document's publication day."""
        if claim.date is not None:
            return claim.date.start
        return self.lookups.publication_day(self.reader.kb, claim.document_id)

    def _observe(self, claim: CurrentClaim) -> Observation | None:
        """The claim as the rules read it; None when neither it nor its document is dated."""
        day = self._day(claim)
        if day is None:
            return None
        move = _move(claim.type)
        actors: tuple[str, ...] = (self._organisation(claim.subject_id),)
        if move is Move.CLASH and claim.object_id:
            actors = (actors[0], self._organisation(claim.object_id))
        return Observation(
            claim.id, move, actors, day, claim.hedge, weight(claim), claim.document_id
        )

    def _actor(self, actor_id: str | None, day: date) -> ActorRef | None:
        """The actor under the name it went by on `day`."""
        if actor_id is None:
            return None
        named = next(
            stage.group_id
            for stage in reversed(self.lineages.line(actor_id))
            if stage.since is None or stage.since.start <= day
        )
        return ActorRef(named, self.lookups.name(self.reader.kb, named))

    def period(self, place: PlaceRef, span: Span, named_on: date | None = None) -> ControlPeriod:
        """The span with its actors named as on `named_on` (by default, as when it began)."""
        evidence = span.evidence
        day = named_on or span.start
        return ControlPeriod(
            place=place,
            status=span.status,
            start=span.start,
            end=span.end,
            actor=self._actor(span.actor, day),
            actors=tuple(a for a in (self._actor(x, day) for x in span.actors) if a is not None),
            held_by=self._actor(span.held_by, day),
            rule=span.rule,
            claim_ids=tuple(dict.fromkeys(o.claim_id for o in evidence)),
            hedges=tuple(sorted({o.hedge for o in evidence}, key=list(Hedge).index)),
            document_ids=tuple(dict.fromkeys(o.document_id for o in evidence)),
            support=round(support(evidence), 3),
            last_reported=max((o.day for o in [*evidence, *span.others]), default=span.start),
            other_claim_ids=tuple(dict.fromkeys(o.claim_id for o in span.others)),
        )


def stored_control_is_fresh(kb: KnowledgeBase) -> bool:
    """Whether the stored control periods were built from the claims and judgements stored
    now (neither is ever rewritten or deleted, so their counts tell)."""
    built = kb.built_from(CONTROL)
    return built is not None and built == kb.fingerprint()


def _stored_observation(observation: Observation) -> StoredObservation:
    return StoredObservation(
        observation.claim_id,
        observation.day,
        observation.hedge.value,
        observation.weight,
        observation.document_id,
        observation.move.value,
        observation.actors,
    )


def _observation(stored: StoredObservation) -> Observation:
    return Observation(
        stored.claim_id,
        Move(stored.move),
        stored.actors,
        stored.day,
        Hedge(stored.hedge),
        stored.weight,
        stored.document_id,
    )


def _span(period: StoredPeriod) -> Span:
    return Span(
        ControlStatus(period.status),
        period.start,
        period.rule,
        period.actor_id,
        period.actors,
        period.held_by_id,
        list(map(_observation, period.evidence)),
        list(map(_observation, period.others)),
        period.end,
    )


def weight(claim: CurrentClaim) -> float:
    """How much a claim counts for control: by hedge, or as asserted once accepted."""
    by_hedge = HEDGE_WEIGHTS[claim.hedge]
    if claim.review is Review.ACCEPTED and by_hedge > 0:
        return ACCEPTED_WEIGHT
    return by_hedge


@cache
def _move(claim_type: str) -> Move:
    """What a claim of this type (or of a subtype of it) says happened."""
    parts = claim_type.split(".")
    return next(
        MOVES[prefix]
        for prefix in (".".join(parts[:n]) for n in range(len(parts), 0, -1))
        if prefix in MOVES
    )


def _day_before(day: date) -> date:
    return date.fromordinal(day.toordinal() - 1)


def _place_order(place: PlaceRef) -> tuple[str, str, str, str]:
    return (place.country or "~", place.admin1 or "~", place.name.casefold(), place.id)


@dataclass(frozen=True, slots=True)
class StatusCount:
    """The places of an area that share a status and actor, with the claims behind them."""

    status: ControlStatus
    actor: ActorRef | None
    place_ids: tuple[str, ...]
    claim_ids: tuple[str, ...]

    def describe(self) -> str:
        """ "3 places controlled by ISIS", "1 place contested"."""
        count = len(self.place_ids)
        places = f"{count} place{'' if count == 1 else 's'}"
        name = self.actor.name if self.actor else "an unnamed actor"
        phrases = {
            ControlStatus.CONTROLLED: f"controlled by {name}",
            ControlStatus.BESIEGED: f"besieged by {name}",
            ControlStatus.PRESENCE: f"with {name} present",
            ControlStatus.WITHDRAWN: f"unknown after the withdrawal of {name}",
        }
        return f"{places} {phrases.get(self.status, self.status.value)}"


@dataclass(frozen=True, slots=True)
class AreaControl:
    """The statuses of the places in one country, province or district.

    `name` is None for places whose stored attributes name no area at this level
    (facilities often lack a province); `country` is the ISO code.
    """

    level: RollupLevel
    name: str | None
    country: str | None
    counts: tuple[StatusCount, ...]

    @property
    def places(self) -> int:
        return sum(len(count.place_ids) for count in self.counts)

    def summary(self) -> str:
        """ "Nineveh: 3 places controlled by ISIS, 1 place contested"."""
        label = self.name or f"{self.country or 'unknown country'}, no {self.level.value}"
        return f"{label}: " + ", ".join(count.describe() for count in self.counts)


def rollup(controls: Iterable[PlaceControl], level: RollupLevel) -> list[AreaControl]:
    """Count the places' statuses per country, province or district, by their attributes."""
    areas: dict[tuple[str | None, ...], list[PlaceControl]] = defaultdict(list)
    for control in controls:
        areas[_area_key(control.place, level)].append(control)
    return [
        AreaControl(level, key[-1], key[0], _counts(members))
        for key, members in sorted(areas.items(), key=lambda item: [k or "~" for k in item[0]])
    ]


def _area_key(place: PlaceRef, level: RollupLevel) -> tuple[str | None, ...]:
    if level is RollupLevel.COUNTRY:
        return (place.country,)
    if level is RollupLevel.PROVINCE:
        return (place.country, place.admin1)
    return (place.country, place.admin1, place.admin2)


def _counts(controls: list[PlaceControl]) -> tuple[StatusCount, ...]:
    groups: dict[tuple[ControlStatus, ActorRef | None], list[PlaceControl]] = defaultdict(list)
    for control in controls:
        period = control.period
        actor = period.actor if period and period.status is not ControlStatus.CONTESTED else None
        groups[(control.status, actor)].append(control)
    counts = [
        StatusCount(
            status,
            actor,
            tuple(c.place.id for c in members),
            tuple(i for c in members if c.period for i in c.period.claim_ids),
        )
        for (status, actor), members in groups.items()
    ]
    order = list(ControlStatus)
    return tuple(sorted(counts, key=lambda c: (-len(c.place_ids), order.index(c.status))))
