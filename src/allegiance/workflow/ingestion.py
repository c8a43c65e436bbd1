"""Ingest a batch of files and URLs: every document stored atomically, one bad file never
stops the batch, and the summary says what was added, what was already there and what failed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from allegiance.ingest.reader import ReadResult, iter_input_files, read_file, read_url
from allegiance.model import AllegianceError, Document, InputError
from allegiance.settings import Settings
from allegiance.store import KnowledgeBase


class Stage(Protocol):
    """Later work on each new document, run inside that document's transaction."""

    def process(self, session: Session, document: Document, document_id: str) -> None: ...

    def abandon(self) -> None:
        """The document's transaction rolled back; drop any state it left."""


class Progress(Protocol):
    """Told about each input as the batch goes (the CLI draws a progress bar from it)."""

    def start(self, total: int) -> None: ...

    def advance(self, origin: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Failure:
    """An input, or one item of it, that was not stored, and why."""

    origin: str
    reason: str


@dataclass(slots=True)
class IngestSummary:
    """What one `ingest` run did. `skipped` items are deliberately not documents
    (a Telegram service message, an empty CSV row); `failed` ones are errors."""

    files: int = 0
    added: int = 0
    new_versions: int = 0
    duplicates: int = 0
    skipped: list[Failure] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Files under the given folders (sorted, hidden files left out), URLs as given."""
    urls = [item for item in inputs if is_url(item)]
    paths = [Path(item) for item in inputs if not is_url(item)]
    return [str(path) for path in iter_input_files(paths)] + urls


def ingest(
    inputs: Sequence[str],
    *,
    settings: Settings,
    sessions: sessionmaker[Session],
    format: str = "auto",
    column_map: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    stage: Stage | None = None,
) -> IngestSummary:
    """Read every input and store each document in its own transaction.

    `stage` runs inside a document's transaction after it is stored as new, so later work
    (mentions, entities, claims) is stored atomically with the document.
    """
    summary = IngestSummary()
    missing = [item for item in inputs if not is_url(item) and not Path(item).exists()]
    summary.failed.extend(Failure(item, "no such file or folder") for item in missing)
    origins = expand_inputs([item for item in inputs if item not in missing])
    if progress:
        progress.start(len(origins))
    for origin in origins:
        summary.files += 1
        try:
            result = _read(origin, settings=settings, format=format, column_map=column_map)
        except InputError as exc:
            summary.failed.append(Failure(exc.origin, exc.reason))
        else:
            summary.skipped.extend(Failure(item, reason) for item, reason in result.skipped)
            for document in result.documents:
                _store(document, sessions=sessions, summary=summary, stage=stage)
        if progress:
            progress.advance(origin)
    return summary


def _read(
    origin: str, *, settings: Settings, format: str, column_map: Mapping[str, str] | None
) -> ReadResult:
    if is_url(origin):
        return read_url(origin, format=format, settings=settings)
    return read_file(Path(origin), format=format, settings=settings, column_map=column_map)


def _store(
    document: Document,
    *,
    sessions: sessionmaker[Session],
    summary: IngestSummary,
    stage: Stage | None,
) -> None:
    try:
        with sessions() as session, session.begin():
            outcome = KnowledgeBase(session).add_document(document)
            if outcome.status != "duplicate" and stage:
                stage.process(session, document, outcome.document_id)
    except (AllegianceError, SQLAlchemyError) as exc:
        # The transaction rolled back: nothing of this document is stored.
        summary.failed.append(Failure(document.origin, _one_line(exc)))
        if stage:
            stage.abandon()
        return
    if outcome.status == "duplicate":
        summary.duplicates += 1
    else:
        summary.added += 1
        summary.added_ids.append(outcome.document_id)
        if outcome.status == "new-version":
            summary.new_versions += 1


def _one_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"
