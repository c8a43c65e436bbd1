"""Light coreference: a pronoun or a definite noun phrase → the salient entity of its kind.

"he", "his", "the former commander" take the last person named before them; "they",
"its", "the group", "the militants" the last armed group or organisation; "the soldiers",
"troops" the last force named as one ("Iraqi forces"); "the town", "the city" the last
place; "the plant", "the refinery", "the crossing" the last facility. Of several, the last
that was a clause's subject is preferred; names inside a quotation are the speaker's words,
not antecedents for the narrator. A pronoun in a reported clause is its speaker ("X said
he …", "the army said it …"). First-person words in a post take its author, or the account
it relays ("RT @X: …"). The caller records the anaphor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from allegiance.nlp.claim_drafts import SpanRef
from allegiance.nlp.mentions import MENTION_LABELS

PERSON_WORDS = frozenset({"he", "him", "his", "himself", "she", "her"})
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
GROUP_WORDS = frozenset({"they", "them", "their", "it", "its", "itself"})
PERSON_NOUNS = frozenset({"commander", "emir", "leader", "spokesman", "chief", "man"})
GROUP_NOUNS = frozenset(
    {"group", "militant", "fighter", "insurgent", "jihadist", "gunman", "attacker", "organisation",
     "organization", "faction", "movement", "mujahidin", "lion"}
)  # fmt: skip
# A state's forces, named generically ("the soldiers", "troops", "the army"): they are the
# last force named as such ("Iraqi forces", "the Syrian army").
FORCE_NOUNS = frozenset({"soldier", "troop", "army", "police", "force", "military"})
PLACE_NOUNS = frozenset({"town", "city", "village", "province", "area", "region"})
FACILITY_NOUNS = frozenset({"plant", "refinery", "complex", "crossing", "site", "base", "post"})
_RELAYED = re.compile(r"^\s*(?:RT|From|Via)\s+(@\w+)\s*:", re.IGNORECASE)
_REPORTING = frozenset({"say", "tell", "announce", "write", "tweet", "post", "declare",
                        "add", "claim", "insist", "deny", "vow", "promise", "threaten",
                        "state"})  # fmt: skip
_FORCE_NAME = re.compile(r"\b(?:army|forces|troops|military|police|soldiers)\b", re.I)
_KINDS = {"PERSON": ("PERSON",), "GROUP": ("GROUP", "ORG"), "FORCE": ("GROUP", "ORG"),
          "PLACE": ("PLACE",),
          "FACILITY": ("FACILITY",)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Resolution:
    """The antecedent of an anaphor, and the anaphor's own span."""

    antecedent: SpanRef
    anaphor: SpanRef


def span_ref(span: Span) -> SpanRef:
    """A Span as a SpanRef without edge whitespace or a trailing possessive."""
    tokens = [t for t in span if not t.is_space]
    while len(tokens) > 1 and tokens[-1].text in ("'s", "’s", "'", "’"):
        tokens.pop()
    if not tokens:
        return SpanRef(span.start_char, span.start_char, "", None)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    label = MENTION_LABELS.get(span.label_) if span.label_ else None
    return SpanRef(start, end, span.doc.text[start:end], label)


def anaphor_kind(token: Token) -> str | None:
    """The kind of entity `token` refers back to, or None when it is no anaphor."""
    lower, lemma = token.lower_, token.lemma_.lower()
    if lower in PERSON_WORDS:
        return "PERSON"
    if lower in GROUP_WORDS:
        return "GROUP"
    if token.pos_ != "NOUN" or not _is_definite(token):
        return None
    for kind, words in (("PERSON", PERSON_NOUNS), ("GROUP", GROUP_NOUNS), ("FORCE", FORCE_NOUNS),
                        ("PLACE", PLACE_NOUNS), ("FACILITY", FACILITY_NOUNS)):  # fmt: skip
        if lemma in words:
            return kind
    return None


def _is_definite(token: Token) -> bool:
    determiners = [c for c in token.children if c.dep_ in ("det", "poss")]
    if any(c.lower_ in ("the", "his", "its", "their", "that", "this") for c in determiners):
        return not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
    bare = not any(c.dep_ in ("amod", "compound", "nmod", "nummod") for c in token.lefts)
    plural = token.tag_ == "NNS" or token.lemma_.lower() == "police"
    return bare and not determiners and plural and token.lemma_.lower() in GROUP_NOUNS | FORCE_NOUNS


def relayed_author(doc: Doc) -> SpanRef | None:
    """The account a post relays ("RT @X: …", "From @X: …"): its first person is @X."""
    match = _RELAYED.match(doc.text)
    if match is None:
        return None
    return SpanRef(match.start(1), match.end(1), match.group(1), "HANDLE")


