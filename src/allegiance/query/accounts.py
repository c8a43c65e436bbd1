"""Candidate links between accounts ("one operator"), each with an explained score.

Every pair that shares a block is scored by the features of `account_features`; the score
is the weighted mean of the features that could be measured for the pair (`WEIGHTS`), so
a clue nobody could look at (no bios, no posts) neither raises nor lowers it, and
`coverage` says what share of the weights was measured. The mean is taken over at least
`MIN_EVIDENCE` of the weights: a pair known only by its handles (a quarter of the weights)
scores at most half, however alike the handles, since handles alone are easy to imitate.
The older account of a pair (the one seen first) is `first`.

Pairs are not formed among all accounts (3,000 accounts would make 4.5 million pairs):
only accounts sharing a block are compared — the letters of the handle without digits and
'_', a word of four letters or more in a handle or display name, an account both mention
or are mentioned by, or a succession in time (one starts within the window after the
other's last sign of activity). A block larger than `MAX_BLOCK` says little (a hub every
account mentions, the word "news") and forms no pairs; how many were passed over is
counted. A post that names the other account always forms its pair.

Analysts' decisions are `account-link` judgements on the pair: "same-operator" confirms,
"different" rejects; a later judgement that `undoes` one withdraws it. A pair with a
decision in force is not proposed again.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from itertools import combinations

from allegiance.model import AllegianceError, EntityKind, Judgement, JudgementKind, NotFoundError
from allegiance.query.account_features import (
    SUCCESSION_WINDOW_DAYS,
    AccountProfile,
    Activity,
    Feature,
    StyleModel,
    bio_similarity,
    display_name_similarity,
    handle_similarity,
    neighbour_overlap,
    operator_agreement,
    self_reference,
    succession,
)
from allegiance.query.account_profiles import handle_of, load_profiles
from allegiance.query.claims import ClaimReader
from allegiance.query.entities import active_judgements
from allegiance.store import KnowledgeBase

WEIGHTS: dict[str, float] = {
    "handle": 0.25,
    "display name": 0.10,
    "bio": 0.10,
    "succession": 0.15,
    "self-reference": 0.15,
    "operator": 0.15,
    "neighbours": 0.05,
    "style": 0.05,
}
"""How much each feature counts. Handles, self-descriptions, timing and named operators are
what analysts link accounts by; shared neighbours and style are weak alone (supporters of
one group mention the same accounts and write alike), so they only tip a balance."""

DEFAULT_MIN_SCORE = 0.6
MIN_EVIDENCE = 0.5
"""The least share of the weights a score is divided by: with less measured, the missing
share counts as unknown, not as agreement."""
MAX_BLOCK = 40
SAME_OPERATOR = "same-operator"
DIFFERENT = "different"
_WORD = re.compile(r"[a-z]{4,}")


@dataclass(frozen=True, slots=True)
class LinkCandidate:
    """Two accounts that may have one operator; `first` is the older."""

    first: str
    second: str
    first_handle: str
    second_handle: str
    score: float
    coverage: float
    features: tuple[Feature, ...]
    not_measured: tuple[str, ...]

    @property
    def evidence(self) -> tuple[str, ...]:
        """Every claim and document id the features rest on, once each."""
        return tuple(dict.fromkeys(i for f in self.features for i in f.evidence))


@dataclass(frozen=True, slots=True)
class CandidateSearch:
    """The candidates found and what the search did to find them."""

    candidates: list[LinkCandidate]
    accounts: int
    pairs_compared: int
    oversized_blocks: int


@dataclass(frozen=True, slots=True)
class AccountLink:
    """A confirmed link in force: the other account and the judgement that made it."""

    account_id: str
    judgement: Judgement


def ordered(first: AccountProfile, second: AccountProfile) -> tuple[AccountProfile, ...]:
    """The pair with the account seen first (then the shorter handle) first."""

    def age(profile: AccountProfile) -> tuple[bool, str, int, str]:
        seen = profile.first_seen()
        return (seen is None, seen.day.isoformat() if seen else "", len(profile.key), profile.key)

    return tuple(sorted((first, second), key=age))


def score_pair(
    first: AccountProfile,
    second: AccountProfile,
    *,
    style: StyleModel,
    window_days: int = SUCCESSION_WINDOW_DAYS,
) -> LinkCandidate:
    """The weighted mean of the features measured for the two accounts (over at least
    `MIN_EVIDENCE` of the weights)."""
    older, newer = ordered(first, second)
    found = {
        "handle": handle_similarity(older, newer),
        "display name": display_name_similarity(older, newer),
        "bio": bio_similarity(older, newer),
        "succession": succession(older, newer, window_days=window_days),
        "self-reference": self_reference(older, newer),
        "operator": operator_agreement(older, newer),
        "neighbours": neighbour_overlap(older, newer),
        "style": style.compare(older, newer),
    }
    measured = [feature for feature in found.values() if feature is not None]
    weight = sum(WEIGHTS[f.name] for f in measured)
    total = sum(WEIGHTS.values())
    score = sum(WEIGHTS[f.name] * f.value for f in measured) / max(weight, MIN_EVIDENCE * total)
    return LinkCandidate(
        first=older.account_id,
        second=newer.account_id,
        first_handle=older.handle,
        second_handle=newer.handle,
        score=round(score, 3),
        coverage=round(weight / total, 3),
        features=tuple(sorted(measured, key=lambda f: -WEIGHTS[f.name] * f.value)),
        not_measured=tuple(name for name, feature in found.items() if feature is None),
    )


def propose_links(
    profiles: Sequence[AccountProfile],
    *,
    min_score: float = 0.0,
    judged: Collection[frozenset[str]] = (),
    within: Collection[str] | None = None,
    window_days: int = SUCCESSION_WINDOW_DAYS,
) -> CandidateSearch:
    """Score the pairs that share a block, best first; pairs in `judged` are left out and,
    given `within`, only pairs with one of those accounts are kept."""
    pairs, oversized = candidate_pairs(profiles, window_days=window_days)
    by_id = {profile.account_id: profile for profile in profiles}
    style = StyleModel(profiles)
    candidates = []
    for a, b in sorted(pairs):
        if frozenset((a, b)) in judged or (within is not None and not {a, b} & set(within)):
            continue
        candidate = score_pair(by_id[a], by_id[b], style=style, window_days=window_days)
        if candidate.score >= min_score:
            candidates.append(candidate)
    candidates.sort(key=lambda c: (-c.score, c.first_handle.casefold(), c.second_handle))
    return CandidateSearch(candidates, len(profiles), len(pairs), oversized)


def block_keys(profile: AccountProfile) -> set[str]:
    """The blocks an account is in: handle letters, name words, mention neighbours."""
    letters = re.sub(r"[^a-z]", "", profile.key)
    keys = {f"handle:{letters}"} if letters else set()
    words = _WORD.findall(re.sub(r"([a-z])([A-Z])", r"\1 \2", profile.handle).casefold())
    for name in profile.display_names:
        words.extend(_WORD.findall(name.text.casefold()))
    keys.update(f"word:{word}" for word in words)
    keys.update(f"neighbour:{handle}" for handle in profile.neighbours)
    return keys


def candidate_pairs(
    profiles: Sequence[AccountProfile], *, window_days: int = SUCCESSION_WINDOW_DAYS
) -> tuple[set[tuple[str, str]], int]:
    """The pairs to score (ids in sorted order) and how many blocks were too large."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for profile in profiles:
        for key in block_keys(profile):
            blocks[key].append(profile.account_id)
    pairs: set[tuple[str, str]] = set()
    oversized = 0
    for members in blocks.values():
        if len(members) > MAX_BLOCK:
            oversized += 1
            continue
        pairs.update(_pairs_of(members))
    succeeding, crowded = _succession_pairs(profiles, window_days)
    pairs.update(succeeding)
    pairs.update(_named_pairs(profiles))
    return pairs, oversized + crowded


