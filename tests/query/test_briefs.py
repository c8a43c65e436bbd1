"""Briefs assembled from the demo knowledge base: what they say, and that every sentence
rests on claims that exist."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import Argument, EntityKind, Hedge, Judgement, JudgementKind, Mention, Quote
from allegiance.query.brief_writer import BriefWriter, KnownReader
from allegiance.query.briefs import Brief, Section, build_brief
from allegiance.query.claims import ClaimReader
from allegiance.query.events import cluster_claims
from allegiance.store import KnowledgeBase
from tests.store.samples import make_claim, make_document, make_entity

ABU = "Abu Khuzayma al-Urduni"
ISIS = "Islamic State of Iraq and al-Sham"
HEDGE_WORDS = ("reportedly", "claimed", "allegedly", "uncertain", "expected", "denied", "said not")


@pytest.fixture
def kb(demo_sessions: sessionmaker[Session]) -> Iterator[KnowledgeBase]:
    with demo_sessions() as session:
        yield KnowledgeBase(session)
        session.rollback()


def _id(kb: KnowledgeBase, name: str) -> str:
    (entity,) = [e for e in kb.find_entities(name) if e.name == name]
    return entity.id


def _section(brief: Brief, title: str) -> Section:
    return next(section for section in brief.sections if section.title == title)


def _texts(brief: Brief, title: str) -> list[str]:
    return [sentence.text for sentence in _section(brief, title).sentences]


def test_build_brief_of_a_commander_gives_names_nationality_and_affiliations(
    kb: KnowledgeBase,
) -> None:
    brief = build_brief(kb, _id(kb, ABU))
    (names,) = _texts(brief, "Names")
    listed = names.removeprefix("Written in Latin script as ").removesuffix(".")
    assert set(listed.split(" and ")) == {ABU, "Abu Khuzayma"}
    assert f"{ABU} is probably Jordanian (nisba al-Urduni)." in _texts(brief, "Profile")
    affiliations = _texts(brief, "Affiliations")
    nusra = [text for text in affiliations if "of Jabhat al-Nusra" in text]
    isis = [text for text in affiliations if f"of {ISIS} from 25 June 2014" in text]
    assert nusra and "until 25 June 2014" in nusra[0]
    assert isis and "renamed Islamic State" in isis[0]


def test_build_brief_of_a_commander_lists_both_accounts_and_open_questions(
    kb: KnowledgeBase,
) -> None:
    brief = build_brief(kb, _id(kb, ABU))
    accounts = _texts(brief, "Accounts")
    assert f"{ABU} runs the account @AbuKhuzayma_Urd." in accounts
    assert f"{ABU} runs the account @AbuKhuzayma_Urd2." in accounts
    assert any("@AbuKhuzayma_Urd: suspended" in text for text in accounts)
    questions = _texts(brief, "Open questions")
    assert any(text.startswith("Nationality: Jordanian is only inferred") for text in questions)
    assert any(text.startswith("Uncorroborated:") for text in questions)


@pytest.mark.parametrize("name", [ABU, "Islamic State", "Mosul", "Ālbū Kamāl"])
def test_build_brief_states_nothing_without_a_claim_behind_it(kb: KnowledgeBase, name: str) -> None:
    brief = build_brief(kb, _id(kb, name))
    assert brief.sections
    for section in brief.sections:
        for sentence in section.sentences:
            assert sentence.footnotes, f"{section.title}: {sentence.text}"
            for footnote in sentence.footnotes:
                claim = kb.get_claim(footnote.claim_id)
                assert footnote.document_id == claim.document_id
                assert footnote.quote == claim.quote.text
                assert footnote.hedge is claim.hedge


def test_build_brief_keeps_hedges_visible_in_open_questions(kb: KnowledgeBase) -> None:
    brief = build_brief(kb, _id(kb, "Islamic State"))
    doubtful = [
        t for t in _texts(brief, "Open questions") if t.startswith(("Uncorroborated", "Denied"))
    ]
    assert doubtful
    assert all(any(word in text for word in HEDGE_WORDS) for text in doubtful)


def test_build_brief_of_a_town_describes_its_control(kb: KnowledgeBase) -> None:
    place_id = _id(kb, "Mosul")
    brief = build_brief(kb, place_id)
    control = _section(brief, "Control")
    assert control.sentences[0].text.startswith("From 10 June 2014:")
    assert control.sentences[-1].text.startswith("As last reported")
    for sentence in control.sentences:
        assert all(kb.get_claim(f.claim_id).place_id == place_id for f in sentence.footnotes)
    (event,) = [t for t in _texts(brief, "Key events") if t.startswith("10 June 2014: capture")]
    assert "corroborated by 3 independent sources" in event
    assert "gazetteer: city, Nineveh, IQ" in brief.summary


def test_build_brief_as_of_leaves_out_what_was_not_yet_known(kb: KnowledgeBase) -> None:
    as_of = date(2014, 6, 20)
    brief = build_brief(kb, _id(kb, ABU), as_of=as_of)
    affiliations = " ".join(_texts(brief, "Affiliations"))
    assert "Jabhat al-Nusra" in affiliations and ISIS not in affiliations
    for footnote in brief.footnotes():
        claim = kb.get_claim(footnote.claim_id)
        assert claim.date is None or claim.date.start <= as_of
        assert footnote.published is None or footnote.published <= as_of.isoformat()


def test_brief_footnotes_are_numbered_once_in_order_of_citation(kb: KnowledgeBase) -> None:
    brief = build_brief(kb, _id(kb, ABU))
    cited = [f.claim_id for s in brief.sections for t in s.sentences for f in t.footnotes]
    assert [f.claim_id for f in brief.footnotes()] == list(dict.fromkeys(cited))


def test_build_brief_uses_stored_events_and_their_effective_grades(
    demo_copy: sessionmaker[Session],
) -> None:
    with demo_copy() as session, session.begin():
        kb = KnowledgeBase(session)
        reader = ClaimReader(kb)
        for event in cluster_claims(reader):
            kb.add_event(event.to_event())
        pledge = next(e for e in kb.list_events() if e.type == "allegiance.pledge" and e.date)
        brief = build_brief(kb, _id(kb, ABU))
    events = _section(brief, "Key events").sentences
    (cited,) = [s for s in events if {f.claim_id for f in s.footnotes} == set(pledge.claim_ids)]
    assert all(f.graded_by_event and f.grade and f.grade[1] == "2" for f in cited.footnotes)


def test_brief_writer_refuses_a_sentence_without_a_claim(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="no claim supports"):
        BriefWriter(ClaimReader(kb)).sentence("ISIS holds Baghdad.", [])


def test_known_reader_keeps_undated_claims_of_documents_published_by_then(
    kb: KnowledgeBase,
) -> None:
    reader = KnownReader(kb, date(2014, 6, 12))
    claims = reader.claims()
    assert claims and len(claims) < len(ClaimReader(kb).claims())
    assert any(claim.date is None for claim in claims)
    assert all(reader.is_known(claim) for claim in claims)


def test_build_brief_shows_an_analyst_confirmed_account_link(
    demo_copy: sessionmaker[Session],
) -> None:
    with demo_copy() as session, session.begin():
        kb = KnowledgeBase(session)
        old, new = (_id(kb, f"@{handle}") for handle in ("AbuKhuzayma_Urd", "AbuKhuzayma_Urd2"))
        kb.add_judgement(
            Judgement(
                JudgementKind.ACCOUNT_LINK,
                (old, new),
                "same-operator",
                "analyst",
                datetime(2026, 1, 5, tzinfo=UTC),
                "successor account",
            )
        )
        brief = build_brief(kb, _id(kb, ABU))
    (link,) = [s for s in _section(brief, "Accounts").sentences if "were judged" in s.text]
    assert "by analyst on 2026-01-05: successor account." in link.text
    assert {f.claim_id for f in link.footnotes} >= {
        f.claim_id
        for s in _section(brief, "Accounts").sentences
        if s.text.startswith(f"{ABU} runs the account")
        for f in s.footnotes
    }


ARABIC = "أبو خزيمة الأردني"
TEXT = f"Abu Khuzayma al-Urduni, known as {ARABIC}, is a Jordanian commander, officials said."


def test_build_brief_groups_names_by_script_on_both_backends(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        for entity in (
            make_entity("ent-abu", ABU, EntityKind.PERSON),
            make_entity("ent-isis", "ISIS"),
            make_entity("ent-officials", "officials", EntityKind.ORGANIZATION),
        ):
            kb.add_entity(entity)
        document_id = kb.add_document(make_document(TEXT)).document_id
        arabic_at = TEXT.index(ARABIC)
        for start, name in ((0, ABU), (arabic_at, ARABIC)):
            kb.add_mention(
                Mention(document_id, start, start + len(name), name, "PERSON", "ent-abu")
            )
        quote = Quote(TEXT, 0, len(TEXT))
        common = {"subject_id": "ent-abu", "quote": quote, "place_id": None, "date": None}
        kb.add_claim(
            make_claim(
                document_id,
                type="attribute.nationality",
                object=Argument(literal="Jordanian"),
                **common,
            )
        )
        kb.add_claim(
            make_claim(
                document_id,
                type="allegiance.pledge",
                object=Argument(entity_id="ent-isis"),
                hedge=Hedge.DENIED,
                attributed_to_id=None,
                **common,
            )
        )
        brief = build_brief(kb, "ent-abu")
    assert _texts(brief, "Names") == [
        f"Written in Arabic script as {ARABIC}.",
        f"Written in Latin script as {ABU}.",
    ]
    assert _texts(brief, "Profile") == [f"{ABU} is Jordanian (reportedly; according to officials)."]
    assert _texts(brief, "Open questions") == [
        f"Undated: pledge of allegiance, involving {ABU} and ISIS; denied by Example News."
    ]
    assert "Affiliations" in brief.not_found
