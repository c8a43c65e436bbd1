from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import Entity, EntityKind, Hedge
from allegiance.query.alerts import evaluate_rules, to_alert
from allegiance.query.changes import ChangeFinder, WatchKind
from allegiance.query.claims import ClaimReader
from allegiance.query.control import PlaceDirectory, control_changes
from allegiance.store import KnowledgeBase
from allegiance.store.watch import Alert
from allegiance.workflow.accounts import confirm_link

from .watch_samples import (
    ANAH,
    ANBAR,
    ARMY,
    COMMANDER,
    ISIS,
    MOSUL,
    NEW_ACCOUNT,
    NOW,
    NUSRA,
    OLD_ACCOUNT,
    RAWA,
    accept,
    add_claim,
    build_world,
    watch,
)

GOLD = Path(__file__).resolve().parents[2] / "demo" / "gold.yaml"
EARLY, LATE = date(2014, 6, 1), date(2014, 6, 25)


@pytest.fixture
def kb(kb_engine: Engine) -> Iterator[KnowledgeBase]:
    with Session(kb_engine) as session, session.begin():
        yield KnowledgeBase(session)
        session.rollback()


@pytest.fixture
def doc(kb: KnowledgeBase) -> str:
    return build_world(kb)


def _alerts(kb: KnowledgeBase) -> list[Alert]:
    return list(evaluate_rules(ClaimReader(kb), kb.list_watch_rules()).alerts)


def test_alert_pledge_names_the_group_left_and_keeps_the_hedge(kb: KnowledgeBase, doc: str) -> None:
    add_claim(kb, doc, "allegiance.membership", COMMANDER, object=NUSRA, day=EARLY)
    pledge = add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=ISIS, day=LATE, at=20)
    watch(kb, "wch-commander", COMMANDER, "pledge", "defection")
    [alert] = _alerts(kb)
    assert (alert.kind, alert.subject_id, alert.object_id) == ("pledge", COMMANDER, ISIS)
    assert [item.claim_id for item in alert.evidence] == [pledge.id]
    assert alert.evidence[0].document_id == doc
    assert "pledged allegiance to Islamic State, leaving Jabhat al-Nusra" in alert.headline
    assert "[reported, B2, 1 claim]" in alert.headline


def test_alert_defection_reaches_a_rule_on_the_group_left(kb: KnowledgeBase, doc: str) -> None:
    add_claim(kb, doc, "allegiance.membership", COMMANDER, object=NUSRA, day=EARLY)
    defection = add_claim(kb, doc, "allegiance.defection", COMMANDER, object=NUSRA, day=LATE)
    watch(kb, "wch-nusra", NUSRA, "defection")
    [alert] = _alerts(kb)
    assert alert.kind == "defection" and alert.evidence[0].claim_id == defection.id
    assert alert.headline.startswith("Abu Khuzayma al-Urduni defected from Jabhat al-Nusra")


def test_alert_control_change_in_a_watched_province(kb: KnowledgeBase, doc: str) -> None:
    capture = add_claim(kb, doc, "territory.capture", ISIS, place=RAWA, day=LATE)
    add_claim(kb, doc, "territory.capture", ISIS, place=MOSUL, day=LATE, at=20)
    watch(kb, "wch-anbar", ANBAR, "control")
    [alert] = _alerts(kb)
    assert (alert.kind, alert.place_id, alert.subject_id) == ("control", RAWA, ISIS)
    assert alert.evidence[0].claim_id == capture.id
    assert alert.headline.startswith("Rawa: controlled by Islamic State from 2014-06-25")


def test_alert_region_rule_hears_of_a_pledge_claimed_in_one_of_its_towns(
    kb: KnowledgeBase, doc: str
) -> None:
    add_claim(kb, doc, "allegiance.membership", COMMANDER, object=NUSRA, day=EARLY)
    inside = add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=ISIS, place=RAWA, day=LATE)
    add_claim(kb, doc, "allegiance.pledge", ARMY, object=ISIS, place=MOSUL, day=LATE, at=20)
    add_claim(kb, doc, "allegiance.pledge", ARMY, object=NUSRA, day=EARLY, at=40)
    watch(kb, "wch-anbar", ANBAR, "pledge", "defection")
    watch(kb, "wch-rawa", RAWA, "pledge")
    alerts = _alerts(kb)
    found = [(a.rule_id, a.place_id, [e.claim_id for e in a.evidence]) for a in alerts]
    assert found == [("wch-anbar", RAWA, [inside.id]), ("wch-rawa", RAWA, [inside.id])]
    assert alerts[0].headline.startswith(
        "Abu Khuzayma al-Urduni pledged allegiance to Islamic State at Rawa, "
        "leaving Jabhat al-Nusra (2014-06-25)"
    )


