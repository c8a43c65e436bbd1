"""Attribution with the real model: who asserts what inside a sentence."""

import pytest
from spacy.language import Language

from allegiance.nlp import build_pipeline
from allegiance.nlp.attribution import attribution_of, find_quotes, reporting_verb
from allegiance.settings import Settings


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_pipeline(Settings())


def test_attribution_trailing_said_names_the_officials(nlp: Language) -> None:
    doc = nlp("Militants captured the town yesterday, officials said.")
    found = attribution_of(doc[1], quotes=find_quotes(doc))
    assert found.speaker is not None and found.speaker.text == "officials"


def test_attribution_claim_verb_marks_a_claim(nlp: Language) -> None:
    doc = nlp("The group claimed that it had captured the town.")
    captured = next(t for t in doc if t.text == "captured")
    found = attribution_of(captured, quotes=find_quotes(doc))
    assert found.claimed and found.speaker is not None and found.speaker.text == "group"


def test_attribution_quote_is_attributed_to_the_speaker_after_it(nlp: Language) -> None:
    doc = nlp('"We held the gate until noon," the colonel told reporters.')
    [quote] = find_quotes(doc)
    assert quote.speaker is not None and quote.speaker.text == "colonel"


def test_reporting_verb_is_none_for_a_plain_statement(nlp: Language) -> None:
    doc = nlp("Militants captured the town.")
    assert reporting_verb(doc[1]) is None
