"""A small hand-made world for watch and alert tests: a commander, groups, an Iraqi
province with two towns, two accounts, and claims stored one by one."""

from __future__ import annotations

from datetime import UTC, date, datetime

from allegiance.model import (
    Argument,
    Claim,
    Document,
    Entity,
    EntityKind,
    FuzzyDate,
    Grade,
    Hedge,
    Judgement,
    JudgementKind,
    Quote,
    Source,
)
from allegiance.store import KnowledgeBase
from allegiance.store.watch import WatchRule

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)

COMMANDER = "ent-commander"
NUSRA = "ent-nusra"
ISIS = "ent-isis"
ARMY = "ent-army"
ANBAR = "ent-anbar"
RAWA = "ent-rawa"
ANAH = "ent-anah"
MOSUL = "ent-mosul"
OLD_ACCOUNT = "ent-old-account"
NEW_ACCOUNT = "ent-new-account"


def _place(entity_id: str, name: str, feature: str, admin1: str) -> Entity:
    attributes: dict[str, object] = {"country": "IQ", "admin1": admin1, "feature": feature}
    return Entity(entity_id, EntityKind.PLACE, name, attributes=attributes)


def build_world(kb: KnowledgeBase) -> str:
    """Store the entities and one document; return the document's id."""
    for entity in (
        Entity(COMMANDER, EntityKind.PERSON, "Abu Khuzayma al-Urduni"),
        Entity(NUSRA, EntityKind.GROUP, "Jabhat al-Nusra"),
        Entity(ISIS, EntityKind.GROUP, "Islamic State"),
        Entity(ARMY, EntityKind.GROUP, "Iraqi Army"),
        _place(ANBAR, "Anbar", "admin1", "Anbar"),
        _place(RAWA, "Rawa", "town", "Anbar"),
        _place(ANAH, "Anah", "town", "Anbar"),
        _place(MOSUL, "Mosul", "city", "Nineveh"),
        Entity(OLD_ACCOUNT, EntityKind.ACCOUNT, "@AbuKhuzayma_Urd"),
        Entity(NEW_ACCOUNT, EntityKind.ACCOUNT, "@AbuKhuzayma_Urd2"),
    ):
        kb.add_entity(entity)
    document = Document(
        text="A long report. " * 40,
        origin="reports/sample.txt",
        format="text",
        title="Sample report",
        source=Source(name="Example Monitor", kind="publisher", platform="web"),
        published=datetime(2014, 6, 30, tzinfo=UTC),
        platform="web",
    )
    return kb.add_document(document).document_id


def add_claim(
    kb: KnowledgeBase,
    document_id: str,
    type: str,
    subject: str,
    *,
    object: str | None = None,
    place: str | None = None,
    day: date | None = None,
    hedge: Hedge = Hedge.REPORTED,
    grade: str = "B2",
    at: int = 0,
) -> Claim:
    """Store a claim; `at` moves its quote so otherwise equal claims get distinct ids."""
    claim = Claim(
        type=type,
        subject_id=subject,
        document_id=document_id,
        extractor="allegiance.test.v1",
        quote=Quote("A long report.", at, at + 14),
        object=Argument(entity_id=object) if object else None,
        place_id=place,
        date=FuzzyDate.day(day) if day else None,
        hedge=hedge,
        grade=Grade.parse(grade),
    )
    kb.add_claim(claim)
    return claim


def accept(kb: KnowledgeBase, claim: Claim) -> None:
    kb.add_judgement(
        Judgement(JudgementKind.CLAIM_REVIEW, (claim.id,), "accepted", "analyst", NOW, "checked")
    )


def watch(
    kb: KnowledgeBase, rule_id: str, target: str, *kinds: str, webhook: str | None = None
) -> WatchRule:
    rule = WatchRule(
        id=rule_id,
        target_id=target,
        kinds=kinds or ("pledge", "defection", "control", "account-link", "contradiction"),
        created_at=NOW,
        created_by="analyst",
        webhook_url=webhook,
    )
    kb.add_watch_rule(rule)
    return rule
