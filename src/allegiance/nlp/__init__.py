"""The spaCy stage: the only package where spaCy objects exist.

`build_pipeline(settings, terms=...)` loads the configured model and adds our components
(see `allegiance.nlp.components` for their versioned names); `extract_mentions` turns a
processed Doc into our own `Mention`s. Importing this package loads no model.
"""

from allegiance.nlp.gazetteer import GazetteerTerm, terms_from_actors, terms_from_places
from allegiance.nlp.mentions import (
    KeyedMention,
    extract_mentions,
    extract_mentions_with_keys,
    process_texts,
)
from allegiance.nlp.pipeline import add_components, build_pipeline, load_model

__all__ = [
    "GazetteerTerm",
    "KeyedMention",
    "add_components",
    "build_pipeline",
    "extract_mentions",
    "extract_mentions_with_keys",
    "load_model",
    "process_texts",
    "terms_from_actors",
    "terms_from_places",
]
