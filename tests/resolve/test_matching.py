"""Alias matching: exact, fuzzy and person-parts tiers of the AliasIndex."""

from __future__ import annotations

import random
import string
import time

import pytest

from allegiance.resolve.matching import DEFAULT_THRESHOLD, AliasIndex, Candidate
from allegiance.resolve.names import parse_arabic_name
from allegiance.resolve.persons import CONFLICT_CAP, SINGLE_PART_CAP, compare_persons
from allegiance.resolve.tokens import TokenIndex


@pytest.fixture
def index() -> AliasIndex:
    index = AliasIndex()
    index.add_many(
        "ent-adnani",
        ["Abu Muhammad al-Adnani", "Taha Subhi Falaha", "أبو محمد العدناني"],
        kind="person",
    )
    index.add_many("ent-jawlani", ["Abu Muhammad al-Jawlani", "Ahmed al-Sharaa"], kind="person")
    index.add_many("ent-shishani", ["Abu Omar al-Shishani", "Tarkhan Batirashvili"], kind="person")
    index.add_many(
        "ent-baghdadi", ["Abu Bakr al-Baghdadi", "Ibrahim Awwad Ibrahim al-Badri"], kind="person"
    )
    index.add_many(
        "ent-isis", ["Islamic State of Iraq and the Levant", "Daesh", "ISIS"], kind="group"
    )
    index.add_many("ent-nusra", ["Jabhat al-Nusra", "Hay'at Tahrir al-Sham"], kind="group")
    index.add_many("ent-deir", ["Deir ez-Zor"], kind="place")
    return index


def _ids(found: list[Candidate]) -> list[str]:
    return [candidate.entity_id for candidate in found]


def test_alias_index_exact_match_scores_100(index: AliasIndex) -> None:
    found = index.lookup("Abu Mohamed al-Adnani")
    assert found[0] == Candidate(
        "ent-adnani",
        "Abu Muhammad al-Adnani",
        100.0,
        "exact",
        ("abumuhamadaladnani", "abumuhamadaladnani"),
    )


def test_alias_index_exact_match_across_scripts(index: AliasIndex) -> None:
    assert _ids(index.lookup("أبو بكر البغدادي"))[:1] == ["ent-baghdadi"]
    assert _ids(index.lookup("دير الزور"))[:1] == ["ent-deir"]
    assert _ids(index.lookup("هيئة تحرير الشام"))[:1] == ["ent-nusra"]


def test_alias_index_fuzzy_match_finds_a_variant(index: AliasIndex) -> None:
    found = index.lookup("Islamic State of Iraq and Levant", kind="group")
    assert _ids(found)[:1] == ["ent-isis"]
    assert found[0].method == "fuzzy" and DEFAULT_THRESHOLD <= found[0].score < 100


def test_alias_index_ranks_best_first_one_candidate_per_entity(index: AliasIndex) -> None:
    found = index.lookup("Abu Muhammad al-Adnani", threshold=0.0, limit=10)
    assert _ids(found)[0] == "ent-adnani"
    assert len(_ids(found)) == len(set(_ids(found)))
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_alias_index_same_kunya_and_nisba_ranks_above_same_kunya_other_nisba(
    index: AliasIndex,
) -> None:
    found = index.lookup("Abu Muhammad al-Adnani al-Shami", kind="person", threshold=0.0)
    scores = {candidate.entity_id: candidate.score for candidate in found}
    assert _ids(found)[0] == "ent-adnani"
    assert scores["ent-adnani"] >= DEFAULT_THRESHOLD > scores.get("ent-jawlani", 0.0)


def test_alias_index_conflicting_nisba_stays_below_threshold(index: AliasIndex) -> None:
    assert index.lookup("Abu Omar al-Tunisi", kind="person") == []
    found = index.lookup("Abu Omar al-Tunisi", kind="person", threshold=0.0)
    assert found[0].entity_id == "ent-shishani" and found[0].method == "person-parts"
    assert found[0].score <= CONFLICT_CAP


