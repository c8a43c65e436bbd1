"""The claim taxonomy, read from `taxonomy.yaml` and validated at load."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from allegiance.model.errors import TaxonomyError
from allegiance.model.yaml_data import load_yaml

ObjectKind = Literal["person", "group", "organization", "place", "facility", "account", "literal"]
SubjectKind = Literal["person", "group", "organization", "place", "facility", "account"]
Plover = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]  # fmt: skip
AcledEventType = Literal[
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments",
]  # fmt: skip

_TYPE_NAME = re.compile(r"^[a-z]+(\.[a-z]+)?$")


class AcledMapping(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: AcledEventType
    sub_event_type: str


class ClaimType(BaseModel):
    """One claim type: what its subject and object may be and how it maps to ACLED/PLOVER."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    name: str
    description: str
    subject: tuple[SubjectKind, ...]
    objects: tuple[ObjectKind, ...] | Literal["none"] = Field(default="none", alias="object")
    place: Literal["required", "optional"] = "optional"
    quantity: Literal["required", "optional"] = "optional"
    acled: AcledMapping | None = None
    acled_government: AcledMapping | None = None
    means: dict[str, AcledMapping] = Field(default_factory=dict)
    plover: Plover | None = None

    @field_validator("objects", mode="before")
    @classmethod
    def _object_list(cls, value: object) -> object:
        if isinstance(value, list) and "none" in value:
            return tuple(kind for kind in value if kind != "none") or "none"
        return value

    @property
    def has_object(self) -> bool:
        return self.objects != "none"

    def acled_for(
        self, *, means: str | None = None, government: bool = False
    ) -> AcledMapping | None:
        """The ACLED event and sub-event type, refined by means or by a government actor."""
        if means and means.casefold() in self.means:
            return self.means[means.casefold()]
        if government and self.acled_government:
            return self.acled_government
        return self.acled


class Taxonomy(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: int
    types: dict[str, ClaimType]

    def __contains__(self, name: object) -> bool:
        return name in self.types

    def get(self, name: str) -> ClaimType:
        try:
            return self.types[name]
        except KeyError:
            raise TaxonomyError(f"unknown claim type {name!r}") from None

    def names(self) -> list[str]:
        return sorted(self.types)


def parse_taxonomy(text: str) -> Taxonomy:
    """Validate a taxonomy document; every problem is reported with the type it concerns."""
    try:
        raw = load_yaml(text)
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"taxonomy is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("types"), dict):
        raise TaxonomyError("taxonomy must be a mapping with a `types` mapping")
    for name, body in raw["types"].items():
        if not _TYPE_NAME.match(str(name)):
            raise TaxonomyError(f"claim type name {name!r} is not a dotted lower-case name")
        if isinstance(body, dict):
            body.setdefault("name", name)
    try:
        taxonomy = Taxonomy.model_validate(raw)
    except ValidationError as exc:
        raise TaxonomyError(f"invalid taxonomy: {exc}") from exc
    return taxonomy


@cache
def load_taxonomy() -> Taxonomy:
    """The taxonomy shipped with the package (read once, on first use)."""
    text = resources.files("allegiance.model").joinpath("taxonomy.yaml").read_text("utf-8")
    return parse_taxonomy(text)
