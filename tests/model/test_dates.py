from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from allegiance.model import FuzzyDate


def test_fuzzy_date_parse_keeps_month_precision() -> None:
    june = FuzzyDate.parse("2014-06")
    assert june.precision == "month"
    assert (june.start, june.end) == (date(2014, 6, 1), date(2014, 6, 30))
    assert june.to_text() == "2014-06"


def test_fuzzy_date_parse_year_and_day() -> None:
    assert FuzzyDate.parse("2014").end == date(2014, 12, 31)
    assert FuzzyDate.parse("2014-06-22") == FuzzyDate.day(date(2014, 6, 22))


def test_fuzzy_date_week_runs_monday_to_sunday() -> None:
    week = FuzzyDate.week(date(2014, 6, 19))  # a Thursday
    assert (week.start, week.end) == (date(2014, 6, 16), date(2014, 6, 22))


@pytest.mark.parametrize("text", ["", "June 2014", "2014-13", "2014-06-31", "14-06-01"])
def test_fuzzy_date_parse_rejects_malformed(text: str) -> None:
    with pytest.raises(ValueError):
        FuzzyDate.parse(text)


def test_fuzzy_date_rejects_reversed_interval() -> None:
    with pytest.raises(ValueError):
        FuzzyDate(date(2014, 6, 2), date(2014, 6, 1), "day")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_fuzzy_date_text_round_trips(value: date) -> None:
    for fuzzy in (FuzzyDate.day(value), FuzzyDate.month(value.year, value.month)):
        again = FuzzyDate.parse(fuzzy.to_text())
        assert again == fuzzy
        assert again.contains(value)
