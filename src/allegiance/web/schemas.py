"""What the API reads and returns. Each HTML page renders one of these (its JSON twin).

Claims, entities and documents use the export contract's records (DESIGN.md §6), so a
claim reads the same in an export, on the command line and over the API.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from allegiance.export.records import ClaimRecord, DocumentRecordOut, EntityRecord
from allegiance.model import Hedge
from allegiance.store.users import ApiToken, AuditEntry, Role, User


class UserOut(BaseModel):
    id: str
    name: str
    role: Role
    created_at: datetime
    disabled_at: datetime | None

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            id=user.id,
            name=user.name,
            role=user.role,
            created_at=user.created_at,
            disabled_at=user.disabled_at,
        )


class LoginIn(BaseModel):
    name: str
    password: str


class SessionOut(BaseModel):
    """A new login: the cookie is set on the response; scripts send `csrf_token` back in
    the `X-CSRF-Token` header with every write made with that cookie."""

    user: UserOut
    csrf_token: str
    expires_at: datetime


class UserIn(BaseModel):
    name: str
    role: Role
    password: str


class RoleIn(BaseModel):
    role: Role


class TokenIn(BaseModel):
    label: str = Field(min_length=1, max_length=200)


class TokenOut(BaseModel):
    id: str
    label: str
    created_at: datetime
    revoked_at: datetime | None

    @classmethod
    def of(cls, token: ApiToken) -> TokenOut:
        return cls(
            id=token.id, label=token.label, created_at=token.created_at, revoked_at=token.revoked_at
        )


class IssuedTokenOut(TokenOut):
    """A new token; `secret` is shown this once (send it as `Authorization: Bearer …`)."""

    secret: str


class AuditOut(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    before: Any
    after: Any

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditOut:
        return cls(
            id=entry.id,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            target=entry.target,
            before=entry.before,
            after=entry.after,
        )


class AuditList(BaseModel):
    entries: list[AuditOut]
    limit: int
    offset: int


class JudgementOut(BaseModel):
    id: str
    kind: str
    subjects: list[str]
    decision: str
    author: str
    created: datetime
    reason: str
    undoes: str | None


Decision = Literal["accepted", "rejected"]


class ReviewIn(BaseModel):
    decision: Decision
    reason: str = ""


class ReviewOut(BaseModel):
    claim: ClaimRecord
    judgement: JudgementOut


class ClaimEditIn(BaseModel):
    """An analyst's corrections; fields left out stay as they were."""

    type: str | None = None
    subject: str | None = Field(None, description="An entity id.")
    object: str | None = Field(None, description="An entity id.")
    object_literal: str | None = None
    place: str | None = Field(None, description="A place entity id.")
    clear_place: bool = False
    day: date | None = Field(None, description="The day it happened.")
    clear_date: bool = False
    hedge: Hedge | None = None
    reason: str = Field("", max_length=2000)


class MergeIn(BaseModel):
    """Merge the entity in the path into `into`, which stays canonical."""

    into: str
    reason: str = ""


class SplitIn(BaseModel):
    """Separate the entity in the path from `other` and record that they differ."""

    other: str
    reason: str = ""


class MergeOut(BaseModel):
    judgements: list[JudgementOut]


class DocumentLine(BaseModel):
    id: str
    title: str | None
    publisher: str | None
    published: str | None
    platform: str


class DocumentList(BaseModel):
    documents: list[DocumentLine]
    limit: int
    offset: int


class MentionOut(BaseModel):
    start: int
    end: int
    text: str
    label: str
    entity_id: str | None


class DocumentPage(BaseModel):
    document: DocumentRecordOut
    mentions: list[MentionOut]
    claims: list[ClaimRecord]


class EntityLine(BaseModel):
    id: str
    kind: str
    name: str


class EntityList(BaseModel):
    entities: list[EntityLine]
    limit: int
    offset: int


class AffiliationOut(BaseModel):
    """A tie to a group from `start` to `end` (ISO text keeping its precision; null when
    unknown), with the claims that opened it and those that ended it."""

    group: EntityLine
    kind: str
    role: str | None
    start: str | None
    end: str | None
    hedge: str
    claim_ids: list[str]
    end_claim_ids: list[str]
    contested_claim_ids: list[str]


