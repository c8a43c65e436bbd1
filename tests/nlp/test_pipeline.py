"""The pipeline built on the real pinned model (loaded once for the module)."""

import pytest
from spacy.language import Language

from allegiance.model import ConfigurationError
from allegiance.nlp import GazetteerTerm, build_pipeline, extract_mentions_with_keys
from allegiance.nlp.components import GAZETTEER_FILTER, SENTENCES, SOCIAL_TOKENS, factory_name
from allegiance.nlp.gazetteer import terms_from_actors
from allegiance.nlp.pipeline import RULER
from allegiance.resolve.actors import load_actors
from allegiance.settings import Settings

ALBU_KAMAL = GazetteerTerm("Albu Kamal", "PLACE", "geonames:170794")
OURS = [RULER, factory_name(GAZETTEER_FILTER), factory_name(SOCIAL_TOKENS)]


@pytest.fixture(scope="module")
def nlp() -> Language:
    terms = [ALBU_KAMAL, *terms_from_actors(load_actors())]
    return build_pipeline(Settings(), terms=terms)


def labelled(nlp: Language, text: str) -> list[tuple[str, str]]:
    keyed = extract_mentions_with_keys(nlp(text), document_id="doc-1")
    return [(k.mention.text, k.mention.label) for k in keyed]


def sentences(nlp: Language, text: str) -> list[str]:
    return [sentence.text.strip() for sentence in nlp(text).sents]


def test_build_pipeline_places_components_around_the_model(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index(factory_name(SENTENCES)) < names.index("parser")
    assert all(names.index(name) < names.index("ner") for name in OURS)


def test_build_pipeline_ruler_outranks_the_model_on_a_syrian_town(nlp: Language) -> None:
    text = "Fighters of the Islamic State seized Albu Kamal"
    with nlp.select_pipes(disable=OURS):
        raw = {ent.text: ent.label_ for ent in nlp(text).ents}
    assert raw.get("Albu Kamal") not in {"GPE", "LOC"}  # the model alone gets it wrong
    keyed = extract_mentions_with_keys(nlp(text), document_id="doc-1")
    found = {k.mention.text: (k.mention.label, k.key) for k in keyed}
    assert found["Albu Kamal"] == ("PLACE", "geonames:170794")
    assert found["the Islamic State"] == ("GROUP", "actor:islamic-state")


def test_build_pipeline_marks_social_tokens_with_exact_offsets(nlp: Language) -> None:
    text = "@abu_khattab_2 tweeted #Dawla https://example.com/x"
    keyed = extract_mentions_with_keys(nlp(text), document_id="doc-1")
    found = [(k.mention.start, k.mention.end, k.mention.label) for k in keyed]
    assert found == [(0, 14, "HANDLE"), (23, 29, "HASHTAG"), (30, 51, "URL")]


def test_build_pipeline_splits_dateline_from_first_sentence(nlp: Language) -> None:
    text = "DEIR EZ-ZOR, Syria, June 12 (Reuters) - Militants stormed the town. They left."
    assert sentences(nlp, text) == [
        "DEIR EZ-ZOR, Syria, June 12 (Reuters) -",
        "Militants stormed the town.",
        "They left.",
    ]


def test_build_pipeline_keeps_a_quotation_in_one_sentence(nlp: Language) -> None:
    text = '"We took the town. It is ours," he said. Then they left.'
    assert sentences(nlp, text) == ['"We took the town. It is ours," he said.', "Then they left."]


def test_build_pipeline_makes_a_byline_its_own_sentence(nlp: Language) -> None:
    text = "By Jane Doe\nIslamic State fighters seized the border town of Rutba on Sunday."
    assert sentences(nlp, text)[0] == "By Jane Doe"


def test_build_pipeline_resolves_shared_names_to_candidates(nlp: Language) -> None:
    (nusra,) = [
        k
        for k in extract_mentions_with_keys(
            nlp("Jabhat al-Nusra fighters withdrew."), document_id="d"
        )
        if k.mention.label == "GROUP"
    ]
    assert "actor:jabhat-al-nusra" in nusra.keys


def test_build_pipeline_leaves_common_nouns_to_the_model(nlp: Language) -> None:
    assert ("amnesty", "ORG") not in labelled(
        nlp, "The government offered an amnesty to defectors."
    )


def test_build_pipeline_without_terms_has_no_ruler() -> None:
    assert RULER not in build_pipeline(Settings(), disable=["lemmatizer"]).pipe_names


def test_build_pipeline_missing_model_says_how_to_install() -> None:
    with pytest.raises(ConfigurationError, match=r"'no_such_model_xx'.*pip install"):
        build_pipeline(Settings(spacy_model="no_such_model_xx"))
