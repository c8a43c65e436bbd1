"""Dates that keep their precision: "June 2014" stays a month."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Precision = Literal["day", "week", "month", "year"]
PRECISIONS: tuple[Precision, ...] = ("day", "week", "month", "year")

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """An interval of days with the precision the source gave it."""

    start: date
    end: date
    precision: Precision

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"date interval ends before it starts: {self.start} > {self.end}")
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown date precision {self.precision!r}")

    @classmethod
    def day(cls, value: date) -> FuzzyDate:
        return cls(value, value, "day")

    @classmethod
    def week(cls, value: date) -> FuzzyDate:
        """The ISO week (Monday to Sunday) that contains `value`."""
        monday = value - timedelta(days=value.weekday())
        return cls(monday, monday + timedelta(days=6), "week")

    @classmethod
    def month(cls, year: int, month: int) -> FuzzyDate:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), "month")

    @classmethod
    def year(cls, year: int) -> FuzzyDate:
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """Read "2014", "2014-06" or "2014-06-22", keeping the precision written."""
        match = _ISO.match(text.strip())
        if not match:
            raise ValueError(f"not an ISO date, month or year: {text!r}")
        year, month, day = match.groups()
        if day:
            return cls.day(date(int(year), int(month), int(day)))
        if month:
            return cls.month(int(year), int(month))
        return cls.year(int(year))

    def contains(self, value: date) -> bool:
        return self.start <= value <= self.end

    def to_text(self) -> str:
        """The shortest ISO text that keeps the precision ("2014-06" for a month)."""
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    def to_dict(self) -> dict[str, str]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "precision": self.precision,
        }
