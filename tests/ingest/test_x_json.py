import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.ingest.result import Item, Skipped
from allegiance.ingest.x_json import read_x_json
from allegiance.model import Document, InputError

EXPORT = {
    "data": [
        {
            "id": "1478000000000000001",
            "text": "We renew our pledge to the emir. #bayah",
            "author_id": "2244994945",
            "created_at": "2014-06-22T10:15:00.000Z",
            "lang": "en",
            "conversation_id": "1478000000000000001",
            "referenced_tweets": [
                {"type": "quoted", "id": "1477000000000000009"},
                {"type": "replied_to", "id": "1476000000000000003"},
            ],
        },
        {
            "id": "1478000000000000002",
            "text": "short",
            "note_tweet": {"text": "The long version of this post, past 280 characters."},
            "author_id": "2244994945",
            "created_at": "not a date",
            "lang": "und",
        },
        {"id": "1478000000000000003", "author_id": "2244994945"},
    ],
    "includes": {
        "users": [
            {
                "id": "2244994945",
                "username": "abu_example",
                "name": "Abu Muhammad al-Tunisi",
                "created_at": "2014-05-01T00:00:00.000Z",
                "description": "Soldier of the caliphate. New account.",
            }
        ]
    },
    "errors": [{"value": "1478000000000000099", "detail": "Could not find tweet"}],
}


def _read(value: object) -> list[Item]:
    return list(read_x_json(json.dumps(value).encode(), origin="x.json"))


def test_read_x_json_reads_post_and_author() -> None:
    document = _read(EXPORT)[0]
    assert isinstance(document, Document)
    assert document.text == "We renew our pledge to the emir. #bayah"
    assert document.account == "abu_example"
    assert document.author == "Abu Muhammad al-Tunisi"
    assert document.source is not None
    assert (document.source.name, document.source.kind, document.source.platform) == (
        "@abu_example",
        "account",
        "x",
    )
    assert document.external_id == "1478000000000000001"
    assert document.published == datetime(2014, 6, 22, 10, 15, tzinfo=UTC)
    assert document.url == "https://x.com/abu_example/status/1478000000000000001"
    assert document.language == "en"
    assert document.origin == "x.json#1478000000000000001"
    assert (document.platform, document.format) == ("x", "x-json")


def test_read_x_json_keeps_referenced_posts_and_user_in_metadata() -> None:
    document = _read(EXPORT)[0]
    assert isinstance(document, Document)
    assert document.metadata == {
        "referenced_tweets": [
            {"type": "quoted", "id": "1477000000000000009"},
            {"type": "replied_to", "id": "1476000000000000003"},
        ],
        "author_id": "2244994945",
        "conversation_id": "1478000000000000001",
        "display_name": "Abu Muhammad al-Tunisi",
        "user_created_at": "2014-05-01T00:00:00.000Z",
        "user_description": "Soldier of the caliphate. New account.",
    }


def test_read_x_json_prefers_note_text_and_keeps_bad_date() -> None:
    document = _read(EXPORT)[1]
    assert isinstance(document, Document)
    assert document.text == "The long version of this post, past 280 characters."
    assert document.published is None
    assert document.metadata["published_raw"] == "not a date"
    assert document.language is None  # "und": the reader leaves it to detection


def test_read_x_json_skips_posts_without_text_and_api_errors() -> None:
    skipped = [item for item in _read(EXPORT) if isinstance(item, Skipped)]
    assert skipped == [
        Skipped("x.json#1478000000000000003", "post has no text"),
        Skipped("x.json#1478000000000000099", "X API error: Could not find tweet"),
    ]


def test_read_x_json_accepts_single_post_and_list() -> None:
    post = {"id": 7, "text": "A single post", "author": {"username": "someone"}}
    (single,) = _read(post)
    assert isinstance(single, Document)
    assert single.url == "https://x.com/someone/status/7"
    listed = _read([post, {"id": "8", "text": "another"}])
    assert [item.external_id for item in listed if isinstance(item, Document)] == ["7", "8"]
    unknown = listed[1]
    assert isinstance(unknown, Document)
    assert unknown.url == "https://x.com/i/status/8"
    assert unknown.source is None


def test_read_x_json_truncated_json_names_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        list(read_x_json(b'{"data": [{"id": "1", "text": "cut off', origin="t.json"))
    assert caught.value.origin == "t.json"
    assert "line 1, column 31" in caught.value.reason


def test_read_x_json_refuses_unrelated_json() -> None:
    with pytest.raises(InputError, match="not an X/Twitter export"):
        _read({"messages": []})
    with pytest.raises(InputError, match="top level is int"):
        _read(42)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "text",
                    "data",
                    "includes",
                    "users",
                    "author_id",
                    "lang",
                    "created_at",
                    "referenced_tweets",
                    "type",
                    "username",
                    "errors",
                ]
            )
            | st.text(max_size=5),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=100, deadline=None)
@given(_json)
def test_read_x_json_arbitrary_json_gives_items_or_input_error(value: object) -> None:
    try:
        items = _read(value)
    except InputError as exc:
        assert exc.origin == "x.json"
    else:
        assert all(isinstance(item, Document | Skipped) for item in items)
