"""Corroboration: where each claim of an event comes from, and what its independent origins
add up to (single-source, corroborated, contested, denied, and the credibility digit).

A claim's origin is the party it is attributed to when there is one (SOHR cited by two
outlets is one origin), else the source of its document (one outlet's reports, and the
versions of one report, are one origin); a retweet has the origin of the post it repeats,
a forwarded message that of the party it was forwarded from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Literal

from allegiance.model import Corroboration, Hedge
from allegiance.query.claims import ClaimReader, CurrentClaim
from allegiance.resolve.actors import load_actors

ATTACHED_TYPES = frozenset({"statement.denial"})
"""Types that join an event they are compatible with but never make one on their own."""

SUPPORTING_HEDGES = frozenset({Hedge.ASSERTED, Hedge.REPORTED})
"""A claim with one of these hedges states that the event happened."""

DENYING_HEDGES = frozenset({Hedge.DENIED, Hedge.NEGATED})
"""A claim with one of these hedges states that it did not."""

SAME_SIDE_RELATIONS = frozenset(
    {"renamed_from", "part_of", "merged_from", "merged_into", "allied_with"}
)
"""Gazetteer lineage relations under which two capturers of one place are not rivals."""

TERRITORY_CAPTURE = "territory.capture"

RivalTest = Callable[[str, str], bool]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a claim comes from: `key` identifies it (an entity, source or post id)."""

    key: str
    label: str
    kind: Literal["attributed", "source", "forwarded", "unknown"]


