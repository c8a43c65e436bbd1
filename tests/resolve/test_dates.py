"""Date expressions resolved against a report published on Monday 23 June 2014."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.model import FuzzyDate
from allegiance.resolve.dates import normalise_expression, resolve_date, resolve_dates

PUBLISHED = date(2014, 6, 23)  # a Monday
SATURDAY = date(2014, 6, 21)


def day(month: int, day_of_month: int, year: int = 2014) -> FuzzyDate:
    return FuzzyDate.day(date(year, month, day_of_month))


def resolved(expression: str, previous: FuzzyDate | None = None) -> FuzzyDate | None:
    found = resolve_date(expression, published=PUBLISHED, previous=previous)
    return None if found is None else found.date


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("June 17", day(6, 17)),
        ("21 June 2014", day(6, 21)),
        ("June 21, 2014", day(6, 21)),
        ("21/06/2014", day(6, 21)),
        ("21.06.14", day(6, 21)),
        ("2014-06-21", day(6, 21)),
        ("Sunday, June 21, 2014", day(6, 21)),
        ("(Jan. 22, 2013)", day(1, 22, 2013)),
        ("the 17th", day(6, 17)),
        ("June 2014", FuzzyDate.month(2014, 6)),
        ("2014-06", FuzzyDate.month(2014, 6)),
        ("in June", FuzzyDate.month(2014, 6)),
        ("last June", FuzzyDate.month(2013, 6)),
        ("2014", FuzzyDate.year(2014)),
        ("mid-June", FuzzyDate(date(2014, 6, 11), date(2014, 6, 20), "month")),
        ("late June 2013", FuzzyDate(date(2013, 6, 21), date(2013, 6, 30), "month")),
        ("the end of May", FuzzyDate(date(2014, 5, 21), date(2014, 5, 31), "month")),
        ("17-18 June", FuzzyDate(date(2014, 6, 17), date(2014, 6, 18), "day")),
        ("the 1990s", FuzzyDate(date(1990, 1, 1), date(1999, 12, 31), "year")),
    ],
)
def test_resolve_date_absolute_keeps_precision(expression: str, expected: FuzzyDate) -> None:
    assert resolved(expression) == expected


def test_resolve_date_without_year_takes_the_year_on_or_before_publication() -> None:
    assert resolved("June 23") == day(6, 23)
    assert resolved("June 24") == day(6, 24, 2013)
    assert resolved("Sept. 5") == day(9, 5, 2013)
    assert resolved("Feb. 29") == day(2, 29, 2012)


@pytest.mark.parametrize(
    ("expression", "days_back"),
    [
        ("today", 0),
        ("tonight", 0),
        ("this morning", 0),
        ("yesterday", 1),
        ("Yesterday's", 1),
        ("yesterday afternoon", 1),
        ("last night", 1),
        ("overnight", 1),
        ("two days ago", 2),
        ("3 days ago", 3),
        ("the day before yesterday", 2),
    ],
)
def test_resolve_date_relative_day(expression: str, days_back: int) -> None:
    found = resolve_date(expression, published=PUBLISHED)
    assert found is not None
    assert found.date == FuzzyDate.day(PUBLISHED - timedelta(days=days_back))
    assert (found.rule, found.anchor) == ("relative-day", "published")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("on Sunday", day(6, 22)),
        ("Sunday night", day(6, 22)),
        ("early Sunday", day(6, 22)),
        ("the early hours of Sunday", day(6, 22)),
        ("3 p.m. Saturday", day(6, 21)),
        ("on Monday", day(6, 23)),  # the publication day itself
        ("last Monday", day(6, 16)),
        ("last Tuesday", day(6, 17)),
        ("Tuesday", day(6, 17)),
        ("next Sunday", day(6, 29)),
    ],
)
def test_resolve_date_weekday_is_on_or_before_publication(
    expression: str, expected: FuzzyDate
) -> None:
    found = resolve_date(expression, published=PUBLISHED)
    assert found is not None
    assert (found.date, found.rule) == (expected, "weekday")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("this week", FuzzyDate.week(PUBLISHED)),
        ("earlier this week", FuzzyDate(date(2014, 6, 23), PUBLISHED, "week")),
        ("last week", FuzzyDate.week(date(2014, 6, 16))),
        ("a week ago", FuzzyDate.week(date(2014, 6, 16))),
        ("three weeks ago", FuzzyDate.week(date(2014, 6, 2))),
        ("over the past few days", FuzzyDate(date(2014, 6, 16), PUBLISHED, "week")),
        ("in recent days", FuzzyDate(date(2014, 6, 16), PUBLISHED, "week")),
        ("over the weekend", FuzzyDate(SATURDAY, date(2014, 6, 22), "week")),
        ("last month", FuzzyDate.month(2014, 5)),
        ("earlier this month", FuzzyDate(date(2014, 6, 1), PUBLISHED, "month")),
        ("last year", FuzzyDate.year(2013)),
    ],
)
def test_resolve_date_periods_keep_coarse_precision(expression: str, expected: FuzzyDate) -> None:
    assert resolved(expression) == expected


def test_resolve_date_earlier_this_week_on_a_thursday_runs_from_monday() -> None:
    found = resolve_date("earlier this week", published=date(2014, 6, 26))
    assert found is not None
    assert found.date == FuzzyDate(date(2014, 6, 23), date(2014, 6, 26), "week")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("the day before", day(6, 19)),
        ("The day prior", day(6, 19)),
        ("the following day", day(6, 21)),
        ("the next day", day(6, 21)),
        ("that day", day(6, 20)),
        ("the same day", day(6, 20)),
        ("two days earlier", day(6, 18)),
    ],
)
def test_resolve_date_chained_follows_the_previous_event(
    expression: str, expected: FuzzyDate
) -> None:
    found = resolve_date(expression, published=PUBLISHED, previous=day(6, 20))
    assert found is not None
    assert (found.date, found.rule, found.anchor) == (expected, "chained", "previous-event")


def test_resolve_date_chained_without_previous_event_is_none() -> None:
    assert resolve_date("the day before", published=PUBLISHED) is None


def test_resolve_date_chained_from_a_month_widens_the_month() -> None:
    found = resolved("the day before", previous=FuzzyDate.month(2014, 6))
    assert found == FuzzyDate(date(2014, 5, 31), date(2014, 6, 30), "month")


def test_resolve_date_falls_back_to_dateparser() -> None:
    found = resolve_date("in two days", published=PUBLISHED)
    assert found is not None
    assert (found.date, found.rule) == (day(6, 25), "dateparser")


@pytest.mark.parametrize(
    "expression",
    ["", "2393", "10:30", "six-day", "six days", "for two weeks", "the day", "Ramadan"],
)
def test_resolve_date_unplaceable_is_none(expression: str) -> None:
    assert resolve_date(expression, published=PUBLISHED) is None


def test_resolve_dates_chains_to_the_last_date_of_an_earlier_sentence() -> None:
    results = resolve_dates(
        [("Sunday", 0), ("the day before", 1), ("the next day", 1), ("that day", 2)],
        published=PUBLISHED,
    )
    dates = [None if result is None else result.date for result in results]
    assert dates == [day(6, 22), day(6, 21), day(6, 23), day(6, 23)]


def test_resolve_dates_leaves_an_unchained_first_expression_unresolved() -> None:
    assert resolve_dates([("the day before", 0), ("yesterday", 0)], published=PUBLISHED)[0] is None


def test_normalise_expression_strips_prepositions_and_punctuation() -> None:
    assert normalise_expression("  On   Sunday,") == "sunday"
    assert normalise_expression("(Jan. 22, 2013)") == "jan. 22, 2013"
    assert normalise_expression("in two days") == "in two days"


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=40), published=st.dates())
def test_resolve_date_never_raises(text: str, published: date) -> None:
    found = resolve_date(text, published=published, previous=FuzzyDate.day(published))
    assert found is None or found.expression == text


@settings(deadline=None)
@given(
    published=st.dates(min_value=date(1900, 1, 1)),
    expression=st.sampled_from(
        ["yesterday", "last night", "today", "on Sunday", "last Friday", "3 days ago", "a week ago"]
    )
    | st.integers(1, 400).map(lambda n: f"{n} days ago"),
)
def test_resolve_date_past_expressions_never_after_publication(
    published: date, expression: str
) -> None:
    found = resolve_date(expression, published=published)
    assert found is not None
    assert found.date.start <= published
