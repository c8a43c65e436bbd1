"""Hedges with the real model: negation, denial, forecast, doubt, report."""

import pytest
from spacy.language import Language

from allegiance.nlp import build_pipeline
from allegiance.nlp.hedges import hedge_of
from allegiance.settings import Settings


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_pipeline(Settings())


@pytest.mark.parametrize(
    ("text", "trigger", "hedge"),
    [
        ("Militants did not capture the town.", "capture", "negated"),
        ("The army denied that militants had captured the town.", "captured", "denied"),
        ("Militants are expected to capture the town.", "capture", "expected"),
        ("Militants will capture the town.", "capture", "expected"),
        ("Militants reportedly captured the town.", "captured", "reported"),
        ("Militants appear to have captured the town.", "captured", "uncertain"),
        ("Militants captured the town, which could not be verified.", "captured", "uncertain"),
        ("There were rumours that militants captured the town.", "captured", "uncertain"),
        ("Militants allegedly captured the town.", "captured", "alleged"),
        ("Militants captured the town.", "captured", None),
        ("Militants captured the town. The claim could not be confirmed.", "captured", "uncertain"),
        (
            "Militants captured the town. Ten fighters could not be confirmed dead.",
            "captured",
            None,
        ),
        ("Gunmen refused to join the group.", "join", "negated"),
        ("The army claims it captured the town. This is a lie.", "captured", "denied"),
    ],
)
def test_hedge_of_reads_the_sentence(nlp: Language, text: str, trigger: str, hedge: str) -> None:
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    assert hedge_of(token) == hedge
