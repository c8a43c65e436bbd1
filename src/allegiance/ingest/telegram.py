"""Telegram Desktop exports (`result.json`): one document per message with text.

Reads a one-chat export (`name`, `type`, `id`, `messages`) and a whole-account export
(`chats.list`, `left_chats.list`). Service messages and messages without text are skipped
with their reason, never dropped unseen.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from allegiance.ingest.content import decode_json
from allegiance.ingest.fields import JsonObject, id_of, text_of
from allegiance.ingest.result import Item, Skipped
from allegiance.ingest.timestamps import read_published
from allegiance.model import Document, InputError, Source

_LINKS = frozenset({"link", "text_link", "url"})
_HASHTAGS = frozenset({"hashtag", "cashtag"})
_MENTIONS = frozenset({"mention", "mention_name"})
_MEDIA_KEYS = ("photo", "file", "media_type", "sticker_emoji", "poll", "location_information")


def read_telegram(data: bytes, *, origin: str) -> Iterator[Item]:
    """A document per text message of every chat in the export."""
    value, decode_errors = decode_json(data, origin=origin)
    chats = _chats(value, origin=origin)
    for chat in chats:
        prefix = f"{id_of(chat.get('id'))}/" if len(chats) > 1 else ""
        messages = chat.get("messages")
        for index, message in enumerate(messages if isinstance(messages, list) else [], start=1):
            yield _message_item(
                message,
                chat=chat,
                origin=f"{origin}#{prefix}",
                index=index,
                decode_errors=decode_errors,
            )


def is_export(value: object) -> bool:
    """Whether a JSON value looks like a Telegram Desktop export."""
    return isinstance(value, Mapping) and ("messages" in value or "chats" in value)


def flatten_text(text: object) -> str:
    """A message's `text`, which is a string or a list of strings and `{type, text}` parts."""
    if isinstance(text, str):
        return text
    if not isinstance(text, list):
        return ""
    parts = (part if isinstance(part, str) else _part_text(part) for part in text)
    return "".join(parts)


def _part_text(part: object) -> str:
    value = part.get("text") if isinstance(part, Mapping) else None
    return value if isinstance(value, str) else ""


def _chats(value: object, *, origin: str) -> list[JsonObject]:
    if not isinstance(value, Mapping):
        raise InputError(origin, f"not a Telegram export: top level is {type(value).__name__}")
    if isinstance(value.get("messages"), list):
        return [value]
    chats: list[JsonObject] = []
    for key in ("chats", "left_chats"):
        section = value.get(key)
        listed = section.get("list") if isinstance(section, Mapping) else None
        if isinstance(listed, list):
            chats.extend(chat for chat in listed if isinstance(chat, Mapping))
    if not chats:
        raise InputError(origin, "not a Telegram export: no `messages` list and no `chats`")
    return chats


def _message_item(
    message: object, *, chat: JsonObject, origin: str, index: int, decode_errors: int
) -> Item:
    message_id = id_of(message.get("id")) if isinstance(message, Mapping) else None
    item_origin = f"{origin}{message_id or f'item-{index}'}"
    if not isinstance(message, Mapping):
        return Skipped(item_origin, f"not a message object but {type(message).__name__}")
    kind = text_of(message.get("type"))
    if kind != "message":
        action = text_of(message.get("action"))
        return Skipped(
            item_origin, f"{kind or 'untyped'} message{f' ({action})' if action else ''}"
        )
    text = flatten_text(message.get("text")).strip()
    if not text:
        media = next((key for key in _MEDIA_KEYS if message.get(key)), None)
        return Skipped(item_origin, f"message has no text{f' ({media} only)' if media else ''}")
    return _document(message, chat=chat, text=text, origin=item_origin, decode_errors=decode_errors)


def _document(
    message: JsonObject, *, chat: JsonObject, text: str, origin: str, decode_errors: int
) -> Document:
    chat_name = text_of(chat.get("name"))
    sender = text_of(message.get("from"))
    # `date_unixtime` is the exact instant; `date` is the exporting machine's local time
    # without a zone, taken as UTC only when it is all the export gives.
    raw_time = message.get("date_unixtime") or message.get("date")
    published, metadata = read_published(raw_time, _metadata(message, chat))
    return Document(
        text=text,
        origin=origin,
        format="telegram",
        source=Source(chat_name, kind="channel", platform="telegram") if chat_name else None,
        author=text_of(message.get("author")) or sender,
        published=published,
        platform="telegram",
        account=chat_name or sender,
        external_id=id_of(message.get("id")),
        metadata=metadata,
        decode_errors=decode_errors,
    )


def _metadata(message: JsonObject, chat: JsonObject) -> dict[str, object]:
    entities = message.get("text_entities")
    parts = entities if isinstance(entities, list) else message.get("text")
    candidates: dict[str, object] = {
        "chat_id": id_of(chat.get("id")),
        "chat_type": text_of(chat.get("type")),
        "from_id": text_of(message.get("from_id")),
        "forwarded_from": text_of(message.get("forwarded_from")),
        "reply_to_message_id": id_of(message.get("reply_to_message_id")),
        "edited": text_of(message.get("edited")),
        "links": _entities(parts, _LINKS) or None,
        "hashtags": _entities(parts, _HASHTAGS) or None,
        "mentions": _entities(parts, _MENTIONS) or None,
    }
    return {key: value for key, value in candidates.items() if value is not None}


def _entities(parts: object, kinds: frozenset[str]) -> list[str]:
    """The texts (or link targets) of the text entities of the given kinds."""
    if not isinstance(parts, list):
        return []
    found: list[str] = []
    for part in parts:
        if isinstance(part, Mapping) and part.get("type") in kinds:
            value = text_of(part.get("href")) or text_of(part.get("text"))
            if value:
                found.append(value)
    return found
