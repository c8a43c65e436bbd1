"""The clues that two accounts have one operator, one feature per kind of clue.

Each feature compares an older and a newer `AccountProfile` and returns a value in 0..1,
a sentence that says why, and the claim and document ids it rests on; or None when the
profiles do not carry what it needs (no display names, no posts), so that a clue nobody
could look at is reported as not measured rather than counted as a mismatch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

HANDLE_IN_TEXT = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{1,32})")
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_DIGIT_RUN = re.compile(r"\d{2,}")
_AFFIX_FILLER = re.compile(r"^[\d_.\-]+$")
SUCCESSION_WINDOW_DAYS = 30
"""An account that starts more than this many days after another fell silent is not taken
as its successor (suspended accounts are usually recreated within days)."""

STARTS = frozenset({"post", "first post", "created"})
ENDS = frozenset({"post", "last post", "suspended", "deleted", "closed"})


@dataclass(frozen=True, slots=True)
class Activity:
    """A dated sign of an account's life: a post, its creation, its reported suspension."""

    day: date
    activity: str
    document_id: str
    claim_id: str | None = None

    @property
    def evidence(self) -> tuple[str, ...]:
        return (self.claim_id,) if self.claim_id else (self.document_id,)


@dataclass(frozen=True, slots=True)
class Post:
    """A post the account wrote; `repost` when it only passes on someone else's text."""

    document_id: str
    text: str
    published: date | None
    repost: bool = False


@dataclass(frozen=True, slots=True)
class SelfReference:
    """Where an account calls itself a new, backup or old account (a post, a bio, a claim).

    `named` is the handle of the other account the sentence names (case-folded), if any.
    """

    quote: str
    document_id: str
    start: int
    end: int
    named: str | None = None
    claim_id: str | None = None

    @property
    def evidence(self) -> tuple[str, ...]:
        return (self.claim_id,) if self.claim_id else (self.document_id,)


@dataclass(frozen=True, slots=True)
class Operator:
    """A person or group said (by a claim) to run the account."""

    entity_id: str
    name: str
    claim_id: str


@dataclass(frozen=True, slots=True)
class ProfileText:
    """A display name or bio as a post carried it (X exports repeat them with each post)."""

    text: str
    document_id: str | None = None


@dataclass(frozen=True, slots=True)
class AccountProfile:
    """What is known of one account that the features compare.

    `neighbours` maps the case-folded handle of each account it mentions or is mentioned
    by to a document that shows it (None when the data has no documents, as in a graph).
    """

    account_id: str
    handle: str
    platform: str | None = None
    display_names: tuple[ProfileText, ...] = ()
    bios: tuple[ProfileText, ...] = ()
    activity: tuple[Activity, ...] = ()
    posts: tuple[Post, ...] = ()
    neighbours: dict[str, str | None] = field(default_factory=dict)
    self_references: tuple[SelfReference, ...] = ()
    operators: tuple[Operator, ...] = ()

    @property
    def key(self) -> str:
        return self.handle.casefold()

    def first_seen(self) -> Activity | None:
        starts = [a for a in self.activity if a.activity in STARTS]
        return min(starts, key=lambda a: a.day) if starts else None

    def last_seen(self) -> Activity | None:
        ends = [a for a in self.activity if a.activity in ENDS]
        return max(ends, key=lambda a: a.day) if ends else None


@dataclass(frozen=True, slots=True)
class Feature:
    """One clue: its value in 0..1, why, and the claim or document ids behind it."""

    name: str
    value: float
    explanation: str
    evidence: tuple[str, ...] = field(default=())