class Salience:
    """The entities of one document in text order, to resolve anaphors against."""

    def __init__(
        self,
        doc: Doc,
        *,
        author: SpanRef | None = None,
        speakers: Sequence[tuple[int, int, Token]] = (),
    ) -> None:
        self._doc = doc
        self._author = author
        self._speakers = speakers  # quotations: (start, end, the speaker's token)
        self._mentions = [ent for ent in doc.ents if MENTION_LABELS.get(ent.label_)]

    def resolve(self, token: Token) -> Resolution | None:
        """The antecedent of `token` (a pronoun or definite noun), or None."""
        lower = token.lower_
        if lower in FIRST_PERSON:
            return self._first_person(token)
        kind = anaphor_kind(token)
        if kind is None:
            return None
        labels = _KINDS[kind]
        if kind in ("PERSON", "GROUP") and token.pos_ == "PRON":
            speaker = self._reporting_speaker(token, kind)
            if speaker is not None:
                return Resolution(speaker, self._anaphor(token))
        if kind == "GROUP" and token.pos_ == "NOUN":
            labels = ("GROUP",)  # "the militants" are an armed group, not a monitor
        before = [e for e in self._mentions if e.end <= token.i and _label(e) in labels
                  and not self._quoted_away(e, token)]  # fmt: skip
        if kind == "FORCE":
            before = [e for e in before if _FORCE_NAME.search(e.text)]
            named = self._named_force(token)
            if named is not None and (not before or before[-1].end <= named.start):
                return Resolution(span_ref(named), self._anaphor(token))
        if not before:
            return None
        if kind in ("PERSON", "GROUP"):  # the last one that was a subject is the most salient
            subjects = [e for e in before if _is_subject(e)]
            before = subjects or before
        return Resolution(span_ref(before[-1]), self._anaphor(token))

    def _named_force(self, token: Token) -> Span | None:
        """The last force named by its country before `token` ("Iraqi forces", "Iraqi special
        forces", "Iraq's security forces"), which a generic "soldiers" or "the army" is."""
        for candidate in reversed(self._doc[: token.i]):
            if candidate.lemma_.lower() not in FORCE_NOUNS or candidate.pos_ != "NOUN":
                continue
            country = [c for c in candidate.lefts if c.ent_type_ == "NORP"]
            if country:
                return self._doc[country[0].i : candidate.i + 1]
        return None

    def _quoted_away(self, mention: Span, token: Token) -> bool:
        """A name inside a quotation the anaphor is outside of: the speaker's words, not a
        mention the narrator refers back to."""
        for start, end, _ in self._speakers:
            inside = start <= mention.start_char < end
            if inside and not start <= token.idx < end:
                return True
        return False

    def _reporting_speaker(self, token: Token, kind: str) -> SpanRef | None:
        """ "X announced that he …", "the army said it had entered …": a pronoun in a
        reported clause is its speaker, when that is of the pronoun's kind."""
        head = token.head
        for _ in range(6):
            if head.lemma_.lower() in _REPORTING and head.pos_ in ("VERB", "AUX"):
                subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
                if subject is None or subject.i > token.i or subject.pos_ == "PRON":
                    return None
                return self._speaker_of_kind(subject, kind)
            if head.head == head:
                return None
            head = head.head
        return None

    def _speaker_of_kind(self, subject: Token, kind: str) -> SpanRef | None:
        ent = next((e for e in self._mentions if e.start <= subject.i < e.end), None)
        if ent is not None:
            return span_ref(ent) if _label(ent) in _KINDS[kind] else None
        if kind == "GROUP" and subject.lemma_.lower() in GROUP_NOUNS | FORCE_NOUNS:
            left = min([subject.i, *(c.i for c in subject.lefts if c.dep_ in ("det", "amod"))])
            ref = span_ref(self._doc[left : subject.i + 1])  # "the army"
            return SpanRef(ref.start, ref.end, ref.text, "GROUP")
        return None

    def _first_person(self, token: Token) -> Resolution | None:
        """ "I", "we" in a quotation are its speaker; elsewhere in a post, its author."""
        for start, end, speaker in self._speakers:
            if start <= token.idx < end:
                ent = next((e for e in self._mentions if e.start <= speaker.i < e.end), None)
                if ent is not None:
                    return Resolution(span_ref(ent), self._anaphor(token))
                found = self.resolve(speaker) if speaker.lower_ not in FIRST_PERSON else None
                return Resolution(found.antecedent, self._anaphor(token)) if found else None
        if self._author is None:
            return None
        return Resolution(self._author, self._anaphor(token))

    def _anaphor(self, token: Token) -> SpanRef:
        if token.pos_ == "PRON":
            return SpanRef(token.idx, token.idx + len(token.text), token.text, None)
        left = min([token.i, *(c.i for c in token.lefts if c.dep_ in ("det", "amod"))])
        return span_ref(self._doc[left : token.i + 1])


def _is_subject(ent: Span) -> bool:
    """The mention is a clause's subject, or in apposition to one ("X, the commander, …")."""
    root = ent.root
    if root.dep_ == "appos":
        root = root.head
    return root.dep_ in ("nsubj", "nsubjpass")


def _label(ent: Span) -> str | None:
    return MENTION_LABELS.get(ent.label_)
