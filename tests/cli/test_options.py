from datetime import date

import pytest

from allegiance.cli.options import parse_day
from allegiance.model import ConfigurationError


def test_parse_day_reads_iso_days_and_names_the_option() -> None:
    assert parse_day("2014-06-29") == date(2014, 6, 29)
    assert parse_day(None) is None
    with pytest.raises(ConfigurationError, match="--since takes a day"):
        parse_day("29 June", "--since")
