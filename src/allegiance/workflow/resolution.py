"""Mentions → entities: gazetteer keys first, then the places index, then known aliases.

The resolver keeps in memory the aliases of every entity in the knowledge base (loaded
once per batch) and adds what each document mints. When a document's transaction rolls
back, `invalidate()` makes the next document reload, so nothing unstored is ever linked.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from allegiance.model import Alias, Claim, Document, Entity, EntityKind, Mention, Quote
from allegiance.model.ids import content_id, mint_id
from allegiance.nlp.analysis import TextAnalysis
from allegiance.nlp.mentions import KeyedMention
from allegiance.query.entities import entity_groups
from allegiance.resolve.actors import Actor, ActorGazetteer
from allegiance.resolve.matching import AliasIndex
from allegiance.resolve.names import name_tokens, nationality_hints, parse_arabic_name
from allegiance.resolve.place_phrases import parse_place_phrase
from allegiance.resolve.place_records import PlaceRecord
from allegiance.resolve.places import PlaceIndex
from allegiance.store import KnowledgeBase
from allegiance.workflow.gazetteer import actor_entity_id, ensure_place

NISBA_EXTRACTOR = "allegiance.nisba.v1"
UNLINKED = frozenset({"HASHTAG", "URL", "DATE", "NORP"})
KIND_OF_LABEL = {"PERSON": EntityKind.PERSON, "GROUP": EntityKind.GROUP}
ACTOR_KINDS = (EntityKind.PERSON, EntityKind.GROUP, EntityKind.ORGANIZATION)
PLACE_INSTEAD = 0.8
"""A name the model calls a person or organization is taken as a place when no actor has
it and the places index knows it by that exact name at least this well."""
_ACTOR_NOUN = re.compile(
    r"\b(fighters|militants|troops|forces|army|rebels|gunmen|tribesmen|police|officials"
    r"|soldiers|jihadists|insurgents|militias?|brigades?|battalions?|factions?|groups?"
    r"|supporters|activists|residents|sources|monitors?|commanders?|emirs?|spokesm[ae]n)\b",
    re.IGNORECASE,
)
"""Heads of noun phrases that name an actor even when no entity mention covers them."""
_FILLERS = frozenset({"abu", "umm", "ibn", "bin", "the"})
_ARMED = re.compile(
    r"\b(army|brigades?|battalions?|front|forces?|militias?|liwa|jaysh|jaish|katiba|kataib"
    r"|saraya|harakat|jabhat|faylaq|failaq|fighters|mujahideen|guards?|units?|division)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Resolution:
    """A document's mentions with their entities, and the claims inferred from names."""

    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    minted: int = 0


@dataclass(slots=True)
class DocumentContext:
    """What resolving one document has learnt so far (its country, places, names)."""

    document: Document
    document_id: str
    published: date | None
    country: str | None
    places: list[PlaceRecord] = field(default_factory=list)
    result: Resolution = field(default_factory=Resolution)
    nationalities: set[str] = field(default_factory=set)
    names: list[tuple[EntityKind, tuple[str, ...], str]] = field(default_factory=list)


