"""Prefixed identifiers: `doc-` and `clm-` from content hashes, `ent-` minted once and kept."""

from __future__ import annotations

import hashlib
import unicodedata
import uuid

_SEPARATOR = "\x1f"


def normalise_text(text: str) -> str:
    """The form of a text that its identity is computed from: NFC, unified line ends, trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip()


def content_id(prefix: str, *parts: str | None) -> str:
    """A stable id for content: the same parts always give the same id."""
    digest = hashlib.sha256(_SEPARATOR.join(part or "" for part in parts).encode("utf-8"))
    return f"{prefix}-{digest.hexdigest()[:24]}"


def mint_id(prefix: str) -> str:
    """A fresh random id, for records that are created once and then kept (entities)."""
    return f"{prefix}-{uuid.uuid4().hex[:24]}"
