"""What every claim rule needs about one document: the Doc, its anaphor resolver, its
quotations and dates, the post's author and the places claimed so far; and the
sentence-level slots they share."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from allegiance.nlp.attribution import QuoteRegion, attribution_of, find_quotes
from allegiance.nlp.claim_arguments import Argument, Arguments
from allegiance.nlp.claim_drafts import SpanRef
from allegiance.nlp.coreference import Salience, relayed_author, span_ref
from allegiance.nlp.dates import date_spans
from allegiance.nlp.hedges import hedge_of

_PARTY_LABELS = frozenset({"GROUP"})


@dataclass
class DocContext:
    doc: Doc
    arguments: Arguments
    quotes: list[QuoteRegion]
    dates: list[Span]
    author: SpanRef | None = None
    claimed_places: list[tuple[int, Argument]] = field(default_factory=list)

    def last_claimed_place(self, before: int) -> Argument | None:
        """The place of the last claim (with a place it names) stated before `before`."""
        found = [place for at, place in self.claimed_places if at < before]
        return found[-1] if found else None

    @classmethod
    def build(cls, doc: Doc, *, author: SpanRef | None) -> DocContext:
        quotes = find_quotes(doc)
        speakers = [(q.start, q.end, q.speaker) for q in quotes if q.speaker is not None]
        author = relayed_author(doc) or author
        salience = Salience(doc, author=author, speakers=speakers)
        return cls(doc, Arguments(salience), quotes, date_spans(doc), author)


def quote_of(token: Token) -> SpanRef:
    """The sentence of `token`, trimmed of edge whitespace (an exact substring)."""
    return span_ref(token.sent)


def token_ref(token: Token) -> SpanRef:
    return SpanRef(token.idx, token.idx + len(token.text), token.text, None)


def date_of(trigger: Token, dates: list[Span], *, forecast: bool = False) -> SpanRef | None:
    """The date expression the trigger governs; else the date of a clause above it ("said on
    Friday that … seized"), unless the claim is a `forecast`, whose date is only its own."""
    sent = trigger.sent
    inside = [d for d in dates if sent.start <= d.start < sent.end]
    governors = [trigger, *(c for c in trigger.children if c.dep_ == "xcomp")]  # "stopped posting"
    if trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "pobj"):
        governors.append(trigger.head if trigger.dep_ == "dobj" else trigger.head.head)
    if trigger.pos_ == "NOUN" and trigger.dep_ in ("nsubj", "nsubjpass"):
        governors.append(trigger.head)  # "clashes broke out yesterday"
    for span in inside:
        if _governing_verb(span.root) in governors:
            return span_ref(span)
    if forecast:
        return None
    above = set(trigger.ancestors)
    for span in inside:
        if _governing_verb(span.root) in above:
            return span_ref(span)
    return None


_EVENT_NOUNS = frozenset({"clash", "fighting", "siege", "capture", "fall", "attack", "assault"})


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb (or event noun, or root) above `token`."""
    for _ in range(6):
        if token.head == token:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT":
            return token
        if token.pos_ == "NOUN" and token.lemma_.lower() in _EVENT_NOUNS:
            return token
    return None


@dataclass(frozen=True, slots=True)
class Assertion:
    """Who asserts a claim and how firmly."""

    attributed_to: SpanRef | None
    hedge: str
    antecedents: dict[str, SpanRef]


def assertion_of(trigger: Token, ctx: DocContext) -> Assertion:
    """The attribution and hedge of the claim `trigger` states."""
    found = attribution_of(trigger, quotes=ctx.quotes)
    speaker: Argument | None = None
    if found.speaker is not None:
        speaker = ctx.arguments.actor(found.speaker)
    hedge = hedge_of(trigger)
    if hedge is None and found.speaker is not None:
        party = speaker is not None and speaker.ref.label in _PARTY_LABELS
        hedge = "claimed" if found.claimed or party else "reported"
    elif hedge is None and found.verb is not None:
        hedge = "reported"
    antecedents = {"attributed_to": speaker.anaphor} if speaker and speaker.anaphor else {}
    return Assertion(speaker.ref if speaker else None, hedge or "asserted", antecedents)