class Resolver:
    """Resolves a document's mentions against the gazetteers and the knowledge base."""

    def __init__(self, *, actors: ActorGazetteer, places: PlaceIndex) -> None:
        self.actors = actors
        self.places = places
        self._loaded = False
        self._names = AliasIndex()
        self._known: set[tuple[str, str]] = set()
        self._handles: dict[str, str] = {}
        self._canonical: dict[str, str] = {}

    def invalidate(self) -> None:
        self._loaded = False

    def _load(self, kb: KnowledgeBase) -> None:
        self._names, self._known, self._handles = AliasIndex(), set(), {}
        groups = entity_groups(kb)
        self._canonical = {}
        for entity in kb.iter_entities():
            self._canonical[entity.id] = groups.find(entity.id)
            self._remember(entity)
        self._loaded = True

    def _remember(self, entity: Entity) -> None:
        if entity.kind is EntityKind.ACCOUNT:
            handle = str(entity.attributes.get("handle", entity.name)).lstrip("@").casefold()
            self._handles[handle] = entity.id
        for name in (entity.name, *(alias.name for alias in entity.aliases)):
            if (entity.id, name) not in self._known:
                self._known.add((entity.id, name))
                self._names.add(entity.id, name, kind=entity.kind.value)

    def resolve(
        self, kb: KnowledgeBase, document: Document, analysis: TextAnalysis
    ) -> DocumentContext:
        """Resolve every mention; the context returned carries the result (`.result`) and
        what later argument spans of the same document are resolved against."""
        if not self._loaded:
            self._load(kb)
        published = document.published.date() if document.published else None
        context = DocumentContext(
            document, analysis.document_id, published, self._country(analysis)
        )
        for keyed in analysis.mentions:
            entity_id = self._resolve_one(kb, keyed, context)
            context.result.mentions.append(replace(keyed.mention, entity_id=entity_id))
        return context

    def resolve_span(
        self, kb: KnowledgeBase, context: DocumentContext, text: str, *, label: str | None
    ) -> str | None:
        """An argument that no mention covers ("Iraqi troops"): resolved like a mention."""
        if label in {"PLACE", "FACILITY"}:
            return self.resolve_place(kb, context, text)[0]
        if label == "HANDLE":
            return self._account(kb, text, context)
        if label is None and not _ACTOR_NOUN.search(text):
            return None  # "the advance", "his men": not an actor we can name
        kind = KIND_OF_LABEL.get(label or "") or (
            EntityKind.GROUP if label is None or _ARMED.search(text) else EntityKind.ORGANIZATION
        )
        return self._name(kb, text, kind=kind, context=context)

    def resolve_place(
        self, kb: KnowledgeBase, context: DocumentContext, phrase: str
    ) -> tuple[str, int | None]:
        """A place phrase ("the outskirts of Tal Abyad") → its entity and precision code."""
        named = parse_place_phrase(phrase)
        for text in dict.fromkeys((phrase, named.name, _last_name(named.name))):
            best = self.places.resolve_best(
                text, context_country=context.country, co_mentioned=context.places
            )
            if best is not None:
                precision = max(best.precision, named.precision)
                return self._place_entity(kb, best.record, named.name, context), precision
        entity_id = self._lookup(kb, named.name, EntityKind.PLACE, context) or self._mint(
            kb, named.name, EntityKind.PLACE, context
        )
        return entity_id, named.precision

    def _country(self, analysis: TextAnalysis) -> str | None:
        """The country most gazetteer place hits of the document lie in."""
        countries = Counter(
            record.country
            for keyed in analysis.mentions
            for key in keyed.keys
            if (record := self.places.get(key)) is not None and record.country
        )
        return countries.most_common(1)[0][0] if countries else None

    def _resolve_one(
        self, kb: KnowledgeBase, keyed: KeyedMention, context: DocumentContext
    ) -> str | None:
        label, text = keyed.mention.label, keyed.mention.text
        if label in UNLINKED:
            return None
        if label == "HANDLE":
            return self._account(kb, text, context)
        actor_keys = [key.removeprefix("actor:") for key in keyed.keys if key.startswith("actor:")]
        if actor_keys:
            return self._canonical_of(actor_entity_id(self._pick_actor(actor_keys, context)))
        if label in {"PLACE", "FACILITY"} or keyed.keys:
            return self._place(kb, keyed, context)
        kind = KIND_OF_LABEL.get(label) or (
            EntityKind.GROUP if _ARMED.search(text) else EntityKind.ORGANIZATION
        )
        entity_id = self._name(kb, text, kind=kind, context=context)
        if kind is EntityKind.PERSON:
            self._nationality(keyed.mention, entity_id, context)
        return entity_id

    def _name(
        self, kb: KnowledgeBase, text: str, *, kind: EntityKind, context: DocumentContext
    ) -> str:
        """A person, group or organization: a short form of an earlier name in the document,
        a known alias, a gazetteer place (the model often calls Syrian towns persons), or new."""
        tokens = _bare_tokens(text)
        entity_id = (
            _short_form(tokens, kind, context)
            or self._lookup(kb, text, kind, context)
            or self._lookup(kb, text, None, context)
        )
        if entity_id is None:
            place = self.places.resolve_best(
                text, context_country=context.country, co_mentioned=context.places
            )
            if (
                place is not None
                and place.score >= PLACE_INSTEAD
                and place.evidence[0].startswith("exact")
            ):
                return self._place_entity(kb, place.record, text, context)
            entity_id = self._mint(kb, text, kind, context)
        if tokens:
            context.names.append((kind, tokens, entity_id))
        return entity_id

    def _canonical_of(self, entity_id: str) -> str:
        return self._canonical.get(entity_id, entity_id)

    def _pick_actor(self, keys: list[str], context: DocumentContext) -> str:
        """Of several actors sharing a name, the one active on the document's date."""
        if len(keys) == 1 or context.published is None:
            return keys[0]
        by_key = self.actors.by_key
        active = [key for key in keys if key in by_key and _active(by_key[key], context.published)]
        return (active or keys)[0]

    def _place(self, kb: KnowledgeBase, keyed: KeyedMention, context: DocumentContext) -> str:
        text = keyed.mention.text
        candidates = self.places.resolve(
            text, context_country=context.country, co_mentioned=context.places, limit=10
        )
        keyed_hits = [c for c in candidates if c.record.key in keyed.keys]
        best = keyed_hits[0] if keyed_hits else self.places.resolve_best(
            text, context_country=context.country, co_mentioned=context.places
        )  # fmt: skip
        if best is None:
            # Not a gazetteer place: an actor named like one, else a named place without
            # coordinates (never a country centroid).
            return self._lookup(kb, text, None, context) or self._mint(
                kb, text, EntityKind.PLACE, context
            )
        return self._place_entity(kb, best.record, text, context)

    def _place_entity(
        self, kb: KnowledgeBase, record: PlaceRecord, text: str, context: DocumentContext
    ) -> str:
        context.places.append(record)
        entity_id = ensure_place(kb, record)
        if (entity_id, record.name) not in self._known:
            self._remember(kb.get_entity(entity_id))
        self._note_alias(kb, entity_id, text, context)
        return self._canonical_of(entity_id)

    def _lookup(
        self, kb: KnowledgeBase, text: str, kind: EntityKind | None, context: DocumentContext
    ) -> str | None:
        """A known entity with this name (of `kind`, or of any named kind), best match."""
        if kind is None:
            kinds = [*ACTOR_KINDS, EntityKind.PLACE]
        else:
            kinds = [kind] if kind is not EntityKind.ORGANIZATION else [kind, EntityKind.GROUP]
        found = [c for k in kinds for c in self._names.lookup(text, kind=k.value, limit=1)]
        if not found:
            return None
        best = max(found, key=lambda candidate: candidate.score)
        entity_id = self._canonical_of(best.entity_id)
        self._note_alias(kb, entity_id, text, context)
        return entity_id

    def _mint(
        self, kb: KnowledgeBase, text: str, kind: EntityKind, context: DocumentContext
    ) -> str:
        entity = Entity(mint_id("ent"), kind, text)
        kb.add_entity(entity)
        self._remember(entity)
        context.result.minted += 1
        return entity.id

    def _note_alias(
        self, kb: KnowledgeBase, entity_id: str, text: str, context: DocumentContext
    ) -> None:
        """A spelling not yet known for the entity becomes an alias, with where it was seen."""
        if (entity_id, text) in self._known:
            return
        alias = Alias.of(text, language=context.document.language, kind="seen")
        kb.add_alias(entity_id, replace(alias, seen_in=context.document_id))
        self._known.add((entity_id, text))
        self._names.add(entity_id, text, kind=kb.get_entity(entity_id).kind.value)

    def _account(self, kb: KnowledgeBase, text: str, context: DocumentContext) -> str:
        handle = text.lstrip("@")
        known = self._handles.get(handle.casefold())
        if known:
            return self._canonical_of(known)
        platform = context.document.platform if context.document.platform == "telegram" else "x"
        entity = Entity(
            content_id("ent", "account", platform, handle.casefold()),
            EntityKind.ACCOUNT,
            f"@{handle}",
            attributes={"platform": platform, "handle": handle},
            external_ids={"account": f"{platform}:{handle.casefold()}"},
        )
        kb.add_entity(entity)
        self._remember(entity)
        context.result.minted += 1
        return entity.id

    def _nationality(self, mention: Mention, entity_id: str, context: DocumentContext) -> None:
        """An `attribute.nationality` claim, hedged uncertain, from a nisba in the name."""
        if entity_id in context.nationalities:
            return
        for hint in nationality_hints(parse_arabic_name(mention.text)):
            quote = Quote(mention.text, mention.start, mention.end)
            claim = hint.to_claim(
                entity_id, document_id=context.document_id, extractor=NISBA_EXTRACTOR, quote=quote
            )
            context.result.claims.append(claim)
            context.nationalities.add(entity_id)


