"""`allegiance serve` and `allegiance users add|list|set-role|disable|token`.

The first `serve` on a knowledge base without users creates `admin`, with the password
from ALLEGIANCE_ADMIN_PASSWORD or a generated one printed this once; there is no default
password. User changes made here are written to the audit log as `cli:<login name>`.

`allegiance.web` (FastAPI, Starlette) and uvicorn are imported inside the commands: importing
`allegiance.web.auth` runs the package's `__init__`, which builds on FastAPI, and every other
command of the CLI would pay for that at start-up.
"""

from __future__ import annotations

import getpass
import sys
from datetime import UTC, datetime
from typing import Annotated

import typer
from pydantic import BaseModel

from allegiance.cli.output import OutputFormat, print_records
from allegiance.cli.runtime import Runtime
from allegiance.store import KnowledgeBase
from allegiance.store.users import Role

app = typer.Typer(
    help="Add, list, change and disable the web application's users.", no_args_is_help=True
)

NameArgument = Annotated[str, typer.Argument(help="The user's login name.")]


class UserLine(BaseModel):
    name: str
    role: str
    created_at: str
    disabled_at: str | None


def register(root: typer.Typer) -> None:
    root.command()(serve)
    root.add_typer(app, name="users")


def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default: ALLEGIANCE_HOST).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port to listen on (default: ALLEGIANCE_PORT).", min=1)
    ] = None,
) -> None:
    """Serve the web application and its JSON API until interrupted.

    Creates the knowledge base if needed, and on first run the `admin` user.
    """
    import uvicorn

    from allegiance.web import auth, create_app

    runtime: Runtime = ctx.obj
    settings = runtime.settings
    sessions = runtime.sessions(create=True)
    with sessions.begin() as session:
        password = auth.ensure_first_admin(
            KnowledgeBase(session).users, settings, now=datetime.now(UTC)
        )
    if password is not None:
        typer.echo(f"created user {auth.FIRST_ADMIN!r} with password {password}")
        typer.echo("(shown this once; change it by adding a new admin and disabling this one)")
    address, number = host or settings.host, port or settings.port
    typer.echo(f"serving allegiance at http://{address}:{number}/", err=True)
    uvicorn.run(
        create_app(settings, sessions=sessions),
        host=address,
        port=number,
        proxy_headers=True,
        server_header=False,
        log_level="info",
    )


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _now() -> datetime:
    return datetime.now(UTC)


@app.command("add")
def add(
    ctx: typer.Context,
    name: NameArgument,
    role: Annotated[Role, typer.Option(help="viewer, analyst or admin.")] = Role.ANALYST,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="Read the password (12+ characters) from the first line of standard input "
            "instead of generating one.",
        ),
    ] = False,
) -> None:
    """Add a user; a generated password is printed once."""
    from allegiance.web import auth

    runtime: Runtime = ctx.obj
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else auth.new_password()
    with runtime.sessions(create=True).begin() as session:
        user = auth.add_user(
            KnowledgeBase(session).users,
            name,
            role=role,
            password=password,
            actor=_actor(),
            now=_now(),
        )
    typer.echo(f"added {user.name} ({user.role.value})")
    if not password_stdin:
        typer.echo(f"password: {password}")


@app.command("list")
def list_users(
    ctx: typer.Context,
    output: Annotated[
        OutputFormat, typer.Option("--output", "-o", help="jsonl, table, or auto.")
    ] = OutputFormat.AUTO,
) -> None:
    """List users with their role and whether they are disabled."""
    runtime: Runtime = ctx.obj
    with runtime.reading() as kb:
        users = kb.users.list_users()
    lines = [
        UserLine(
            name=u.name,
            role=u.role.value,
            created_at=u.created_at.isoformat(),
            disabled_at=u.disabled_at.isoformat() if u.disabled_at else None,
        )
        for u in users
    ]
    print_records(lines, output=output, columns=["name", "role", "created_at", "disabled_at"])


@app.command("set-role")
def set_role(
    ctx: typer.Context,
    name: NameArgument,
    role: Annotated[Role, typer.Argument(help="viewer, analyst or admin.")],
) -> None:
    """Change what a user may do."""
    from allegiance.web import auth

    runtime: Runtime = ctx.obj
    with runtime.sessions().begin() as session:
        user = auth.set_role(KnowledgeBase(session).users, name, role, actor=_actor(), now=_now())
    typer.echo(f"{user.name} is now {user.role.value}")


@app.command()
def disable(ctx: typer.Context, name: NameArgument) -> None:
    """Disable a user: they cannot log in, their sessions end, their API tokens stop working."""
    from allegiance.web import auth

    runtime: Runtime = ctx.obj
    with runtime.sessions().begin() as session:
        user = auth.disable_user(KnowledgeBase(session).users, name, actor=_actor(), now=_now())
    typer.echo(f"disabled {user.name}")


@app.command()
def token(
    ctx: typer.Context,
    name: NameArgument,
    label: Annotated[str, typer.Option(help="What the token is for.")] = "script",
) -> None:
    """Issue an API token acting as the user; the secret is printed once."""
    from allegiance.web import auth

    runtime: Runtime = ctx.obj
    with runtime.sessions().begin() as session:
        users = KnowledgeBase(session).users
        issued, secret = auth.issue_token(
            users, users.user_by_name(name), label=label, actor=_actor(), now=_now()
        )
    typer.echo(f"token {issued.id} for {name}; send it as `Authorization: Bearer …`", err=True)
    typer.echo(secret)
