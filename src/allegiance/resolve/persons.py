"""Comparing two persons' names on their parts (kunya, ism, nasab, nisbas, laqab).

Whole-string similarity misjudges Arabic names both ways: "Abu Omar al-Shishani" and
"Abu Omar al-Tunisi" share most of their letters but are two men, as are "Abu Salim"
and "Abu Ali" (the shared "Abu" inflates the ratio), while "Umar al-Kubaysi" and "Umar
Mahmud Irhayyim al-Kubaysi" differ in length but are one. Each part both names carry is
compared by `fuzz.ratio` on keys (a kunya on the name after Abu/Umm), and then:

- conflict: a part differs (under its `CONFLICT_BELOW`) while another part is the same
  (at least `SAME`): the score is capped at `CONFLICT_CAP`, below the default threshold.
  Namesakes share a kunya but not a nisba, or a given name but not a father; brothers
  share a father but not a given name. Without an exact agreement nothing is capped,
  because a part may differ only by transliteration (عدي is "Uday");
- lift: when a kunya or nisba agrees (at least `IDENTIFYING`) and at least two parts are
  shared, their weighted mean can raise the whole-string score;
- a single shared part (the same kunya alone: thousands of men are "Abu Muhammad")
  leaves it at `SINGLE_PART_CAP` at most; otherwise it stands.

`PersonPartIndex` finds the persons worth comparing: those whose kunya is the query's,
or whose nisba is close to one of the query's, however different the rest of the name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from allegiance.resolve.keys import bare_key, latin_key
from allegiance.resolve.names import ArabicName

# Kunya and nisba identify a fighter best (the kunya is his chosen name, the nisba his
# origin); the given name next; forefathers' names and epithets are often omitted.
WEIGHTS = {"kunya": 3.0, "nisba": 3.0, "ism": 2.0, "nasab": 1.5, "laqab": 1.0}
# Given names are short, so one letter moves the ratio far ("Ala"/"Sala" = 86).
CONFLICT_BELOW = {"kunya": 80.0, "nisba": 80.0, "ism": 87.0, "nasab": 75.0}
CONFLICT_CAP = 70.0
SINGLE_PART_CAP = 80.0
IDENTIFYING = 85.0
SAME = 95.0
_KUNYA_MARKERS = ("abu", "um", "abi")


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
        part: _similarity(part, left[part], right[part])
        for part in WEIGHTS
        if left.get(part) and right.get(part)
    }
    compared = (_describe(left, similarities), _describe(right, similarities))
    if not similarities:
        return PersonComparison(base, compared)
    shared = tuple(similarities)
    if _conflicts(similarities, left, right):
        return PersonComparison(min(base, CONFLICT_CAP), compared, shared, conflict=True)
    total = sum(WEIGHTS[part] for part in similarities)
    parts = round(sum(WEIGHTS[part] * value for part, value in similarities.items()) / total, 1)
    identified = any(similarities.get(part, 0.0) >= IDENTIFYING for part in ("kunya", "nisba"))
    if identified and len(similarities) >= 2:
        return PersonComparison(max(base, parts), compared, shared)
    if len(similarities) == 1:
        return PersonComparison(min(base, SINGLE_PART_CAP), compared, shared)
    return PersonComparison(base, compared, shared)


def part_keys(name: ArabicName) -> dict[str, tuple[str, ...]]:
    """The matching key of each part: a kunya without Abu/Umm (kept as a prefix mark so
    "Abu X" and "Umm X" differ), nisbas without their article."""
    nisbas = tuple(bare_key(nisba) for nisba in name.nisbas)
    return {
        "kunya": _kunya_key(name.kunya),
        "nisba": tuple(key for key in nisbas if key),
        "ism": _keys(name.ism),
        "nasab": tuple(key for part in name.nasab if (key := latin_key(part))),
        "laqab": _keys(name.laqab),
    }


def _conflicts(
    similarities: dict[str, float],
    left: dict[str, tuple[str, ...]],
    right: dict[str, tuple[str, ...]],
) -> bool:
    """A part differs while another is the same. Given names differ only when neither is
    the start of the other ("Ghodrat"/"Ghodratollah") and the fathers are the same."""
    same = {part for part, value in similarities.items() if value >= SAME}
    for part, below in CONFLICT_BELOW.items():
        if similarities.get(part, 100.0) >= below or not same - {part}:
            continue
        if part != "ism":
            return True
        mine, other = left["ism"][0], right["ism"][0]
        fathers = left["nasab"] and right["nasab"] and left["nasab"][0] == right["nasab"][0]
        if fathers and not (mine.startswith(other) or other.startswith(mine)):
            return True
    return False


def _kunya_key(kunya: str | None) -> tuple[str, ...]:
    key = latin_key(kunya) if kunya else ""
    for marker in _KUNYA_MARKERS:
        if key.startswith(marker) and len(key) > len(marker):
            return (f"{marker[0]}:{key[len(marker) :]}",)
    return (key,) if key else ()


def _keys(text: str | None) -> tuple[str, ...]:
    key = latin_key(text) if text else ""
    return (key,) if key else ()


def _similarity(part: str, left: tuple[str, ...], right: tuple[str, ...]) -> float:
    """Nisbas: the best pair (a man has several; one in common is enough). Nasab: father
    with father, family name with family name, or the whole (lists add or drop the
    forefathers in between: "Awwad Ibrahim Ali" / "Awad Ibrahim")."""
    if part == "kunya" and left[0][:2] != right[0][:2]:
        return 0.0
    if part == "nasab":
        return max(
            float(fuzz.ratio(left[0], right[0])),
            float(fuzz.ratio(left[-1], right[-1])),
            float(fuzz.ratio("".join(left), "".join(right))),
        )
    return max(float(fuzz.ratio(one, other)) for one in left for other in right)


def _describe(keys: dict[str, tuple[str, ...]], parts: dict[str, float]) -> str:
    return " ".join(f"{part}={'+'.join(keys[part])}" for part in parts)


class PersonPartIndex:
    """Rows of person aliases by kunya key and by nisba key, for retrieval by parts."""

    def __init__(self) -> None:
        self._kunyas: dict[str, list[int]] = {}
        self._nisbas: dict[str, list[int]] = {}
        self._nisba_keys: list[str] = []

    def add(self, row: int, name: ArabicName) -> None:
        keys = part_keys(name)
        for kunya in keys["kunya"]:
            self._kunyas.setdefault(kunya, []).append(row)
        for nisba in keys["nisba"]:
            if nisba not in self._nisbas:
                self._nisba_keys.append(nisba)
            self._nisbas.setdefault(nisba, []).append(row)

    def rows(self, name: ArabicName, *, limit: int = 300) -> list[int]:
        """Rows sharing the kunya or a close nisba (ratio ≥ IDENTIFYING), those sharing
        both first, at most `limit` (the commonest kunyas are shared by thousands)."""
        keys = part_keys(name)
        votes: Counter[int] = Counter()
        for kunya in keys["kunya"]:
            votes.update(set(self._kunyas.get(kunya, ())))
        for nisba in keys["nisba"]:
            similar = process.extract(
                nisba, self._nisba_keys, scorer=fuzz.ratio, limit=5, score_cutoff=IDENTIFYING
            )
            votes.update({row for key, _, _ in similar for row in self._nisbas[key]})
        return [row for row, _ in votes.most_common(limit)]
