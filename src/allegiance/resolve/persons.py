"""Comparing two persons' names on their parts (kunya, ism, nasab, nisbas, laqab).

Whole-string similarity misjudges Arabic names both ways: "Abu Omar al-Shishani" and
"Abu Omar al-Tunisi" share most of their letters but are two men, while "Abu Bakr
al-Baghdadi" and "Abu Bakr al-Baghdadi al-Husayni al-Qurashi" differ in length but are
one. Parts fix both: each part both names carry is compared by `fuzz.ratio` on keys, and

- a conflicting kunya, nisba or ism (similarity under `CONFLICT_BELOW`) caps the score
  at `CONFLICT_CAP`, below the default threshold: brothers share a nasab and nisba but not
  an ism; namesakes share a kunya but not a nisba;
- otherwise the weighted mean of the shared parts can lift the whole-string score, but a
  single shared part (the same kunya alone) lifts it to `SINGLE_PART_CAP` at most, since
  thousands of men are called "Abu Muhammad".
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from allegiance.resolve.keys import latin_key
from allegiance.resolve.names import ArabicName

# Kunya and nisba identify a fighter best (the kunya is his chosen name, the nisba his
# origin); the given name next; forefathers' names and epithets are often omitted.
WEIGHTS = {"kunya": 3.0, "nisba": 3.0, "ism": 2.0, "nasab": 1.5, "laqab": 1.0}
CONFLICT_BELOW = 75.0
CONFLICT_CAP = 70.0
SINGLE_PART_CAP = 80.0
_CONFLICTING = ("kunya", "nisba", "ism")


@dataclass(frozen=True, slots=True)
class PersonComparison:
    """The revised score, the parts compared, and whether a part conflicted."""

    score: float
    compared: tuple[str, str]
    shared: tuple[str, ...] = ()
    conflict: bool = False


def compare_persons(query: ArabicName, candidate: ArabicName, *, base: float) -> PersonComparison:
    """Revise `base` (the whole-name fuzzy score) with the parts both names carry."""
    left, right = part_keys(query), part_keys(candidate)
    similarities = {
        part: _similarity(left[part], right[part])
        for part in WEIGHTS
        if left.get(part) and right.get(part)
    }
    compared = (_describe(left, similarities), _describe(right, similarities))
    if not similarities:
        return PersonComparison(base, compared)
    shared = tuple(similarities)
    if any(similarities.get(part, 100.0) < CONFLICT_BELOW for part in _CONFLICTING):
        return PersonComparison(min(base, CONFLICT_CAP), compared, shared, conflict=True)
    total = sum(WEIGHTS[part] for part in similarities)
    parts = sum(WEIGHTS[part] * value for part, value in similarities.items()) / total
    if len(similarities) == 1:
        parts = min(parts, SINGLE_PART_CAP)
    return PersonComparison(max(base, round(parts, 1)), compared, shared)


def part_keys(name: ArabicName) -> dict[str, tuple[str, ...]]:
    """The matching key of each part; nisbas without their article."""
    nisbas = tuple(_without_article(latin_key(nisba)) for nisba in name.nisbas)
    return {
        "kunya": _keys(name.kunya),
        "nisba": tuple(key for key in nisbas if key),
        "ism": _keys(name.ism),
        "nasab": _keys(" ".join(name.nasab)),
        "laqab": _keys(name.laqab),
    }


def _keys(text: str | None) -> tuple[str, ...]:
    key = latin_key(text) if text else ""
    return (key,) if key else ()


def _without_article(key: str) -> str:
    return key[2:] if key.startswith("al") and len(key) > 4 else key


def _similarity(left: tuple[str, ...], right: tuple[str, ...]) -> float:
    """The best pair: a man has several nisbas, and one in common is enough."""
    return max(float(fuzz.ratio(one, other)) for one in left for other in right)


def _describe(keys: dict[str, tuple[str, ...]], parts: dict[str, float]) -> str:
    return " ".join(f"{part}={'+'.join(keys[part])}" for part in parts)
