"""Place resolution: spellings in any script, phrases, context, facilities, precision."""

from __future__ import annotations

import statistics
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.model import Script
from allegiance.resolve.gazetteer import PlaceName, PlaceRecord
from allegiance.resolve.places import (
    BEST_THRESHOLD,
    PlaceIndex,
    PlacePhrase,
    default_place_index,
    parse_place_phrase,
)


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    return default_place_index()


def record(
    key: str, name: str, *, lat: float | None, lon: float | None, population: int = 0
) -> PlaceRecord:
    return PlaceRecord(
        key=key,
        name=name,
        kind="place",
        feature="village",
        country="SY",
        lat=lat,
        lon=lon,
        population=population,
        admin1=None,
        admin2=None,
        names=(PlaceName(name, Script.LATIN),),
        geonames_id=None,
        source="test",
    )


@pytest.mark.parametrize("spelling", ["Al-Bukamal", "Albu Kamal", "Abu Kamal", "البوكمال"])
def test_resolve_best_finds_the_border_town_under_every_spelling(
    index: PlaceIndex, spelling: str
) -> None:
    found = index.resolve_best(spelling, context_country="SY")
    assert found is not None
    assert found.record.country == "SY"
    assert found.record.lat == pytest.approx(34.45, abs=0.02)
    assert found.record.lon == pytest.approx(40.92, abs=0.02)
    assert found.precision == 1


def test_resolve_best_province_phrase_gives_the_governorate(index: PlaceIndex) -> None:
    found = index.resolve_best("Deir ez-Zor province", context_country="SY")
    assert found is not None
    assert (found.record.feature, found.record.name, found.precision) == (
        "admin1",
        "Deir ez-Zor",
        3,
    )


def test_resolve_best_near_phrase_gives_the_town_with_precision_2(index: PlaceIndex) -> None:
    found = index.resolve_best("near Mayadin", context_country="SY")
    assert found is not None
    assert found.record.geonames_id == 173480  # Al Mayadin
    assert found.precision == 2


def test_resolve_best_eastern_region_gives_precision_3(index: PlaceIndex) -> None:
    found = index.resolve_best("eastern Deir ez-Zor", context_country="SY")
    assert found is not None
    assert found.record.feature == "admin1"
    assert found.precision == 3


def test_resolve_best_arabic_countryside_phrase_gives_the_province(index: PlaceIndex) -> None:
    found = index.resolve_best("ريف دير الزور الشرقي", context_country="SY")
    assert found is not None
    assert (found.record.name, found.precision) == ("Deir ez-Zor", 3)


@pytest.mark.parametrize("text", ["Tabqa air base", "Tabqa airbase", "the Tabqa military airport"])
def test_resolve_best_facility_names_the_facility(index: PlaceIndex, text: str) -> None:
    found = index.resolve_best(text, context_country="SY")
    assert found is not None
    assert found.record.key == "facility:tabqa-air-base"
    assert found.record.kind == "facility"
    assert found.precision == 1


def test_resolve_best_missing_facility_falls_back_to_its_town(index: PlaceIndex) -> None:
    found = index.resolve_best("Mayadin air base", context_country="SY")
    assert found is not None
    assert found.record.geonames_id == 173480
    assert found.precision == 2
    assert any("not in the gazetteer" in reason for reason in found.evidence)


def test_resolve_best_prefers_the_whole_name_to_its_words(index: PlaceIndex) -> None:
    ghouta = index.resolve_best("Eastern Ghouta", context_country="SY")
    rural = index.resolve_best("Rural Damascus governorate", context_country="SY")
    assert ghouta is not None and ghouta.record.key == "region:eastern-ghouta"
    assert rural is not None and rural.record.name == "Rif Dimashq"


