"""Place phrases: the heads a claim argument carries before the place ("control of",
"the Iraqi side of") come off, so the name left is the facility or town itself."""

from __future__ import annotations

import pytest

from allegiance.model import Script
from allegiance.resolve.place_phrases import PlacePhrase, parse_place_phrase
from allegiance.resolve.place_records import PlaceName, PlaceRecord
from allegiance.resolve.places import PlaceIndex

FACILITY = "facility"


def facility(key: str, name: str, *others: str) -> PlaceRecord:
    return PlaceRecord(
        key=key,
        name=name,
        kind="facility",
        feature="crossing",
        country="IQ",
        lat=34.42,
        lon=40.95,
        population=0,
        admin1=None,
        admin2=None,
        names=tuple(PlaceName(each, Script.LATIN) for each in (name, *others)),
        geonames_id=None,
        source="test",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "control of the al-Qaim border crossing",
            PlacePhrase("al-Qaim border crossing", 1, None, None, FACILITY),
        ),
        (
            "full control of the Baiji refinery",
            PlacePhrase("Baiji refinery", 1, None, None, FACILITY),
        ),
        ("control over Mosul", PlacePhrase("Mosul", 1)),
        ("the centre of Hajin", PlacePhrase("Hajin", 1)),
        ("the city center of Raqqa", PlacePhrase("Raqqa", 1)),
        (
            "the Iraqi side of the al-Qaim crossing",
            PlacePhrase("al-Qaim crossing", 2, "part of", None, FACILITY),
        ),
        (
            "effective control of both sides of the al-Qaim crossing with Iraq",
            PlacePhrase("al-Qaim crossing", 2, "part of", None, FACILITY),
        ),
        ("parts of Deir ez-Zor province", PlacePhrase("Deir ez-Zor", 3, "part of", "province")),
        ("most of Anbar", PlacePhrase("Anbar", 2, "part of")),
    ],
)
def test_parse_place_phrase_takes_heads_off_the_place(text: str, expected: PlacePhrase) -> None:
    assert parse_place_phrase(text) == expected


@pytest.mark.parametrize(
    ("text", "relation"),
    [("south of Mayadin", "south of"), ("10 km south of the centre of Mayadin", "south of")],
)
def test_parse_place_phrase_keeps_a_direction_as_a_relation(text: str, relation: str) -> None:
    """ "South of X" is not in X: the direction stays the phrase's relation, precision 2."""
    phrase = parse_place_phrase(text)
    assert (phrase.name, phrase.relation, phrase.precision) == ("Mayadin", relation, 2)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the Iraqi side of the border crossing", "Iraqi side of the border crossing"),
        ("control of the crossing", "control of the crossing"),
        ("side of", "side of"),
        ("the Side", "Side"),
    ],
)
def test_parse_place_phrase_keeps_a_head_that_leaves_no_name(text: str, name: str) -> None:
    """ "The crossing" names no place: peeled, every report's would become one "crossing"."""
    assert parse_place_phrase(text).name == name


@pytest.mark.parametrize(
    "text",
    [
        "control of the al-Qaim border crossing",
        "the Syrian side of the Al-Qaim crossing",
        "effective control of both sides of the al-Qaim crossing with Iraq",
    ],
)
def test_resolve_best_finds_the_facility_behind_a_head(text: str) -> None:
    crossing = facility("facility:qaim", "Al-Qaim border crossing", "Al-Qaim crossing")
    found = PlaceIndex([crossing]).resolve_best(text, context_country="IQ")
    assert found is not None and found.record.key == "facility:qaim"
