"""`allegiance watch add|list|remove` and `allegiance alerts`: watch rules and their alerts.

`alerts` runs the watch first (new alerts are recorded and sent to webhooks), then prints
new and earlier alerts: a table on a terminal, JSON Lines in a pipe, or an Atom feed.
"""

from __future__ import annotations

import getpass
import sys
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from allegiance.cli.entities import find_entity_id
from allegiance.cli.output import OutputFormat, err_console, print_records
from allegiance.cli.runtime import Runtime
from allegiance.export.atom import to_atom
from allegiance.query.alerts import AlertView
from allegiance.query.changes import ALL_KINDS, WatchKind
from allegiance.store import KnowledgeBase
from allegiance.store.watch import WatchRule
from allegiance.workflow.alerts import WatchSummary, add_watch_rule, alert_views, run_watch

watch_app = typer.Typer(help="Add, list and remove watch rules.", no_args_is_help=True)

OutputOption = Annotated[
    OutputFormat,
    typer.Option("--output", "-o", help="jsonl, table, or auto (a table on a terminal)."),
]


class AlertFormat(StrEnum):
    AUTO = "auto"
    TEXT = "text"
    JSON = "json"
    ATOM = "atom"


class RuleLine(BaseModel):
    id: str
    target_id: str
    target: str
    kinds: list[str]
    webhook_url: str | None
    created_at: datetime
    created_by: str
    removed_at: datetime | None
    removed_by: str | None


@watch_app.command("add")
def add_command(
    ctx: typer.Context,
    target: Annotated[
        str,
        typer.Argument(
            help="An entity id or unique name: a person, group or account, or a place "
            "(a province, district or country covers the places inside it)."
        ),
    ],
    kind: Annotated[
        list[WatchKind] | None,
        typer.Option(
            "--kind",
            "-k",
            help="A kind of change to watch: pledge, defection, control, account-link or "
            "contradiction (repeatable; default all).",
        ),
    ] = None,
    webhook: Annotated[
        str | None,
        typer.Option(help="POST this rule's new alerts here (default: ALLEGIANCE_WEBHOOK_URL)."),
    ] = None,
    author: Annotated[str | None, typer.Option(help="Who adds it (default: login name).")] = None,
    output: OutputOption = OutputFormat.AUTO,
) -> None:
    """Watch an entity or a region for pledges, defections, control changes, linked
    accounts and claims contradicting accepted ones."""
    runtime: Runtime = ctx.obj
    with runtime.sessions()() as session, session.begin():
        kb = KnowledgeBase(session)
        rule = add_watch_rule(
            kb,
            find_entity_id(kb, target),
            kinds=kind or ALL_KINDS,
            webhook_url=webhook,
            author=author or getpass.getuser(),
            now=datetime.now(UTC),
        )
        line = _rule_line(kb, rule)
    print_records([line], output=output, columns=["id", "target", "kinds", "webhook_url"])


@watch_app.command("list")
def list_command(
    ctx: typer.Context,
    all: Annotated[bool, typer.Option("--all", help="Include removed rules.")] = False,
    output: OutputOption = OutputFormat.AUTO,
) -> None:
    """List the watch rules, oldest first."""
    runtime: Runtime = ctx.obj
    with runtime.reading() as kb:
        lines = [_rule_line(kb, rule) for rule in kb.list_watch_rules(include_removed=all)]
    columns = ["id", "target", "kinds", "webhook_url", "created_by", "removed_at"]
    print_records(lines, output=output, columns=columns)


@watch_app.command("remove")
def remove_command(
    ctx: typer.Context,
    rule_id: Annotated[str, typer.Argument(help="The rule's id (wch-…).")],
    author: Annotated[
        str | None, typer.Option(help="Who removes it (default: login name).")
    ] = None,
    output: OutputOption = OutputFormat.AUTO,
) -> None:
    """Stop a watch rule. It stays stored, with who removed it and when, for its alerts."""
    runtime: Runtime = ctx.obj
    with runtime.sessions()() as session, session.begin():
        kb = KnowledgeBase(session)
        line = _rule_line(kb, kb.remove_watch_rule(rule_id, by=author or getpass.getuser()))
    print_records([line], output=output, columns=["id", "target", "removed_at", "removed_by"])


