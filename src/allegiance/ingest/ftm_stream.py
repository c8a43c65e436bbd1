"""FollowTheMoney entity streams (JSON Lines, as OpenSanctions publishes them) as actors.

Persons become persons; organizations, companies, public bodies and legal entities become
organizations, or groups when FtM tags them with a terrorism or war-crime topic (as
OpenSanctions does armed groups). Names come from `name`, `alias`, `weakAlias` and
`previousName`. Other schemata (addresses, sanctions, vessels…) are not actors: they are
counted as skipped, never silently dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from followthemoney import model
from followthemoney.exc import FollowTheMoneyException
from followthemoney.proxy import EntityProxy

from allegiance.ingest.listed_actors import ListedActor
from allegiance.model import Alias, EntityKind, InputError

ORGANIZATIONS = ("Organization", "Company", "PublicBody", "LegalEntity")
GROUP_TOPICS = frozenset({"crime.terror", "crime.war"})
ALIAS_PROPERTIES = {"alias": "alias", "weakAlias": "weak", "previousName": "former"}


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    """A line of the stream that is not an actor, and why."""

    origin: str
    reason: str


def read_ftm_stream(path: Path) -> Iterator[ListedActor | SkippedRecord]:
    """Each line's entity as an actor, or as a skipped record saying why it is not one."""
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            origin = f"{path}:{line_number}"
            try:
                proxy = model.get_proxy(json.loads(line))
            except (ValueError, FollowTheMoneyException) as exc:
                raise InputError(origin, f"not a FollowTheMoney entity: {exc}") from None
            yield to_listed_actor(proxy, dataset=_dataset(line)) or SkippedRecord(
                origin, f"{proxy.schema.name} is not an actor"
            )


def to_listed_actor(proxy: EntityProxy, *, dataset: str | None = None) -> ListedActor | None:
    kind = _kind(proxy)
    name = proxy.caption
    if kind is None or not proxy.id or not name:
        return None
    aliases = [
        Alias.of(value, kind=alias_kind)
        for prop, alias_kind in ALIAS_PROPERTIES.items()
        if prop in proxy.schema.properties
        for value in proxy.get(prop)
    ]
    aliases += [Alias.of(value) for value in proxy.get("name") if value != name]
    attributes: dict[str, object] = {"ftm_schema": proxy.schema.name}
    countries = sorted(code.upper() for code in proxy.get("country", quiet=True))
    if countries:
        attributes["countries"] = countries
    if kind is EntityKind.PERSON and (nationality := proxy.first("nationality", quiet=True)):
        attributes["nationality"] = nationality.upper()
    if topics := sorted(proxy.get("topics", quiet=True)):
        attributes["topics"] = topics
    if dataset:
        attributes["dataset"] = dataset
    return ListedActor("ftm", proxy.id, kind, name, tuple(aliases), attributes)


def _kind(proxy: EntityProxy) -> EntityKind | None:
    if proxy.schema.is_a("Person"):
        return EntityKind.PERSON
    if not any(proxy.schema.is_a(name) for name in ORGANIZATIONS):
        return None
    if GROUP_TOPICS & set(proxy.get("topics", quiet=True)):
        return EntityKind.GROUP
    return EntityKind.ORGANIZATION


def _dataset(line: str) -> str | None:
    """OpenSanctions names the datasets of an entity beside its properties."""
    datasets = json.loads(line).get("datasets")
    return ",".join(sorted(datasets)) if isinstance(datasets, list) and datasets else None
