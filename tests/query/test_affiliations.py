"""Affiliations over time, from hand-made claims on both backends and from the demo corpus."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import Argument, Entity, EntityKind, FuzzyDate, Hedge, Quote
from allegiance.query.affiliations import (
    Affiliation,
    AffiliationKind,
    affiliation_changes,
    affiliations,
    affiliations_as_of,
    members,
    members_as_of,
    timeline,
    timelines,
)
from allegiance.query.claims import ClaimReader
from allegiance.query.relations import Holding, Lineages, lineages_for
from allegiance.resolve.actors import parse_actors
from allegiance.store import KnowledgeBase
from tests.store.samples import make_claim, make_document

GAZETTEER = parse_actors("""
version: 1
actors:
  - {key: al-qaeda, kind: group, name: al-Qaeda}
  - key: jabhat-al-nusra
    kind: group
    name: Jabhat al-Nusra
    lineage: [{relation: part_of, actor: al-qaeda, date: "2013-04-10"}]
  - {key: isis, kind: group, name: ISIS}
  - key: islamic-state
    kind: group
    name: Islamic State
    lineage: [{relation: renamed_from, actor: isis, date: "2014-06-29"}]
""")
GROUPS = {
    "ent-qaeda": "al-Qaeda",
    "ent-nusra": "Jabhat al-Nusra",
    "ent-isis": "ISIS",
    "ent-is": "Islamic State",
    "ent-tribe": "Albu Kamal tribal fighters",
}
ACTORS = {"al-qaeda": "ent-qaeda", "jabhat-al-nusra": "ent-nusra", "isis": "ent-isis",
          "islamic-state": "ent-is"}  # fmt: skip
PERSONS = {"ent-abu": "Abu Khuzayma", "ent-anas": "Abu Anas", "ent-dawla": "Dawla"}
PLACES = {"ent-rawa": "Rawa", "ent-anah": "Anah"}
DEMO = Path(__file__).resolve().parents[2] / "demo"


def day(text: str) -> FuzzyDate:
    return FuzzyDate.parse(text)


class Corpus:
    """A knowledge base of hand-made allegiance claims, one document, made-up quotes."""

    def __init__(self, session: Session) -> None:
        self.kb = KnowledgeBase(session)
        for entity_id, name in GROUPS.items():
            self.kb.add_entity(Entity(entity_id, EntityKind.GROUP, name))
        for entity_id, name in PERSONS.items():
            self.kb.add_entity(Entity(entity_id, EntityKind.PERSON, name))
        self.kb.add_entity(Entity("ent-account", EntityKind.ACCOUNT, "@AbuKhuzayma_Urd2"))
        for place_id, name in PLACES.items():
            self.kb.add_entity(Entity(place_id, EntityKind.PLACE, name))
        self.document_id = self.kb.add_document(make_document()).document_id
        self._offsets = itertools.count(0, 10)

    def claim(
        self,
        type: str,
        subject: str,
        group: str,
        when: str | None,
        *,
        hedge: Hedge = Hedge.ASSERTED,
        place: str | None = None,
        document_id: str | None = None,
        **qualifiers: str,
    ) -> str:
        start = next(self._offsets)
        claim = make_claim(
            document_id or self.document_id,
            type=type,
            subject_id=subject,
            object=Argument(entity_id=group),
            date=day(when) if when else None,
            hedge=hedge,
            place_id=place,
            place_precision=None,
            attributed_to_id=None,
            quote=Quote(f"{type} {subject} {group}", start, start + 5),
            qualifiers=qualifiers,
        )
        self.kb.add_claim(claim)
        return claim.id

    def report(self, published: date) -> str:
        """Another document, published at noon UTC on `published`."""
        when = datetime(published.year, published.month, published.day, 12, tzinfo=UTC)
        text = f"A later report of {published.isoformat()}."
        return self.kb.add_document(make_document(text, url=None, published=when)).document_id

    def reader(self) -> tuple[ClaimReader, Lineages]:
        reader = ClaimReader(self.kb)
        return reader, Lineages(reader, GAZETTEER, entity_id=ACTORS.__getitem__)


@pytest.fixture
def corpus(kb_engine: Engine) -> Iterator[Corpus]:
    with Session(kb_engine) as session, session.begin():
        yield Corpus(session)
        session.rollback()


def _groups_on(corpus: Corpus, entity: str, when: str) -> dict[str, Holding]:
    reader, lineages = corpus.reader()
    found = affiliations_as_of(reader, entity, date.fromisoformat(when), lineages=lineages)
    return {a.group_id: a.holds_on(date.fromisoformat(when)) for a in found}


def test_affiliations_pledge_to_another_group_ends_membership(corpus: Corpus) -> None:
    member = corpus.claim(
        "allegiance.membership", "ent-abu", "ent-nusra", "2014-06-16", role="commander"
    )
    pledge = corpus.claim("allegiance.pledge", "ent-abu", "ent-isis", "2014-06-25")
    assert _groups_on(corpus, "ent-abu", "2014-06-20") == {"ent-nusra": Holding.YES}
    assert _groups_on(corpus, "ent-abu", "2014-06-26") == {"ent-isis": Holding.YES}
    reader, lineages = corpus.reader()
    nusra, isis, carried = affiliations(reader, "ent-abu", lineages=lineages)
    assert (nusra.group_id, nusra.kind, nusra.role) == (
        "ent-nusra", AffiliationKind.MEMBERSHIP, "commander"
    )  # fmt: skip
    assert (nusra.start, nusra.end) == (day("2014-06-16"), day("2014-06-25"))
    assert [e.claim_id for e in nusra.evidence] == [member]
    assert [e.claim_id for e in nusra.end_evidence] == [pledge]
    assert (isis.kind, isis.start, isis.end, isis.renamed_to) == (
        AffiliationKind.ALLEGIANCE, day("2014-06-25"), day("2014-06-29"), "ent-is"
    )  # fmt: skip
    assert (carried.group_id, carried.end, carried.end_evidence) == ("ent-is", None, ())


def test_affiliations_a_later_pledge_ends_only_what_is_still_open(corpus: Corpus) -> None:
    corpus.claim("allegiance.membership", "ent-abu", "ent-nusra", "2014-06-16")
    first = corpus.claim("allegiance.pledge", "ent-abu", "ent-isis", "2014-06-25")
    again = corpus.claim("allegiance.pledge", "ent-abu", "ent-isis", "2014-06-25")
    later = corpus.claim("allegiance.pledge", "ent-abu", "ent-tribe", "2014-06-27")
    reader, lineages = corpus.reader()
    ended = {
        a.group_id: [e.claim_id for e in a.end_evidence]
        for a in affiliations(reader, "ent-abu", lineages=lineages)
    }
    assert ended == {"ent-nusra": [first, again], "ent-isis": [later], "ent-tribe": []}


def test_affiliations_membership_after_an_end_opens_a_new_tie(corpus: Corpus) -> None:
    corpus.claim("allegiance.membership", "ent-abu", "ent-nusra", "2014-01-10")
    corpus.claim("allegiance.defection", "ent-abu", "ent-nusra", "2014-02-01")
    corpus.claim("allegiance.membership", "ent-abu", "ent-nusra", "2014-05-01")
    reader, lineages = corpus.reader()
    found = affiliations(reader, "ent-abu", lineages=lineages)
    assert [(a.start, a.end) for a in found] == [
        (day("2014-01-10"), day("2014-02-01")), (day("2014-05-01"), None)
    ]  # fmt: skip
    assert _groups_on(corpus, "ent-abu", "2014-03-01") == {}


def test_affiliations_membership_on_the_pledge_day_still_precedes_it(corpus: Corpus) -> None:
    corpus.claim("allegiance.pledge", "ent-abu", "ent-isis", "2014-06-25")
    corpus.claim("allegiance.membership", "ent-abu", "ent-nusra", "2014-06-25")
    reader, lineages = corpus.reader()
    nusra = next(
        a for a in affiliations(reader, "ent-abu", lineages=lineages) if a.group_id == "ent-nusra"
    )
    assert (nusra.start, nusra.end) == (day("2014-06-25"), day("2014-06-25"))
    assert _groups_on(corpus, "ent-abu", "2014-06-25") == {"ent-isis": Holding.YES}


def test_affiliations_pledge_to_a_parent_group_keeps_membership(corpus: Corpus) -> None:
    corpus.claim("allegiance.membership", "ent-abu", "ent-nusra", "2014-01-10")
    corpus.claim("allegiance.pledge", "ent-abu", "ent-qaeda", "2014-02-01")
    assert _groups_on(corpus, "ent-abu", "2014-03-01") == {
        "ent-nusra": Holding.YES, "ent-qaeda": Holding.YES
    }  # fmt: skip


def test_affiliations_defection_ends_and_its_to_opens(corpus: Corpus) -> None:
    corpus.claim("allegiance.membership", "ent-anas", "ent-nusra", "2014-01-10")
    left = corpus.claim("allegiance.defection", "ent-anas", "ent-nusra", "2014-03-02", to="ISIS")
    assert _groups_on(corpus, "ent-anas", "2014-02-01") == {"ent-nusra": Holding.YES}
    assert _groups_on(corpus, "ent-anas", "2014-03-02") == {"ent-isis": Holding.YES}
    reader, lineages = corpus.reader()
    isis = next(
        a for a in affiliations(reader, "ent-anas", lineages=lineages) if a.group_id == "ent-isis"
    )
    assert [e.claim_id for e in isis.evidence] == [left]


def test_affiliations_defection_alone_implies_an_earlier_tie(corpus: Corpus) -> None:
    left = corpus.claim("allegiance.defection", "ent-anas", "ent-nusra", "2014-03-02")
    reader, lineages = corpus.reader()
    (nusra,) = affiliations(reader, "ent-anas", lineages=lineages)
    assert (nusra.start, nusra.end, nusra.evidence) == (None, day("2014-03-02"), ())
    assert [e.claim_id for e in nusra.end_evidence] == [left]
    assert nusra.holds_on(date(2014, 3, 1)) is Holding.MAYBE


def test_affiliations_renaming_carries_members_over(corpus: Corpus) -> None:
    corpus.claim("allegiance.membership", "ent-abu", "ent-isis", "2014-06-15", role="emir")
    assert _groups_on(corpus, "ent-abu", "2014-06-20") == {"ent-isis": Holding.YES}
    assert _groups_on(corpus, "ent-abu", "2014-07-01") == {"ent-is": Holding.YES}
    reader, lineages = corpus.reader()
    before, after = affiliations(reader, "ent-abu", lineages=lineages)
    assert (before.end, before.renamed_to) == (day("2014-06-29"), "ent-is")
    assert (after.start, after.carried_from, after.role) == (day("2014-06-29"), "ent-isis", "emir")
    assert after.line == ("ent-isis", "ent-is") and after.evidence == before.evidence


def test_affiliations_defection_from_a_later_name_stays_with_that_name(corpus: Corpus) -> None:
    corpus.claim("allegiance.defection", "ent-abu", "ent-is", "2015-01-10")
    reader, lineages = corpus.reader()
    (left,) = affiliations(reader, "ent-abu", lineages=lineages)
    assert (left.group_id, left.start, left.end, left.carried_from) == (
        "ent-is", None, day("2015-01-10"), None
    )  # fmt: skip


def test_affiliations_pledge_to_a_later_name_of_the_same_line_keeps_the_tie(corpus: Corpus) -> None:
    corpus.claim("allegiance.membership", "ent-abu", "ent-isis", "2014-06-15")
    corpus.claim("allegiance.pledge", "ent-abu", "ent-is", "2014-07-02")
    reader, lineages = corpus.reader()
    found = affiliations(reader, "ent-abu", lineages=lineages)
    assert [(a.group_id, a.end_evidence) for a in found] == [("ent-isis", ()), ("ent-is", ())]
    assert len(found[1].evidence) == 2


def test_affiliations_denied_and_expected_claims_make_no_interval(corpus: Corpus) -> None:
    denied = corpus.claim(
        "allegiance.pledge", "ent-abu", "ent-isis", "2014-06-25", hedge=Hedge.DENIED
    )
    expected = corpus.claim(
        "allegiance.pledge", "ent-abu", "ent-is", "2014-07-01", hedge=Hedge.EXPECTED
    )
    corpus.claim("allegiance.membership", "ent-abu", "ent-nusra", "2014-06-16")
    reader, lineages = corpus.reader()
    found = timeline(reader, "ent-abu", lineages=lineages)
    assert [a.group_id for a in found.affiliations] == ["ent-nusra"]
    assert found.affiliations[0].end is None
    assert [e.claim_id for e in found.contested] == [denied]
    assert [e.claim_id for e in found.expected] == [expected]


def test_affiliations_denial_is_contested_evidence_of_the_interval_it_denies(
    corpus: Corpus,
) -> None:
    corpus.claim("allegiance.membership", "ent-abu", "ent-nusra", "2014-06-16")
    denied = corpus.claim(
        "allegiance.membership", "ent-abu", "ent-nusra", None, hedge=Hedge.NEGATED
    )
    reader, lineages = corpus.reader()
    (nusra,) = affiliations(reader, "ent-abu", lineages=lineages)
    assert [e.claim_id for e in nusra.contested] == [denied]


def test_affiliations_undated_claims_give_an_unknown_start(corpus: Corpus) -> None:
    undated = corpus.claim("allegiance.membership", "ent-anas", "ent-nusra", None)
    reader, lineages = corpus.reader()
    (nusra,) = affiliations(reader, "ent-anas", lineages=lineages)
    assert (nusra.start, nusra.end, nusra.holds_on(date(2014, 6, 1))) == (
        None,
        None,
        Holding.UNDATED,
    )
    assert [e.claim_id for e in nusra.evidence] == [undated]
    assert affiliations_as_of(reader, "ent-anas", date(2014, 6, 1), lineages=lineages) == []


def test_affiliations_undated_membership_ends_with_a_dated_pledge_elsewhere(corpus: Corpus) -> None:
    corpus.claim("allegiance.membership", "ent-abu", "ent-nusra", None)
    corpus.claim("allegiance.pledge", "ent-abu", "ent-isis", "2014-06-25")
    assert _groups_on(corpus, "ent-abu", "2014-06-20") == {"ent-nusra": Holding.MAYBE}
    assert _groups_on(corpus, "ent-abu", "2014-06-26") == {"ent-isis": Holding.YES}


def test_affiliations_keep_hedges_and_date_precision_visible(corpus: Corpus) -> None:
    corpus.claim("allegiance.pledge", "ent-abu", "ent-nusra", "2014-06", hedge=Hedge.REPORTED)
    reader, lineages = corpus.reader()
    (nusra,) = affiliations(reader, "ent-abu", lineages=lineages)
    assert (nusra.hedge, nusra.is_hedged) == (Hedge.REPORTED, True)
    assert nusra.start == FuzzyDate.month(2014, 6)
    assert nusra.holds_on(date(2014, 6, 10)) is Holding.MAYBE
    assert nusra.holds_on(date(2014, 6, 30)) is Holding.YES
    assert nusra.holds_on(date(2014, 5, 31)) is Holding.NO
    corpus.claim("allegiance.pledge", "ent-abu", "ent-nusra", "2014-06-20")
    reader, lineages = corpus.reader()
    (nusra,) = affiliations(reader, "ent-abu", lineages=lineages)
    assert (nusra.hedge, nusra.is_hedged, len(nusra.evidence)) == (Hedge.ASSERTED, False, 2)


def test_affiliations_count_pledges_made_through_an_operated_account(corpus: Corpus) -> None:
    corpus.claim("account.operator", "ent-abu", "ent-account", None)
    pledge = corpus.claim("allegiance.pledge", "ent-account", "ent-nusra", "2014-06-25")
    reader, lineages = corpus.reader()
    (nusra,) = affiliations(reader, "ent-abu", lineages=lineages)
    assert [(e.claim_id, e.via) for e in nusra.evidence] == [(pledge, "ent-account")]


def test_members_as_of_lists_who_was_with_a_line(corpus: Corpus) -> None:
    corpus.claim("allegiance.membership", "ent-abu", "ent-isis", "2014-06-15")
    corpus.claim("allegiance.membership", "ent-anas", "ent-nusra", "2014-06-15")
    corpus.claim("allegiance.pledge", "ent-tribe", "ent-is", "2014-07-01")
    reader, lineages = corpus.reader()
    found = members_as_of(reader, "ent-is", date(2014, 7, 2), lineages=lineages)
    assert sorted((a.entity_id, a.group_id) for a in found) == [
        ("ent-abu", "ent-is"), ("ent-tribe", "ent-is")
    ]  # fmt: skip
    assert members_as_of(reader, "ent-is", date(2014, 6, 1), lineages=lineages) == []


def _members_one_by_one(
    reader: ClaimReader, group_id: str, lineages: Lineages | None = None
) -> list[Affiliation]:
    """`members` as it is documented, the slow way: the whole timelines of the subjects of
    the claims naming the group's line, kept to the line, ordered by start as `members` is."""
    line = {stage.group_id for stage in (lineages or lineages_for(reader)).line(group_id)}
    naming = reader.claims(types=["allegiance"], entity_ids=sorted(line))
    subjects = sorted({c.subject_id for c in naming if c.object_id in line} - line)
    found = [
        each
        for whole in timelines(reader, subjects, lineages=lineages).values()
        for each in whole.affiliations
        if each.group_id in line
    ]

    def by_start(each: Affiliation) -> tuple[bool, date, bool, str]:
        when = each.start or each.end
        return when is None, when.start if when else date.min, bool(each.start), each.group_id

    return sorted(found, key=by_start)


