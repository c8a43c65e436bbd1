"""The precedence rules read as of a day: a full timeline cut back to a day is the timeline
built from what had been reported by then (what lets control periods be stored once)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.model.claim import Hedge
from allegiance.query.control import HEDGE_WEIGHTS
from allegiance.query.control_rules import (
    Move,
    Observation,
    Span,
    build_spans,
    span_as_of,
    spans_through,
)

FIRST = date(2014, 6, 1)
DAYS = 40
ACTORS = ("isis", "army", "nusra")


@st.composite
def observations(draw: st.DrawFn) -> list[Observation]:
    count = draw(st.integers(min_value=0, max_value=25))
    found = []
    for number in range(count):
        move = draw(st.sampled_from(list(Move)))
        first = draw(st.sampled_from(ACTORS))
        actors = (first, draw(st.sampled_from(ACTORS))) if move is Move.CLASH else (first,)
        hedge = draw(st.sampled_from(list(Hedge)))
        found.append(
            Observation(
                claim_id=f"clm-{number:03d}",
                move=move,
                actors=actors,
                day=FIRST + timedelta(days=draw(st.integers(min_value=0, max_value=DAYS))),
                hedge=hedge,
                weight=HEDGE_WEIGHTS[hedge],
                document_id=f"doc-{draw(st.integers(min_value=0, max_value=6))}",
            )
        )
    return found


def _reading(span: Span | None) -> tuple[object, ...] | None:
    """What a period says, its end aside (stored periods carry their end; an as-of one is open)."""
    if span is None:
        return None
    return (
        span.status,
        span.start,
        span.rule,
        span.actor,
        span.actors,
        span.held_by,
        [o.claim_id for o in span.evidence],
        [o.claim_id for o in span.others],
    )


@settings(max_examples=300, deadline=None)
@given(observations())
def test_span_as_of_a_day_equals_the_rules_run_up_to_that_day(found: list[Observation]) -> None:
    full = build_spans(found)
    for offset in range(-1, DAYS + 12):
        day = FIRST + timedelta(days=offset)
        through = build_spans(found, through=day)
        current = next((s for s in reversed(through) if s.end is None or day <= s.end), None)
        assert _reading(span_as_of(full, day)) == _reading(current), day


@settings(max_examples=200, deadline=None)
@given(observations())
def test_spans_through_a_day_equal_the_rules_run_up_to_that_day(found: list[Observation]) -> None:
    full = build_spans(found)
    for offset in range(0, DAYS + 12, 3):
        day = FIRST + timedelta(days=offset)
        expected = build_spans(found, through=day)
        cut = spans_through(full, day)
        assert [_reading(s) for s in cut] == [_reading(s) for s in expected], day
        assert [s.end for s in cut[:-1]] == [s.end for s in expected[:-1]]


def test_span_as_of_cuts_later_evidence_and_reopens_the_period() -> None:
    def seen(number: int, move: Move, day: int) -> Observation:
        return Observation(
            f"clm-{number}", move, ("isis",), FIRST + timedelta(days=day), Hedge.ASSERTED, 1.0,
            f"doc-{number}",
        )  # fmt: skip

    full = build_spans(
        [seen(1, Move.CAPTURE, 0), seen(2, Move.CONTROL, 5), seen(3, Move.WITHDRAWAL, 9)]
    )
    assert [s.status.value for s in full] == ["controlled", "withdrawn"]
    held = span_as_of(full, FIRST + timedelta(days=2))
    assert held is not None and held.end is None
    assert [o.claim_id for o in held.evidence] == ["clm-1"]
    assert span_as_of(full, FIRST - timedelta(days=1)) is None
