"""Account links: the proposed pairs with their clues, confirmed or rejected by analysts.

Both decisions are `account-link` judgements recorded by `workflow.accounts`, and audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request, Response

from allegiance.query.accounts import DEFAULT_MIN_SCORE, LinkCandidate, link_candidates
from allegiance.store import KnowledgeBase
from allegiance.web.dependencies import KB, AnalystWrite, Now, Viewer
from allegiance.web.pages import redirect, render
from allegiance.web.routes.claims import to_judgement_out
from allegiance.web.schemas import (
    FeatureOut,
    LinkCandidateOut,
    LinkCandidates,
    LinkDecisionIn,
    LinkDecisionOut,
)
from allegiance.workflow.accounts import confirm_link, reject_link

router = APIRouter()


def to_candidate_out(candidate: LinkCandidate) -> LinkCandidateOut:
    return LinkCandidateOut(
        first=candidate.first,
        second=candidate.second,
        first_handle=candidate.first_handle,
        second_handle=candidate.second_handle,
        score=candidate.score,
        coverage=candidate.coverage,
        features=[
            FeatureOut(
                name=f.name, value=f.value, explanation=f.explanation, evidence=list(f.evidence)
            )
            for f in candidate.features
        ],
        not_measured=list(candidate.not_measured),
    )


def candidates(kb: KnowledgeBase, min_score: float) -> LinkCandidates:
    found = link_candidates(kb, min_score=min_score)
    return LinkCandidates(candidates=[to_candidate_out(c) for c in found], min_score=min_score)


def decide(
    kb: KnowledgeBase,
    body: LinkDecisionIn,
    *,
    author: str,
    now: datetime,
) -> LinkDecisionOut:
    record = confirm_link if body.decision == "confirmed" else reject_link
    decision = record(kb, body.first, body.second, author=author, reason=body.reason, now=now)
    judgements = [to_judgement_out(j) for j in decision.judgements]
    claim_ids = [claim.id for claim in decision.claims]
    kb.users.add_audit(
        actor=author,
        action=f"account-link.{'confirm' if body.decision == 'confirmed' else 'reject'}",
        target=f"{decision.candidate.first} {decision.candidate.second}",
        before=None,
        after={"judgements": [j.id for j in judgements], "claims": claim_ids},
        now=now,
    )
    return LinkDecisionOut(judgements=judgements, claim_ids=claim_ids)


MinScore = Annotated[float, Query(ge=0, le=1, description="Only pairs scoring at least this.")]


@router.get("/api/accounts/links", tags=["accounts"])
def api_links(who: Viewer, kb: KB, min_score: MinScore = DEFAULT_MIN_SCORE) -> LinkCandidates:
    """Proposed account links not yet judged, best first, with every clue and its evidence."""
    return candidates(kb, min_score)


@router.post("/api/accounts/links", tags=["accounts"])
def api_decide(body: LinkDecisionIn, who: AnalystWrite, kb: KB, now: Now) -> LinkDecisionOut:
    """Confirm (same operator) or reject (different operators) a pair of accounts."""
    decided = decide(kb, body, author=who.user.name, now=now)
    kb.session.commit()
    return decided


@router.get("/accounts/links", include_in_schema=False)
def links_page(
    request: Request, who: Viewer, kb: KB, min_score: MinScore = DEFAULT_MIN_SCORE
) -> Response:
    return render(request, "links.html", who=who, page=candidates(kb, min_score))


@router.post("/accounts/links", include_in_schema=False)
def decide_form(
    who: AnalystWrite,
    kb: KB,
    now: Now,
    first: Annotated[str, Form()],
    second: Annotated[str, Form()],
    decision: Annotated[Literal["confirmed", "rejected"], Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    body = LinkDecisionIn(first=first, second=second, decision=decision, reason=reason)
    decide(kb, body, author=who.user.name, now=now)
    kb.session.commit()
    return redirect("/accounts/links")