def test_members_are_each_subjects_own_ties_with_the_line(corpus: Corpus) -> None:
    corpus.claim("allegiance.membership", "ent-abu", "ent-nusra", "2014-06-16", role="commander")
    corpus.claim("allegiance.pledge", "ent-abu", "ent-isis", "2014-06-25")
    corpus.claim("allegiance.membership", "ent-abu", "ent-is", "2014-07-05")
    corpus.claim("allegiance.pledge", "ent-abu", "ent-qaeda", None, hedge=Hedge.EXPECTED)
    corpus.claim("account.operator", "ent-abu", "ent-account", None)
    corpus.claim("allegiance.pledge", "ent-account", "ent-nusra", "2014-09-01")
    corpus.claim("allegiance.membership", "ent-anas", "ent-nusra", "2014-05-01")
    corpus.claim("allegiance.pledge", "ent-anas", "ent-qaeda", "2014-06-01")  # kin: stays
    corpus.claim("allegiance.defection", "ent-anas", "ent-nusra", "2014-08-01", to="ent-isis")
    corpus.claim("allegiance.membership", "ent-dawla", "ent-isis", None)
    corpus.claim("allegiance.pledge", "ent-dawla", "ent-tribe", "2014-07-01")
    corpus.claim("allegiance.pledge", "ent-tribe", "ent-is", "2014-07-01")
    corpus.claim("allegiance.pledge", "ent-tribe", "ent-isis", None, hedge=Hedge.DENIED)
    reader, lineages = corpus.reader()
    for group in GROUPS:
        found = members(reader, group, lineages=lineages)
        assert found == _members_one_by_one(reader, group, lineages), group
    assert {a.entity_id for a in members(reader, "ent-is", lineages=lineages)} == {
        "ent-abu", "ent-dawla", "ent-tribe"
    }  # fmt: skip
    via = [a for a in members(reader, "ent-nusra", lineages=lineages) if a.entity_id == "ent-abu"]
    assert [e.via for a in via for e in a.evidence] == [None, "ent-account"]