def handle_similarity(older: AccountProfile, newer: AccountProfile) -> Feature:
    """Edit similarity of the handles, raised when they differ only by an added or removed
    affix ('_', '2'), share a digit run, or have the same letters once digits go."""
    a, b = older.key, newer.key
    value = Levenshtein.normalized_similarity(a, b)
    reasons = [f"edit distance {Levenshtein.distance(a, b)}"]
    if a == b:
        value, reasons = 1.0, [f"the same handle on {older.platform} and {newer.platform}"]
    elif affix := _affix(a, b):
        place, added = affix
        value = max(value, 0.95 if _AFFIX_FILLER.match(added) else 0.85)
        reasons = [f"handles differ by a {place} {added!r}"]
    elif (letters := _letters(a)) and letters == _letters(b):
        value = max(value, 0.8)
        reasons.append(f"the same letters once digits and '_' are removed ({letters!r})")
    shared = sorted(set(_DIGIT_RUN.findall(a)) & set(_DIGIT_RUN.findall(b)))
    if shared and a != b:
        value = min(1.0, value + 0.1)
        reasons.append("both contain the digit run " + ", ".join(repr(d) for d in shared))
    text = f"@{older.handle} and @{newer.handle}: " + "; ".join(reasons)
    return Feature("handle", round(value, 3), text, (older.account_id, newer.account_id))


def _affix(a: str, b: str) -> tuple[str, str] | None:
    """('trailing' or 'leading', the characters) when one handle is the other plus at most
    three characters at one end."""
    short, long = sorted((a, b), key=len)
    added = len(long) - len(short)
    if not short or not 0 < added <= 3:
        return None
    if long.startswith(short):
        return "trailing", long[len(short) :]
    if long.endswith(short):
        return "leading", long[:added]
    return None


def _letters(handle: str) -> str:
    return re.sub(r"[\d_]", "", handle)


def display_name_similarity(older: AccountProfile, newer: AccountProfile) -> Feature | None:
    """Plain similarity of the display names (the best pair when an account had several)."""
    return _best_text_match("display name", older.display_names, newer.display_names)


def bio_similarity(older: AccountProfile, newer: AccountProfile) -> Feature | None:
    """Plain similarity of the profile descriptions."""
    return _best_text_match("bio", older.bios, newer.bios)


def _best_text_match(
    name: str, first: Iterable[ProfileText], second: Iterable[ProfileText]
) -> Feature | None:
    pairs = [(x, y) for x in first for y in second]
    if not pairs:
        return None
    x, y = max(pairs, key=lambda pair: fuzz.ratio(_norm(pair[0].text), _norm(pair[1].text)))
    value = fuzz.ratio(_norm(x.text), _norm(y.text)) / 100
    text = f"{name}s {x.text!r} and {y.text!r}: similarity {value:.2f}"
    evidence = tuple(i for i in (x.document_id, y.document_id) if i)
    return Feature(name, round(value, 3), text, evidence)


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def succession(
    older: AccountProfile, newer: AccountProfile, *, window_days: int = SUCCESSION_WINDOW_DAYS
) -> Feature | None:
    """How soon the newer account started after the older one fell silent: 1 on the same
    day, falling to 0 at `window_days`; 0 when both were active at the same time."""
    ended, started = older.last_seen(), newer.first_seen()
    if ended is None or started is None:
        return None
    gap = (started.day - ended.day).days
    told = (
        f"@{older.handle}'s last sign of activity {ended.day} ({ended.activity}), "
        f"@{newer.handle}'s first {started.day} ({started.activity})"
    )
    evidence = (*ended.evidence, *started.evidence)
    if gap < 0:
        return Feature("succession", 0.0, f"{told}: both active at once", evidence)
    value = max(0.0, 1 - gap / window_days)
    unit = "day" if gap == 1 else "days"
    note = "" if value else f", beyond the {window_days}-day window"
    return Feature("succession", round(value, 3), f"{told}: {gap} {unit}{note}", evidence)


def self_reference(older: AccountProfile, newer: AccountProfile) -> Feature | None:
    """A post or bio in which one account calls itself the other's new or old account:
    1 when it names the other, 0.7 when the newer one only says it is a new account."""
    if not (older.posts or newer.posts or older.bios or newer.bios or newer.self_references):
        return None
    naming = [r for r in older.self_references if r.named == newer.key] + [
        r for r in newer.self_references if r.named == older.key
    ]
    if naming:
        ref = naming[0]
        text = f"a post names the other account: {ref.quote!r}"
        return Feature("self-reference", 1.0, text, ref.evidence)
    generic = [r for r in newer.self_references if r.named is None]
    if generic:
        ref = generic[0]
        text = f"@{newer.handle} calls itself a new account: {ref.quote!r}"
        return Feature("self-reference", 0.7, text, ref.evidence)
    return Feature("self-reference", 0.0, "neither account says it is a new or old account")


