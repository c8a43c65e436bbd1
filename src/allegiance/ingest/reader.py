"""The one entry point for every input: pick the reader, run it, count what it skipped."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath

import httpx

from allegiance.ingest.content import load_bytes
from allegiance.ingest.detection import detect_format, detect_media_type
from allegiance.ingest.feed import read_feed
from allegiance.ingest.fetch import Resolver, fetch
from allegiance.ingest.html import read_html
from allegiance.ingest.image import find_caption, find_ocr, read_image
from allegiance.ingest.inputs import iter_input_files
from allegiance.ingest.language import detect_language
from allegiance.ingest.result import Item, ReadResult, Skipped
from allegiance.ingest.table import read_table
from allegiance.ingest.telegram import read_telegram
from allegiance.ingest.text import read_text
from allegiance.ingest.x_json import read_x_json
from allegiance.model import Document, InputError
from allegiance.settings import Settings

__all__ = ["FORMATS", "ReadResult", "detect_format", "iter_input_files", "read_file", "read_url"]

FORMATS = ("auto", "text", "html", "rss", "x-json", "telegram", "csv", "image")
# Enough of a file to tell its format, even when a Telegram export lists contacts first.
_HEAD_BYTES = 1 << 20


def read_file(
    path: Path,
    *,
    format: str = "auto",
    settings: Settings,
    column_map: Mapping[str, str] | None = None,
    delimiter: str | None = None,
) -> ReadResult:
    """Every document in a file; raises InputError (naming the file) when none can be read.

    `column_map` and `delimiter` apply to CSV only; a `.tsv` file defaults to tabs.
    """
    origin = str(path)
    _check_format(format, origin=origin)
    data = load_bytes(path, settings=settings)
    chosen = detect_format(path, data[:_HEAD_BYTES]) if format == "auto" else format
    if chosen == "image":
        caption = find_caption(path)
        items = read_image(
            data,
            origin=origin,
            caption=load_bytes(caption, settings=settings) if caption else None,
            caption_origin=str(caption) if caption else None,
            ocr=find_ocr(),
        )
    else:
        tabs = path.suffix.lower() == ".tsv"
        items = _parse(
            data,
            format=chosen,
            origin=origin,
            column_map=column_map,
            delimiter=delimiter or ("\t" if tabs else ","),
        )
    return _collect(origin, items)


def read_url(
    url: str,
    *,
    format: str = "auto",
    settings: Settings,
    client: httpx.Client | None = None,
    resolve: Resolver | None = None,
) -> ReadResult:
    """Every document at a URL (a feed, a page, an export, an image), fetched within limits."""
    _check_format(format, origin=url)
    download = fetch(url, settings=settings, client=client, resolve=resolve)
    origin = download.url
    if not download.content or download.content.isspace():
        raise InputError(origin, "empty response")
    path = PurePosixPath(httpx.URL(origin).path)
    head = download.content[:_HEAD_BYTES]
    chosen = (
        detect_media_type(download.content_type, path=path, head=head)
        if format == "auto"
        else format
    )
    if chosen == "image":
        items = read_image(download.content, origin=origin, ocr=find_ocr())
    else:
        tabs = download.content_type == "text/tab-separated-values"
        items = _parse(
            download.content,
            format=chosen,
            origin=origin,
            delimiter="\t" if tabs else ",",
            url=origin,
            charset=download.charset,
        )
    return _collect(origin, items)


def _check_format(format: str, *, origin: str) -> None:
    if format not in FORMATS:
        raise InputError(origin, f"unknown format {format!r}; use one of {', '.join(FORMATS)}")


def _parse(
    data: bytes,
    *,
    format: str,
    origin: str,
    column_map: Mapping[str, str] | None = None,
    delimiter: str = ",",
    url: str | None = None,
    charset: str | None = None,
) -> Iterator[Item]:
    """The reader for every format except images (which also need their caption file)."""
    if format == "text":
        return read_text(data, origin=origin)
    if format == "html":
        return read_html(data, origin=origin, url=url, charset=charset)
    if format == "rss":
        return read_feed(data, origin=origin)
    if format == "x-json":
        return read_x_json(data, origin=origin)
    if format == "telegram":
        return read_telegram(data, origin=origin)
    if format == "csv":
        return read_table(data, origin=origin, column_map=column_map, delimiter=delimiter)
    raise InputError(origin, f"no reader for format {format!r}")


def _collect(origin: str, items: Iterable[Item]) -> ReadResult:
    """Run a reader to the end; documents without a language get one detected."""
    result = ReadResult(origin)
    for item in items:
        if isinstance(item, Skipped):
            result.skipped.append((item.origin, item.reason))
        else:
            result.documents.append(_with_language(item))
    return result


def _with_language(document: Document) -> Document:
    if document.language is not None:
        return document
    return dataclasses.replace(document, language=detect_language(document.text))
