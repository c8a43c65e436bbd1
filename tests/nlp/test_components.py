"""Our components on a blank English pipeline: fast, no trained model."""

import pickle
from types import SimpleNamespace

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from allegiance.nlp.components import SENTENCES, SOCIAL_TOKENS, factory_name
from allegiance.nlp.gazetteer import (
    GazetteerTerm,
    ruler_patterns,
    split_key,
    terms_from_actors,
    terms_from_places,
    without_article,
)
from allegiance.nlp.pipeline import add_components
from allegiance.nlp.sentences import find_segments
from allegiance.nlp.social import keep_social_tokens
from allegiance.resolve.actors import parse_actors

ACTORS = """\
version: 1
actors:
  - key: islamic-state
    kind: group
    name: Islamic State
    aliases: [{name: IS, lang: en, script: Latn, type: acronym}]
  - key: amnesty-international
    kind: organization
    name: Amnesty International
    aliases: [{name: Amnesty, lang: en, script: Latn, type: name}]
  - key: al-baghdadi
    kind: person
    name: Abu Bakr al-Baghdadi
"""


@pytest.fixture
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe(factory_name(SENTENCES))
    return nlp


def starts(doc: Doc) -> list[tuple[str, bool | None]]:
    """(token, is_sent_start) for every token after the first."""
    return [(token.text, token.is_sent_start) for token in doc[1:]]


def test_sentences_keep_quotation_together(blank: Language) -> None:
    doc = blank('"We took the town. It is ours," he said. Then they left.')
    decided = dict(starts(doc)[:12])
    assert decided["It"] is False
    assert decided["he"] is False
    assert doc[-4].text == "Then" and doc[-4].is_sent_start is None


def test_sentences_quotation_ending_a_sentence_leaves_next_to_parser(blank: Language) -> None:
    doc = blank("He said: “We took the town. It is ours.” Then they left.")
    then = next(token for token in doc if token.text == "Then")
    it = next(token for token in doc if token.text == "It")
    assert it.is_sent_start is False
    assert then.is_sent_start is None


def test_sentences_unclosed_quote_stops_at_line_end(blank: Language) -> None:
    segments = find_segments('He said "we will return.\nThe town fell. "Yes," she said.')
    quotations = [segment for segment in segments if segment.kind == "quotation"]
    assert len(quotations) == 1
    assert quotations[0].start > 25


def test_sentences_dateline_is_its_own_segment(blank: Language) -> None:
    text = "DEIR EZ-ZOR, Syria, June 12 (Reuters) - Militants seized the town."
    doc = blank(text)
    dash = [token.i for token in doc if token.text == "-"][-1]
    assert all(token.is_sent_start is False for token in doc[1 : dash + 1])
    assert doc[dash + 1].text == "Militants" and doc[dash + 1].is_sent_start is True


@pytest.mark.parametrize(
    "line",
    [
        "BAGHDAD, June 12 (Reuters) - Iraqi forces retook the town.",
        "DEIR EZ-ZOR, Syria — Iraqi forces retook the town.",
        "RAQQA, 3 March 2017 – Iraqi forces retook the town.",
    ],
)
def test_sentences_find_dateline_forms(line: str) -> None:
    text = f"Headline\n{line}"
    (dateline,) = [segment for segment in find_segments(text) if segment.kind == "dateline"]
    assert text[dateline.end :].startswith("Iraqi forces")


def test_sentences_bare_capitals_are_a_dateline_only_on_the_first_line() -> None:
    assert [s.kind for s in find_segments("BEIRUT — Shelling resumed.")] == ["dateline"]
    assert find_segments("Report\nISIS — the group — denied it.") == []


def test_sentences_byline_is_its_own_sentence(blank: Language) -> None:
    doc = blank("By Jane Doe and Ahmed al-Khatib\nIslamic State fighters seized the town.")
    assert [token.is_sent_start for token in doc[1:6]] == [False] * 5
    islamic = next(token for token in doc if token.text == "Islamic")
    assert islamic.is_sent_start is True


def test_sentences_paragraph_break_starts_a_sentence(blank: Language) -> None:
    doc = blank("Fighting resumed\n\nthe town fell")
    assert doc[-3].text == "the" and doc[-3].is_sent_start is True


def test_social_tokenizer_keeps_handles_hashtags_and_urls() -> None:
    nlp = spacy.blank("en")
    keep_social_tokens(nlp)
    words = [
        token.text
        for token in nlp("(@abu_khattab_2) #Dawla, #الدولة_الإسلامية https://t.me/x?a=1.")
    ]
    assert words == [
        "(",
        "@abu_khattab_2",
        ")",
        "#Dawla",
        ",",
        "#الدولة_الإسلامية",
        "https://t.me/x?a=1",
        ".",
    ]


def test_social_pipeline_survives_pickling() -> None:
    terms = [GazetteerTerm("Albu Kamal", "PLACE", "geonames:170794")]
    nlp = pickle.loads(pickle.dumps(add_components(spacy.blank("en"), terms=terms)))
    doc = nlp("#Dawla reached Albu Kamal")
    assert [(ent.text, ent.label_) for ent in doc.ents] == [
        ("#Dawla", "HASHTAG"),
        ("Albu Kamal", "PLACE"),
    ]