def register(app: typer.Typer) -> None:
    app.add_typer(watch_app, name="watch")

    @app.command("alerts")
    def alerts_command(
        ctx: typer.Context,
        format: Annotated[
            AlertFormat,
            typer.Option(
                "--format",
                "-f",
                help="text (a table), json (JSON Lines), atom (an Atom 1.0 feed), or auto "
                "(a table on a terminal, JSON Lines in a pipe).",
            ),
        ] = AlertFormat.AUTO,
        since: Annotated[
            str | None, typer.Option(help="Only changes dated on or after (YYYY-MM-DD).")
        ] = None,
        rule: Annotated[
            list[str] | None, typer.Option("--rule", help="Only this rule's alerts (repeatable).")
        ] = None,
        new: Annotated[bool, typer.Option("--new", help="Only alerts this run recorded.")] = False,
        run: Annotated[
            bool,
            typer.Option(
                "--run/--no-run", help="Evaluate the rules (and call webhooks) before printing."
            ),
        ] = True,
    ) -> None:
        """Record and deliver new alerts, then print new and earlier ones, newest first.

        Exits with status 1 when a webhook delivery failed or was refused.
        """
        runtime: Runtime = ctx.obj
        console = err_console()
        summary = WatchSummary()
        if run:
            summary = run_watch(runtime.sessions(), settings=runtime.settings)
            print_watch_summary(summary, console)
        with runtime.reading() as kb:
            records = kb.list_alerts(rule_ids=rule, since=_day(since) if since else None)
            if new:
                records = [r for r in records if r.alert.id in summary.new_alert_ids]
            views = alert_views(kb, records, new=summary.new_alert_ids)
        _print_alerts(views, format)
        if summary.failed_deliveries:
            raise typer.Exit(1)


def watch_after_ingest(runtime: Runtime, console: Console) -> None:
    """Run the watch once new documents are stored, so their alerts are recorded and
    sent now (it only reads the rules when there are none)."""
    summary = run_watch(runtime.sessions(), settings=runtime.settings)
    if summary.rules:
        print_watch_summary(summary, console)


def print_watch_summary(summary: WatchSummary, console: Console) -> None:
    """The run in a few lines on stderr: new alerts, deliveries, changes left out."""
    delivered = len(summary.deliveries) - len(summary.failed_deliveries)
    console.print(
        f"watched {summary.rules} rule(s): {len(summary.new_alert_ids)} new alert(s), "
        f"{summary.known_alerts} already recorded; {delivered} webhook delivery(ies) made, "
        f"{len(summary.failed_deliveries)} failed",
        highlight=False,
    )
    for delivery in summary.failed_deliveries:
        console.print(
            f"  [red]{delivery.status}[/] {escape(delivery.alert_id)} → {escape(delivery.url)}: "
            f"{escape(delivery.error or '')} after {delivery.attempts} attempt(s)"
        )
    for skipped in summary.skipped:
        claims = ", ".join(skipped.claim_ids)
        console.print(f"  left out {skipped.kind.value}: {escape(skipped.reason)} ({claims})")


def _print_alerts(views: list[AlertView], format: AlertFormat) -> None:
    if format is AlertFormat.ATOM:
        sys.stdout.buffer.write(to_atom(views, updated=datetime.now(UTC)))
        sys.stdout.buffer.flush()
        return
    output = {
        AlertFormat.AUTO: OutputFormat.AUTO,
        AlertFormat.TEXT: OutputFormat.TABLE,
        AlertFormat.JSON: OutputFormat.JSONL,
    }[format]
    if output is OutputFormat.JSONL or (output is OutputFormat.AUTO and not sys.stdout.isatty()):
        print_records(views, output=OutputFormat.JSONL, columns=[])
        return
    table = Table("recorded", "kind", "date", "alert", "evidence", "webhook")
    for view in views:
        table.add_row(*(escape(cell) for cell in _alert_cells(view)))
    Console().print(table)


def _alert_cells(view: AlertView) -> tuple[str, ...]:
    """One table row, whole: every claim behind the alert keeps its line."""
    delivery = view.delivery
    evidence = "\n".join(
        f"{item.claim_id} in {item.document_id} ({item.role}, {item.hedge}, "
        f"{item.grade or 'ungraded'})"
        for item in view.evidence
    )
    return (
        view.recorded_at.isoformat(timespec="seconds"),
        view.kind + (" (new)" if view.new else ""),
        _date_cell(view.date),
        view.headline,
        evidence,
        "not sent" if delivery is None else f"{delivery.status} after {delivery.attempts}",
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter(f"not a YYYY-MM-DD date: {text!r}", param_hint="--since") from exc


def _date_cell(value: dict[str, str] | None) -> str:
    if value is None:
        return "undated"
    if value["start"] == value["end"]:
        return value["start"]
    return f"{value['start']} to {value['end']} ({value['precision']})"


def _rule_line(kb: KnowledgeBase, rule: WatchRule) -> RuleLine:
    return RuleLine(
        id=rule.id,
        target_id=rule.target_id,
        target=kb.get_entity(rule.target_id).name,
        kinds=list(rule.kinds),
        webhook_url=rule.webhook_url,
        created_at=rule.created_at,
        created_by=rule.created_by,
        removed_at=rule.removed_at,
        removed_by=rule.removed_by,
    )