def test_alert_region_rule_hears_of_a_defection_its_sources_place_in_two_towns(
    kb: KnowledgeBase, doc: str
) -> None:
    first = add_claim(
        kb, doc, "allegiance.defection", COMMANDER, object=NUSRA, place=RAWA, day=LATE
    )
    second = add_claim(
        kb, doc, "allegiance.defection", COMMANDER, object=NUSRA, place=ANAH, day=LATE, at=20
    )
    watch(kb, "wch-anbar", ANBAR, "defection")
    [alert] = _alerts(kb)
    assert {item.claim_id for item in alert.evidence} == {first.id, second.id}
    assert alert.place_id is None  # two places: the headline names both, in evidence order
    where = " or ".join({first.id: "Rawa", second.id: "Anah"}[e.claim_id] for e in alert.evidence)
    assert alert.headline.startswith(
        f"Abu Khuzayma al-Urduni defected from Jabhat al-Nusra at {where} (2014-06-25)"
    )


def test_alert_region_rule_lists_a_left_out_pledge_claimed_in_it(
    kb: KnowledgeBase, doc: str
) -> None:
    claim = add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=MOSUL, place=ANAH, day=LATE)
    watch(kb, "wch-anbar", ANBAR, "pledge")
    evaluation = evaluate_rules(ClaimReader(kb), kb.list_watch_rules())
    assert evaluation.alerts == ()
    assert [skipped.claim_ids for skipped in evaluation.skipped] == [(claim.id,)]


def test_alert_id_of_a_pledge_leaves_its_place_out_so_a_recorded_one_is_kept(
    kb: KnowledgeBase, doc: str
) -> None:
    add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=ISIS, place=RAWA, day=LATE)
    rule = watch(kb, "wch-commander", COMMANDER, "pledge")
    [change] = ChangeFinder(ClaimReader(kb)).changes(WatchKind.PLEDGE)
    assert change.places == (RAWA,) and RAWA in change.ids
    placeless = to_alert(rule, replace(change, places=(), headline="as recorded before"))
    assert kb.add_alert(placeless)  # what a run before changes carried places recorded
    [alert] = _alerts(kb)
    assert (alert.id, alert.place_id) == (placeless.id, RAWA)
    assert not kb.add_alert(alert)


def test_alert_control_change_reaches_a_rule_on_the_actor(kb: KnowledgeBase, doc: str) -> None:
    add_claim(kb, doc, "territory.capture", ISIS, place=MOSUL, day=LATE)
    watch(kb, "wch-isis", ISIS, "control")
    watch(kb, "wch-army", ARMY, "control")
    assert [alert.rule_id for alert in _alerts(kb)] == ["wch-isis"]


def test_alert_linked_accounts_of_a_watched_person(kb: KnowledgeBase, doc: str) -> None:
    operator = add_claim(kb, doc, "account.operator", COMMANDER, object=NEW_ACCOUNT)
    link = add_claim(kb, doc, "account.link", NEW_ACCOUNT, object=OLD_ACCOUNT, at=20)
    watch(kb, "wch-commander", COMMANDER, "account-link")
    found = {alert.evidence[0].claim_id: alert for alert in _alerts(kb)}
    assert set(found) == {operator.id, link.id}
    assert "said to run the account @AbuKhuzayma_Urd2" in found[operator.id].headline


def test_alert_confirmed_account_link_without_claims_cites_the_judgement(
    kb: KnowledgeBase, doc: str
) -> None:
    decision = confirm_link(kb, OLD_ACCOUNT, NEW_ACCOUNT, author="rana", reason="r", now=NOW)
    watch(kb, "wch-new", NEW_ACCOUNT, "account-link")
    [alert] = _alerts(kb)
    assert (alert.subject_id, alert.object_id, alert.evidence) == (OLD_ACCOUNT, NEW_ACCOUNT, ())
    assert f"judged to have one operator by rana ({decision.judgements[0].id})" in alert.headline
    assert alert.headline.endswith("[no claims]")


def test_alert_contradiction_carries_both_claims(kb: KnowledgeBase, doc: str) -> None:
    pledge = add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=ISIS, day=LATE)
    denial = add_claim(
        kb, doc, "allegiance.pledge", COMMANDER, object=ISIS, hedge=Hedge.DENIED, at=20
    )
    accept(kb, pledge)
    watch(kb, "wch-commander", COMMANDER, "contradiction")
    [alert] = _alerts(kb)
    roles = [(item.claim_id, item.role) for item in alert.evidence]
    assert roles == [(denial.id, "evidence"), (pledge.id, "contradicted")]
    assert "(denied) contradicts the accepted claim" in alert.headline


def test_alert_pledge_to_a_non_group_is_left_out_and_said(kb: KnowledgeBase, doc: str) -> None:
    claim = add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=MOSUL, day=LATE)
    watch(kb, "wch-commander", COMMANDER, "pledge")
    evaluation = evaluate_rules(ClaimReader(kb), kb.list_watch_rules())
    assert evaluation.alerts == ()
    [skipped] = evaluation.skipped
    assert skipped.claim_ids == (claim.id,) and "Mosul" in skipped.reason


def test_alert_ids_are_stable_and_recorded_once(kb: KnowledgeBase, doc: str) -> None:
    add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=ISIS, day=LATE)
    watch(kb, "wch-commander", COMMANDER)
    first = _alerts(kb)
    assert [kb.add_alert(alert) for alert in first] == [True]
    assert _alerts(kb) == first
    assert [kb.add_alert(alert) for alert in _alerts(kb)] == [False]
    add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=ISIS, day=LATE, at=20)
    [grown] = _alerts(kb)
    assert grown.id != first[0].id and len(grown.evidence) == 2


