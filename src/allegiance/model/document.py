"""Documents (ingested reports) and their sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from allegiance.model.ids import content_id, normalise_text

Platform = Literal["web", "rss", "x", "telegram", "csv", "image", "file"]
SourceKind = Literal["publisher", "account", "channel", "unknown"]


@dataclass(frozen=True, slots=True)
class Source:
    """Who published a document: an outlet, an account or a channel."""

    name: str
    kind: SourceKind = "publisher"
    platform: str | None = None
    url: str | None = None

    @property
    def id(self) -> str:
        return content_id("src", self.kind, self.platform, self.name.casefold())


@dataclass(frozen=True, slots=True)
class Media:
    """A binary attached to a document (an image), stored content-addressed."""

    sha256: str
    mime_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class Document:
    """One ingested report. Immutable; its id hashes its normalised text and its source.

    `origin` is where it was read from (a file path or URL, with the item inside a
    multi-item file), `external_id` the platform's own id (a post or message id).
    `metadata` keeps format-specific facts that have no column of their own (reply and
    forward references, display names), as JSON-compatible values.
    """

    text: str
    origin: str
    format: str
    title: str | None = None
    source: Source | None = None
    author: str | None = None
    published: datetime | None = None
    url: str | None = None
    language: str | None = None
    platform: Platform = "file"
    account: str | None = None
    external_id: str | None = None
    metadata: dict[str, object] = field(default_factory=dict)
    media: Media | None = None
    decode_errors: int = 0

    @property
    def id(self) -> str:
        source = self.source.id if self.source else ""
        media = self.media.sha256 if self.media else None
        return content_id(
            "doc",
            normalise_text(self.text),
            source,
            self.account,
            self.external_id,
            self.url,
            media,
        )

    @property
    def publisher(self) -> str | None:
        return self.source.name if self.source else None
