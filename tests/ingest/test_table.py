import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.ingest.reader import read_file
from allegiance.ingest.result import Item, Skipped
from allegiance.ingest.table import read_table
from allegiance.model import Document, InputError
from allegiance.settings import Settings

Write = Callable[[str, str | bytes], Path]

POSTS = (
    "Date,Body,Link,Username,Platform,Likes\n"
    "2014-06-22T10:00:00Z,Fighters entered the town.,https://x.com/a/status/1,abu_a,twitter,12\n"
    "2014-06-23,   ,https://x.com/a/status/2,abu_a,twitter,3\n"
    '"22/06/2014","A post with a ""quote"" and, a comma",,abu_b,forum,\n'
)


def _documents(items: list[Item]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def test_read_table_guesses_common_column_names() -> None:
    items = list(read_table(POSTS.encode(), origin="p.csv"))
    first = _documents(items)[0]
    assert first.text == "Fighters entered the town."
    assert first.published == datetime(2014, 6, 22, 10, tzinfo=UTC)
    assert first.url == "https://x.com/a/status/1"
    assert first.account == "abu_a"
    assert first.platform == "x"
    assert first.source is not None
    assert (first.source.name, first.source.kind, first.source.platform) == (
        "abu_a",
        "account",
        "x",
    )
    assert first.metadata == {"columns": {"Likes": "12"}}
    assert first.origin == "p.csv#row-1"


def test_read_table_skips_row_with_empty_text_with_reason() -> None:
    items = list(read_table(POSTS.encode(), origin="p.csv"))
    assert items[1] == Skipped("p.csv#row-2", "row 2 has an empty text")


def test_read_table_keeps_unknown_platform_and_unread_date() -> None:
    third = _documents(list(read_table(POSTS.encode(), origin="p.csv")))[1]
    assert third.text == 'A post with a "quote" and, a comma'
    assert third.platform == "csv"
    assert third.published is None
    assert third.metadata == {"platform": "forum", "published_raw": "22/06/2014"}


def test_read_table_uses_explicit_column_mapping() -> None:
    data = b"when,what,who\n2014-06-01,Clashes in Hama,SOHR\n"
    mapping = {"published": "when", "text": "what", "publisher": "who"}
    (document,) = list(read_table(data, origin="m.csv", column_map=mapping))
    assert isinstance(document, Document)
    assert document.text == "Clashes in Hama"
    assert document.publisher == "SOHR"
    assert document.published == datetime(2014, 6, 1, tzinfo=UTC)


def test_read_table_wrong_mapping_lists_missing_and_header_columns() -> None:
    data = b"when,what\n2014-06-01,hello\n"
    with pytest.raises(InputError) as caught:
        list(read_table(data, origin="m.csv", column_map={"text": "body", "url": "link"}))
    assert caught.value.reason == (
        "columns ['body', 'link'] are not in the header ['when', 'what']"
    )


def test_read_table_mapping_with_unknown_field_is_input_error() -> None:
    with pytest.raises(InputError, match=r"unknown fields \['colour'\]"):
        list(read_table(b"a\nb\n", origin="m.csv", column_map={"colour": "a"}))


def test_read_table_without_text_column_is_input_error() -> None:
    with pytest.raises(InputError, match=r"no text column in the header \['when', 'what'\]"):
        list(read_table(b"when,what\n2014-06-01,hello\n", origin="m.csv"))


def test_read_table_refuses_bad_delimiter() -> None:
    with pytest.raises(InputError, match="one character"):
        list(read_table(b"text\nx\n", origin="m.csv", delimiter="||"))


def test_read_file_reads_tsv_with_tabs(write: Write, settings: Settings) -> None:
    path = write("posts.tsv", "text\tauthor\nA report, with commas\tJane\n")
    result = read_file(path, settings=settings)
    (document,) = result.documents
    assert (document.text, document.author) == ("A report, with commas", "Jane")


def test_read_file_counts_skipped_rows(write: Write, settings: Settings) -> None:
    result = read_file(write("posts.csv", POSTS), settings=settings)
    assert len(result.documents) == 2
    assert result.skipped == [(f"{result.origin}#row-2", "row 2 has an empty text")]


_cell = st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_cell, _cell), min_size=1, max_size=5))
def test_read_table_unicode_fields_round_trip(rows: list[tuple[str, str]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["text", "title"])
    writer.writerows(rows)
    try:
        items = list(read_table(buffer.getvalue().encode(), origin="u.csv"))
    except InputError as exc:
        assert "binary content" in exc.reason  # mostly control characters
        return
    for item, (text, title) in zip(items, rows, strict=True):
        if isinstance(item, Skipped):
            assert not text.strip()
        else:
            assert item.text == text.strip()
            assert item.title == (title.strip() or None)
