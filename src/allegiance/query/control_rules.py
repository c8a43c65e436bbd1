"""The precedence rules of control: one place's territory observations, in date order, become
periods of status (controlled, contested, presence, besieged, withdrawn, unknown).

The rules, with examples, are in docs/control.md. In short: a later capture ends an earlier
control; presence never ends control; a withdrawal of the holder leaves the place to whoever
is reported there soon after, else its status is unknown after the withdrawal; hedged claims
weigh less than asserted ones and denied, negated or expected ones weigh nothing (they are
kept beside the period as evidence of contest); conflicting claims on one day make the place
contested, and so do clashes there, for a while.

This module knows nothing of the store or of names: it works on `Observation`s (actor ids,
a day, a weight) and returns `Span`s that `query.control` turns into periods with names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from itertools import groupby
from math import prod

from allegiance.model.claim import Hedge


class ControlStatus(StrEnum):
    CONTROLLED = "controlled"
    CONTESTED = "contested"
    PRESENCE = "presence"
    BESIEGED = "besieged"
    WITHDRAWN = "withdrawn"
    UNKNOWN = "unknown"


class Move(StrEnum):
    """What a claim says happened at a place."""

    CAPTURE = "capture"
    CONTROL = "control"
    WITHDRAWAL = "withdrawal"
    PRESENCE = "presence"
    SIEGE = "siege"
    DESIGNATION = "designation"
    CLASH = "clash"


CONTROL_WEIGHT = 0.5
"""The support a capture or control claim needs to count as holding the place at all: an
uncertain claim alone (0.3) only says the actor is reportedly there, and is read as presence.
Two independent uncertain reports together (0.51) are enough."""

HANDOVER_WEIGHT = 0.7
"""The support a capture needs to end another actor's control, and a withdrawal needs to end
its actor's: reported or asserted claims (or corroborated weaker ones). A weaker capture of a
held place makes it contested instead; a weaker withdrawal changes nothing."""

CONTEST_WINDOW = timedelta(days=14)
"""How long an actor's capture or control claim keeps it a rival: a control claim by another
actor within this many days makes the place contested, not a handover."""

WITHDRAWAL_WINDOW = timedelta(days=7)
"""How long after the holder withdraws an actor reported present takes the place over."""

CLASH_WINDOW = timedelta(days=7)
"""How long clashes at a place keep it contested; then the status before them resumes."""


@dataclass(frozen=True, slots=True)
class Observation:
    """One claim as the rules read it: a move by actors at a place on a day, with a weight.

    `weight` is 0 for denied, negated or expected claims: they never change the status.
    """

    claim_id: str
    move: Move
    actors: tuple[str, ...]
    day: date
    hedge: Hedge
    weight: float
    document_id: str


@dataclass(slots=True)
class Span:
    """A period of one status. `end` is its last day (None while it lasts).

    `actor` is the holder, besieger, actor present or actor that withdrew (None when
    contested); `actors` every actor the status names; `held_by` who holds a besieged place.
    `evidence` are the observations behind the status, `others` those reported meanwhile
    that did not change it. A contest from clashes `lapses` after a day, and the status
    it interrupted `resumes`.
    """

    status: ControlStatus
    start: date
    rule: str
    actor: str | None = None
    actors: tuple[str, ...] = ()
    held_by: str | None = None
    evidence: list[Observation] = field(default_factory=list)
    others: list[Observation] = field(default_factory=list)
    end: date | None = None
    lapses: date | None = None
    resumes: Span | None = None


def support(observations: Iterable[Observation]) -> float:
    """Independent documents corroborate: 1 − Π(1 − w) over documents, each at its best weight."""
    best: dict[str, float] = defaultdict(float)
    for observation in observations:
        best[observation.document_id] = max(best[observation.document_id], observation.weight)
    return 1.0 - prod(1.0 - weight for weight in best.values())


def build_spans(observations: Iterable[Observation], *, through: date | None = None) -> list[Span]:
    """The periods of one place, from its observations up to `through` (all when None)."""
    timeline = _Timeline()
    kept = sorted(
        (o for o in observations if through is None or o.day <= through),
        key=lambda o: (o.day, o.claim_id),
    )
    for day, group in groupby(kept, key=lambda o: o.day):
        timeline.step(day, list(group))
    return timeline.finish(through)


def span_as_of(spans: Iterable[Span], day: date) -> Span | None:
    """The period of a full timeline (`build_spans` without `through`) that was current on
    `day`, as it read then: the same as the last period of `build_spans(..., through=day)`.

    The rules only look back, so a period's status, start, actors and rule on `day` do not
    depend on later reports; later reports only add evidence to it, or end it. Cutting the
    evidence back to what was reported by `day`, and reopening it, gives the period as of
    that day (a property test holds the two ways to agreement).
    """
    for span in spans:
        if span.start <= day and (span.end is None or day <= span.end):
            return _cut(span, day)
    return None


def spans_through(spans: Iterable[Span], through: date) -> list[Span]:
    """A full timeline as it read on `through`: `build_spans(..., through=through)`."""
    kept = [span for span in spans if span.start <= through]
    if kept and (kept[-1].end is None or through <= kept[-1].end):
        kept[-1] = _cut(kept[-1], through)
    return kept


def _cut(span: Span, day: date) -> Span:
    return Span(
        span.status,
        span.start,
        span.rule,
        span.actor,
        span.actors,
        span.held_by,
        [o for o in span.evidence if o.day <= day],
        [o for o in span.others if o.day <= day],
    )


def _by_actor(observations: list[Observation]) -> dict[str, list[Observation]]:
    grouped: dict[str, list[Observation]] = defaultdict(list)
    for observation in observations:
        grouped[observation.actors[0]].append(observation)
    return grouped


class _Timeline:
    """Applies one day's observations after another: withdrawals first (so a same-day capture
    or presence is read as taking over), then captures and control, presence, sieges, clashes."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.current: Span | None = None
        self.backed: dict[str, date] = {}  # last day each actor had a capture/control claim

    def step(self, day: date, group: list[Observation]) -> None:
        self._lapse(day)
        weighed = [o for o in group if o.weight > 0]
        holds = _by_actor([o for o in weighed if o.move in (Move.CAPTURE, Move.CONTROL)])
        strong = {a: e for a, e in holds.items() if support(e) >= CONTROL_WEIGHT}
        faint = [o for a, e in holds.items() if a not in strong for o in e]
        present = [o for o in weighed if o.move in (Move.PRESENCE, Move.DESIGNATION)]
        self._withdrawals(day, [o for o in weighed if o.move is Move.WITHDRAWAL])
        self._holds(day, strong)
        self._presences(day, [*present, *faint])
        self._sieges(day, [o for o in weighed if o.move is Move.SIEGE])
        self._clashes(day, [o for o in weighed if o.move is Move.CLASH])
        self._note(day, [o for o in group if o.weight == 0])

    def finish(self, through: date | None) -> list[Span]:
        self._lapse(through or date.max)
        return [*self.spans, *([self.current] if self.current else [])]

    # Moves

    def _withdrawals(self, day: date, observations: list[Observation]) -> None:
        for actor, evidence in _by_actor(observations).items():
            if support(evidence) < HANDOVER_WEIGHT:
                self._note(day, evidence)
                continue
            self.backed.pop(actor, None)
            self._withdraw(day, actor, evidence)

    def _withdraw(self, day: date, actor: str, evidence: list[Observation]) -> None:
        current, status = self.current, self._status()
        if current is None or status is ControlStatus.UNKNOWN:
            self._start(_withdrawn(day, (actor,), evidence))
        elif status is ControlStatus.WITHDRAWN:
            self._withdraw_again(day, current, actor, evidence)
        elif status is ControlStatus.CONTROLLED and current.actor == actor:
            self._start(_withdrawn(day, (actor,), evidence))
        elif (
            status in (ControlStatus.CONTESTED, ControlStatus.PRESENCE) and actor in current.actors
        ):
            self._leave(day, current, actor, evidence)
        elif status is ControlStatus.BESIEGED and actor == current.held_by:
            self._start(
                _span(
                    ControlStatus.CONTROLLED,
                    day,
                    "holder withdrew from a siege",
                    current.actor,
                    [*current.evidence, *evidence],
                )
            )
        elif status is ControlStatus.BESIEGED and actor == current.actor:
            self._lift_siege(day, current, evidence)
        else:
            self._note(day, evidence)

    def _withdraw_again(
        self, day: date, current: Span, actor: str, evidence: list[Observation]
    ) -> None:
        """One more actor withdrew from a place nobody is known to hold."""
        if actor in current.actors:
            current.evidence.extend(evidence)
        elif current.start == day:
            self._start(_withdrawn(day, (*current.actors, actor), evidence))
        else:
            self._start(_withdrawn(day, (actor,), evidence))

    def _leave(self, day: date, current: Span, actor: str, evidence: list[Observation]) -> None:
        """A contender or an actor present left: the others keep the place, or nobody is known."""
        rest = tuple(a for a in current.actors if a != actor)
        kept = [o for o in current.evidence if o.actors[0] in rest]
        if not rest:
            self._start(_withdrawn(day, (actor,), evidence))
        elif current.status is ControlStatus.PRESENCE:
            self._start(
                _span(
                    ControlStatus.PRESENCE,
                    day,
                    "presence",
                    rest[0],
                    [*kept, *evidence],
                    actors=rest,
                )
            )
        elif len(rest) == 1:
            self._start(
                _span(ControlStatus.CONTROLLED, day, "rival withdrew", rest[0], [*kept, *evidence])
            )
        else:
            self._start(
                _span(
                    ControlStatus.CONTESTED,
                    day,
                    "rival withdrew",
                    None,
                    [*kept, *evidence],
                    actors=rest,
                )
            )

    def _lift_siege(self, day: date, current: Span, evidence: list[Observation]) -> None:
        if current.held_by is None:
            self._start(_withdrawn(day, current.actors, evidence))
            return
        kept = [o for o in current.evidence if o.actors[0] == current.held_by]
        self._start(
            _span(
                ControlStatus.CONTROLLED, day, "siege lifted", current.held_by, [*kept, *evidence]
            )
        )

    def _holds(self, day: date, claims: dict[str, list[Observation]]) -> None:
        for actor in claims:
            self.backed[actor] = day
        if len(claims) > 1:
            ranked = tuple(sorted(claims, key=lambda a: (-support(claims[a]), a)))
            self._start(
                _span(
                    ControlStatus.CONTESTED,
                    day,
                    "conflicting claims on the same day",
                    None,
                    [o for evidence in claims.values() for o in evidence],
                    actors=ranked,
                )
            )
        elif claims:
            ((actor, evidence),) = claims.items()
            self._hold(day, actor, evidence)

    def _hold(self, day: date, actor: str, evidence: list[Observation]) -> None:
        current, status = self.current, self._status()
        capture = any(o.move is Move.CAPTURE for o in evidence)
        rivals = self._rivals(day, actor)
        if current and _holds_it(current, actor):
            current.evidence.extend(evidence)
        elif capture and support(evidence) >= HANDOVER_WEIGHT:
            self._start(_span(ControlStatus.CONTROLLED, day, "capture", actor, evidence))
        elif (
            current
            and status is ControlStatus.BESIEGED
            and current.held_by is None
            and (actor != current.actor)
        ):
            self._start(
                _span(
                    ControlStatus.BESIEGED,
                    day,
                    "held under siege",
                    current.actor,
                    [*current.evidence, *evidence],
                    held_by=actor,
                )
            )
        elif not rivals:
            rule = "capture" if capture else "control"
            self._start(_span(ControlStatus.CONTROLLED, day, rule, actor, evidence))
        elif (
            current
            and status is ControlStatus.CONTESTED
            and ({actor, *rivals} <= set(current.actors))
        ):
            current.evidence.extend(evidence)
        else:
            carried = current.evidence if current and status is not ControlStatus.PRESENCE else []
            self._start(
                _span(
                    ControlStatus.CONTESTED,
                    day,
                    "competing claims",
                    None,
                    [*carried, *evidence],
                    actors=(actor, *sorted(rivals)),
                )
            )

    def _rivals(self, day: date, actor: str) -> set[str]:
        """Actors whose hold stands against `actor`'s claim: recent claims, the holder, or
        the sides of a contest from clashes."""
        rivals = {a for a, last in self.backed.items() if day - last <= CONTEST_WINDOW}
        current, status = self.current, self._status()
        if current and status is ControlStatus.CONTROLLED and current.actor:
            rivals.add(current.actor)
        elif current and status is ControlStatus.BESIEGED and current.held_by:
            rivals.add(current.held_by)
        elif (
            current
            and status is ControlStatus.CONTESTED
            and (current.lapses or actor not in current.actors)
        ):
            rivals.update(current.actors)
        return rivals - {actor}

    def _presences(self, day: date, observations: list[Observation]) -> None:
        for actor, evidence in _by_actor(observations).items():
            current, status = self.current, self._status()
            if current is None or status is ControlStatus.UNKNOWN:
                self._start(_span(ControlStatus.PRESENCE, day, "presence", actor, evidence))
            elif (
                status is ControlStatus.WITHDRAWN
                and actor not in current.actors
                and (day - current.start <= WITHDRAWAL_WINDOW)
            ):
                self._start(
                    _span(
                        ControlStatus.CONTROLLED,
                        day,
                        "reported there after a withdrawal",
                        actor,
                        [*current.evidence, *evidence],
                    )
                )
            elif status is ControlStatus.WITHDRAWN:
                self._start(_span(ControlStatus.PRESENCE, day, "presence", actor, evidence))
            elif status is ControlStatus.PRESENCE and actor not in current.actors:
                self._start(
                    _span(
                        ControlStatus.PRESENCE,
                        day,
                        "presence",
                        current.actor,
                        [*current.evidence, *evidence],
                        actors=(*current.actors, actor),
                    )
                )
            elif actor in current.actors or actor == current.held_by:
                current.evidence.extend(evidence)
            else:
                self._note(day, evidence)

    def _sieges(self, day: date, observations: list[Observation]) -> None:
        for actor, evidence in _by_actor(observations).items():
            current, status = self.current, self._status()
            if current and status is ControlStatus.BESIEGED and current.actor == actor:
                current.evidence.extend(evidence)
            elif current and status is ControlStatus.CONTROLLED and current.actor != actor:
                self._start(
                    _span(
                        ControlStatus.BESIEGED,
                        day,
                        "siege",
                        actor,
                        [*current.evidence, *evidence],
                        held_by=current.actor,
                    )
                )
            elif status in (ControlStatus.UNKNOWN, ControlStatus.WITHDRAWN, ControlStatus.PRESENCE):
                self._start(_span(ControlStatus.BESIEGED, day, "siege", actor, evidence))
            else:
                self._note(day, evidence)

    def _clashes(self, day: date, observations: list[Observation]) -> None:
        if not observations:
            return
        current, status = self.current, self._status()
        if current and status is ControlStatus.CONTESTED:
            current.evidence.extend(observations)
            if current.lapses:
                current.lapses = max(current.lapses, day + CLASH_WINDOW)
            return
        resumes = current if current and status is not ControlStatus.UNKNOWN else None
        sides = list(resumes.actors if resumes else ())
        fighters = {actor for o in observations for actor in o.actors}
        sides += sorted(fighters - set(sides))
        contest = _span(
            ControlStatus.CONTESTED, day, "clashes", None, observations, actors=tuple(sides)
        )
        contest.lapses, contest.resumes = day + CLASH_WINDOW, resumes
        self._start(contest)

    # State keeping

    def _status(self) -> ControlStatus:
        return self.current.status if self.current else ControlStatus.UNKNOWN

    def _note(self, day: date, observations: list[Observation]) -> None:
        """Keep observations that change nothing beside the period they fall in."""
        if not observations:
            return
        if self.current is None:
            self._start(_span(ControlStatus.UNKNOWN, day, "nothing settled", None, []))
        assert self.current is not None
        self.current.others.extend(observations)

    def _start(self, span: Span) -> None:
        """Make `span` the current period; one starting the same day replaces the current
        one and inherits its evidence (a withdrawal and a capture on one day are a handover)."""
        current = self.current
        if current is not None and current.start == span.start:
            span.evidence[:0] = [o for o in current.evidence if o not in span.evidence]
            span.others[:0] = current.others
        elif current is not None:
            current.end = span.start - timedelta(days=1)
            self.spans.append(current)
        self.current = span

    def _lapse(self, day: date) -> None:
        """End a contest from clashes whose window closed before `day`."""
        current = self.current
        if current is None or current.lapses is None or day <= current.lapses:
            return
        resumed = current.resumes
        if resumed is None:
            current.end = current.lapses
            self.spans.append(current)
            self.current = None
            return
        again = _span(
            resumed.status,
            current.lapses + timedelta(days=1),
            "clashes lapsed",
            resumed.actor,
            list(resumed.evidence),
            actors=resumed.actors,
            held_by=resumed.held_by,
        )
        self._start(again)


def _span(
    status: ControlStatus,
    day: date,
    rule: str,
    actor: str | None,
    evidence: list[Observation],
    *,
    actors: tuple[str, ...] | None = None,
    held_by: str | None = None,
) -> Span:
    """A new period; `actors` defaults to the one actor named."""
    named = actors if actors is not None else ((actor,) if actor else ())
    unique = list(dict.fromkeys(evidence))
    return Span(status, day, rule, actor, tuple(dict.fromkeys(named)), held_by, unique)


def _withdrawn(day: date, actors: tuple[str, ...], evidence: list[Observation]) -> Span:
    """Nobody is known to hold the place after these actors withdrew."""
    return _span(ControlStatus.WITHDRAWN, day, "withdrawal", actors[-1], evidence, actors=actors)


def _holds_it(span: Span, actor: str) -> bool:
    """Whether `actor` is the one holding the place in this period (besieged or not)."""
    if span.status is ControlStatus.CONTROLLED:
        return span.actor == actor
    return span.status is ControlStatus.BESIEGED and span.held_by == actor
