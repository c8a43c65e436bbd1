"""One call from a text to our own types: the door through which nothing of spaCy leaves.

Stages above `nlp/` hold an `Analyser` and get back `TextAnalysis` records (mentions with
their gazetteer keys, resolved date mentions, sentence offsets) — never a Doc or a Span.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from allegiance.nlp.claims import ClaimDraft, SpanRef, extract_claims
from allegiance.nlp.dates import DateMention, resolve_doc_dates
from allegiance.nlp.gazetteer import GazetteerTerm
from allegiance.nlp.mentions import KeyedMention, extract_mentions_with_keys
from allegiance.nlp.pipeline import build_pipeline
from allegiance.settings import Settings

MENTIONS = "allegiance.mentions.v1"


@dataclass(frozen=True, slots=True)
class TextAnalysis:
    """What the pipeline found in one text, with character offsets into it."""

    document_id: str
    mentions: tuple[KeyedMention, ...]
    dates: tuple[DateMention, ...]
    sentences: tuple[tuple[int, int], ...]
    claims: tuple[ClaimDraft, ...] = ()


@dataclass(frozen=True, slots=True)
class TextJob:
    document_id: str
    text: str
    published: date | None
    author: SpanRef | None = None


class Analyser:
    """Holds the loaded pipeline; built once per batch (loading a model takes seconds)."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp

    @classmethod
    def build(cls, settings: Settings, *, terms: Iterable[GazetteerTerm] = ()) -> Analyser:
        return cls(build_pipeline(settings, terms=terms))

    def analyse(self, job: TextJob) -> TextAnalysis:
        return _to_analysis(self._nlp(job.text), job)


def _to_analysis(doc: Doc, job: TextJob) -> TextAnalysis:
    mentions = extract_mentions_with_keys(doc, document_id=job.document_id, extractor=MENTIONS)
    dates = resolve_doc_dates(doc, published=job.published) if job.published else []
    sentences = tuple((sent.start_char, sent.end_char) for sent in doc.sents)
    claims = extract_claims(doc, author=job.author, published=job.published)
    return TextAnalysis(job.document_id, tuple(mentions), tuple(dates), sentences, tuple(claims))
