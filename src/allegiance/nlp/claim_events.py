"""Claims from trigger words (the lexicon): events and states with their arguments.

One claim per subject × object × place ("X and Y clashed with Z" gives X–Z and Y–Z; "took
Rawa and Anah" one claim per town); a symmetric trigger with only a coordinated subject pairs
its members. A claim needs a named or armed subject ("Employees fled" claims nothing). A type
whose place is required takes, when the trigger names none, the place of the last claim or
of its sentence or report, with lower confidence; it is not claimed without any place.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, product

from spacy.tokens import Token

from allegiance.model import load_taxonomy
from allegiance.nlp.claim_arguments import (
    Argument,
    account_handle,
    account_handles,
    entity_of,
    object_tokens,
    prep_objects,
    subject_tokens,
    token_kind,
    with_conjuncts,
)
from allegiance.nlp.claim_context import DocContext, assertion_of, date_of, quote_of, token_ref
from allegiance.nlp.claim_drafts import ClaimDraft
from allegiance.nlp.quantities import quantity_of
from allegiance.nlp.triggers import Trigger, TriggerEntry, find_triggers

# Verbs whose subject is the actor of their event-noun object ("launched an attack", "gave
# bay'ah"); a reporting or judging verb's subject is not ("condemned the executions").
SUPPORT_VERBS = frozenset({"launch", "carry", "conduct", "mount", "stage", "begin", "give",
                           "pledge", "swear", "announce", "declare", "renew", "offer", "impose",
                           "lay", "tighten", "make", "wage", "continue", "start", "resume",
                           "break", "end", "lift", "sign", "agree", "reach", "accept"})  # fmt: skip
# Allegiance goes to one party: "to the Islamic State of Iraq and Sham and to its emir".
_ONE_RECIPIENT = frozenset({"allegiance.pledge"})
_OBJECT_PREPS = {"violence.clash": ("with", "against"), "allegiance.pledge": ("to",),
                 "allegiance.defection": ("from",), "group.merger": ("with",),
                 "group.split": ("from",), "group.agreement": ("with",)}  # fmt: skip


def event_claims(ctx: DocContext) -> Iterator[ClaimDraft]:
    for trigger in find_triggers(ctx.doc):
        yield from _claims_of(trigger, ctx)


def _claims_of(trigger: Trigger, ctx: DocContext) -> Iterator[ClaimDraft]:
    token, entry = trigger.token, trigger.entry
    subjects, objects, places = _slots(token, entry, ctx)
    if entry.type in _ONE_RECIPIENT and not objects:
        return  # "allegiance" alone names no pledge: a pledger gives it to a recipient
    pairs = _pairs(subjects, objects, symmetric=entry.symmetric)
    found, implicit = _places(token, entry, [*subjects, *objects], places, ctx)
    if load_taxonomy().types[entry.type].place == "required" and not found:
        return
    assertion = assertion_of(token, ctx)
    options: list[Argument | None] = [*found] or [None]
    for (subject, obj), place in product(pairs, options):
        antecedents = dict(assertion.antecedents)
        for slot, arg in (("subject", subject), ("object", obj), ("place", place)):
            if arg is not None and arg.anaphor is not None:
                antecedents[slot] = arg.anaphor
        yield ClaimDraft(
            type=entry.type,
            subject=subject.ref,
            object=obj.ref if obj is not None and obj.ref.label else None,
            object_literal=obj.ref.text if obj is not None and not obj.ref.label else None,
            place=place.ref if place is not None else None,
            date=date_of(token, ctx.dates, forecast=assertion.hedge == "expected"),
            quantity=quantity_of(token, claim_type=entry.type),
            attributed_to=assertion.attributed_to,
            hedge=assertion.hedge,
            quote=quote_of(token),
            trigger=token_ref(token),
            qualifiers=_qualifiers(entry, token),
            antecedents=antecedents,
            confidence=(0.6 if subject.ref.label else 0.4) - (0.2 if implicit else 0.0),
        )


def _slots(
    token: Token, entry: TriggerEntry, ctx: DocContext
) -> tuple[list[Argument], list[Argument], list[Token]]:
    """Subjects, objects and place tokens of one trigger."""
    args = ctx.arguments
    subject_toks = _noun_subjects(token) if token.pos_ == "NOUN" else subject_tokens(token)
    object_toks = object_tokens(token) if entry.object != "none" else []
    if entry.actor:  # "Tal Afar fell to ISIS": the subject is the place
        object_toks, subject_toks = subject_toks, prep_objects(token, (entry.actor,))
    places = [t for t in object_toks if token_kind(t) == "place"]
    if entry.object in ("place", "area") or entry.actor:
        object_toks = []
    preps = _OBJECT_PREPS.get(entry.type, ())
    object_toks = [t for t in object_toks if t not in places] + prep_objects(token, preps)
    if token.pos_ == "NOUN" and token.dep_ == "dobj" and not object_toks:
        object_toks = prep_objects(token.head, preps)  # "gave bay'ah to X"
    # An actor is named, or is an armed or official body ("soldiers"); "Employees" or "the
    # advance" are not the actors of a claim.
    subjects = [a for t in subject_toks if (a := args.actor(t)) is not None and a.ref.label]
    subjects = _without_followers(subjects)
    if entry.type == "account.activity":  # "stopped posting from his old account, @A"
        subjects = _account_of(token, ctx) or subjects
    object_toks = [h for t in object_toks for h in _named_accounts(t)]
    objects = [a for t in object_toks if (a := args.actor(t)) is not None]
    if entry.type in _ONE_RECIPIENT:
        objects = objects[:1]
    if entry.type == "allegiance.defection" and not objects and len(subjects) == 1:
        split = args.members_of(subject_toks[0]) if subject_toks else None
        if split is not None:  # "X's men switched sides": they left X
            subjects, objects = [split[0]], [split[1]]
    return subjects, objects, places


def _named_accounts(token: Token) -> list[Token]:
    """ "runs the accounts @A and @B": each handle; any other object stands for itself."""
    if token.lemma_.lower() != "account":
        return [token]
    return account_handles(token) or [token]


def _account_of(token: Token, ctx: DocContext) -> list[Argument]:
    """The account named in the trigger's phrase, which is the subject of its activity."""
    for account in (t for t in token.subtree if t.lemma_.lower() == "account"):
        handle = account_handle(account)
        found = ctx.arguments.actor(handle) if handle is not None else None
        if found is not None:
            return [found]
    return []


