"""Names in any script → one Latin matching key.

`latin_key` is THE key names are matched on (exactly first, then by fuzzy ratio). Every
rule below exists because the same Arabic name reaches us spelled many ways: in Arabic
script, in English, French and German transliterations, in scholarly transliteration
with diacritics, and upper-cased by sanctions lists.

Rules, in the order applied (each applies to every input, so keys stay comparable):

1. Arabic script is transliterated with our own table (`allegiance.resolve.arabic`):
   alef forms, ta marbuta, alef maqsura, diacritics and tatweel are normalised first.
2. ʿ ʾ ' ‘ ’ and other apostrophes are dropped: they write ʿayn and hamza, which most
   spellings omit ("Qa'ida" = "Qaida"); "Abu'l-Walid" first becomes "Abu al-Walid".
3. Diacritics are stripped and other scripts romanised by anyascii ("Qāʿida", Cyrillic).
4. Case is folded and anything but letters and digits separates words, so hyphens and
   spaces count the same ("Al-Bukamal" = "Albu Kamal" once joined).
5. Articles: al-, el-, ul- and the assimilated forms (ash-Sham, ad-Din, az-Zarqawi,
   ez-Zor, an-Nusra: a-/e-/u- + the consonant that starts the next word) become "al"
   and are attached to the next word once that word is normalised (so rules 6-9 read
   the word's own first letter: "al-Ebrahim" = "al-Ibrahim"); "wal-" is "wa al-";
   Abdul/Abdel/Abdal + X is "Abd al-X". ibn/bin/ben/bn are "bin". A word ending in -at
   before an al- word loses its t: the ta marbuta of a construct ("Jabhat al-Nusra"),
   which Arabic script writes ة whether it is pronounced or not.
6. Consonant spellings that differ between English, French and German renderings of
   one Arabic letter fall together: q/k, c/k, ch/sh, dj/j, g/j (not gh or ng), v/w,
   ph/f, x/ks.
7. Doubled consonants are single (Muhammad/Muhamad: Arabic writes the shadda
   invisibly, Latin spellings keep or drop it at will).
8. Vowels: ou/oo → u, ee/ie/ei/ai/ae → i, ay/ey before a consonant → i, aw/ow before
   a consonant → u (Dayr/Deir, Zawr/Zour, Husayn/Hussein); iy/uw before a vowel → y/w
   (Islamiyya/Islamiya); a word-initial e → i (Ebrahim, Essam); then e → a and o → u
   (Mohamed, Omar); y after a consonant and not before a vowel → i (Samy).
9. Doubled letters are single again and a final -ah is -a (ta marbuta: Hamzah/Hamza),
   also across the joins of words ("wa al-Jihad" = "wal-Jihad"); the joined key is keyed
   again until it no longer changes, so `latin_key` is idempotent.

The key is the words joined without spaces, so "Abu Bakr" = "Abubakr".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from allegiance.resolve.arabic import has_arabic, transliterate

_ELIDED_ARTICLE = re.compile(r"['ʼ’‘ʾ`]l-", re.IGNORECASE)
_APOSTROPHES = re.compile("['ʿʾʼʻ‘’`´′ʹ\u02be\u02bf\u02c8]")
_ASSIMILATED = re.compile(r"\b[aeu](sh|th|dh|t|d|r|z|s|n|l)[-\s]+(?=\1)")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_DOUBLED = re.compile(r"(.)\1+")
_SETTLE_ROUNDS = 8
_ABD_AL = re.compile(r"^abd[aeiou]{1,2}(?:l|(sh|th|dh|[tdrzsn])(?=\1))")
_ARTICLES = frozenset({"al", "el", "ul", "il"})
_SONS = {"ibn": "bin", "bin": "bin", "ben": "bin", "bn": "bin", "ibnu": "bin", "bint": "bint"}

_CONSONANTS = (
    (re.compile(r"ck|q"), "k"),
    (re.compile(r"tch|ch"), "sh"),
    (re.compile(r"dj"), "j"),
    (re.compile(r"(?<!n)g(?!h)"), "j"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"c"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"v"), "w"),
    (re.compile(r"([b-df-hj-np-tv-z])\1+"), r"\1"),
)
_VOWELS = (
    (re.compile(r"ou|oo"), "u"),
    (re.compile(r"ee|ie|ei|ai|ae"), "i"),
    (re.compile(r"[ae]y(?![aeiou])"), "i"),
    (re.compile(r"[ao]w(?![aeiou])"), "u"),
    (re.compile(r"iy(?=[aeiou])"), "y"),
    (re.compile(r"uw(?=[aeiou])"), "w"),
    (re.compile(r"^e"), "i"),
    (re.compile(r"e"), "a"),
    (re.compile(r"o"), "u"),
    (re.compile(r"(?<=[^aeiouy])y(?![aeiou])"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"(?<=.[a-z])ah$"), "a"),
)


@lru_cache(maxsize=1 << 16)
def latin_key(text: str) -> str:
    """The matching key of a name written in any script (see the module's rules).

    Cached: names recur (every parse of a name keys each of its words).
    """
    key = _DOUBLED.sub(r"\1", "".join(_tokens(text)))
    # Joining words can bring letters together that a rule reads differently ("Sala
    # Ibrahim" → "salaibrahim", with "ai"): key the key again until it stands, so that
    # keying a key changes nothing.
    for _ in range(_SETTLE_ROUNDS):
        again = _DOUBLED.sub(r"\1", "".join(_tokens(key)))
        if again == key:
            break
        key = again
    return key


def name_tokens(text: str) -> list[str]:
    """The key of each word of a name; an article is attached to the word after it."""
    return list(_tokens(text))


@lru_cache(maxsize=1 << 16)
def _tokens(text: str) -> tuple[str, ...]:
    tokens = (f"{article}{_normalise_word(word)}" for article, word in _words(text))
    return tuple(token for token in tokens if token)


def bare_key(text: str) -> str:
    """The key of a word or name without its leading article ("al-Libi" → "libi")."""
    tokens = list(_tokens(text))
    if tokens and tokens[0].startswith("al") and len(tokens[0]) > 2:
        tokens[0] = tokens[0][2:]
    return _DOUBLED.sub(r"\1", "".join(tokens))


def _romanise(text: str) -> str:
    if has_arabic(text):
        text = transliterate(text)
    text = _APOSTROPHES.sub("", _ELIDED_ARTICLE.sub(" al-", text))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _APOSTROPHES.sub("", anyascii(text)).casefold()


def _words(text: str) -> list[tuple[str, str]]:
    """(article, word) pairs: the article is "al" or ""; the word is not normalised yet,
    so word-initial rules see the word's own first letter."""
    romanised = _ASSIMILATED.sub("al ", _romanise(text))
    words: list[tuple[str, str]] = []
    pending = ""
    for raw in _SEPARATORS.split(romanised):
        for word in _split_particles(raw):
            if word in _ARTICLES:
                pending = "al"
                continue
            words.append((pending, _SONS.get(word, word)))
            pending = ""
    if pending:
        words.append((pending, ""))
    if not words:
        return []
    construct = [
        word.endswith("at")
        and len(word) > 3
        and bool(following[0] or following[1].startswith("al"))
        for (_, word), following in zip(words, [*words[1:], ("", "")], strict=True)
    ]
    return [
        (article, word[:-1] if is_construct else word)
        for (article, word), is_construct in zip(words, construct, strict=True)
    ]


def _split_particles(word: str) -> list[str]:
    """ "wal" → wa al; "abdul", "abdelkader", "abdurrahman" → abd al (kader, rahman)."""
    if word == "wal":
        return ["wa", "al"]
    if match := _ABD_AL.match(word):
        rest = word[match.end() :]
        return ["abd", "al", rest] if rest else ["abd", "al"]
    return [word] if word else []


def _normalise_word(word: str) -> str:
    for pattern, replacement in (*_CONSONANTS, *_VOWELS):
        word = pattern.sub(replacement, word)
    return word
