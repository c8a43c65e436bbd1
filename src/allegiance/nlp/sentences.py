"""Sentence boundaries our rules are sure of, set before the parser decides the rest.

The statistical parser splits inside quotations ("We took the town. It is ours," he said)
and glues datelines and bylines to the first sentence. `allegiance.sentences.v1` finds
those segments in the text and fixes `Token.is_sent_start` only there (True or False);
every other token stays unset (None) for the parser.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, cast

import numpy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

from allegiance.nlp.components import SENTENCES, factory_name

SegmentKind = Literal["quotation", "dateline", "byline", "paragraph"]

# A quotation never crosses a line: an unclosed quote must not swallow the document.
_QUOTATION = re.compile(r'"[^"\n]+"|“[^“”\n]+”|«[^«»\n]+»')
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z'’\-]+(?:[ \t]+[A-Z][A-Z'’\-]*){0,3})"
    r"(?P<country>,[ \t]*[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)?"
    rf"(?P<date>,?[ \t]*(?:{_MONTH}[ \t]+\d{{1,2}}|\d{{1,2}}[ \t]+{_MONTH})(?:,?[ \t]+\d{{4}})?)?"
    r"(?P<agency>[ \t]*\([A-Z][\w.&'’ \-]{0,30}\))?"
    r"[ \t]*(?:--?|–|—)[ \t]+(?=\S)",
    re.MULTILINE,
)
_NAME = r"(?:[A-Z][\w'’.\-]*(?:[ \t]+(?:[A-Z][\w'’.\-]*|al-\w+|bin|ibn|de|van|von))*)"
_BYLINE = re.compile(
    rf"^[ \t]*(?:By|BY)[ \t]+{_NAME}(?:(?:[ \t]*[,&][ \t]*|[ \t]+and[ \t]+){_NAME})*[ \t\r]*$",
    re.MULTILINE,
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n\s*(?=\S)")
_MAX_HEADER_CHARS = 120


@dataclass(frozen=True, slots=True)
class Segment:
    """Characters `start`..`end` that our rules keep together (or, for a break, split at)."""

    start: int
    end: int
    kind: SegmentKind


def find_segments(text: str) -> list[Segment]:
    """Quotations, datelines, bylines and paragraph breaks, in the order they are applied."""
    quotations = [Segment(m.start(), m.end(), "quotation") for m in _QUOTATION.finditer(text)]
    headers = [*_datelines(text), *_bylines(text)]
    breaks = [Segment(m.start(), m.end(), "paragraph") for m in _PARAGRAPH_BREAK.finditer(text)]
    return quotations + headers + breaks


def _datelines(text: str) -> Iterator[Segment]:
    for match in _DATELINE.finditer(text):
        # A bare "WORD —" is only trusted as the first line; elsewhere it may be a heading.
        qualified = match["country"] or match["date"] or match["agency"] or match.start() == 0
        if qualified and match.end() - match.start() <= _MAX_HEADER_CHARS:
            yield Segment(match.start("place"), match.end(), "dateline")


def _bylines(text: str) -> Iterator[Segment]:
    for match in _BYLINE.finditer(text):
        if match.end() - match.start() <= _MAX_HEADER_CHARS:
            yield Segment(match.start(), match.end(), "byline")


def annotate_boundaries(doc: Doc, segments: list[Segment]) -> Doc:
    """Write `is_sent_start` for the tokens each segment decides; later segments win."""
    if not segments:
        return doc
    decisions = decide_boundaries(doc, segments)
    # One array write: Token.is_sent_start's setter scans the whole Doc on every call.
    values = doc.to_array("SENT_START").astype(numpy.int64)
    for index, value in decisions.items():
        if 0 < index < len(doc):
            values[index] = 1 if value else -1
    column = values.astype(numpy.uint64).reshape(-1, 1)  # -1 wraps, as spaCy stores it
    doc.from_array(["SENT_START"], cast(Ints2d, column))
    return doc


def decide_boundaries(doc: Doc, segments: list[Segment]) -> dict[int, bool]:
    """Token index → whether a sentence starts there, for the tokens the segments decide."""
    starts: list[int] = doc.to_array("IDX").tolist()
    decisions: dict[int, bool] = {}
    for segment in segments:
        # Tokens overlapping the segment: from the one holding its first character to the
        # last one starting before its end (spaCy's char_span scans the whole Doc).
        first = max(bisect_right(starts, segment.start) - 1, 0)
        end = bisect_left(starts, segment.end)
        if first >= end:
            continue
        if segment.kind == "paragraph":
            decisions[end] = True
        elif segment.kind == "quotation":
            decisions.update(_quotation(doc, first, end))
        else:
            decisions[first] = True
            decisions.update(dict.fromkeys(range(first + 1, end), False))
            decisions[_next_word(doc, end)] = True
    return decisions


def _quotation(doc: Doc, start: int, end: int) -> dict[int, bool]:
    """No split after the opening mark, nor after the closing one when the sentence goes on."""
    decisions = dict.fromkeys(range(start + 1, end), False)
    after = _next_word(doc, end)
    if after < len(doc) and (doc[end - 2].text == "," or doc[after].is_lower):
        decisions[after] = False
    return decisions


def _next_word(doc: Doc, index: int) -> int:
    while index < len(doc) and doc[index].is_space:
        index += 1
    return index


@Language.component(factory_name(SENTENCES), assigns=["token.is_sent_start"])
def sentence_rules(doc: Doc) -> Doc:
    """Find quotations, datelines, bylines and paragraph breaks; then fix their boundaries."""
    return annotate_boundaries(doc, find_segments(doc.text))
