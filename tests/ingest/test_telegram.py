import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.ingest.result import Item, Skipped
from allegiance.ingest.telegram import flatten_text, read_telegram
from allegiance.model import Document, InputError

CHANNEL = {
    "name": "Amaq Relay",
    "type": "public_channel",
    "id": 1234567890,
    "messages": [
        {
            "id": 1,
            "type": "service",
            "date": "2016-06-13T16:00:00",
            "actor": "Amaq Relay",
            "action": "create_channel",
            "text": "",
        },
        {
            "id": 2,
            "type": "message",
            "date": "2016-06-13T16:18:52",
            "date_unixtime": "1465831132",
            "from": "Amaq Relay",
            "from_id": "channel1234567890",
            "forwarded_from": "Old Channel",
            "reply_to_message_id": 1,
            "text": [
                "Fighters took ",
                {"type": "hashtag", "text": "#Manbij"},
                " today, see ",
                {"type": "text_link", "text": "here", "href": "https://example.org/a"},
                " via ",
                {"type": "mention", "text": "@other_channel"},
            ],
            "text_entities": [
                {"type": "plain", "text": "Fighters took "},
                {"type": "hashtag", "text": "#Manbij"},
                {"type": "plain", "text": " today, see "},
                {"type": "text_link", "text": "here", "href": "https://example.org/a"},
                {"type": "plain", "text": " via "},
                {"type": "mention", "text": "@other_channel"},
            ],
        },
        {"id": 3, "type": "message", "date": "2016-06-14T09:00:00", "text": "", "photo": "p.jpg"},
        {"id": 4, "type": "message", "date": "2016-06-14T10:30:00", "text": "Plain text post"},
    ],
}


def _read(value: object) -> list[Item]:
    return list(read_telegram(json.dumps(value).encode(), origin="result.json"))


def test_read_telegram_reads_text_message() -> None:
    document = _read(CHANNEL)[1]
    assert isinstance(document, Document)
    assert document.text == "Fighters took #Manbij today, see here via @other_channel"
    assert document.account == "Amaq Relay"
    assert document.source is not None
    assert (document.source.name, document.source.kind, document.source.platform) == (
        "Amaq Relay",
        "channel",
        "telegram",
    )
    assert document.external_id == "2"
    assert document.published == datetime(2016, 6, 13, 15, 18, 52, tzinfo=UTC)
    assert document.origin == "result.json#2"
    assert (document.platform, document.format) == ("telegram", "telegram")


def test_read_telegram_keeps_entities_and_references_in_metadata() -> None:
    document = _read(CHANNEL)[1]
    assert isinstance(document, Document)
    assert document.metadata == {
        "chat_id": "1234567890",
        "chat_type": "public_channel",
        "from_id": "channel1234567890",
        "forwarded_from": "Old Channel",
        "reply_to_message_id": "1",
        "links": ["https://example.org/a"],
        "hashtags": ["#Manbij"],
        "mentions": ["@other_channel"],
    }


def test_read_telegram_takes_naive_date_as_utc() -> None:
    document = _read(CHANNEL)[3]
    assert isinstance(document, Document)
    assert document.published == datetime(2016, 6, 14, 10, 30, tzinfo=UTC)


def test_read_telegram_skips_and_counts_service_and_empty_messages() -> None:
    skipped = [item for item in _read(CHANNEL) if isinstance(item, Skipped)]
    assert skipped == [
        Skipped("result.json#1", "service message (create_channel)"),
        Skipped("result.json#3", "message has no text (photo only)"),
    ]


def test_read_telegram_reads_whole_account_export() -> None:
    group_message = {
        "id": 1,
        "type": "message",
        "from": "Abu Omar",
        "text": "hello all",
        "date": "2016-01-01T00:00:00",
    }
    group = {"name": "Group", "id": 5, "messages": [group_message]}
    account = {"chats": {"list": [CHANNEL, group]}}
    documents = [item for item in _read(account) if isinstance(item, Document)]
    assert [document.origin for document in documents] == [
        "result.json#1234567890/2",
        "result.json#1234567890/4",
        "result.json#5/1",
    ]
    assert documents[2].account == "Group"
    assert documents[2].author == "Abu Omar"


def test_read_telegram_refuses_other_json() -> None:
    with pytest.raises(InputError, match="not a Telegram export"):
        _read({"data": []})
    with pytest.raises(InputError, match="invalid JSON"):
        list(read_telegram(b'{"messages": [', origin="r.json"))


def test_flatten_text_joins_strings_and_parts() -> None:
    assert flatten_text(["a ", {"type": "bold", "text": "b"}, {"type": "x"}, 3]) == "a b"
    assert flatten_text("plain") == "plain"
    assert flatten_text(None) == ""


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "messages",
                    "chats",
                    "list",
                    "id",
                    "type",
                    "text",
                    "date",
                    "from",
                    "text_entities",
                    "href",
                    "name",
                    "date_unixtime",
                    "action",
                ]
            )
            | st.text(max_size=5),
            children,
            max_size=6,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=100, deadline=None)
@given(_json | st.builds(lambda m: {"name": "c", "messages": m}, st.lists(_json, max_size=5)))
def test_read_telegram_arbitrary_json_gives_items_or_input_error(value: object) -> None:
    try:
        items = _read(value)
    except InputError as exc:
        assert exc.origin == "result.json"
    else:
        assert all(isinstance(item, Document | Skipped) for item in items)
