from __future__ import annotations

from allegiance.web.highlight import QuoteSpan, to_runs
from allegiance.web.schemas import MentionOut

TEXT = "IS fighters seized Rutba on Sunday, officials said."


def _mention(text: str, entity: str | None = "ent-1", label: str = "GPE") -> MentionOut:
    start = TEXT.index(text)
    return MentionOut(start=start, end=start + len(text), text=text, label=label, entity_id=entity)


def test_highlight_runs_cover_the_text_exactly() -> None:
    runs = to_runs(TEXT, [_mention("Rutba")], [QuoteSpan("clm-1", 0, 34)])
    assert "".join(run.text for run in runs) == TEXT
    rutba = next(run for run in runs if run.text == "Rutba")
    assert rutba.entity_id == "ent-1" and rutba.claim_ids == ("clm-1",)
    assert runs[0].opens == ("clm-1",)
    assert runs[-1].claim_ids == () and runs[-1].entity_id is None


def test_highlight_innermost_mention_wins_when_nested() -> None:
    outer = _mention("IS fighters", entity="ent-outer")
    inner = _mention("IS", entity="ent-inner")
    runs = to_runs(TEXT, [outer, inner], [])
    assert [(r.text, r.entity_id) for r in runs[:2]] == [
        ("IS", "ent-inner"),
        (" fighters", "ent-outer"),
    ]


def test_highlight_overlapping_quotes_share_a_run() -> None:
    runs = to_runs(TEXT, [], [QuoteSpan("clm-a", 0, 25), QuoteSpan("clm-b", 19, 34)])
    shared = next(run for run in runs if run.start == 19)
    assert shared.text == "Rutba " and shared.claim_ids == ("clm-a", "clm-b")


def test_highlight_spans_outside_the_text_are_left_out() -> None:
    broken = MentionOut(start=40, end=400, text="?", label="X", entity_id=None)
    runs = to_runs(TEXT, [broken], [QuoteSpan("clm-x", 5, 2_000)])
    assert [run.text for run in runs] == [TEXT]
