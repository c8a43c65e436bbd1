from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import Document, Mention, NotFoundError, Source, StoreError
from allegiance.store import KnowledgeBase
from allegiance.store.documents import DocumentStore
from allegiance.store.knowledge_base import utc_now

from .samples import BAGHDAD, make_document, make_media

# Text a database can hold: no NUL or other control characters, no lone surrogates.
TEXT = st.characters(blacklist_categories=["Cs", "Cc"])


def test_add_document_reads_back_equal(kb: KnowledgeBase) -> None:
    document = make_document(
        media=make_media(),
        author="Staff reporter",
        account=None,
        external_id="1234",
        metadata={"reply_to": None, "tags": ["iraq", "anbar"], "views": 12, "ratio": 0.5},
        decode_errors=2,
    )
    outcome = kb.add_document(document)
    record = kb.get_document(document.id)
    assert outcome.status == "added"
    assert outcome.document_id == document.id
    assert record.document == document
    assert record.id == document.id
    assert record.supersedes is None
    assert record.superseded_by is None


def test_add_document_returns_published_in_utc(kb: KnowledgeBase) -> None:
    kb.add_document(make_document(published=datetime(2014, 6, 23, 3, 0, tzinfo=BAGHDAD)))
    published = kb.list_documents()[0].document.published
    assert published == datetime(2014, 6, 23, 0, 0, tzinfo=UTC)
    assert published is not None
    assert published.tzinfo is UTC


def test_add_document_reads_naive_published_as_utc(kb: KnowledgeBase) -> None:
    kb.add_document(make_document(published=datetime(2014, 6, 23, 3, 0)))
    assert kb.list_documents()[0].document.published == datetime(2014, 6, 23, 3, 0, tzinfo=UTC)


def test_add_document_keeps_ingestion_time_aware(kb: KnowledgeBase) -> None:
    outcome = kb.add_document(make_document())
    ingested = kb.get_document(outcome.document_id).ingested_at
    assert ingested.tzinfo is not None
    assert abs((datetime.now(UTC) - ingested).total_seconds()) < 60


def test_add_document_twice_adds_nothing(sessions: sessionmaker[Session]) -> None:
    document = make_document(media=make_media())
    with sessions.begin() as session:
        KnowledgeBase(session).add_document(document)
    with sessions.begin() as session:
        kb = KnowledgeBase(session)
        before = kb.stats()
        outcome = kb.add_document(document)
        assert outcome.status == "duplicate"
        assert outcome.document_id == document.id
        assert kb.stats() == before
        assert len(kb.search_documents("Rutba")) == 1


def test_add_document_at_a_stored_url_links_versions_both_ways(kb: KnowledgeBase) -> None:
    first = kb.add_document(make_document("Fighters entered Rutba."))
    second = kb.add_document(make_document("Fighters seized Rutba."))
    third = kb.add_document(make_document("Fighters seized Rutba, officials said."))
    assert (second.status, second.supersedes) == ("new-version", first.document_id)
    assert (third.status, third.supersedes) == ("new-version", second.document_id)
    middle = kb.get_document(second.document_id)
    assert middle.supersedes == first.document_id
    assert middle.superseded_by == third.document_id
    assert kb.get_document(first.document_id).superseded_by == second.document_id
    assert kb.get_document(third.document_id).superseded_by is None


def test_add_document_without_url_is_never_a_new_version(kb: KnowledgeBase) -> None:
    kb.add_document(make_document("One.", url=None))
    outcome = kb.add_document(make_document("Two.", url=None))
    assert (outcome.status, outcome.supersedes) == ("added", None)


def test_add_document_is_undone_with_the_callers_transaction(
    sessions: sessionmaker[Session],
) -> None:
    document = make_document(media=make_media())
    with pytest.raises(RuntimeError), sessions.begin() as session:
        KnowledgeBase(session).add_document(document)
        raise RuntimeError("the step after storing fails")
    with sessions() as session:
        kb = KnowledgeBase(session)
        stats = kb.stats()
        assert (stats.documents, stats.sources, stats.media) == (0, 0, 0)
        assert kb.search_documents("Rutba") == []
        with pytest.raises(NotFoundError):
            kb.get_media(document.media.sha256 if document.media else "")


def test_add_document_is_undone_when_a_later_write_is_refused(
    sessions: sessionmaker[Session],
) -> None:
    document = make_document()
    mention = Mention(document.id, 0, 8, "Fighters", "NORP", entity_id="ent-missing")
    with pytest.raises(StoreError, match="refused"), sessions.begin() as session:
        kb = KnowledgeBase(session)
        kb.add_document(document)
        kb.add_mention(mention)
    with sessions() as session:
        kb = KnowledgeBase(session)
        assert (kb.stats().documents, kb.stats().mentions) == (0, 0)
        assert kb.search_documents("Rutba") == []


def test_add_document_shares_a_source_and_media(kb: KnowledgeBase) -> None:
    image = make_media()
    kb.add_document(make_document("One.", url=None, media=image))
    kb.add_document(make_document("Two.", url=None, media=image))
    stats = kb.stats()
    assert (stats.documents, stats.sources, stats.media) == (2, 1, 1)
    assert kb.get_media(image.sha256) == image


def test_add_document_refuses_media_whose_hash_is_wrong(kb: KnowledgeBase) -> None:
    wrong = make_media()
    forged = type(wrong)(sha256="0" * 64, mime_type=wrong.mime_type, data=wrong.data)
    with pytest.raises(StoreError, match="sha256"):
        kb.add_document(make_document(media=forged))


def test_add_document_refuses_nul_characters(kb: KnowledgeBase) -> None:
    with pytest.raises(StoreError, match="NUL"):
        kb.add_document(make_document("broken \x00 text"))


