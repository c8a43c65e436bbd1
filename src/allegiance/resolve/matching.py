"""Alias matching: which known entity does a name refer to?

A name is looked up in tiers, and each candidate records the values compared:

1. exact: its `latin_key` equals an alias's key (score 100);
2. fuzzy: rapidfuzz's plain `fuzz.ratio` between keys (not Jaro-Winkler, which rewards
   the shared "Abu …" prefix of unrelated kunyas), or, when higher, the soft TF-IDF
   similarity of their words (`allegiance.resolve.tokens`: a word more or less);
3. person-parts: for persons, that score is revised on the parsed name parts
   (`allegiance.resolve.persons`): an agreeing kunya or nisba can lift it, a conflicting
   part caps it, and a shared kunya alone cannot carry it over the threshold.

A mention resolves to the best candidate at or above the threshold, else to a new entity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from allegiance.resolve.keys import latin_key, name_tokens
from allegiance.resolve.names import ArabicName, parse_arabic_name, without_titles
from allegiance.resolve.persons import PersonPartIndex, compare_persons
from allegiance.resolve.tokens import TokenIndex

Method = Literal["exact", "fuzzy", "person-parts"]

# Chosen on the alias benchmarks (benchmarks/alias_resolution.py, docs/benchmarks-names.md):
# the threshold with the best balanced score, the mean of (held-out alias found, top-1)
# and (a party absent from the index not falsely matched), on the full UN and OFAC lists.
# It is flat from 82.5 to 90 (within 0.005); below, false matches rise fast (distinct
# people sharing common name words), above, transliteration variants are missed.
DEFAULT_THRESHOLD = 87.5

# How many fuzzy neighbours are re-scored per returned candidate: several aliases of one
# entity can crowd the top of the list.
_FANOUT = 8
# Fuzzy scores below this are not worth returning or re-scoring.
_FLOOR = 60.0
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
    tokens: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Query:
    name: str
    keys: tuple[str, ...]
    tokens: tuple[str, ...]
    kind: str | None
    limit: int


class AliasIndex:
    """Every known alias of every entity, for exact and fuzzy lookup by matching key.

    Keys are kept in flat lists (one for all kinds, one per kind) so that rapidfuzz scans
    them in C; a removed alias leaves a None that rapidfuzz skips. A person's key leaves
    out the honorifics before the name ("Mullah", "Dr.").
    """

    def __init__(self) -> None:
        self._aliases: list[_Alias | None] = []
        self._kind_positions: list[int] = []
        self._keys: dict[str | None, list[str | None]] = {None: []}
        self._rows: dict[str | None, list[int]] = {None: []}
        self._exact: dict[str, list[int]] = {}
        self._named: dict[tuple[str, str], list[int]] = {}
        self._parsed: dict[str, ArabicName] = {}
        self._persons = PersonPartIndex()
        self._words = TokenIndex()

    def __len__(self) -> int:
        return sum(alias is not None for alias in self._aliases)

    def add(self, entity_id: str, name: str, *, kind: str) -> None:
        """Index one alias; a name whose key is empty (punctuation only) is not indexed."""
        text = without_titles(name) if kind == "person" else name
        key = latin_key(text)
        if not key:
            return
        row = len(self._aliases)
        alias = _Alias(entity_id, name, kind, key, tuple(name_tokens(text)))
        self._aliases.append(alias)
        self._kind_positions.append(len(self._keys.setdefault(kind, [])))
        for scope in (None, kind):
            self._keys.setdefault(scope, []).append(key)
            self._rows.setdefault(scope, []).append(row)
        self._exact.setdefault(key, []).append(row)
        self._named.setdefault((entity_id, name), []).append(row)
        self._words.add(row, alias.tokens)
        if kind == "person":
            self._persons.add(row, self._parse(name))

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
        query = self._query(name, kind=kind, limit=limit)
        if not query.keys or limit < 1:
            return []
        best: dict[str, Candidate] = {}
        for candidate in (*self._exact_candidates(query), *self._scored_candidates(query)):
            held = best.get(candidate.entity_id)
            if held is None or _rank(candidate) > _rank(held):
                best[candidate.entity_id] = candidate
        ranked = sorted(best.values(), key=lambda found: (_rank(found), found.entity_id))
        ranked.reverse()
        return [found for found in ranked if found.score >= threshold][:limit]

    def resolve(
        self, name: str, *, kind: str | None = None, threshold: float = DEFAULT_THRESHOLD
    ) -> Candidate | None:
        """The entity a mention refers to, or None: then it names a new entity."""
        found = self.lookup(name, kind=kind, limit=1, threshold=threshold)
        return found[0] if found else None

    def _query(self, name: str, *, kind: str | None, limit: int) -> _Query:
        texts = [name]
        if kind in (None, "person") and (bare := without_titles(name)) != name:
            texts.append(bare)
        keys = tuple(dict.fromkeys(key for text in texts if (key := latin_key(text))))
        return _Query(name, keys, tuple(name_tokens(texts[-1])), kind, limit)

    def _exact_candidates(self, query: _Query) -> list[Candidate]:
        return [
            Candidate(alias.entity_id, alias.name, 100.0, "exact", (key, key))
            for key in query.keys
            for row in self._exact.get(key, ())
            if (alias := self._aliases[row]) is not None and query.kind in (None, alias.kind)
        ]

    def _scored_candidates(self, query: _Query) -> list[Candidate]:
        rows = set(self._fuzzy_rows(query)) | set(self._words.rows(query.tokens, limit=50))
        parsed: ArabicName | None = None
        if query.kind in (None, "person"):
            parsed = self._parse(query.name)
            rows.update(self._persons.rows(parsed, limit=100))
        found: list[Candidate] = []
        for row in sorted(rows):
            alias = self._aliases[row]
            if alias is None or alias.key in query.keys or query.kind not in (None, alias.kind):
                continue
            candidate = self._score(query, alias)
            if parsed is not None and alias.kind == "person":
                candidate = self._revise(candidate, parsed, alias)
            found.append(candidate)
        return found

    def _fuzzy_rows(self, query: _Query) -> list[int]:
        choices, rows = self._keys.get(query.kind), self._rows.get(query.kind)
        if not choices or rows is None:
            return []
        return [
            rows[position]
            for key in query.keys
            for _, _, position in process.extract(
                key, choices, scorer=fuzz.ratio, limit=query.limit * _FANOUT, score_cutoff=_FLOOR
            )
        ]

    def _score(self, query: _Query, alias: _Alias) -> Candidate:
        """The better of the plain ratio of keys and the soft TF-IDF of words."""
        key, ratio = max(
            ((key, float(fuzz.ratio(key, alias.key))) for key in query.keys), key=_second
        )
        words = self._words.similarity(query.tokens, alias.tokens)
        if words > ratio:
            compared = (" ".join(query.tokens), " ".join(alias.tokens))
            return Candidate(alias.entity_id, alias.name, words, "fuzzy", compared)
        return Candidate(alias.entity_id, alias.name, ratio, "fuzzy", (key, alias.key))

    def _revise(self, candidate: Candidate, parsed: ArabicName, alias: _Alias) -> Candidate:
        comparison = compare_persons(parsed, self._parse(alias.name), base=candidate.score)
        if comparison.score == candidate.score:
            return candidate
        return Candidate(
            alias.entity_id, alias.name, comparison.score, "person-parts", comparison.compared
        )

    def _parse(self, name: str) -> ArabicName:
        parsed = self._parsed.get(name)
        if parsed is None:
            parsed = self._parsed[name] = parse_arabic_name(name)
        return parsed


def _second(pair: tuple[str, float]) -> float:
    return pair[1]


def _rank(candidate: Candidate) -> tuple[float, int]:
    return candidate.score, _PRIORITY[candidate.method]
