"""Claims from noun phrases rather than verbs: membership and account operators.

- "X, the commander of Y", "Y's spokesman, X", "its leader X", "a Nusra commander" →
  allegiance.membership with the `role` qualifier;
- "the account @A, used by X", "his Twitter account, @A" → account.operator.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from allegiance.nlp.claim_arguments import Argument, account_handle, entity_of, prep_objects
from allegiance.nlp.claim_context import DocContext, assertion_of, quote_of, token_ref
from allegiance.nlp.claim_drafts import ClaimDraft
from allegiance.nlp.mentions import MENTION_LABELS

ROLES = frozenset({"commander", "emir", "spokesman", "leader", "member", "official", "chief",
                   "caliph", "head", "founder", "deputy"})  # fmt: skip
_GROUP_LABELS = frozenset({"GROUP", "ORG"})


def role_claims(ctx: DocContext) -> Iterator[ClaimDraft]:
    for token in ctx.doc:
        lemma = token.lemma_.lower()
        if lemma in ROLES and token.pos_ == "NOUN":
            yield from _membership(token, ctx)
        elif lemma == "account" and token.pos_ == "NOUN":
            yield from _operator(token, ctx)


def _membership(role: Token, ctx: DocContext) -> Iterator[ClaimDraft]:
    person = _person_for(role)
    group = _group_for(role, ctx)
    if person is None or group is None or group.ref.label not in _GROUP_LABELS:
        return
    subject = ctx.arguments.actor(person)
    if subject is None or subject.ref.label != "PERSON":
        return
    place = ctx.arguments.place_of(role) or ctx.arguments.place_in_phrase([role])
    yield _draft("allegiance.membership", role, subject, group, ctx, place=place,
                 qualifiers={"role": role.lemma_.lower()})  # fmt: skip


def _person_for(role: Token) -> Token | None:
    """The person a role noun is said of: its apposition, or the name it is in apposition to."""
    for child in role.children:
        if child.dep_ == "appos" and _is_person(child):
            return child
    if role.dep_ == "appos" and _is_person(role.head):
        return role.head
    return None


def _is_person(token: Token) -> bool:
    ent = entity_of(token)
    return ent is not None and MENTION_LABELS.get(ent.label_) == "PERSON"


def _group_for(role: Token, ctx: DocContext) -> Argument | None:
    """The group of a role: "of Y", "Y's", "its", or a modifier ("a Nusra commander")."""
    for token in prep_objects(role, ("of",)):
        return ctx.arguments.actor(token)
    for child in role.children:
        if child.dep_ in ("poss", "compound", "nmod"):
            found = ctx.arguments.actor(child)
            if found is not None:
                return found
    return None


def _operator(account: Token, ctx: DocContext) -> Iterator[ClaimDraft]:
    """ "his account, @A", "the account @A, used by X", "the account of X, @A"."""
    found = account_handle(account)
    if found is None:
        return
    owner = next((c for c in account.children if c.dep_ == "poss"), None)
    owner = next(iter(prep_objects(account, ("of",))), owner)
    for acl in (c for t in (account, found) for c in t.children if c.dep_ == "acl"):
        owner = next((p for p in prep_objects(acl, ("by",))), owner)
    subject = ctx.arguments.actor(owner) if owner is not None else None
    handle = ctx.arguments.actor(found)
    if subject is None or handle is None or subject.ref.label not in ("PERSON", "GROUP"):
        return
    if subject.anaphor is None and owner is not None and entity_of(owner) is None:
        return  # "the account of Nusra's commander": an operator not named is no claim
    yield _draft("account.operator", account, subject, handle, ctx)


def _label(token: Token) -> str | None:
    ent = entity_of(token)
    return MENTION_LABELS.get(ent.label_) if ent is not None else None


def _draft(
    kind: str,
    token: Token,
    subject: Argument,
    obj: Argument,
    ctx: DocContext,
    *,
    place: Argument | None = None,
    qualifiers: dict[str, str] | None = None,
) -> ClaimDraft:
    assertion = assertion_of(token, ctx)
    antecedents = {slot: a.anaphor for slot, a in (("subject", subject), ("object", obj))
                   if a.anaphor is not None}  # fmt: skip
    return ClaimDraft(
        type=kind,
        subject=subject.ref,
        object=obj.ref,
        place=place.ref if place is not None else None,
        attributed_to=assertion.attributed_to,
        hedge=assertion.hedge,
        quote=quote_of(token),
        trigger=token_ref(token),
        qualifiers=qualifiers or {},
        antecedents=antecedents,
        confidence=0.6,
    )
