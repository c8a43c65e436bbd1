"""Date expressions in a spaCy Doc: find them, resolve them, pick the date of the event.

The statistical model finds most dates ("June 17", "yesterday") but misses or cuts others
("the day before", "earlier this week", "overnight", "Sunday night", "mid-June"), so our own
patterns add them. Where a pattern and a model entity overlap, the pattern wins: its forms
are written to be complete, while the model's DATE entities sometimes run into
neighbouring words ("Oct. 8) - Afghan"). Resolution is `allegiance.resolve.dates`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span

from allegiance.resolve.dates import DateResolution, resolve_dates

_DAY_PART = r"(?:morning|afternoon|evening|night)"
_COUNT = r"(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|a few|few|several)"
_RELATIVE = re.compile(
    r"\b(?:the\sday\s(?:before\syesterday|after\stomorrow)"
    r"|the\s(?:day|night|evening|week)\s(?:before|prior|earlier|after)"
    r"(?!\s+(?:the|a|an|his|her|its|their|this|that)\b)"
    r"|the\s(?:previous|prior|following|next|same)\s(?:day|night|morning|evening|week)"
    r"|(?:earlier|later)\s(?:that|this|in\sthe)\s(?:day|night|morning|evening|week|month|year)"
    r"|that\s(?:day|night|morning|evening|afternoon)"
    rf"|{_COUNT}\s(?:days?|weeks?|months?|years?)\s(?:earlier|later|ago)"
    rf"|yesterday(?:\s{_DAY_PART})?|today|tomorrow|tonight|overnight"
    r"|last\s(?:night|evening|week|month|year|weekend)"
    rf"|this\s(?:{_DAY_PART}|week|month|year|weekend)|the\sweekend"
    rf"|(?:the\s)?(?:past|last)\s(?:{_COUNT}\s)?(?:hours|days|nights|weeks)|recent\sdays"
    r")\b",
    re.IGNORECASE,
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
_DAYS = r"\d{1,2}(?:st|nd|rd|th)?(?:\s?(?:-|–|to)\s?\d{1,2}(?:st|nd|rd|th)?)?"
_CALENDAR = re.compile(
    rf"\b(?:(?:{_WEEKDAY}),?\s)?(?:{_MONTH}\s{_DAYS}\b(?:,?\s\d{{4}}\b)?"
    rf"|{_DAYS}\s(?:of\s)?{_MONTH}(?:\s\d{{4}}\b)?)"
    rf"|\b(?:[Ee]arly|[Mm]id|[Ll]ate)[\s-]{_MONTH}(?:\s\d{{4}}\b)?"
    rf"|\b(?:(?:[Ee]arly|[Ll]ate)\s(?:on\s)?)?(?:(?:[Ll]ast|[Tt]his\spast|[Nn]ext)\s)?{_WEEKDAY}"
    rf"(?:\s{_DAY_PART})?\b"
    r"|\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b"
)
_MAX_STEPS = 6  # how far up the parse to look for a governing verb
_REPORTING_VERBS = frozenset(
    ("say", "report", "confirm", "announce", "state", "release", "tell", "add", "claim", "note")
)


@dataclass(frozen=True)
class DateMention:
    """A date expression in a document, where it is, and what it resolved to."""

    start_char: int
    end_char: int
    text: str
    sentence: int
    resolution: DateResolution | None


def date_spans(doc: Doc) -> list[Span]:
    """The date expressions of `doc`: our patterns, then the model's DATE entities that do
    not overlap them; no two spans overlap, sorted by position."""
    found = sorted(_pattern_spans(doc), key=lambda span: span.start_char - span.end_char)
    taken: list[Span] = []
    for span in [*found, *(entity for entity in doc.ents if entity.label_ == "DATE")]:
        if not any(span.start < other.end and other.start < span.end for other in taken):
            taken.append(span)
    return sorted(taken, key=lambda span: span.start)


def resolve_doc_dates(doc: Doc, *, published: date) -> list[DateMention]:
    """Every date expression of `doc`, resolved against the publication date; a chained one
    ("the day before") against the last date resolved in an earlier sentence."""
    spans = date_spans(doc)
    sentences = _sentence_indices(doc, spans)
    resolutions = resolve_dates(
        [(span.text, sentence) for span, sentence in zip(spans, sentences, strict=True)],
        published=published,
    )
    return [
        DateMention(span.start_char, span.end_char, span.text, sentence, resolution)
        for span, sentence, resolution in zip(spans, sentences, resolutions, strict=True)
    ]


def pick_event_date(
    doc: Doc, mentions: Sequence[DateMention], *, published: date, after_char: int = 0
) -> DateMention | None:
    """The mention that most likely dates the first event the document reports.

    Candidates are the mentions from `after_char` on (past a dateline) that resolved to one
    day on or before publication. The first one governed by an event verb wins; then the
    first one that is not about the telling (see `event_attachment`); None when there is
    no candidate.
    """
    candidates = [
        mention
        for mention in mentions
        if mention.start_char >= after_char
        and mention.resolution is not None
        and mention.resolution.date.precision == "day"
        and mention.resolution.date.end <= published
    ]
    ranked = sorted(candidates, key=lambda m: (event_attachment(doc, m), m.start_char))
    return ranked[0] if ranked else None


def event_attachment(doc: Doc, mention: DateMention) -> int:
    """How surely a date mention dates an event, from its place in the dependency parse.

    0: the nearest verb governing it reports an event ("detained ... Sunday"); 1: no such
    verb, or the date sits deeper under a reporting verb ("confirmed the arrest ... Oct.
    19"); 2: it dates the telling ("confirmed today") or names another event before its
    noun ("the Aug. 7 attack"). Without a parse, every mention is 1.
    """
    span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
    if span is None or not doc.has_annotation("DEP"):
        return 1
    root = span.root
    if root.head.pos_ in ("NOUN", "PROPN"):
        return 2 if root.i < root.head.i else 1
    token, steps = root, 0
    while token.head is not token and steps < _MAX_STEPS:
        token, steps = token.head, steps + 1
        if token.pos_ == "VERB":
            if token.lemma_.casefold() not in _REPORTING_VERBS:
                return 0
            return 2 if steps == 1 else 1
    return 1


def _pattern_spans(doc: Doc) -> Iterator[Span]:
    for pattern in (_RELATIVE, _CALENDAR):
        for match in pattern.finditer(doc.text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None:
                yield span


def _sentence_indices(doc: Doc, spans: Sequence[Span]) -> list[int]:
    """The index of the sentence holding each span; all 0 when `doc` has no sentences."""
    if not doc.has_annotation("SENT_START"):
        return [0] * len(spans)
    starts = [sentence.start for sentence in doc.sents]
    return [bisect.bisect_right(starts, span.start) - 1 for span in spans]