def _pairs_of(members: Iterable[str]) -> Iterable[tuple[str, str]]:
    return combinations(sorted(set(members)), 2)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _succession_pairs(
    profiles: Sequence[AccountProfile], window_days: int
) -> tuple[set[tuple[str, str]], int]:
    """Accounts that start within the window after another's last sign of activity (a sweep
    over the sorted end dates, not a comparison of every pair)."""
    ends = sorted((last.day, p.account_id) for p in profiles if (last := p.last_seen()))
    days = [day for day, _ in ends]
    pairs: set[tuple[str, str]] = set()
    crowded = 0
    for profile in profiles:
        start = profile.first_seen()
        if start is None:
            continue
        low = bisect_left(days, start.day - timedelta(days=window_days))
        high = bisect_right(days, start.day)
        if high - low > MAX_BLOCK:
            crowded += 1
            continue
        for other in {account_id for _, account_id in ends[low:high]} - {profile.account_id}:
            pairs.add(_pair(profile.account_id, other))
    return pairs, crowded


def _named_pairs(profiles: Sequence[AccountProfile]) -> set[tuple[str, str]]:
    by_key = {profile.key: profile.account_id for profile in profiles}
    pairs: set[tuple[str, str]] = set()
    for profile in profiles:
        for reference in profile.self_references:
            other = by_key.get(reference.named or "")
            if other is not None and other != profile.account_id:
                pairs.add(_pair(profile.account_id, other))
    return pairs


