"""X/Twitter API v2 JSON exports: one document per post, its author from `includes.users`.

Also read, tolerantly: a single post object, a top-level list of posts, and posts that
embed their author (`"author": {...}`) as some collection tools write them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from allegiance.ingest.content import decode_json
from allegiance.ingest.fields import JsonObject, id_of, objects_of, text_of
from allegiance.ingest.language import normalise_language
from allegiance.ingest.result import Item, Skipped
from allegiance.ingest.timestamps import read_published
from allegiance.model import Document, InputError, Source


def read_x_json(data: bytes, *, origin: str) -> Iterator[Item]:
    """A document per post; entries that are not posts, and the API's `errors`, are skipped."""
    value, decode_errors = decode_json(data, origin=origin)
    posts, users, errors = _unpack(value, origin=origin)
    for index, post in enumerate(posts, start=1):
        yield _post_item(post, index=index, origin=origin, users=users, decode_errors=decode_errors)
    for error in errors:
        key = id_of(error.get("value")) or id_of(error.get("resource_id")) or "error"
        reason = (
            text_of(error.get("detail")) or text_of(error.get("title")) or "error reported by X"
        )
        yield Skipped(f"{origin}#{key}", f"X API error: {reason}")


def is_post(value: object) -> bool:
    """Whether a JSON value looks like one X/Twitter post."""
    return isinstance(value, Mapping) and "id" in value and "text" in value


def _unpack(
    value: object, *, origin: str
) -> tuple[list[object], dict[str, JsonObject], list[JsonObject]]:
    if isinstance(value, list):
        return value, {}, []
    if not isinstance(value, Mapping):
        raise InputError(origin, f"not an X/Twitter export: top level is {type(value).__name__}")
    if "data" in value or "includes" in value:
        data = value.get("data")
        posts = data if isinstance(data, list) else [] if data is None else [data]
        includes = value.get("includes")
        users = includes.get("users") if isinstance(includes, Mapping) else None
        return posts, _users_by_id(users), objects_of(value.get("errors"))
    if is_post(value):
        return [value], {}, []
    raise InputError(origin, "not an X/Twitter export: no `data` and not a post")


def _users_by_id(users: object) -> dict[str, JsonObject]:
    return {user_id: user for user in objects_of(users) if (user_id := id_of(user.get("id")))}


def _post_item(
    post: object, *, index: int, origin: str, users: Mapping[str, JsonObject], decode_errors: int
) -> Item:
    post_id = id_of(post.get("id")) if isinstance(post, Mapping) else None
    item_origin = f"{origin}#{post_id or f'item-{index}'}"
    if not isinstance(post, Mapping):
        return Skipped(item_origin, f"not a post object but {type(post).__name__}")
    text = _post_text(post)
    if not text:
        return Skipped(item_origin, "post has no text")
    author_id = id_of(post.get("author_id"))
    embedded = post.get("author")
    user = users.get(author_id or "") or (embedded if isinstance(embedded, Mapping) else {})
    username = text_of(user.get("username"))
    published, metadata = read_published(post.get("created_at"), _metadata(post, user, author_id))
    return Document(
        text=text,
        origin=item_origin,
        format="x-json",
        source=Source(f"@{username}", kind="account", platform="x") if username else None,
        author=text_of(user.get("name")),
        published=published,
        url=_post_url(username, post_id),
        language=normalise_language(post.get("lang")),
        platform="x",
        account=username,
        external_id=post_id,
        metadata=metadata,
        decode_errors=decode_errors,
    )


def _post_text(post: JsonObject) -> str | None:
    """The full text: a long post keeps it in `note_tweet`, `text` being cut at 280."""
    note = post.get("note_tweet")
    full = text_of(note.get("text")) if isinstance(note, Mapping) else None
    return full or text_of(post.get("text"))


def _post_url(username: str | None, post_id: str | None) -> str | None:
    if post_id is None:
        return None
    return f"https://x.com/{username or 'i'}/status/{post_id}"


def _metadata(post: JsonObject, user: JsonObject, author_id: str | None) -> dict[str, object]:
    references = [
        {"type": text_of(ref.get("type")), "id": id_of(ref.get("id"))}
        for ref in objects_of(post.get("referenced_tweets"))
    ]
    candidates: dict[str, object] = {
        "referenced_tweets": references or None,
        "author_id": author_id,
        "conversation_id": id_of(post.get("conversation_id")),
        "in_reply_to_user_id": id_of(post.get("in_reply_to_user_id")),
        "display_name": text_of(user.get("name")),
        "user_created_at": text_of(user.get("created_at")),
        "user_description": text_of(user.get("description")),
    }
    return {key: value for key, value in candidates.items() if value is not None}
