"""The gazetteer filter: a doubtful one-word hit is dropped, and leaves nothing behind."""

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from allegiance.nlp import GazetteerTerm, build_pipeline, extract_mentions_with_keys
from allegiance.nlp.gazetteer import GROUP, terms_from_actors
from allegiance.nlp.pipeline import add_components
from allegiance.resolve.actors import load_actors
from allegiance.settings import Settings

# A bare one-word name of the group: inside "Sayf al-Dawla" the ruler matches it too.
BARE_DAWLA = GazetteerTerm("Dawla", GROUP, "actor:test-dawla")


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The real model with the shipped actor gazetteer and a bare "Dawla" in its ruler."""
    return build_pipeline(Settings(), terms=[BARE_DAWLA, *terms_from_actors(load_actors())])


def stray_keys(doc: Doc) -> list[tuple[str, str]]:
    """Tokens that carry a gazetteer key but lie in no entity carrying that key."""
    keyed = {token.i: ent.ent_id_ for ent in doc.ents if ent.ent_id_ for token in ent}
    return [
        (token.text, token.ent_id_)
        for token in doc
        if token.ent_id_ and keyed.get(token.i) != token.ent_id_
    ]


def test_gazetteer_filter_clears_the_key_of_a_dropped_hit() -> None:
    terms = [GazetteerTerm("Amnesty", "ORG", "actor:amnesty-international")]
    doc = add_components(spacy.blank("en"), terms=terms)("An amnesty was declared.")
    assert not doc.ents
    assert [(token.ent_id_, token.ent_kb_id_) for token in doc if token.text == "amnesty"] == [
        ("", "")
    ]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("A commander named Sayf al-Dawla was killed in Raqqa.", "Sayf al-Dawla"),
        ("Sheikh Nasir al-Dawla spoke to the tribe.", "Nasir al-Dawla"),
        # Shipped one-word aliases of the Wagner Group, Rudaw and the Sahwat.
        ("The composer Richard Wagner was born in Leipzig.", "Richard Wagner"),
        ("The journalist Omar Rudaw reported the clash.", "Omar Rudaw"),
        ("Colonel Ahmed Sahwat was killed.", "Ahmed Sahwat"),
    ],
)
def test_gazetteer_filter_leaves_no_key_for_the_model_to_inherit(
    nlp: Language, text: str, person: str
) -> None:
    """The model's longer name around a dropped hit is a person without a gazetteer key."""
    doc = nlp(text)
    found = {
        k.mention.text: (k.mention.label, k.keys)
        for k in extract_mentions_with_keys(doc, document_id="doc-1")
    }
    assert found[person] == ("PERSON", ())
    assert stray_keys(doc) == []


@pytest.mark.parametrize(
    ("text", "name", "key"),
    [
        ("Dawla fighters entered Raqqa.", "Dawla", "actor:test-dawla"),
        ("Wagner fighters entered Palmyra.", "Wagner", "actor:wagner-group"),
    ],
)
def test_gazetteer_filter_keeps_the_key_of_a_kept_hit(
    nlp: Language, text: str, name: str, key: str
) -> None:
    keyed = extract_mentions_with_keys(nlp(text), document_id="doc-1")
    assert {k.mention.text: k.keys for k in keyed}[name] == (key,)
