"""Publication times as the formats write them, read into timezone-aware UTC datetimes."""

from __future__ import annotations

import email.utils
import re
from collections.abc import Callable
from datetime import UTC, date, datetime

# Nine digits or more: shorter numbers are more likely years or compact dates than Unix times.
_UNIX_SECONDS = re.compile(r"^\d{9,12}(\.\d+)?$")
# The X/Twitter API v1.1 and many exports: "Wed Oct 10 20:19:24 +0000 2018".
_TWITTER_CLASSIC = "%a %b %d %H:%M:%S %z %Y"


def parse_timestamp(value: object) -> datetime:
    """Read an ISO 8601 or RFC 2822 text, a Unix time, a date or a datetime.

    A time without a zone is taken as UTC (Telegram exports and most CSVs give none);
    a date alone is midnight UTC. Raises ValueError for anything else.
    """
    if isinstance(value, bool):
        raise ValueError(f"not a date or time: {value!r}")
    if isinstance(value, datetime):
        return _to_utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int | float):
        return _from_unix(value)
    if isinstance(value, str):
        return _from_text(value.strip())
    raise ValueError(f"not a date or time: {value!r}")


def _to_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _from_unix(value: float) -> datetime:
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise ValueError(f"Unix time out of range: {value!r}") from exc


def _from_text(text: str) -> datetime:
    if not text:
        raise ValueError("empty date")
    if _UNIX_SECONDS.match(text):
        return _from_unix(float(text))
    parsers: tuple[Callable[[str], datetime], ...] = (
        datetime.fromisoformat,
        email.utils.parsedate_to_datetime,
        _from_twitter_classic,
    )
    for parse in parsers:
        try:
            return _to_utc(parse(text))
        except (TypeError, ValueError, IndexError):
            continue  # this spelling does not fit; the next one may
    raise ValueError(f"not an ISO 8601 or RFC 2822 date: {text!r}")


def _from_twitter_classic(text: str) -> datetime:
    return datetime.strptime(text, _TWITTER_CLASSIC)


def read_published(
    raw: object, metadata: dict[str, object]
) -> tuple[datetime | None, dict[str, object]]:
    """A post's or row's publication time, and its metadata.

    A value that cannot be read does not cost the document: it is kept, as text, under
    `published_raw` in the metadata.
    """
    if raw is None or raw == "":
        return None, metadata
    try:
        return parse_timestamp(raw), metadata
    except ValueError:
        return None, {**metadata, "published_raw": str(raw)}
