"""Claim drafts (spans found by `nlp.claims`) → stored claims with entities, place, date, grade.

Each argument span is matched to the resolved mention that covers it; a span no mention
covers ("Iraqi troops") is resolved like a mention. Dates come from the document's resolved
date mentions, places keep their precision code, and every claim gets an Admiralty grade
from its source and hedge.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from allegiance.model import (
    Argument,
    Claim,
    Document,
    FuzzyDate,
    Hedge,
    Mention,
    PlacePrecision,
    Quantity,
    Quote,
    load_taxonomy,
)
from allegiance.nlp.claims import ClaimDraft, SpanRef
from allegiance.nlp.dates import DateMention
from allegiance.resolve.grading import GradingTable
from allegiance.store import KnowledgeBase
from allegiance.workflow.resolution import DocumentContext, Resolver


@dataclass(frozen=True, slots=True)
class DraftSource:
    """Everything known about the document a draft came from."""

    document: Document
    document_id: str
    mentions: Sequence[Mention]
    dates: Sequence[DateMention]
    context: DocumentContext


def to_claims(
    drafts: Iterable[ClaimDraft],
    *,
    source: DraftSource,
    kb: KnowledgeBase,
    resolver: Resolver,
    grading: GradingTable,
) -> list[Claim]:
    """The claims of a document; a draft without a resolvable subject is left out."""
    taxonomy = load_taxonomy()
    claims = []
    for draft in drafts:
        if draft.type not in taxonomy or draft.subject is None:
            continue
        subject = _entity(draft.subject, source=source, kb=kb, resolver=resolver)
        if subject is None:
            continue
        claims.append(
            _claim(draft, subject, source=source, kb=kb, resolver=resolver, grading=grading)
        )
    return claims


def _claim(
    draft: ClaimDraft,
    subject_id: str,
    *,
    source: DraftSource,
    kb: KnowledgeBase,
    resolver: Resolver,
    grading: GradingTable,
) -> Claim:
    hedge = Hedge(draft.hedge)
    place_id, precision = None, None
    if draft.place is not None:
        place_id, precision = resolver.resolve_place(kb, source.context, draft.place.text)
    qualifiers = dict(draft.qualifiers)
    for slot, span in draft.antecedents.items():
        qualifiers[f"{slot}_written_as"] = f"{span.text} [{span.start}:{span.end}]"
    attributed = draft.attributed_to
    return Claim(
        type=draft.type,
        subject_id=subject_id,
        document_id=source.document_id,
        extractor=draft.extractor,
        quote=Quote(draft.quote.text, draft.quote.start, draft.quote.end),
        object=_object(draft, source=source, kb=kb, resolver=resolver),
        place_id=place_id,
        place_precision=PlacePrecision(precision) if precision else None,
        date=_date(draft.date, source.dates),
        quantity=Quantity(*draft.quantity) if draft.quantity else None,
        attributed_to_id=_entity(attributed, source=source, kb=kb, resolver=resolver)
        if attributed
        else None,
        hedge=hedge,
        confidence=draft.confidence,
        grade=grading.grade(source.document.source, hedge),
        qualifiers=qualifiers,
    )


def _object(
    draft: ClaimDraft, *, source: DraftSource, kb: KnowledgeBase, resolver: Resolver
) -> Argument | None:
    if draft.object is not None:
        entity_id = _entity(draft.object, source=source, kb=kb, resolver=resolver)
        if entity_id is not None:
            return Argument(entity_id=entity_id)
        return Argument(literal=draft.object.text)
    if draft.object_literal:
        return Argument(literal=draft.object_literal)
    return None


def _entity(
    span: SpanRef, *, source: DraftSource, kb: KnowledgeBase, resolver: Resolver
) -> str | None:
    """The entity of the mention that best covers `span`, else the span resolved on its own."""
    if span.label == "HANDLE" and span.start == span.end:  # a post's author
        return resolver.resolve_span(kb, source.context, span.text, label="HANDLE")
    covering = [
        mention
        for mention in source.mentions
        if mention.entity_id and mention.start < span.end and span.start < mention.end
    ]
    if covering:
        best = max(covering, key=lambda m: (_overlap(m, span), m.end - m.start))
        return best.entity_id
    return resolver.resolve_span(kb, source.context, span.text, label=span.label)


def _overlap(mention: Mention, span: SpanRef) -> int:
    return min(mention.end, span.end) - max(mention.start, span.start)


def _date(span: SpanRef | None, dates: Sequence[DateMention]) -> FuzzyDate | None:
    if span is None:
        return None
    for mention in dates:
        if mention.start_char < span.end and span.start < mention.end_char and mention.resolution:
            return mention.resolution.date
    return None
