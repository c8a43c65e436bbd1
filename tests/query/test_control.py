"""Control of places over time: each precedence rule on hand-made claims, then the demo towns."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import Argument, Entity, EntityKind, FuzzyDate, Judgement, JudgementKind
from allegiance.model.claim import Hedge, Quote
from allegiance.query.claims import ClaimReader
from allegiance.query.control import (
    ActorRef,
    ControlLookups,
    ControlStatus,
    NotAnAreaError,
    RollupLevel,
    control_as_of,
    control_changes,
    control_timeline,
    rollup,
    stored_control_is_fresh,
)
from allegiance.query.entities import merge_entities
from allegiance.query.relations import actor_entity_id
from allegiance.store import KnowledgeBase
from allegiance.workflow.control import build_control
from tests.store.samples import make_claim, make_document

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
GOLD = Path(__file__).resolve().parents[2] / "demo" / "gold.yaml"

PLACES: dict[str, tuple[str, dict[str, object]]] = {
    "ent-mosul": ("Mosul", {"country": "IQ", "admin1": "Nineveh", "feature": "city"}),
    "ent-talafar": ("Tal Afar", {"country": "IQ", "admin1": "Nineveh", "feature": "town"}),
    "ent-nineveh": ("Nineveh", {"country": "IQ", "admin1": "Nineveh", "feature": "admin1"}),
    "ent-rutba": ("Rutba", {"country": "IQ", "admin1": "Anbar", "feature": "town"}),
    "ent-raqqa": ("Raqqa", {"country": "SY", "admin1": "Raqqa", "feature": "city"}),
}
ACTORS = {"ent-isis": "ISIS", "ent-army": "Iraqi Army", "ent-nusra": "Jabhat al-Nusra"}


@dataclass
class Scene:
    """A knowledge base with three actors and five places; each claim gets its own document
    unless told otherwise, so claims corroborate each other as independent reports do.

    With `stored`, every reader answers from control periods built (and stored) just before
    it is made, so each rule is checked both computed from the claims and as stored.
    """

    kb: KnowledgeBase
    stored: bool = False
    ids: Iterator[int] = field(default_factory=itertools.count)

    def claim(
        self,
        kind: str,
        actor: str,
        day: date | None,
        *,
        place: str = "ent-mosul",
        hedge: Hedge = Hedge.ASSERTED,
        against: str | None = None,
        published: date = date(2014, 7, 1),
    ) -> str:
        number = next(self.ids)
        text = f"Report {number} about {kind} by {actor}."
        when = datetime(published.year, published.month, published.day, 9, tzinfo=UTC)
        document = self.kb.add_document(make_document(text, url=None, published=when))
        claim = make_claim(
            document.document_id,
            type=kind if "." in kind else f"territory.{kind}",
            subject_id=actor,
            object=Argument(entity_id=against) if against else None,
            place_id=place,
            date=FuzzyDate.day(day) if day else None,
            hedge=hedge,
            quote=Quote(text, 0, len(text)),
            attributed_to_id=None,
        )
        self.kb.add_claim(claim)
        return claim.id

    def reader(self) -> ClaimReader:
        if self.stored:
            build_control(self.kb)
        assert stored_control_is_fresh(self.kb) is self.stored
        return ClaimReader(self.kb)

    def timeline(self, place: str = "ent-mosul") -> list[tuple[ControlStatus, str | None, date]]:
        return [
            (p.status, p.actor.id if p.actor else None, p.start)
            for p in control_timeline(self.reader(), place)
        ]


@pytest.fixture(params=["computed", "stored"])
def scene(kb_engine: Engine, request: pytest.FixtureRequest) -> Iterator[Scene]:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        for entity_id, name in ACTORS.items():
            kb.add_entity(Entity(entity_id, EntityKind.GROUP, name))
        for entity_id, (name, attributes) in PLACES.items():
            kb.add_entity(Entity(entity_id, EntityKind.PLACE, name, attributes=attributes))
        yield Scene(kb, stored=request.param == "stored")


def _day(day: int, month: int = 6) -> date:
    return date(2014, month, day)


def test_control_later_capture_ends_earlier_control(scene: Scene) -> None:
    held = scene.claim("control", "ent-army", _day(1))
    taken = scene.claim("capture", "ent-isis", _day(10), hedge=Hedge.REPORTED)
    periods = control_timeline(scene.reader(), "ent-mosul")
    assert [(p.status, p.actor and p.actor.name, p.start, p.end) for p in periods] == [
        (ControlStatus.CONTROLLED, "Iraqi Army", _day(1), _day(9)),
        (ControlStatus.CONTROLLED, "ISIS", _day(10), None),
    ]
    assert periods[0].claim_ids == (held,)
    assert (periods[1].claim_ids, periods[1].hedges, periods[1].rule) == (
        (taken,),
        (Hedge.REPORTED,),
        "capture",
    )
    before, after = (control_as_of(scene.reader(), d)[0] for d in (_day(5), _day(12)))
    assert before.period and before.period.actor and before.period.actor.id == "ent-army"
    assert after.period and after.period.actor and after.period.actor.id == "ent-isis"


def test_control_presence_never_ends_control(scene: Scene) -> None:
    scene.claim("capture", "ent-isis", _day(10))
    present = scene.claim("presence", "ent-army", _day(12))
    periods = control_timeline(scene.reader(), "ent-mosul")
    assert [(p.status, p.actor and p.actor.id) for p in periods] == [
        (ControlStatus.CONTROLLED, "ent-isis")
    ]
    assert periods[0].other_claim_ids == (present,)
    assert periods[0].last_reported == _day(12)


def test_control_presence_alone_is_presence_not_control(scene: Scene) -> None:
    scene.claim("presence", "ent-isis", _day(10), hedge=Hedge.REPORTED)
    assert scene.timeline() == [(ControlStatus.PRESENCE, "ent-isis", _day(10))]


def test_control_withdrawal_leaves_the_place_to_whoever_is_reported_there(scene: Scene) -> None:
    scene.claim("control", "ent-army", _day(1))
    left = scene.claim("withdrawal", "ent-army", _day(10), hedge=Hedge.REPORTED)
    arrived = scene.claim("presence", "ent-isis", _day(12), hedge=Hedge.REPORTED)
    assert scene.timeline() == [
        (ControlStatus.CONTROLLED, "ent-army", _day(1)),
        (ControlStatus.WITHDRAWN, "ent-army", _day(10)),
        (ControlStatus.CONTROLLED, "ent-isis", _day(12)),
    ]
    last = control_timeline(scene.reader(), "ent-mosul")[-1]
    assert last.rule == "reported there after a withdrawal"
    assert set(last.claim_ids) == {left, arrived}


def test_control_withdrawal_with_nobody_reported_leaves_it_unknown(scene: Scene) -> None:
    scene.claim("control", "ent-army", _day(1))
    scene.claim("withdrawal", "ent-army", _day(10))
    scene.claim("presence", "ent-isis", _day(25))  # too late to be a takeover
    assert scene.timeline() == [
        (ControlStatus.CONTROLLED, "ent-army", _day(1)),
        (ControlStatus.WITHDRAWN, "ent-army", _day(10)),
        (ControlStatus.PRESENCE, "ent-isis", _day(25)),
    ]


def test_control_withdrawal_and_capture_on_one_day_are_a_handover(scene: Scene) -> None:
    left = scene.claim("withdrawal", "ent-army", _day(10), hedge=Hedge.REPORTED)
    taken = scene.claim("capture", "ent-isis", _day(10), hedge=Hedge.REPORTED)
    (period,) = control_timeline(scene.reader(), "ent-mosul")
    assert (period.status, period.actor and period.actor.id) == (
        ControlStatus.CONTROLLED,
        "ent-isis",
    )
    assert set(period.claim_ids) == {left, taken}


def test_control_hedged_capture_against_asserted_control_on_one_day_is_contested(
    scene: Scene,
) -> None:
    scene.claim("control", "ent-army", _day(10))
    scene.claim("capture", "ent-isis", _day(10), hedge=Hedge.REPORTED)
    (period,) = control_timeline(scene.reader(), "ent-mosul")
    assert period.status is ControlStatus.CONTESTED
    assert period.actor is None
    assert [a.id for a in period.actors] == ["ent-army", "ent-isis"]  # strongest first
    assert set(period.hedges) == {Hedge.ASSERTED, Hedge.REPORTED}


def test_control_claimed_capture_of_a_held_place_is_contested_not_a_handover(
    scene: Scene,
) -> None:
    scene.claim("control", "ent-army", _day(1))
    scene.claim("capture", "ent-isis", _day(10), hedge=Hedge.CLAIMED)
    assert scene.timeline() == [
        (ControlStatus.CONTROLLED, "ent-army", _day(1)),
        (ControlStatus.CONTESTED, None, _day(10)),
    ]


def test_control_corroborated_claims_count_more(scene: Scene) -> None:
    scene.claim("control", "ent-army", _day(1))
    scene.claim("capture", "ent-isis", _day(10), hedge=Hedge.CLAIMED)
    scene.claim("capture", "ent-isis", _day(10), hedge=Hedge.CLAIMED)  # a second document
    period = control_timeline(scene.reader(), "ent-mosul")[-1]
    assert (period.status, period.support) == (ControlStatus.CONTROLLED, 0.84)


def test_control_uncertain_capture_alone_reads_as_presence(scene: Scene) -> None:
    scene.claim("capture", "ent-isis", _day(10), hedge=Hedge.UNCERTAIN)
    assert scene.timeline() == [(ControlStatus.PRESENCE, "ent-isis", _day(10))]


def test_control_denied_negated_and_expected_claims_never_change_it(scene: Scene) -> None:
    scene.claim("control", "ent-army", _day(1))
    counter = {
        scene.claim("capture", "ent-isis", _day(10), hedge=Hedge.DENIED),
        scene.claim("capture", "ent-isis", _day(11), hedge=Hedge.NEGATED),
        scene.claim("capture", "ent-isis", _day(12), hedge=Hedge.EXPECTED),
    }
    (period,) = control_timeline(scene.reader(), "ent-mosul")
    assert (period.status, period.actor and period.actor.id) == (
        ControlStatus.CONTROLLED,
        "ent-army",
    )
    assert set(period.other_claim_ids) == counter


def test_control_only_denials_leave_the_place_unknown_with_them_as_evidence(scene: Scene) -> None:
    denied = scene.claim("capture", "ent-isis", _day(10), hedge=Hedge.DENIED)
    (control,) = control_as_of(scene.reader(), _day(20))
    assert control.status is ControlStatus.UNKNOWN
    assert control.period and control.period.other_claim_ids == (denied,)


def test_control_competing_control_claims_are_contested_until_one_side_falls_silent(
    scene: Scene,
) -> None:
    scene.claim("control", "ent-army", _day(1))
    scene.claim("control", "ent-isis", _day(5))
    scene.claim("control", "ent-isis", _day(30))  # the army's last claim is 29 days old
    assert scene.timeline() == [
        (ControlStatus.CONTROLLED, "ent-army", _day(1)),
        (ControlStatus.CONTESTED, None, _day(5)),
        (ControlStatus.CONTROLLED, "ent-isis", _day(30)),
    ]


def test_control_clashes_contest_the_place_for_a_while(scene: Scene) -> None:
    scene.claim("control", "ent-isis", _day(1))
    clash = scene.claim("violence.clash", "ent-isis", _day(10), against="ent-army")
    periods = control_timeline(scene.reader(), "ent-mosul")
    assert [(p.status, p.start, p.end, p.rule) for p in periods] == [
        (ControlStatus.CONTROLLED, _day(1), _day(9), "control"),
        (ControlStatus.CONTESTED, _day(10), _day(17), "clashes"),
        (ControlStatus.CONTROLLED, _day(18), None, "clashes lapsed"),
    ]
    assert [a.id for a in periods[1].actors] == ["ent-isis", "ent-army"]
    assert periods[1].claim_ids == (clash,)


def test_control_siege_then_the_holder_withdraws(scene: Scene) -> None:
    scene.claim("control", "ent-army", _day(1))
    scene.claim("siege", "ent-isis", _day(5), hedge=Hedge.REPORTED)
    besieged = control_as_of(scene.reader(), _day(7))[0].period
    assert besieged and besieged.status is ControlStatus.BESIEGED
    assert (besieged.actor and besieged.actor.id, besieged.held_by and besieged.held_by.id) == (
        "ent-isis",
        "ent-army",
    )
    scene.claim("withdrawal", "ent-army", _day(9))
    assert scene.timeline()[-1] == (ControlStatus.CONTROLLED, "ent-isis", _day(9))


def test_control_undated_claim_counts_from_its_publication(scene: Scene) -> None:
    scene.claim("control", "ent-isis", None, published=_day(14))
    assert scene.timeline() == [(ControlStatus.CONTROLLED, "ent-isis", _day(14))]


def test_control_sees_merged_actors_as_one(scene: Scene) -> None:
    scene.kb.add_entity(Entity("ent-dawla", EntityKind.GROUP, "the Dawla"))
    scene.claim("capture", "ent-isis", _day(10), hedge=Hedge.REPORTED)
    scene.claim("control", "ent-dawla", _day(10))
    assert scene.timeline()[0][0] is ControlStatus.CONTESTED
    merge_entities(scene.kb, "ent-dawla", "ent-isis", author="a", reason="one group", now=NOW)
    assert scene.timeline() == [(ControlStatus.CONTROLLED, "ent-isis", _day(10))]


def test_control_rejected_claims_change_nothing(scene: Scene) -> None:
    scene.claim("control", "ent-army", _day(1))
    wrong = scene.claim("capture", "ent-isis", _day(10))
    scene.kb.add_judgement(Judgement(JudgementKind.CLAIM_REVIEW, (wrong,), "rejected", "a", NOW))
    assert scene.timeline() == [(ControlStatus.CONTROLLED, "ent-army", _day(1))]


def test_control_as_of_within_a_province_or_country_and_rolled_up(scene: Scene) -> None:
    scene.claim("capture", "ent-isis", _day(10), place="ent-mosul")
    scene.claim("capture", "ent-isis", _day(16), place="ent-talafar")
    scene.claim("capture", "ent-isis", _day(22), place="ent-rutba")
    scene.claim("control", "ent-nusra", _day(1), place="ent-raqqa")
    scene.claim("control", "ent-army", _day(20), place="ent-talafar")
    reader = scene.reader()
    lookups = ControlLookups()
    nineveh = control_as_of(reader, _day(30), "ent-nineveh", lookups=lookups)
    assert [(c.place.name, c.status) for c in nineveh] == [
        ("Mosul", ControlStatus.CONTROLLED),
        ("Tal Afar", ControlStatus.CONTESTED),
    ]
    iraq = control_as_of(reader, _day(30), "IQ", lookups=lookups)
    assert {c.place.name for c in iraq} == {"Mosul", "Tal Afar", "Rutba"}
    areas = rollup(iraq, RollupLevel.PROVINCE)
    assert [area.summary() for area in areas] == [
        "Anbar: 1 place controlled by ISIS",
        "Nineveh: 1 place controlled by ISIS, 1 place contested",
    ]
    assert areas[1].counts[0].place_ids == ("ent-mosul",)
    assert len(areas[1].counts[1].claim_ids) == 2
    (country,) = rollup(iraq, RollupLevel.COUNTRY)
    assert (country.name, country.places) == ("IQ", 3)


def test_control_as_of_looks_names_and_publication_days_up_together(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene.claim("capture", "ent-isis", _day(10), place="ent-mosul")
    scene.claim("control", "ent-army", None, place="ent-talafar", published=_day(12))
    lookups = ControlLookups()
    monkeypatch.setattr(scene.kb, "get_entity", _one_by_one)
    monkeypatch.setattr(scene.kb, "get_document", _one_by_one)
    found = control_as_of(scene.reader(), _day(30), "ent-nineveh", lookups=lookups)
    assert [(c.place.name, c.status, c.period.actor) for c in found if c.period] == [
        ("Mosul", ControlStatus.CONTROLLED, ActorRef("ent-isis", "ISIS")),
        ("Tal Afar", ControlStatus.CONTROLLED, ActorRef("ent-army", "Iraqi Army")),
    ]
    assert found[1].period and found[1].period.start == _day(12)


def _one_by_one(identifier: str) -> None:
    raise AssertionError(f"{identifier} was looked up on its own")


def test_control_as_of_matches_the_timeline_through_that_day(scene: Scene) -> None:
    scene.claim("control", "ent-army", _day(1))
    scene.claim("capture", "ent-isis", _day(10), hedge=Hedge.REPORTED)
    scene.claim("violence.clash", "ent-army", _day(14), against="ent-isis")
    scene.claim("withdrawal", "ent-isis", _day(25))
    scene.claim("presence", "ent-nusra", None, published=_day(27))
    reader = scene.reader()
    for day in [_day(d) for d in (1, 9, 10, 14, 20, 22, 25, 26, 27, 30)]:
        (place,) = control_as_of(reader, day, "IQ")
        timeline = control_timeline(reader, "ent-mosul", through=day)
        assert place.period == (timeline[-1] if timeline[-1].covers(day) else None), day


def test_control_follows_a_group_through_its_renaming(scene: Scene) -> None:
    isis, state = (
        actor_entity_id(k) for k in ("islamic-state-of-iraq-and-al-sham", "islamic-state")
    )
    scene.kb.add_entity(Entity(isis, EntityKind.GROUP, "ISIS"))
    scene.kb.add_entity(Entity(state, EntityKind.GROUP, "Islamic State"))
    taken = scene.claim("capture", isis, _day(10))
    held = scene.claim("control", state, _day(5, month=7))  # renamed on 29 June
    (period,) = control_timeline(scene.reader(), "ent-mosul")
    assert (period.status, period.rule, period.claim_ids) == (
        ControlStatus.CONTROLLED, "capture", (taken, held)
    )  # fmt: skip
    assert period.actor == ActorRef(isis, "ISIS")  # named as when the period began
    (before,) = control_as_of(scene.reader(), _day(20))
    (after,) = control_as_of(scene.reader(), _day(10, month=7))
    assert before.period and before.period.actor == ActorRef(isis, "ISIS")
    assert after.period and after.period.actor == ActorRef(state, "Islamic State")


def test_control_within_a_town_is_refused(scene: Scene) -> None:
    with pytest.raises(NotAnAreaError, match="Mosul"):
        control_as_of(scene.reader(), _day(30), "ent-mosul")


def test_control_changes_since_a_date(scene: Scene) -> None:
    scene.claim("control", "ent-army", _day(1))
    taken = scene.claim("capture", "ent-isis", _day(10))
    scene.claim("capture", "ent-isis", _day(16), place="ent-talafar")
    scene.claim("capture", "ent-isis", _day(3), place="ent-rutba", hedge=Hedge.DENIED)
    changes = control_changes(scene.reader(), ["ent-mosul"], _day(5))
    assert [(c.place.id, c.day) for c in changes] == [("ent-mosul", _day(10))]
    (change,) = changes
    assert change.before and change.before.actor and change.before.actor.id == "ent-army"
    assert change.after.claim_ids == (taken,)
    everywhere = control_changes(scene.reader(), None, None)
    assert [(c.place.id, c.day) for c in everywhere] == [
        ("ent-mosul", _day(1)),
        ("ent-mosul", _day(10)),
        ("ent-talafar", _day(16)),
    ]


# The demo knowledge base (the real pipeline over demo/reports)

ISIS_NAMES = ("Dawla", "the Dawla", "Islamic State", "The lions", "the mujahidin")
"""Names the demo's extractor left apart from ISIS; an analyst merges them (gold: aliases)."""

