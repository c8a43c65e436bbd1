"""Raw input bytes: size limits checked before reading, and decoding that counts its losses."""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from pathlib import Path

from allegiance.model import InputError
from allegiance.settings import Settings

# Bytes that could not be decoded come back from "surrogateescape" as U+DC80..U+DCFF,
# one per byte, which lets us count them before replacing each with U+FFFD.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_CONTROL = re.compile("[\x01-\x08\x0e-\x1f\x7f]")
_SAMPLE_CHARS = 65_536
_MAX_CONTROL_SHARE = 0.1
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from bytes, with how many bytes had to be replaced by U+FFFD."""

    text: str
    decode_errors: int = 0


def load_bytes(path: Path, *, settings: Settings) -> bytes:
    """The content of a file, refused when empty or over `max_file_mb` before it is read."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError(origin, "is a folder, not a file")
        limit = settings.max_file_bytes
        if size > limit:
            raise InputError(origin, f"file is {size} bytes, over the {limit}-byte limit")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise InputError(origin, exc.strerror or type(exc).__name__) from exc
    if len(data) > limit:
        raise InputError(origin, f"file grew over the {limit}-byte limit while being read")
    if not data or data.isspace():
        raise InputError(origin, "empty file")
    return data


def decode_text(data: bytes, *, origin: str, encoding: str | None = None) -> DecodedText:
    """Decode text, refusing binary content; undecodable bytes are replaced and counted.

    A byte-order mark wins over `encoding`; without either, UTF-8 is assumed.
    """
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(origin, "binary content (NUL bytes), not text")
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], name
            break
    codec = _known_codec(encoding)
    escaped = data.decode(codec, errors="surrogateescape")
    text, errors = _ESCAPED_BYTE.subn("\ufffd", escaped)
    sample = text[:_SAMPLE_CHARS]
    if sample and len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        raise InputError(origin, "binary content (control characters), not text")
    return DecodedText(text, errors)


def _known_codec(encoding: str | None) -> str:
    if not encoding:
        return "utf-8"
    try:
        return codecs.lookup(encoding.strip()).name
    except LookupError:
        return "utf-8"


def decode_json(data: bytes, *, origin: str) -> tuple[object, int]:
    """A JSON value and the count of undecodable bytes; bad JSON names its line and column."""
    decoded = decode_text(data, origin=origin)
    try:
        return json.loads(decoded.text), decoded.decode_errors
    except json.JSONDecodeError as exc:
        at_end = exc.pos >= len(decoded.text.rstrip()) or exc.msg.startswith("Unterminated")
        hint = " (the file looks truncated)" if at_end else ""
        reason = f"invalid JSON: {exc.msg}: line {exc.lineno}, column {exc.colno}{hint}"
        raise InputError(origin, reason) from exc
    except RecursionError as exc:
        raise InputError(origin, "JSON nested too deeply") from exc
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise InputError(origin, f"invalid JSON: {exc}") from exc
