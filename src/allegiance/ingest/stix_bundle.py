"""STIX 2.1 bundles of actors: threat actors, intrusion sets and identities.

`threat-actor` and `intrusion-set` objects become groups (or persons, for a threat actor
whose `resource_level` is `individual`); `identity` objects become persons (class
`individual`), organizations (`organization`, `group`) or are skipped (`system`, `class`).
Names come from `name` and `aliases`. Other objects are counted as skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from allegiance.ingest.ftm_stream import SkippedRecord
from allegiance.ingest.listed_actors import ListedActor
from allegiance.model import Alias, EntityKind, InputError

IDENTITY_KINDS = {
    "individual": EntityKind.PERSON,
    "organization": EntityKind.ORGANIZATION,
    "group": EntityKind.ORGANIZATION,
}


def read_stix_bundle(path: Path) -> Iterator[ListedActor | SkippedRecord]:
    """The actors of a bundle (or of a single object), in the bundle's order."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"not JSON: {exc}") from None
    if not isinstance(data, dict) or "type" not in data:
        raise InputError(str(path), "not a STIX bundle or object")
    objects = data.get("objects", []) if data["type"] == "bundle" else [data]
    for obj in objects:
        origin = f"{path}#{obj.get('id', '?')}"
        yield to_listed_actor(obj) or SkippedRecord(origin, f"a {obj.get('type')} is no actor")


def to_listed_actor(obj: dict[str, Any]) -> ListedActor | None:
    kind = _kind(obj)
    name = obj.get("name")
    if kind is None or not isinstance(name, str) or not name or not obj.get("id"):
        return None
    aliases = tuple(
        Alias.of(alias, kind="alias") for alias in obj.get("aliases", ()) if alias != name
    )
    attributes: dict[str, object] = {"stix_type": obj["type"]}
    if isinstance(obj.get("description"), str):
        attributes["note"] = obj["description"]
    return ListedActor("stix", str(obj["id"]), kind, name, aliases, attributes)


def _kind(obj: dict[str, Any]) -> EntityKind | None:
    kind = obj.get("type")
    if kind == "intrusion-set":
        return EntityKind.GROUP
    if kind == "threat-actor":
        individual = obj.get("resource_level") == "individual"
        return EntityKind.PERSON if individual else EntityKind.GROUP
    if kind == "identity":
        return IDENTITY_KINDS.get(str(obj.get("identity_class")))
    return None
