from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.ingest.timestamps import parse_timestamp, read_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2014-06-22", datetime(2014, 6, 22, tzinfo=UTC)),
        ("2016-06-13T16:18:52", datetime(2016, 6, 13, 16, 18, 52, tzinfo=UTC)),
        ("2020-01-01T00:00:00.000Z", datetime(2020, 1, 1, tzinfo=UTC)),
        ("2014-06-22T10:00:00+03:00", datetime(2014, 6, 22, 7, tzinfo=UTC)),
        ("Mon, 23 Jun 2014 08:00:00 +0000", datetime(2014, 6, 23, 8, tzinfo=UTC)),
        ("Wed Oct 10 20:19:24 +0000 2018", datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)),
        ("1465831132", datetime(2016, 6, 13, 15, 18, 52, tzinfo=UTC)),
        (1465831132, datetime(2016, 6, 13, 15, 18, 52, tzinfo=UTC)),
        (date(2014, 6, 1), datetime(2014, 6, 1, tzinfo=UTC)),
        (datetime(2014, 6, 1, 12), datetime(2014, 6, 1, 12, tzinfo=UTC)),
    ],
)
def test_parse_timestamp_reads_common_spellings(value: object, expected: datetime) -> None:
    assert parse_timestamp(value) == expected
    assert parse_timestamp(value).tzinfo is UTC


@pytest.mark.parametrize("value", ["", "yesterday", "2014", "2014-13-40", True, None, [1]])
def test_parse_timestamp_refuses_what_is_not_a_time(value: object) -> None:
    with pytest.raises(ValueError):
        parse_timestamp(value)


def test_read_published_keeps_unreadable_value_as_text() -> None:
    published, metadata = read_published("sometime in June", {"a": 1})
    assert published is None
    assert metadata == {"a": 1, "published_raw": "sometime in June"}
    assert read_published(None, {}) == (None, {})


@settings(max_examples=100, deadline=None)
@given(st.datetimes(timezones=st.just(timezone(timedelta(hours=3)))))
def test_parse_timestamp_iso_round_trips(value: datetime) -> None:
    assert parse_timestamp(value.isoformat()) == value


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_parse_timestamp_arbitrary_text_raises_only_value_error(text: str) -> None:
    try:
        result = parse_timestamp(text)
    except ValueError:
        return
    assert result.tzinfo is UTC