def test_affiliation_changes_are_events_with_what_they_ended(corpus: Corpus) -> None:
    corpus.claim("allegiance.membership", "ent-abu", "ent-nusra", "2014-06-16")
    pledges = [
        corpus.claim("allegiance.pledge", "ent-abu", "ent-isis", "2014-06-25"),
        corpus.claim(
            "allegiance.pledge", "ent-abu", "ent-isis", "2014-06-25", hedge=Hedge.REPORTED
        ),
    ]
    denial = corpus.claim("allegiance.pledge", "ent-abu", "ent-isis", None, hedge=Hedge.DENIED)
    corpus.claim("allegiance.defection", "ent-anas", "ent-nusra", "2014-05-01")
    reader, _ = corpus.reader()
    (change,) = affiliation_changes(reader, ["ent-abu"], date(2014, 6, 1))
    assert (change.type, change.date, change.joined, change.left) == (
        "allegiance.pledge", day("2014-06-25"), "ent-isis", ("ent-nusra",)
    )  # fmt: skip
    assert [e.claim_id for e in change.evidence] == sorted(pledges, key=pledges.index)
    assert change.hedge is Hedge.ASSERTED
    everything = affiliation_changes(reader, None, None)
    assert [(c.entity_id, c.type) for c in everything] == [
        ("ent-anas", "allegiance.defection"), ("ent-abu", "allegiance.pledge")
    ]  # fmt: skip
    assert [e.claim_id for e in everything[1].contested] == [denial]


