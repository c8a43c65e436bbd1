"""Briefs as HTML: a standalone page, every report value escaped, no script, safe links."""

from __future__ import annotations

from html.parser import HTMLParser

from allegiance.export.brief_html import to_html
from tests.export.brief_samples import hostile_brief


class _Page(HTMLParser):
    """Collects the tags and links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self.links.append(dict(attrs))


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


def test_to_html_escapes_quotes_and_names_from_reports() -> None:
    text = to_html(hostile_brief())
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_to_html_is_standalone_without_script_or_remote_resources() -> None:
    text = to_html(hostile_brief())
    page = _parse(text)
    assert {"script", "img", "link", "iframe", "object"}.isdisjoint(page.tags)
    assert "Content-Security-Policy" in text and "default-src 'none'" in text


def test_to_html_links_only_http_sources_without_referrer() -> None:
    page = _parse(to_html(hostile_brief()))
    external = [link for link in page.links if not str(link["href"]).startswith("#")]
    assert [link["href"] for link in external] == ["https://example.org/mosul?a=1&b=2"]
    assert all(link["rel"] == "noopener noreferrer nofollow" for link in external)


def test_to_html_footnote_markers_point_at_sources() -> None:
    page = _parse(to_html(hostile_brief()))
    internal = [str(link["href"]) for link in page.links if str(link["href"]).startswith("#")]
    assert internal == ["#source-1", "#source-2", "#source-1"]
