"""Actors as other tools list them (FollowTheMoney streams, STIX bundles), before storing."""

from __future__ import annotations

from dataclasses import dataclass, field

from allegiance.model import Alias, Entity, EntityKind
from allegiance.model.ids import content_id


@dataclass(frozen=True, slots=True)
class ListedActor:
    """A person, group or organization from a list: its id there (`key` under `scheme`),
    its names, and the facts the list gives (nationality, countries, dataset)."""

    scheme: str
    key: str
    kind: EntityKind
    name: str
    aliases: tuple[Alias, ...] = ()
    attributes: dict[str, object] = field(default_factory=dict)

    @property
    def entity_id(self) -> str:
        return content_id("ent", self.scheme, self.key)

    def to_entity(self) -> Entity:
        aliases = {alias.name: alias for alias in self.aliases if alias.name != self.name}
        return Entity(
            id=self.entity_id,
            kind=self.kind,
            name=self.name,
            aliases=tuple(aliases.values()),
            attributes=dict(self.attributes),
            external_ids={self.scheme: self.key},
        )
