"""Quantities: numbers in words and digits, attached to the trigger's object."""

import pytest
from spacy.language import Language

from allegiance.nlp import build_pipeline
from allegiance.nlp.quantities import parse_number, quantity_of, wounded_or_killed
from allegiance.settings import Settings


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_pipeline(Settings())


@pytest.mark.parametrize(("text", "value"), [("1,700", 1700.0), ("two", 2.0), ("30", 30.0),
                                             ("dozens", None), ("1.5", 1.5)])  # fmt: skip
def test_parse_number_reads_digits_and_words(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_quantity_of_size_uses_the_noun_as_unit(nlp: Language) -> None:
    doc = nlp("The commander leads 300 fighters.")
    assert quantity_of(doc[2], claim_type="attribute.size") == (300.0, "fighters")


def test_quantity_of_killing_uses_the_participle(nlp: Language) -> None:
    doc = nlp("Militants killed 12 soldiers.")
    assert quantity_of(doc[1], claim_type="violence.killing") == (12.0, "killed")


def test_wounded_or_killed_counts_a_passive_subject(nlp: Language) -> None:
    doc = nlp("30 soldiers were killed.")
    killed = next(t for t in doc if t.text == "killed")
    assert wounded_or_killed(killed) == (30.0, "killed")
