"""Gazetteer entries as knowledge-base entities: actors seeded once, places added on first use.

Their ids are content ids of the gazetteer key, so every knowledge base gives the actor
"islamic-state" or the place "geonames:170794" the same `ent-` id.
"""

from __future__ import annotations

from allegiance.model import Alias, Entity, EntityKind, Script, detect_script
from allegiance.model.ids import content_id
from allegiance.resolve.actors import Actor, ActorGazetteer
from allegiance.resolve.place_records import PlaceName, PlaceRecord
from allegiance.store import KnowledgeBase

ACTOR_SCHEME = "allegiance"
PLACE_SCHEME = "gazetteer"


def actor_entity_id(key: str) -> str:
    return content_id("ent", "actor", key)


def place_entity_id(key: str) -> str:
    return content_id("ent", "place", key)


def to_actor_entity(actor: Actor) -> Entity:
    aliases = tuple(
        Alias(alias.name, Script(alias.script), alias.lang, alias.type)
        for alias in actor.aliases
        if alias.name != actor.name
    )
    attributes: dict[str, object] = {"countries": list(actor.countries)}
    if actor.nationality:
        attributes["nationality"] = actor.nationality
    if actor.active and actor.active.start:
        attributes["active_from"] = actor.active.start.to_text()
    if actor.active and actor.active.end:
        attributes["active_until"] = actor.active.end.to_text()
    if actor.note:
        attributes["note"] = actor.note
    return Entity(
        id=actor_entity_id(actor.key),
        kind=EntityKind(actor.kind),
        name=actor.name,
        aliases=aliases,
        attributes=attributes,
        external_ids={ACTOR_SCHEME: actor.key},
    )


def seed_actors(kb: KnowledgeBase, gazetteer: ActorGazetteer) -> int:
    """Add the gazetteer's actors that the knowledge base lacks; returns how many."""
    added = 0
    for actor in gazetteer.actors:
        if kb.entity_by_external_id(ACTOR_SCHEME, actor.key) is None:
            kb.add_entity(to_actor_entity(actor))
            added += 1
    return added


def to_place_entity(record: PlaceRecord) -> Entity:
    kind = EntityKind.FACILITY if record.kind == "facility" else EntityKind.PLACE
    aliases = tuple(
        Alias(name.name, name.script, name.language)
        for name in record.names
        if name.name != record.name
    )
    attributes: dict[str, object] = {
        key: value
        for key, value in (
            ("country", record.country), ("lat", record.lat), ("lon", record.lon),
            ("admin1", record.admin1), ("admin2", record.admin2), ("feature", record.feature),
            ("population", record.population), ("gazetteer_source", record.source),
        )
        if value is not None
    }  # fmt: skip
    external = {PLACE_SCHEME: record.key}
    if record.geonames_id is not None:
        external["geonames"] = str(record.geonames_id)
    return Entity(place_entity_id(record.key), kind, record.name, aliases, attributes, external)


def ensure_place(kb: KnowledgeBase, record: PlaceRecord) -> str:
    """The entity id of a gazetteer place, added to the knowledge base on first use."""
    existing = kb.entity_by_external_id(PLACE_SCHEME, record.key)
    if existing is None and record.geonames_id is not None:
        existing = kb.entity_by_external_id("geonames", str(record.geonames_id))
    if existing is not None:
        return existing.id
    kb.add_entity(to_place_entity(record))
    return place_entity_id(record.key)


def to_place_record(entity: Entity) -> PlaceRecord | None:
    """A stored place back as a gazetteer record (None when it has no coordinates)."""
    attributes = entity.attributes
    lat, lon = attributes.get("lat"), attributes.get("lon")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return None
    names = (entity.name, *(alias.name for alias in entity.aliases))
    geonames = entity.external_ids.get("geonames")
    population = attributes.get("population")
    return PlaceRecord(
        key=entity.external_ids.get(PLACE_SCHEME, entity.id),
        name=entity.name,
        kind="facility" if entity.kind is EntityKind.FACILITY else "place",
        feature=str(attributes.get("feature", "place")),
        country=_text(attributes.get("country")),
        lat=float(lat),
        lon=float(lon),
        population=population if isinstance(population, int) else 0,
        admin1=_text(attributes.get("admin1")),
        admin2=_text(attributes.get("admin2")),
        names=tuple(PlaceName(name, detect_script(name)) for name in dict.fromkeys(names)),
        geonames_id=int(geonames) if geonames and geonames.isdigit() else None,
        source=str(attributes.get("gazetteer_source", "knowledge base")),
    )


def stored_places(kb: KnowledgeBase) -> list[PlaceRecord]:
    """Places and facilities in the knowledge base that have coordinates (imports)."""
    records = []
    for kind in (EntityKind.PLACE, EntityKind.FACILITY):
        for entity in kb.iter_entities(kind=kind):
            record = to_place_record(entity)
            if record is not None:
                records.append(record)
    return records


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
