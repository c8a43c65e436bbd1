"""Mentions from hand-made Docs and from a blank pipeline with our components."""

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Span

from allegiance.model import Mention
from allegiance.nlp.gazetteer import GazetteerTerm
from allegiance.nlp.mentions import (
    KeyedMention,
    extract_mentions,
    extract_mentions_with_keys,
    process_texts,
)
from allegiance.nlp.pipeline import add_components

TERMS = [
    GazetteerTerm("Albu Kamal", "PLACE", "geonames:170794"),
    GazetteerTerm("Islamic State", "GROUP", "actor:islamic-state"),
    GazetteerTerm("ISIS", "GROUP", "actor:islamic-state"),
    GazetteerTerm("ISIS", "GROUP", "actor:isis"),
]


@pytest.fixture(scope="module")
def blank() -> Language:
    """A blank English pipeline with our components (module-scoped: hypothesis reuses it)."""
    return add_components(spacy.blank("en"), terms=TERMS)


def make_doc(words: list[str], ents: list[tuple[int, int, str]], **annotations: object) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=words, **annotations)  # type: ignore[arg-type]
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def test_mentions_map_model_labels_to_ours() -> None:
    words = ["Kurds", "in", "Kobani", "and", "Tishrin", "Dam", ":", "3", "dead"]
    doc = make_doc(words, [(0, 1, "NORP"), (2, 3, "GPE"), (4, 6, "FAC"), (7, 8, "CARDINAL")])
    mentions = extract_mentions(doc, document_id="doc-1")
    assert [(m.text, m.label) for m in mentions] == [
        ("Kurds", "NORP"),
        ("Kobani", "PLACE"),
        ("Tishrin Dam", "FACILITY"),
    ]
    assert mentions[1] == Mention("doc-1", 9, 15, "Kobani", "PLACE", None, "allegiance.mentions.v1")


def test_mentions_keep_unknown_org_as_org() -> None:
    doc = make_doc(["Liwa", "al-Quds", "attacked"], [(0, 2, "ORG")])
    assert [m.label for m in extract_mentions(doc, document_id="doc-1")] == ["ORG"]


def test_mentions_carry_gazetteer_keys(blank: Language) -> None:
    doc = blank("ISIS fighters seized Albu Kamal from the Islamic State rivals")
    keyed = extract_mentions_with_keys(doc, document_id="doc-1", extractor="test.v1")
    assert [(k.mention.text, k.keys, k.key) for k in keyed] == [
        ("ISIS", ("actor:islamic-state", "actor:isis"), None),
        ("Albu Kamal", ("geonames:170794",), "geonames:170794"),
        ("Islamic State", ("actor:islamic-state",), "actor:islamic-state"),
    ]
    assert {k.mention.extractor for k in keyed} == {"test.v1"}


def test_mentions_without_ruler_hit_have_no_key() -> None:
    doc = make_doc(["Hama"], [(0, 1, "GPE")])
    (keyed,) = extract_mentions_with_keys(doc, document_id="doc-1")
    assert keyed == KeyedMention(keyed.mention, ())
    assert keyed.key is None


def test_mentions_include_attached_article_and_drop_possessive() -> None:
    words = ["the", "Syrian", "Democratic", "Forces", "'s", "advance"]
    heads = [3, 3, 3, 5, 3, 5]
    deps = ["det", "amod", "compound", "poss", "case", "ROOT"]
    doc = make_doc(words, [(1, 5, "ORG")], heads=heads, deps=deps)
    (mention,) = extract_mentions(doc, document_id="doc-1")
    assert mention.text == "the Syrian Democratic Forces"


def test_mentions_leave_unattached_article_and_persons_alone() -> None:
    words = ["the", "ISIS", "fighters", "met", "the", "Baghdadi"]
    heads = [2, 2, 3, 3, 5, 3]
    deps = ["det", "compound", "nsubj", "ROOT", "det", "dobj"]
    doc = make_doc(words, [(1, 2, "GROUP"), (5, 6, "PERSON")], heads=heads, deps=deps)
    assert [m.text for m in extract_mentions(doc, document_id="doc-1")] == ["ISIS", "Baghdadi"]


def test_process_texts_yields_docs_in_order(blank: Language) -> None:
    texts = ["first text", "second text", "third"]
    assert [doc.text for doc in process_texts(blank, texts, batch_size=2)] == texts


PIECES = st.sampled_from(
    [
        "@abu_khattab_2", "#Dawla", "#داعش", "https://example.com/x?a=1", "Albu Kamal",
        "albu  kamal", "ISIS", "Islamic State's", "the", "\n\n", '"', "“", ",", ".", " - ",
        "DEIR EZ-ZOR, Syria —", "By Jane Doe\n", "(Reuters)", "  ", "\t",
    ]
)  # fmt: skip
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=25).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(text=TEXTS)
def test_mentions_offsets_always_slice_the_text(blank: Language, text: str) -> None:
    for mention in extract_mentions(blank(text), document_id="doc-1"):
        assert text[mention.start : mention.end] == mention.text
        assert mention.text and mention.text == mention.text.strip()