class EntityPage(BaseModel):
    """An entity with every merged member's names; its claims are those about any member;
    `affiliations` is its affiliation timeline (persons and groups)."""

    entity: EntityRecord
    members: list[str]
    judgements: list[JudgementOut]
    affiliations: list[AffiliationOut]
    claims: list[ClaimRecord]


class ClaimList(BaseModel):
    claims: list[ClaimRecord]
    total: int
    limit: int
    offset: int


class ClaimPage(BaseModel):
    claim: ClaimRecord
    judgements: list[JudgementOut]


class SearchDocument(BaseModel):
    id: str
    title: str | None
    published: str | None
    snippet: str


class SearchOut(BaseModel):
    """Documents matching every word, entities with that name, and the claims in the
    matching documents whose quote contains every word."""

    query: str
    documents: list[SearchDocument]
    entities: list[EntityLine]
    claims: list[ClaimRecord]


class Dashboard(BaseModel):
    documents: int
    entities_by_kind: dict[str, int]
    claims_by_type: dict[str, int]
    reviews: dict[str, int]
    events: int
    recent_documents: list[DocumentLine]


class ActorOut(BaseModel):
    id: str
    name: str


class MapPlace(BaseModel):
    """A place's control status on the map's date, with the claims and documents behind it."""

    id: str
    name: str
    lat: float
    lon: float
    status: str
    actor: ActorOut | None
    actors: list[ActorOut]
    held_by: ActorOut | None
    since: date | None
    until: date | None
    rule: str | None
    hedges: list[str]
    claim_ids: list[str]
    document_ids: list[str]


class MapEvent(BaseModel):
    """An event (clustered claims) near the map's date; `status` is its corroboration."""

    id: str
    type: str
    place_id: str
    place_name: str
    lat: float
    lon: float
    date: str | None
    status: str
    claim_ids: list[str]
    document_ids: list[str]


class MapView(BaseModel):
    """Control of every located place as of `as_of`, and events in the `days` before it.

    `first_day`..`last_day` span the dated territory claims (the date slider's range);
    `events_from` says whether events are the stored ones or clustered for this view
    (before `allegiance events build` has run). Places without coordinates are counted in
    `unplaced`, not dropped silently.
    """

    as_of: date
    days: int
    first_day: date | None
    last_day: date | None
    places: list[MapPlace]
    events: list[MapEvent]
    events_from: Literal["stored", "clustered"]
    unplaced: int


class TimelineItem(BaseModel):
    """One event on the timeline, with the claims and documents that describe it."""

    id: str
    type: str
    group: str
    label: str
    start: date
    end: date
    precision: str
    status: str
    claim_ids: list[str]
    document_ids: list[str]


class TimelineView(BaseModel):
    """Events in date order (those of `entity` when given: as actor or place)."""

    entity: str | None
    items: list[TimelineItem]
    undated: int
    events_from: Literal["stored", "clustered"]


class NetworkNode(BaseModel):
    id: str
    name: str
    kind: str


class NetworkEdge(BaseModel):
    """A tie holding on the date: an affiliation (person or group → group) or a relation
    between groups; `holding` is `yes`, or `maybe` when a boundary is imprecise."""

    id: str
    source: str
    target: str
    type: str
    holding: str
    hedge: str
    claim_ids: list[str]
    document_ids: list[str]


class NetworkView(BaseModel):
    as_of: date
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class FeatureOut(BaseModel):
    name: str
    value: float
    explanation: str
    evidence: list[str]


class LinkCandidateOut(BaseModel):
    """Two accounts that may have one operator (`first` is the older), and every clue."""

    first: str
    second: str
    first_handle: str
    second_handle: str
    score: float
    coverage: float
    features: list[FeatureOut]
    not_measured: list[str]


class LinkCandidates(BaseModel):
    candidates: list[LinkCandidateOut]
    min_score: float


class LinkDecisionIn(BaseModel):
    first: str
    second: str
    decision: Literal["confirmed", "rejected"]
    reason: str = ""


class LinkDecisionOut(BaseModel):
    """The judgements recorded, and the claims a confirmation derived (or a rejection
    withdrew)."""

    judgements: list[JudgementOut]
    claim_ids: list[str]
