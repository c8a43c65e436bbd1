"""Arabic-script normalisation and our Arabic → Latin transliteration for name matching.

The transliteration is not a scholarly one (no ā, ḥ, ʿ): it aims at the spelling an
English-language report would use, so that its output, put through the same Latin
normalisation as any other name (`allegiance.resolve.names`), meets the Latin spellings
of the same name. Frequent name words are read from a lexicon
(`resolve/data/arabic_words.yaml`) because their short vowels are not written; any other
word is read letter by letter.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from pyarabic import araby

from allegiance.model.errors import ConfigurationError
from allegiance.model.yaml_data import load_yaml

ARABIC_LETTERS = (
    "\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc"
)
ARABIC_WORD = re.compile(f"[{ARABIC_LETTERS}\u064b-\u065f\u0670\u06d6-\u06ed]+")

# Marks that carry no letter: diacritics (harakat, shadda, sukun, tanwin, dagger alef),
# Quranic annotation signs, tatweel, and the invisible direction and joiner marks that
# copy-pasted Arabic text often holds (one sits inside "الجيش السوري الحر‎").
_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u061c\u2066-\u2069]")
_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا"})
# Persian and Urdu letters that stand for Arabic ones in names from the same lists.
_VARIANTS = str.maketrans({"ی": "ي", "ې": "ي", "ۍ": "ي", "ک": "ك", "ہ": "ه", "ە": "ه"})

# Consonants read one way wherever they stand. The emphatic letters fall together with
# their plain counterparts (ص s, ض d, ط t, ظ z) as in English-language spellings.
_CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ڤ": "v", "ٹ": "t", "ڈ": "d", "ڑ": "r",
    "ں": "n", "ھ": "h", "ۀ": "a", "ء": "", "ئ": "i", "ؤ": "u",
}  # fmt: skip
_VOWEL_LETTERS = frozenset("اويىة")


def normalise_arabic(text: str) -> str:
    """The usual matching normalisation: one alef, ه for ة, ي for ى, no marks or tatweel."""
    text = _MARKS.sub("", text).translate(_ALEFS).translate(_VARIANTS)
    return text.replace("ة", "ه").replace("ى", "ي")


def has_arabic(text: str) -> bool:
    return ARABIC_WORD.search(text) is not None


def transliterate(text: str) -> str:
    """Replace every Arabic-script word of `text` by its Latin reading; keep the rest."""
    return ARABIC_WORD.sub(lambda match: _transliterate_word(match.group()), text)


def _transliterate_word(word: str) -> str:
    # Light normalisation: ة and ى are kept because they are read ("a") differently
    # from ه and ي; the lexicon is looked up with the full normalisation.
    light = _MARKS.sub("", word).translate(_ALEFS).translate(_VARIANTS)
    if not light:
        return ""
    lexicon = _lexicon()
    if (reading := lexicon.get(normalise_arabic(light))) is not None:
        return reading
    prefix, stem = _split_prefixes(light)
    reading = lexicon.get(normalise_arabic(stem))
    if reading is None:
        reading = _read_letters(stem)
    return f"{prefix}{reading}"


def _split_prefixes(word: str) -> tuple[str, str]:
    """Split the conjunction و- and the article ال- off a word: "والجهاد" → ("wa al-", "جهاد")."""
    prefix = ""
    if word.startswith("وال") and len(word) > 4:
        prefix, word = "wa ", word[1:]
    if word.startswith("ال") and len(word) > 3:
        prefix, word = f"{prefix}al-", word[2:]
    elif word.startswith("لل") and len(word) > 3:
        prefix, word = "li al-", word[2:]
    return prefix, word


def _read_letters(word: str) -> str:
    """Read a word letter by letter; و and ي are vowels between consonants, else glides."""
    out: list[str] = []
    for index, char in enumerate(word):
        before = word[index - 1] if index else ""
        after = word[index + 1] if index + 1 < len(word) else ""
        out.append(_read_letter(char, before=before, after=after, initial=index == 0))
    return "".join(out)


def _read_letter(char: str, *, before: str, after: str, initial: bool) -> str:
    if char in ("ا", "ى", "ة"):
        return "a"
    if char == "و":
        glide = initial or before == "ا" or after in _VOWEL_LETTERS
        return "w" if glide else "u"
    if char == "ي":
        glide = initial or before == "ا" or after in _VOWEL_LETTERS
        return "y" if glide else "i"
    if char == "ع":
        # ʿayn is dropped like the apostrophe that writes it in Latin, but a vowel must
        # follow it where no vowel letter does: word-initially and between consonants
        # that vowel is most often a ("Abd", "Adnani", "Saad", "Jafar").
        beside_vowel = before in _VOWEL_LETTERS or after in _VOWEL_LETTERS
        return "a" if initial or not beside_vowel else ""
    return _CONSONANTS.get(char, char)


@cache
def _lexicon() -> dict[str, str]:
    """The word readings shipped with the package, plus the Arabic forms of the nisbas."""
    words = _read_data("arabic_words.yaml", "words")
    lexicon: dict[str, str] = {}
    for entry in _read_data("nisbas.yaml", "nisbas"):
        if isinstance(entry, dict):
            for arabic in entry.get("arabic") or ():
                lexicon[normalise_arabic(str(arabic))] = str(entry.get("nisba", "")).casefold()
    for arabic, latin in words.items():
        if not isinstance(latin, str) or not araby.is_arabicword(normalise_arabic(str(arabic))):
            raise ConfigurationError(f"arabic_words.yaml: bad entry {arabic!r}: {latin!r}")
        lexicon[normalise_arabic(str(arabic))] = latin
    return lexicon


def _read_data(name: str, section: str) -> Any:
    path = resources.files("allegiance.resolve").joinpath("data").joinpath(name)
    raw = load_yaml(path.read_text("utf-8"))
    body = raw.get(section) if isinstance(raw, dict) else None
    if not body:
        raise ConfigurationError(f"{name} must hold a `{section}` section")
    return body
