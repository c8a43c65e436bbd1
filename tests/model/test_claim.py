from dataclasses import replace
from datetime import date

import pytest

from allegiance.model import Argument, Claim, FuzzyDate, Grade, Hedge, Quote
from allegiance.model.claim import PlacePrecision, with_stored_id


def _claim(**changes: object) -> Claim:
    values: dict[str, object] = {
        "type": "territory.capture",
        "subject_id": "ent-isis",
        "document_id": "doc-1",
        "extractor": "allegiance.events.v1",
        "quote": Quote("fighters seized Rutba", 10, 31),
        "place_id": "ent-rutba",
        "date": FuzzyDate.day(date(2014, 6, 22)),
    }
    values.update(changes)
    return Claim(**values)  # type: ignore[arg-type]


def test_claim_id_is_deterministic_and_prefixed() -> None:
    assert _claim().id == _claim().id
    assert _claim().id.startswith("clm-")


def test_claim_id_changes_with_what_is_claimed() -> None:
    assert _claim().id != _claim(hedge=Hedge.DENIED).id
    assert _claim().id != _claim(date=FuzzyDate.month(2014, 6)).id


def test_claim_rejects_confidence_out_of_range() -> None:
    with pytest.raises(ValueError):
        _claim(confidence=1.5)


def test_grade_parses_admiralty_codes() -> None:
    assert str(Grade.parse("B2")) == "B2"
    for bad in ("G1", "A7", "b2", "A"):
        with pytest.raises(ValueError):
            Grade.parse(bad)


def test_argument_is_entity_or_literal() -> None:
    assert Argument(literal="Tunisian").literal == "Tunisian"
    with pytest.raises(ValueError):
        Argument()
    with pytest.raises(ValueError):
        Argument(entity_id="ent-1", literal="x")


def test_place_precision_accepts_acled_codes_only() -> None:
    assert PlacePrecision(2) == 2
    with pytest.raises(ValueError):
        PlacePrecision(4)


def test_a_stored_id_is_kept_and_replacing_a_field_works_the_id_out_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    claim = _claim()
    stored = with_stored_id(_claim(), claim.id)
    monkeypatch.setattr("allegiance.model.claim.content_id", _no_hashing)
    assert stored.id == claim.id
    assert stored == claim
    monkeypatch.undo()
    changed = replace(stored, hedge=Hedge.DENIED)
    assert changed.id == _claim(hedge=Hedge.DENIED).id != claim.id


def _no_hashing(*parts: object) -> str:
    raise AssertionError("the id was worked out again")
