"""Account profiles assembled from the knowledge base, for the link features to compare.

An account's profile gathers its handle and platform (the entity), the display names, bios
and creation dates its posts carried (X exports include them), its posts, the accounts its
posts mention and whose posts mention it, the dated `account.activity` claims (posts,
reported last posts and suspensions), the `account.operator` claims naming who runs it,
and the places where it calls itself a new or old account (`account.link` claims of the
extractor, and a first-person phrase in a post or any such phrase in a bio).

Followers and followings are not in the data the readers keep (X API exports carry no
follower lists), so the neighbourhood is the mention graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from allegiance.model import Entity, EntityKind, Hedge
from allegiance.query.account_features import (
    HANDLE_IN_TEXT,
    AccountProfile,
    Activity,
    Operator,
    Post,
    ProfileText,
    SelfReference,
)
from allegiance.query.claims import ClaimReader, CurrentClaim
from allegiance.store import KnowledgeBase
from allegiance.store.records import DocumentRecord

SOCIAL_PLATFORMS = ("x", "telegram")
LINK_EXTRACTOR = "allegiance.accounts.v1"
"""The extractor of claims derived from confirmed links; they are conclusions, not clues,
so profiles leave them out (a confirmation must not become its own evidence)."""
_PAGE = 500
_KIND = (
    r"(?:new|backup|back-up|second|2nd|reserve|replacement|spare|alternative|old|previous|former)"
)
_OWN_ACCOUNT = re.compile(
    rf"\b(?:my|our|this is(?:\s+(?:the|my|our))?)\s+{_KIND}\s+(?:account|channel|handle|page)\b",
    re.IGNORECASE,
)
_BIO_ACCOUNT = re.compile(rf"\b{_KIND}\s+(?:account|channel|handle|page)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\n]")
_DISMISSED = frozenset({Hedge.DENIED, Hedge.NEGATED})


@dataclass(slots=True)
class _Draft:
    """A profile being gathered."""

    entity: Entity
    display_names: dict[str, str] = field(default_factory=dict)
    bios: dict[str, str] = field(default_factory=dict)
    activity: list[Activity] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    neighbours: dict[str, str | None] = field(default_factory=dict)
    self_references: list[SelfReference] = field(default_factory=list)
    operators: list[Operator] = field(default_factory=list)

    def build(self) -> AccountProfile:
        return AccountProfile(
            account_id=self.entity.id,
            handle=handle_of(self.entity),
            platform=_text(self.entity.attributes.get("platform")),
            display_names=tuple(ProfileText(t, d) for t, d in self.display_names.items()),
            bios=tuple(ProfileText(t, d) for t, d in self.bios.items()),
            activity=tuple(sorted(self.activity, key=lambda a: (a.day, a.activity))),
            posts=tuple(self.posts),
            neighbours=dict(self.neighbours),
            self_references=tuple(self.self_references),
            operators=tuple(self.operators),
        )


def handle_of(entity: Entity) -> str:
    """An account's handle without '@' (its name when no handle attribute was stored)."""
    return (_text(entity.attributes.get("handle")) or entity.name).lstrip("@")


def load_profiles(kb: KnowledgeBase, reader: ClaimReader) -> list[AccountProfile]:
    """One profile per account (merged accounts are one), in order of handle."""
    drafts = _drafts(kb, reader)
    by_handle = {handle_of(d.entity).casefold(): d for d in drafts.values()}
    for account_id, draft in drafts.items():
        for member_id in reader.members(account_id):
            if member_id != account_id:
                by_handle.setdefault(handle_of(kb.get_entity(member_id)).casefold(), draft)
    claimed_posts = _add_claims(kb, reader, drafts, by_handle)
    for record in social_posts(kb):
        author = by_handle.get((record.document.account or "").lstrip("@").casefold())
        if author is not None:
            _add_post(author, record, by_handle, dated=record.id not in claimed_posts)
    return sorted((d.build() for d in drafts.values()), key=lambda p: p.key)


def _drafts(kb: KnowledgeBase, reader: ClaimReader) -> dict[str, _Draft]:
    drafts: dict[str, _Draft] = {}
    for entity in kb.iter_entities(kind=EntityKind.ACCOUNT):
        canonical = reader.canonical(entity.id)
        if canonical not in drafts:
            drafts[canonical] = _Draft(
                entity if canonical == entity.id else kb.get_entity(canonical)
            )
    return drafts


def social_posts(kb: KnowledgeBase) -> Iterator[DocumentRecord]:
    """Every current post of an account (X, Telegram), page by page."""
    for platform in SOCIAL_PLATFORMS:
        offset = 0
        while page := kb.list_documents(platform=platform, limit=_PAGE, offset=offset):
            yield from (r for r in page if r.document.account and r.superseded_by is None)
            offset += len(page)


