"""Which reader an input needs: by file extension or declared media type, then by content."""

from __future__ import annotations

import re
from pathlib import PurePath

from allegiance.model import InputError

_USE_FORMAT = "use --format"
_UNRECOGNISED = f"unrecognised format; {_USE_FORMAT}"
_BY_SUFFIX = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".htm": "html", ".html": "html", ".xhtml": "html",
    ".rss": "rss", ".atom": "rss",
    ".csv": "csv", ".tsv": "csv",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".gif": "image", ".webp": "image",
}  # fmt: skip
_BY_MEDIA_TYPE = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "rss", "application/atom+xml": "rss", "application/rdf+xml": "rss",
    "text/csv": "csv", "text/tab-separated-values": "csv",
    "text/plain": "text", "text/markdown": "text",
    "image/png": "image", "image/jpeg": "image", "image/gif": "image", "image/webp": "image",
}  # fmt: skip
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
_BOM_AND_SPACE = b"\xef\xbb\xbf \t\r\n"
# A key of the top-level object; the look-behind skips `\"messages\":` inside a string.
_TELEGRAM_KEYS = re.compile(rb'(?<!\\)"(messages|chats)"\s*:')
_X_KEYS = re.compile(rb'(?<!\\)"(data|includes|author_id|edit_history_tweet_ids)"\s*:')
_POST_KEYS = (re.compile(rb'(?<!\\)"id"\s*:'), re.compile(rb'(?<!\\)"text"\s*:'))
_ROOT_TAG = re.compile(rb"<(?![?!])([A-Za-z_][\w.:-]*)")
_FEED_ROOTS = frozenset({b"rss", b"feed", b"rdf:rdf", b"rdf"})


def detect_format(path: PurePath, head: bytes) -> str:
    """The format of a file from its extension, else from its first bytes."""
    origin = str(path)
    suffix = path.suffix.lower()
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    if suffix == ".json":
        return json_format(head, origin=origin)
    return sniff_format(head, origin=origin)


def detect_media_type(media_type: str | None, *, path: PurePath, head: bytes) -> str:
    """The format of a fetched body from its Content-Type, else as for a file."""
    known = _BY_MEDIA_TYPE.get(media_type or "")
    return known or detect_format(path, head)


def sniff_format(head: bytes, *, origin: str) -> str:
    """The format of content whose name says nothing: image magic, JSON or markup."""
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    start = head.lstrip(_BOM_AND_SPACE)
    if start.startswith((b"{", b"[")):
        return json_format(head, origin=origin)
    if start.startswith(b"<"):
        return markup_format(start, origin=origin)
    raise InputError(origin, _UNRECOGNISED)


def json_format(head: bytes, *, origin: str) -> str:
    """A Telegram export has `messages` or `chats`; an X export `data`/`includes` or posts."""
    if _TELEGRAM_KEYS.search(head):
        return "telegram"
    if _X_KEYS.search(head) or all(key.search(head) for key in _POST_KEYS):
        return "x-json"
    raise InputError(origin, f"unrecognised JSON (not an X or Telegram export); {_USE_FORMAT}")


def markup_format(head: bytes, *, origin: str) -> str:
    """RSS/Atom by the root element; HTML by its doctype or root."""
    if re.match(rb"(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<!doctype\s+html", head, re.I | re.S):
        return "html"
    match = _ROOT_TAG.search(head)
    if not match:
        raise InputError(origin, _UNRECOGNISED)
    root = match.group(1).lower()
    if root in _FEED_ROOTS:
        return "rss"
    if root in (b"html", b"head", b"body"):
        return "html"
    name = root.decode("ascii", errors="replace")
    raise InputError(origin, f"unrecognised XML (root <{name}>); {_USE_FORMAT}")
