"""A hand-made brief whose report text tries to break out of the page, for the renderers."""

from __future__ import annotations

from allegiance.model import EntityKind, Hedge
from allegiance.query.briefs import Brief, Footnote, Section, Sentence

HOSTILE = '<script>alert("x")</script> *bold* [link](javascript:alert(1)) | #tag'


def footnote(claim_id: str, *, url: str | None, quote: str = HOSTILE) -> Footnote:
    return Footnote(
        claim_id=claim_id,
        document_id="doc-1",
        title="Fall of <b>Mosul</b>",
        publisher="Levant Wire",
        url=url,
        published="2014-06-11",
        grade="B2",
        graded_by_event=True,
        hedge=Hedge.REPORTED,
        attributed_to="security officials",
        quote=quote,
    )


def hostile_brief() -> Brief:
    first = footnote("clm-1", url="https://example.org/mosul?a=1&b=2")
    second = footnote("clm-2", url="javascript:alert(1)", quote="plain quote")
    return Brief(
        entity_id="ent-1",
        title="Mosul <img src=x onerror=alert(1)>",
        kind=EntityKind.PLACE,
        summary="Brief on a place from every claim stored.",
        as_of=None,
        sections=(
            Section(
                "Control",
                (
                    Sentence(f"From 10 June 2014: controlled by {HOSTILE}.", (first, second)),
                    Sentence("As last reported, Mosul was controlled by ISIS.", (first,)),
                ),
            ),
        ),
        not_found=("Actors present",),
    )
