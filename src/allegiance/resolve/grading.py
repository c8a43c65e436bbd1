"""Admiralty grades: source reliability from the publisher, information credibility from the hedge.

The table is data (`resolve/data/grading.yaml`, or a user's file), validated at load.
Corroboration across independent sources raises credibility in the analysis stage.
"""

from __future__ import annotations

import re
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from allegiance.model import ConfigurationError, Grade, Hedge, Source
from allegiance.model.yaml_data import load_yaml

Reliability = Literal["A", "B", "C", "D", "E", "F"]


class PublisherRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    pattern: str
    reliability: Reliability
    kind: str

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern, re.IGNORECASE)


class GradingTable(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    publishers: tuple[PublisherRule, ...]
    sources: dict[str, Reliability]
    credibility: dict[Hedge, int]

    def reliability(self, source: Source | None) -> tuple[Reliability, str]:
        """The reliability letter for a source and the rule's kind that gave it."""
        if source is None:
            return self.sources.get("unknown", "F"), "unknown source"
        if source.kind == "publisher":
            for rule in self.publishers:
                if rule.regex.search(source.name):
                    return rule.reliability, rule.kind
        return self.sources.get(source.kind, self.sources.get("unknown", "F")), source.kind

    def grade(self, source: Source | None, hedge: Hedge) -> Grade:
        letter, _ = self.reliability(source)
        return Grade(letter, self.credibility.get(hedge, 6))


def load_grading(path: Path | None = None) -> GradingTable:
    """The grading table shipped with the package, or the one at `path`."""
    origin = str(path) if path else "resolve/data/grading.yaml"
    try:
        if path is None:
            text = (
                resources.files("allegiance.resolve")
                .joinpath("data/grading.yaml")
                .read_text("utf-8")
            )
        else:
            text = path.read_text(encoding="utf-8")
        table = GradingTable.model_validate(load_yaml(text))
        for rule in table.publishers:
            rule.regex  # noqa: B018 - compile now, so a bad pattern fails at load
    except (OSError, yaml.YAMLError, ValidationError, re.error) as exc:
        raise ConfigurationError(f"grading table {origin}: {exc}") from exc
    return table