def link_decisions(
    kb: KnowledgeBase, reader: ClaimReader | None = None
) -> dict[frozenset[str], Judgement]:
    """The account-link judgement in force per pair of (canonical) accounts: the latest."""
    reader = reader or ClaimReader(kb)
    decisions: dict[frozenset[str], Judgement] = {}
    for judgement in active_judgements(kb.list_judgements()):
        if judgement.kind is JudgementKind.ACCOUNT_LINK:
            pair = frozenset(reader.canonical(s) for s in judgement.subjects[:2])
            decisions[pair] = judgement
    return decisions


def link_candidates(
    kb: KnowledgeBase, *, min_score: float = 0.0, accounts: Collection[str] | None = None
) -> list[LinkCandidate]:
    """Proposed links not yet confirmed or rejected, best first (see the module docstring)."""
    reader = ClaimReader(kb)
    profiles = load_profiles(kb, reader)
    within = None if accounts is None else {reader.canonical(a) for a in accounts}
    judged = set(link_decisions(kb, reader))
    return propose_links(profiles, min_score=min_score, judged=judged, within=within).candidates


@dataclass(frozen=True, slots=True)
class PairView:
    """Two accounts' profiles (older first) and their scored comparison."""

    older: AccountProfile
    newer: AccountProfile
    candidate: LinkCandidate


def examine_pair(kb: KnowledgeBase, first: str, second: str) -> PairView:
    """The profiles, score and evidence of one pair of accounts, whether proposed or not."""
    reader = ClaimReader(kb)
    ids = [reader.canonical(_account(kb, account_id)) for account_id in (first, second)]
    if ids[0] == ids[1]:
        raise AllegianceError(f"{first} and {second} are one account (merged entities)")
    profiles = load_profiles(kb, reader)
    by_id = {profile.account_id: profile for profile in profiles}
    candidate = score_pair(by_id[ids[0]], by_id[ids[1]], style=StyleModel(profiles))
    return PairView(by_id[candidate.first], by_id[candidate.second], candidate)


def explain_link(kb: KnowledgeBase, first: str, second: str) -> LinkCandidate:
    """The score and evidence of one pair of accounts, whether proposed or not."""
    return examine_pair(kb, first, second).candidate


def linked_accounts(kb: KnowledgeBase, account_id: str) -> list[AccountLink]:
    """The accounts confirmed (by a judgement in force) to share `account_id`'s operator."""
    reader = ClaimReader(kb)
    canonical = reader.canonical(account_id)
    links = []
    for pair, judgement in link_decisions(kb, reader).items():
        if canonical in pair and judgement.decision == SAME_OPERATOR:
            other = next(iter(pair - {canonical}), canonical)
            links.append(AccountLink(other, judgement))
    return sorted(links, key=lambda link: link.judgement.created)


def _account(kb: KnowledgeBase, account_id: str) -> str:
    entity = kb.get_entity(account_id)
    if entity.kind is not EntityKind.ACCOUNT:
        raise NotFoundError("account", account_id)
    return entity.id


@dataclass(frozen=True, slots=True)
class AccountOverview:
    """One account as `accounts list` shows it: activity, operators and confirmed links."""

    profile: AccountProfile
    first_post: Activity | None
    last_post: Activity | None
    posts: int
    links: tuple[AccountLink, ...]


def account_overviews(kb: KnowledgeBase) -> list[AccountOverview]:
    """Every account (merged ones once), in order of handle."""
    reader = ClaimReader(kb)
    decisions = link_decisions(kb, reader)
    overviews = []
    for profile in load_profiles(kb, reader):
        posts = [a for a in profile.activity if a.activity == "post"]
        links = tuple(
            AccountLink(next(iter(pair - {profile.account_id})), judgement)
            for pair, judgement in decisions.items()
            if profile.account_id in pair and judgement.decision == SAME_OPERATOR
        )
        first, last = (posts[0], posts[-1]) if posts else (None, None)
        overviews.append(AccountOverview(profile, first, last, len(profile.posts), links))
    return overviews


def find_account(kb: KnowledgeBase, reference: str) -> str:
    """An account by entity id, or by handle (with or without '@', any case)."""
    if reference.startswith("ent-"):
        return _account(kb, reference)
    wanted = reference.lstrip("@").casefold()
    for entity in kb.iter_entities(kind=EntityKind.ACCOUNT):
        if handle_of(entity).casefold() == wanted:
            return entity.id
    raise NotFoundError("account", reference)
