"""Arguments of a trigger from the dependency parse: who, whom, where, when.

Subjects come from `nsubj` (active) or the `by` agent (passive), through coordination,
relative clauses and the clauses a subject governs (`conj`, `xcomp`, `advcl`); objects from
`dobj`, `nsubjpass` or a noun's `of`; places from prepositions (one per coordinated name),
from a party's own phrase ("the commander of Nusra in Albu Kamal") or, where a place is
required and the trigger names none, implied by the sentence or the report. An argument is
the entity that covers or names it ("Fighters of ISIS" → ISIS, "the account @A" → @A, "the
spokesman, Abu Mohammad al-Adnani" → the person); failing that, its noun phrase.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from allegiance.nlp.claim_drafts import SpanRef
from allegiance.nlp.coreference import (
    FACILITY_NOUNS,
    GROUP_NOUNS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    Salience,
    anaphor_kind,
    span_ref,
)
from allegiance.nlp.mentions import MENTION_LABELS

ACTOR_LABELS = frozenset({"PERSON", "GROUP", "ORG", "HANDLE", "PLACE"})
ARMED_NOUNS = GROUP_NOUNS | {
    "troop", "force", "soldier", "police", "army", "rebel", "man", "member", "tribesman", "unit",
    "brother", "warplane", "aircraft",
}  # fmt: skip
PEOPLE_NOUNS = frozenset({"people", "citizen", "civilian", "recruit", "soldier", "man", "woman",
                          "child", "worker", "staff", "consul", "hostage", "prisoner"})  # fmt: skip
AREA_NOUNS = PLACE_NOUNS | {"outskirts", "outskirt", "part", "district", "centre", "center", "side",
                            "neighbourhood", "crossing", "refinery", "plant", "base", "airport",
                            "control", "area", "stretch", "post", "building", "most", "all",
                            "much", "half", "rest", "bulk"}  # fmt: skip
# What is held or controlled without being a named place: "the gate", "the production units".
_SITES = frozenset({"gate", "unit", "checkpoint", "position", "border", "station",
                    "headquarters", "watchtower", "field"})  # fmt: skip
HELD_NOUNS = AREA_NOUNS | FACILITY_NOUNS | _SITES
NEAR_PREPS = frozenset({"near", "outside", "around", "west", "east", "north", "south"})
PLACE_PREPS = NEAR_PREPS | {"in", "at", "on", "into", "inside", "from", "of", "over", "toward"}
_PLACE_LABELS = frozenset({"PLACE", "FACILITY"})


@dataclass(frozen=True, slots=True)
class Argument:
    """A filled slot: the span, and the anaphor it was resolved from (if any)."""

    ref: SpanRef
    anaphor: SpanRef | None = None
    token: Token | None = None


def entity_of(token: Token) -> Span | None:
    """The entity (one of our mention labels) that covers `token`."""
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end and MENTION_LABELS.get(ent.label_):
            return ent
    return None


def token_kind(token: Token) -> str:
    """place, area (a site not named: "the gate"), group, person or other: what `token`
    names, as far as the parse tells."""
    ent = entity_of(token)
    label = MENTION_LABELS.get(ent.label_) if ent is not None else None
    if label in _PLACE_LABELS or _named_area(token) is not None:
        return "place"
    if label in ("GROUP", "ORG"):
        return "group"
    if label == "PERSON" or token.lemma_.lower() in PEOPLE_NOUNS:
        return "person"
    kind = anaphor_kind(token)
    if kind in ("PLACE", "FACILITY"):
        return "place"
    if token.lemma_.lower() in HELD_NOUNS:
        return "area"
    return "group" if token.lemma_.lower() in ARMED_NOUNS else "other"


def _named_area(token: Token) -> Token | None:
    """For "the outskirts of Tal Abyad" or "control of Mosul": the place token named."""
    if token.lemma_.lower() not in AREA_NOUNS:
        return None
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and token_kind(pobj) == "place":
                    return pobj
    return None


def _listed_places(token: Token) -> list[Token]:
    """The places a plural place noun lists ("the towns of Rawa and Anah" → Rawa, Anah);
    otherwise `token` itself."""
    area = _named_area(token) if token.tag_ == "NNS" else None
    return with_conjuncts(area) if area is not None else [token]


def with_conjuncts(token: Token) -> list[Token]:
    """`token` and the tokens coordinated with it ("X and Y")."""
    found = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            found.extend(with_conjuncts(child))
    return found


def subject_tokens(trigger: Token, *, raised: bool = False) -> list[Token]:
    """The subjects of a verb trigger, following passive, coordination and clauses.

    `raised`: the trigger's clause depends on this verb ("ISIS is expected to seize…"), so
    a passive subject is the actor too.
    """
    for child in trigger.children:
        if child.dep_ == "agent" and not raised:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return with_conjuncts(objs[0])
    relative = trigger.dep_ == "relcl"
    for child in trigger.children:
        if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and (relative or raised)):
            if child.lower_ in ("who", "which", "that") and relative:
                return with_conjuncts(trigger.head)
            return with_conjuncts(child)
    if relative and not _is_passive(trigger):
        return with_conjuncts(trigger.head)
    if trigger.dep_ in ("conj", "xcomp", "advcl", "acomp") and trigger.head != trigger:
        return subject_tokens(trigger.head, raised=trigger.dep_ == "xcomp")
    return []


_MISATTACHED_OBJECT = frozenset({"advmod", "npadvmod", "oprd"})


def object_tokens(trigger: Token) -> list[Token]:
    """The objects of a trigger: `dobj`, a passive subject, a noun's `of`."""
    if trigger.pos_ in ("VERB", "AUX"):
        for child in trigger.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                return with_conjuncts(child)
        for child in trigger.rights:
            # The small model often attaches a proper-noun object as an adverbial
            # ("ISIS holds Mosul" → Mosul/advmod); a named entity there is the object.
            if child.dep_ in _MISATTACHED_OBJECT and child.ent_type_:
                return with_conjuncts(child)
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "over", "to") and trigger.pos_ == "NOUN":
            return [p for c in child.children if c.dep_ == "pobj" for p in with_conjuncts(c)]
    if trigger.dep_ == "relcl" and _is_passive(trigger):
        return [trigger.head]
    return []


