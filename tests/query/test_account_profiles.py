"""Account profiles read from stored posts and claims."""

from datetime import UTC, date, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from allegiance.model import Argument, Claim, Entity, EntityKind, Hedge, Quote
from allegiance.query.account_profiles import LINK_EXTRACTOR, load_profiles
from allegiance.query.claims import ClaimReader
from allegiance.store import KnowledgeBase
from tests.store.samples import make_document

NEW = "Brothers, follow and spread. My new account: the old @Abu_Old was suspended. #Bukamal"
PROFILE = {
    "display_name": "Abu New",
    "user_description": "Servant of God. Backup account.",
    "user_created_at": "2014-06-17T06:41:27.000Z",
}


def _store(kb: KnowledgeBase) -> None:
    for handle in ("Abu_Old", "Abu_New", "Relay"):
        kb.add_entity(Entity(f"ent-{handle.casefold()}", EntityKind.ACCOUNT, f"@{handle}",
                             attributes={"platform": "x", "handle": handle}))  # fmt: skip
    kb.add_entity(Entity("ent-person", EntityKind.PERSON, "Abu Test"))
    posts = [
        ("Abu_New", NEW, {**PROFILE, "author_id": "2"}),
        ("Relay", "RT @Abu_New: Brothers, follow and spread.", {"author_id": "3"}),
    ]
    for number, (handle, text, metadata) in enumerate(posts):
        kb.add_document(make_document(text, platform="x", account=handle, metadata=metadata,
                                      published=datetime(2014, 6, 17 + number, tzinfo=UTC),
                                      url=f"https://x.com/{handle}/status/{number}"))  # fmt: skip
    document_id = kb.list_documents(platform="x")[-1].id
    for extractor, hedge in (("allegiance.claims.v1", Hedge.REPORTED),
                             (LINK_EXTRACTOR, Hedge.ASSERTED),
                             ("allegiance.roles.v1", Hedge.DENIED)):  # fmt: skip
        operator = Argument(entity_id="ent-abu_old")
        claim = Claim(
            type="account.operator",
            subject_id="ent-person",
            document_id=document_id,
            extractor=extractor,
            hedge=hedge,
            quote=Quote(NEW, 0, 8),
            object=operator,
        )
        kb.add_claim(claim)


def test_load_profiles_reads_posts_profile_fields_mentions_and_claims(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        _store(kb)
        profiles = {p.handle: p for p in load_profiles(kb, ClaimReader(kb))}
    new, old, relay = profiles["Abu_New"], profiles["Abu_Old"], profiles["Relay"]
    assert [t.text for t in new.display_names] == ["Abu New"]
    assert new.first_seen() is not None and new.first_seen().day == date(2014, 6, 17)  # type: ignore[union-attr]
    assert {a.activity for a in new.activity} == {"created", "post"}
    assert set(new.neighbours) == {"abu_old", "relay"} and set(old.neighbours) == {"abu_new"}
    bio, post = new.self_references
    assert (post.quote, post.named) == (
        "My new account: the old @Abu_Old was suspended.",
        "abu_old",
    )
    assert NEW[post.start : post.end] == post.quote
    assert bio.quote.startswith("bio: ") and bio.start == bio.end == 0
    assert relay.posts[0].repost and relay.self_references == ()
    assert [o.name for o in old.operators] == ["Abu Test"]  # derived and denied claims left out
