"""Calendar dates written out: "21 June 2014", "June 17", "21/06/2014", "mid-June", "2014-06".

Every function takes a normalised expression (lower case, single spaces, see
`resolve.dates.normalise_expression`) and the publication date, and returns a FuzzyDate or
None. Choices, for news about armed groups:

- A date without a year ("June 17") takes the year that puts it nearest on or before the
  publication date: reports tell what has happened.
- Numeric dates are day first ("21/06/2014", "21.06.2014"), as in our Middle-Eastern and
  European sources; ISO "2014-06-21" is year first.
- Part of a month keeps precision "month" with a narrowed interval: "early June" is days
  1–10, "mid-June" 11–20, "late June" / "the end of June" 21 to the last day. A ten-day
  window is not a week, and "month" says honestly that the source gave no finer date.
- Part of a year likewise keeps precision "year": early = January–April, mid = May–August,
  late = September–December. A decade ("the 1990s") is a ten-year interval of precision year.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from allegiance.model.dates import FuzzyDate

MONTHS: dict[str, int] = {
    name: number
    for number in range(1, 13)
    for name in {calendar.month_name[number].lower(), calendar.month_abbr[number].lower()}
} | {"sept": 9}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DAY2 = r"(?:\s?(?:-|to|and|until|through)\s?(?P<day2>\d{1,2})(?:st|nd|rd|th)?)?"
_YEAR = r"(?:,?\s(?P<year>\d{4}))?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s)?"

_MONTH_DAY = re.compile(rf"^{_WEEKDAY}{_MONTH}\s{_DAY}{_DAY2}{_YEAR}$")
_DAY_MONTH = re.compile(rf"^{_WEEKDAY}(?:the\s)?{_DAY}{_DAY2}\s(?:of\s)?{_MONTH}{_YEAR}$")
_NUMERIC = re.compile(r"^(?P<day>\d{1,2})([/.\-])(?P<month>\d{1,2})\2(?P<year>\d{4}|\d{2})$")
_ISO_DAY = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
_ISO_MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})$")
_ORDINAL_DAY = re.compile(r"^the\s(?P<day>\d{1,2})(?:st|nd|rd|th)$")
_PART = (
    r"(?:(?:the\s)?(?P<part>early|mid|middle|late|end|beginning|start)(?:\sof)?(?:\sthe)?[\s\-])?"
)
_MONTH_YEAR = re.compile(rf"^(?:(?P<which>this|last)\s)?{_PART}{_MONTH}{_YEAR}$")
_YEAR_ONLY = re.compile(rf"^{_PART}(?P<year>\d{{4}})$")
_DECADE = re.compile(r"^the\s(?P<decade>\d{3}0)s$")

_EARLY, _MID = ("early", "beginning", "start"), ("mid", "middle")
_MONTH_PART_DAYS = {part: (1, 10) for part in _EARLY} | {part: (11, 20) for part in _MID}
_YEAR_PART_MONTHS = {part: (1, 4) for part in _EARLY} | {part: (5, 8) for part in _MID}


def resolve_absolute(text: str, published: date) -> FuzzyDate | None:
    """A calendar date in `text`, or None when `text` is not one."""
    for rule in (_month_day, _numeric, _ordinal_day, _month_year, _year, _decade):
        found = rule(text, published)
        if found is not None:
            return found
    return None


def _month_day(text: str, published: date) -> FuzzyDate | None:
    match = _MONTH_DAY.match(text) or _DAY_MONTH.match(text)
    if match is None:
        return None
    month = MONTHS[match["month"]]
    first, last = int(match["day"]), int(match["day2"] or match["day"])
    year = int(match["year"]) if match["year"] else _year_on_or_before(month, first, published)
    start, end = _safe_date(year, month, first), _safe_date(year, month, last)
    if start is None or end is None or end < start:
        return None
    return FuzzyDate(start, end, "day")


def _numeric(text: str, published: date) -> FuzzyDate | None:
    match = _NUMERIC.match(text) or _ISO_DAY.match(text)
    if match is None:
        month = _ISO_MONTH.match(text)
        if month is None or not 1 <= int(month["month"]) <= 12:
            return None
        return FuzzyDate.month(int(month["year"]), int(month["month"]))
    year = int(match["year"])
    if year < 100:
        year += 2000 if 2000 + year <= published.year + 1 else 1900
    day = _safe_date(year, int(match["month"]), int(match["day"]))
    return None if day is None else FuzzyDate.day(day)


def _ordinal_day(text: str, published: date) -> FuzzyDate | None:
    """ "the 17th": that day of the publication month, or of the month before."""
    match = _ORDINAL_DAY.match(text)
    if match is None:
        return None
    day_number = int(match["day"])
    month_start = published.replace(day=1)
    for _ in range(3):  # the day may not exist in the previous month (the 31st)
        day = _safe_date(month_start.year, month_start.month, day_number)
        if day is not None and day <= published:
            return FuzzyDate.day(day)
        month_start = (month_start - timedelta(days=1)).replace(day=1)
    return None


def _month_year(text: str, published: date) -> FuzzyDate | None:
    match = _MONTH_YEAR.match(text)
    if match is None:
        return None
    month = MONTHS[match["month"]]
    if match["year"]:
        year = int(match["year"])
    else:
        year = published.year if month <= published.month else published.year - 1
        if match["which"] == "last" and month == published.month:
            year -= 1
    if not 1 <= year <= 9999:
        return None
    whole = FuzzyDate.month(year, month)
    part = match["part"]
    if part is None:
        return whole
    first, last = _MONTH_PART_DAYS.get(part, (21, whole.end.day))
    return FuzzyDate(whole.start.replace(day=first), whole.start.replace(day=last), "month")


def _year(text: str, published: date) -> FuzzyDate | None:
    match = _YEAR_ONLY.match(text)
    if match is None:
        return None
    year = int(match["year"])
    if not 1000 <= year <= published.year + 10:  # "2393" is a count, not a year
        return None
    part = match["part"]
    if part is None:
        return FuzzyDate.year(year)
    first, last = _YEAR_PART_MONTHS.get(part, (9, 12))
    return FuzzyDate(date(year, first, 1), FuzzyDate.month(year, last).end, "year")


def _decade(text: str, published: date) -> FuzzyDate | None:
    match = _DECADE.match(text)
    if match is None or int(match["decade"]) > published.year:
        return None
    first = int(match["decade"])
    return FuzzyDate(date(first, 1, 1), date(first + 9, 12, 31), "year")


def _year_on_or_before(month: int, day: int, published: date) -> int:
    """The year that puts month/day nearest on or before the publication date."""
    for year in range(published.year, published.year - 8, -1):  # 29 February: a leap year
        day_in_year = _safe_date(year, month, day)
        if day_in_year is not None and day_in_year <= published:
            return year
    return published.year - 1  # no such day ("June 31"): the caller rejects it


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
