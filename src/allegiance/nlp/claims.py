"""Claims out of a parsed Doc: the public entry of the extractor.

`extract_claims(doc, author=..., published=...)` runs the claim rules — trigger words with
their dependency arguments (`claim_events`), control phrases (`claim_states`), casualty
counts (`claim_casualties`), roles and accounts (`claim_roles`), then statements
(`claim_statements`), which need the other claims — and returns `ClaimDraft`s, which hold
character offsets only. Attribution, hedges, coreference and quantities are filled by the
modules of those names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Token

from allegiance.nlp.attribution import attribution_of, reporting_verb
from allegiance.nlp.claim_casualties import casualty_claims
from allegiance.nlp.claim_context import DocContext
from allegiance.nlp.claim_drafts import EXTRACTOR, ClaimDraft, SpanRef
from allegiance.nlp.claim_events import event_claims
from allegiance.nlp.claim_roles import role_claims
from allegiance.nlp.claim_statements import statement_claims
from allegiance.nlp.claim_states import state_claims

_MAX_REPORTS = 4
# Claims of a state, which holds as of the telling rather than on the day of an event.
_STATES = frozenset({"territory.control", "territory.presence", "allegiance.membership",
                     "account.operator", "account.link"})  # fmt: skip
__all__ = ["EXTRACTOR", "ClaimDraft", "SpanRef", "extract_claims"]


def extract_claims(
    doc: Doc, *, author: SpanRef | None = None, published: date | None = None
) -> list[ClaimDraft]:
    """Every claim `doc` states, in text order, without duplicates.

    `author` (a post's account) is the subject of first-person statements outside quotes.
    `published` is accepted for callers that resolve dates; spans are returned unresolved.
    """
    del published  # dates are returned as spans; resolution is the caller's (nlp.dates)
    if not doc.has_annotation("DEP"):
        return []
    ctx = DocContext.build(doc, author=author)
    found: dict[tuple[object, ...], ClaimDraft] = {}
    for rule in (event_claims, state_claims, casualty_claims, role_claims):
        for draft in rule(ctx):
            found.setdefault(_key(draft), draft)
    # A bare "X said" whose content is already claimed is that claim's attribution, not
    # a statement of its own.
    reporters = {v.i for d in found.values() for v in _reporting_verbs(d, ctx)}
    statements = statement_claims(ctx, reported=reporters, earlier=list(found.values()))
    for draft in _without_plain_duplicates(list(statements)):
        found.setdefault(_key(draft), draft)
    ordered = sorted(
        found.values(), key=lambda d: (d.quote.start, d.trigger.start if d.trigger else 0)
    )
    return list(_with_paragraph_dates(ordered, text=doc.text))


def _with_paragraph_dates(drafts: list[ClaimDraft], *, text: str) -> Iterator[ClaimDraft]:
    """An undated event claim takes the date of the last dated claim of its paragraph
    ("ISIS stormed X on Monday. Soldiers fled."); a forecast or a statement keeps none."""
    last: ClaimDraft | None = None
    for draft in drafts:
        if last is not None and "\n" in text[last.quote.start : draft.quote.start]:
            last = None  # a new paragraph
        if draft.date is not None:
            if not draft.type.startswith("statement"):
                last = draft
            yield draft
        elif last is not None and last.date is not None and _takes_carried_date(draft):
            yield replace(draft, date=last.date)
        else:
            yield draft


def _takes_carried_date(draft: ClaimDraft) -> bool:
    """An event, not a forecast, a statement or a state (a state holds as of the telling)."""
    if draft.hedge == "expected" or draft.type.startswith("statement"):
        return False
    return draft.type not in _STATES and not draft.type.startswith("attribute.")


def _reporting_verbs(draft: ClaimDraft, ctx: DocContext) -> Iterator[Token]:
    """The verbs that report the claim, innermost first ("HRW said photos showed …")."""
    span = ctx.doc.char_span(draft.trigger.start, draft.trigger.end) if draft.trigger else None
    verb = attribution_of(span.root, quotes=ctx.quotes).verb if span is not None else None
    for _ in range(_MAX_REPORTS):
        if verb is None:
            return
        yield verb
        verb = reporting_verb(verb)


def _without_plain_duplicates(drafts: list[ClaimDraft]) -> list[ClaimDraft]:
    """A plain `statement` adds nothing beside a denial or a condemnation by the same speaker
    in the same sentence ("condemned … and said")."""
    typed = {(d.subject, d.quote.start) for d in drafts if d.type != "statement"}
    return [d for d in drafts if d.type != "statement" or (d.subject, d.quote.start) not in typed]


def _key(draft: ClaimDraft) -> tuple[object, ...]:
    def at(ref: SpanRef | None) -> tuple[int, int] | None:
        return (ref.start, ref.end) if ref is not None else None

    return (draft.type, at(draft.subject), at(draft.object), draft.object_literal,
            at(draft.place), draft.quote.start)  # fmt: skip
