"""Analysts confirm or reject account links; a confirmed link yields claims.

A decision is an `account-link` judgement on the pair (older account first): decision
"same-operator" to confirm, "different" to reject, with author, time and reason. A later
judgement whose `undoes` names it withdraws it; nothing is deleted.

Confirming stores claims derived from the judgement:

- `account.link` from the newer account to the older one;
- `account.operator` for each operator that claims name for one of the two accounts but
  not for the other, now also for the other (qualifier `linked_with`: the account whose
  operator it was; `operator_claim`: the claim that named it).

A claim derived from a judgement is represented as follows. Its extractor is
`allegiance.accounts.v1`. Its document is the newer account's post that carried the
strongest evidence — the one where it calls itself a new account, else its first post —
else the older account's post naming the newer one or its last post, else the document of
a claim the evidence cites; its quote is the exact text at its offsets in that document
(the sentence, or the whole post). `qualifiers` name the judgement (`judgement`) and the
score; `notes` carry the evidence summary (each measured feature and its explanation).
The hedge is `asserted`, the review `accepted` (an analyst decided), the confidence the
pair's score and the date the newer account's first sign of activity. When neither
account has a document to cite, the judgement is recorded and no claim is derived.

Undoing or rejecting a confirmed link rejects its derived claims with `claim-review`
judgements, so they drop out of every picture; confirming again accepts them again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from allegiance.model import (
    AllegianceError,
    Argument,
    Claim,
    FuzzyDate,
    Hedge,
    Judgement,
    JudgementKind,
    NotFoundError,
    Quote,
    Review,
)
from allegiance.query.account_features import AccountProfile, Operator, Post
from allegiance.query.account_profiles import LINK_EXTRACTOR
from allegiance.query.accounts import (
    DIFFERENT,
    SAME_OPERATOR,
    LinkCandidate,
    PairView,
    examine_pair,
    link_decisions,
)
from allegiance.query.claims import ClaimReader
from allegiance.store import KnowledgeBase

EXTRACTOR = LINK_EXTRACTOR
DERIVED_TYPES = ("account.link", "account.operator")


class LinkBlockedError(AllegianceError):
    """The pair was judged different; confirming it needs that judgement undone first."""

    exit_code = 5
    http_status = 409

    def __init__(self, first: str, second: str, judgement_id: str) -> None:
        super().__init__(
            f"{first} and {second} were judged different ({judgement_id}); "
            "undo that judgement before confirming the link"
        )
        self.judgement_id = judgement_id


@dataclass(frozen=True, slots=True)
class LinkDecision:
    """What a decision recorded: its judgements in order, and the claims it derived
    (confirming) or withdrew (undoing, rejecting)."""

    judgements: tuple[Judgement, ...]
    claims: tuple[Claim, ...]
    candidate: LinkCandidate


@dataclass(frozen=True, slots=True)
class _Citation:
    document_id: str
    quote: Quote


def confirm_link(
    kb: KnowledgeBase, first: str, second: str, *, author: str, reason: str, now: datetime
) -> LinkDecision:
    """Record that two accounts have one operator and store the claims that follow."""
    view = examine_pair(kb, first, second)
    pair = (view.older.account_id, view.newer.account_id)
    in_force = link_decisions(kb).get(frozenset(pair))
    if in_force is not None and in_force.decision == DIFFERENT:
        raise LinkBlockedError(*pair, in_force.id)
    if in_force is not None:
        raise AllegianceError(f"the link {pair[0]} – {pair[1]} is already confirmed")
    judgement = Judgement(JudgementKind.ACCOUNT_LINK, pair, SAME_OPERATOR, author, now, reason)
    kb.add_judgement(judgement)
    claims = tuple(derived_claims(kb, view, judgement))
    recorded = [judgement]
    for claim in claims:
        if not kb.add_claim(claim):  # derived by an earlier confirmation, since withdrawn
            review = _review(claim, Review.ACCEPTED, author, now, f"{judgement.id}: {reason}")
            kb.add_judgement(review)
            recorded.append(review)
    return LinkDecision(tuple(recorded), claims, view.candidate)


def reject_link(
    kb: KnowledgeBase, first: str, second: str, *, author: str, reason: str, now: datetime
) -> LinkDecision:
    """Record that two accounts have different operators; a confirmation in force is undone
    first. A rejected pair is not proposed again."""
    view = examine_pair(kb, first, second)
    pair = (view.older.account_id, view.newer.account_id)
    in_force = link_decisions(kb).get(frozenset(pair))
    if in_force is not None and in_force.decision == DIFFERENT:
        raise AllegianceError(f"the link {pair[0]} – {pair[1]} is already rejected")
    recorded: list[Judgement] = []
    withdrawn: tuple[Claim, ...] = ()
    if in_force is not None:
        recorded, withdrawn = _undo(kb, in_force, author=author, reason=reason, now=now)
    different = Judgement(JudgementKind.ACCOUNT_LINK, pair, DIFFERENT, author, now, reason)
    kb.add_judgement(different)
    return LinkDecision((*recorded, different), withdrawn, view.candidate)


def undo_link(
    kb: KnowledgeBase, first: str, second: str, *, author: str, reason: str, now: datetime
) -> LinkDecision:
    """Withdraw the confirmation or rejection in force for the pair (and the claims a
    confirmation derived); the pair may then be proposed again."""
    view = examine_pair(kb, first, second)
    pair = (view.older.account_id, view.newer.account_id)
    in_force = link_decisions(kb).get(frozenset(pair))
    if in_force is None:
        raise NotFoundError("account-link judgement in force for", f"{pair[0]} {pair[1]}")
    recorded, withdrawn = _undo(kb, in_force, author=author, reason=reason, now=now)
    return LinkDecision(tuple(recorded), withdrawn, view.candidate)


def _undo(
    kb: KnowledgeBase, judgement: Judgement, *, author: str, reason: str, now: datetime
) -> tuple[list[Judgement], tuple[Claim, ...]]:
    undo = Judgement(
        judgement.kind, judgement.subjects, "undone", author, now, reason, judgement.id
    )
    kb.add_judgement(undo)
    recorded = [undo]
    withdrawn = derived_from_pair(kb, judgement.subjects[0], judgement.subjects[1])
    for claim in withdrawn:
        review = _review(claim, Review.REJECTED, author, now, f"{undo.id}: {reason}")
        kb.add_judgement(review)
        recorded.append(review)
    return recorded, withdrawn


def _review(claim: Claim, review: Review, author: str, now: datetime, reason: str) -> Judgement:
    return Judgement(JudgementKind.CLAIM_REVIEW, (claim.id,), review.value, author, now, reason)


def derived_from_pair(kb: KnowledgeBase, first: str, second: str) -> tuple[Claim, ...]:
    """The claims a confirmation of this pair derived that are not rejected now."""
    reader = ClaimReader(kb)
    pair = {reader.canonical(first), reader.canonical(second)}
    found = []
    for current in reader.claims(types=DERIVED_TYPES, entity_ids=sorted(pair)):
        claim = current.claim
        if claim.extractor != EXTRACTOR:
            continue
        if current.type == "account.link":
            ends = {current.subject_id, current.object_id}
        else:
            ends = {current.object_id, reader.canonical(claim.qualifiers.get("linked_with", ""))}
        if ends == pair:
            found.append(claim)
    return tuple(found)


def derived_claims(kb: KnowledgeBase, view: PairView, judgement: Judgement) -> Iterator[Claim]:
    """The `account.link` and carried-over `account.operator` claims of a confirmation."""
    citation = _citation(kb, view)
    if citation is None:
        return
    started = view.newer.first_seen()
    score = view.candidate.score
    qualifiers = {"judgement": judgement.id, "score": f"{score:.3f}"}

    def derived(kind: str, subject: str, target: str, extra: dict[str, str]) -> Claim:
        return Claim(
            type=kind,
            subject_id=subject,
            document_id=citation.document_id,
            extractor=EXTRACTOR,
            quote=citation.quote,
            object=Argument(entity_id=target),
            date=FuzzyDate.day(started.day) if started else None,
            hedge=Hedge.ASSERTED,
            confidence=score,
            review=Review.ACCEPTED,
            qualifiers={**qualifiers, **extra},
            notes=evidence_summary(view.candidate),
        )

    link = {"link": SAME_OPERATOR}
    yield derived("account.link", view.newer.account_id, view.older.account_id, link)
    for operator, account, source in _carried_operators(view):
        extra = {"linked_with": source.account_id, "operator_claim": operator.claim_id}
        yield derived("account.operator", operator.entity_id, account.account_id, extra)


def _carried_operators(
    view: PairView,
) -> Iterator[tuple[Operator, AccountProfile, AccountProfile]]:
    """(operator, the account it is carried to, the account it was named for)."""
    for source, target in ((view.older, view.newer), (view.newer, view.older)):
        known = {operator.entity_id for operator in target.operators}
        seen: set[str] = set()
        for operator in source.operators:
            if operator.entity_id not in known | seen:
                seen.add(operator.entity_id)
                yield operator, target, source


def evidence_summary(candidate: LinkCandidate) -> str:
    """One line per measured feature, with its value and explanation, and what is missing."""
    lines = [f"linked by an analyst; score {candidate.score:.2f}:"]
    lines.extend(f"- {f.name} {f.value:.2f}: {f.explanation}" for f in candidate.features)
    if candidate.not_measured:
        lines.append("not measured: " + ", ".join(candidate.not_measured))
    return "\n".join(lines)


def _citation(kb: KnowledgeBase, view: PairView) -> _Citation | None:
    """The document and exact quote the derived claims cite (see the module docstring)."""
    older, newer = view.older, view.newer
    references = [r for r in newer.self_references if r.named in (None, older.key)]
    references += [r for r in older.self_references if r.named == newer.key]
    quoted = [r for r in references if r.end > r.start]  # a bio is not in the post's text
    if quoted:
        best = max(quoted, key=lambda r: r.named is not None)
        return _Citation(best.document_id, Quote(best.quote, best.start, best.end))
    post = _own_post(newer, last=False) or _own_post(older, last=True)
    if post is not None:
        return _Citation(post.document_id, Quote(post.text, 0, len(post.text)))
    for claim_id in view.candidate.evidence:
        if claim_id.startswith("clm-"):
            claim = kb.get_claim(claim_id)
            return _Citation(claim.document_id, claim.quote)
    return None


def _own_post(profile: AccountProfile, *, last: bool) -> Post | None:
    """The account's first (or last) dated post of its own."""
    dated = [(p.published, p.document_id, p) for p in profile.posts if p.published and not p.repost]
    if not dated:
        return None
    return (max(dated) if last else min(dated))[2]
