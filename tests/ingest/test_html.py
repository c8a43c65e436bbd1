from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.ingest.html import read_html, sniff_charset
from allegiance.model import Document, InputError

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><title>Rebels seize Rutba | Daily News</title>
<meta property="og:site_name" content="Daily News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2014-06-23T08:00:00Z">
<link rel="canonical" href="https://news.example.org/2014/rutba">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li></ul></nav>
<article><h1>Rebels seize Rutba</h1>
<p>Islamic State fighters seized the border town of Rutba on Sunday, officials said. The
attack began at dawn and lasted for several hours according to residents.</p>
<p>A spokesman wrote &lt;script&gt;alert(1)&lt;/script&gt; in a post, which is odd but
harmless and is quoted here verbatim for the record.</p>
<p>Government troops pulled out of the town after a brief clash, leaving the border
crossing unguarded, local sources told reporters.</p>
</article>
<footer><p>Copyright 2014 Daily News. All rights reserved. Privacy policy.</p></footer>
</body></html>"""


def _page() -> Document:
    items = list(read_html(PAGE.encode(), origin="page.html"))
    assert len(items) == 1
    assert isinstance(items[0], Document)
    return items[0]


def test_read_html_extracts_main_text_without_boilerplate() -> None:
    document = _page()
    assert "seized the border town of Rutba" in document.text
    assert "crossing unguarded" in document.text
    for boilerplate in ("World news menu", "Copyright", "Privacy policy"):
        assert boilerplate not in document.text


def test_read_html_keeps_paragraph_breaks() -> None:
    paragraphs = _page().text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[1].startswith("Islamic State fighters")
    assert paragraphs[3].startswith("Government troops")


def test_read_html_escaped_script_survives_as_literal_text() -> None:
    assert "wrote <script>alert(1)</script> in a post" in _page().text


def test_read_html_reads_metadata() -> None:
    document = _page()
    assert document.title == "Rebels seize Rutba"
    assert document.author == "Jane Doe"
    assert document.publisher == "Daily News"
    assert document.published == datetime(2014, 6, 23, tzinfo=UTC)
    assert document.url == "https://news.example.org/2014/rutba"
    assert document.language == "en"
    assert (document.platform, document.format) == ("web", "html")


def test_read_html_without_text_is_input_error() -> None:
    empty = b"<html><head><title>Nothing</title></head><body><nav>Home</nav></body></html>"
    with pytest.raises(InputError, match="no extractable text"):
        list(read_html(empty, origin="empty.html"))


def test_read_html_decodes_declared_charset() -> None:
    text = "اشتباكات عنيفة بين الفصائل في ريف دير الزور الشرقي أسفرت عن مقتل عدد من المقاتلين"
    page = (
        '<html><head><meta charset="windows-1256"><title>خبر</title></head>'
        f"<body><article><p>{text}</p><p>{text}</p></article></body></html>"
    ).encode("cp1256")
    assert sniff_charset(page) == "windows-1256"
    document = next(iter(read_html(page, origin="ar.html")))
    assert isinstance(document, Document)
    assert text in document.text
    assert document.decode_errors == 0


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=2_000) | st.text(max_size=500).map(lambda t: f"<p>{t}</p>".encode()))
def test_read_html_arbitrary_bytes_give_documents_or_input_error(data: bytes) -> None:
    try:
        items = list(read_html(data, origin="any.html"))
    except InputError as exc:
        assert exc.origin == "any.html"
    else:
        assert all(isinstance(item, Document) and item.text for item in items)