def test_affiliation_changes_carry_the_places_their_claims_name(corpus: Corpus) -> None:
    named = {
        corpus.claim("allegiance.pledge", "ent-abu", "ent-isis", "2014-06-25", place=place): place
        for place in ("ent-rawa", "ent-anah", "ent-rawa")
    }
    corpus.claim("allegiance.pledge", "ent-abu", "ent-isis", "2014-06-25")
    corpus.claim("allegiance.defection", "ent-anas", "ent-nusra", "2014-05-01")
    corpus.claim(
        "allegiance.pledge", "ent-anas", "ent-isis", None, hedge=Hedge.DENIED, place="ent-anah"
    )
    reader, _ = corpus.reader()
    found = {(c.entity_id, c.type): c for c in affiliation_changes(reader, None, None)}
    pledge = found["ent-abu", "allegiance.pledge"]  # one act, two places, in evidence order
    in_order = [named[e.claim_id] for e in pledge.evidence if e.claim_id in named]
    assert pledge.place_ids == tuple(dict.fromkeys(in_order)) and len(pledge.place_ids) == 2
    assert found["ent-anas", "allegiance.defection"].place_ids == ()  # none named: none guessed
    assert found["ent-anas", "allegiance.pledge"].place_ids == ("ent-anah",)  # a lone denial


