"""Who asserts a claim inside the text: the speaker of a reporting verb that governs it
("X said/told Reuters/wrote that …", "…, officials said"), the party after "according to",
or the speaker of the quotation it stands in. Nested reports take the innermost speaker:
in "X told Reuters that Y had said Z", Y asserts Z.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

REPORTING = frozenset(
    {"say", "report", "tell", "announce", "write", "tweet", "claim", "add", "confirm", "insist",
     "indicate", "state", "post", "declare", "deny", "vow", "promise", "threaten", "allege",
     "accuse", "boast", "warn", "put", "cite", "show"}
)  # fmt: skip
CLAIMING = frozenset({"claim", "insist", "boast"})
_QUOTE = re.compile(r"[\"“]([^\"”]{3,}?)[\"”]")
_MAX_UP = 8


@dataclass(frozen=True, slots=True)
class Attribution:
    """The reporting verb and its speaker token (either may be missing)."""

    verb: Token | None
    speaker: Token | None
    claimed: bool = False


def reporting_verb(trigger: Token) -> Token | None:
    """The innermost reporting verb that governs `trigger` (or sits beside it as
    "…, officials said")."""
    token = trigger
    for _ in range(_MAX_UP):
        for child in token.children:
            if (
                child.dep_ in ("parataxis", "advcl")
                and _is_reporting(child)
                and child.i > trigger.i
            ):
                return child
        if token.head == token:
            return None
        complement = token.dep_ in ("ccomp", "xcomp", "parataxis")
        if _is_reporting(token.head) and (complement or _conj_after(token, trigger)):
            return token.head
        if _is_reporting(token.head) and token.dep_ in ("dobj", "advcl") and token != trigger:
            return token.head
        token = token.head
    return None


def _conj_after(token: Token, trigger: Token) -> bool:
    """ "X seized Y and said…" is no report of the seizing; "…, and officials said" is."""
    return token.dep_ == "conj" and token.head.i > trigger.i


def _is_reporting(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in REPORTING


def speaker_of(verb: Token) -> Token | None:
    """The subject of a reporting verb (the agent when passive)."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
    if verb.dep_ in ("conj", "xcomp") and verb.head != verb:
        return speaker_of(verb.head)
    return None


def according_to(trigger: Token) -> Token | None:
    """The party after "according to" in the trigger's sentence."""
    for token in trigger.sent:
        if token.lower_ == "according" and token.i + 1 < len(token.doc):
            to = token.doc[token.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


def attribution_of(trigger: Token, *, quotes: list[QuoteRegion]) -> Attribution:
    """Who asserts the claim `trigger` states, and whether it is a party's claim."""
    region = next((q for q in quotes if q.start <= trigger.idx < q.end), None)
    if region is not None and region.speaker is not None:
        return Attribution(region.verb, region.speaker)
    verb = reporting_verb(trigger)
    if verb is not None:
        return Attribution(verb, speaker_of(verb), verb.lemma_.lower() in CLAIMING)
    party = according_to(trigger)
    if party is not None:
        return Attribution(None, party)
    return Attribution(None, None)


@dataclass(frozen=True, slots=True)
class QuoteRegion:
    """A quotation's character extent and the reporting verb and speaker after it."""

    start: int
    end: int
    verb: Token | None
    speaker: Token | None


def find_quotes(doc: Doc) -> list[QuoteRegion]:
    """Quotations in `doc` and who said them ("…," he wrote / said Walid Hamza)."""
    regions = []
    for match in _QUOTE.finditer(doc.text):
        after = doc.char_span(
            match.end(), min(len(doc.text), match.end() + 80), alignment_mode="expand"
        )
        verb = next((t for t in after or () if _is_reporting(t)), None) if after else None
        speaker = speaker_of(verb) if verb is not None else None
        regions.append(QuoteRegion(match.start(), match.end(), verb, speaker))
    return regions
