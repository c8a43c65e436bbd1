"""Claims from noun phrases rather than verbs: membership and account operators.

- "X, the commander of Y", "Y's spokesman, X", "its leader X", "a Nusra commander" →
  allegiance.membership with the `role` qualifier;
- "the account @A, used by X", "his Twitter account, @A" → account.operator;
- "This is my new account after the old one was suspended" (a post) → account.link from the
  author's account to the older one (a literal when it is not named);
- "X puts his force at about 300 fighters" → attribute.size of the possessor, reported by X.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from allegiance.nlp.claim_arguments import Argument, account_handle, entity_of, prep_objects
from allegiance.nlp.claim_context import DocContext, assertion_of, quote_of, token_ref
from allegiance.nlp.claim_drafts import ClaimDraft, SpanRef
from allegiance.nlp.mentions import MENTION_LABELS
from allegiance.nlp.quantities import parse_number

ROLES = frozenset({"commander", "emir", "spokesman", "leader", "member", "official", "chief",
                   "caliph", "head", "founder", "deputy"})  # fmt: skip
_GROUP_LABELS = frozenset({"GROUP", "ORG"})
_ESTIMATING = frozenset({"put", "estimate", "place"})
_FORCE_WORDS = frozenset({"force", "strength", "number", "fighter", "men"})


def role_claims(ctx: DocContext) -> Iterator[ClaimDraft]:
    for token in ctx.doc:
        lemma = token.lemma_.lower()
        if lemma in ROLES and token.pos_ == "NOUN":
            yield from _membership(token, ctx)
        elif lemma == "account" and token.pos_ == "NOUN":
            yield from _operator(token, ctx)
            yield from _succession(token, ctx)
        elif lemma in _ESTIMATING and token.pos_ == "VERB":
            yield from _size_estimate(token, ctx)


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


def _succession(account: Token, ctx: DocContext) -> Iterator[ClaimDraft]:
    """ "This is my new account (after the old one was suspended)", in a post: the author's
    account succeeds an older one, named if the text names it."""
    mine = any(c.dep_ == "poss" and c.lower_ == "my" for c in account.children)
    new = any(c.dep_ == "amod" and c.lower_ == "new" for c in account.children)
    if ctx.author is None or not (mine and new):
        return
    old = next((t for t in account.sent if t.lower_ == "old" and t.head.i != account.i), None)
    if old is None:
        return
    named = account_handle(old.head) if old.head.lemma_.lower() == "account" else None
    predecessor = ctx.arguments.actor(named) if named is not None else None
    phrase = ctx.doc[old.head.left_edge.i : old.head.i + 1]
    literal = None if predecessor is not None else phrase.text
    assertion = assertion_of(account, ctx)
    yield ClaimDraft(
        type="account.link",
        subject=ctx.author,
        object=predecessor.ref if predecessor is not None else None,
        object_literal=literal,
        attributed_to=assertion.attributed_to,
        hedge=assertion.hedge,
        quote=quote_of(account),
        trigger=token_ref(account),
        qualifiers={"link": "succession"},
        confidence=0.5,
    )


def _size_estimate(verb: Token, ctx: DocContext) -> Iterator[ClaimDraft]:
    """ "X puts his force at about 300 fighters": the possessor's size, as estimated."""
    force = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if force is None or force.lemma_.lower() not in _FORCE_WORDS:
        return
    owner = next((c for c in force.children if c.dep_ == "poss"), None)
    counted = next(iter(prep_objects(verb, ("at",))), None)
    number = next((c for c in counted.children if c.dep_ == "nummod"), None) if counted else None
    value = parse_number(number.text) if number is not None else None
    subject = ctx.arguments.actor(owner) if owner is not None else None
    if subject is None or value is None or counted is None:
        return
    assertion = assertion_of(verb, ctx)
    yield ClaimDraft(
        type="attribute.size",
        subject=subject.ref,
        quantity=(value, counted.text.lower()),
        attributed_to=assertion.attributed_to or _speaker(verb, ctx),
        hedge=assertion.hedge if assertion.hedge != "asserted" else "reported",
        quote=quote_of(verb),
        trigger=token_ref(verb),
        antecedents={"subject": subject.anaphor} if subject.anaphor is not None else {},
        confidence=0.5,
    )


def _speaker(verb: Token, ctx: DocContext) -> SpanRef | None:
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    found = ctx.arguments.actor(subject) if subject is not None else None
    return found.ref if found is not None else None


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
