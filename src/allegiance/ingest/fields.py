"""Reading fields of decoded JSON and feed records, whose values may have any type."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

JsonObject = Mapping[str, Any]


def text_of(value: object) -> str | None:
    """A non-blank string value, stripped; anything else is absent."""
    return value.strip() or None if isinstance(value, str) else None


def id_of(value: object) -> str | None:
    """An identifier, which exports write as a string or as an integer."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return text_of(value)


def objects_of(value: object) -> list[JsonObject]:
    """The objects in a list value; other items and non-list values give nothing."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]