def test_alert_removed_rule_raises_nothing(kb: KnowledgeBase, doc: str) -> None:
    add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=ISIS, day=LATE)
    watch(kb, "wch-commander", COMMANDER)
    kb.remove_watch_rule("wch-commander", by="analyst")
    assert evaluate_rules(ClaimReader(kb), kb.list_watch_rules(include_removed=True)).alerts == ()


# The demo knowledge base ------------------------------------------------------------


def _demo_entity(kb: KnowledgeBase, name: str, kind: EntityKind) -> str:
    found = [e for e in kb.find_entities(name) if e.kind is kind]
    [entity] = [e for e in found if e.name == name] or found
    return entity.id


def test_alert_demo_defecting_commander_has_exactly_one_pledge(
    demo_copy: sessionmaker[Session],
) -> None:
    with demo_copy() as session:
        kb = KnowledgeBase(session)
        commander = _demo_entity(kb, "Abu Khuzayma al-Urduni", EntityKind.PERSON)
        isis = _demo_entity(kb, "Islamic State of Iraq and al-Sham", EntityKind.GROUP)
        watch(kb, "wch-commander", commander)
        alerts = _alerts(kb)
        [pledge] = [alert for alert in alerts if alert.kind == "pledge"]
        assert (pledge.subject_id, pledge.object_id) == (commander, isis)
        assert pledge.date is not None and pledge.date.start == date(2014, 6, 25)  # gold date
        assert [alert for alert in alerts if alert.kind == "defection"] == []
        assert {a.kind for a in alerts} >= {"account-link"}


def test_alert_demo_confirmed_link_is_one_alert_on_its_derived_claim(
    demo_copy: sessionmaker[Session],
) -> None:
    with demo_copy() as session:
        kb = KnowledgeBase(session)
        old = _demo_entity(kb, "@AbuKhuzayma_Urd", EntityKind.ACCOUNT)
        new = _demo_entity(kb, "@AbuKhuzayma_Urd2", EntityKind.ACCOUNT)
        decision = confirm_link(kb, old, new, author="rana", reason="recreated", now=NOW)
        [derived] = [c for c in decision.claims if c.type == "account.link"]
        watch(kb, "wch-new", new, "account-link")
        alerts = _alerts(kb)
        confirmed = [a for a in alerts if derived.id in {e.claim_id for e in a.evidence}]
        assert len(confirmed) == 1
        assert decision.judgements[0].id in confirmed[0].headline
        assert not any("were judged" in alert.headline for alert in alerts)


def _gold_anbar_captures() -> set[str]:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    anbar = {"Rawa", "Anah", "Rutba"}  # the gold's 21-22 June captures in Anbar towns
    return {event["place"] for event in gold["events"] if event["place"] in anbar}


def test_alert_demo_province_gets_one_alert_per_control_change(
    demo_copy: sessionmaker[Session],
) -> None:
    with demo_copy() as session:
        kb = KnowledgeBase(session)
        anbar = _demo_entity(kb, "Anbar", EntityKind.PLACE)
        watch(kb, "wch-anbar", anbar, "control")
        reader = ClaimReader(kb)
        alerts = evaluate_rules(reader, kb.list_watch_rules()).alerts
        inside = [place.id for place in PlaceDirectory.load(kb).inside(anbar)]
        changes = control_changes(reader, inside, None)
        assert len(alerts) == len(changes) > 0
        assert {(a.place_id, a.date.start if a.date else None) for a in alerts} == {
            (change.place.id, change.day) for change in changes
        }
        held = {a.place_id for a in alerts if "controlled by Islamic State" in a.headline}
        for town in _gold_anbar_captures():  # a name may fit two places (old and new Anah)
            assert {e.id for e in kb.find_entities(town)} & held, town


def test_alert_demo_pledge_reaches_the_province_it_was_made_in_only(
    demo_copy: sessionmaker[Session],
) -> None:
    with demo_copy() as session:
        kb = KnowledgeBase(session)
        commander = _demo_entity(kb, "Abu Khuzayma al-Urduni", EntityKind.PERSON)
        town = _demo_entity(kb, "Ālbū Kamāl", EntityKind.PLACE)  # where the demo's pledges are
        attributes: dict[str, object] = {
            "country": "SY",
            "admin1": "Deir ez-Zor",
            "feature": "admin1",
        }
        kb.add_entity(Entity("ent-deir", EntityKind.PLACE, "Deir ez-Zor", attributes=attributes))
        watch(kb, "wch-deir", "ent-deir", "pledge")
        watch(kb, "wch-anbar", _demo_entity(kb, "Anbar", EntityKind.PLACE), "pledge")
        alerts = _alerts(kb)
        assert {alert.rule_id for alert in alerts} == {"wch-deir"}
        assert {alert.place_id for alert in alerts} == {town}
        assert commander in {alert.subject_id for alert in alerts}
