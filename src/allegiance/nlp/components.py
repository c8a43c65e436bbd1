"""The versioned names of our spaCy components, and their spaCy spelling.

Each component is known by a versioned name, `allegiance.<name>.v1`, which is what stored
output records as its extractor. spaCy refuses dots in factory names (error E853) and a
dotted pipe name breaks its config files, so the factory and the pipe are registered as
`factory_name(name)`: the same name with underscores (`allegiance_sentences_v1`).
"""

from __future__ import annotations

SENTENCES = "allegiance.sentences.v1"
GAZETTEER_FILTER = "allegiance.gazetteer_filter.v1"
SOCIAL_TOKENS = "allegiance.social_tokens.v1"
MENTIONS = "allegiance.mentions.v1"


def factory_name(name: str) -> str:
    """The spaCy factory and pipe name of the component called `name`."""
    return name.replace(".", "_")
