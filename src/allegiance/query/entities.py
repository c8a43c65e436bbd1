"""Entities assembled at read time from what is stored and the merge/split judgements.

Nothing is rewritten by a merge: a `same-as` judgement joins two entities, a later
judgement that `undoes` it separates them again, and a `not-same-as` judgement blocks a
merge between them for good (until it is itself undone).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from allegiance.model import Alias, AllegianceError, Entity, Judgement, JudgementKind
from allegiance.store import KnowledgeBase


class MergeBlockedError(AllegianceError):
    """An analyst judged these entities different; a merge needs that judgement undone."""

    exit_code = 5
    http_status = 409

    def __init__(self, first: str, second: str, judgement_id: str) -> None:
        super().__init__(
            f"{first} and {second} were judged different ({judgement_id}); "
            "undo that judgement before merging them"
        )
        self.judgement_id = judgement_id


@dataclass(frozen=True, slots=True)
class EntityView:
    """An entity with the aliases and external ids of every entity merged into it."""

    entity: Entity
    members: tuple[str, ...]
    judgements: tuple[Judgement, ...]


def active_judgements(judgements: Iterable[Judgement]) -> list[Judgement]:
    """The judgements in force: not undone by a later one, and not themselves an undo."""
    judgements = list(judgements)
    undone = {judgement.undoes for judgement in judgements if judgement.undoes}
    return [j for j in judgements if j.id not in undone and j.undoes is None]


class EntityGroups:
    """Which entities are one, by the `same-as` judgements in force (union-find)."""

    def __init__(self, judgements: Iterable[Judgement]) -> None:
        self._parent: dict[str, str] = {}
        self.same = [j for j in judgements if j.kind is JudgementKind.SAME_AS]
        for judgement in self.same:
            source, target = judgement.subjects[:2]
            self._parent[self.find(source)] = self.find(target)

    def find(self, entity_id: str) -> str:
        """The canonical entity: the target of the last merge that involved the group."""
        path = []
        while self._parent.get(entity_id, entity_id) != entity_id:
            path.append(entity_id)
            entity_id = self._parent[entity_id]
        for step in path:
            self._parent[step] = entity_id
        return entity_id

    def members(self, entity_id: str) -> list[str]:
        canonical = self.find(entity_id)
        known = {canonical} | set(self._parent) | {j.subjects[1] for j in self.same}
        return sorted(member for member in known if self.find(member) == canonical)


def entity_groups(kb: KnowledgeBase) -> EntityGroups:
    return EntityGroups(active_judgements(kb.list_judgements()))


def canonical_id(kb: KnowledgeBase, entity_id: str) -> str:
    return entity_groups(kb).find(entity_id)


def assemble_entity(kb: KnowledgeBase, entity_id: str) -> EntityView:
    """The entity `entity_id` belongs to, with every member's aliases and external ids."""
    groups = entity_groups(kb)
    canonical = kb.get_entity(groups.find(entity_id))
    members = groups.members(canonical.id)
    aliases: dict[str, Alias] = {alias.name: alias for alias in canonical.aliases}
    external = dict(canonical.external_ids)
    for member_id in members:
        if member_id == canonical.id:
            continue
        member = kb.get_entity(member_id)
        aliases.setdefault(member.name, Alias.of(member.name))
        for alias in member.aliases:
            aliases.setdefault(alias.name, alias)
        for scheme, value in member.external_ids.items():
            external.setdefault(scheme, value)
    judgements: list[Judgement] = []
    for member_id in members:
        judgements.extend(kb.list_judgements(subject=member_id))
    unique = {judgement.id: judgement for judgement in judgements}
    entity = replace(canonical, aliases=tuple(aliases.values()), external_ids=external)
    return EntityView(entity, tuple(members), tuple(unique.values()))


def merge_entities(
    kb: KnowledgeBase, source_id: str, target_id: str, *, author: str, reason: str, now: datetime
) -> Judgement:
    """Record that `source_id` is the same as `target_id` (which stays canonical)."""
    source, target = kb.get_entity(source_id), kb.get_entity(target_id)
    active = active_judgements(kb.list_judgements())
    groups = EntityGroups(active)
    if groups.find(source.id) == groups.find(target.id):
        raise AllegianceError(f"{source.id} and {target.id} are already one entity")
    sides = (set(groups.members(source.id)), set(groups.members(target.id)))
    for judgement in active:
        if judgement.kind is JudgementKind.NOT_SAME_AS and _spans(judgement, *sides):
            raise MergeBlockedError(source.id, target.id, judgement.id)
    judgement = Judgement(
        JudgementKind.SAME_AS, (source.id, target.id), "same", author, now, reason
    )
    kb.add_judgement(judgement)
    return judgement


def split_entities(
    kb: KnowledgeBase, first_id: str, second_id: str, *, author: str, reason: str, now: datetime
) -> list[Judgement]:
    """Undo the merges that join the two entities and record that they are different.

    Only the merges on the way from one to the other are undone; other members stay.
    """
    first, second = kb.get_entity(first_id), kb.get_entity(second_id)
    recorded = []
    for merge in _merges_between(kb, first.id, second.id):
        undo = Judgement(merge.kind, merge.subjects, "undone", author, now, reason, merge.id)
        kb.add_judgement(undo)
        recorded.append(undo)
    different = Judgement(
        JudgementKind.NOT_SAME_AS, (first.id, second.id), "different", author, now, reason
    )
    kb.add_judgement(different)
    return [*recorded, different]


def _merges_between(kb: KnowledgeBase, first: str, second: str) -> list[Judgement]:
    """Same-as judgements whose removal separates the two entities (fewest first)."""
    remaining = [
        j for j in active_judgements(kb.list_judgements()) if j.kind is JudgementKind.SAME_AS
    ]
    cut: list[Judgement] = []
    while _joined(remaining, first, second):
        bridge = next(
            (
                j
                for j in remaining
                if not _joined([o for o in remaining if o is not j], first, second)
            ),
            None,
        )
        if bridge is None:  # joined more than one way: undo a merge touching either side
            bridge = next(j for j in remaining if {first, second} & set(j.subjects))
        remaining.remove(bridge)
        cut.append(bridge)
    return cut


def _joined(judgements: list[Judgement], first: str, second: str) -> bool:
    groups = EntityGroups(judgements)
    return groups.find(first) == groups.find(second)


def _spans(judgement: Judgement, left: set[str], right: set[str]) -> bool:
    a, b = judgement.subjects[:2]
    return (a in left and b in right) or (a in right and b in left)