def neighbour_overlap(older: AccountProfile, newer: AccountProfile) -> Feature | None:
    """Jaccard overlap of the accounts each mentions or is mentioned by (each other left out)."""
    pair = {older.key, newer.key}
    mine, theirs = set(older.neighbours) - pair, set(newer.neighbours) - pair
    if not mine or not theirs:
        return None
    shared = sorted(mine & theirs)
    value = len(shared) / len(mine | theirs)
    named = ", ".join(f"@{handle}" for handle in shared[:5]) or "none"
    text = f"share {len(shared)} of {len(mine | theirs)} accounts mentioned or mentioning: {named}"
    shown = (p.neighbours[h] for h in shared for p in (older, newer))
    return Feature("neighbours", round(value, 3), text, tuple(dict.fromkeys(i for i in shown if i)))


def operator_agreement(older: AccountProfile, newer: AccountProfile) -> Feature | None:
    """Whether claims name the same operator for both accounts (0 when they name others)."""
    if not older.operators or not newer.operators:
        return None
    evidence = tuple(o.claim_id for o in (*older.operators, *newer.operators))
    shared = {o.entity_id for o in older.operators} & {o.entity_id for o in newer.operators}
    if shared:
        names = sorted({o.name for o in older.operators if o.entity_id in shared})
        return Feature("operator", 1.0, f"both said to be run by {', '.join(names)}", evidence)
    first = ", ".join(sorted({o.name for o in older.operators}))
    second = ", ".join(sorted({o.name for o in newer.operators}))
    return Feature("operator", 0.0, f"said to be run by {first} and by {second}", evidence)


class StyleModel:
    """Character n-gram TF-IDF of each account's own posts (reposts, handles and URLs left
    out), fitted once over every account compared so that rare n-grams weigh more."""

    def __init__(self, profiles: Sequence[AccountProfile]) -> None:
        texts = {p.account_id: _style_text(p) for p in profiles}
        self._ids = [account_id for account_id, text in texts.items() if text]
        self._row = {account_id: row for row, account_id in enumerate(self._ids)}
        self._posts = {p.account_id: _own_posts(p) for p in profiles}
        if self._ids:
            # Imported here: scikit-learn takes seconds to import, and every CLI command
            # would pay for it at start-up.
            from sklearn.feature_extraction.text import (  # type: ignore[import-untyped]
                TfidfVectorizer,
            )
            from sklearn.preprocessing import normalize  # type: ignore[import-untyped]

            vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
            self._matrix = normalize(vectorizer.fit_transform([texts[i] for i in self._ids]))

    def compare(self, older: AccountProfile, newer: AccountProfile) -> Feature | None:
        """Cosine of the two accounts' n-gram vectors; None when either has no own posts."""
        first, second = self._row.get(older.account_id), self._row.get(newer.account_id)
        if first is None or second is None:
            return None
        value = float(self._matrix[first].multiply(self._matrix[second]).sum())
        counts = len(self._posts[older.account_id]), len(self._posts[newer.account_id])
        posts = (*self._posts[older.account_id], *self._posts[newer.account_id])
        evidence = tuple(post.document_id for post in posts)
        text = f"character n-gram cosine of their posts {value:.2f} ({counts[0]} and {counts[1]})"
        return Feature("style", round(value, 3), text, evidence)


def _own_posts(profile: AccountProfile) -> list[Post]:
    return [post for post in profile.posts if not post.repost]


def _style_text(profile: AccountProfile) -> str:
    texts = (HANDLE_IN_TEXT.sub(" ", _URL.sub(" ", post.text)) for post in _own_posts(profile))
    return "\n".join(" ".join(text.split()) for text in texts).strip()
