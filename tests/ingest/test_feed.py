from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.ingest.feed import read_feed
from allegiance.ingest.result import Skipped
from allegiance.model import Document, InputError

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Syria Monitor</title><link>https://monitor.example.org/</link><language>en-us</language>
<item>
  <title>Clashes near Mayadin</title>
  <link>https://monitor.example.org/2014/06/mayadin</link>
  <guid isPermaLink="false">sm-1001</guid>
  <pubDate>Mon, 23 Jun 2014 08:00:00 +0300</pubDate>
  <author>desk@monitor.example.org (News desk)</author>
  <category>clashes</category>
  <description>&lt;p&gt;Fighting &lt;b&gt;erupted&lt;/b&gt; at dawn.&lt;/p&gt;
  &lt;p&gt;A sign read &amp;lt;script&amp;gt; in red.&lt;/p&gt;
  &lt;script&gt;steal()&lt;/script&gt;</description>
</item>
<item><guid>sm-1002</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Conflict Bulletin</title>
<entry><id>urn:uuid:42</id><title>Siege of Deir ez-Zor</title>
<link href="https://bulletin.example.org/42"/>
<updated>2014-07-01T10:00:00Z</updated>
<content type="html">&lt;p&gt;The siege entered its second week.&lt;/p&gt;</content></entry>
</feed>"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title></item></channel></rss>"""


def test_read_feed_turns_each_entry_into_a_document() -> None:
    items = list(read_feed(RSS, origin="feed.xml"))
    document = items[0]
    assert isinstance(document, Document)
    assert document.origin == "feed.xml#sm-1001"
    assert document.external_id == "sm-1001"
    assert document.title == "Clashes near Mayadin"
    assert document.url == "https://monitor.example.org/2014/06/mayadin"
    assert document.published == datetime(2014, 6, 23, 5, tzinfo=UTC)
    assert document.source is not None
    assert (document.source.name, document.source.kind) == ("Syria Monitor", "publisher")
    assert document.author == "desk@monitor.example.org (News desk)"
    assert document.language == "en"
    assert (document.platform, document.format) == ("rss", "rss")
    assert document.metadata == {"tags": ["clashes"]}


def test_read_feed_strips_html_to_text() -> None:
    document = next(iter(read_feed(RSS, origin="feed.xml")))
    assert isinstance(document, Document)
    assert document.text == (
        "Clashes near Mayadin\n\nFighting erupted at dawn.\n\nA sign read <script> in red."
    )


def test_read_feed_skips_entry_without_text_with_reason() -> None:
    items = list(read_feed(RSS, origin="feed.xml"))
    assert items[1] == Skipped("feed.xml#sm-1002", "feed entry has no title and no text")


def test_read_feed_reads_atom() -> None:
    (document,) = list(read_feed(ATOM, origin="a.atom"))
    assert isinstance(document, Document)
    assert document.text == "Siege of Deir ez-Zor\n\nThe siege entered its second week."
    assert document.url == "https://bulletin.example.org/42"
    assert document.published == datetime(2014, 7, 1, 10, tzinfo=UTC)
    assert document.origin == "a.atom#urn:uuid:42"


def test_read_feed_refuses_entity_bomb() -> None:
    with pytest.raises(InputError) as caught:
        list(read_feed(BOMB, origin="bomb.rss"))
    assert caught.value.reason == "XML entity declarations are refused"


def test_read_feed_refuses_external_entity() -> None:
    with pytest.raises(InputError, match="XML entity declarations are refused"):
        list(read_feed(EXTERNAL, origin="xxe.rss"))


def test_read_feed_refuses_external_reference_in_doctype_subset() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "http://127.0.0.1/x">%p;]><rss/>'
    )
    with pytest.raises(InputError, match="refused"):
        list(read_feed(data, origin="p.rss"))


def test_read_feed_reads_malformed_feed_without_doctype() -> None:
    data = b"<rss><channel><title>A & B</title><item><title>x & y</title></item></channel></rss>"
    (document,) = list(read_feed(data, origin="m.rss"))
    assert isinstance(document, Document)
    assert document.text == "x & y"
    assert "not well-formed" in str(document.metadata["xml_error"])


def test_read_feed_refuses_xml_that_is_not_a_feed() -> None:
    with pytest.raises(InputError, match="root element <catalog>"):
        list(read_feed(b"<catalog><book/></catalog>", origin="c.xml"))
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        list(read_feed(b"just some words", origin="w.xml"))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=1_000) | st.sampled_from([RSS, ATOM, BOMB]).map(lambda d: d[:-20]))
def test_read_feed_arbitrary_bytes_give_items_or_input_error(data: bytes) -> None:
    try:
        items = list(read_feed(data, origin="any.rss"))
    except InputError as exc:
        assert exc.origin == "any.rss"
    else:
        assert all(isinstance(item, Document | Skipped) for item in items)