def test_social_tokens_mark_entities_with_exact_offsets() -> None:
    nlp = add_components(spacy.blank("en"))
    text = "@abu_khattab_2 tweeted #Dawla https://example.com/x"
    found = [(ent.start_char, ent.end_char, ent.label_) for ent in nlp(text).ents]
    assert found == [(0, 14, "HANDLE"), (23, 29, "HASHTAG"), (30, 51, "URL")]


def test_social_tokens_ignore_emails_numbers_and_domains() -> None:
    nlp = add_components(spacy.blank("en"))
    assert nlp("Write to user@example.com about #1 on example.com today").ents == ()


def test_social_component_is_registered_under_versioned_name() -> None:
    nlp = add_components(spacy.blank("en"))
    assert factory_name(SOCIAL_TOKENS) == "allegiance_social_tokens_v1"
    assert factory_name(SOCIAL_TOKENS) in nlp.pipe_names


def test_gazetteer_terms_from_actors_cover_every_name() -> None:
    terms = list(terms_from_actors(parse_actors(ACTORS)))
    assert GazetteerTerm("IS", "GROUP", "actor:islamic-state") in terms
    assert GazetteerTerm("Amnesty", "ORG", "actor:amnesty-international") in terms
    assert GazetteerTerm("Abu Bakr al-Baghdadi", "PERSON", "actor:al-baghdadi") in terms
    assert len(terms) == 5


def test_gazetteer_terms_from_places_read_any_record() -> None:
    name = SimpleNamespace(name="البوكمال")
    record = SimpleNamespace(key="geonames:1", kind="place", name="Albu Kamal", names=(name,))
    base = SimpleNamespace(key="facility:t4", kind="facility", name="T4 air base", names=())
    terms = list(terms_from_places([record, base]))
    assert [term.label for term in terms] == ["PLACE", "PLACE", "FACILITY"]
    assert terms[1] == GazetteerTerm("البوكمال", "PLACE", "geonames:1")


def test_gazetteer_terms_drop_the_article_of_towns_only() -> None:
    town = SimpleNamespace(key="geonames:2", kind="place", name="Al-Bukamal", names=(),
                           population=57_000)  # fmt: skip
    hamlet = SimpleNamespace(key="geonames:3", kind="place", name="Al-Hamdan", names=(),
                             population=900)  # fmt: skip
    assert [t.text for t in terms_from_places([town, hamlet])] == [
        "Al-Bukamal", "Bukamal", "Al-Hamdan"]  # fmt: skip
    assert without_article("ash-Shaddadi") == "Shaddadi"
    assert without_article("Aleppo") is None
    assert without_article("Al-Qa") is None


def test_gazetteer_term_arabic_is_not_an_acronym() -> None:
    assert GazetteerTerm("YPG", "GROUP", "actor:ypg").is_acronym
    assert not GazetteerTerm("داعش", "GROUP", "actor:is").is_acronym
    assert not GazetteerTerm("Daesh", "GROUP", "actor:is").is_acronym


def test_gazetteer_term_rejects_unknown_label() -> None:
    with pytest.raises(ValueError, match="label"):
        GazetteerTerm("Raqqa", "CITY", "geonames:2")


def test_ruler_patterns_match_acronyms_exactly_and_share_names() -> None:
    terms = [
        GazetteerTerm("ISIS", "GROUP", "actor:a"),
        GazetteerTerm("ISIS", "GROUP", "actor:b"),
        GazetteerTerm("Free Syrian Army", "GROUP", "actor:fsa"),
        GazetteerTerm("free  syrian army", "GROUP", "actor:fsa"),
        GazetteerTerm("The", "PLACE", "geonames:3"),
    ]
    built = ruler_patterns(terms, stop_words=spacy.blank("en").Defaults.stop_words)
    assert built.acronyms == ({"label": "GROUP", "pattern": "ISIS", "id": "actor:a|actor:b"},)
    assert built.names == ({"label": "GROUP", "pattern": "Free Syrian Army", "id": "actor:fsa"},)
    assert built.skipped == (terms[-1],)
    assert split_key("actor:a|actor:b") == ("actor:a", "actor:b")


def test_ruler_labels_gazetteer_hits_case_insensitively() -> None:
    terms = [GazetteerTerm("Albu Kamal", "PLACE", "geonames:170794")]
    doc = add_components(spacy.blank("en"), terms=terms)("they entered ALBU KAMAL and albu kamal")
    assert [(ent.text, ent.label_, ent.ent_id_) for ent in doc.ents] == [
        ("ALBU KAMAL", "PLACE", "geonames:170794"),
        ("albu kamal", "PLACE", "geonames:170794"),
    ]


def test_gazetteer_filter_drops_single_lowercase_hits() -> None:
    terms = list(terms_from_actors(parse_actors(ACTORS)))
    doc = add_components(spacy.blank("en"), terms=terms)("An amnesty is not Amnesty, this is IS.")
    assert [(ent.text, ent.label_) for ent in doc.ents] == [("Amnesty", "ORG"), ("IS", "GROUP")]
