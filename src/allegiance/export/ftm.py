"""FollowTheMoney entities (via `followthemoney`), one JSON object per line, for `ftm` tools.

Persons become `Person`, groups and organizations `Organization`, places and facilities
`Address` (with coordinates), accounts `UserAccount` (owned by the person an
`account.operator` claim names), affiliation intervals `Membership` (start and end dates
keep their precision: "2014-06" stays a month), and events `Event` (involving their
actors, at their place). Summaries carry the hedges and the claim ids behind each fact.
Ids are our own (`ent-`, `evt-`), or content ids for memberships, so re-exports are stable.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from followthemoney import model
from followthemoney.proxy import EntityProxy

from allegiance.export.filters import ExportResult, Selection, Tick, no_tick
from allegiance.model import Entity, EntityKind, Event
from allegiance.model.ids import content_id
from allegiance.query.affiliations import ALLEGIANCE_TYPES, Affiliation, timelines
from allegiance.query.claims import CurrentClaim

SCHEMATA = {
    EntityKind.PERSON: "Person", EntityKind.GROUP: "Organization",
    EntityKind.ORGANIZATION: "Organization", EntityKind.PLACE: "Address",
    EntityKind.FACILITY: "Address", EntityKind.ACCOUNT: "UserAccount",
}  # fmt: skip


def to_proxy(entity: Entity, *, owner: str | None = None) -> EntityProxy:
    """One of our entities as an FtM entity of the matching schema."""
    proxy = model.make_entity(SCHEMATA[entity.kind])
    proxy.id = entity.id
    attributes = entity.attributes
    names = [alias.name for alias in entity.aliases if alias.name != entity.name]
    if entity.kind is EntityKind.ACCOUNT:
        proxy.add("username", str(attributes.get("handle") or entity.name))
        proxy.add("service", str(attributes.get("platform") or ""))
        proxy.add("owner", owner)
    elif entity.kind in (EntityKind.PLACE, EntityKind.FACILITY):
        proxy.add("full", entity.name)
        proxy.add("latitude", _text(attributes.get("lat")))
        proxy.add("longitude", _text(attributes.get("lon")))
    proxy.add("name", entity.name)
    proxy.add("alias", names)
    proxy.add("country", _text(attributes.get("country")))
    if entity.kind is EntityKind.PERSON:
        proxy.add("nationality", _text(attributes.get("nationality")))
    proxy.add("description", _text(attributes.get("note")))
    return proxy


def membership_proxy(affiliation: Affiliation, cited: list[str]) -> EntityProxy:
    proxy = model.make_entity("Membership")
    proxy.id = content_id("mbr", affiliation.entity_id, affiliation.group_id, *cited)
    proxy.add("member", affiliation.entity_id)
    proxy.add("organization", affiliation.group_id)
    proxy.add("role", affiliation.role)
    if affiliation.start is not None:
        proxy.add("startDate", affiliation.start.to_text())
    if affiliation.end is not None:
        proxy.add("endDate", affiliation.end.to_text())
    proxy.add(
        "summary",
        f"{affiliation.hedge.value} {affiliation.kind.value}; claims: " + ", ".join(cited),
    )
    return proxy


def event_proxy(selection: Selection, event: Event, claims: list[CurrentClaim]) -> EntityProxy:
    proxy = model.make_entity("Event")
    proxy.id = event.id
    proxy.add("name", f"{event.type} ({event.id})")
    if event.date is not None:
        proxy.add("date", event.date.to_text())
    proxy.add(
        "involved",
        sorted({c.subject_id for c in claims} | {c.object_id for c in claims if c.object_id}),
    )
    if event.place_id:
        proxy.add("addressEntity", event.place_id)
        proxy.add("location", selection.entity(event.place_id).name)
    proxy.add("summary", f"{event.status.value}; claims: " + ", ".join(c.id for c in claims))
    proxy.add("notes", [f"{c.hedge.value}: {c.claim.quote.text}" for c in claims])
    return proxy


def iter_proxies(selection: Selection, *, tick: Tick = no_tick) -> Iterator[EntityProxy]:
    """Entities named by the selected claims, then memberships, then events; an entity a
    membership, event or account refers to is written before it."""
    owners = {
        c.object_id: c.subject_id
        for c in selection.claims
        if c.type == "account.operator" and c.object_id
    }
    written: set[str] = set()

    def entities(ids: Iterable[str]) -> Iterator[EntityProxy]:
        for entity_id in ids:
            if entity_id in written:
                continue
            written.add(entity_id)
            owner = owners.get(entity_id)
            if owner is not None:  # an account's owner is written before the account
                yield from entities([owner])
            yield to_proxy(selection.entity(entity_id), owner=owner)
            tick()

    yield from entities(selection.entity_ids())
    subjects = {c.subject_id for c in selection.claims if c.type in ALLEGIANCE_TYPES}
    for line in timelines(selection.reader, sorted(subjects)).values():
        for affiliation in line.affiliations:
            cited = [e.claim_id for e in affiliation.evidence if e.claim_id in selection.by_id]
            if cited and _is_person_in_group(selection, affiliation):
                yield from entities((affiliation.entity_id, affiliation.group_id))
                yield membership_proxy(affiliation, cited)
    for event, claims in selection.events():
        yield from entities([event.place_id] if event.place_id else [])
        yield event_proxy(selection, event, claims)


def _is_person_in_group(selection: Selection, affiliation: Affiliation) -> bool:
    """FtM memberships join a person (or organization) to an organization."""
    member = selection.entity(affiliation.entity_id).kind
    group = selection.entity(affiliation.group_id).kind
    return member is not EntityKind.ACCOUNT and group in (EntityKind.GROUP, EntityKind.ORGANIZATION)


def write_ftm(selection: Selection, out: TextIO, *, tick: Tick = no_tick) -> ExportResult:
    result = ExportResult()
    for proxy in iter_proxies(selection, tick=tick):
        out.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        result.written += 1
    return result


def _text(value: object) -> str | None:
    return None if value is None else str(value)
