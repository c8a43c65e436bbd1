"""Reading our YAML data files with libyaml's parser when PyYAML was built with it.

The pure-Python parser takes seconds over the actor gazetteer; libyaml reads the same
documents the same way (safe types only) many times faster. Every data file goes through
`load_yaml` so that the choice is made in one place.
"""

from __future__ import annotations

import yaml

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> object:
    """The YAML document in `text`, with only the safe types (as `yaml.safe_load`)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python
