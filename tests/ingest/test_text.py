from datetime import UTC, date, datetime

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.ingest.result import Item
from allegiance.ingest.text import read_text, split_front_matter
from allegiance.model import Document, InputError


def _one(items: list[Item]) -> Document:
    assert len(items) == 1
    assert isinstance(items[0], Document)
    return items[0]


def test_read_text_reads_front_matter_fields() -> None:
    data = (
        b"---\n"
        b"title: Rutba falls\n"
        b"publisher: Iraq Monitor\n"
        b"published: 2014-06-23T08:00:00Z\n"
        b"url: https://example.org/rutba\n"
        b"author: [Jane Doe, Omar Said]\n"
        b"language: en-GB\n"
        b"tags: [rutba, anbar]\n"
        b"---\n"
        b"Islamic State fighters seized the border town of Rutba.\n"
    )
    document = _one(list(read_text(data, origin="r.md")))
    assert document.title == "Rutba falls"
    assert document.source is not None
    assert (document.source.name, document.source.kind) == ("Iraq Monitor", "publisher")
    assert document.published == datetime(2014, 6, 23, 8, tzinfo=UTC)
    assert document.url == "https://example.org/rutba"
    assert document.author == "Jane Doe, Omar Said"
    assert document.language == "en"
    assert document.text == "Islamic State fighters seized the border town of Rutba."
    assert document.metadata == {"front_matter": {"tags": ["rutba", "anbar"]}}
    assert document.format == "text"
    assert document.origin == "r.md"


def test_read_text_takes_title_from_markdown_heading() -> None:
    document = _one(list(read_text(b"# Siege of Kobani\n\nFighting continued.", origin="k.md")))
    assert document.title == "Siege of Kobani"
    assert document.text == "# Siege of Kobani\n\nFighting continued."


def test_read_text_front_matter_not_a_mapping_is_input_error() -> None:
    with pytest.raises(InputError, match="front matter must be a mapping, not list"):
        list(read_text(b"---\n- a\n- b\n---\nbody", origin="x.md"))


def test_read_text_bad_published_names_the_field() -> None:
    with pytest.raises(InputError) as caught:
        list(read_text(b"---\npublished: last tuesday\n---\nbody", origin="x.md"))
    assert "'published'" in caught.value.reason
    assert caught.value.origin == "x.md"


def test_read_text_nested_title_names_the_field() -> None:
    with pytest.raises(InputError, match="field 'title' must be text"):
        list(read_text(b"---\ntitle: {a: 1}\n---\nbody", origin="x.md"))


def test_read_text_invalid_yaml_names_the_line() -> None:
    with pytest.raises(InputError, match="not valid YAML at line 3"):
        list(read_text(b"---\ntitle: a\nkey: value: other\n---\nbody", origin="x.md"))


def test_read_text_keeps_nested_extras_by_name_only() -> None:
    data = b"---\nnested: &a {x: [*a]}\n---\nbody"
    document = _one(list(read_text(data, origin="x.md")))
    assert document.metadata == {"front_matter": {"_not_kept": ["nested"]}}


def test_read_text_without_closing_delimiter_is_all_body() -> None:
    document = _one(list(read_text(b"---\nA rule, then text.", origin="x.txt")))
    assert document.text == "---\nA rule, then text."


def test_read_text_with_no_body_is_input_error() -> None:
    with pytest.raises(InputError, match="no text after the front matter"):
        list(read_text(b"---\ntitle: Only a title\n---\n\n", origin="x.md"))


def test_read_text_records_invalid_utf8() -> None:
    document = _one(list(read_text(b"Caf\xe9 owners in Deir ez-Zor said", origin="x.txt")))
    assert document.decode_errors == 1
    assert "\ufffd" in document.text


def test_split_front_matter_accepts_dots_and_crlf() -> None:
    assert split_front_matter("---\r\na: 1\r\n...\r\nbody") == ("a: 1\r\n", "body")


_words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda text: text.strip() == text and text != "")
_body = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"),
    min_size=1,
).filter(lambda text: bool(text.strip()))


@settings(max_examples=75, deadline=None)
@given(
    title=_words,
    publisher=_words,
    author=_words,
    published=st.dates(min_value=date(1900, 1, 1)),
    body=_body,
)
def test_read_text_round_trips_front_matter_and_body(
    title: str, publisher: str, author: str, published: date, body: str
) -> None:
    front = {"title": title, "publisher": publisher, "author": author, "published": published}
    block = yaml.safe_dump(front, allow_unicode=True)
    data = f"---\n{block}---\n{body}".encode()
    document = _one(list(read_text(data, origin="p.md")))
    assert document.text == body.strip()
    assert document.title == title
    assert document.publisher == publisher
    assert document.author == author
    assert document.published == datetime(
        published.year, published.month, published.day, tzinfo=UTC
    )


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=1_000))
def test_read_text_arbitrary_bytes_give_documents_or_input_error(data: bytes) -> None:
    try:
        items = list(read_text(data, origin="any.txt"))
    except InputError as exc:
        assert exc.origin == "any.txt"
    else:
        assert all(isinstance(item, Document) and item.text for item in items)