def test_affiliation_changes_fold_an_undated_report_into_the_act_it_came_after(
    corpus: Corpus,
) -> None:
    dated = corpus.claim("allegiance.pledge", "ent-abu", "ent-isis", "2014-06-25")
    later = corpus.report(date(2014, 6, 30))
    recalled = corpus.claim("allegiance.pledge", "ent-abu", "ent-isis", None, document_id=later)
    earlier = corpus.report(date(2014, 6, 1))  # before the act: an earlier pledge, kept apart
    apart = corpus.claim("allegiance.pledge", "ent-abu", "ent-nusra", None, document_id=earlier)
    before = corpus.claim("allegiance.pledge", "ent-anas", "ent-isis", None, document_id=earlier)
    corpus.claim("allegiance.pledge", "ent-anas", "ent-isis", "2014-06-25")
    reader, _ = corpus.reader()
    found = affiliation_changes(reader, None, None)
    by_claims = {tuple(e.claim_id for e in c.evidence): c for c in found}
    assert by_claims[(dated, recalled)].date == day("2014-06-25")
    assert by_claims[(apart,)].date is None  # no dated act of that group to join
    assert by_claims[(before,)].date is None  # reported before the dated act
    assert len(found) == 4


# The demo corpus -------------------------------------------------------------------------


