"""Quantities a claim states: how many were killed or executed, how many fighters a group
has. The value is a number the parse attaches to the trigger's object or subject; the unit
is that noun ("fighters") or, for casualties, the trigger's participle ("killed")."""

from __future__ import annotations

import re

from spacy.tokens import Token

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "twenty": 20, "fifty": 50,
          "hundred": 100, "thousand": 1000}  # fmt: skip
_CASUALTY_UNITS = {"violence.killing": "killed", "violence.execution": "executed"}
_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")


def parse_number(text: str) -> float | None:
    """ "1,700" → 1700.0, "two" → 2.0; None when `text` is no number."""
    lower = text.lower()
    if _NUMBER.match(lower):
        return float(lower.replace(",", ""))
    value = _WORDS.get(lower)
    return float(value) if value is not None else None


def quantity_of(trigger: Token, *, claim_type: str) -> tuple[float, str] | None:
    """The number of the trigger's object (or its subject, for "were killed") and a unit."""
    candidates = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    for noun in candidates:
        for child in noun.children:
            if child.dep_ == "nummod":
                value = parse_number(child.text)
                if value is not None:
                    return value, _CASUALTY_UNITS.get(claim_type, noun.text.lower())
    return None


def wounded_or_killed(token: Token) -> tuple[float, str] | None:
    """ "about 30 members … had been killed", "12 fighters dead": a count of casualties."""
    if token.lemma_.lower() not in ("kill", "wound", "dead", "injure", "execute"):
        return None
    unit = {"dead": "killed", "kill": "killed", "execute": "executed"}.get(
        token.lemma_.lower(), "wounded"
    )
    nouns = [c for c in token.children if c.dep_ in ("nsubjpass", "nsubj", "dobj")]
    for noun in nouns:
        for child in noun.children:
            if child.dep_ == "nummod" and (value := parse_number(child.text)) is not None:
                return value, unit
    return None
