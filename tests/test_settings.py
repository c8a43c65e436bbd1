from dataclasses import fields
from pathlib import Path

import pytest

from allegiance.model import ConfigurationError
from allegiance.settings import Settings, env_name, load_settings

DOCS = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_settings_defaults_use_sqlite_under_home(tmp_path: Path) -> None:
    settings = load_settings({"ALLEGIANCE_HOME": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'allegiance.db'}"
    assert settings.max_file_bytes == 20 * 1024 * 1024
    assert settings.fetch_allow_private is False


def test_settings_db_url_overrides_home() -> None:
    settings = load_settings({"ALLEGIANCE_DB_URL": "postgresql://u@h/db"})
    assert settings.database_url == "postgresql://u@h/db"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ALLEGIANCE_MAX_FILE_MB", "lots"),
        ("ALLEGIANCE_MAX_FILE_MB", "-1"),
        ("ALLEGIANCE_FETCH_ALLOW_PRIVATE", "maybe"),
    ],
)
def test_settings_malformed_value_is_configuration_error(name: str, value: str) -> None:
    with pytest.raises(ConfigurationError, match=name):
        load_settings({name: value})


def test_settings_every_setting_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [env_name(spec.name) for spec in fields(Settings) if env_name(spec.name) not in text]
    assert missing == []
