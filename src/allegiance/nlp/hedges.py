"""How firmly a sentence states a claim: negation, denial, forecast, doubt, report.

The hedge is read from the trigger's own children (a negation, "will"), the words that
govern it ("denied that…", "is expected to…", "appears to…") and the doubts voiced in its
sentence ("could not be verified", "rumours", "unconfirmed") or in the next one when it
points back ("The claim could not be confirmed."). Order of precedence:
negated > denied > expected > uncertain > alleged > reported.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

REFUSING = frozenset({"refuse", "decline", "fail"})
DENYING = frozenset({"deny", "refute", "reject", "dismiss"})
EXPECTING = frozenset({"expect", "plan", "intend", "threaten", "vow", "promise", "prepare"})
DOUBTING = frozenset({"appear", "seem", "believe", "think", "rumour", "rumor", "suspect"})
_FORECAST_AUX = frozenset({"will", "would", "'ll", "shall"})
_NEGATIVE_SUBJECTS = frozenset({"nobody", "none", "no one", "neither"})
_DOUBT = re.compile(
    r"\b(?:could\s+not|cannot|can\s*not|has\s+not|have\s+not|had\s+not|was\s+not|were\s+not)"
    r"\s+(?:yet\s+)?(?:been\s+|be\s+)?(?:independently\s+)?"
    r"(?:verified|confirmed|corroborated|verify|confirm|corroborate)\b"
    r"|\bunconfirmed\b|\bunverified\b|\brumou?rs?\b|\bnot\s+(?:independently\s+)?confirmed\b"
    r"|\bnot\s+been\s+able\s+to\s+verify\b|\bis\s+disputed\b",
    re.IGNORECASE,
)
REBUTTAL = re.compile(
    r"\b(?:is|was|are|were)\s+(?:a\s+|an\s+)?(?:lie|lies|false|untrue|"
    r"fabricat\w+|baseless)\b",
    re.IGNORECASE,
)
_MAX_UP = 6
_POINTING = frozenset({"this", "that", "it", "these", "those"})
_REPORT_NOUNS = frozenset({"claim", "report", "account", "statement", "figure", "toll",
                           "video", "footage", "image", "photograph", "assertion",
                           "information"})  # fmt: skip


def hedge_of(trigger: Token) -> str | None:
    """The hedge the sentence puts on the claim `trigger` states; None: no hedge word."""
    if is_negated(trigger):
        return "negated"
    governors = _governors(trigger)
    lemmas = {g.lemma_.lower() for g in governors[:2]} & REFUSING
    if lemmas and trigger.dep_ == "xcomp":
        return "negated"  # "refused to join"
    lemmas = {g.lemma_.lower() for g in governors}
    if lemmas & DENYING or is_doubted_after(trigger, pattern=REBUTTAL):
        return "denied"
    if lemmas & EXPECTING or _has_forecast_aux(trigger):
        return "expected"
    if lemmas & DOUBTING or is_doubted(trigger) or _said_to(governors):
        return "uncertain"
    if is_doubted_after(trigger):
        return "uncertain"
    if _has_adverb(trigger, ("allegedly", "purportedly")):
        return "alleged"
    if _has_adverb(trigger, ("reportedly",)) or _reported_to(governors):
        return "reported"
    return None


def is_negated(trigger: Token) -> bool:
    """A negation on the trigger or its auxiliaries, or a subject such as "nobody"."""
    for child in trigger.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in _NEGATIVE_SUBJECTS:
            return True
        if child.dep_ == "det" and child.lower_ == "no" and trigger.pos_ == "NOUN":
            return True
    return False


def is_doubted(trigger: Token) -> bool:
    """The trigger's sentence says the report is unconfirmed or a rumour."""
    return _DOUBT.search(trigger.sent.text) is not None


def is_doubted_after(trigger: Token, *, pattern: re.Pattern[str] = _DOUBT) -> bool:
    """The next sentence doubts this one: "… seized the town. The claim could not be
    confirmed." (a doubt whose subject points back: "the claim", "this", "it"); with
    `pattern=REBUTTAL`, it calls it false ("This is a lie")."""
    sent = trigger.sent
    if sent.end >= len(trigger.doc):
        return False
    following = trigger.doc[sent.end].sent
    if pattern.search(following.text) is None:
        return False
    subject = next((t for t in following if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    pointing = subject.lower_ in _POINTING or any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
        for c in subject.children
    )
    return pointing and subject.lemma_.lower() in _POINTING | _REPORT_NOUNS


def _governors(trigger: Token) -> list[Token]:
    """The words above the trigger in the parse, up to its sentence's root."""
    found, token = [], trigger
    for _ in range(_MAX_UP):
        if token.head == token:
            break
        token = token.head
        found.append(token)
    return found


def _has_forecast_aux(trigger: Token) -> bool:
    tokens = [trigger, *(g for g in _governors(trigger)[:1] if trigger.dep_ == "xcomp")]
    return any(c.dep_ == "aux" and c.lower_ in _FORECAST_AUX for t in tokens for c in t.children)


def _has_adverb(trigger: Token, words: tuple[str, ...]) -> bool:
    tokens = [trigger, *_governors(trigger)[:2]]
    return any(c.lower_ in words for t in tokens for c in t.children)


def _said_to(governors: list[Token]) -> bool:
    """ "X is said to lead …": a passive "say" governing the trigger through `xcomp`."""
    return any(g.lemma_.lower() == "say" and _is_passive(g) for g in governors[:2])


def _reported_to(governors: list[Token]) -> bool:
    return any(g.lemma_.lower() == "report" and _is_passive(g) for g in governors[:2])


def _is_passive(token: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)
