"""The trigger lexicon (`data/triggers.yaml`): words that state a claim, validated at load.

`find_triggers` finds, in a parsed Doc, each token whose lemma is a trigger and whose
sentence meets the entry's conditions (a needed child word, a kind of object). The
arguments are filled elsewhere (`allegiance.nlp.claim_arguments`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from spacy.tokens import Doc, Token

from allegiance.model import ConfigurationError, load_taxonomy
from allegiance.model.yaml_data import load_yaml
from allegiance.nlp.claim_arguments import object_tokens, token_kind

ObjectNeed = Literal["place", "area", "entity", "group", "person", "any", "none"]
_POS = {"verb": ("VERB", "AUX"), "noun": ("NOUN", "PROPN"), "adj": ("ADJ",), "adp": ("ADP",)}


class TriggerEntry(BaseModel):
    """One lexicon entry: a lemma, the claim type it states and what it needs."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    lemma: str
    type: str
    pos: Literal["verb", "noun", "adj", "adp"] = "verb"
    object: ObjectNeed = "any"
    needs: tuple[str, ...] = Field(default=(), alias="with")
    actor: str | None = None
    subject_is_place: bool = False
    symmetric: bool = False
    quantity: bool = False
    means: str | None = None
    activity: str | None = None

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in load_taxonomy().types:
            raise ValueError(f"unknown claim type {value!r}")
        return value


class TriggerLexicon(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    triggers: tuple[TriggerEntry, ...]

    def entries(self, lemma: str, pos: str) -> list[TriggerEntry]:
        return [e for e in self.triggers if e.lemma == lemma and pos in _POS[e.pos]]


@dataclass(frozen=True, slots=True)
class Trigger:
    """A token that states a claim, with the lexicon entry it matched."""

    token: Token
    entry: TriggerEntry


@cache
def load_lexicon() -> TriggerLexicon:
    """The packaged lexicon, read once; a broken file is a ConfigurationError."""
    text = resources.files("allegiance.nlp").joinpath("data", "triggers.yaml").read_text("utf-8")
    try:
        return TriggerLexicon.model_validate(load_yaml(text))
    except ValidationError as exc:
        raise ConfigurationError(f"nlp/data/triggers.yaml is invalid: {exc}") from exc


def find_triggers(doc: Doc, *, lexicon: TriggerLexicon | None = None) -> Iterator[Trigger]:
    """Each trigger token of `doc` with the first entry whose conditions it meets."""
    lexicon = lexicon or load_lexicon()
    for token in doc:
        for entry in lexicon.entries(token.lemma_.lower(), token.pos_):
            if _has_needed_words(token, entry) and _object_fits(token, entry):
                yield Trigger(token, entry)
                break


def _has_needed_words(token: Token, entry: TriggerEntry) -> bool:
    if not entry.needs:
        return True
    near = [t for child in token.children for t in child.subtree][:12]
    return any(t.lemma_.lower() in entry.needs or t.lower_ in entry.needs for t in near)


def _object_fits(token: Token, entry: TriggerEntry) -> bool:
    if entry.object in ("none", "any", "entity"):
        return True
    kinds = {token_kind(t) for t in object_tokens(token)}
    if entry.object == "area":  # a place, or a site in one ("held the gate")
        return bool(kinds & {"place", "area"})
    return entry.object in kinds