def _is_passive(trigger: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)


def prep_objects(trigger: Token, preps: frozenset[str] | tuple[str, ...]) -> list[Token]:
    """The objects of the trigger's prepositions named in `preps` (with their conjuncts)."""
    found = []
    for child in trigger.children:
        if child.dep_ in ("prep", "dative", "agent") and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found.extend(with_conjuncts(pobj))
    return found


def account_handle(account: Token) -> Token | None:
    """The handle an "account" noun names: "the Twitter account @A", "his account, @A",
    "the account of Nusra's commander, @A"."""
    found = account_handles(account)
    return found[0] if found else None


def account_handles(account: Token) -> list[Token]:
    """Every handle an "account" noun names ("the accounts @A and @B")."""
    if account.dep_ == "compound" and _is_handle(account.head):
        return with_conjuncts(account.head)
    found = [t for t in account.subtree if _is_handle(t)]
    if found:
        return found
    for token in account.doc[account.i + 1 : account.sent.end]:
        if _is_handle(token):
            return with_conjuncts(token)
        if not token.is_punct:
            return []
    return []


def _is_handle(token: Token) -> bool:
    ent = entity_of(token)
    return ent is not None and MENTION_LABELS.get(ent.label_) == "HANDLE"


class Arguments:
    """Turns tokens into argument spans, resolving anaphors against the document."""

    def __init__(self, salience: Salience) -> None:
        self._salience = salience

    def actor(self, token: Token) -> Argument | None:
        """The actor `token` names: its entity, the group it belongs to, or its antecedent."""
        ent = entity_of(token)
        if ent is not None and MENTION_LABELS.get(ent.label_) in ACTOR_LABELS:
            return Argument(span_ref(ent), token=token)
        named = _named_group(token)
        if named is not None:
            return Argument(span_ref(named), token=token)
        person = _appositive_person(token)
        if person is not None:
            return Argument(span_ref(person), token=token)
        handle = account_handle(token) if token.lemma_.lower() == "account" else None
        if handle is not None and (ent := entity_of(handle)) is not None:
            return Argument(span_ref(ent), token=token)
        resolved = self._salience.resolve(token)
        if resolved is not None:
            return Argument(resolved.antecedent, resolved.anaphor, token)
        if token.pos_ in ("PRON", "DET", "ADV", "VERB", "AUX", "ADP", "NUM"):
            return None
        return Argument(_noun_phrase(token), token=token)

    def members_of(self, token: Token) -> tuple[Argument, Argument] | None:
        """For "the Nusrah Front's men in Al-Bukamal": those men (the whole phrase, a group of
        their own) and the group they belong to."""
        group = _named_group(token) if entity_of(token) is None else None
        if group is None:
            return None
        phrase = token.doc[token.left_edge.i : token.right_edge.i + 1]
        ref = span_ref(phrase)
        members = SpanRef(ref.start, ref.end, ref.text, "GROUP")
        return Argument(members, token=token), Argument(span_ref(group), token=group.root)

    def place(self, token: Token) -> Argument | None:
        """The place phrase `token` heads ("the outskirts of Tal Abyad", "Mosul")."""
        ent = entity_of(token)
        if ent is not None and MENTION_LABELS.get(ent.label_) in _PLACE_LABELS:
            return Argument(span_ref(ent), token=token)
        area = _named_area(token)
        if area is not None and entity_of(area) is None:  # "most of the city"
            resolved = self._salience.resolve(area)
            if resolved is not None and resolved.antecedent.label in _PLACE_LABELS:
                return Argument(resolved.antecedent, resolved.anaphor, token)
        if area is not None:
            inner = entity_of(area)
            end = inner.end if inner is not None else area.i + 1
            start = token.i if token.lemma_.lower() == "control" else token.left_edge.i
            return Argument(span_ref(token.doc[start:end]), token=token)
        resolved = self._salience.resolve(token)
        if resolved is not None and resolved.antecedent.label in _PLACE_LABELS:
            return Argument(resolved.antecedent, resolved.anaphor, token)
        return None

    def place_of(self, trigger: Token, *, extra: list[Token] | None = None) -> Argument | None:
        """The place where the trigger happens: a place object, or a place preposition."""
        found = self.places_of(trigger, extra=extra)
        return found[0] if found else None

    def places_of(self, trigger: Token, *, extra: list[Token] | None = None) -> list[Argument]:
        """The places of the trigger, one per coordinated name ("pulled out of the al-Waleed
        and Trebil crossings", "took Rawa and Anah")."""
        named = [n for t in extra or [] for n in _listed_places(t)]
        places = [p for t in named if (p := self.place(t)) is not None]
        if places:
            return places
        for prep in _place_preps(trigger):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                found = [p for t in _with_modifier_conjuncts(pobj) if (p := self.place(t))]
                if found and prep.lower_ in NEAR_PREPS:
                    return [_with_preposition(prep, f) for f in found]
                if found:
                    return found
        return []

    def place_in_phrase(self, tokens: list[Token]) -> Argument | None:
        """A place a party's own phrase names: "the commander of Nusra in Albu Kamal", "the
        brothers with me in Bukamal", "the branch in the border town of Albu Kamal"."""
        for token in tokens:
            for prep in (t for t in token.subtree if t.dep_ == "prep" and t.lower_ == "in"):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    found = self.place(pobj) or self.place(_named_area(pobj) or pobj)
                    if found is None:
                        found = next((self.place(t) for t in pobj.subtree
                                      if t.dep_ == "pobj" and self.place(t)), None)  # fmt: skip
                    if found is not None:
                        return found
        return None

    def sentence_place(self, trigger: Token) -> Argument | None:
        """The place named in the trigger's sentence nearest to it."""
        sent = trigger.sent
        inside = [e for e in trigger.doc.ents if sent.start <= e.start < sent.end and _is_place(e)]
        if not inside:
            return None
        nearest = min(inside, key=lambda e: abs(e.root.i - trigger.i))
        return Argument(span_ref(nearest), token=nearest.root)

    def implicit_place(self, trigger: Token, *, recent: Argument | None = None) -> Argument | None:
        """Where a report's event happens when its trigger names no place ("The Nusra Front
        withdrew"): the place of the `recent` claim, else one its sentence names, else the
        last one named before it."""
        if recent is not None:
            return recent
        found = self.sentence_place(trigger)
        if found is not None:
            return found
        doc = trigger.doc
        before = [e for e in doc.ents if e.end <= trigger.sent.start and _is_place(e)]
        if before:
            return Argument(span_ref(before[-1]), token=before[-1].root)
        return None


