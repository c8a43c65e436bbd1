from __future__ import annotations

from datetime import UTC, datetime

import feedparser

from allegiance.export.atom import FEED_ID, entry_id, to_atom
from allegiance.query.alerts import AlertView, EntityView, EvidenceView

RECORDED = datetime(2026, 11, 24, 12, 30, tzinfo=UTC)


def _view(alert_id: str, headline: str) -> AlertView:
    return AlertView(
        id=alert_id,
        kind="pledge",
        headline=headline,
        rule_id="wch-1",
        target=EntityView(id="ent-a", name="Abu <b>Khuzayma</b> & co"),
        date={"start": "2014-06-25", "end": "2014-06-25", "precision": "day"},
        subject=EntityView(id="ent-a", name="Abu Khuzayma"),
        object=None,
        place=None,
        evidence=[
            EvidenceView(
                claim_id="clm-1", document_id="doc-1", role="evidence", hedge="reported", grade="C3"
            )
        ],
        documents=["doc-1"],
        recorded_at=RECORDED,
        new=True,
        delivery=None,
    )


def test_atom_feed_parses_with_stable_entry_ids() -> None:
    views = [_view("alr-1", "He pledged allegiance [reported, C3, 1 claim]"), _view("alr-2", "x")]
    feed = feedparser.parse(to_atom(views, updated=RECORDED))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.id == FEED_ID
    assert [entry.id for entry in feed.entries] == [entry_id("alr-1"), entry_id("alr-2")]
    assert feed.entries[0].title == "He pledged allegiance [reported, C3, 1 claim]"
    assert "claim clm-1 in document doc-1 (reported, C3)" in feed.entries[0].summary
    assert to_atom(views, updated=RECORDED) == to_atom(views, updated=RECORDED)


def test_atom_feed_escapes_markup_and_drops_unencodable_characters() -> None:
    hostile = "<script>alert(1)</script> took Rawa & \x01Anah"
    document = to_atom([_view("alr-1", hostile)], updated=RECORDED)
    assert b"<script>" not in document and b"&lt;script&gt;" in document
    assert b"<b>" not in document
    feed = feedparser.parse(document)
    assert not feed.bozo
    assert feed.entries[0].title_detail.type == "text/plain"
    assert feed.entries[0].title == "<script>alert(1)</script> took Rawa & Anah"


def test_atom_empty_feed_is_dated_by_the_caller() -> None:
    feed = feedparser.parse(to_atom([], updated=RECORDED))
    assert not feed.bozo and feed.entries == []
    assert feed.feed.updated == "2026-11-24T12:30:00+00:00"