def _active(actor: Actor, day: date) -> bool:
    interval = actor.active
    if interval is None:
        return False
    starts = interval.start.start if interval.start else date.min
    ends = interval.end.end if interval.end else date.max
    return starts <= day <= ends


def _bare_tokens(text: str) -> tuple[str, ...]:
    """Name tokens without their article ("al-Maliki" → "maliki"), for short-form matching."""
    return tuple(
        token.removeprefix("al") if len(token) > 4 and token.startswith("al") else token
        for token in name_tokens(text)
    )


def _short_form(tokens: tuple[str, ...], kind: EntityKind, context: DocumentContext) -> str | None:
    """An earlier name in the same document that this one shortens ("Maliki" after
    "Nouri al-Maliki"); a kunya particle alone ("Abu") is not a short form."""
    if not tokens or set(tokens) <= _FILLERS:
        return None
    size = len(tokens)
    for earlier_kind, earlier, entity_id in reversed(context.names):
        if earlier_kind is not kind or len(earlier) <= size:
            continue
        if any(earlier[i : i + size] == tokens for i in range(len(earlier) - size + 1)):
            return entity_id
    return None


def _last_name(text: str) -> str:
    """The last run of capitalised words ("control of Mosul" → "Mosul")."""
    words = text.split()
    run: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper() and not (run and word.casefold() in {"al", "el", "ad", "as"}):
            break
        run.insert(0, word)
    return " ".join(run) or text