def test_add_document_refuses_metadata_that_is_not_json(kb: KnowledgeBase) -> None:
    with pytest.raises(StoreError, match="not JSON"):
        kb.add_document(make_document(metadata={"seen": datetime(2014, 6, 23, tzinfo=UTC)}))


def test_get_document_unknown_raises_not_found(kb: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError):
        kb.get_document("doc-000000000000000000000000")


def test_get_document_accepts_a_unique_prefix(kb: KnowledgeBase) -> None:
    outcome = kb.add_document(make_document())
    assert kb.get_document(outcome.document_id[:10]).id == outcome.document_id


def test_get_document_refuses_a_short_prefix(kb: KnowledgeBase) -> None:
    outcome = kb.add_document(make_document())
    with pytest.raises(NotFoundError):
        kb.get_document(outcome.document_id[:7])


def test_get_document_refuses_an_ambiguous_prefix(kb: KnowledgeBase) -> None:
    first, second = _two_documents_sharing_a_prefix(8)
    kb.add_document(first)
    kb.add_document(second)
    with pytest.raises(StoreError, match="ambiguous"):
        kb.get_document(first.id[:8])


def _two_documents_sharing_a_prefix(length: int) -> tuple[Document, Document]:
    seen: dict[str, Document] = {}
    for number in itertools.count():
        document = make_document(f"Report number {number}.", url=None)
        other = seen.setdefault(document.id[:length], document)
        if other is not document:
            return other, document
    raise AssertionError("unreachable")


def test_list_documents_newest_published_first(kb: KnowledgeBase) -> None:
    for day in (3, 1, 2):
        kb.add_document(
            make_document(f"Day {day}.", url=None, published=datetime(2014, 6, day, tzinfo=UTC))
        )
    kb.add_document(make_document("Undated.", url=None, published=None))
    texts = [record.document.text for record in kb.list_documents()]
    assert texts == ["Day 3.", "Day 2.", "Day 1.", "Undated."]
    assert [r.document.text for r in kb.list_documents(limit=2, offset=1)] == ["Day 2.", "Day 1."]


def test_list_documents_filters_by_platform_source_and_dates(kb: KnowledgeBase) -> None:
    channel = Source(name="Amaq", kind="channel", platform="telegram")
    kb.add_document(make_document("Web.", url=None, published=datetime(2014, 6, 1, tzinfo=UTC)))
    kb.add_document(
        make_document(
            "Post.",
            url=None,
            platform="telegram",
            source=channel,
            published=datetime(2014, 6, 10, tzinfo=UTC),
        )
    )
    assert [r.document.text for r in kb.list_documents(platform="telegram")] == ["Post."]
    assert [r.document.text for r in kb.list_documents(source="Amaq")] == ["Post."]
    assert [r.document.text for r in kb.list_documents(source=channel.id)] == ["Post."]
    since = kb.list_documents(since=datetime(2014, 6, 5, tzinfo=UTC))
    until = kb.list_documents(until=datetime(2014, 6, 5, tzinfo=UTC))
    assert [r.document.text for r in since] == ["Post."]
    assert [r.document.text for r in until] == ["Web."]


def test_get_media_unknown_raises_not_found(kb: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError):
        kb.get_media("f" * 64)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(TEXT),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(TEXT), inner, max_size=3),
    max_leaves=8,
)
zones = st.sampled_from([UTC, BAGHDAD, timezone(timedelta(hours=-5, minutes=-30))])


@st.composite
def documents(draw: st.DrawFn) -> Document:
    source = draw(
        st.none()
        | st.builds(
            Source,
            name=st.text(TEXT, min_size=1, max_size=20),
            kind=st.sampled_from(["publisher", "account", "channel", "unknown"]),
            platform=st.none() | st.sampled_from(["web", "telegram"]),
        )
    )
    published = draw(
        st.none() | st.datetimes(datetime(1990, 1, 1), datetime(2100, 1, 1), timezones=zones)
    )
    return Document(
        text=draw(st.text(TEXT, max_size=200)),
        origin=draw(st.text(TEXT, min_size=1, max_size=40)),
        format=draw(st.sampled_from(["html", "rss", "x-json", "telegram-json", "text"])),
        title=draw(st.none() | st.text(TEXT, max_size=40)),
        source=source,
        author=draw(st.none() | st.text(TEXT, max_size=20)),
        published=published,
        url=draw(st.none() | st.just("https://news.example/a")),
        language=draw(st.none() | st.sampled_from(["en", "ar"])),
        platform=draw(st.sampled_from(["web", "rss", "x", "telegram", "csv", "image", "file"])),
        account=draw(st.none() | st.text(TEXT, max_size=15)),
        external_id=draw(st.none() | st.text(TEXT, max_size=15)),
        metadata=draw(st.dictionaries(st.text(TEXT, max_size=10), json_values, max_size=4)),
        media=draw(st.none() | st.binary(min_size=1, max_size=64).map(make_media)),
        decode_errors=draw(st.integers(0, 1000)),
    )


@given(document=documents())
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_add_document_round_trips_any_document(
    sessions: sessionmaker[Session], document: Document
) -> None:
    with sessions() as session:
        kb = KnowledgeBase(session)
        outcome = kb.add_document(document)
        record = kb.get_document(outcome.document_id)
        assert record.document == document
        assert record.id == document.id
        session.rollback()


def test_iter_documents_yields_every_document_by_id(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        kb = KnowledgeBase(session)
        ids = [
            kb.add_document(make_document(f"Report {n}.", url=None)).document_id for n in range(5)
        ]
        streamed = list(DocumentStore(session, clock=utc_now).iter_documents(batch=2))
        assert [record.id for record in streamed] == sorted(ids)
        assert [record.id for record in kb.iter_documents()] == sorted(ids)
        session.rollback()
