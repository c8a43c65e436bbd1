"""Cutting a document's text into runs so every mention and claim quote can be marked.

Mentions and quotes overlap freely (a quote contains mentions; two quotes can share
words), so the text is cut at every boundary and each run lists what covers it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from allegiance.web.schemas import MentionOut


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text; `entity_id` is the innermost resolved mention covering it."""

    text: str
    start: int
    entity_id: str | None
    mention_label: str | None
    claim_ids: tuple[str, ...]
    opens: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    claim_id: str
    start: int
    end: int


def to_runs(text: str, mentions: Sequence[MentionOut], quotes: Sequence[QuoteSpan]) -> list[Run]:
    """The text in order as runs; spans outside the text are clipped to it."""
    size = len(text)
    mentions = [m for m in mentions if 0 <= m.start < m.end <= size]
    quotes = [q for q in quotes if 0 <= q.start < q.end <= size]
    cuts = {0, size} | {m.start for m in mentions} | {m.end for m in mentions}
    cuts |= {q.start for q in quotes} | {q.end for q in quotes}
    bounds = sorted(cuts)
    runs = []
    for start, end in itertools.pairwise(bounds):
        covering = [m for m in mentions if m.start <= start and end <= m.end]
        inner = min(covering, key=lambda m: m.end - m.start, default=None)
        claims = tuple(q.claim_id for q in quotes if q.start <= start and end <= q.end)
        opens = tuple(q.claim_id for q in quotes if q.start == start)
        runs.append(
            Run(
                text=text[start:end],
                start=start,
                entity_id=inner.entity_id if inner else None,
                mention_label=inner.label if inner else None,
                claim_ids=claims,
                opens=opens,
            )
        )
    return runs
