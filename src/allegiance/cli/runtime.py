"""What every command needs, built once per invocation from the settings (never at import)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import ConfigurationError
from allegiance.settings import Settings
from allegiance.store import KnowledgeBase, make_engine, session_factory, upgrade


class NotInitialisedError(ConfigurationError):
    """A read command was pointed at a knowledge base that does not exist yet."""


@dataclass(slots=True)
class Runtime:
    settings: Settings
    _engine: Engine | None = field(default=None, init=False)

    def engine(self, *, create: bool = False) -> Engine:
        """The migrated engine. Read commands refuse a SQLite file that does not exist."""
        if self._engine is None:
            path = _sqlite_path(self.settings)
            if path is not None and not create and not path.exists():
                raise NotInitialisedError(
                    f"no knowledge base at {path}; run `allegiance init` or `allegiance ingest`"
                )
            self._engine = make_engine(self.settings.database_url)
            upgrade(self._engine)
        return self._engine

    def exists(self) -> bool:
        """Whether a knowledge base is there to read (a server database always is)."""
        path = _sqlite_path(self.settings)
        return path is None or path.exists()

    def sessions(self, *, create: bool = False) -> sessionmaker[Session]:
        return session_factory(self.engine(create=create))

    @contextmanager
    def reading(self) -> Iterator[KnowledgeBase]:
        """A knowledge base in a read-only transaction, rolled back at the end."""
        with self.sessions()() as session:
            yield KnowledgeBase(session)
            session.rollback()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _sqlite_path(settings: Settings) -> Path | None:
    if settings.db_url is not None:
        url = settings.db_url
        if not url.startswith("sqlite:///"):
            return None
        return Path(url.removeprefix("sqlite:///"))
    return settings.home / "allegiance.db"
