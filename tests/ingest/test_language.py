import socket

import pytest

from allegiance.ingest.language import detect_language, normalise_language


def test_detect_language_names_english_and_arabic() -> None:
    assert detect_language("Government troops pulled out of the town after clashes.") == "en"
    assert detect_language("اشتباكات عنيفة في ريف دير الزور الشرقي") == "ar"


def test_detect_language_is_none_when_unclear() -> None:
    assert detect_language("12345 67") is None
    assert detect_language("") is None
    assert detect_language("hello") is None  # one word: the model's guess is too weak


def test_detect_language_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("language detection tried to open a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert detect_language("Fighters seized the border crossing on Sunday morning.") == "en"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("en", "en"), ("en-US", "en"), ("AR_sy", "ar"), ("und", None), ("", None), (None, None)],
)
def test_normalise_language_keeps_primary_subtag(tag: object, expected: str | None) -> None:
    assert normalise_language(tag) == expected
