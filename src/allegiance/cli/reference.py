"""The CLI reference in Markdown, generated from the commands themselves (`make docs`).

A test compares `docs/cli.md` with this output, so the reference never drifts from the code.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import typer
from typer.core import TyperGroup

from allegiance.cli.app import app

HEADER = (
    "# CLI reference\n\n"
    "Generated from the commands by `make docs` (`python -m allegiance.cli.reference`); "
    "a test fails when it is out of date.\n"
)


def _commands(group: TyperGroup, path: list[str]) -> Iterator[tuple[list[str], object]]:
    for name in sorted(group.commands):
        command = group.commands[name]
        if command.hidden:
            continue
        yield [*path, name], command
        if isinstance(command, TyperGroup):
            yield from _commands(command, [*path, name])


def _describe(command: object) -> list[str]:
    params = getattr(command, "params", [])
    lines: list[str] = []
    for param in params:
        if param.name == "help":
            continue
        flags = ", ".join(f"`{opt}`" for opt in [*param.opts, *param.secondary_opts])
        kind = "argument" if param.param_type_name == "argument" else "option"
        help_text = " ".join((getattr(param, "help", None) or "").split())
        default = param.default if not param.required else None
        hidden = default is None or default is False or default == [] or default == ()
        shown = "" if hidden else f" Default: `{_plain(default)}`."
        needed = " Required." if param.required else ""
        lines.append(f"- {flags} ({kind}) {help_text}{needed}{shown}".rstrip())
    return lines


def _plain(value: object) -> str:
    return str(value.value) if hasattr(value, "value") else str(value)


def render() -> str:
    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    parts = [HEADER, f"`allegiance` — {root.help}\n"]
    for path, command in _commands(root, []):
        help_text = inspect.cleandoc(getattr(command, "help", None) or "")
        parts.append(f"## `allegiance {' '.join(path)}`\n\n{help_text}\n")
        described = _describe(command)
        if described:
            parts.append("\n".join(described) + "\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
