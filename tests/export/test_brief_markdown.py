"""Briefs as Markdown: markers match footnotes, report text cannot inject markup."""

from __future__ import annotations

import re

from allegiance.export.brief_markdown import escape_markdown, safe_url, to_markdown
from tests.export.brief_samples import hostile_brief


def test_to_markdown_numbers_each_source_once_and_defines_every_marker() -> None:
    text = to_markdown(hostile_brief())
    assert "- From 10 June 2014: controlled by" in text
    assert text.count("[^1]:") == 1 and text.count("[^2]:") == 1
    markers = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    defined = set(re.findall(r"^\[\^(\d+)\]:", text, flags=re.MULTILINE))
    assert markers == defined == {"1", "2"}
    assert "No claims found on: Actors present." in text


def test_to_markdown_shows_grade_hedge_attribution_and_quote() -> None:
    (first,) = [
        line for line in to_markdown(hostile_brief()).splitlines() if line.startswith("[^1]:")
    ]
    assert "Levant Wire" in first and "published 2014-06-11" in first
    assert (
        "Grade B2 (after corroboration); hedge: reportedly; according to security officials."
        in first
    )
    assert "Claim `clm-1`." in first


def test_to_markdown_escapes_report_text() -> None:
    text = to_markdown(hostile_brief())
    assert "<script>" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;" in text
    assert r"\*bold\*" in text and r"\[link\]" in text
    assert not re.search(r"(?<!\\)\]\(javascript:", text)


def test_to_markdown_links_only_http_sources() -> None:
    text = to_markdown(hostile_brief())
    assert "<https://example.org/mosul?a=1&b=2>" in text
    assert "<javascript:" not in text


def test_safe_url_accepts_only_plain_http_addresses() -> None:
    assert safe_url("http://example.org/a") == "http://example.org/a"
    assert safe_url("https://example.org/a b") is None
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,hi") is None
    assert safe_url("https://example.org/<x>") is None
    assert safe_url(None) is None


def test_escape_markdown_makes_syntax_literal() -> None:
    assert escape_markdown("a_b *c* [d] <e> & f") == r"a\_b \*c\* \[d\] &lt;e&gt; &amp; f"