def _gold_facts(subject: str) -> list[dict[str, object]]:
    gold = yaml.safe_load((DEMO / "gold.yaml").read_text("utf-8"))
    return [
        fact
        for report in gold["reports"]
        for fact in report["facts"]
        if fact["subject"] == subject and str(fact["type"]).startswith("allegiance.")
    ]


def _named(kb: KnowledgeBase, name: object) -> str:
    """The entity whose own name it is (a later stage keeps an earlier one's as an alias)."""
    return next(entity.id for entity in kb.find_entities(str(name)) if entity.name == name)


def _fact_date(fact: dict[str, object]) -> date:
    assert isinstance(fact["date"], date)
    return fact["date"]


def test_demo_affiliations_of_the_defecting_commander_before_and_after_his_pledge(
    demo_sessions: sessionmaker[Session],
) -> None:
    facts = _gold_facts("Abu Khuzayma al-Urduni")
    pledge = next(f for f in facts if f["type"] == "allegiance.pledge" and f["date"])
    first = min((f for f in facts if f["type"] == "allegiance.membership"), key=_fact_date)
    pledged_on = pledge["date"]
    assert isinstance(pledged_on, date)
    with demo_sessions() as session:
        kb = KnowledgeBase(session)
        reader = ClaimReader(kb)
        (person,) = kb.find_entities("Abu Khuzayma al-Urduni")
        old, new = _named(kb, first["object"]), _named(kb, pledge["object"])
        before = affiliations_as_of(reader, person.id, _fact_date(first))
        after = affiliations_as_of(reader, person.id, pledged_on)
        assert old in {a.group_id for a in before} and new not in {a.group_id for a in before}
        assert new in {a.group_id for a in after} and old not in {a.group_id for a in after}
        ended = next(a for a in before if a.group_id == old)
        assert ended.end == FuzzyDate.day(pledged_on) and ended.end_evidence
        assert ended.kind is AffiliationKind.MEMBERSHIP and ended.role == "commander"
        joined = next(a for a in after if a.group_id == new)
        assert joined.holds_on(pledged_on) is Holding.YES and joined.start == FuzzyDate.day(
            pledged_on
        )
        changes = affiliation_changes(reader, [person.id], date(2014, 6, 1))
        assert any(c.joined == new and old in c.left for c in changes)


def test_demo_members_of_every_group_are_each_subjects_own_ties(
    demo_sessions: sessionmaker[Session],
) -> None:
    with demo_sessions() as session:
        reader = ClaimReader(KnowledgeBase(session))
        groups = {c.object_id for c in reader.claims(types=["allegiance"]) if c.object_id}
        found = {group: members(reader, group) for group in sorted(groups)}
        assert found == {group: _members_one_by_one(reader, group) for group in sorted(groups)}
        assert sum(map(len, found.values())) > 0