TOWNS = ("Mosul", "Tikrit", "Tal Afar", "Rawa", "Anah", "Rutba", "Mayadin")


def _gold_captures() -> dict[str, date]:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    return {
        event["place"]: event["date"]
        for event in gold["events"]
        if event["type"] == "territory.capture" and event["place"] in TOWNS
    }


def _merge_isis_names(kb: KnowledgeBase) -> str:
    (isis,) = (e for e in kb.find_entities("ISIS") if e.name == "Islamic State of Iraq and al-Sham")
    names = {e.id: e for name in ISIS_NAMES for e in kb.find_entities(name)}
    for entity in names.values():
        if entity.kind is not EntityKind.PLACE and entity.id != isis.id:
            merge_entities(kb, entity.id, isis.id, author="t", reason="gold alias", now=NOW)
    return isis.id


def _town_ids(kb: KnowledgeBase, with_claims: set[str]) -> dict[str, str]:
    found = {}
    for town in TOWNS:
        (place_id,) = {e.id for e in kb.find_entities(town)} & with_claims
        found[town] = place_id
    return found


def test_control_demo_towns_before_and_after_their_captures(
    demo_copy: sessionmaker[Session],
) -> None:
    captures = _gold_captures()
    assert set(captures) == set(TOWNS)
    with demo_copy() as session, session.begin():
        kb = KnowledgeBase(session)
        isis = _merge_isis_names(kb)
        reader = ClaimReader(kb)
        before = {c.place.id: c for c in control_as_of(reader, date(2014, 6, 1))}
        towns = _town_ids(kb, set(before))
        for town, captured in captures.items():
            assert before[towns[town]].status is ControlStatus.UNKNOWN, town
            settled = captured + timedelta(days=2)  # the demo dates a few captures a day late
            after = {c.place.id: c for c in control_as_of(reader, settled)}[towns[town]]
            period = after.period
            assert period and period.status is ControlStatus.CONTROLLED, (town, period)
            assert period.actor and period.actor.id == isis, town
            assert period.claim_ids and period.hedges
        tikrit = control_timeline(reader, towns["Tikrit"], through=date(2014, 7, 5))[-1]
        assert tikrit.status is ControlStatus.CONTESTED  # the army's claimed re-entry, 28 June
        assert {"the army", "Islamic State of Iraq and al-Sham"} <= {a.name for a in tikrit.actors}


def test_control_demo_province_rollup(demo_sessions: sessionmaker[Session]) -> None:
    with demo_sessions() as session:
        kb = KnowledgeBase(session)
        (nineveh,) = (e for e in kb.find_entities("Nineveh") if e.kind is EntityKind.PLACE)
        reader = ClaimReader(kb)
        controls = control_as_of(reader, date(2014, 6, 20), nineveh.id)
        names = {c.place.name: c for c in controls}
        assert {"Mosul", "Tall ‘Afar"} <= set(names)
        talafar = names["Tall ‘Afar"].period
        assert talafar and talafar.status is ControlStatus.CONTROLLED
        assert talafar.actor and talafar.actor.name == "Islamic State of Iraq and al-Sham"
        (area,) = rollup(controls, RollupLevel.PROVINCE)
        assert area.summary().startswith("Nineveh: ")
        assert "controlled by Islamic State of Iraq and al-Sham" in area.summary()
