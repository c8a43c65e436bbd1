"""STIX 2.1 bundles (via `stix2`): actors, places, accounts, documents, claims and events.

- groups are `threat-actor`s, persons and organizations `identity`s, places and
  facilities `location`s, accounts `user-account`s, each publisher an `identity`;
- a claim with an entity or a place on its other side is a `relationship` (its type,
  quote, hedge, grade and id in the description, labels and external reference); a claim
  whose object is a value (a nationality, a topic) is a `note` on its subject;
- an affiliation interval (query/affiliations.py) is a `member-of` or `pledged-to`
  relationship with `start_time` and, once ended, `stop_time`;
- a document is a `report` of the claims drawn from it, created by its publisher;
- an event is an `x-allegiance-event`, a new object type declared by the bundle's
  `extension-definition` (STIX has no event object), with an `opinion` that states
  its corroboration.

Ids are UUIDv5 of our ids, and every object's `created`/`modified` is the ingestion time
of the newest selected document, so the same knowledge base exports the same bundle.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any, TextIO

import stix2  # type: ignore[import-untyped]
from stix2.properties import (  # type: ignore[import-untyped]
    ListProperty,
    ReferenceProperty,
    StringProperty,
    TimestampProperty,
)

from allegiance.export.filters import ExportResult, Selection, Tick, no_tick
from allegiance.model import Corroboration, Entity, EntityKind, Event, FuzzyDate
from allegiance.query.affiliations import ALLEGIANCE_TYPES, Affiliation, timelines
from allegiance.query.claims import CurrentClaim

NAMESPACE = uuid.UUID("6b1f6c55-2c4e-5a8e-9a57-6c6c6567616e")
EXTENSION_ID = f"extension-definition--{uuid.uuid5(NAMESPACE, 'x-allegiance-event.v1')}"
SYSTEM_ID = f"identity--{uuid.uuid5(NAMESPACE, 'allegiance')}"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
RELATIONSHIP_TYPES = {
    "allegiance.pledge": "pledged-allegiance-to", "allegiance.defection": "defected-from",
    "allegiance.membership": "member-of", "group.alliance": "allied-with",
    "group.merger": "merged-with", "group.split": "split-from", "group.rivalry": "rival-of",
    "group.agreement": "agreed-with", "territory.capture": "captured",
    "territory.withdrawal": "withdrew-from", "territory.control": "controls",
    "territory.presence": "present-in", "territory.siege": "besieged",
    "territory.designation": "designated", "violence.clash": "clashed-with",
    "violence.attack": "attacked", "violence.execution": "executed",
    "violence.killing": "killed", "violence.abduction": "abducted", "statement": "stated",
    "statement.denial": "denied", "statement.threat": "threatened",
    "statement.demand": "demanded-of", "statement.condemnation": "condemned",
    "account.operator": "operates", "account.link": "same-operator-as",
}  # fmt: skip
OPINIONS = {
    Corroboration.CORROBORATED: "agree",
    Corroboration.SINGLE_SOURCE: "neutral",
    Corroboration.CONTESTED: "disagree",
    Corroboration.DENIED: "strongly-disagree",
}


@cache
def event_class() -> Any:
    """The `x-allegiance-event` object type, registered with stix2 on first use."""

    class AllegianceEvent:
        """A real-world happening that one or more claims describe (DESIGN.md §3)."""

    refs = ReferenceProperty(valid_types=["relationship", "note"], spec_version="2.1")
    properties = [
        ("name", StringProperty(required=True)),
        ("event_type", StringProperty(required=True)),
        ("start_time", TimestampProperty()),
        ("stop_time", TimestampProperty()),
        ("date_precision", StringProperty()),
        ("location_ref", ReferenceProperty(valid_types=["location"], spec_version="2.1")),
        ("claim_refs", ListProperty(refs)),
        ("corroboration", StringProperty()),
    ]
    return stix2.v21.CustomObject("x-allegiance-event", properties, extension_name=EXTENSION_ID)(
        AllegianceEvent
    )


def stix_id(kind: str, our_id: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, our_id)}"


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def interval(when: FuzzyDate) -> tuple[datetime, datetime]:
    """A fuzzy date as STIX times: its first moment and the first moment after it."""
    return day_start(when.start), day_start(when.end + timedelta(days=1))


class StixBuilder:
    """Collects the STIX objects of a selection, each made once."""

    def __init__(self, selection: Selection) -> None:
        self.selection = selection
        self.result = ExportResult()
        self.objects: dict[str, Any] = {}
        self.claim_refs: dict[str, str] = {}
        documents = [selection.kb.get_document(d) for d in selection.document_ids()]
        self.documents = {record.id: record for record in documents}
        self.created = max((r.ingested_at for r in documents), default=EPOCH)
        self.common: dict[str, Any] = {
            "created": self.created, "modified": self.created, "created_by_ref": SYSTEM_ID,
        }  # fmt: skip

    def build(self, *, tick: Tick = no_tick) -> stix2.v21.Bundle:
        self._add(
            stix2.v21.Identity(
                id=SYSTEM_ID,
                name="allegiance",
                identity_class="system",
                created=self.created,
                modified=self.created,
            )
        )
        self._add(self._extension())
        for current in self.selection.claims:
            self._claim(current)
            tick()
        self._affiliations()
        self._reports()
        for event, claims in self.selection.events():
            self._event(event, claims)
        objects = sorted(self.objects.values(), key=lambda o: (o.type, o.id))
        self.result.written = len(objects)
        bundle_id = stix_id("bundle", self._bundle_key())
        # The events are of the type the extension definition declares: custom to stix2.
        return stix2.v21.Bundle(objects=objects, id=bundle_id, allow_custom=True)

    def entity_ref(self, entity_id: str) -> str | None:
        """The STIX id of an entity, its object added on first use; None if STIX cannot hold it."""
        entity = self.selection.entity(entity_id)
        kind = _stix_type(entity)
        ref = stix_id(kind, entity.id)
        if ref not in self.objects:
            made = self._entity(entity, ref)
            if made is None:
                return None
            self._add(made)
        return ref

    def _add(self, obj: Any) -> None:
        self.objects[obj.id] = obj

    def _entity(self, entity: Entity, ref: str) -> Any | None:
        aliases = sorted({alias.name for alias in entity.aliases} - {entity.name})
        note = entity.attributes.get("note")
        details: dict[str, Any] = {"description": note} if isinstance(note, str) else {}
        if entity.kind is EntityKind.GROUP:
            return stix2.v21.ThreatActor(
                id=ref, name=entity.name, aliases=aliases or None, **details, **self.common
            )
        if entity.kind in (EntityKind.PERSON, EntityKind.ORGANIZATION):
            kind = "individual" if entity.kind is EntityKind.PERSON else "organization"
            return stix2.v21.Identity(
                id=ref, name=entity.name, identity_class=kind, **details, **self.common
            )
        if entity.kind is EntityKind.ACCOUNT:
            attributes = entity.attributes
            return stix2.v21.UserAccount(
                id=ref,
                display_name=entity.name,
                account_login=_text(attributes.get("handle")) or entity.name,
                account_type=_text(attributes.get("platform")),
            )
        return self._location(entity, ref)

    def _location(self, entity: Entity, ref: str) -> Any | None:
        lat, lon = entity.attributes.get("lat"), entity.attributes.get("lon")
        country = _text(entity.attributes.get("country"))
        place: dict[str, Any] = {"country": country} if country else {}
        if isinstance(lat, int | float) and isinstance(lon, int | float):
            place |= {"latitude": float(lat), "longitude": float(lon)}
        if not place:
            self.result.skipped.append((entity.id, "a place with neither coordinates nor country"))
            return None
        return stix2.v21.Location(id=ref, name=entity.name, **place, **self.common)

    def _claim(self, current: CurrentClaim) -> None:
        subject = self.entity_ref(current.subject_id)
        if subject is None:
            self.result.skipped.append((current.id, "its subject has no STIX form"))
            return
        other = current.object_id or (
            current.place_id if current.type.startswith("territory.") else None
        )
        target = self.entity_ref(other) if other else None
        evidence = self._evidence(current)
        if target is not None:
            made: Any = stix2.v21.Relationship(
                id=stix_id("relationship", current.id),
                source_ref=subject,
                target_ref=target,
                relationship_type=_relationship_type(current.type),
                **evidence,
                **_times(current.date),
                **self.common,
            )
        else:
            literal = current.object_literal
            abstract = current.type + (f": {literal}" if literal else "")
            made = stix2.v21.Note(
                id=stix_id("note", current.id),
                abstract=abstract,
                content=evidence["description"],
                object_refs=[subject],
                **_without(evidence, "description"),
                **self.common,
            )
        self._add(made)
        self.claim_refs[current.id] = made.id

    def _evidence(self, current: CurrentClaim) -> dict[str, Any]:
        claim = current.claim
        grade = str(claim.grade) if claim.grade else "ungraded"
        record = self.documents[claim.document_id]
        return {
            "description": f'{claim.hedge.value} ({grade}): "{claim.quote.text}"',
            "confidence": round(claim.confidence * 100),
            "labels": [f"hedge:{claim.hedge.value}", f"grade:{grade}", f"review:{current.review}"],
            "external_references": [
                {"source_name": "allegiance", "external_id": claim.id,
                 "description": f"claim {claim.type} quoted from {record.id} at "
                                f"{claim.quote.start}..{claim.quote.end}"},
            ],
        }  # fmt: skip

    def _affiliations(self) -> None:
        subjects = {c.subject_id for c in self.selection.claims if c.type in ALLEGIANCE_TYPES}
        found = timelines(self.selection.reader, sorted(subjects))
        for line in found.values():
            for affiliation in line.affiliations:
                self._affiliation(affiliation)

    def _affiliation(self, affiliation: Affiliation) -> None:
        cited = [e.claim_id for e in affiliation.evidence if e.claim_id in self.selection.by_id]
        source = self.entity_ref(affiliation.entity_id)
        target = self.entity_ref(affiliation.group_id)
        if not cited or source is None or target is None:
            return
        key = "|".join((affiliation.entity_id, affiliation.group_id, *cited))
        kind = "member-of" if affiliation.kind.value == "membership" else "pledged-to"
        self._add(
            stix2.v21.Relationship(
                id=stix_id("relationship", key),
                source_ref=source,
                target_ref=target,
                relationship_type=kind,
                description=f"{affiliation.hedge.value} affiliation"
                + (f" as {affiliation.role}" if affiliation.role else "")
                + "; claims: "
                + ", ".join(cited),
                labels=[f"hedge:{affiliation.hedge.value}"],
                **_affiliation_times(affiliation),
                **self.common,
            )
        )

    def _reports(self) -> None:
        by_document: dict[str, list[str]] = defaultdict(list)
        for current in self.selection.claims:
            if current.id in self.claim_refs:
                by_document[current.document_id].append(self.claim_refs[current.id])
        for document_id, refs in by_document.items():
            record = self.documents[document_id]
            document = record.document
            publisher = None
            if document.publisher:
                publisher = stix_id("identity", f"publisher:{document.publisher}")
                self._add(
                    stix2.v21.Identity(
                        id=publisher,
                        name=document.publisher,
                        identity_class="organization",
                        created=self.created,
                        modified=self.created,
                    )
                )
            reference = {
                "source_name": document.publisher or "allegiance",
                "external_id": record.id,
            }
            if document.url:
                reference["url"] = document.url
            self._add(
                stix2.v21.Report(
                    id=stix_id("report", record.id),
                    name=document.title or record.id,
                    published=document.published or record.ingested_at,
                    object_refs=sorted(refs),
                    external_references=[reference],
                    created=self.created,
                    modified=self.created,
                    created_by_ref=publisher or SYSTEM_ID,
                )
            )

    def _event(self, event: Event, claims: list[CurrentClaim]) -> None:
        refs = sorted(self.claim_refs[c.id] for c in claims if c.id in self.claim_refs)
        if not refs:
            self.result.skipped.append((event.id, "none of its claims has a STIX form"))
            return
        place = self.entity_ref(event.place_id) if event.place_id else None
        details: dict[str, Any] = {"location_ref": place} if place else {}
        if event.date is not None:
            start, stop = interval(event.date)
            details |= {
                "start_time": start,
                "stop_time": stop,
                "date_precision": event.date.precision,
            }
        made = event_class()(
            id=stix_id("x-allegiance-event", event.id),
            name=f"{event.type} ({event.id})",
            event_type=event.type,
            claim_refs=refs,
            corroboration=event.status.value,
            external_references=[{"source_name": "allegiance", "external_id": event.id}],
            **details,
            **self.common,
        )
        self._add(made)
        documents = len({c.document_id for c in claims})
        self._add(
            stix2.v21.Opinion(
                id=stix_id("opinion", event.id),
                opinion=OPINIONS[event.status],
                object_refs=[made.id],
                explanation=f"{event.status.value}: {len(claims)} claim(s) "
                f"from {documents} document(s)",
                authors=["allegiance"],
                allow_custom=True,  # its object is an event, of the type declared above
                **self.common,
            )
        )

    def _extension(self) -> stix2.v21.ExtensionDefinition:
        return stix2.v21.ExtensionDefinition(
            id=EXTENSION_ID,
            name="x-allegiance-event",
            version="1.0",
            extension_types=["new-sdo"],
            description="An event: a real-world happening that one or more claims describe.",
            schema="x-allegiance-event: name, event_type (an allegiance claim type), "
            "start_time and stop_time (the date interval), date_precision (day, week, month, "
            "year), location_ref, claim_refs (the relationships and notes of its claims), "
            "corroboration (single-source, corroborated, contested, denied). See docs/exports.md.",
            **self.common,
        )

    def _bundle_key(self) -> str:
        return "bundle|" + repr(self.selection.filter) + "|" + self.created.isoformat()


def _stix_type(entity: Entity) -> str:
    return {
        EntityKind.GROUP: "threat-actor", EntityKind.PERSON: "identity",
        EntityKind.ORGANIZATION: "identity", EntityKind.ACCOUNT: "user-account",
    }.get(entity.kind, "location")  # fmt: skip


def _relationship_type(claim_type: str) -> str:
    if claim_type in RELATIONSHIP_TYPES:
        return RELATIONSHIP_TYPES[claim_type]
    return RELATIONSHIP_TYPES.get(claim_type.split(".")[0], "related-to")


def _times(when: FuzzyDate | None) -> dict[str, datetime]:
    if when is None:
        return {}
    start, stop = interval(when)
    return {"start_time": start, "stop_time": stop}


def _affiliation_times(affiliation: Affiliation) -> dict[str, datetime]:
    """When the tie held: from its start until the first claim that ended it (if later)."""
    times: dict[str, datetime] = {}
    if affiliation.start is not None:
        times["start_time"] = day_start(affiliation.start.start)
    if affiliation.end is not None:
        stop = day_start(affiliation.end.start)
        if "start_time" not in times or stop > times["start_time"]:
            times["stop_time"] = stop
    return times


def _without(values: dict[str, Any], key: str) -> dict[str, Any]:
    return {name: value for name, value in values.items() if name != key}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def build_bundle(
    selection: Selection, *, tick: Tick = no_tick
) -> tuple[stix2.v21.Bundle, ExportResult]:
    builder = StixBuilder(selection)
    return builder.build(tick=tick), builder.result


def write_stix(selection: Selection, out: TextIO, *, tick: Tick = no_tick) -> ExportResult:
    """Write the selection as one STIX 2.1 bundle (JSON)."""
    bundle, result = build_bundle(selection, tick=tick)
    # stix2's own pretty printer sorts properties in quadratic time; indent with json instead.
    out.write(json.dumps(json.loads(bundle.serialize()), indent=2, ensure_ascii=False) + "\n")
    return result