@pytest.mark.parametrize(
    ("text", "country", "feature"),
    [("Aleppo", "SY", "city"), ("Raqqa", "SY", "city"), ("Nineveh", "IQ", "admin1")],
)
def test_resolve_best_bare_name_is_the_town_unless_only_the_province_has_it(
    index: PlaceIndex, text: str, country: str, feature: str
) -> None:
    # Karbala lists "Nineveh" among its GeoNames alternate names; the province has it as
    # its main name, while Aleppo and Raqqa are towns in provinces of the same name.
    found = index.resolve_best(text, context_country=country)
    assert found is not None and found.record.feature == feature


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Speicher", "facility:camp-speicher"),
        ("Trebil", "facility:trebil-crossing"),
        ("al-Waleed crossing", "facility:al-waleed-crossing"),
    ],
)
def test_resolve_best_facility_by_its_short_name(index: PlaceIndex, text: str, key: str) -> None:
    found = index.resolve_best(text, context_country="IQ")
    assert found is not None and found.record.key == key


def test_resolve_best_reads_past_a_possessive(index: PlaceIndex) -> None:
    found = index.resolve_best("Iraq's Anbar province", context_country="IQ")
    assert found is not None and (found.record.name, found.precision) == ("Anbar", 3)


def test_resolve_disambiguates_by_context_country(index: PlaceIndex) -> None:
    # Sinjar is a town in Nineveh (Iraq) and a village in Idlib (Syria).
    in_iraq = index.resolve_best("Sinjar", context_country="IQ")
    in_syria = index.resolve_best("Sinjar", context_country="SY")
    assert in_iraq is not None and (in_iraq.record.country, in_iraq.record.admin1) == (
        "IQ",
        "Nineveh",
    )
    assert in_syria is not None and (in_syria.record.country, in_syria.record.admin1) == (
        "SY",
        "Idlib",
    )


def test_resolve_disambiguates_by_co_mentioned_places(index: PlaceIndex) -> None:
    # Two Syrian villages are called Suran: one north of Aleppo, one north of Hama.
    azaz = index.resolve_best("Azaz", context_country="SY")
    hama = index.resolve_best("Hama province", context_country="SY")
    assert azaz is not None and hama is not None
    near_azaz = index.resolve_best("Suran", context_country="SY", co_mentioned=[azaz.record])
    in_hama = index.resolve_best("Suran", context_country="SY", co_mentioned=[hama.record])
    assert near_azaz is not None and near_azaz.record.admin1 == "Aleppo"
    assert in_hama is not None and in_hama.record.admin1 == "Hama"
    assert any(reason.startswith("near co-mentioned") for reason in near_azaz.evidence)
    assert "in co-mentioned province Hama" in in_hama.evidence


@pytest.mark.parametrize("text", ["Xyzzyplatz", "Qwrtpzk al-Jadida", "Syria", "eastern Iraq"])
def test_resolve_best_unknown_name_or_country_gives_none(index: PlaceIndex, text: str) -> None:
    assert index.resolve_best(text, context_country="SY") is None


def test_resolve_best_threshold_holds_for_what_it_returns(index: PlaceIndex) -> None:
    for text in ("Mosul", "Raqqa", "Kobani", "Qamishli", "Palmyra"):
        found = index.resolve_best(text)
        assert found is not None and found.score >= BEST_THRESHOLD


def test_resolve_ranks_exact_names_above_fuzzy_ones(index: PlaceIndex) -> None:
    candidates = index.resolve("Manbij", context_country="SY")
    assert candidates[0].record.name == "Manbij"
    assert candidates[0].evidence[0].startswith("exact name")
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)


def test_resolve_answers_in_a_few_milliseconds(index: PlaceIndex) -> None:
    names = ["Al-Bukamal", "near Mayadin", "Deir al-Zour province", "Tall Abyad", "Qaryatain"]
    timings = []
    for name in names * 5:
        start = time.perf_counter()
        index.resolve(name, context_country="SY")
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.01


