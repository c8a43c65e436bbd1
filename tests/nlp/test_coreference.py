"""Light coreference with the real model: anaphors take the salient entity of their kind."""

import pytest
from spacy.language import Language

from allegiance.nlp import GazetteerTerm, build_pipeline
from allegiance.nlp.claims import SpanRef, extract_claims
from allegiance.nlp.gazetteer import terms_from_actors
from allegiance.resolve.actors import load_actors
from allegiance.settings import Settings


@pytest.fixture(scope="module")
def nlp() -> Language:
    terms = [GazetteerTerm("Mayadin", "PLACE", "place:mayadin"), *terms_from_actors(load_actors())]
    return build_pipeline(Settings(), terms=terms)


def test_coreference_group_pronoun_takes_the_last_group(nlp: Language) -> None:
    doc = nlp("ISIS moved east on Monday. They seized Mayadin on Tuesday.")
    [claim] = [c for c in extract_claims(doc) if c.type == "territory.capture"]
    assert claim.subject is not None and claim.subject.text == "ISIS"
    assert claim.antecedents["subject"].text == "They"


def test_coreference_definite_group_noun_takes_the_last_group(nlp: Language) -> None:
    doc = nlp("Jabhat al-Nusra sent reinforcements. The militants seized Mayadin.")
    [claim] = [c for c in extract_claims(doc) if c.type == "territory.capture"]
    assert claim.subject is not None and claim.subject.text == "Jabhat al-Nusra"
    assert claim.antecedents["subject"].text == "The militants"


def test_coreference_without_antecedent_keeps_the_noun_phrase(nlp: Language) -> None:
    doc = nlp("Iraqi troops withdrew from Mayadin.")
    [claim] = [c for c in extract_claims(doc) if c.type == "territory.withdrawal"]
    assert claim.subject is not None and claim.subject.text == "Iraqi troops"
    assert claim.antecedents == {}


def test_coreference_relayed_post_speaks_as_the_relayed_account(nlp: Language) -> None:
    author = SpanRef(0, 0, "@Relay", "HANDLE")
    doc = nlp("RT @AbuKhuzayma_Urd2: We seized Mayadin today.")
    [claim] = [c for c in extract_claims(doc, author=author) if c.type == "territory.capture"]
    assert claim.subject is not None and claim.subject.text == "@AbuKhuzayma_Urd2"


def test_coreference_generic_soldiers_take_the_last_named_force(nlp: Language) -> None:
    doc = nlp("Iraqi forces left Mosul on Monday. The soldiers withdrew from Mayadin.")
    claims = [c for c in extract_claims(doc) if c.type == "territory.withdrawal"]
    assert {c.subject.text for c in claims if c.subject} == {"Iraqi forces"}
    assert claims[-1].antecedents["subject"].text == "The soldiers"


def test_coreference_pronoun_in_a_report_is_its_speaker(nlp: Language) -> None:
    doc = nlp("Abu Bakr al-Baghdadi met Abu Mohammad al-Adnani. "
              "Abu Bakr al-Baghdadi announced that he had seized Mayadin.")  # fmt: skip
    [claim] = [c for c in extract_claims(doc) if c.type == "territory.capture"]
    assert claim.subject is not None and claim.subject.text == "Abu Bakr al-Baghdadi"


def test_coreference_skips_names_inside_a_quotation(nlp: Language) -> None:
    doc = nlp('"We give our bay\'ah to Abu Mohammad al-Adnani," Abu Bakr al-Baghdadi wrote. '
              "He later seized Mayadin.")  # fmt: skip
    [claim] = [c for c in extract_claims(doc) if c.type == "territory.capture"]
    assert claim.subject is not None and claim.subject.text == "Abu Bakr al-Baghdadi"
