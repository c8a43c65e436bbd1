"""Resolve date expressions against a document's publication date, keeping their precision.

Our own rules come first (`resolve.date_relative`, `resolve.date_absolute`, whose docstrings
state each choice); dateparser is the fallback, and only ever sees one date expression,
never a whole text. An expression that cannot be placed on the calendar resolves to None,
and so does a duration ("six days"). The main choices, for news style:

- "on Sunday" is the most recent Sunday on or before publication (the publication day
  itself when it is a Sunday); "last night" and "overnight" are the day before publication.
- "June 17" takes the year that puts it on or before publication; "21/06/2014" is day first.
- "June 2014" stays a month; "mid-June" is the 11th–20th with precision month; "this week",
  "a week ago", "over the past few days" have precision week.
- "the day before", "the next day", "that day" shift the date of the previous event.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from dateparser.date import DateDataParser

from allegiance.model.dates import FuzzyDate
from allegiance.resolve.date_absolute import MONTHS, resolve_absolute
from allegiance.resolve.date_relative import (
    COUNT,
    WEEKDAYS,
    is_chained,
    resolve_chained,
    resolve_period,
    resolve_relative_day,
    resolve_weekday,
)

Anchor = Literal["published", "previous-event"]
Rule = Callable[[str, date], FuzzyDate | None]

_RULES: tuple[tuple[str, Rule], ...] = (
    ("relative-day", resolve_relative_day),
    ("weekday", resolve_weekday),
    ("absolute", resolve_absolute),
    ("relative-period", resolve_period),
)
_MAX_CHARS = 80  # longer than any date expression: a mis-found span, not a date

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"[\s\u00a0\u2028\u2029]+")
_POSSESSIVE = re.compile(r"['’]s$")
# "in" is kept before a count: "in two days" is ahead, not two days ago.
_LEADING = re.compile(
    r"^(?:on|at|over|during|from|since|by|of|as of|until|till|early on|late on"
    r"|in(?!\s(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a few|few|several)\s))\s"
)
_CLOCK = re.compile(
    r"(?:(?:at|around|about|shortly after|shortly before|after|before)\s)?"
    r"\d{1,2}(?:[:.]\d{2})?\s?(?:a\.?m\.?|p\.?m\.?|hours|hrs|gmt|utc|local time)(?=\s|$|,)"
)
_TIME_WORDS = r"(?:morning|afternoon|evening|night|dawn|dusk|noon|midnight)"
_DAY_PART_BEFORE = re.compile(
    rf"^(?:(?:early|late)\s(?:on\s)?|(?:the\s)?(?:early\s|pre-?dawn\s)?(?:hours|{_TIME_WORDS})\s"
    r"(?:of\s|on\s)?)"
)
_DAY_PART_AFTER = re.compile(rf"(?:,?\s(?:at|around|in the|before|after)?\s?{_TIME_WORDS})+$")
# "six days", "for two weeks": how long, not when (dateparser would make them dates).
_DURATION = re.compile(
    r"^(?:(?:for|the|about|around|nearly|almost|over|more than|at least|up to)\s)*"
    rf"{COUNT}[\s\-](?:hour|day|night|week|month|year)s?(?:\s(?:long|old))?$"
)
_DATE_WORD = re.compile(
    r"\b(?:" + "|".join((*MONTHS, *WEEKDAYS)) + r"|days?|weeks?|months?|years?|ago|yesterday"
    r"|today|tomorrow|tonight|fortnight)\b|\d{1,4}[/.\-]\d{1,2}"
)


@dataclass(frozen=True)
class DateResolution:
    """Where a date expression points on the calendar, and which rule put it there."""

    date: FuzzyDate
    expression: str
    rule: str
    anchor: Anchor


def resolve_date(
    expression: str, *, published: date, previous: FuzzyDate | None = None
) -> DateResolution | None:
    """Resolve one expression; `previous` is the date of the event in an earlier sentence.

    Chained expressions ("the day before", "the next day", "that day") need `previous` and
    resolve to None without it.
    """
    text = normalise_expression(expression)
    if not text or len(text) > _MAX_CHARS:
        return None
    try:
        return _resolve_text(text, expression, published=published, previous=previous)
    except (ValueError, OverflowError):  # off the calendar: "900 years ago" from year 1
        return None


def resolve_dates(
    expressions: Sequence[tuple[str, int]], *, published: date
) -> list[DateResolution | None]:
    """Resolve a document's (expression, sentence index) pairs, in document order.

    A chained expression is dated from the last date resolved in an earlier sentence.
    """
    results: list[DateResolution | None] = []
    previous: FuzzyDate | None = None
    in_sentence: FuzzyDate | None = None
    sentence_now: int | None = None
    for expression, sentence in expressions:
        if sentence != sentence_now:
            previous = in_sentence or previous
            in_sentence, sentence_now = None, sentence
        found = resolve_date(expression, published=published, previous=previous)
        results.append(found)
        if found is not None:
            in_sentence = found.date
    return results


def normalise_expression(expression: str) -> str:
    """Lower case, plain dashes and spaces, no surrounding punctuation or preposition."""
    text = _DASHES.sub("-", expression.casefold())
    text = _SPACES.sub(" ", text).strip(" ,;:()[]{}\"'")
    text = _POSSESSIVE.sub("", text).rstrip(" ,;:.")
    while (stripped := _LEADING.sub("", text)) != text:
        text = stripped
    return text


def strip_time_of_day(text: str) -> str:
    """ "sunday night" → "sunday", "the early hours of june 21" → "june 21"."""
    text = _CLOCK.sub(" ", text)
    text = _SPACES.sub(" ", text).strip(" ,")
    text = _DAY_PART_AFTER.sub("", _DAY_PART_BEFORE.sub("", text))
    return normalise_expression(text)


def _resolve_text(
    text: str, expression: str, *, published: date, previous: FuzzyDate | None
) -> DateResolution | None:
    for variant in dict.fromkeys((text, strip_time_of_day(text))):
        if is_chained(variant):
            found = None if previous is None else resolve_chained(variant, previous)
            anchor: Anchor = "previous-event"
            return None if found is None else DateResolution(found, expression, "chained", anchor)
        for rule, resolve in _RULES:
            found = resolve(variant, published)
            if found is not None:
                return DateResolution(found, expression, rule, "published")
    found = _parse_with_dateparser(text, published)
    return None if found is None else DateResolution(found, expression, "dateparser", "published")


def _parse_with_dateparser(text: str, published: date) -> FuzzyDate | None:
    """dateparser on the expression alone, for what our rules do not know.

    Strict parsing (day, month and year all required) when the expression has no letters:
    "3-4" is more likely a count than the 3rd of April.
    """
    if not _DATE_WORD.search(text) or _DURATION.match(text):
        return None
    settings = {
        "RELATIVE_BASE": datetime(published.year, published.month, published.day),
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "RETURN_TIME_AS_PERIOD": True,
        "STRICT_PARSING": not any(character.isalpha() for character in text),
    }
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "week":
        return FuzzyDate.week(day)
    if data.period == "month":
        return FuzzyDate.month(day.year, day.month)
    if data.period == "year":
        return FuzzyDate.year(day.year)
    return FuzzyDate.day(day) if data.period == "day" else None  # a bare time of day: no date
