"""ACLED's event types and sub-event types with their CASE 2021 codes and cue lexicons.

The catalogue is data (`nlp/data/acled_types.yaml`), validated at load. It also lists the
CASE 2021 categories outside ACLED's taxonomy (ORG_CRIME, NATURAL_DISASTER, …): an
`EventType` with one of those codes has no ACLED event type.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from allegiance.model.errors import TaxonomyError
from allegiance.model.taxonomy import AcledEventType
from allegiance.model.yaml_data import load_yaml

Method = Literal["rules", "model"]
CONJUNCTION = " + "


@dataclass(frozen=True)
class EventType:
    """An ACLED event type and sub-event type for a description, with how it was found.

    `event_type` and `sub_event_type` are None for the CASE categories outside ACLED
    (`code` still names them). `score` is in [0, 1]: a probability for the model, a cue
    strength for the rules. `evidence` lists the matched cues or the model's strongest terms.
    """

    event_type: AcledEventType | None
    sub_event_type: str | None
    code: str
    score: float
    method: Method
    evidence: tuple[str, ...] = ()

    @property
    def is_acled(self) -> bool:
        return self.event_type is not None


class SubEventType(BaseModel):
    """One entry of the catalogue: an ACLED sub-event type (or a non-ACLED CASE category)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[A-Z][A-Z_]*$")
    acled: bool = True
    event_type: AcledEventType | None = None
    sub_event_type: str | None = None
    name: str | None = None
    definition: str
    cues: dict[str, float]

    @model_validator(mode="after")
    def _acled_fields(self) -> SubEventType:
        if self.acled and (self.event_type is None or self.sub_event_type is None):
            raise ValueError(f"{self.code}: an ACLED entry needs event_type and sub_event_type")
        if not self.acled and (self.event_type or self.sub_event_type or not self.name):
            raise ValueError(f"{self.code}: a non-ACLED entry has a name and no ACLED types")
        for cue, weight in self.cues.items():
            if weight <= 0 or not all(part.strip() for part in cue.split(CONJUNCTION)):
                raise ValueError(f"{self.code}: cue {cue!r} is empty or has weight {weight}")
        return self

    @property
    def label(self) -> str:
        return self.sub_event_type or self.name or self.code


class Catalogue(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: int
    sub_event_types: tuple[SubEventType, ...]

    @model_validator(mode="after")
    def _unique_codes(self) -> Catalogue:
        codes = [entry.code for entry in self.sub_event_types]
        if len(set(codes)) != len(codes):
            raise ValueError("sub-event type codes must be unique")
        return self

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(entry.code for entry in self.sub_event_types)

    @property
    def acled_codes(self) -> tuple[str, ...]:
        return tuple(entry.code for entry in self.sub_event_types if entry.acled)

    def get(self, code: str) -> SubEventType | None:
        return next((entry for entry in self.sub_event_types if entry.code == code), None)

    def to_code(self, label: str) -> str:
        """A CASE code from a code or an ACLED sub-event type name, any case; else `label`."""
        wanted = label.strip().casefold()
        for entry in self.sub_event_types:
            names = (entry.code, entry.sub_event_type or "", entry.name or "")
            if wanted in (name.casefold() for name in names if name):
                return entry.code
        return label.strip()

    def to_event_type(
        self, code: str, *, score: float, method: Method, evidence: tuple[str, ...] = ()
    ) -> EventType:
        """The EventType for `code`; a code outside the catalogue has no ACLED types."""
        entry = self.get(code)
        return EventType(
            event_type=entry.event_type if entry else None,
            sub_event_type=entry.sub_event_type if entry else None,
            code=code,
            score=round(min(max(score, 0.0), 1.0), 4),
            method=method,
            evidence=evidence,
        )


def parse_catalogue(text: str) -> Catalogue:
    """Validate a catalogue document; a problem names the entry it concerns."""
    try:
        raw = load_yaml(text)
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"ACLED type catalogue is not valid YAML: {exc}") from exc
    try:
        return Catalogue.model_validate(raw)
    except ValidationError as exc:
        raise TaxonomyError(f"invalid ACLED type catalogue: {exc}") from exc


@cache
def load_catalogue() -> Catalogue:
    """The catalogue shipped with the package (read once, on first use)."""
    path = resources.files("allegiance.nlp").joinpath("data/acled_types.yaml")
    return parse_catalogue(path.read_text("utf-8"))
