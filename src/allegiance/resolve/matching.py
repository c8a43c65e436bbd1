"""Alias matching: which known entity does a name refer to?

A name is looked up in three tiers, and each candidate records the values compared:

1. exact: its `latin_key` equals an alias's key (score 100);
2. fuzzy: rapidfuzz's plain `fuzz.ratio` between keys (not Jaro-Winkler, which rewards
   the shared "Abu …" prefix of unrelated kunyas);
3. person-parts: for persons, the fuzzy score is revised on the parsed name parts
   (`allegiance.resolve.persons`): a shared kunya *and* nisba can lift it, a conflicting
   nisba or kunya caps it.

A mention resolves to the best candidate at or above the threshold, else to a new entity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from allegiance.resolve.keys import latin_key
from allegiance.resolve.names import ArabicName, parse_arabic_name
from allegiance.resolve.persons import PersonComparison, compare_persons

Method = Literal["exact", "fuzzy", "person-parts"]

# Chosen on the alias benchmarks (benchmarks/alias_resolution.py, docs/benchmarks-names.md):
# at 85 a held-out alias of a UN or OFAC party still finds its party almost as often as
# at 70-80, while a name of a party that is not in the index (it must become a new
# entity) matches some other party far less often. Lower thresholds merge distinct
# people who share common name words; higher ones miss transliteration variants.
DEFAULT_THRESHOLD = 85.0

# How many fuzzy neighbours are re-scored per returned candidate: several aliases of one
# entity can crowd the top of the list.
_FANOUT = 8
_PRIORITY: dict[Method, int] = {"exact": 2, "person-parts": 1, "fuzzy": 0}


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entity a name may refer to, with the alias that matched and how."""

    entity_id: str
    name: str
    score: float
    method: Method
    compared: tuple[str, str]


@dataclass(frozen=True, slots=True)
class _Alias:
    entity_id: str
    name: str
    kind: str
    key: str


class AliasIndex:
    """Every known alias of every entity, for exact and fuzzy lookup by matching key.

    Keys are kept in flat lists (one for all kinds, one per kind) so that rapidfuzz scans
    them in C; a removed alias leaves a None that rapidfuzz skips.
    """

    def __init__(self) -> None:
        self._aliases: list[_Alias | None] = []
        self._kind_positions: list[int] = []
        self._keys: dict[str | None, list[str | None]] = {None: []}
        self._rows: dict[str | None, list[int]] = {None: []}
        self._exact: dict[str, list[int]] = {}
        self._named: dict[tuple[str, str], list[int]] = {}
        self._parsed: dict[str, ArabicName] = {}

    def __len__(self) -> int:
        return sum(alias is not None for alias in self._aliases)

    def add(self, entity_id: str, name: str, *, kind: str) -> None:
        """Index one alias; a name whose key is empty (punctuation only) is not indexed."""
        key = latin_key(name)
        if not key:
            return
        row = len(self._aliases)
        self._aliases.append(_Alias(entity_id, name, kind, key))
        self._kind_positions.append(len(self._keys.setdefault(kind, [])))
        for scope in (None, kind):
            self._keys.setdefault(scope, []).append(key)
            self._rows.setdefault(scope, []).append(row)
        self._exact.setdefault(key, []).append(row)
        self._named.setdefault((entity_id, name), []).append(row)

    def add_many(self, entity_id: str, names: Iterable[str], *, kind: str) -> None:
        for name in names:
            self.add(entity_id, name, kind=kind)

    def remove(self, entity_id: str, name: str) -> int:
        """Forget an alias of an entity; returns how many entries were removed."""
        rows = self._named.pop((entity_id, name), [])
        for row in rows:
            alias = self._aliases[row]
            if alias is None:
                continue
            self._aliases[row] = None
            self._exact[alias.key].remove(row)
            self._keys[None][row] = None
            self._keys[alias.kind][self._kind_positions[row]] = None
        return len(rows)

    def lookup(
        self,
        name: str,
        *,
        kind: str | None = None,
        limit: int = 5,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> list[Candidate]:
        """The entities `name` may refer to, best first, scoring at least `threshold`."""
        key = latin_key(name)
        if not key or limit < 1:
            return []
        best: dict[str, Candidate] = {}
        for candidate in self._candidates(name, key, kind=kind, limit=limit):
            held = best.get(candidate.entity_id)
            if held is None or _rank(candidate) > _rank(held):
                best[candidate.entity_id] = candidate
        ranked = sorted(best.values(), key=lambda found: (_rank(found), found.entity_id))
        ranked.reverse()
        return [found for found in ranked if found.score >= threshold][:limit]

    def _candidates(self, name: str, key: str, *, kind: str | None, limit: int) -> list[Candidate]:
        found: list[Candidate] = []
        for row in self._exact.get(key, ()):
            alias = self._aliases[row]
            if alias is not None and kind in (None, alias.kind):
                found.append(Candidate(alias.entity_id, alias.name, 100.0, "exact", (key, key)))
        keys, rows = self._keys.get(kind), self._rows.get(kind)
        if not keys or rows is None:
            return found
        query: ArabicName | None = None
        for _, score, position in process.extract(
            key, keys, scorer=fuzz.ratio, limit=limit * _FANOUT, score_cutoff=50.0
        ):
            alias = self._aliases[rows[position]]
            if alias is None or alias.key == key:
                continue
            if alias.kind == "person" and kind in (None, "person"):
                query = query or parse_arabic_name(name)
                found.append(self._person_candidate(query, alias, key, float(score)))
            else:
                found.append(
                    Candidate(alias.entity_id, alias.name, score, "fuzzy", (key, alias.key))
                )
        return found

    def _person_candidate(
        self, query: ArabicName, alias: _Alias, key: str, base: float
    ) -> Candidate:
        parsed = self._parsed.get(alias.name)
        if parsed is None:
            parsed = self._parsed[alias.name] = parse_arabic_name(alias.name)
        comparison: PersonComparison = compare_persons(query, parsed, base=base)
        method: Method = "person-parts" if comparison.score != base else "fuzzy"
        compared = comparison.compared if method == "person-parts" else (key, alias.key)
        return Candidate(alias.entity_id, alias.name, comparison.score, method, compared)


def _rank(candidate: Candidate) -> tuple[float, int]:
    return candidate.score, _PRIORITY[candidate.method]
