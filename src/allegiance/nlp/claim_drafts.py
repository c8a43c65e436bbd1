"""The extractor's output types: spans by character offset, and claim drafts.

They hold no spaCy object, so stages above `nlp/` can keep them. `allegiance.nlp.claims`
re-exports them as its public contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXTRACTOR = "allegiance.claims.v1"


@dataclass(frozen=True, slots=True)
class SpanRef:
    """A span of the document text by character offsets (`label` when it is a mention)."""

    start: int
    end: int
    text: str
    label: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimDraft:
    """One claim as the text states it, before entities are resolved and it is stored.

    `subject` is the actor; under coreference it is the antecedent's span and the pronoun
    or definite noun phrase is in `antecedents` under the slot's name. `quote` is the
    sentence that states the claim: `text[quote.start:quote.end] == quote.text`.
    """

    type: str
    subject: SpanRef | None
    quote: SpanRef
    object: SpanRef | None = None
    object_literal: str | None = None
    place: SpanRef | None = None
    date: SpanRef | None = None
    quantity: tuple[float, str] | None = None
    attributed_to: SpanRef | None = None
    hedge: str = "asserted"
    trigger: SpanRef | None = None
    qualifiers: dict[str, str] = field(default_factory=dict)
    antecedents: dict[str, SpanRef] = field(default_factory=dict)
    confidence: float = 0.5
    extractor: str = EXTRACTOR
