"""UCDP GED events into the knowledge base: one document, one event and its claim per row.

State-based and non-state violence (type_of_violence 1 and 2) become `violence.clash`
between side_a and side_b; one-sided violence (3) becomes `violence.killing` by side_a
of side_b (a literal: "Civilians"). The place is where_coordinates at the row's
coordinates, with UCDP's where_prec mapped to our precision (1 → 1, 2 → 2, 3–5 → 3;
6 and 7, a country or waters, give no place). The date keeps GED's interval and its
date_prec (1 day, 2–3 week, 4 month, 5 year); `best` is the fatalities quantity. A row of
low event_clarity is `uncertain`, any other `reported`. The document's text is the row
written out, since GED ships no article text; the whole row is kept in its metadata.
Importing again adds nothing: a row is known by its id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from allegiance.ingest.ucdp import GedRow
from allegiance.model import (
    AllegianceError,
    Argument,
    Claim,
    Document,
    Event,
    FuzzyDate,
    Hedge,
    PlacePrecision,
    Quantity,
    Quote,
    Source,
)
from allegiance.model.dates import Precision
from allegiance.model.ids import content_id
from allegiance.resolve.actors import load_actors
from allegiance.store import KnowledgeBase
from allegiance.workflow.dataset_entities import DatasetEntities, PlaceName
from allegiance.workflow.gazetteer import seed_actors
from allegiance.workflow.ingestion import Failure

IMPORTER = "allegiance.ucdp_importer.v1"
SOURCE = Source("UCDP GED", kind="publisher", url="https://ucdp.uu.se")
PLACE_PRECISION = {1: 1, 2: 2, 3: 3, 4: 3, 5: 3}
DATE_PRECISION: dict[int, Precision] = {1: "day", 2: "week", 3: "week", 4: "month", 5: "year"}
VIOLENCE = {1: "state-based", 2: "non-state", 3: "one-sided"}


@dataclass(slots=True)
class GedSummary:
    rows: int = 0
    added: int = 0
    existing: int = 0
    failed: list[Failure] = field(default_factory=list)


def row_document(row: GedRow, *, origin: str) -> Document:
    deaths = "an unknown number of" if row.best is None else str(row.best)
    text = (
        f"{VIOLENCE[row.type_of_violence].capitalize()} violence: {row.side_a} – {row.side_b}, "
        f"{deaths} deaths, at {row.place or row.get('country') or 'an unknown place'}, "
        f"{row.date_start.isoformat()} to {row.date_end.isoformat()}."
    )
    if row.get("source_article"):
        text += f"\nSources: {row.get('source_article')}"
    return Document(
        text=text,
        origin=f"{origin}#{row.event_id}",
        format="ucdp-ged-csv",
        title=f"UCDP GED {row.event_id}: {row.get('dyad_name') or row.side_a}",
        source=SOURCE,
        url=f"urn:ucdp:ged:{row.event_id}",
        platform="csv",
        external_id=row.event_id,
        metadata={"ucdp": dict(row.values)},
    )


class GedImport:
    def __init__(self, sessions: sessionmaker[Session], *, origin: str) -> None:
        self.sessions = sessions
        self.origin = origin
        self.entities = DatasetEntities("ucdp")
        self.summary = GedSummary()
        with sessions() as session, session.begin():
            seed_actors(KnowledgeBase(session), load_actors())

    def add(self, row: GedRow) -> None:
        self.summary.rows += 1
        try:
            with self.sessions() as session, session.begin():
                self._store(KnowledgeBase(session), row)
        except (AllegianceError, SQLAlchemyError) as exc:
            self.entities.forget()
            failure = Failure(f"{self.origin}#{row.event_id}", str(exc).splitlines()[0])
            self.summary.failed.append(failure)

    def _store(self, kb: KnowledgeBase, row: GedRow) -> None:
        document = row_document(row, origin=self.origin)
        outcome = kb.add_document(document)
        if outcome.status == "duplicate":
            self.summary.existing += 1
            return
        claim = self._claim(kb, row, document, outcome.document_id)
        kb.add_claim(claim)
        kb.add_event(
            Event(
                id=content_id("evt", "ucdp", row.event_id),
                type=claim.type,
                claim_ids=(claim.id,),
                place_id=claim.place_id,
                date=claim.date,
            )
        )
        self.summary.added += 1

    def _claim(self, kb: KnowledgeBase, row: GedRow, document: Document, doc_id: str) -> Claim:
        one_sided = row.type_of_violence == 3
        precision = PLACE_PRECISION.get(row.where_prec or 0)
        place = None
        if precision is not None and row.place:
            place = self.entities.place(
                kb,
                PlaceName(row.place, row.latitude, row.longitude, row.get("country"),
                          row.get("adm_1") or None, row.get("adm_2") or None),
            )  # fmt: skip
        victim = Argument(literal=row.side_b) if one_sided else None
        return Claim(
            type="violence.killing" if one_sided else "violence.clash",
            subject_id=self.entities.actor(kb, row.side_a),
            document_id=doc_id,
            extractor=IMPORTER,
            quote=Quote(document.text, 0, len(document.text)),
            object=victim or Argument(entity_id=self.entities.actor(kb, row.side_b)),
            place_id=place,
            place_precision=PlacePrecision(precision) if place and precision else None,
            date=FuzzyDate(row.date_start, row.date_end, DATE_PRECISION.get(row.date_prec, "year")),
            quantity=None if row.best is None else Quantity(row.best, "fatalities"),
            hedge=Hedge.UNCERTAIN if row.event_clarity == 2 else Hedge.REPORTED,
            confidence=0.9,
            qualifiers=_qualifiers(row),
        )


def _qualifiers(row: GedRow) -> dict[str, str]:
    qualifiers = {
        "ucdp_id": row.event_id,
        "type_of_violence": VIOLENCE[row.type_of_violence],
    }
    for column in ("where_prec", "date_prec", "deaths_a", "deaths_b", "deaths_civilians",
                   "low", "high"):  # fmt: skip
        if row.get(column):
            qualifiers[column] = row.get(column)
    if row.type_of_violence == 1:
        qualifiers["inter1"] = "1"  # side_a of state-based violence is a government
    return qualifiers


def import_ged(
    sessions: sessionmaker[Session],
    rows: Iterable[GedRow],
    *,
    origin: str,
    tick: Callable[[], None] | None = None,
) -> GedSummary:
    """Import GED rows, each in its own transaction; failures are counted, not raised."""
    job = GedImport(sessions, origin=origin)
    for row in rows:
        job.add(row)
        if tick:
            tick()
    return job.summary
