"""Rebuilding what is derived from the claims and judgements (events, control periods)
after a command changed them, and saying what was built."""

from __future__ import annotations

from rich.console import Console

from allegiance.cli.runtime import Runtime
from allegiance.store import KnowledgeBase
from allegiance.workflow.control import ControlBuildSummary, build_control
from allegiance.workflow.events import BuildSummary, build_events


def print_build_summary(
    summary: tuple[BuildSummary, ControlBuildSummary], console: Console
) -> None:
    events, control = summary
    statuses = ", ".join(f"{status.value} {count}" for status, count in events.by_status.items())
    console.print(
        f"built {events.events} event(s) from {events.claims} claim(s), replacing"
        f" {events.replaced}: {statuses}",
        highlight=False,
        markup=False,
    )
    held = ", ".join(f"{status.value} {count}" for status, count in control.by_status.items())
    console.print(
        f"built {control.periods} control period(s) of {control.places} place(s)"
        + (f": {held}" if held else ""),
        highlight=False,
        markup=False,
    )


def rebuild_derived(runtime: Runtime) -> tuple[BuildSummary, ControlBuildSummary]:
    """Recompute and store every event and every place's control periods, in one
    transaction."""
    with runtime.sessions()() as session, session.begin():
        kb = KnowledgeBase(session)
        return build_events(kb), build_control(kb)