def _is_place(ent: Span) -> bool:
    return MENTION_LABELS.get(ent.label_) in _PLACE_LABELS


def _place_preps(trigger: Token) -> list[Token]:
    """The trigger's place prepositions, through a particle ("pulled out of", "back to")."""
    found: list[Token] = []
    for child in trigger.children:
        if child.dep_ in ("prep", "prt", "advmod") and child.lower_ in ("out", "back", "away"):
            found.extend(c for c in child.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS)
        elif child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
            found.append(child)
    return found


def _with_modifier_conjuncts(pobj: Token) -> list[Token]:
    """ "the al-Waleed and Trebil border crossings": the coordinated names modifying the
    head stand for one place each; otherwise the head and its conjuncts."""
    names = [c for c in pobj.children if c.dep_ in ("nmod", "compound") and c.pos_ == "PROPN"]
    for name in names:
        conj = [c for c in name.children if c.dep_ == "conj"]
        if conj:
            return [name, *conj]
    return with_conjuncts(pobj)


def _with_preposition(prep: Token, found: Argument) -> Argument:
    doc = prep.doc
    ref = SpanRef(prep.idx, found.ref.end, doc.text[prep.idx : found.ref.end], found.ref.label)
    return Argument(ref, found.anaphor, found.token)


def _appositive_person(token: Token) -> Span | None:
    """ "the group's spokesman, Abu Mohammad al-Adnani": the person a role noun names."""
    if token.lemma_.lower() not in PERSON_NOUNS:
        return None
    for child in token.children:
        ent = entity_of(child) if child.dep_ == "appos" else None
        if ent is not None and MENTION_LABELS.get(ent.label_) == "PERSON":
            return ent
    return None


