"""Parsing option values the commands share."""

from __future__ import annotations

from datetime import date

from allegiance.model import ConfigurationError


def parse_day(text: str | None, option: str = "--as-of") -> date | None:
    """The day an option gives as YYYY-MM-DD (None when it was not given)."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigurationError(f"{option} takes a day as YYYY-MM-DD, not {text!r}") from None
