"""Matching place names across spellings and scripts: keys, and a table to look them up.

Each name is kept under three keys, from strictest to loosest:

1. the full key: `latin_key` of the name after facility words are unified ("Tabqa
   airbase" = "Tabqa military airport"), so "Al-Bukamal" = "Albu Kamal" = "البوكمال";
2. the bare key: the same without articles ("Mayadin" = "al-Mayadin", "Raqqa" =
   "ar-Raqqah");
3. the skeleton: the bare key's consonants, without a final -h/-t ("الرطبة" = "Rutba",
   "إربل" = "Erbil"): Arabic script leaves short vowels unwritten, so a name written in
   it and its Latin spelling often differ only in vowels.

A lookup scores an exact full key 1.0, an exact bare key 0.97, a fuzzy bare key (rapidfuzz
ratio ≥ FUZZY_CUTOFF among the keys with the same first letter) 0.95 × ratio, and a shared
skeleton 0.9 × (0.5 + ratio / 2) for bare keys at least SKELETON_CUTOFF alike: sharing
every consonant in order is itself strong evidence. The best score per record is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from allegiance.resolve.names import name_tokens

FUZZY_CUTOFF = 85.0
"""The lowest rapidfuzz ratio (0–100) between bare keys that counts as a name match."""
SKELETON_CUTOFF = 65.0
"""The lowest ratio between bare keys that share a consonant skeleton."""
MIN_FUZZY_LENGTH = 4
"""Shorter keys match exactly or not at all: "Hit" is not "Hut"."""
MIN_SKELETON_LENGTH = 2
SHORT_SKELETON_CUTOFF = 85.0
"""Two-consonant skeletons ("Jaba", "Afak") collide often: they need keys this alike."""
EXACT, BARE, FUZZY_WEIGHT, SKELETON_WEIGHT = 1.0, 0.97, 0.95, 0.9
ALTERNATE_FACTOR = 0.9
"""What a match on a record's alternate names only is worth, relative to a main name."""

_FACILITY_WORDS = (
    (re.compile(r"\b(?:military\s+)?(?:air\s*base|airport|air\s*field)\b", re.I), "airbase"),
    (re.compile(r"\b(oil|gas)\s*field\b", re.I), r"\1field"),
    (re.compile(r"\bborder\s+(?:crossing|gate|post)\b", re.I), "crossing"),
    (re.compile(r"\bjail\b", re.I), "prison"),
)
_VOWELS = re.compile(r"[aeiouwy]")
_INTERDENTALS = re.compile(r"[dt]h")  # ث and ذ: "Thiban" and "Dhiban" are one name
_DOUBLES = re.compile(r"(.)\1+")
_TA_MARBUTA = re.compile(r"(?<=..)[ht]$")
# Sorani Kurdish writes vowels with letters of its own; read them as the Arabic vowel
# letters, so that a Kurdish spelling's consonants meet the Arabic and Latin ones.
_KURDISH = str.maketrans({"ە": "ا", "ێ": "ي", "ۆ": "و", "ڕ": "ر", "ڵ": "ل", "ھ": "ه"})


@dataclass(frozen=True, slots=True)
class NameMatch:
    """How well a record's best name matches a looked-up name, and how it was found."""

    score: float
    evidence: str


def place_keys(name: str) -> tuple[str, str]:
    """The full key and the bare (article-free) key of a place name."""
    for pattern, replacement in _FACILITY_WORDS:
        name = pattern.sub(replacement, name)
    tokens = name_tokens(name.translate(_KURDISH))
    bare = [token[2:] if token.startswith("al") and len(token) > 3 else token for token in tokens]
    return "".join(tokens), "".join(bare)


def skeleton_key(bare: str) -> str:
    """The consonants of a bare key, without doubles or a final h/t ("rutbah" → "rtb").

    A final h or t is most often a ta marbuta, which spellings write as -a, -ah, -at or -t;
    th and dh are one sound class, as spellings of ث and ذ mix them.
    """
    consonants = _VOWELS.sub("", _INTERDENTALS.sub("ð", bare))
    return _TA_MARBUTA.sub("", _DOUBLES.sub(r"\1", consonants))


class PlaceNameTable:
    """Record keys by name key: exact, article-free, fuzzy and skeleton lookups.

    Each key maps record keys to whether one of the record's main names (not only an
    alternate) has that key: a match on alternates only is worth ALTERNATE_FACTOR as much.
    """

    def __init__(self) -> None:
        self._full: dict[str, dict[str, bool]] = {}
        self._bare: dict[str, dict[str, bool]] = {}
        self._skeleton: dict[str, set[str]] = {}
        self._blocks: dict[str, list[str]] = {}

    def add(self, record_key: str, name: str, *, alternate: bool = False) -> None:
        full, bare = place_keys(name)
        if not full:
            return
        _mark(self._full.setdefault(full, {}), record_key, main=not alternate)
        if bare not in self._bare:
            self._blocks.setdefault(bare[:1], []).append(bare)
            self._skeleton.setdefault(skeleton_key(bare), set()).add(bare)
        _mark(self._bare.setdefault(bare, {}), record_key, main=not alternate)

    def has_exact(self, name: str) -> bool:
        """True when some record has a name with the same full or bare key."""
        full, bare = place_keys(name)
        return bool(full) and (full in self._full or bare in self._bare)

    def lookup(self, name: str) -> dict[str, NameMatch]:
        """Record keys whose names match `name`, each with its best match."""
        full, bare = place_keys(name)
        found: dict[str, NameMatch] = {}
        if not full:
            return found
        self._keep(found, self._full.get(full, {}), EXACT, f"exact name {name!r}")
        self._keep(found, self._bare.get(bare, {}), BARE, "exact name without article")
        self._add_fuzzy(found, bare)
        self._add_skeletal(found, bare)
        return found

    def _add_fuzzy(self, found: dict[str, NameMatch], bare: str) -> None:
        if len(bare) < MIN_FUZZY_LENGTH:
            return
        block = self._blocks.get(bare[:1], [])
        matches = process.extract(
            bare, block, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=20
        )
        for other, ratio, _ in matches:
            score, evidence = FUZZY_WEIGHT * ratio / 100, f"fuzzy {ratio:.0f} ({other})"
            self._keep(found, self._bare[other], score, evidence)

    def _add_skeletal(self, found: dict[str, NameMatch], bare: str) -> None:
        skeleton = skeleton_key(bare)
        if len(skeleton) < MIN_SKELETON_LENGTH:
            return
        cutoff = SKELETON_CUTOFF if len(skeleton) > 2 else SHORT_SKELETON_CUTOFF
        for other in self._skeleton.get(skeleton, ()):
            ratio = fuzz.ratio(bare, other)
            if ratio >= cutoff:
                score = SKELETON_WEIGHT * (0.5 + ratio / 200)
                evidence = f"consonants {skeleton} ({other}, ratio {ratio:.0f})"
                self._keep(found, self._bare[other], score, evidence)

    @staticmethod
    def _keep(
        found: dict[str, NameMatch], records: dict[str, bool], score: float, evidence: str
    ) -> None:
        """Keep, per record, the best match; a match on alternate names only counts less."""
        for key, main in records.items():
            value = score if main else score * ALTERNATE_FACTOR
            if key not in found or found[key].score < value:
                found[key] = NameMatch(value, evidence if main else f"{evidence}, alternate name")


def _mark(records: dict[str, bool], record_key: str, *, main: bool) -> None:
    records[record_key] = records.get(record_key, False) or main
