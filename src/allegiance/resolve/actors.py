"""The actor gazetteer: armed groups, organizations and persons, read from `data/actors.yaml`.

The file is data, validated at load (FollowTheMoney-style): every field is checked, every
date keeps the precision it was written with, and every key an actor refers to (lineage,
affiliations) must name another actor in the same file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from allegiance.model import ConfigurationError, FuzzyDate, NotFoundError, Script, detect_script
from allegiance.model.yaml_data import load_yaml

ActorKind = Literal["group", "organization", "person"]
AliasType = Literal[
    "name", "acronym", "variant", "former", "derogatory", "kunya", "birth_name", "nickname"
]  # fmt: skip
Relation = Literal[
    "renamed_from", "merged_into", "merged_from", "split_from", "part_of", "allied_with", "rival_of"
]  # fmt: skip

_KEY = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_COUNTRY = r"^[A-Z]{2}$"


def _to_fuzzy_date(value: object) -> object:
    """Dates are quoted strings so that YAML never turns "2014" into a number."""
    if isinstance(value, FuzzyDate) or value is None:
        return value
    if not isinstance(value, str):
        raise ValueError("must be a quoted string YYYY, YYYY-MM or YYYY-MM-DD")
    return FuzzyDate.parse(value)


Date = Annotated[FuzzyDate, BeforeValidator(_to_fuzzy_date)]
Key = Annotated[str, Field(pattern=_KEY)]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ActorAlias(_Record):
    """One more name of an actor, with its language, script and what sort of name it is."""

    name: str = Field(min_length=1)
    lang: str = Field(pattern=r"^[a-z]{2,3}$")
    script: Literal["Latn", "Arab"]
    type: AliasType

    @model_validator(mode="after")
    def _script_matches_name(self) -> ActorAlias:
        written = detect_script(self.name)
        if written is not Script.OTHER and written.value != self.script:
            raise ValueError(
                f"alias {self.name!r} is written in {written.value}, not {self.script}"
            )
        return self


class ActiveInterval(_Record):
    """When an actor was active; `end: null` in the file means still active."""

    start: Date | None = None
    end: Date | None = None

    @property
    def is_ongoing(self) -> bool:
        """True when the file says the actor is still active (as opposed to end unknown)."""
        return "end" in self.model_fields_set and self.end is None

    @model_validator(mode="after")
    def _ordered(self) -> ActiveInterval:
        if self.start and self.end and self.end.end < self.start.start:
            raise ValueError(
                f"ends ({self.end.to_text()}) before it starts ({self.start.to_text()})"
            )
        return self


class LineageLink(_Record):
    """A relation of a group to another actor, from `date` on."""

    relation: Relation
    actor: Key
    date: Date | None = None


class Affiliation(_Record):
    """A person's membership of a group, with a role and an interval."""

    group: Key
    role: str | None = None
    start: Date | None = None
    end: Date | None = None


class Actor(_Record):
    key: Key
    kind: ActorKind
    name: str = Field(min_length=1)
    aliases: tuple[ActorAlias, ...] = ()
    countries: tuple[Annotated[str, Field(pattern=_COUNTRY)], ...] = ()
    active: ActiveInterval | None = None
    lineage: tuple[LineageLink, ...] = ()
    nationality: Annotated[str, Field(pattern=_COUNTRY)] | None = None
    affiliations: tuple[Affiliation, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> Actor:
        if self.kind == "person" and self.lineage:
            raise ValueError("a person has affiliations, not lineage")
        if self.kind != "person" and (self.nationality or self.affiliations):
            raise ValueError(f"a {self.kind} has no nationality or affiliations")
        return self

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias, without repeats."""
        return tuple(dict.fromkeys((self.name, *(alias.name for alias in self.aliases))))

    def references(self) -> tuple[str, ...]:
        """The keys of the other actors this one refers to."""
        return tuple(link.actor for link in self.lineage) + tuple(
            membership.group for membership in self.affiliations
        )


class ActorGazetteer(_Record):
    version: Literal[1]
    actors: tuple[Actor, ...]

    @model_validator(mode="after")
    def _keys_resolve(self) -> ActorGazetteer:
        seen: dict[str, Actor] = {}
        for actor in self.actors:
            if actor.key in seen:
                raise ValueError(f"actor key {actor.key!r} is used twice")
            seen[actor.key] = actor
        for actor in self.actors:
            for key in actor.references():
                target = seen.get(key)
                if target is None:
                    raise ValueError(f"actor {actor.key!r} refers to unknown actor {key!r}")
                if target.kind == "person" or key == actor.key:
                    raise ValueError(f"actor {actor.key!r} cannot refer to {key!r}")
        return self

    @cached_property
    def by_key(self) -> Mapping[str, Actor]:
        return {actor.key: actor for actor in self.actors}

    def get(self, key: str) -> Actor:
        try:
            return self.by_key[key]
        except KeyError:
            raise NotFoundError("actor", key) from None


class ActorGazetteerError(ConfigurationError):
    """The actor gazetteer file is missing, not YAML, or breaks the schema."""

    def __init__(self, origin: str, problem: str) -> None:
        super().__init__(f"{origin}: {problem}")
        self.origin = origin
        self.problem = problem


def load_actors(path: Path | None = None) -> ActorGazetteer:
    """Read and validate the actor gazetteer (the one in the package unless `path` is given)."""
    if path is None:
        resource = resources.files("allegiance.resolve").joinpath("data").joinpath("actors.yaml")
        return parse_actors(
            resource.read_text("utf-8"), origin="allegiance/resolve/data/actors.yaml"
        )
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ActorGazetteerError(str(path), f"cannot be read: {exc.strerror or exc}") from exc
    return parse_actors(text, origin=str(path))


def parse_actors(text: str, *, origin: str = "<actors>") -> ActorGazetteer:
    """Validate an actor gazetteer document; `origin` names it in error messages."""
    try:
        raw = load_yaml(text)
    except yaml.YAMLError as exc:
        raise ActorGazetteerError(origin, f"not valid YAML: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("actors"), list):
        raise ActorGazetteerError(origin, "must be a mapping with `version` and an `actors` list")
    try:
        return ActorGazetteer.model_validate(raw)
    except ValidationError as exc:
        raise ActorGazetteerError(origin, _describe(exc, raw["actors"])) from exc


def _describe(error: ValidationError, actors: list[object]) -> str:
    """The first problems, each placed by actor key and field rather than list index."""
    problems = []
    for detail in error.errors()[:5]:
        location = list(detail["loc"])
        if len(location) >= 2 and location[0] == "actors" and isinstance(location[1], int):
            entry = actors[location[1]]
            key = entry.get("key") if isinstance(entry, dict) else None
            location[:2] = [f"actor {key!r}" if key else f"actors[{location[1]}]"]
        where = ".".join(str(part) for part in location)
        message = re.sub(r"^Value error, ", "", detail["msg"])
        problems.append(f"{where}: {message}" if where else message)
    more = error.error_count() - len(problems)
    return "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")
