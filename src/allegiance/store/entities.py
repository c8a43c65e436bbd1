"""Storing and finding entities with their aliases and external identifiers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from allegiance.model.entity import Alias, Entity, EntityKind, Script
from allegiance.model.errors import NotFoundError, StoreError
from allegiance.store.dialect import insert_row
from allegiance.store.tables import aliases, entities, external_ids

AliasKey = Callable[[str], str]


def default_alias_key(name: str) -> str:
    """The lookup key of a name: case-folded, with runs of white space made one space."""
    return " ".join(name.casefold().split())


class EntityStore:
    """Entities in the caller's session. An entity's id is minted once and kept."""

    def __init__(self, session: Session, *, key: AliasKey, clock: Callable[[], datetime]) -> None:
        self._session = session
        self._key = key
        self._clock = clock

    def add_entity(self, entity: Entity) -> None:
        """Store a new entity; an alias repeating an earlier one's name is skipped."""
        if self._exists(entity.id):
            raise StoreError(f"entity {entity.id!r} is already stored")
        for scheme, value in entity.external_ids.items():
            holder = self._holder(scheme, value)
            if holder is not None:
                raise StoreError(f"{scheme} id {value!r} already belongs to entity {holder!r}")
        row = {
            "id": entity.id,
            "kind": entity.kind.value,
            "name": entity.name,
            "key": self._key(entity.name),
            "attributes": entity.attributes,
            "created_at": self._clock(),
        }
        insert_row(self._session, entities, row)
        for alias in entity.aliases:
            self._insert_alias(entity.id, alias)
        for scheme, value in entity.external_ids.items():
            row = {"entity_id": entity.id, "scheme": scheme, "value": value}
            insert_row(self._session, external_ids, row)

    def add_alias(self, entity_id: str, alias: Alias) -> bool:
        """Give an entity one more name; False when it already has that name."""
        if not self._exists(entity_id):
            raise NotFoundError("entity", entity_id)
        return self._insert_alias(entity_id, alias)

    def get_entity(self, entity_id: str) -> Entity:
        row = self._session.execute(sa.select(entities).where(entities.c.id == entity_id)).first()
        if row is None:
            raise NotFoundError("entity", entity_id)
        return self._assemble([row])[0]

    def list_entities(
        self, *, kind: EntityKind | str | None = None, limit: int = 100, offset: int = 0
    ) -> list[Entity]:
        """Entities in order of name."""
        statement = sa.select(entities)
        if kind is not None:
            statement = statement.where(entities.c.kind == str(kind))
        statement = statement.order_by(entities.c.name, entities.c.id).limit(limit).offset(offset)
        return self._assemble(list(self._session.execute(statement)))

    def find_entities(self, name: str) -> list[Entity]:
        """Entities whose name or one of whose aliases has the same key as `name`."""
        key = self._key(name)
        by_alias = sa.select(aliases.c.entity_id).where(aliases.c.key == key)
        statement = (
            sa.select(entities)
            .where(sa.or_(entities.c.key == key, entities.c.id.in_(by_alias)))
            .order_by(entities.c.name, entities.c.id)
        )
        return self._assemble(list(self._session.execute(statement)))

    def iter_entities(self, *, kind: str | None = None, batch: int = 500) -> Iterator[Entity]:
        """Every entity (of `kind`) in order of id, read `batch` at a time (for exports)."""
        last = ""
        while True:
            statement = sa.select(entities).where(entities.c.id > last)
            if kind is not None:
                statement = statement.where(entities.c.kind == kind)
            statement = statement.order_by(entities.c.id).limit(batch)
            found = self._assemble(list(self._session.execute(statement)))
            yield from found
            if len(found) < batch:
                return
            last = found[-1].id

    def entity_by_external_id(self, scheme: str, value: str) -> Entity | None:
        holder = self._holder(scheme, value)
        return None if holder is None else self.get_entity(holder)

    def _exists(self, entity_id: str) -> bool:
        statement = sa.select(entities.c.id).where(entities.c.id == entity_id)
        return self._session.execute(statement).first() is not None

    def _holder(self, scheme: str, value: str) -> str | None:
        statement = sa.select(external_ids.c.entity_id).where(
            external_ids.c.scheme == scheme, external_ids.c.value == value
        )
        return self._session.execute(statement).scalar()

    def _insert_alias(self, entity_id: str, alias: Alias) -> bool:
        row = {
            "entity_id": entity_id,
            "name": alias.name,
            "key": self._key(alias.name),
            "script": alias.script.value,
            "language": alias.language,
            "kind": alias.kind,
            "seen_in": alias.seen_in,
        }
        return insert_row(self._session, aliases, row, ignore_conflicts=True)

    def _assemble(self, rows: Sequence[Row[Any]]) -> list[Entity]:
        """Entities for rows of `entities`, with aliases and external ids fetched at once."""
        ids = [row.id for row in rows]
        names: dict[str, list[Alias]] = defaultdict(list)
        statement = sa.select(aliases).where(aliases.c.entity_id.in_(ids)).order_by(aliases.c.id)
        for alias in self._session.execute(statement):
            names[alias.entity_id].append(_to_alias(alias))
        codes: dict[str, dict[str, str]] = defaultdict(dict)
        statement = sa.select(external_ids).where(external_ids.c.entity_id.in_(ids))
        for code in self._session.execute(statement):
            codes[code.entity_id][code.scheme] = code.value
        return [
            Entity(
                id=row.id,
                kind=EntityKind(row.kind),
                name=row.name,
                aliases=tuple(names[row.id]),
                attributes=cast(dict[str, Any], row.attributes),
                external_ids=codes[row.id],
            )
            for row in rows
        ]


def _to_alias(row: Row[Any]) -> Alias:
    return Alias(
        name=row.name,
        script=Script(row.script),
        language=row.language,
        kind=row.kind,
        seen_in=row.seen_in,
    )
