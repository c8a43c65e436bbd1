"""The demo corpus's entities and places resolve (held to demo/gold.yaml with floors)."""

import math
from collections import defaultdict
from pathlib import Path
from typing import Required, TypedDict

import yaml
from sqlalchemy.orm import Session, sessionmaker

from allegiance.store import KnowledgeBase

DEMO = Path(__file__).resolve().parents[2] / "demo"
PLACE_FLOOR = 0.85
NAME_FLOOR = 0.80


class GoldEntity(TypedDict, total=False):
    """An entity of demo/gold.yaml, as far as these tests read one."""

    name: Required[str]
    kind: Required[str]
    aliases: list[str]
    lat: float
    lon: float
    precision: int


def _gold_entities() -> list[GoldEntity]:
    gold = yaml.safe_load((DEMO / "gold.yaml").read_text(encoding="utf-8"))
    entities: list[GoldEntity] = gold["entities"]
    return entities


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat, dlon = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(a))


def _linked(kb: KnowledgeBase) -> dict[str, set[str | None]]:
    """Mention text (case-folded) → the entities its mentions were resolved to."""
    found: dict[str, set[str | None]] = defaultdict(set)
    for record in kb.iter_documents():
        for mention in kb.list_mentions(record.id):
            found[mention.text.casefold()].add(mention.entity_id)
    return found


def test_demo_places_resolve_within_10_km(demo_sessions: sessionmaker[Session]) -> None:
    right = total = 0
    with demo_sessions() as session:
        kb = KnowledgeBase(session)
        linked = _linked(kb)
        for gold in _gold_entities():
            if gold["kind"] not in {"place", "facility"} or "lat" not in gold:
                continue
            limit = 50.0 if gold.get("precision") == 3 else 10.0
            for name in {gold["name"], *gold.get("aliases", [])}:
                for entity_id in linked.get(name.casefold(), set()):
                    total += 1
                    attributes = kb.get_entity(entity_id).attributes if entity_id else {}
                    lat, lon = attributes.get("lat"), attributes.get("lon")
                    if (
                        isinstance(lat, int | float)
                        and isinstance(lon, int | float)
                        and _km(gold["lat"], gold["lon"], lat, lon) <= limit
                    ):
                        right += 1
    assert total >= 30
    assert right / total >= PLACE_FLOOR, f"{right}/{total} place mentions within range"


def test_demo_names_resolve_to_one_entity_each(demo_sessions: sessionmaker[Session]) -> None:
    consistent = seen = 0
    with demo_sessions() as session:
        linked = _linked(KnowledgeBase(session))
    for gold in _gold_entities():
        if gold["kind"] not in {"person", "group", "organization"}:
            continue
        names = {gold["name"], *gold.get("aliases", [])}
        entities = set().union(*(linked.get(name.casefold(), set()) for name in names))
        entities.discard(None)
        if entities:
            seen += 1
            consistent += len(entities) == 1
    assert seen >= 15
    assert consistent / seen >= NAME_FLOOR, f"{consistent}/{seen} names on one entity"


def test_demo_commander_nisba_gives_uncertain_nationality(
    demo_sessions: sessionmaker[Session],
) -> None:
    with demo_sessions() as session:
        kb = KnowledgeBase(session)
        claims = kb.list_claims(types=["attribute.nationality"])
        commander = [c for c in claims if "Urduni" in c.quote.text]
    assert commander, "no nationality inferred from al-Urduni"
    claim = commander[0]
    assert claim.object is not None and claim.object.literal == "JO"
    assert claim.hedge.value == "uncertain"
    assert claim.notes and "nisba" in claim.notes
