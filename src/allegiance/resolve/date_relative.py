"""Dates relative to an anchor: "yesterday", "on Sunday", "earlier this week", "the day before".

Every function takes a normalised expression (see `resolve.dates.normalise_expression`).
Choices, for news reports (which tell what has happened, on the day they are published):

- "today", "tonight", "this morning" are the publication day; "yesterday", "last night" and
  "overnight" the day before it (the night began on the previous calendar day).
- A weekday ("on Sunday", "Sunday night") is the most recent such day on or before the
  publication day: "on Sunday" in a report of Monday is the day before, "on Monday" in a
  report of Monday is that day. "last Sunday" / "this past Sunday" is the most recent one
  strictly before. "next Sunday" is the first one strictly after.
- "this week" is the ISO week (Monday–Sunday) of publication; "earlier this week" the same
  week cut at the publication day; "last week" the ISO week before. "a week ago",
  "three weeks ago" are the ISO weeks holding that day. All have precision "week".
- A span of a few days ("over the past few days", "in recent days", "the past 24 hours")
  is an interval ending at publication with precision "week": the source gives no day.
- Chained expressions ("the day before", "the following day", "that day") shift the date
  of the previous event; when that date is coarser than a day, the interval is widened by
  the shift and keeps its precision.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

from allegiance.model.dates import FuzzyDate, Precision

_ONE_DAY = timedelta(days=1)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {
    word: n
    for n, word in enumerate(
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), 1
    )
} | {"a": 1, "an": 1, "eleven": 11, "twelve": 12, "a couple of": 2, "couple of": 2}
_VAGUE = {"few", "a few", "several", "some", "many", "recent"}
COUNT = r"(?:\d{1,3}|" + "|".join(sorted(_NUMBERS.keys() | _VAGUE, key=len)[::-1]) + ")"
_COUNT = rf"(?P<count>{COUNT})"

_DAY_OFFSETS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "earlier today": 0,
    "later today": 0,
    "yesterday": -1,
    "last night": -1,
    "last evening": -1,
    "overnight": -1,
    "the day before yesterday": -2,
    "tomorrow": 1,
    "the day after tomorrow": 2,
}
_CHAINED_OFFSETS = {
    **dict.fromkeys(("the day before", "the day prior", "the previous day", "the prior day"), -1),
    **dict.fromkeys(("a day earlier", "one day earlier", "the day earlier"), -1),
    **dict.fromkeys(("the night before", "the previous night", "the evening before"), -1),
    **dict.fromkeys(("the following day", "the next day", "the day after", "a day later"), 1),
    **dict.fromkeys(("one day later", "the next morning", "the following morning"), 1),
    **dict.fromkeys(("that day", "the same day", "that night", "that morning"), 0),
    **dict.fromkeys(("that evening", "that afternoon", "the same night"), 0),
    **dict.fromkeys(("earlier that day", "later that day", "earlier in the day"), 0),
}
_CHAINED_WEEKS = {
    **dict.fromkeys(("the week before", "the previous week", "the week prior"), -1),
    **dict.fromkeys(("the following week", "the next week", "the week after"), 1),
}
_WEEKEND = re.compile(r"^(?:(?P<which>this|last|this past|past|the)\s)?weekend$")
_CHAINED_COUNT = re.compile(
    rf"^{_COUNT}\s(?P<unit>day|week)s?\s(?P<direction>earlier|before|prior|later|after)$"
)
_AGO = re.compile(rf"^{_COUNT}\s(?P<unit>day|week|month|year)s?\sago$")
_SPAN = re.compile(
    rf"^(?:(?:in|over|during|for|within)\s)?(?:the\s)?(?:past|last)\s"
    rf"(?:{_COUNT}\s)?(?P<unit>hour|day|night|week|month|year)s?$"
)
# A span's length in days, per unit, and the count assumed when it is vague ("few").
_SPAN_DAYS = {"hour": 1 / 24, "day": 1, "night": 1, "week": 7, "month": 30, "year": 365}
_SPAN_VAGUE = {"hour": 24, "day": 7, "night": 7, "week": 3, "month": 3, "year": 3}
_RECENT_DAYS = re.compile(r"^(?:(?:in|over|during)\s)?recent\s(?:days|weeks)$")
_WEEKDAY = re.compile(
    r"^(?:(?P<which>last|this past|past|this|next)\s)?"
    r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)$"
)
_PERIOD = re.compile(
    r"^(?P<which>this|earlier this|later this|last|the previous)\s"
    r"(?P<unit>week|month|year)$"
)


def is_chained(text: str) -> bool:
    """Whether `text` is dated from the previous event rather than from publication."""
    chained = text in _CHAINED_OFFSETS or text in _CHAINED_WEEKS
    return chained or _CHAINED_COUNT.match(text) is not None


def resolve_chained(text: str, previous: FuzzyDate) -> FuzzyDate | None:
    """ "the day before", "two days later", "that day" relative to the previous event."""
    if text in _CHAINED_OFFSETS:
        return _shift(previous, _CHAINED_OFFSETS[text])
    if text in _CHAINED_WEEKS:
        return FuzzyDate.week(previous.start + timedelta(weeks=_CHAINED_WEEKS[text]))
    match = _CHAINED_COUNT.match(text)
    if match is None:
        return None
    count = _count(match["count"])
    if count is None:
        return None
    days = count * (7 if match["unit"] == "week" else 1)
    sign = -1 if match["direction"] in ("earlier", "before", "prior") else 1
    if match["unit"] == "week":
        return FuzzyDate.week(previous.start + timedelta(days=sign * days))
    return _shift(previous, sign * days)


def resolve_relative_day(text: str, published: date) -> FuzzyDate | None:
    """ "today", "yesterday", "last night", "two days ago"."""
    if text in _DAY_OFFSETS:
        return FuzzyDate.day(published + timedelta(days=_DAY_OFFSETS[text]))
    match = _AGO.match(text)
    if match is None or match["unit"] != "day":
        return None
    count = _count(match["count"])
    if count is None:  # "several days ago": some day of the past week, not yesterday
        return FuzzyDate(published - timedelta(days=7), published - _ONE_DAY, "week")
    return FuzzyDate.day(published - timedelta(days=count))


def resolve_weekday(text: str, published: date) -> FuzzyDate | None:
    """ "Sunday", "last Sunday", "next Sunday" (see the module docstring)."""
    match = _WEEKDAY.match(text)
    if match is None:
        return None
    back = (published.weekday() - WEEKDAYS.index(match["weekday"])) % 7
    which = match["which"]
    if which in ("last", "this past", "past") and back == 0:
        back = 7
    if which == "next":
        back = back - 7 if back else -7
    return FuzzyDate.day(published - timedelta(days=back))


def resolve_period(text: str, published: date) -> FuzzyDate | None:
    """ "this week", "last month", "three weeks ago", "over the past few days"."""
    for rule in (_named_period, _period_ago, _recent_span, _weekend):
        found = rule(text, published)
        if found is not None:
            return found
    return None


def _named_period(text: str, published: date) -> FuzzyDate | None:
    match = _PERIOD.match(text)
    if match is None:
        return None
    which, unit = match["which"], match["unit"]
    back = 1 if which in ("last", "the previous") else 0
    whole = _calendar_period(unit, published, back)
    if which == "earlier this":
        return FuzzyDate(whole.start, published, whole.precision)
    if which == "later this":
        return FuzzyDate(published, whole.end, whole.precision)
    return whole


def _period_ago(text: str, published: date) -> FuzzyDate | None:
    match = _AGO.match(text)
    if match is None or match["unit"] == "day":
        return None
    count = _count(match["count"])
    if count is None:
        return None
    return _calendar_period(match["unit"], published, count)


def _recent_span(text: str, published: date) -> FuzzyDate | None:
    """A span ending at publication ("the past 24 hours", "over the last few days")."""
    if _RECENT_DAYS.match(text):
        return FuzzyDate(published - timedelta(days=7), published, "week")
    match = _SPAN.match(text)
    if match is None:
        return None
    unit = match["unit"]
    count = _count(match["count"]) if match["count"] else 1
    days = math.ceil((count or _SPAN_VAGUE[unit]) * _SPAN_DAYS[unit])
    precision: Precision = "year" if unit == "year" else "month" if unit == "month" else "week"
    return FuzzyDate(published - timedelta(days=days), published, precision)


def _weekend(text: str, published: date) -> FuzzyDate | None:
    """The most recent Saturday–Sunday, cut at publication; "last weekend" during one is
    the weekend before."""
    match = _WEEKEND.match(text)
    if match is None:
        return None
    saturday = published - timedelta(days=(published.weekday() - 5) % 7)
    if match["which"] in ("last", "this past", "past") and published - saturday < timedelta(2):
        saturday -= timedelta(weeks=1)
    return FuzzyDate(saturday, min(saturday + _ONE_DAY, published), "week")


def _calendar_period(unit: str, published: date, back: int) -> FuzzyDate:
    """The week, month or year holding the publication day, `back` periods earlier."""
    if unit == "week":
        return FuzzyDate.week(published - timedelta(weeks=back))
    if unit == "month":
        months = published.year * 12 + published.month - 1 - back
        return FuzzyDate.month(months // 12, months % 12 + 1)
    return FuzzyDate.year(published.year - back)


def _shift(previous: FuzzyDate, days: int) -> FuzzyDate:
    offset = timedelta(days=days)
    if previous.precision == "day":
        return FuzzyDate(previous.start + offset, previous.end + offset, "day")
    start = previous.start + min(offset, timedelta(0))
    end = previous.end + max(offset, timedelta(0))
    return FuzzyDate(start, end, previous.precision)


def _count(word: str | None) -> int | None:
    """A number written in digits or words; None for a vague one ("several")."""
    if word is None or word in _VAGUE:
        return None
    return int(word) if word.isdigit() else _NUMBERS.get(word)