@dataclass(frozen=True, slots=True)
class SourcedClaim:
    """A current claim with its origin."""

    claim: CurrentClaim
    origin: Origin

    @property
    def supports(self) -> bool:
        """It states, firmly, that the event happened."""
        return self.claim.type not in ATTACHED_TYPES and self.claim.hedge in SUPPORTING_HEDGES

    @property
    def denies(self) -> bool:
        """It states that the event did not happen, or reports a denial of it."""
        if self.claim.type in ATTACHED_TYPES:
            return self.claim.hedge in SUPPORTING_HEDGES
        return self.claim.hedge in DENYING_HEDGES

    @property
    def reliability(self) -> str | None:
        return self.claim.grade.reliability if self.claim.grade else None


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What origins and dates need of a document."""

    published: date | None
    origin: Origin
    reposts: str | None  # the platform id of the post this one repeats, if any
    platform: str
    external_id: str | None


class Provenance:
    """Documents, entity names and gazetteer keys, each read once, for finding origins and
    comparing actors as organisations."""

    def __init__(self, reader: ClaimReader) -> None:
        self.reader = reader
        self._documents: dict[str, DocumentFacts] = {}
        self._names: dict[str, str] = {}
        self._gazetteer_keys: dict[str, str | None] = {}

    def name(self, entity_id: str) -> str:
        if entity_id not in self._names:
            self._names[entity_id] = self.reader.kb.get_entity(entity_id).name
        return self._names[entity_id]

    def document(self, document_id: str) -> DocumentFacts:
        if document_id not in self._documents:
            self._documents[document_id] = self._read_document(document_id)
        return self._documents[document_id]

    def _read_document(self, document_id: str) -> DocumentFacts:
        document = self.reader.kb.get_document(document_id).document
        source = document.source
        if source is not None:
            origin = Origin(source.id, source.name, "source")
        else:  # no source: the versions of a report at one URL are still one origin
            key = f"url:{document.url}" if document.url else f"document:{document_id}"
            origin = Origin(key, document.title or document.url or document.origin, "unknown")
        forwarded = document.metadata.get("forwarded_from")
        if isinstance(forwarded, str) and forwarded.strip():
            origin = self._forwarded_origin(forwarded.strip())
        return DocumentFacts(
            published=document.published.date() if document.published else None,
            origin=origin,
            reposts=_reposted_id(document.metadata),
            platform=document.platform,
            external_id=document.external_id,
        )

    def _forwarded_origin(self, name: str) -> Origin:
        """The entity a forwarded message came from when its name is one entity's
        (so it is one origin with claims attributed to that party), else the name."""
        found = {self.reader.canonical(e.id) for e in self.reader.kb.find_entities(name)}
        if len(found) == 1:
            party = found.pop()
            return Origin(party, self.name(party), "attributed")
        return Origin(f"forwarded:{' '.join(name.casefold().split())}", name, "forwarded")

    def origin(self, claim: CurrentClaim) -> Origin:
        """The attributed party, else the source of the document (or of what it reposts,
        when that post's document has been read)."""
        if claim.attributed_to_id is not None:
            party = claim.attributed_to_id
            return Origin(party, self.name(party), "attributed")
        document = self.document(claim.document_id)
        if document.reposts is None:
            return document.origin
        for other in self._documents.values():
            if other.platform == document.platform and other.external_id == document.reposts:
                return other.origin
        return Origin(f"{document.platform}:{document.reposts}", document.reposts, "forwarded")

    def organisation(self, entity_id: str) -> str:
        """The actor as an organisation: a gazetteer actor's first name in its chain of
        renamings (`org:<key>`), else the entity id."""
        key = self._gazetteer_key(entity_id)
        if key is None:
            return entity_id
        renamed = gazetteer_lineage()[0]
        while key in renamed:
            key = renamed[key]
        return f"org:{key}"

    def are_rivals(self, first: str, second: str) -> bool:
        """Two gazetteer actors that are not one organisation, nor allied or part of one."""
        keys = (self._gazetteer_key(first), self._gazetteer_key(second))
        if keys[0] is None or keys[1] is None:
            return False
        if self.organisation(first) == self.organisation(second):
            return False
        return frozenset(keys) not in gazetteer_lineage()[1]

    def _gazetteer_key(self, entity_id: str) -> str | None:
        if entity_id not in self._gazetteer_keys:
            entity = self.reader.kb.get_entity(entity_id)
            self._gazetteer_keys[entity_id] = entity.external_ids.get("allegiance")
        return self._gazetteer_keys[entity_id]


@cache
def gazetteer_lineage() -> tuple[Mapping[str, str], frozenset[frozenset[str]]]:
    """What each actor of the bundled gazetteer was renamed from, and the pairs of actors on
    one side (read once per process: parsing the gazetteer takes a second or two)."""
    actors = load_actors().actors
    renamed = {
        actor.key: link.actor
        for actor in actors
        for link in actor.lineage
        if link.relation == "renamed_from"
    }
    same_side = frozenset(
        frozenset((actor.key, link.actor))
        for actor in actors
        for link in actor.lineage
        if link.relation in SAME_SIDE_RELATIONS
    )
    return MappingProxyType(renamed), same_side


def _reposted_id(metadata: Mapping[str, object]) -> str | None:
    references = metadata.get("referenced_tweets")
    if not isinstance(references, list):
        return None
    for reference in references:
        if isinstance(reference, dict) and reference.get("type") == "retweeted":
            return str(reference.get("id"))
    return None


def event_status(
    members: Sequence[SourcedClaim], *, are_rivals: RivalTest | None = None
) -> Corroboration:
    """How the claims of one event agree.

    - denied: something denies or negates it and no claim firmly states it;
    - contested: it is both firmly stated and denied, or two rival actors are each firmly
      said to have captured the place (`are_rivals` tells rivals apart);
    - corroborated: two or more independent origins firmly state it;
    - single-source: otherwise.
    """
    support = [m for m in members if m.supports]
    against = [m for m in members if m.denies]
    if against and not support:
        return Corroboration.DENIED
    if against or (are_rivals is not None and _rival_capturers(support, are_rivals)):
        return Corroboration.CONTESTED
    if len({m.origin for m in support}) >= 2:
        return Corroboration.CORROBORATED
    return Corroboration.SINGLE_SOURCE


def _rival_capturers(support: Sequence[SourcedClaim], are_rivals: RivalTest) -> bool:
    capturers = sorted({m.claim.subject_id for m in support if m.claim.type == TERRITORY_CAPTURE})
    return any(
        are_rivals(first, second)
        for i, first in enumerate(capturers)
        for second in capturers[i + 1 :]
    )


def event_credibility(status: Corroboration, members: Sequence[SourcedClaim]) -> int:
    """The Admiralty credibility digit an event's status earns.

    corroborated → 2, or 1 when three or more independent origins state it and one of them
    is graded A or B; single-source → 3; contested → 4 when two or more independent
    origins state it, else 5; denied → 5.
    """
    origins = {m.origin for m in members if m.supports}
    if status is Corroboration.CORROBORATED:
        trusted = any(m.reliability in {"A", "B"} for m in members if m.supports)
        return 1 if len(origins) >= 3 and trusted else 2
    if status is Corroboration.CONTESTED:
        return 4 if len(origins) >= 2 else 5
    if status is Corroboration.DENIED:
        return 5
    return 3
