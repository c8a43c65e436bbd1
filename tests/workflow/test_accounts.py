"""Confirming, rejecting and undoing account links: judgements, and the claims they yield."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import Argument, Claim, Entity, EntityKind, JudgementKind, Quote, Review
from allegiance.query.accounts import link_candidates, linked_accounts
from allegiance.query.claims import ClaimReader
from allegiance.store import KnowledgeBase
from allegiance.workflow.accounts import (
    EXTRACTOR,
    LinkBlockedError,
    confirm_link,
    reject_link,
    undo_link,
)
from tests.store.samples import make_document

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
LATER = datetime(2026, 11, 25, 12, tzinfo=UTC)
NEW_POST = "Brothers, follow and spread. This is my new account after the old one went."


def _accounts(kb: KnowledgeBase) -> None:
    """Two accounts of one man and a third, with posts, and the operator of the old one."""
    for handle in ("Abu_Test", "Abu_Test2", "Other_Voice"):
        kb.add_entity(Entity(f"ent-{handle.casefold()}", EntityKind.ACCOUNT, f"@{handle}",
                             attributes={"platform": "x", "handle": handle}))  # fmt: skip
    kb.add_entity(Entity("ent-person", EntityKind.PERSON, "Abu Test al-Demo"))
    posts = [
        ("Abu_Test", "Our brothers hold the gate.", datetime(2014, 6, 14, tzinfo=UTC)),
        ("Abu_Test2", NEW_POST, datetime(2014, 6, 17, tzinfo=UTC)),
        ("Other_Voice", "Markets were calm today.", datetime(2014, 6, 10, tzinfo=UTC)),
    ]
    for handle, text, published in posts:
        kb.add_document(make_document(text, platform="x", account=handle, published=published,
                                      url=f"https://x.com/{handle}/status/1"))  # fmt: skip
    old_post = next(r for r in kb.list_documents(platform="x") if r.document.account == "Abu_Test")
    kb.add_claim(Claim(type="account.operator", subject_id="ent-person", document_id=old_post.id,
                       extractor="allegiance.claims.v1", quote=Quote(posts[0][1], 0, 10),
                       object=Argument(entity_id="ent-abu_test")))  # fmt: skip


def _derived(kb: KnowledgeBase) -> list[Claim]:
    return [c.claim for c in ClaimReader(kb).claims() if c.claim.extractor == EXTRACTOR]


def test_confirm_link_records_a_judgement_and_yields_link_and_operator_claims(
    kb_engine: Engine,
) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        _accounts(kb)
        decision = confirm_link(kb, "ent-abu_test2", "ent-abu_test", author="analyst",
                                reason="recreated", now=NOW)  # fmt: skip
        judgement = decision.judgements[0]
        assert judgement.kind is JudgementKind.ACCOUNT_LINK
        assert judgement.subjects == ("ent-abu_test", "ent-abu_test2")  # older first
        assert (judgement.decision, judgement.author) == ("same-operator", "analyst")
        by_type = {claim.type: claim for claim in _derived(kb)}
        link, operator = by_type["account.link"], by_type["account.operator"]
        assert (link.subject_id, link.object) == ("ent-abu_test2", Argument("ent-abu_test"))
        assert link.quote.text == "This is my new account after the old one went."
        document = kb.get_document(link.document_id).document
        assert document.text[link.quote.start : link.quote.end] == link.quote.text
        assert link.qualifiers["judgement"] == judgement.id
        assert link.review is Review.ACCEPTED and "handle" in (link.notes or "")
        assert (operator.subject_id, operator.object) == ("ent-person", Argument("ent-abu_test2"))
        assert operator.qualifiers["linked_with"] == "ent-abu_test"
        assert [a.account_id for a in linked_accounts(kb, "ent-abu_test")] == ["ent-abu_test2"]
        pairs = {frozenset((c.first, c.second)) for c in link_candidates(kb)}
        assert frozenset(("ent-abu_test", "ent-abu_test2")) not in pairs


def test_undo_link_withdraws_the_claims_and_proposes_the_pair_again(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        _accounts(kb)
        confirm_link(kb, "ent-abu_test", "ent-abu_test2", author="a", reason="r", now=NOW)
        undone = undo_link(kb, "ent-abu_test", "ent-abu_test2", author="b", reason="no",
                           now=LATER)  # fmt: skip
        assert [j.decision for j in undone.judgements] == ["undone", "rejected", "rejected"]
        assert _derived(kb) == []
        assert linked_accounts(kb, "ent-abu_test") == []
        pairs = {frozenset((c.first, c.second)) for c in link_candidates(kb)}
        assert frozenset(("ent-abu_test", "ent-abu_test2")) in pairs
        again = confirm_link(kb, "ent-abu_test", "ent-abu_test2", author="a", reason="yes",
                             now=LATER.replace(hour=13))  # fmt: skip
        assert [j.decision for j in again.judgements] == ["same-operator", "accepted", "accepted"]
        assert len(_derived(kb)) == 2


def test_reject_link_blocks_confirmation_and_is_not_proposed_again(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        _accounts(kb)
        reject_link(kb, "ent-abu_test", "ent-abu_test2", author="a", reason="two men", now=NOW)
        assert all({c.first, c.second} != {"ent-abu_test", "ent-abu_test2"}
                   for c in link_candidates(kb))  # fmt: skip
        with pytest.raises(LinkBlockedError):
            confirm_link(kb, "ent-abu_test", "ent-abu_test2", author="a", reason="r", now=LATER)


def test_reject_link_undoes_a_confirmation_first(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        _accounts(kb)
        confirm_link(kb, "ent-abu_test", "ent-abu_test2", author="a", reason="r", now=NOW)
        decision = reject_link(kb, "ent-abu_test2", "ent-abu_test", author="b", reason="wrong",
                               now=LATER)  # fmt: skip
        assert decision.judgements[0].decision == "undone"
        assert decision.judgements[-1].decision == "different"
        assert len(decision.claims) == 2 and _derived(kb) == []
        assert linked_accounts(kb, "ent-abu_test2") == []


def test_confirm_link_on_demo_cites_the_new_accounts_own_words(
    demo_copy: sessionmaker[Session],
) -> None:
    with demo_copy() as session, session.begin():
        kb = KnowledgeBase(session)
        best = link_candidates(kb)[0]
        decision = confirm_link(kb, best.first, best.second, author="analyst",
                                reason="gold pair", now=NOW)  # fmt: skip
        link = next(c for c in decision.claims if c.type == "account.link")
        post = kb.get_document(link.document_id).document
    assert post.account == "AbuKhuzayma_Urd2"
    assert link.quote.text == "This is my new account after the old one was suspended."
    assert link.date is not None and link.date.start.isoformat() == "2014-06-17"
    assert [c.type for c in decision.claims] == ["account.link"]  # one operator, named for both
