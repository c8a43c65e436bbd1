"""Control stated by a phrase rather than a verb: "Mosul is in the hands of the Dawla",
"the town remained in rebel hands", "Rawa has been under militant control".

The holder is the phrase's `of`-object, possessor or modifier; the place is the subject (or
object: "puts the crossing in the hands of ISIS") of the clause the phrase completes.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from allegiance.nlp.claim_arguments import Argument, prep_objects
from allegiance.nlp.claim_context import DocContext, assertion_of, date_of, quote_of, token_ref
from allegiance.nlp.claim_drafts import ClaimDraft

_HOLDING = {"hand": ("in", "into"), "control": ("under",)}


def state_claims(ctx: DocContext) -> Iterator[ClaimDraft]:
    for token in ctx.doc:
        preps = _HOLDING.get(token.lemma_.lower())
        if preps is None or token.dep_ != "pobj" or token.head.lower_ not in preps:
            continue
        if token.lemma_.lower() == "hand" and token.tag_ != "NNS":
            continue  # "on the other hand"
        holder = _holder(token, ctx)
        place = _held_place(token.head, ctx) or ctx.arguments.implicit_place(token)
        if holder is None or place is None:
            continue
        assertion = assertion_of(token, ctx)
        antecedents = dict(assertion.antecedents)
        for slot, arg in (("subject", holder), ("place", place)):
            if arg.anaphor is not None:
                antecedents[slot] = arg.anaphor
        yield ClaimDraft(
            type="territory.control",
            subject=holder.ref,
            place=place.ref,
            date=date_of(token, ctx.dates),
            attributed_to=assertion.attributed_to,
            hedge=assertion.hedge,
            quote=quote_of(token),
            trigger=token_ref(token),
            antecedents=antecedents,
            confidence=0.5,
        )


def _holder(token: Token, ctx: DocContext) -> Argument | None:
    for found in prep_objects(token, ("of",)):
        return ctx.arguments.actor(found)
    for child in token.children:
        if child.dep_ in ("poss", "amod", "compound", "nmod") and child.pos_ != "PRON":
            return ctx.arguments.actor(child)
    return None


def _held_place(prep: Token, ctx: DocContext) -> Argument | None:
    verb = prep.head
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj"):
            found = ctx.arguments.place(child)
            if found is not None:
                return found
    return None