def test_alias_index_kunya_alone_stays_below_threshold(index: AliasIndex) -> None:
    found = index.lookup("Abu Muhammad", kind="person", threshold=0.0)
    assert all(candidate.score < DEFAULT_THRESHOLD for candidate in found)


def test_alias_index_lifts_a_shorter_name_with_the_same_parts(index: AliasIndex) -> None:
    found = index.lookup("Ibrahim al-Badri", kind="person")
    assert _ids(found)[:1] == ["ent-baghdadi"]
    assert found[0].method == "person-parts"


def test_alias_index_strips_titles_from_person_names(index: AliasIndex) -> None:
    found = index.lookup("Sheikh Abu Bakr al-Baghdadi", kind="person")
    assert found[0].entity_id == "ent-baghdadi" and found[0].method == "exact"


def test_alias_index_kind_filters_candidates(index: AliasIndex) -> None:
    assert index.lookup("Deir ez-Zor", kind="person") == []
    assert _ids(index.lookup("Deir ez-Zor", kind="place")) == ["ent-deir"]


def test_alias_index_unknown_name_resolves_to_nothing(index: AliasIndex) -> None:
    assert index.lookup("Free Syrian Army") == []
    assert index.lookup("") == []
    assert index.lookup("---") == []


def test_alias_index_resolve_gives_the_entity_or_none(index: AliasIndex) -> None:
    found = index.resolve("Abu Muhammad al-Julani", kind="person")
    assert found is not None and found.entity_id == "ent-jawlani"
    assert index.resolve("Abu Hafs al-Masri", kind="person") is None


def test_alias_index_remove_forgets_an_alias(index: AliasIndex) -> None:
    assert index.remove("ent-isis", "Daesh") == 1
    assert index.lookup("Daesh") == []
    assert len(index) == 14
    index.add("ent-isis", "Daesh", kind="group")
    assert _ids(index.lookup("Daesh")) == ["ent-isis"]


def test_alias_index_lookup_is_fast_on_fifty_thousand_aliases() -> None:
    rng = random.Random(7)
    index = AliasIndex()
    for number in range(50_000):
        words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in "abc"]
        index.add(f"ent-{number}", " ".join(words), kind="organization")
    index.add("ent-target", "Liwa al-Tawhid", kind="group")
    started = time.perf_counter()
    for _ in range(20):
        found = index.lookup("Liwa al-Tawheed")
    elapsed = (time.perf_counter() - started) / 20
    assert _ids(found)[:1] == ["ent-target"]
    assert elapsed < 0.05  # a few ms on a laptop; generous for slow CI machines


def test_compare_persons_brothers_conflict_on_the_given_name() -> None:
    uday = parse_arabic_name("Uday Saddam Hussein al-Tikriti")
    qusay = parse_arabic_name("Qusay Saddam Hussein al-Tikriti")
    comparison = compare_persons(uday, qusay, base=90.0)
    assert comparison.conflict and comparison.score == CONFLICT_CAP


def test_compare_persons_same_kunya_alone_is_capped() -> None:
    comparison = compare_persons(
        parse_arabic_name("Abu Salim"), parse_arabic_name("Abou Salim"), base=95.0
    )
    assert comparison.score == SINGLE_PART_CAP
    assert comparison.compared == ("kunya=a:salim", "kunya=a:salim")


def test_token_index_similarity_tolerates_a_word_more() -> None:
    words = TokenIndex()
    words.add(0, ("yadanar", "mu", "myint"))
    for row, name in enumerate(["aung", "khin", "san", "su", "thida"], start=1):
        words.add(row, ("daw", name, "myint"))
    assert words.similarity(("yadanar", "mu", "myint"), ("daw", "yadanar", "mu", "myint")) > 90
    assert words.similarity(("abu", "muhamad"), ("abu", "muhamad", "aladnani")) < 85
    assert words.rows(("yadanar",)) == [0]
