"""Word-level similarity of names: soft TF-IDF over name tokens.

The plain ratio compares whole keys, so a name with a word more or less ("Yadanar Moe
Myint" / "Daw Yadanar Moe Myint", "Tariq Aziz" / "Tariq Mikhail Aziz", "Grupo Arosfran" /
"Arosfran") scores low. Soft TF-IDF (Cohen, Ravikumar & Fienberg 2003) compares the
words instead: each word is weighted by its rarity among all indexed aliases (inverse
document frequency), words pair up when their keys are close (`fuzz.ratio` ≥
`WORD_SIMILAR`), and the score is the cosine of the weighted words. Shared common words
("Abu", "Muhammad", "Company") weigh little, so "Abu Muhammad" does not meet "Abu
Muhammad al-Adnani", while a shared rare family name weighs much.
"""

from __future__ import annotations

import math
from collections import Counter

from rapidfuzz import fuzz

WORD_SIMILAR = 88.0
# Words in more aliases than this are not used to find candidates (only to score them).
_RETRIEVAL_LIMIT = 200


class TokenIndex:
    """Rows by word key, with word document frequencies for the weights. Candidates are
    found by an identical word key; close words (ratio ≥ WORD_SIMILAR) count in scoring."""

    def __init__(self) -> None:
        self._rows: dict[str, list[int]] = {}
        self._frequency: Counter[str] = Counter()
        self._documents = 0

    def add(self, row: int, tokens: tuple[str, ...]) -> None:
        self._documents += 1
        for token in set(tokens):
            self._rows.setdefault(token, []).append(row)
            self._frequency[token] += 1

    def rows(self, tokens: tuple[str, ...], *, limit: int = 200) -> list[int]:
        """Rows that share a word with `tokens`, rarest shared words first; words in more
        than `_RETRIEVAL_LIMIT` aliases find nothing (they are scored, not searched)."""
        votes: dict[int, float] = {}
        for token in set(tokens):
            rows = self._rows.get(token, ())
            if len(rows) <= _RETRIEVAL_LIMIT:
                weight = self._idf(token)
                for row in rows:
                    votes[row] = votes.get(row, 0.0) + weight
        return sorted(votes, key=lambda row: -votes[row])[:limit]

    def similarity(self, left: tuple[str, ...], right: tuple[str, ...]) -> float:
        """Soft TF-IDF cosine of two token lists, 0–100."""
        if not left or not right:
            return 0.0
        left_weights, right_weights = self._weights(left), self._weights(right)
        total = 0.0
        for token, weight in left_weights.items():
            best, partner = 0.0, ""
            for other in right_weights:
                score = fuzz.ratio(token, other)
                if score > best:
                    best, partner = score, other
            if best >= WORD_SIMILAR:
                total += weight * right_weights[partner] * best / 100
        return round(min(total, 1.0) * 100, 1)

    def _weights(self, tokens: tuple[str, ...]) -> dict[str, float]:
        raw = {token: self._idf(token) for token in set(tokens)}
        norm = math.sqrt(sum(value * value for value in raw.values())) or 1.0
        return {token: value / norm for token, value in raw.items()}

    def _idf(self, token: str) -> float:
        return math.log((self._documents + 1) / (self._frequency.get(token, 0) + 1)) + 1.0
