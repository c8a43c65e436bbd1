"""Statement claims: who said what about whom ("X said", "X denied", "X condemned Y").

A statement is claimed when its speaker is named (an entity, or an anaphor resolved to
one): "officials said" reports other claims but is no statement of a known party. The
statement's type comes from its verb; a denial's object is the party whose act is denied.
"""

from __future__ import annotations

from collections.abc import Iterator, Set

from spacy.tokens import Token

from allegiance.nlp.attribution import reporting_verb, speaker_of
from allegiance.nlp.claim_arguments import Argument, entity_of, object_tokens, subject_tokens
from allegiance.nlp.claim_context import DocContext, date_of, quote_of, token_ref
from allegiance.nlp.claim_drafts import ClaimDraft
from allegiance.nlp.hedges import is_negated

STATEMENT_TYPES = {
    "say": "statement", "announce": "statement", "declare": "statement", "tell": "statement",
    "write": "statement", "tweet": "statement", "post": "statement", "add": "statement",
    "deny": "statement.denial", "refute": "statement.denial",
    "vow": "statement.threat", "threaten": "statement.threat", "promise": "statement.threat",
    "condemn": "statement.condemnation", "denounce": "statement.condemnation",
    "demand": "statement.demand", "urge": "statement.demand",
}  # fmt: skip
# Verbs that only report: when their content is claimed, they make no statement of their own
# (an announcement or a declaration is one even so).
REPORTING_ONLY = frozenset({"say", "tell", "write", "tweet", "post", "add"})
_NAMED = frozenset({"PERSON", "GROUP", "ORG", "HANDLE", "PLACE"})


def statement_claims(ctx: DocContext, *, reported: Set[int] = frozenset()) -> Iterator[ClaimDraft]:
    """Statements of named speakers; a merely reporting verb in `reported` (token indices of
    verbs that report another claim) is skipped."""
    for token in ctx.doc:
        kind = STATEMENT_TYPES.get(token.lemma_.lower())
        if kind is None or token.pos_ not in ("VERB", "AUX") or is_negated(token):
            continue
        if token.i in reported and token.lemma_.lower() in REPORTING_ONLY:
            continue
        speaker_token = speaker_of(token)
        speaker = ctx.arguments.actor(speaker_token) if speaker_token is not None else None
        if speaker is None or speaker.ref.label not in _NAMED:
            continue
        yield _statement(token, kind, speaker, ctx)


def _statement(token: Token, kind: str, speaker: Argument, ctx: DocContext) -> ClaimDraft:
    obj = _statement_object(token, kind, ctx)
    outer = reporting_verb(token)
    teller = speaker_of(outer) if outer is not None else None
    attributed = ctx.arguments.actor(teller) if teller is not None else None
    antecedents = {"subject": speaker.anaphor} if speaker.anaphor is not None else {}
    return ClaimDraft(
        type=kind,
        subject=speaker.ref,
        object=obj.ref if obj is not None and obj.ref.label else None,
        object_literal=obj.ref.text if obj is not None and not obj.ref.label else None,
        date=date_of(token, ctx.dates),
        attributed_to=attributed.ref if attributed is not None else None,
        hedge="reported" if attributed is not None else "asserted",
        quote=quote_of(token),
        trigger=token_ref(token),
        antecedents=antecedents,
        confidence=0.6,
    )


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
    return None


def _clauses(token: Token) -> list[Token]:
    """`token` if it is a verb, else the verbs of clauses attached to it ("reports that…")."""
    if token.pos_ in ("VERB", "AUX"):
        return [token]
    return [c for c in token.subtree if c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ == "VERB"]