def test_place_index_add_merges_names_of_a_repeated_key() -> None:
    index = PlaceIndex([record("test:1", "Kharab", lat=35.0, lon=40.0)])
    again = record("test:1", "Kharrab Ashq", lat=0.0, lon=0.0)
    index.add(again)
    assert len(index) == 1 and index.merged == 1
    found = index.resolve_best("Kharrab Ashq")
    assert found is not None and found.record.lat == 35.0


def test_place_index_uses_population_to_break_ties() -> None:
    small = record("test:small", "Tell Hamis", lat=36.6, lon=41.5, population=600)
    large = record("test:large", "Tell Hamis", lat=36.0, lon=40.0, population=40_000)
    found = PlaceIndex([small, large]).resolve_best("Tal Hamis", context_country="SY")
    assert found is not None and found.record.key == "test:large"


def test_place_index_record_without_coordinates_stays_named() -> None:
    unmapped = record("test:unmapped", "Kafr Zeita Tahta", lat=None, lon=None)
    found = PlaceIndex([unmapped]).resolve_best("Kafr Zeita Tahta", context_country="SY")
    assert found is not None
    assert found.record.lat is None and "no coordinates" in found.evidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("near Mayadin", PlacePhrase("Mayadin", 2, "near")),
        ("20 km north of Raqqa", PlacePhrase("Raqqa", 2, "north of")),
        ("the outskirts of Mosul", PlacePhrase("Mosul", 2, "outskirts")),
        ("Deir ez-Zor province", PlacePhrase("Deir ez-Zor", 3, None, "province")),
        ("the Anbar governorate", PlacePhrase("Anbar", 3, None, "province")),
        ("the Abu Kamal district", PlacePhrase("Abu Kamal", 3, None, "district")),
        ("eastern Deir ez-Zor", PlacePhrase("Deir ez-Zor", 3, "eastern", "region")),
        ("the countryside of Aleppo", PlacePhrase("Aleppo", 2, "countryside")),
        ("Idlib countryside", PlacePhrase("Idlib", 2, "countryside")),
        ("southern Idlib", PlacePhrase("Idlib", 3, "southern", "region")),
        ("Hama city", PlacePhrase("Hama", 1, None, None, "settlement")),
        ("the town of Tal Abyad", PlacePhrase("Tal Abyad", 1, None, None, "settlement")),
        ("Tabqa air base", PlacePhrase("Tabqa air base", 1, None, None, "facility")),
        ("قرب الميادين", PlacePhrase("الميادين", 2, "near")),
        ("محافظة نينوى", PlacePhrase("نينوى", 3, None, "province")),
        ("ريف حلب", PlacePhrase("حلب", 2, "countryside")),
    ],
)
def test_parse_place_phrase_reads_relation_precision_and_hint(
    text: str, expected: PlacePhrase
) -> None:
    assert parse_place_phrase(text) == expected


@given(st.text(max_size=60))
def test_parse_place_phrase_never_raises_and_keeps_the_name_in_the_input(text: str) -> None:
    phrase = parse_place_phrase(text)
    assert phrase.name in text
    assert phrase.precision in (1, 2, 3)


@given(
    st.sampled_from(["near ", "north of ", "the outskirts of ", "eastern ", "the town of ", ""]),
    # a name has a letter: a relation followed by spaces alone names no place
    st.text(alphabet=st.characters(categories=("L", "Zs")), min_size=1, max_size=30).filter(
        str.strip
    ),
)
def test_parse_place_phrase_keeps_the_name_after_a_relation(relation: str, name: str) -> None:
    text = relation + name
    phrase = parse_place_phrase(text)
    assert phrase.name in text
    assert phrase.name.strip()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_resolve_never_raises_and_ranks_its_answers(index: PlaceIndex, text: str) -> None:
    candidates = index.resolve(text, context_country="SY")
    assert all(0.0 <= c.score <= 1.0 and c.precision in (1, 2, 3) for c in candidates)
    assert all(c.record.feature != "country" for c in candidates)
