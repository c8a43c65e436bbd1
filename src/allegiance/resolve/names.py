"""Names: the matching key of any name, and the parts of an Arabic personal name.

The key (`latin_key`, `name_tokens`) is defined in `allegiance.resolve.keys`, nisbas in
`allegiance.resolve.nisbas`; this module is the one place callers import them from.

An Arabic personal name is built from parts that reports use on their own: the kunya
("Abu Muhammad", the usual nom de guerre), the ism (given name), the nasab (father's and
forefathers' names, with or without ibn/bin), nisbas ("al-Adnani", "al-Tunisi": origin or
descent) and a laqab (an epithet: "al-Muhajir", "Salah al-Din"). Matching persons on
these parts is sharper than on the whole string: two men called "Abu Omar" are likely
different when one is "al-Shishani" and the other "al-Tunisi".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from allegiance.resolve.keys import latin_key, name_tokens
from allegiance.resolve.nisbas import (
    NationalityHint,
    NisbaOrigin,
    nationality_from_nisba,
    nationality_hint,
    nisba_origin,
)

__all__ = [
    "ArabicName",
    "NationalityHint",
    "NisbaOrigin",
    "latin_key",
    "name_tokens",
    "nationality_from_nisba",
    "nationality_hint",
    "nationality_hints",
    "nisba_origin",
    "parse_arabic_name",
    "without_titles",
]

_KUNYA = frozenset({"abu", "um", "abi", "ab"})
_SON = frozenset({"bin", "bint"})
# Honorifics and ranks before a name, as keys ("Sheikh", "Shaykh" and "Cheikh" are one).
TITLES = frozenset(
    {"dr", "shikh", "haji", "haj", "hajii", "mula", "mulawi", "mulana", "mulawii", "mulai",
     "kari", "mufti", "imam", "ustadh", "ustaz", "mr", "mrs", "sir", "junaral", "jeneral",
     "kulunal", "kumandar", "kumandant", "majur", "kaptain", "kapitan", "brijadiar",
     "litanant"}
)  # fmt: skip
# Second words that make one name with the word before: "Salah al-Din", "Ezat Allah",
# "Shams ur-Rahman", "Sayf al-Dawla".
_COMPOUND_TAILS = frozenset(
    {"aldin", "aldawla", "aldula", "alislam", "ala", "alah", "alrahman", "alrahim", "alhak"}
)
_LAQABS = frozenset({"almuhajir", "alfatih", "alamir", "alshikh", "alkaid", "almujahid"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_ARTICLE_WORDS = frozenset({"al", "el", "ul", "ال"})


@dataclass(frozen=True, slots=True)
class ArabicName:
    """The parts of an Arabic personal name, each as written in the input.

    `titles` are honorifics before the name (Dr., Sheikh, Mullah): kept, never compared.
    """

    kunya: str | None = None
    ism: str | None = None
    nasab: tuple[str, ...] = ()
    nisbas: tuple[str, ...] = ()
    laqab: str | None = None
    titles: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.kunya or self.ism or self.nasab or self.nisbas or self.laqab)


@dataclass(frozen=True, slots=True)
class _Unit:
    text: str
    key: str


def parse_arabic_name(text: str) -> ArabicName:
    """Split a personal name (Latin or Arabic script) into kunya, ism, nasab, nisbas, laqab.

    "SURNAME, Given" (the order of sanctions lists) is read as "Given SURNAME".
    """
    units = _units(_natural_order(text))
    titles: list[str] = []
    while len(units) > 1 and units[0].key in TITLES:
        titles.append(units.pop(0).text)
    parts = _Parts()
    index = 0
    while index < len(units):
        index = parts.take(units, index)
    return parts.build(tuple(titles))


def without_titles(text: str) -> str:
    """The name without the honorifics and ranks before it ("Mullah", "Dr.", "General")."""
    words = text.split()
    while len(words) > 1 and latin_key(words[0]) in TITLES:
        words.pop(0)
    return " ".join(words)


def nationality_hints(name: ArabicName) -> list[NationalityHint]:
    """The nationality claims a parsed name's country and people nisbas yield."""
    return [hint for nisba in name.nisbas if (hint := nationality_hint(nisba)) is not None]


def _natural_order(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    head, comma, tail = text.partition(",")
    if not comma or "," in tail or not head.strip() or not tail.strip():
        return text.replace(",", " ")
    if tail.strip().strip(".").casefold() in _SUFFIXES:
        return f"{head} {tail.strip()}"
    return f"{tail.strip()} {head.strip()}"


def _units(text: str) -> list[_Unit]:
    """Words, with an article joined to the word after it and "Abd" to the name after it."""
    words = [word for word in text.split(" ") if latin_key(word)]
    units: list[_Unit] = []
    index = 0
    while index < len(words):
        word = words[index]
        while index + 1 < len(words) and _joins_next(word, words[index + 1]):
            index += 1
            word = f"{word} {words[index]}"
        units.append(_Unit(word, latin_key(word)))
        index += 1
    return units


def _joins_next(text: str, following: str) -> bool:
    last = text.rsplit(" ", 1)[-1]
    if last.casefold() in _ARTICLE_WORDS or latin_key(text) in ("abd", "abdal"):
        return True
    return latin_key(following) in _COMPOUND_TAILS


class _Parts:
    """The parts found so far, filled left to right."""

    def __init__(self) -> None:
        self.kunya: str | None = None
        self.ism: str | None = None
        self.nasab: list[str] = []
        self.nisbas: list[str] = []
        self.laqab: str | None = None

    def take(self, units: list[_Unit], index: int) -> int:
        """Classify the unit at `index` (and the one it governs); return the next index."""
        unit = units[index]
        has_next = index + 1 < len(units)
        if unit.key in _KUNYA and has_next:
            kunya = f"{unit.text} {units[index + 1].text}"
            if self.kunya is None:
                self.kunya = kunya
            else:
                self._epithet(kunya)
            return index + 2
        if unit.key in _SON and has_next:
            self.nasab.append(units[index + 1].text)
            return index + 2
        if _is_nisba(unit, named=bool(self.ism or self.kunya)):
            self.nisbas.append(unit.text)
        elif _is_epithet(unit, named=self.ism is not None):
            self._epithet(unit.text)
        elif self.ism is None and not self.nasab:
            self.ism = unit.text
        else:
            self.nasab.append(unit.text)
        return index + 1

    def _epithet(self, text: str) -> None:
        if self.laqab is None:
            self.laqab = text
        else:
            self.nasab.append(text)

    def build(self, titles: tuple[str, ...]) -> ArabicName:
        return ArabicName(
            self.kunya, self.ism, tuple(self.nasab), tuple(self.nisbas), self.laqab, titles
        )


def _is_epithet(unit: _Unit, *, named: bool) -> bool:
    """Known epithets, and "al-X" before any given name; after a given name, "al-X" is a
    family name and goes to the nasab."""
    if unit.key in _LAQABS:
        return True
    return unit.key.startswith("al") and len(unit.key) > 3 and not named


def _is_nisba(unit: _Unit, *, named: bool) -> bool:
    """ "al-X-i" words, and after a name any word the nisba table knows ("Abu Omar
    Shishani"); a first word like "Turki" or "Hindi" is a given name."""
    if unit.key.startswith("al") and len(unit.key) > 4 and unit.key.endswith("i"):
        return True
    return named and nisba_origin(unit.text) is not None
