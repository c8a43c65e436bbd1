"""`allegiance entities list|show|aliases|merge|split`: look at entities and correct them.

Merges and splits are judgements (who, when, why); nothing stored is rewritten.
"""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime
from typing import Annotated

import typer
from pydantic import BaseModel

from allegiance.cli.derived import print_build_summary, rebuild_derived
from allegiance.cli.output import OutputFormat, err_console, print_records
from allegiance.cli.runtime import Runtime
from allegiance.export.jsonl import to_entity_record
from allegiance.model import EntityKind, Judgement, NotFoundError
from allegiance.query.entities import assemble_entity, merge_entities, split_entities
from allegiance.store import KnowledgeBase

app = typer.Typer(help="List, show, merge and split entities.", no_args_is_help=True)

OutputOption = Annotated[
    OutputFormat,
    typer.Option("--output", "-o", help="jsonl, table, or auto (a table on a terminal)."),
]
AuthorOption = Annotated[str | None, typer.Option(help="Who decides (default: the login name).")]
ReasonOption = Annotated[str, typer.Option(help="Why: kept with the judgement.")]


class EntityLine(BaseModel):
    id: str
    kind: str
    name: str
    aliases: int


class AliasLine(BaseModel):
    name: str
    script: str
    language: str | None
    kind: str
    seen_in: str | None


class JudgementLine(BaseModel):
    id: str
    kind: str
    subjects: list[str]
    decision: str
    author: str
    created: str
    reason: str
    undoes: str | None


def find_entity_id(kb: KnowledgeBase, reference: str) -> str:
    """An entity by id, or by a name or alias when exactly one entity has it."""
    if reference.startswith("ent-"):
        return kb.get_entity(reference).id
    found = kb.find_entities(reference)
    named = [entity for entity in found if entity.name.casefold() == reference.casefold()]
    if len(found) == 1 or len(named) == 1:
        return (named or found)[0].id
    if not found:
        raise NotFoundError("entity", reference)
    names = ", ".join(f"{entity.id} ({entity.kind.value})" for entity in found[:5])
    raise NotFoundError("single entity named", f"{reference}; candidates: {names}")


@app.command("list")
def list_entities(
    ctx: typer.Context,
    kind: Annotated[EntityKind | None, typer.Option(help="Only this kind.")] = None,
    limit: Annotated[int, typer.Option(help="How many at most.", min=1)] = 100,
    offset: Annotated[int, typer.Option(help="How many to pass over first.", min=0)] = 0,
    output: OutputOption = OutputFormat.AUTO,
) -> None:
    """List entities by name."""
    runtime: Runtime = ctx.obj
    with runtime.reading() as kb:
        entities = kb.list_entities(kind=kind, limit=limit, offset=offset)
        lines = [EntityLine(id=e.id, kind=e.kind.value, name=e.name, aliases=len(e.aliases))
                 for e in entities]  # fmt: skip
    print_records(lines, output=output, columns=["id", "kind", "name", "aliases"])


@app.command()
def show(
    ctx: typer.Context,
    entity: Annotated[str, typer.Argument(help="An entity id, or a name only one entity has.")],
) -> None:
    """Print an entity, with the aliases of everything merged into it, as JSON."""
    runtime: Runtime = ctx.obj
    with runtime.reading() as kb:
        view = assemble_entity(kb, find_entity_id(kb, entity))
    record = to_entity_record(view.entity).model_dump(mode="json")
    record["members"] = list(view.members)
    record["judgements"] = [_judgement_line(j).model_dump() for j in view.judgements]
    typer.echo(json.dumps(record, ensure_ascii=False, indent=2))


@app.command()
def aliases(
    ctx: typer.Context,
    entity: Annotated[str, typer.Argument(help="An entity id, or a name only one entity has.")],
    output: OutputOption = OutputFormat.AUTO,
) -> None:
    """List an entity's names by script, with where each was first seen."""
    runtime: Runtime = ctx.obj
    with runtime.reading() as kb:
        view = assemble_entity(kb, find_entity_id(kb, entity))
    lines = [
        AliasLine(name=view.entity.name, script="", language=None, kind="canonical", seen_in=None),
        *(
            AliasLine(name=a.name, script=a.script.value, language=a.language, kind=a.kind,
                      seen_in=a.seen_in)
            for a in sorted(view.entity.aliases, key=lambda alias: (alias.script, alias.name))
        ),
    ]  # fmt: skip
    print_records(lines, output=output, columns=["name", "script", "language", "kind", "seen_in"])


@app.command()
def merge(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="The entity to merge (id or unique name).")],
    target: Annotated[str, typer.Argument(help="The entity it is the same as; it stays.")],
    reason: ReasonOption,
    author: AuthorOption = None,
) -> None:
    """Record that two entities are one (a judgement; undo it with `split`).

    Events and control periods are rebuilt afterwards, so they see the merge.
    """
    judgements = _judge(ctx, source, target, reason=reason, author=author, merging=True)
    _print_judgements(judgements)


@app.command()
def split(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(help="An entity (id or unique name).")],
    second: Annotated[str, typer.Argument(help="The entity it is not the same as.")],
    reason: ReasonOption,
    author: AuthorOption = None,
) -> None:
    """Undo the merges joining two entities and record that they differ (blocks re-merging).

    Events and control periods are rebuilt afterwards, as after `merge`.
    """
    judgements = _judge(ctx, first, second, reason=reason, author=author, merging=False)
    _print_judgements(judgements)


def _judge(
    ctx: typer.Context, first: str, second: str, *, reason: str, author: str | None, merging: bool
) -> list[Judgement]:
    runtime: Runtime = ctx.obj
    who = author or getpass.getuser()
    now = datetime.now(UTC)
    with runtime.sessions()() as session, session.begin():
        kb = KnowledgeBase(session)
        a, b = find_entity_id(kb, first), find_entity_id(kb, second)
        if merging:
            judgements = [merge_entities(kb, a, b, author=who, reason=reason, now=now)]
        else:
            judgements = split_entities(kb, a, b, author=who, reason=reason, now=now)
    print_build_summary(rebuild_derived(runtime), err_console())
    return judgements


def _judgement_line(judgement: Judgement) -> JudgementLine:
    return JudgementLine(
        id=judgement.id,
        kind=judgement.kind.value,
        subjects=list(judgement.subjects),
        decision=judgement.decision,
        author=judgement.author,
        created=judgement.created.isoformat(),
        reason=judgement.reason,
        undoes=judgement.undoes,
    )


def _print_judgements(judgements: list[Judgement]) -> None:
    for judgement in judgements:
        typer.echo(_judgement_line(judgement).model_dump_json())
    err_console().print(f"recorded {len(judgements)} judgement(s)", highlight=False)
