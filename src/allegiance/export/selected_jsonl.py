"""JSON Lines (DESIGN.md §6) of a filtered selection: claims as they read now.

Claims carry the review in force (from claim-review judgements); `--what entities` and
`--what documents` give the entities and documents the selected claims name and cite, or,
when no filter is given, every stored entity or document (claims or not).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TextIO

from allegiance.export.filters import ExportResult, Selection, Tick, no_tick
from allegiance.export.jsonl import (
    ClaimLookup,
    What,
    iter_lines,
    to_claim_record,
    to_document_record,
    to_entity_record,
)


def write_selected_jsonl(
    selection: Selection, what: What, out: TextIO, *, tick: Tick = no_tick
) -> ExportResult:
    result = ExportResult()
    for line in _lines(selection, what):
        out.write(line + "\n")
        result.written += 1
        tick()
    return result


def _lines(selection: Selection, what: What) -> Iterable[str]:
    kb = selection.kb
    if what != "claims" and selection.filter.is_empty:
        return iter_lines(kb, what)
    if what == "claims":
        lookup = ClaimLookup(kb)
        return [
            to_claim_record(replace(c.claim, review=c.review), lookup).model_dump_json()
            for c in selection.claims
        ]
    if what == "entities":
        return [
            to_entity_record(selection.entity(i)).model_dump_json() for i in selection.entity_ids()
        ]
    return [
        to_document_record(kb.get_document(i)).model_dump_json() for i in selection.document_ids()
    ]
