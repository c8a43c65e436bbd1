"""`allegiance accounts list|links|confirm|reject|undo`: accounts and the links between them.

Links are proposed with their score and every clue behind it; an analyst's decision is a
judgement (who, when, why) and a confirmed link yields `account.link` and
`account.operator` claims. See docs/accounts.md.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

import typer
from pydantic import BaseModel

from allegiance.cli.derived import print_build_summary, rebuild_derived
from allegiance.cli.output import OutputFormat, err_console, print_records
from allegiance.cli.runtime import Runtime
from allegiance.query.account_features import Feature
from allegiance.query.accounts import (
    DEFAULT_MIN_SCORE,
    AccountOverview,
    LinkCandidate,
    account_overviews,
    find_account,
    link_candidates,
)
from allegiance.store import KnowledgeBase
from allegiance.workflow.accounts import LinkDecision, confirm_link, reject_link, undo_link

app = typer.Typer(help="List accounts; propose, confirm and reject links.", no_args_is_help=True)

OutputOption = Annotated[
    OutputFormat,
    typer.Option("--output", "-o", help="jsonl, table, or auto (a table on a terminal)."),
]
AccountArgument = Annotated[str, typer.Argument(help="An account: its handle or entity id.")]
AuthorOption = Annotated[str | None, typer.Option(help="Who decides (default: the login name).")]
ReasonOption = Annotated[str, typer.Option(help="Why: kept with the judgement.")]
Decide = Callable[..., LinkDecision]


class AccountLine(BaseModel):
    id: str
    handle: str
    platform: str | None
    first_post: str | None
    last_post: str | None
    posts: int
    operators: list[str]
    operator_claims: list[str]
    linked: list[str]


class FeatureLine(BaseModel):
    name: str
    value: float
    explanation: str
    evidence: list[str]


class LinkLine(BaseModel):
    score: float
    coverage: float
    first: str
    second: str
    first_id: str
    second_id: str
    clues: str
    features: list[FeatureLine]
    not_measured: list[str]
    evidence: list[str]


class DecisionLine(BaseModel):
    first: str
    second: str
    score: float
    judgements: list[str]
    decisions: list[str]
    claims: list[str]


@app.command("list")
def list_accounts(ctx: typer.Context, output: OutputOption = OutputFormat.AUTO) -> None:
    """List accounts with platform, first and last post, operators and confirmed links."""
    runtime: Runtime = ctx.obj
    with runtime.reading() as kb:
        overviews = account_overviews(kb)
    handles = {o.profile.account_id: o.profile.handle for o in overviews}
    lines = [_account_line(overview, handles) for overview in overviews]
    columns = ["handle", "platform", "first_post", "last_post", "posts", "operators", "linked"]
    print_records(lines, output=output, columns=columns)


def _account_line(overview: AccountOverview, handles: dict[str, str]) -> AccountLine:
    profile = overview.profile
    return AccountLine(
        id=profile.account_id,
        handle=f"@{profile.handle}",
        platform=profile.platform,
        first_post=overview.first_post.day.isoformat() if overview.first_post else None,
        last_post=overview.last_post.day.isoformat() if overview.last_post else None,
        posts=overview.posts,
        operators=sorted({operator.name for operator in profile.operators}),
        operator_claims=[operator.claim_id for operator in profile.operators],
        linked=[f"@{handles.get(link.account_id, link.account_id)}" for link in overview.links],
    )


@app.command()
def links(
    ctx: typer.Context,
    min_score: Annotated[
        float, typer.Option(help="Only candidates scoring at least this (0..1).", min=0, max=1)
    ] = DEFAULT_MIN_SCORE,
    account: Annotated[
        str | None, typer.Option(help="Only candidates involving this account.")
    ] = None,
    output: OutputOption = OutputFormat.AUTO,
) -> None:
    """List proposed links, best first, with every clue's value, explanation and evidence.

    Pairs already confirmed or rejected are not proposed again.
    """
    runtime: Runtime = ctx.obj
    with runtime.reading() as kb:
        accounts = [find_account(kb, account)] if account else None
        candidates = link_candidates(kb, min_score=min_score, accounts=accounts)
    lines = [_link_line(candidate) for candidate in candidates]
    print_records(lines, output=output, columns=["score", "first", "second", "coverage", "clues"])


def _link_line(candidate: LinkCandidate) -> LinkLine:
    return LinkLine(
        score=candidate.score,
        coverage=candidate.coverage,
        first=f"@{candidate.first_handle}",
        second=f"@{candidate.second_handle}",
        first_id=candidate.first,
        second_id=candidate.second,
        clues="; ".join(f"{f.name} {f.value:.2f}" for f in candidate.features),
        features=[_feature_line(feature) for feature in candidate.features],
        not_measured=list(candidate.not_measured),
        evidence=list(candidate.evidence),
    )


def _feature_line(feature: Feature) -> FeatureLine:
    return FeatureLine(
        name=feature.name,
        value=feature.value,
        explanation=feature.explanation,
        evidence=list(feature.evidence),
    )


@app.command()
def confirm(
    ctx: typer.Context,
    first: AccountArgument,
    second: AccountArgument,
    reason: ReasonOption,
    author: AuthorOption = None,
) -> None:
    """Record that two accounts have one operator; derive account.link/operator claims."""
    _decide(ctx, confirm_link, first, second, reason=reason, author=author)


@app.command()
def reject(
    ctx: typer.Context,
    first: AccountArgument,
    second: AccountArgument,
    reason: ReasonOption,
    author: AuthorOption = None,
) -> None:
    """Record that two accounts have different operators (undoes a confirmation first)."""
    _decide(ctx, reject_link, first, second, reason=reason, author=author)


@app.command()
def undo(
    ctx: typer.Context,
    first: AccountArgument,
    second: AccountArgument,
    reason: ReasonOption,
    author: AuthorOption = None,
) -> None:
    """Withdraw the confirmation or rejection in force for two accounts."""
    _decide(ctx, undo_link, first, second, reason=reason, author=author)


def _decide(
    ctx: typer.Context, decide: Decide, first: str, second: str, *, reason: str, author: str | None
) -> None:
    runtime: Runtime = ctx.obj
    with runtime.sessions()() as session, session.begin():
        kb = KnowledgeBase(session)
        a, b = find_account(kb, first), find_account(kb, second)
        who = author or getpass.getuser()
        decision = decide(kb, a, b, author=who, reason=reason, now=datetime.now(UTC))
    print_build_summary(rebuild_derived(runtime), err_console())
    candidate = decision.candidate
    line = DecisionLine(
        first=f"@{candidate.first_handle}",
        second=f"@{candidate.second_handle}",
        score=candidate.score,
        judgements=[judgement.id for judgement in decision.judgements],
        decisions=[judgement.decision for judgement in decision.judgements],
        claims=[claim.id for claim in decision.claims],
    )
    typer.echo(line.model_dump_json())
    err_console().print(
        f"recorded {len(decision.judgements)} judgement(s); {len(decision.claims)} claim(s) "
        f"{'derived' if decide is confirm_link else 'withdrawn'}",
        highlight=False,
    )
