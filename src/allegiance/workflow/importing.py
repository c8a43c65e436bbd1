"""Imports of reference lists into the knowledge base: gazetteers and sanctions lists.

Each listed party becomes an entity (its list id kept as an external identifier) and a
document (the list entry as text), so the affiliation claims its "Linked To:" or reference
numbers yield are quoted from a document like every other claim. A party whose name is
exactly a gazetteer actor's is joined to it by a judgement of the resolver, never by
rewriting either entity. Importing the same list again adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import (
    AllegianceError,
    Argument,
    Claim,
    Document,
    EntityKind,
    Hedge,
    Judgement,
    JudgementKind,
    Quote,
    Source,
)
from allegiance.model.ids import content_id
from allegiance.resolve.actors import ActorGazetteer
from allegiance.resolve.designations import SanctionedParty
from allegiance.resolve.names import latin_key
from allegiance.resolve.place_records import PlaceRecord
from allegiance.store import KnowledgeBase
from allegiance.workflow.gazetteer import actor_entity_id, ensure_place, seed_actors
from allegiance.workflow.ingestion import Failure

IMPORTER = "allegiance.list_importer.v1"
RESOLVER = "allegiance.resolver.v1"
PUBLISHERS = {"un": "UN Security Council Consolidated List", "ofac": "OFAC SDN List"}


@dataclass(slots=True)
class ImportSummary:
    records: int = 0
    added: int = 0
    existing: int = 0
    claims: int = 0
    judgements: int = 0
    failed: list[Failure] = field(default_factory=list)


Tick = Callable[[], None]


def import_places(
    sessions: sessionmaker[Session], records: Iterable[PlaceRecord], *, tick: Tick | None = None
) -> ImportSummary:
    """Store gazetteer records as place and facility entities, 500 per transaction."""
    summary = ImportSummary()
    batch: list[PlaceRecord] = []
    for record in records:
        batch.append(record)
        if len(batch) == 500:
            _place_batch(sessions, batch, summary, tick)
            batch = []
    _place_batch(sessions, batch, summary, tick)
    return summary


def _place_batch(
    sessions: sessionmaker[Session],
    batch: list[PlaceRecord],
    summary: ImportSummary,
    tick: Tick | None,
) -> None:
    with sessions() as session, session.begin():
        kb = KnowledgeBase(session)
        for record in batch:
            summary.records += 1
            before = kb.entity_by_external_id("gazetteer", record.key)
            ensure_place(kb, record)
            summary.added += before is None
            summary.existing += before is not None
            if tick:
                tick()


def party_entity_id(party: SanctionedParty) -> str:
    return content_id("ent", party.list_name, party.list_id)


def party_document(party: SanctionedParty, *, origin: str) -> Document:
    """The list entry as a document: the evidence for the claims drawn from it."""
    lines = [f"{party.name} ({party.list_id}, {party.kind})"]
    if party.aliases:
        lines.append("Also known as: " + "; ".join(alias.name for alias in party.aliases))
    if party.nationality:
        lines.append("Nationality: " + "; ".join(party.nationality))
    if party.programs:
        lines.append("Programs: " + "; ".join(party.programs))
    if party.remarks:
        lines.append(party.remarks)
    published = None
    if party.listed_on and len(party.listed_on) == 10:
        published = datetime.fromisoformat(party.listed_on).replace(tzinfo=UTC)
    return Document(
        text="\n".join(lines),
        origin=f"{origin}#{party.list_id}",
        format=f"{party.list_name}-list",
        title=party.name,
        source=Source(PUBLISHERS[party.list_name], kind="publisher"),
        published=published,
        external_id=f"{party.list_name}:{party.list_id}",
    )


def import_parties(
    sessions: sessionmaker[Session],
    parties: Iterable[SanctionedParty],
    *,
    origin: str,
    actors: ActorGazetteer,
    tick: Tick | None = None,
) -> ImportSummary:
    """Store each party (entity + entry document) in its own transaction, then its links."""
    summary = ImportSummary()
    with sessions() as session, session.begin():
        seed_actors(KnowledgeBase(session), actors)
    stored: list[SanctionedParty] = []
    for party in parties:
        summary.records += 1
        if _store_party(sessions, party, origin=origin, summary=summary):
            stored.append(party)
        if tick:
            tick()
    names = _names_by_key(stored)
    for party in stored:
        _link_party(sessions, party, origin=origin, names=names, actors=actors, summary=summary)
    return summary


def _store_party(
    sessions: sessionmaker[Session], party: SanctionedParty, *, origin: str, summary: ImportSummary
) -> bool:
    try:
        with sessions() as session, session.begin():
            kb = KnowledgeBase(session)
            if kb.entity_by_external_id(party.list_name, party.list_id) is not None:
                summary.existing += 1
                return True
            document_id = kb.add_document(party_document(party, origin=origin)).document_id
            entity = party.to_entity(party_entity_id(party))
            aliases = tuple(replace(alias, seen_in=document_id) for alias in entity.aliases)
            kb.add_entity(replace(entity, aliases=aliases))
            summary.added += 1
            return True
    except (AllegianceError, SQLAlchemyError) as exc:
        summary.failed.append(Failure(f"{origin}#{party.list_id}", str(exc).splitlines()[0]))
        return False


def _names_by_key(parties: list[SanctionedParty]) -> dict[str, str]:
    names: dict[str, str] = {}
    for party in parties:
        for name in party.names:
            names.setdefault(latin_key(name), party_entity_id(party))
    return names


def _link_party(
    sessions: sessionmaker[Session],
    party: SanctionedParty,
    *,
    origin: str,
    names: dict[str, str],
    actors: ActorGazetteer,
    summary: ImportSummary,
) -> None:
    with sessions() as session, session.begin():
        kb = KnowledgeBase(session)
        document = party_document(party, origin=origin)
        for reference in party.linked_to:
            claim = _link_claim(kb, party, reference, document=document, names=names)
            if claim is not None and kb.add_claim(claim):
                summary.claims += 1
        judgement = _same_as_actor(kb, party, actors)
        if judgement is not None and kb.add_judgement(judgement):
            summary.judgements += 1


def _link_claim(
    kb: KnowledgeBase,
    party: SanctionedParty,
    reference: str,
    *,
    document: Document,
    names: dict[str, str],
) -> Claim | None:
    """A "Linked To:" (OFAC) or a reference number (UN) naming a group → an affiliation."""
    holder = kb.entity_by_external_id(party.list_name, reference)
    target_id = holder.id if holder else names.get(latin_key(reference))
    if target_id is None:
        return None
    target = kb.get_entity(target_id)
    if target.kind is EntityKind.PERSON:
        return None  # a tie between two persons is not an affiliation
    start = document.text.find(reference)
    if start < 0:
        return None
    subject_kind = EntityKind(party.kind)
    return Claim(
        type="allegiance.membership" if subject_kind is EntityKind.PERSON else "group.alliance",
        subject_id=party_entity_id(party),
        document_id=document.id,
        extractor=IMPORTER,
        quote=Quote(reference, start, start + len(reference)),
        object=Argument(entity_id=target.id),
        hedge=Hedge.ASSERTED,
        confidence=0.9,
        qualifiers={"list": party.list_name, "relation": "linked to"},
    )


def _same_as_actor(
    kb: KnowledgeBase, party: SanctionedParty, actors: ActorGazetteer
) -> Judgement | None:
    """Join a party to the gazetteer actor whose name it shares exactly (one actor only)."""
    # Acronyms ("IS", "AQI") name too many things to join entities on their own.
    keys = {key: name for name in party.names if len(key := latin_key(name)) >= 5}
    matches = {
        (actor.key, name)
        for actor in actors.actors
        if actor.kind == party.kind or {actor.kind, party.kind} <= {"group", "organization"}
        for name in actor.names
        if latin_key(name) in keys
    }
    if len({key for key, _ in matches}) != 1:
        return None
    key, name = next(iter(matches))
    subjects = (party_entity_id(party), actor_entity_id(key))
    earlier = kb.list_judgements(subject=subjects[0])
    if any(j.kind is JudgementKind.SAME_AS and j.subjects == subjects for j in earlier):
        return None
    return Judgement(
        JudgementKind.SAME_AS, subjects, "same", RESOLVER, datetime.now(UTC),
        f"exact name match: {name!r}",
    )  # fmt: skip