def _without_followers(subjects: list[Argument]) -> list[Argument]:
    """ "he and his men", "I and the brothers with me": a named person leads the unnamed
    people coordinated with him, who are no actor of their own."""
    named = [a for a in subjects if a.token is not None and _is_named(a.token)]
    if not any(a.ref.label in ("PERSON", "HANDLE") for a in named):
        return subjects
    return named


def _is_named(token: Token) -> bool:
    """A name or a pronoun, not a common noun ("his fighters", "the brothers")."""
    return token.pos_ == "PRON" or entity_of(token) is not None


def _places(
    token: Token, entry: TriggerEntry, parties: list[Argument], places: list[Token],
    ctx: DocContext,
) -> tuple[list[Argument], bool]:  # fmt: skip
    """The trigger's places (one claim each), and whether they are only implied: a type that
    requires a place takes the sentence's or the report's when the trigger names none."""
    found = [p for p in ctx.arguments.places_of(token, extra=places)
             if not any(_in_name_of(p, party) for party in parties)]  # fmt: skip
    if found:
        ctx.claimed_places.extend((token.idx, p) for p in found)
        return found, False
    if load_taxonomy().types[entry.type].place != "required":
        tokens = [a.token for a in parties if a.token is not None]
        found = [p for p in [ctx.arguments.place_in_phrase(tokens)] if p is not None]
        if not found and entry.type.startswith("allegiance."):
            found = [p for p in [ctx.arguments.sentence_place(token)] if p is not None]
        return [p for p in found if not any(_in_name_of(p, party) for party in parties)], False
    recent = ctx.last_claimed_place(token.idx)
    return [p for p in [ctx.arguments.implicit_place(token, recent=recent)] if p], True


def _in_name_of(place: Argument, party: Argument) -> bool:
    """The place is a word of the party's name ("the Islamic State of Iraq and Sham"), not
    where the party is ("the consulate in Mosul")."""
    if place.token is None or party.token is None or place.token == party.token:
        return False
    token = place.token
    while token != token.head and token != party.token:
        if token.dep_ == "prep" and token.lower_ not in ("of", "and"):
            return False
        token = token.head
    return token == party.token


def _noun_subjects(token: Token) -> list[Token]:
    """A noun trigger's actors: "clashes between X and Y", "the capture of Z by X"."""
    found = prep_objects(token, ("between", "by"))
    if not found:
        found = [c for c in token.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        found = [t for c in found for t in with_conjuncts(c)]
    if not found and token.dep_ in ("dobj", "pobj"):
        verb = token.head if token.dep_ == "dobj" else token.head.head
        # "launched an attack", "took it after a siege"; not "condemned the execution"
        if token.dep_ == "pobj" or verb.lemma_.lower() in SUPPORT_VERBS:
            found = subject_tokens(verb)
    return found


def _pairs(
    subjects: list[Argument], objects: list[Argument], *, symmetric: bool
) -> list[tuple[Argument, Argument | None]]:
    if objects:
        return [(s, o) for s in subjects for o in objects if s.ref != o.ref]
    if symmetric and not (len(subjects) == 1 and _is_plural(subjects[0])):
        # a clash or a merger needs two parties, or a phrase naming them ("the two factions")
        return [(a, b) for a, b in combinations(subjects, 2) if a.ref != b.ref]
    return [(s, None) for s in subjects]


def _is_plural(arg: Argument) -> bool:
    """ "the two factions", "both groups": one phrase naming the parties."""
    if arg.token is None or arg.anaphor is not None:
        return False
    return any(c.dep_ == "nummod" or c.lower_ == "both" for c in arg.token.children)


def _qualifiers(entry: TriggerEntry, token: Token) -> dict[str, str]:
    found = {"means": entry.means} if entry.means else {}
    if entry.activity:
        found["activity"] = entry.activity
    if entry.type == "allegiance.defection":
        target = next((t.text for t in prep_objects(token, ("to",))), None)
        if target:
            found["to"] = target
    return found
