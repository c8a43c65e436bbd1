"""Storing and reading claims. A stored claim is never updated: reviews are judgements."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator
from datetime import date, datetime
from functools import cache
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from allegiance.model.claim import (
    Argument,
    Claim,
    Grade,
    Hedge,
    PlacePrecision,
    Quantity,
    Quote,
    Review,
    with_stored_id,
)
from allegiance.model.dates import FuzzyDate, Precision
from allegiance.model.errors import NotFoundError
from allegiance.store.dialect import insert_row
from allegiance.store.tables import claims

_BATCH = 1000

_COLUMNS = (
    "id", "type", "subject_id", "object_entity_id", "object_literal", "place_id",
    "place_precision", "date_start", "date_end", "date_precision", "quantity_value",
    "quantity_unit", "attributed_to_id", "hedge", "quote", "quote_start", "quote_end",
    "document_id", "confidence", "grade", "extractor", "review",
)  # fmt: skip
_READ = [
    *(claims.c[name] for name in _COLUMNS),
    sa.cast(claims.c.qualifiers, sa.Text).label("qualifiers"),
    claims.c.notes,
]
"""The columns a claim is read from, in the order `from_row` unpacks them. Qualifiers come as
text: most claims have none, and decoding `{}` through the JSON type row by row cost more
than the query."""


class ClaimStore:
    def __init__(self, session: Session, *, clock: Callable[[], datetime]) -> None:
        self._session = session
        self._clock = clock

    def add_claim(self, claim: Claim) -> bool:
        """Store a claim; False when a claim with its id is already stored (it is kept)."""
        row = to_row(claim) | {"created_at": self._clock()}
        return insert_row(self._session, claims, row, ignore_conflicts=True)

    def get_claim(self, claim_id: str) -> Claim:
        row = self._session.execute(sa.select(*_READ).where(claims.c.id == claim_id)).first()
        if row is None:
            raise NotFoundError("claim", claim_id)
        return from_row(row)

    def list_claims(
        self,
        *,
        types: Collection[str] | None = None,
        entity_id: str | None = None,
        entity_ids: Collection[str] | None = None,
        place_ids: Collection[str] | None = None,
        document_id: str | None = None,
        since: date | None = None,
        until: date | None = None,
        hedge: Hedge | None = None,
        limit: int | None = None,
    ) -> list[Claim]:
        """Claims that pass every filter given, in order of date (undated last).

        A type also selects its subtypes ("statement" selects "statement.denial"); an
        entity (`entity_id`, or any of `entity_ids`) matches as subject, object, place or
        the party a claim is attributed to; `place_ids` keeps claims whose place is one
        of them; `since`/`until` keep dated claims whose interval overlaps them.
        """
        wanted = None if entity_id is None and entity_ids is None else set(entity_ids or ())
        if entity_id is not None and wanted is not None:
            wanted.add(entity_id)
        statement = sa.select(*_READ).where(
            *_conditions(types=types, entity_ids=wanted, document_id=document_id),
            *_place_conditions(place_ids),
            *_date_conditions(since=since, until=until),
        )
        if hedge is not None:
            statement = statement.where(claims.c.hedge == hedge.value)
        statement = statement.order_by(claims.c.date_start.asc().nulls_last(), claims.c.id)
        if limit is not None:
            statement = statement.limit(limit)
        return [from_row(row) for row in self._session.execute(statement)]

    def iter_claims(self) -> Iterator[Claim]:
        """Every claim in order of id, read in batches (for exports)."""
        statement = sa.select(*_READ).order_by(claims.c.id).execution_options(yield_per=_BATCH)
        for row in self._session.execute(statement):
            yield from_row(row)


def _conditions(
    *, types: Collection[str] | None, entity_ids: Collection[str] | None, document_id: str | None
) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if types is not None:
        conditions.append(
            sa.or_(
                sa.false(),
                *(claims.c.type == name for name in types),
                *(claims.c.type.startswith(f"{name}.", autoescape=True) for name in types),
            )
        )
    if entity_ids is not None:
        conditions.append(claims.c.id.in_(_claims_naming(sorted(entity_ids))))
    if document_id is not None:
        conditions.append(claims.c.document_id == document_id)
    return conditions


def _claims_naming(entity_ids: list[str]) -> sa.CompoundSelect[tuple[str]]:
    """Ids of the claims naming any of the entities in any role, one indexed lookup per role.

    A union rather than an OR across the columns: SQLite answers an OR of four columns by
    scanning every claim, but each branch of the union by its column's index.
    """
    columns = ("subject_id", "object_entity_id", "place_id", "attributed_to_id")
    return sa.union(
        *(sa.select(claims.c.id).where(claims.c[column].in_(entity_ids)) for column in columns)
    )


def _place_conditions(place_ids: Collection[str] | None) -> list[sa.ColumnElement[bool]]:
    if place_ids is None:
        return []
    return [claims.c.place_id.in_(sorted(place_ids))]


def _date_conditions(*, since: date | None, until: date | None) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if since is not None:
        conditions.append(claims.c.date_end >= since)
    if until is not None:
        conditions.append(claims.c.date_start <= until)
    return conditions


def to_row(claim: Claim) -> dict[str, object]:
    """The `claims` row of a claim (without `created_at`)."""
    target = claim.object
    return {
        "id": claim.id,
        "type": claim.type,
        "subject_id": claim.subject_id,
        "object_entity_id": target.entity_id if target else None,
        "object_literal": target.literal if target else None,
        "place_id": claim.place_id,
        "place_precision": None if claim.place_precision is None else int(claim.place_precision),
        "date_start": claim.date.start if claim.date else None,
        "date_end": claim.date.end if claim.date else None,
        "date_precision": claim.date.precision if claim.date else None,
        "quantity_value": claim.quantity.value if claim.quantity else None,
        "quantity_unit": claim.quantity.unit if claim.quantity else None,
        "attributed_to_id": claim.attributed_to_id,
        "hedge": claim.hedge.value,
        "quote": claim.quote.text,
        "quote_start": claim.quote.start,
        "quote_end": claim.quote.end,
        "document_id": claim.document_id,
        "confidence": claim.confidence,
        "grade": None if claim.grade is None else str(claim.grade),
        "extractor": claim.extractor,
        "review": claim.review.value,
        "qualifiers": claim.qualifiers,
        "notes": claim.notes,
    }


def from_row(row: Row[Any]) -> Claim:
    """The claim a `claims` row holds (read with `_READ`), its id taken from the row.

    The row is unpacked by position: reading 24 columns by name cost more than building
    the claim.
    """
    (claim_id, claim_type, subject_id, object_entity_id, object_literal, place_id,
     place_precision, date_start, date_end, date_precision, quantity_value, quantity_unit,
     attributed_to_id, hedge, quote, quote_start, quote_end, document_id, confidence, grade,
     extractor, review, qualifiers, notes) = cast(tuple[Any, ...], row)  # fmt: skip
    target = None
    if object_entity_id is not None or object_literal is not None:
        target = Argument(entity_id=object_entity_id, literal=object_literal)
    claim = Claim(
        type=claim_type,
        subject_id=subject_id,
        document_id=document_id,
        extractor=extractor,
        quote=Quote(quote, quote_start, quote_end),
        object=target,
        place_id=place_id,
        place_precision=None if place_precision is None else PlacePrecision(place_precision),
        date=None
        if date_start is None
        else FuzzyDate(date_start, date_end, cast(Precision, date_precision)),
        quantity=None if quantity_value is None else Quantity(quantity_value, quantity_unit),
        attributed_to_id=attributed_to_id,
        hedge=_HEDGES[hedge],
        confidence=confidence,
        grade=None if grade is None else _grade(grade),
        review=_REVIEWS[review],
        qualifiers=_qualifiers(qualifiers),
        notes=notes,
    )
    return with_stored_id(claim, claim_id)


_HEDGES = {hedge.value: hedge for hedge in Hedge}
_REVIEWS = {review.value: review for review in Review}
# Looked up by value rather than called: calling an enum per row of thousands costs more.


@cache
def _grade(text: str) -> Grade:
    return Grade.parse(text)


def _qualifiers(text: str) -> dict[str, str]:
    return {} if text == "{}" else cast(dict[str, str], json.loads(text))
