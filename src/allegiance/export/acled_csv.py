"""ACLED-compatible CSV: one row per stored event, in ACLED's columns and codes.

What allegiance models is written from the event's claims: date and its time_precision
(1 day, 2 week, 3 month or coarser), event_type and sub_event_type from the taxonomy's
ACLED mapping (refined by a `means` qualifier or a government actor), actors, location,
coordinates and geo_precision (the claim's place precision), fatalities (the lowest count
reported, as ACLED codes the most conservative one). `source` lists the publishers and
`notes` quotes every claim with its hedge, grade and id, so the evidence stays readable.

Columns allegiance does not model (iso, region, admin3, source_scale, tags, the inter
codes) are left empty, except for events imported from ACLED: those keep the values of
the row they were read from, so an ACLED file exported again reads the same.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO

from followthemoney.types import registry

from allegiance.export.filters import ExportResult, Selection, Tick, no_tick
from allegiance.ingest.acled import COLUMNS
from allegiance.model import Event, load_taxonomy
from allegiance.model.taxonomy import AcledMapping
from allegiance.query.claims import CurrentClaim
from allegiance.store import DocumentRecord

TIME_PRECISION = {"day": "1", "week": "2", "month": "3", "year": "3"}
FATALITY_UNITS = ("killed", "executed", "fatalities", "dead")
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# Columns always taken from an imported ACLED row when there is one.
KEPT = (
    "event_id_cnty", "disorder_type", "assoc_actor_1", "inter1", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "source", "source_scale", "notes", "tags", "timestamp",
)  # fmt: skip


class AcledWriter:
    """Turns selected events into ACLED rows, reading each document once."""

    def __init__(self, selection: Selection) -> None:
        self.selection = selection
        self.result = ExportResult()
        self._documents: dict[str, DocumentRecord] = {}

    def rows(self, *, tick: Tick = no_tick) -> Iterator[dict[str, str]]:
        for event, claims in self.selection.events():
            row = self.row(event, claims)
            if row is not None:
                yield row
            tick()

    def row(self, event: Event, claims: list[CurrentClaim]) -> dict[str, str] | None:
        """The ACLED row of an event; None (and the reason noted) when ACLED cannot hold it."""
        main = next((c for c in claims if c.type == event.type), claims[0])
        mapping = self._mapping(main)
        if mapping is None:
            self.result.skipped.append((event.id, f"{main.type} has no ACLED event type"))
            return None
        if (event.date or main.date) is None:
            self.result.skipped.append((event.id, "undated (ACLED rows need an event_date)"))
            return None
        row = dict.fromkeys(COLUMNS, "")
        row.update(self._derived(event, claims, main))
        row.update(self._modelled(event, claims, main, mapping))
        imported = self.document(main.document_id).document.metadata.get("acled")
        if isinstance(imported, dict):
            row.update({column: str(imported.get(column, "")) for column in KEPT})
        return row

    def document(self, document_id: str) -> DocumentRecord:
        if document_id not in self._documents:
            self._documents[document_id] = self.selection.kb.get_document(document_id)
        return self._documents[document_id]

    def _mapping(self, main: CurrentClaim) -> AcledMapping | None:
        qualifiers = main.claim.qualifiers
        if "acled_event_type" in qualifiers:
            return AcledMapping.model_validate(
                {
                    "event_type": qualifiers["acled_event_type"],
                    "sub_event_type": qualifiers.get("acled_sub_event_type", ""),
                }
            )
        taxonomy = load_taxonomy()
        if main.type not in taxonomy:
            return None
        return taxonomy.get(main.type).acled_for(
            means=qualifiers.get("means"), government=qualifiers.get("inter1") == "1"
        )

    def _modelled(
        self, event: Event, claims: list[CurrentClaim], main: CurrentClaim, mapping: AcledMapping
    ) -> dict[str, str]:
        when = event.date or main.date
        place_id = main.place_id or event.place_id
        place = self.selection.entity(place_id) if place_id else None
        attributes = place.attributes if place else {}
        return {
            "event_date": when.start.isoformat() if when else "",
            "year": str(when.start.year) if when else "",
            "time_precision": TIME_PRECISION[when.precision] if when else "",
            "event_type": mapping.event_type,
            "sub_event_type": mapping.sub_event_type,
            "actor1": self.selection.entity(main.subject_id).name,
            "actor2": self._actor2(main),
            "location": place.name if place else "",
            "latitude": _text(attributes.get("lat")),
            "longitude": _text(attributes.get("lon")),
            "geo_precision": _text(main.claim.place_precision),
            "fatalities": _fatalities(claims),
        }

    def _derived(
        self, event: Event, claims: list[CurrentClaim], main: CurrentClaim
    ) -> dict[str, str]:
        """The columns ACLED fills by hand, as well as allegiance can from the claims."""
        mapping = self._mapping(main)
        others = sorted(
            {self.selection.entity(c.subject_id).name for c in claims if c is not main}
            - {self.selection.entity(main.subject_id).name}
        )
        place_id = main.place_id or event.place_id
        attributes = self.selection.entity(place_id).attributes if place_id else {}
        country = _text(attributes.get("country"))
        documents = [self.document(c.document_id) for c in claims]
        publishers = sorted({d.document.publisher for d in documents if d.document.publisher})
        newest = max(d.ingested_at for d in documents)
        return {
            "event_id_cnty": event.id,
            "disorder_type": DISORDER.get(mapping.event_type, "") if mapping else "",
            "assoc_actor_1": "; ".join(others),
            "civilian_targeting": "Civilian targeting"
            if mapping and mapping.event_type == "Violence against civilians"
            else "",
            "country": registry.country.names.get(country.lower(), "") if country else "",
            "admin1": _text(attributes.get("admin1")),
            "admin2": _text(attributes.get("admin2")),
            "source": "; ".join(publishers),
            "notes": _notes(event, claims),
            "timestamp": str(int(newest.timestamp())),
        }

    def _actor2(self, main: CurrentClaim) -> str:
        if main.object_id is not None:
            return self.selection.entity(main.object_id).name
        return main.object_literal or main.claim.qualifiers.get("acled_actor2", "")


def _fatalities(claims: list[CurrentClaim]) -> str:
    counts = [
        int(c.claim.quantity.value)
        for c in claims
        if c.claim.quantity and c.claim.quantity.unit in FATALITY_UNITS
    ]
    return str(min(counts)) if counts else "0"


def _notes(event: Event, claims: list[CurrentClaim]) -> str:
    """Every claim's quote with its hedge, grade and id: the evidence, uncertainty kept."""
    parts = [
        f'"{c.claim.quote.text}" ({c.hedge.value}, grade {c.grade or "ungraded"}, {c.id})'
        for c in claims
    ]
    return f"[{event.status.value}] " + " ".join(parts)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def write_acled_csv(selection: Selection, out: TextIO, *, tick: Tick = no_tick) -> ExportResult:
    """Write the selected events as ACLED rows, one per event."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    acled = AcledWriter(selection)
    for row in acled.rows(tick=tick):
        writer.writerow(row)
        acled.result.written += 1
    return acled.result
