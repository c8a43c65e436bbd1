"""Control stated by a phrase rather than a verb: "Mosul is in the hands of the Dawla",
"the town remained in rebel hands", "Rawa has been under militant control"; and its change,
a capture: "fell into the hands of", "came under the control of", "entered the authority of".

The holder is the phrase's `of`-object, possessor or modifier; the place is the subject (or
object: "puts the crossing in the hands of ISIS") of the clause the phrase completes.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from allegiance.nlp.claim_arguments import Argument, prep_objects, with_conjuncts
from allegiance.nlp.claim_context import DocContext, assertion_of, date_of, quote_of, token_ref
from allegiance.nlp.claim_drafts import ClaimDraft

_HOLDING = frozenset({"hand", "control", "authority"})
_BEING_HELD = frozenset({"in", "under"})  # "is in the hands of", "remained under … control"
_PASSING = frozenset({"fall", "come", "pass"})  # "fell into the hands of", "came under"
_ENTERING = frozenset({"enter"})  # "entered the authority of the Islamic State"


def state_claims(ctx: DocContext) -> Iterator[ClaimDraft]:
    for token in ctx.doc:
        kind = _kind(token)
        if kind is None:
            continue
        holder = _holder(token, ctx)
        clause = token.head if token.dep_ == "pobj" else token
        recent = ctx.last_claimed_place(token.idx)
        places = _held_places(clause, ctx)
        implied = ctx.arguments.implicit_place(token, recent=recent) if not places else None
        if holder is None:
            continue
        for place in places or ([implied] if implied is not None else []):
            yield _draft(kind, token, holder, place, ctx)


def _draft(
    kind: str, token: Token, holder: Argument, place: Argument, ctx: DocContext
) -> ClaimDraft:
    assertion = assertion_of(token, ctx)
    antecedents = dict(assertion.antecedents)
    for slot, arg in (("subject", holder), ("place", place)):
        if arg.anaphor is not None:
            antecedents[slot] = arg.anaphor
    return ClaimDraft(
        type=kind,
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


def _kind(token: Token) -> str | None:
    """territory.control for being in someone's hands, territory.capture for passing into
    them; None when `token` is no such phrase ("on the other hand")."""
    lemma = token.lemma_.lower()
    if lemma not in _HOLDING or (lemma == "hand" and token.tag_ != "NNS"):
        return None
    if token.dep_ == "dobj" and token.head.lemma_.lower() in _ENTERING:
        return "territory.capture"
    if token.dep_ != "pobj" or token.head.lower_ not in (*_BEING_HELD, "into"):
        return None
    verb = token.head.head.lemma_.lower()
    if verb in _PASSING or token.head.lower_ == "into":
        return "territory.capture"
    return "territory.control"


def _holder(token: Token, ctx: DocContext) -> Argument | None:
    for found in prep_objects(token, ("of",)):
        return ctx.arguments.actor(found)
    for child in token.children:
        if child.dep_ in ("poss", "amod", "compound", "nmod") and child.pos_ != "PRON":
            return ctx.arguments.actor(child)
    return None


def _held_places(clause: Token, ctx: DocContext) -> list[Argument]:
    """The places the clause is about: its subject, or its object ("puts X in the hands")."""
    verb = clause.head
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child != clause:
            found = [p for t in with_conjuncts(child) if (p := ctx.arguments.place(t))]
            if found:
                return found
    return []
