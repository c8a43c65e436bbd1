"""ACLED exports into the knowledge base: one document, one event and its claim per row.

Each row becomes a document from the source "ACLED" (its text the row's notes, the whole
row kept in the document's metadata), an event, and the claim that describes it: actor1
as subject, actor2 as object (or kept as a qualifier when the type takes no object), the
location as place with the row's geo_precision, the date with its time_precision, the
fatalities as a quantity, and the ACLED event and sub-event type as qualifiers.

Importing is idempotent: a row is known by event_id_cnty and timestamp. A newer export
that edits a row (same event_id_cnty, later timestamp) stores the new version as a newer
version of the old document and rejects the old version's claims with a claim-review
judgement; with `full=True` a row absent from the newer export (within the countries the
file covers) has its claims rejected with the reason "deleted in ACLED export of DATE".
Nothing is deleted, and every such judgement can be undone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from allegiance.ingest.acled import AcledRow
from allegiance.model import (
    AllegianceError,
    Argument,
    Claim,
    Document,
    Event,
    FuzzyDate,
    Hedge,
    Judgement,
    JudgementKind,
    PlacePrecision,
    Quantity,
    Quote,
    Review,
    Source,
    load_taxonomy,
)
from allegiance.model.ids import content_id
from allegiance.query.claims import review_decisions
from allegiance.query.entities import active_judgements
from allegiance.resolve.actors import load_actors
from allegiance.store import KnowledgeBase
from allegiance.workflow.dataset_entities import DatasetEntities, PlaceName
from allegiance.workflow.gazetteer import seed_actors
from allegiance.workflow.ingestion import Failure

IMPORTER = "allegiance.acled_importer.v1"
SOURCE = Source("ACLED", kind="publisher", url="https://acleddata.com")
FORMAT = "acled-csv"
# Event types whose other sub-event types still name a claim type of ours.
FALLBACK = {
    "Battles": "violence.clash",
    "Explosions/Remote violence": "violence.attack",
    "Violence against civilians": "violence.attack",
}
Tick = Callable[[], None]


@dataclass(slots=True)
class AcledSummary:
    rows: int = 0
    added: int = 0
    existing: int = 0
    edited: int = 0
    deleted: int = 0
    skipped: list[Failure] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoredRow:
    """The newest stored version of an ACLED event."""

    document_id: str
    timestamp: int
    country: str


def event_url(event_id: str) -> str:
    """The stable address of an ACLED event: versions of one row share it."""
    return f"urn:acled:event:{event_id}"


@cache
def claim_types() -> dict[tuple[str, str], tuple[str, dict[str, str]]]:
    """(event_type, sub_event_type) → the first claim type (and qualifiers) mapped to it."""
    # A siege is coded as an armed clash too, but a clash is what an ACLED clash row says.
    index: dict[tuple[str, str], tuple[str, dict[str, str]]] = {
        ("Battles", "Armed clash"): ("violence.clash", {})
    }
    for name, kind in load_taxonomy().types.items():
        for means, mapping in kind.means.items():
            index.setdefault((mapping.event_type, mapping.sub_event_type), (name, {"means": means}))
        for plain in (kind.acled, kind.acled_government):
            if plain is not None:
                index.setdefault((plain.event_type, plain.sub_event_type), (name, {}))
    return index


def row_document(row: AcledRow, *, origin: str) -> Document:
    text = row.get("notes") or (
        f"{row.event_type} ({row.sub_event_type}): {row.actor1}"
        + (f" and {row.actor2}" if row.actor2 else "")
        + (f" at {row.location}" if row.location else "")
        + f" on {row.event_date.isoformat()}."
    )
    return Document(
        text=text,
        origin=f"{origin}#{row.event_id}",
        format=FORMAT,
        title=f"ACLED {row.event_id}: {row.event_type} / {row.sub_event_type}",
        source=SOURCE,
        published=datetime.fromtimestamp(row.timestamp, UTC) if row.timestamp else None,
        url=event_url(row.event_id),
        platform="csv",
        external_id=f"{row.event_id}@{row.timestamp}",
        metadata={"acled": dict(row.values)},
    )


def row_date(row: AcledRow) -> FuzzyDate:
    if row.time_precision == 1:
        return FuzzyDate.day(row.event_date)
    if row.time_precision == 2:
        return FuzzyDate.week(row.event_date)
    return FuzzyDate.month(row.event_date.year, row.event_date.month)


class AcledImport:
    """One import of one ACLED file into one knowledge base."""

    def __init__(self, sessions: sessionmaker[Session], *, origin: str, now: datetime) -> None:
        self.sessions = sessions
        self.origin = origin
        self.now = now
        self.entities = DatasetEntities("acled")
        self.summary = AcledSummary()
        with sessions() as session, session.begin():
            kb = KnowledgeBase(session)
            seed_actors(kb, load_actors())
            self.stored = stored_rows(kb)

    def add(self, row: AcledRow) -> None:
        """Store one row in its own transaction; a failure is counted, not raised."""
        self.summary.rows += 1
        known = self.stored.get(row.event_id)
        if known is not None and known.timestamp >= row.timestamp:
            self.summary.existing += 1
            return
        mapped = self._claim_type(row)
        if mapped is None:
            reason = f"no claim type for {row.event_type} / {row.sub_event_type}"
            self.summary.skipped.append(Failure(f"{self.origin}#{row.event_id}", reason))
            return
        try:
            with self.sessions() as session, session.begin():
                self._store(KnowledgeBase(session), row, mapped, known)
        except (AllegianceError, SQLAlchemyError) as exc:
            self.entities.forget()
            failure = Failure(f"{self.origin}#{row.event_id}", str(exc).splitlines()[0])
            self.summary.failed.append(failure)

    def reconcile_deletions(self, seen: set[str], countries: set[str], exported: date) -> None:
        """Reject the claims of stored rows of these countries that the export lacks."""
        gone = [
            stored
            for event_id, stored in self.stored.items()
            if event_id not in seen and stored.country in countries
        ]
        with self.sessions() as session, session.begin():
            kb = KnowledgeBase(session)
            reviews = review_decisions(active_judgements(kb.list_judgements()))
            for stored in gone:
                reason = f"deleted in ACLED export of {exported.isoformat()}"
                if self._reject(kb, stored.document_id, reason, reviews):
                    self.summary.deleted += 1

    def _claim_type(self, row: AcledRow) -> tuple[str, dict[str, str]] | None:
        found = claim_types().get((row.event_type, row.sub_event_type))
        if found is None and row.event_type in FALLBACK:
            return FALLBACK[row.event_type], {}
        return found

    def _store(
        self,
        kb: KnowledgeBase,
        row: AcledRow,
        mapped: tuple[str, dict[str, str]],
        known: StoredRow | None,
    ) -> None:
        outcome = kb.add_document(row_document(row, origin=self.origin))
        claim = self._claim(kb, row, mapped, outcome.document_id)
        kb.add_claim(claim)
        kb.add_event(
            Event(
                id=content_id("evt", "acled", row.event_id, str(row.timestamp)),
                type=claim.type,
                claim_ids=(claim.id,),
                place_id=claim.place_id,
                date=claim.date,
            )
        )
        if known is not None:
            reason = f"edited in ACLED export: superseded by {outcome.document_id}"
            self._reject(kb, known.document_id, reason, {})
            self.summary.edited += 1
        else:
            self.summary.added += 1
        self.stored[row.event_id] = StoredRow(
            outcome.document_id, row.timestamp, row.get("country")
        )

    def _claim(
        self, kb: KnowledgeBase, row: AcledRow, mapped: tuple[str, dict[str, str]], doc: str
    ) -> Claim:
        claim_type, qualifiers = mapped
        text = row_document(row, origin=self.origin).text
        place = None
        if row.location:
            place = self.entities.place(
                kb,
                PlaceName(row.location, row.latitude, row.longitude, row.get("country"),
                          row.get("admin1") or None, row.get("admin2") or None),
            )  # fmt: skip
        return Claim(
            type=claim_type,
            subject_id=self.entities.actor(kb, row.actor1),
            document_id=doc,
            extractor=IMPORTER,
            quote=Quote(text, 0, len(text)),
            object=self._object(kb, row, claim_type),
            place_id=place,
            place_precision=_precision(row) if place else None,
            date=row_date(row),
            quantity=None if row.fatalities is None else Quantity(row.fatalities, "fatalities"),
            hedge=Hedge.REPORTED,
            confidence=0.9,
            qualifiers=qualifiers | _row_qualifiers(row, claim_type),
        )

    def _object(self, kb: KnowledgeBase, row: AcledRow, claim_type: str) -> Argument | None:
        objects = load_taxonomy().get(claim_type).objects
        if not row.actor2 or objects == "none":
            return None
        if row.get("inter2") == "7" and "literal" in objects:
            return Argument(literal=row.actor2)
        return Argument(entity_id=self.entities.actor(kb, row.actor2))

    def _reject(
        self, kb: KnowledgeBase, document_id: str, reason: str, reviews: dict[str, Review]
    ) -> bool:
        rejected = False
        for claim in kb.list_claims(document_id=document_id):
            if reviews.get(claim.id) is Review.REJECTED:
                continue
            judgement = Judgement(
                JudgementKind.CLAIM_REVIEW, (claim.id,), Review.REJECTED.value, IMPORTER,
                self.now, reason,
            )  # fmt: skip
            rejected = kb.add_judgement(judgement) or rejected
        return rejected


def _precision(row: AcledRow) -> PlacePrecision | None:
    return None if row.geo_precision is None else PlacePrecision(row.geo_precision)


def _row_qualifiers(row: AcledRow, claim_type: str) -> dict[str, str]:
    qualifiers = {
        "acled_event_id": row.event_id,
        "acled_event_type": row.event_type,
        "acled_sub_event_type": row.sub_event_type,
    }
    for column in ("inter1", "inter2"):
        if row.get(column):
            qualifiers[column] = row.get(column)
    if row.actor2 and load_taxonomy().get(claim_type).objects == "none":
        qualifiers["acled_actor2"] = row.actor2
    return qualifiers


def stored_rows(kb: KnowledgeBase) -> dict[str, StoredRow]:
    """The newest stored version of every ACLED event, by event_id_cnty."""
    stored: dict[str, StoredRow] = {}
    offset = 0
    while batch := kb.list_documents(source=SOURCE.id, limit=500, offset=offset):
        offset += len(batch)
        for record in batch:
            row = record.document.metadata.get("acled")
            if record.superseded_by is None and isinstance(row, dict):
                stamp = str(row.get("timestamp") or "0")
                stored[str(row["event_id_cnty"])] = StoredRow(
                    record.id, int(float(stamp)), str(row.get("country", ""))
                )
    return stored


def import_acled(
    sessions: sessionmaker[Session],
    rows: Iterable[AcledRow],
    *,
    origin: str,
    full: bool = False,
    now: datetime | None = None,
    tick: Tick | None = None,
) -> AcledSummary:
    """Import ACLED rows; with `full`, the file is a whole export and absent rows are deleted."""
    job = AcledImport(sessions, origin=origin, now=now or datetime.now(UTC))
    seen: set[str] = set()
    countries: set[str] = set()
    newest = 0
    for row in rows:
        job.add(row)
        seen.add(row.event_id)
        countries.add(row.get("country"))
        newest = max(newest, row.timestamp)
        if tick:
            tick()
    if full and seen:
        exported = datetime.fromtimestamp(newest, UTC).date() if newest else job.now.date()
        job.reconcile_deletions(seen, countries, exported)
    return job.summary
