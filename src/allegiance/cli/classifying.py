"""`allegiance classify`: ACLED event type and sub-event type of event descriptions."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Protocol

import typer
from pydantic import BaseModel

from allegiance.cli.output import err_console
from allegiance.cli.runtime import Runtime
from allegiance.model import ConfigurationError, InputError
from allegiance.settings import Settings, load_settings

if TYPE_CHECKING:
    # The classifiers pull in spaCy and scikit-learn, seconds of imports that every other
    # command would pay for at start-up; `build_classifier` imports them when needed.
    from allegiance.nlp.event_type_catalogue import EventType
    from allegiance.nlp.event_types import TrainedClassifier


class Classification(BaseModel):
    """One output line. All fields but `text` are null when the rules abstain."""

    text: str
    event_type: str | None
    sub_event_type: str | None
    code: str | None
    score: float | None
    method: str
    evidence: list[str]


class _Classifier(Protocol):
    def classify_many(self, texts: list[str]) -> list[list[EventType]]: ...


class _ModelOnly:
    """A trained model without the rules' cues (one trained by a caller, not by `--train`)."""

    def __init__(self, model: TrainedClassifier) -> None:
        self.model = model

    def classify_many(self, texts: list[str]) -> list[list[EventType]]:
        return self.model.rank(texts, top=1)


def to_classification(text: str, ranked: list[EventType], *, method: str) -> Classification:
    if not ranked:
        return Classification(
            text=text, event_type=None, sub_event_type=None, code=None, score=None,
            method=method, evidence=[],
        )  # fmt: skip
    best = ranked[0]
    return Classification(
        text=text,
        event_type=best.event_type,
        sub_event_type=best.sub_event_type,
        code=best.code,
        score=best.score,
        method=best.method,
        evidence=list(best.evidence),
    )


def read_training_tsv(path: Path) -> tuple[list[str], list[str]]:
    """The `text` and `label` columns of a tab-separated file with a header row."""
    csv.field_size_limit(sys.maxsize)
    texts, labels = [], []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            if not {"text", "label"} <= set(rows.fieldnames or ()):
                raise InputError(str(path), "needs a header row with `text` and `label` columns")
            for line, row in enumerate(rows, start=2):
                text, label = (row.get("text") or "").strip(), (row.get("label") or "").strip()
                if not text or not label:
                    raise InputError(f"{path}:{line}", "empty text or label")
                texts.append(text)
                labels.append(label)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), str(exc)) from exc
    return texts, labels


def build_classifier(
    settings: Settings, *, model: Path | None, train: Path | None, save: Path | None
) -> tuple[_Classifier, str]:
    """Rules alone, a saved model (with the rules when it reads their cues), or a new one;
    and the method to report ("rules" or "model")."""
    from allegiance.nlp.event_types import (
        HybridClassifier,
        RuleClassifier,
        TrainedClassifier,
        load_lemmatiser,
    )

    if train is not None and save is None:
        raise ConfigurationError("--train needs --save PATH to write the trained model to")
    if train is not None and model is not None:
        raise ConfigurationError("give either --model or --train, not both")
    if model is not None:
        trained = TrainedClassifier.load(model)
        if not trained.uses_cues:
            return _ModelOnly(trained), "model"
        rules = RuleClassifier(load_lemmatiser(settings.spacy_model))
        return HybridClassifier(rules, trained), "model"
    rules = RuleClassifier(load_lemmatiser(settings.spacy_model))
    if train is None or save is None:
        return rules, "rules"
    texts, labels = read_training_tsv(train)
    hybrid = HybridClassifier.train(rules, texts, labels)
    hybrid.model.save(save)
    err_console().print(
        f"trained on {len(texts)} descriptions ({len(set(labels))} labels), saved to {save}",
        highlight=False,
    )
    return hybrid, "model"


def register(app: typer.Typer) -> None:
    @app.command("classify")
    def classify_command(
        ctx: typer.Context,
        model: Annotated[
            Path | None,
            typer.Option(help="A model saved by --train --save. Load only files you created."),
        ] = None,
        train: Annotated[
            Path | None,
            typer.Option(help="Train on this TSV (header row; columns text and label)."),
        ] = None,
        save: Annotated[
            Path | None, typer.Option(help="Where --train writes the trained model.")
        ] = None,
    ) -> None:
        """Print the ACLED event type and sub-event type of each description read from stdin.

        One description per line in, one JSON object per line out: text, event_type,
        sub_event_type, code, score, method, evidence. Without --model the keyword rules
        answer, and print event_type null when no cue matches. With --train, a model is
        trained on your labelled descriptions and saved before stdin is read.
        """
        settings = ctx.obj.settings if isinstance(ctx.obj, Runtime) else load_settings()
        classifier, method = build_classifier(settings, model=model, train=train, save=save)
        if train is not None and sys.stdin.isatty():
            return
        lines = [line.strip() for line in sys.stdin]
        texts = [line for line in lines if line]
        for text, ranked in zip(texts, classifier.classify_many(texts), strict=True):
            sys.stdout.write(to_classification(text, ranked, method=method).model_dump_json())
            sys.stdout.write("\n")
        if len(texts) < len(lines):
            err_console().print(f"skipped {len(lines) - len(texts)} blank line(s)")
