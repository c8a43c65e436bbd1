from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allegiance.store import KnowledgeBase
from allegiance.store.search import MATCH_END, MATCH_START, to_phrases

from .samples import make_document

REPORTS = {
    "rutba": "Islamic State fighters seized the border town of Rutba on Sunday, officials said.",
    "raqqa": "Clashes continued near Raqqa. Rutba was quiet, residents said.",
    "tunisi": "Abu Muhammad al-Tunisi pledged allegiance in a statement on Telegram.",
    "arabic": "سيطر مقاتلو الدولة الإسلامية على بلدة الرطبة",
}

HOSTILE = [
    '"',
    '"Rutba',
    "Rutba OR Raqqa",
    "-Rutba",
    "Rutba*",
    "*",
    "(Rutba",
    "Rutba)",
    "NEAR(Rutba Raqqa)",
    "title:Rutba",
    "^Rutba",
    "Rutba AND NOT",
    "'; DROP TABLE documents; --",
    "\x00",
    "Rutba & | ! <-> :*",
    "\ud800",
]


@pytest.fixture
def reports(kb: KnowledgeBase) -> dict[str, str]:
    ids = {}
    for name, text in REPORTS.items():
        ids[name] = kb.add_document(make_document(text, title=name.title(), url=None)).document_id
    return ids


def _found(kb: KnowledgeBase, query: str) -> set[str]:
    return {hit.record.id for hit in kb.search_documents(query)}


def test_search_documents_finds_every_document_with_the_words(
    kb: KnowledgeBase, reports: dict[str, str]
) -> None:
    assert _found(kb, "Rutba") == {reports["rutba"], reports["raqqa"]}
    assert _found(kb, "rutba SEIZED") == {reports["rutba"]}
    assert _found(kb, "al-Tunisi") == {reports["tunisi"]}
    assert _found(kb, "الرطبة") == {reports["arabic"]}
    assert _found(kb, "Mosul") == set()


def test_search_documents_searches_titles(kb: KnowledgeBase, reports: dict[str, str]) -> None:
    assert _found(kb, "tunisi pledged") == {reports["tunisi"]}
    assert _found(kb, "Raqqa") == {reports["raqqa"]}


def test_search_documents_ranks_the_better_match_first(kb: KnowledgeBase) -> None:
    once = kb.add_document(make_document("Rutba is a town in Anbar province.", url=None))
    often = kb.add_document(make_document("Rutba, Rutba, Rutba: the fall of Rutba.", url=None))
    hits = kb.search_documents("Rutba")
    assert [hit.record.id for hit in hits] == [often.document_id, once.document_id]
    assert hits[0].rank > hits[1].rank


def test_search_documents_marks_the_words_in_a_snippet(
    kb: KnowledgeBase, reports: dict[str, str]
) -> None:
    (hit,) = kb.search_documents("seized")
    assert f"{MATCH_START}seized{MATCH_END}" in hit.snippet
    assert hit.record.document.text == REPORTS["rutba"]


def test_search_documents_respects_the_limit(kb: KnowledgeBase, reports: dict[str, str]) -> None:
    assert len(kb.search_documents("said", limit=1)) == 1
    assert kb.search_documents("said", limit=0) == []


def test_search_documents_reads_a_quoted_chunk_as_a_phrase(
    kb: KnowledgeBase, reports: dict[str, str]
) -> None:
    assert _found(kb, "border-town") == {reports["rutba"]}
    assert _found(kb, "town-border") == set()


@pytest.mark.parametrize("query", HOSTILE)
def test_search_documents_reads_query_syntax_as_plain_words(
    kb: KnowledgeBase, reports: dict[str, str], query: str
) -> None:
    hits = kb.search_documents(query)
    assert {hit.record.id for hit in hits} <= {reports["rutba"], reports["raqqa"]}


def test_search_documents_or_is_a_word_not_an_operator(
    kb: KnowledgeBase, reports: dict[str, str]
) -> None:
    assert _found(kb, "Rutba OR Raqqa") == set()
    assert _found(kb, "Raqqa -Rutba") == {reports["raqqa"]}


@given(query=st.text(max_size=60))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_search_documents_never_raises(
    kb: KnowledgeBase, reports: dict[str, str], query: str
) -> None:
    hits = kb.search_documents(query)
    assert all(hit.record.id in reports.values() for hit in hits)


@pytest.mark.parametrize(
    ("query", "phrases"),
    [
        ("Rutba", ["Rutba"]),
        ('"Rutba" OR  raqqa', ["Rutba", "OR", "raqqa"]),
        ("al-Tunisi -- * ( )", ["al Tunisi"]),
        ("مُحَمَّد", ["مُحَمَّد"]),
        ("under_score", ["under score"]),
        ("", []),
        ("a\x00b", ["a b"]),
    ],
)
def test_to_phrases_keeps_words_and_drops_syntax(query: str, phrases: list[str]) -> None:
    assert to_phrases(query) == phrases


def test_search_documents_finds_vowelled_arabic_as_written(kb: KnowledgeBase) -> None:
    outcome = kb.add_document(make_document("بايع أبو مُحَمَّد التونسي التنظيم", url=None))
    assert _found(kb, "مُحَمَّد") == {outcome.document_id}
    assert _found(kb, "أبو مُحَمَّد") == {outcome.document_id}


def test_search_documents_stores_and_finds_a_very_long_document(kb: KnowledgeBase) -> None:
    # Over a million characters of distinct words: more than a PostgreSQL tsvector holds.
    words = " ".join(f"w{number:07d}" for number in range(130_000))
    outcome = kb.add_document(make_document(f"Rutba {words}", url=None))
    assert _found(kb, "Rutba w0000001") == {outcome.document_id}