def _add_claims(
    kb: KnowledgeBase, reader: ClaimReader, drafts: dict[str, _Draft], by_handle: dict[str, _Draft]
) -> set[str]:
    """Activity, operators and self-descriptions from claims; returns the documents whose
    post is already dated by an activity claim."""
    dated: set[str] = set()
    types = ["account.activity", "account.operator", "account.link"]
    for current in reader.claims(types=types):
        if current.hedge in _DISMISSED or current.claim.extractor == LINK_EXTRACTOR:
            continue
        if current.type == "account.operator" and current.object_id in drafts:
            subject = kb.get_entity(current.subject_id)
            operator = Operator(subject.id, subject.name, current.id)
            drafts[current.object_id].operators.append(operator)
        elif current.subject_id in drafts and current.type == "account.activity":
            activity = _activity(current)
            if activity is not None:
                drafts[current.subject_id].activity.append(activity)
                if activity.activity == "post":
                    dated.add(current.document_id)
        elif current.subject_id in drafts and current.type == "account.link":
            named = drafts.get(current.object_id or "")
            drafts[current.subject_id].self_references.append(_claimed_reference(current, named))
    return dated


def _activity(current: CurrentClaim) -> Activity | None:
    if current.date is None:
        return None
    kind = current.claim.qualifiers.get("activity") or current.object_literal or "post"
    return Activity(current.date.start, kind, current.document_id, current.id)


def _claimed_reference(current: CurrentClaim, named: _Draft | None) -> SelfReference:
    quote = current.claim.quote
    handle = handle_of(named.entity).casefold() if named is not None else None
    return SelfReference(
        quote.text, current.document_id, quote.start, quote.end, handle, current.id
    )


def _add_post(
    author: _Draft, record: DocumentRecord, by_handle: dict[str, _Draft], *, dated: bool
) -> None:
    """A post's text, date, profile fields, mentions and self-descriptions."""
    document, metadata = record.document, record.document.metadata
    published = document.published.date() if document.published else None
    repost = _is_repost(record)
    author.posts.append(Post(record.id, document.text, published, repost))
    if dated and published is not None:
        author.activity.append(Activity(published, "post", record.id))
    created = _day(metadata.get("user_created_at"))
    if created and not any(a.activity == "created" for a in author.activity):
        author.activity.append(Activity(created, "created", record.id))
    if name := _text(metadata.get("display_name")):
        author.display_names.setdefault(name, record.id)
    if (bio := _text(metadata.get("user_description"))) and bio not in author.bios:
        author.bios[bio] = record.id
        author.self_references.extend(_bio_references(bio, record.id))
    own = handle_of(author.entity).casefold()
    for handle in {h.casefold() for h in HANDLE_IN_TEXT.findall(document.text)} - {own}:
        author.neighbours.setdefault(handle, record.id)
        if (mentioned := by_handle.get(handle)) is not None:
            mentioned.neighbours.setdefault(own, record.id)
    claimed = {r.document_id for r in author.self_references if r.claim_id}
    if not repost and record.id not in claimed:
        author.self_references.extend(_post_references(document.text, record.id, own))


def _is_repost(record: DocumentRecord) -> bool:
    document = record.document
    references = document.metadata.get("referenced_tweets")
    retweeted = isinstance(references, list) and any(
        isinstance(r, dict) and r.get("type") == "retweeted" for r in references
    )
    return retweeted or "forwarded_from" in document.metadata or document.text.startswith("RT @")


def _post_references(text: str, document_id: str, own: str) -> Iterator[SelfReference]:
    """First-person "my new account", "our backup channel", in the sentence it stands in."""
    for match in _OWN_ACCOUNT.finditer(text):
        start, end = _sentence(text, match.start(), match.end())
        named = [h.casefold() for h in HANDLE_IN_TEXT.findall(text[start:end])]
        other = next((h for h in named if h != own), None)
        yield SelfReference(text[start:end], document_id, start, end, other)


def _bio_references(bio: str, document_id: str) -> Iterator[SelfReference]:
    """A bio that says "new account" or "backup account" (a bio speaks for the account).
    The quote is the bio, which is not part of the post's text: its offsets are 0..0."""
    if _BIO_ACCOUNT.search(bio):
        named = [h.casefold() for h in HANDLE_IN_TEXT.findall(bio)]
        yield SelfReference(f"bio: {bio}", document_id, 0, 0, named[0] if named else None)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    first = before[-1] if before else 0
    last = after.end() if after else len(text)
    while first < last and text[first].isspace():
        first += 1
    return first, last


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _day(value: object) -> date | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None
