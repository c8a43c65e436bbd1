"""The parts briefs are built from: footnoted sentences, the as-of reader, and the sections
every brief has (names, events, open questions).

A sentence is never built without a claim (`BriefWriter.sentence` refuses), so what no
claim supports cannot be stated. Hedges and attributions are kept in the text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from allegiance.model import Corroboration, Entity, Grade, Hedge, detect_script
from allegiance.query.brief_phrases import (
    SCRIPT_NAMES,
    date_text,
    event_name,
    hedge_note,
    join_names,
    quantity_text,
    verb,
)
from allegiance.query.claims import ClaimReader, CurrentClaim
from allegiance.query.events import EventCluster, cluster_claims, describe_events, effective_grades
from allegiance.store import KnowledgeBase

WEAK_HEDGES = frozenset({Hedge.CLAIMED, Hedge.ALLEGED, Hedge.UNCERTAIN})
DENIALS = frozenset({Hedge.DENIED, Hedge.NEGATED})
NAME_FOOTNOTES = 2
"""Claims cited per name: one quote that shows the name suffices; two show it recurs."""
NOT_NAMES = frozenset({"DATE", "URL", "HASHTAG"})
"""Mention labels that are not names of the entity they resolve to."""


@dataclass(frozen=True, slots=True)
class Footnote:
    """One claim behind a sentence, with what a reader needs to weigh it unopened.

    `grade` is the effective grade once the claim's event is weighed (`graded_by_event`),
    else the claim's own grade.
    """

    claim_id: str
    document_id: str
    title: str | None
    publisher: str | None
    url: str | None
    published: str | None
    grade: str | None
    graded_by_event: bool
    hedge: Hedge
    attributed_to: str | None
    quote: str


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    footnotes: tuple[Footnote, ...]


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    sentences: tuple[Sentence, ...]


class KnownReader(ClaimReader):
    """A reader that only returns what was known on `as_of`: claims dated no later than
    it, from documents published no later than it (undated ones are kept)."""

    sees_every_claim = False

    def __init__(self, kb: KnowledgeBase, as_of: date) -> None:
        super().__init__(kb)
        self.as_of = as_of
        self._published: dict[str, date | None] = {}

    def claims(
        self,
        *,
        types: Collection[str] | None = None,
        entity_ids: Collection[str] | None = None,
        place_ids: Collection[str] | None = None,
        since: date | None = None,
        until: date | None = None,
        include_rejected: bool = False,
    ) -> list[CurrentClaim]:
        found = super().claims(
            types=types,
            entity_ids=entity_ids,
            place_ids=place_ids,
            since=since,
            until=until,
            include_rejected=include_rejected,
        )
        return [claim for claim in found if self.is_known(claim)]

    def is_known(self, claim: CurrentClaim) -> bool:
        if claim.date is not None and claim.date.start > self.as_of:
            return False
        published = self._publication(claim.document_id)
        return published is None or published <= self.as_of

    def _publication(self, document_id: str) -> date | None:
        if document_id not in self._published:
            published = self.kb.get_document(document_id).document.published
            self._published[document_id] = published.date() if published else None
        return self._published[document_id]


@dataclass(slots=True)
class BriefWriter:
    """Turns claim ids into footnotes and entity ids into names, each read once; `as_of`
    is the day the brief is written for (None: from everything stored)."""

    reader: ClaimReader
    as_of: date | None = None
    grades: dict[str, Grade] = field(default_factory=dict)
    _claims: dict[str, CurrentClaim] = field(default_factory=dict)
    _entities: dict[str, Entity] = field(default_factory=dict)
    _footnotes: dict[str, Footnote] = field(default_factory=dict)

    @property
    def kb(self) -> KnowledgeBase:
        return self.reader.kb

    def remember(self, claims: Iterable[CurrentClaim]) -> None:
        for claim in claims:
            self._claims[claim.id] = claim

    def claim(self, claim_id: str) -> CurrentClaim:
        if claim_id not in self._claims:
            self._claims[claim_id] = self.reader.read(self.kb.get_claim(claim_id))
        return self._claims[claim_id]

    def entity(self, entity_id: str) -> Entity:
        if entity_id not in self._entities:
            self._entities[entity_id] = self.kb.get_entity(entity_id)
        return self._entities[entity_id]

    def name(self, entity_id: str) -> str:
        return self.entity(entity_id).name

    def sentence(self, text: str, claim_ids: Iterable[str]) -> Sentence:
        """A sentence and its footnotes; a sentence without a claim is a bug, not a fact."""
        ids = list(dict.fromkeys(claim_ids))
        if not ids:
            raise ValueError(f"no claim supports the sentence {text!r}")
        text = text[:1].upper() + text[1:]
        return Sentence(text, tuple(self.footnote(claim_id) for claim_id in ids))

    def footnote(self, claim_id: str) -> Footnote:
        if claim_id not in self._footnotes:
            self._footnotes[claim_id] = self._make_footnote(self.claim(claim_id))
        return self._footnotes[claim_id]

    def _make_footnote(self, current: CurrentClaim) -> Footnote:
        document = self.kb.get_document(current.document_id).document
        effective = self.grades.get(current.id)
        grade = effective or current.grade
        attributed = current.attributed_to_id
        return Footnote(
            claim_id=current.id,
            document_id=current.document_id,
            title=document.title,
            publisher=document.publisher,
            url=document.url,
            published=document.published.date().isoformat() if document.published else None,
            grade=str(grade) if grade else None,
            graded_by_event=effective is not None,
            hedge=current.hedge,
            attributed_to=self.name(attributed) if attributed else None,
            quote=current.claim.quote.text,
        )

    def according_to(self, claims: Iterable[CurrentClaim]) -> list[str]:
        """The parties the claims are attributed to (other than their own subject)."""
        return [
            self.name(c.attributed_to_id)
            for c in claims
            if c.attributed_to_id is not None and c.attributed_to_id != c.subject_id
        ]

    def claim_text(self, current: CurrentClaim) -> str:
        """Any claim as a sentence: subject, verb, object, place, date, hedge, attribution."""
        place = self.name(current.place_id) if current.place_id else None
        if current.object_id is not None:
            target: str | None = self.name(current.object_id)
        else:
            target = current.object_literal or (
                place if current.type.startswith("territory") else None
            )
        words = [self.name(current.subject_id), verb(current.type)]
        if current.type == "attribute.size" and current.claim.quantity is None:
            words = [self.name(current.subject_id), "commands a force of unstated size"]
        if target:
            words.append(target)
        quantity = current.claim.quantity
        if quantity is not None:
            words.append(quantity_text(quantity.value, quantity.unit))
        if place and place != target:
            words.append(f"at {place}")
        text = " ".join(words)
        if current.date is not None:
            text += f", {date_text(current.date)}"
        return text + hedge_note(current.hedge, according_to=self.according_to([current]))


def firmest(hedges: Iterable[Hedge]) -> Hedge:
    """The firmest of some hedges, in the order `Hedge` lists them (asserted first)."""
    present = set(hedges)
    return next(hedge for hedge in Hedge if hedge in present)


# Sections both kinds of brief have ----------------------------------------------------


def names_section(
    writer: BriefWriter, entity_ids: Sequence[str], claims: Sequence[CurrentClaim]
) -> list[Sentence]:
    """The names the reports use, grouped by script, each cited by a quote that shows it.

    Names are the mentions resolved to the entities (or to ones merged into them: the
    stages of a renamed group are one) that lie inside a claim's quote, and their stored
    names when a quote contains them. Stored aliases no report is seen using (gazetteer
    variants) are not stated.
    """
    members = {m for entity_id in entity_ids for m in writer.reader.members(entity_id)}
    support: dict[str, tuple[str, list[str]]] = {}

    def cite(name: str, claim_id: str) -> None:
        cited = support.setdefault(name.casefold(), (name, []))[1]
        if claim_id not in cited and len(cited) < NAME_FOOTNOTES:
            cited.append(claim_id)

    by_document: dict[str, list[CurrentClaim]] = defaultdict(list)
    for claim in claims:
        by_document[claim.document_id].append(claim)
    for document_id, found in sorted(by_document.items()):
        for mention in writer.kb.list_mentions(document_id):
            if mention.entity_id not in members or mention.label in NOT_NAMES:
                continue
            for claim in found:
                quote = claim.claim.quote
                if quote.start <= mention.start and mention.end <= quote.end:
                    cite(mention.text, claim.id)
    for name in (writer.name(entity_id) for entity_id in entity_ids):
        for claim in claims:
            if name.casefold() in claim.claim.quote.text.casefold():
                cite(name, claim.id)
    by_script: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    for text, cited in support.values():
        by_script[SCRIPT_NAMES[detect_script(text)]].append((text, cited))
    return [
        writer.sentence(
            f"Written in {script} script as {join_names(n for n, _ in named)}.",
            (claim_id for _, cited in named for claim_id in cited),
        )
        for script, named in sorted(by_script.items())
    ]


def find_events(writer: BriefWriter, claims: Sequence[CurrentClaim]) -> list[EventCluster]:
    """The events these claims belong to: the stored events that hold one of them, or
    (when none are stored) the claims clustered. Their effective grades are kept."""
    stored = writer.kb.list_events()
    if stored:
        ids = {claim.id for claim in claims}
        events = describe_events(writer.reader, [e for e in stored if ids & set(e.claim_ids)])
    else:
        events = cluster_claims(writer.reader, claims)
    writer.grades.update(effective_grades(events))
    return events


def event_sentence(writer: BriefWriter, event: EventCluster) -> Sentence:
    """ "10 June 2014: capture at Mosul, by ISIS and the Iraqi army — corroborated by …"."""
    when = date_text(event.date) if event.date else "Undated"
    text = f"{when}: {event_name(event.type)}"
    if event.place_id:
        text += f" at {writer.name(event.place_id)}"
    if event.actor_ids:
        text += f", involving {join_names(writer.name(a) for a in event.actor_ids)}"
    return writer.sentence(f"{text}; {_status_text(event)}.", event.claim_ids)


def _status_text(event: EventCluster) -> str:
    supporting = [origin.label for origin in event.supporting_origins]
    if event.status is Corroboration.CORROBORATED:
        return f"corroborated by {len(supporting)} independent sources ({join_names(supporting)})"
    if event.status is Corroboration.SINGLE_SOURCE:
        origins = [origin.label for origin in event.origins]
        return f"single source ({join_names(origins)}), not corroborated"
    deniers = [m.origin.label for m in event.members if m.denies]
    if event.status is Corroboration.DENIED:
        return f"denied by {join_names(dict.fromkeys(deniers))}"
    return f"contested: {join_names(supporting) or 'no source'} state it" + (
        f", {join_names(dict.fromkeys(deniers))} deny it" if deniers else ", others disagree"
    )


def split_events(
    writer: BriefWriter, events: Sequence[EventCluster]
) -> tuple[list[Sentence], list[Sentence]]:
    """Key events (corroborated or single-source), and contested or denied ones, which are
    open questions."""
    settled = (Corroboration.CORROBORATED, Corroboration.SINGLE_SOURCE)
    key = [event_sentence(writer, e) for e in events if e.status in settled]
    return key, [event_sentence(writer, e) for e in events if e.status not in settled]


def doubtful_claims(
    writer: BriefWriter,
    claims: Iterable[CurrentClaim],
    events: Sequence[EventCluster],
    *,
    skip_types: Collection[str] = (),
) -> list[Sentence]:
    """Claims only weakly stated (claimed, alleged, uncertain) or denied, unless an event
    they belong to is corroborated (settled) or contested or denied (an open question
    already): each as an open question, identical ones merged."""
    settled = {
        claim_id
        for event in events
        if event.status is not Corroboration.SINGLE_SOURCE
        for claim_id in event.claim_ids
    }
    merged: dict[str, list[str]] = defaultdict(list)
    for claim in claims:
        doubtful = claim.hedge in WEAK_HEDGES or claim.hedge in DENIALS
        if doubtful and claim.id not in settled and not _has_type(claim.type, skip_types):
            label = "Denied" if claim.hedge in DENIALS else "Uncorroborated"
            merged[f"{label}: {writer.claim_text(claim)}."].append(claim.id)
    return [writer.sentence(text, ids) for text, ids in merged.items()]


def _has_type(claim_type: str, types: Collection[str]) -> bool:
    return any(claim_type == t or claim_type.startswith(t + ".") for t in types)
