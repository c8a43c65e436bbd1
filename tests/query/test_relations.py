"""Group relations over time, lineage lookups, and when an interval holds on a day."""

from __future__ import annotations

from datetime import date

import pytest

from allegiance.model import FuzzyDate, Hedge
from allegiance.query.relations import (
    Holding,
    Stage,
    actor_entity_id,
    group_relations,
    holds_on,
    relations_as_of,
)
from allegiance.workflow import gazetteer
from tests.query.test_affiliations import Corpus, corpus, day

__all__ = ["corpus"]  # the fixture, shared with the affiliation tests


def _relations(corpus: Corpus, group: str | None = None) -> list[tuple[str, str, str, str | None]]:
    reader, lineages = corpus.reader()
    return [
        (r.type, r.group_id, r.other_id, r.end.to_text() if r.end else None)
        for r in group_relations(reader, group, lineages=lineages)
    ]


def test_group_relations_rivalry_ends_an_alliance(corpus: Corpus) -> None:
    allied = corpus.claim("group.alliance", "ent-tribe", "ent-isis", "2014-06-21")
    again = corpus.claim("group.alliance", "ent-isis", "ent-tribe", "2014-06-24")
    rivals = corpus.claim("group.rivalry", "ent-tribe", "ent-isis", "2014-08-01")
    reader, lineages = corpus.reader()
    alliance, rivalry = group_relations(reader, "ent-tribe", lineages=lineages)
    assert (alliance.type, alliance.group_id, alliance.other_id) == (
        "group.alliance", "ent-tribe", "ent-isis"
    )  # fmt: skip
    assert [e.claim_id for e in alliance.evidence] == [allied, again]
    assert (alliance.start, alliance.end) == (day("2014-06-21"), day("2014-08-01"))
    assert [e.claim_id for e in alliance.end_evidence] == [rivals]
    assert (rivalry.start, rivalry.end) == (day("2014-08-01"), None)
    on = relations_as_of(reader, date(2014, 7, 1), "ent-isis", lineages=lineages)
    assert [(r.type, r.group_id) for r in on] == [("group.alliance", "ent-isis")]


def test_group_relations_agreement_between_rivals_stays_open(corpus: Corpus) -> None:
    corpus.claim("group.rivalry", "ent-nusra", "ent-isis", "2014-06-11")
    corpus.claim("group.agreement", "ent-isis", "ent-nusra", "2014-07-03", hedge=Hedge.UNCERTAIN)
    reader, lineages = corpus.reader()
    found = relations_as_of(reader, date(2014, 7, 4), lineages=lineages)
    assert sorted((r.type, r.end, r.hedge) for r in found) == [
        ("group.agreement", None, Hedge.UNCERTAIN), ("group.rivalry", None, Hedge.ASSERTED)
    ]  # fmt: skip


def test_group_relations_split_and_merger_keep_their_direction(corpus: Corpus) -> None:
    corpus.claim("group.split", "ent-nusra", "ent-isis", "2013-04-10")
    corpus.claim("group.merger", "ent-tribe", "ent-nusra", "2014-01")
    assert sorted(_relations(corpus)) == [
        ("group.merger", "ent-tribe", "ent-nusra", None),
        ("group.split", "ent-nusra", "ent-isis", None),
    ]


def test_group_relations_denied_ones_are_only_contested(corpus: Corpus) -> None:
    denied = corpus.claim("group.merger", "ent-nusra", "ent-isis", "2014-06-25", hedge=Hedge.DENIED)
    corpus.claim("group.merger", "ent-nusra", "ent-isis", None, hedge=Hedge.EXPECTED)
    assert _relations(corpus) == []
    corpus.claim("group.merger", "ent-nusra", "ent-isis", "2014-06-26", hedge=Hedge.REPORTED)
    reader, lineages = corpus.reader()
    (merger,) = group_relations(reader, lineages=lineages)
    assert [e.claim_id for e in merger.contested] == [denied]
    assert merger.hedge is Hedge.REPORTED


def test_group_relations_of_a_group_cover_every_stage_of_its_line(corpus: Corpus) -> None:
    corpus.claim("group.rivalry", "ent-nusra", "ent-isis", "2014-06-11")
    corpus.claim("group.rivalry", "ent-nusra", "ent-is", "2014-07-11")
    corpus.claim("group.alliance", "ent-tribe", "ent-qaeda", None)
    found = _relations(corpus, "ent-is")
    assert found == [
        ("group.rivalry", "ent-isis", "ent-nusra", None),
        ("group.rivalry", "ent-is", "ent-nusra", None),
    ]
    reader, lineages = corpus.reader()
    (undated,) = group_relations(reader, "ent-qaeda", lineages=lineages)
    assert undated.holds_on(date(2014, 1, 1)) is Holding.UNDATED
    assert relations_as_of(reader, date(2014, 1, 1), "ent-qaeda", lineages=lineages) == []


def test_lineages_give_a_line_in_order_and_tell_kin(corpus: Corpus) -> None:
    _, lineages = corpus.reader()
    line = (Stage("ent-isis", None), Stage("ent-is", FuzzyDate.parse("2014-06-29")))
    assert lineages.line("ent-is") == line and lineages.line("ent-isis") == line
    assert lineages.line("ent-tribe") == (Stage("ent-tribe", None),)
    assert lineages.are_kin("ent-nusra", "ent-qaeda", on=date(2014, 1, 1))
    assert not lineages.are_kin("ent-nusra", "ent-qaeda", on=date(2013, 1, 1))
    assert not lineages.are_kin("ent-nusra", "ent-isis", on=date(2014, 1, 1))


@pytest.mark.parametrize(
    ("start", "end", "ended", "on", "holding"),
    [
        ("2014-06-10", None, False, "2014-06-10", Holding.YES),
        ("2014-06-10", None, False, "2014-06-09", Holding.NO),
        ("2014-06-10", "2014-06-25", False, "2014-06-24", Holding.YES),
        ("2014-06-10", "2014-06-25", False, "2014-06-25", Holding.NO),
        ("2014-06-10", "2014-07", False, "2014-07-15", Holding.MAYBE),
        ("2014-06-10", "2014-07", False, "2014-08-01", Holding.NO),
        ("2014", None, False, "2014-03-01", Holding.MAYBE),
        (None, "2014-06-25", False, "2010-01-01", Holding.MAYBE),
        ("2014-06-10", None, True, "2014-07-01", Holding.MAYBE),
        (None, None, True, "2014-07-01", Holding.UNDATED),
    ],
)
def test_holds_on_reads_precision_and_unknown_bounds(
    start: str | None, end: str | None, ended: bool, on: str, holding: Holding
) -> None:
    first = FuzzyDate.parse(start) if start else None
    last = FuzzyDate.parse(end) if end else None
    assert holds_on(first, last, ended=ended, day=date.fromisoformat(on)) is holding


def test_actor_entity_id_is_the_one_seeding_gives() -> None:
    assert actor_entity_id("islamic-state") == gazetteer.actor_entity_id("islamic-state")
