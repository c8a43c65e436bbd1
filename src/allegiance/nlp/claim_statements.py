"""Statement claims: who said what about whom ("X said", "X denied", "X condemned Y").

A statement is claimed when its speaker is named (an entity, an anaphor resolved to one, or
a body named by its country: "the Iraqi government"): "officials said" reports other claims
but is no statement of a known party. A merely reporting verb ("said", "wrote") whose content
is already claimed is that claim's attribution, not a statement. The statement's type comes
from its verb; a denial's or condemnation's object is the party whose act is denied or
condemned, named in its clause or, for "denied the claim", the actor of the last claim.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence, Set

from spacy.tokens import Token

from allegiance.nlp.attribution import reporting_verb, speaker_of
from allegiance.nlp.claim_arguments import Argument, entity_of, object_tokens, subject_tokens
from allegiance.nlp.claim_context import DocContext, date_of, quote_of, token_ref
from allegiance.nlp.claim_drafts import ClaimDraft, SpanRef
from allegiance.nlp.hedges import is_negated

STATEMENT_TYPES = {
    "say": "statement", "announce": "statement", "declare": "statement", "tell": "statement",
    "write": "statement", "tweet": "statement", "post": "statement", "add": "statement",
    "deny": "statement.denial", "refute": "statement.denial",
    "vow": "statement.threat", "threaten": "statement.threat", "promise": "statement.threat",
    "condemn": "statement.condemnation", "denounce": "statement.condemnation",
    "demand": "statement.demand", "urge": "statement.demand",
}  # fmt: skip
# Verbs that report: when what they report is claimed ("announced that he had pledged"), they
# make no statement of their own. A declaration is one even so ("declared a caliphate").
REPORTING_ONLY = frozenset({"say", "tell", "write", "tweet", "post", "add", "announce"})
_ABOUT_AN_ACT = frozenset({"statement.denial", "statement.condemnation"})
_NAMED = frozenset({"PERSON", "GROUP", "ORG", "HANDLE", "PLACE"})


def statement_claims(
    ctx: DocContext, *, reported: Set[int] = frozenset(), earlier: Sequence[ClaimDraft] = ()
) -> Iterator[ClaimDraft]:
    """Statements of named speakers; a merely reporting verb in `reported` (token indices of
    verbs that report another claim) is skipped. `earlier` are the document's other claims,
    whose actors "the claim" or "the move" that is denied or condemned refers back to."""
    for token in ctx.doc:
        kind = STATEMENT_TYPES.get(token.lemma_.lower())
        if kind is None or token.pos_ not in ("VERB", "AUX") or is_negated(token):
            continue
        if token.i in reported and token.lemma_.lower() in REPORTING_ONLY:
            continue
        speaker_token = speaker_of(token)
        speaker = ctx.arguments.actor(speaker_token) if speaker_token is not None else None
        if speaker is None or not _is_named(speaker):
            continue
        yield _statement(token, kind, speaker, ctx, earlier=earlier)


def _is_named(speaker: Argument) -> bool:
    """A name, an anaphor resolved to one, or a body named by its country: "Families" or "a
    spokesman" make no statement of a known party."""
    if speaker.anaphor is not None or speaker.token is None:
        return speaker.ref.label in _NAMED
    doc = speaker.token.doc
    if any(e.start_char == speaker.ref.start and e.end_char == speaker.ref.end for e in doc.ents):
        return True
    # "the Iraqi government", "an Iraqi military spokesman": a body known by its country
    return any(c.ent_type_ in ("NORP", "GPE") for c in speaker.token.lefts)


def _statement(
    token: Token, kind: str, speaker: Argument, ctx: DocContext, *, earlier: Sequence[ClaimDraft]
) -> ClaimDraft:
    obj = _statement_object(token, kind, ctx)
    if obj is None and kind in _ABOUT_AN_ACT:
        obj = _actor_referred_to(token, speaker, earlier)
    outer = reporting_verb(token)
    teller = speaker_of(outer) if outer is not None else None
    attributed = ctx.arguments.actor(teller) if teller is not None else None
    antecedents = {"subject": speaker.anaphor} if speaker.anaphor is not None else {}
    if obj is not None and obj.anaphor is not None:
        antecedents["object"] = obj.anaphor
    return ClaimDraft(
        type=kind,
        subject=speaker.ref,
        object=obj.ref if obj is not None and obj.ref.label else None,
        object_literal=obj.ref.text if obj is not None and not obj.ref.label else None,
        place=place.ref if (place := _statement_place(token, speaker, ctx)) is not None else None,
        date=date_of(token, ctx.dates),
        attributed_to=attributed.ref if attributed is not None else None,
        hedge="reported" if attributed is not None else "asserted",
        quote=quote_of(token),
        trigger=token_ref(token),
        antecedents=antecedents,
        confidence=0.6,
    )


def _statement_place(token: Token, speaker: Argument, ctx: DocContext) -> Argument | None:
    """Where the statement is made: a place in the speaker's own phrase ("a tribal leader in
    Rutba", "a member of the Rawa council"), else the place of the last claim before it."""
    if speaker.token is not None and speaker.anaphor is None:
        for candidate in speaker.token.subtree:
            found = ctx.arguments.place(candidate) if candidate.i != speaker.token.i else None
            if found is not None:
                return found
    return ctx.last_claimed_place(token.idx)


def _statement_object(token: Token, kind: str, ctx: DocContext) -> Argument | None:
    """What the statement is about: a named object, or the actor of the denied clause."""
    if kind == "statement.denial":
        for clause in (c for c in token.children if c.dep_ in ("ccomp", "dobj")):
            for inner in _clauses(clause):
                for subject in subject_tokens(inner):
                    found = ctx.arguments.actor(subject)
                    if found is not None:
                        return found
    for obj in object_tokens(token):
        if entity_of(obj) is not None:
            return ctx.arguments.actor(obj)
    if kind in ("statement.threat", "statement.demand"):  # "vowed that … march on Baghdad"
        named = [t for t in token.subtree
                 if t.i > token.i and t.dep_ == "pobj" and entity_of(t) is not None]  # fmt: skip
        if named:
            return ctx.arguments.actor(named[0])
    return None


def _actor_referred_to(
    token: Token, speaker: Argument, earlier: Sequence[ClaimDraft]
) -> Argument | None:
    """ "X denied the claim", "Y condemned the move": the actor of the last act claimed
    before, when the object is such a definite noun."""
    act = next((c for c in token.children if c.dep_ == "dobj"), None)
    if act is None or act.pos_ != "NOUN" or not _is_definite(act):
        return None
    before = [d for d in earlier if d.quote.end <= token.idx and d.subject is not None
              and not d.type.startswith("statement") and d.subject != speaker.ref]  # fmt: skip
    if not before:
        return None
    last = max(before, key=lambda d: d.quote.start)
    assert last.subject is not None
    return Argument(last.subject, SpanRef(act.idx, act.idx + len(act.text), act.text))


def _is_definite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children)


def _clauses(token: Token) -> list[Token]:
    """`token` if it is a verb, else the verbs of clauses attached to it ("reports that…")."""
    if token.pos_ in ("VERB", "AUX"):
        return [token]
    return [c for c in token.subtree if c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ == "VERB"]
