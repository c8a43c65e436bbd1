"""Event typing: the rules with the real lemmatiser, a small trained model, the CLI command."""

import json
from pathlib import Path

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from typer.testing import CliRunner

from allegiance.cli.classifying import register
from allegiance.model import InputError, TaxonomyError
from allegiance.model.taxonomy import load_taxonomy
from allegiance.nlp.event_type_catalogue import load_catalogue, parse_catalogue
from allegiance.nlp.event_types import (
    HybridClassifier,
    RuleClassifier,
    TrainedClassifier,
    load_lemmatiser,
)
from allegiance.settings import Settings

TRAINING = [
    ("Government warplanes bombed the market in the town.", "AIR_STRIKE"),
    ("An air strike by coalition jets hit a bakery.", "AIR_STRIKE"),
    ("Drones struck a convoy near the border.", "AIR_STRIKE"),
    ("Rebels and soldiers clashed for hours near the bridge.", "ARMED_CLASH"),
    ("Heavy fighting between the army and militants left ten dead.", "ARMED_CLASH"),
    ("A firefight broke out between two militias at the checkpoint.", "ARMED_CLASH"),
    ("Hundreds marched peacefully to demand higher wages.", "Peaceful protest"),
    ("Students held a rally outside parliament against the new law.", "PEACE_PROTEST"),
    ("Teachers staged a sit-in protest at the ministry.", "PEACE_PROTEST"),
]


@pytest.fixture(scope="module")
def lemmatiser() -> Language:
    return load_lemmatiser(Settings().spacy_model)


@pytest.fixture(scope="module")
def rules(lemmatiser: Language) -> RuleClassifier:
    return RuleClassifier(lemmatiser)


def best(rules: RuleClassifier, text: str) -> str:
    ranked = rules.classify(text)
    assert ranked, f"rules abstained on {text!r}"
    return ranked[0].code


@pytest.mark.parametrize(
    ("text", "code", "sub_event_type"),
    [
        ("Russian warplanes carried out air strikes on the village.", "AIR_STRIKE",
         "Air/drone strike"),
        ("A suicide bomber blew himself up at a crowded checkpoint.", "SUIC_BOMB",
         "Suicide bomb"),
        ("ISIS militants seized control of the town after government troops fled.",
         "NON_STATE_ACTOR_OVERTAKES_TER", "Non-state actor overtakes territory"),
        ("Clashes erupted between rebels and the army near the airport.", "ARMED_CLASH",
         "Armed clash"),
        ("Gunmen abducted two aid workers on the road to the camp.", "ABDUCT_DISSAP",
         "Abduction/forced disappearance"),
    ],
)  # fmt: skip
def test_rules_type_clear_descriptions(
    rules: RuleClassifier, text: str, code: str, sub_event_type: str
) -> None:
    top = rules.classify(text)[0]
    assert (top.code, top.sub_event_type, top.method) == (code, sub_event_type, "rules")
    assert top.event_type is not None and top.evidence and 0 < top.score < 1


def test_rules_longest_cue_wins(rules: RuleClassifier) -> None:
    ranked = rules.classify("A suicide car bomb exploded outside the base.")
    assert ranked[0].code == "SUIC_BOMB"
    assert "car bomb" not in ranked[0].evidence


def test_rules_abstain_without_cues(rules: RuleClassifier) -> None:
    assert rules.classify("The committee will publish its annual report on Tuesday.") == []
    assert rules.classify("") == []


def test_rules_name_categories_outside_acled(rules: RuleClassifier) -> None:
    top = rules.classify("A strong earthquake struck the province overnight.")[0]
    assert (top.code, top.event_type, top.is_acled) == ("NATURAL_DISASTER", None, False)


def test_catalogue_covers_acled_and_the_claim_taxonomy() -> None:
    catalogue = load_catalogue()
    assert len(catalogue.acled_codes) == 25
    known = {(e.event_type, e.sub_event_type) for e in catalogue.sub_event_types if e.acled}
    for claim_type in load_taxonomy().types.values():
        mappings = [claim_type.acled, claim_type.acled_government, *claim_type.means.values()]
        for mapping in filter(None, mappings):
            assert (mapping.event_type, mapping.sub_event_type) in known, claim_type.name


def test_catalogue_refuses_acled_entry_without_types() -> None:
    text = "version: 1\nsub_event_types:\n  - {code: X, definition: d, cues: {a: 1}}\n"
    with pytest.raises(TaxonomyError, match="X"):
        parse_catalogue(text)


def test_trained_classifier_round_trips_through_save_and_load(tmp_path: Path) -> None:
    texts, labels = zip(*TRAINING, strict=True)
    model = TrainedClassifier().fit(list(texts), list(labels))
    path = tmp_path / "events.model"
    model.save(path)
    loaded = TrainedClassifier.load(path)
    probe = ["Jets bombed the town again.", "Protesters marched to the ministry."]
    assert [t.code for t in loaded.predict(probe)] == [t.code for t in model.predict(probe)]
    assert loaded.predict(probe)[0].method == "model"
    assert "PEACE_PROTEST" in loaded.classes  # the ACLED name was mapped to its code


def test_trained_classifier_refuses_a_foreign_file(tmp_path: Path) -> None:
    path = tmp_path / "not-a-model"
    path.write_bytes(b"plain text")
    with pytest.raises(InputError):
        TrainedClassifier.load(path)


def test_hybrid_reads_cues_and_model(rules: RuleClassifier) -> None:
    texts, labels = zip(*TRAINING, strict=True)
    hybrid = HybridClassifier.train(rules, list(texts), list(labels))
    assert hybrid.model.uses_cues
    top = hybrid.classify("An air strike destroyed the hospital.")[0]
    assert top.code == "AIR_STRIKE" and "air strike" in top.evidence


def classify_app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def _root() -> None:
        """A local app holding only the classify command."""

    return app


def test_cli_classify_prints_json_lines_with_rules() -> None:
    stdin = "Warplanes launched air strikes on the town.\nThe weather was mild.\n"
    result = CliRunner().invoke(classify_app(), ["classify"], input=stdin)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["code"] for line in lines] == ["AIR_STRIKE", None]
    assert lines[0]["event_type"] == "Explosions/Remote violence"
    assert lines[1]["event_type"] is None and lines[1]["method"] == "rules"
    assert set(lines[0]) == {
        "text", "event_type", "sub_event_type", "code", "score", "method", "evidence"
    }  # fmt: skip


def test_cli_classify_trains_saves_and_loads(tmp_path: Path) -> None:
    tsv = tmp_path / "train.tsv"
    tsv.write_text("text\tlabel\n" + "".join(f"{t}\t{c}\n" for t, c in TRAINING), "utf-8")
    saved = tmp_path / "model.bin"
    app, runner = classify_app(), CliRunner()
    trained = runner.invoke(app, ["classify", "--train", str(tsv), "--save", str(saved)], input="")
    assert trained.exit_code == 0, trained.output
    result = runner.invoke(app, ["classify", "--model", str(saved)], input="Jets hit a bakery.\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["method"] in {"model", "rules"}


def test_cli_classify_train_needs_save(tmp_path: Path) -> None:
    result = CliRunner().invoke(classify_app(), ["classify", "--train", str(tmp_path / "x")])
    assert result.exit_code != 0


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=300))
def test_rules_never_raise_on_arbitrary_text(rules: RuleClassifier, text: str) -> None:
    for event_type in rules.classify(text):
        assert 0 <= event_type.score <= 1