def _named_group(token: Token) -> Span | None:
    """The group an armed noun belongs to or is led by: "Fighters of ISIS", "ISIS militants",
    "rebel groups including the Nusra Front", "rebel groups, led by Jabhat al-Nusra"."""
    if token.lemma_.lower() not in ARMED_NOUNS | {"branch", "supporter"}:
        return None
    for child in token.children:
        if child.dep_ in ("compound", "nmod", "amod", "poss"):
            ent = entity_of(child)
            if ent is not None and MENTION_LABELS.get(ent.label_) in ("GROUP", "ORG"):
                return ent
        if child.dep_ == "prep" and child.lower_ in ("of", "including"):
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                ent = entity_of(pobj)
                if ent is not None and MENTION_LABELS.get(ent.label_) in ("GROUP", "ORG"):
                    return ent
        if child.dep_ == "acl" and child.lemma_.lower() == "lead":  # "rebels, led by X"
            for pobj in (p for a in child.children if a.dep_ == "agent" for p in a.children):
                ent = entity_of(pobj)
                if ent is not None and MENTION_LABELS.get(ent.label_) in ("GROUP", "ORG"):
                    return ent
    return None


def _noun_phrase(token: Token) -> SpanRef:
    """The token with its determiners and modifiers on the left ("allied tribal gunmen")."""
    mods = ("det", "amod", "compound", "nmod", "nummod", "poss", "quantmod", "case")
    left = token.i
    for child in token.lefts:
        if child.dep_ in mods:
            left = min(left, child.left_edge.i)
    ref = span_ref(token.doc[left : token.i + 1])
    lemma = token.lemma_.lower()
    label = "GROUP" if lemma in ARMED_NOUNS else "PERSON" if lemma in PERSON_NOUNS else None
    return SpanRef(ref.start, ref.end, ref.text, label)
