"""Casualty counts whose perpetrator the sentence leaves unsaid: "about 30 members of the
security forces had been killed", "at least 9 dead". They are `violence.killing` claims
with no subject, the victims as object and the count as quantity; a killing with a named
killer is an event claim (`claim_events`).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from allegiance.nlp.claim_context import DocContext, assertion_of, date_of, quote_of, token_ref
from allegiance.nlp.claim_drafts import ClaimDraft
from allegiance.nlp.quantities import parse_number, wounded_or_killed


def casualty_claims(ctx: DocContext) -> Iterator[ClaimDraft]:
    for token in ctx.doc:
        quantity = _count(token)
        if quantity is None:
            continue
        victims = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        obj = ctx.arguments.actor(victims) if victims is not None else None
        place = ctx.arguments.place_of(token)
        assertion = assertion_of(token, ctx)
        yield ClaimDraft(
            type="violence.killing",
            subject=None,
            object=obj.ref if obj is not None and obj.ref.label else None,
            object_literal=obj.ref.text if obj is not None and not obj.ref.label else None,
            place=place.ref if place is not None else None,
            date=date_of(token, ctx.dates, forecast=assertion.hedge == "expected"),
            quantity=quantity,
            attributed_to=assertion.attributed_to,
            hedge=assertion.hedge,
            quote=quote_of(token),
            trigger=token_ref(token),
            antecedents=dict(assertion.antecedents),
            confidence=0.4,
        )


def _count(token: Token) -> tuple[float, str] | None:
    """The count of a killing with no agent ("had been killed"), or of "N dead"."""
    lemma = token.lemma_.lower()
    if lemma == "kill" and token.pos_ == "VERB":
        passive = any(c.dep_ == "auxpass" for c in token.children)
        if not passive or any(c.dep_ == "agent" for c in token.children):
            return None
        return wounded_or_killed(token)
    if lemma == "dead" and token.pos_ == "ADJ":
        for child in token.children:
            if child.dep_ == "nummod" and (value := parse_number(child.text)) is not None:
                return value, "killed"
    return None
