import codecs
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.ingest.content import decode_json, decode_text, load_bytes
from allegiance.model import InputError
from allegiance.settings import Settings

Write = Callable[[str, str | bytes], Path]


def test_load_bytes_refuses_oversized_file_before_reading(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("huge.txt", "word " * 1_000)
    tiny = Settings(max_file_mb=0.001)  # 1048 bytes

    def refuse_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", refuse_open)
    with pytest.raises(InputError) as caught:
        load_bytes(path, settings=tiny)
    assert caught.value.origin == str(path)
    assert "5000 bytes, over the 1048-byte limit" in caught.value.reason


def test_load_bytes_refuses_empty_file(write: Write, settings: Settings) -> None:
    with pytest.raises(InputError, match="empty file"):
        load_bytes(write("empty.txt", ""), settings=settings)
    with pytest.raises(InputError, match="empty file"):
        load_bytes(write("blank.txt", " \n\t\n"), settings=settings)


def test_load_bytes_refuses_folder(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(InputError, match="is a folder"):
        load_bytes(tmp_path, settings=settings)


def test_load_bytes_names_missing_file(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(InputError) as caught:
        load_bytes(tmp_path / "absent.txt", settings=settings)
    assert caught.value.origin.endswith("absent.txt")
    assert "No such file" in caught.value.reason


def test_decode_text_refuses_binary() -> None:
    with pytest.raises(InputError, match="binary content"):
        decode_text(b"\x00\x01\x02\xff" * 64, origin="bin.txt")
    with pytest.raises(InputError, match="control characters"):
        decode_text(b"\x01\x02\x03\x04 ab", origin="ctl.txt")


def test_decode_text_counts_invalid_utf8() -> None:
    decoded = decode_text("Café in Raqqa".encode("latin-1") + b" \xff\xfe", origin="l1.txt")
    assert decoded.text == "Caf\ufffd in Raqqa \ufffd\ufffd"
    assert decoded.decode_errors == 3


def test_decode_text_follows_byte_order_marks() -> None:
    assert decode_text(codecs.BOM_UTF8 + b"hi", origin="a").text == "hi"
    little = codecs.BOM_UTF16_LE + "مرحبا".encode("utf-16-le")
    big = codecs.BOM_UTF16_BE + "مرحبا".encode("utf-16-be")
    assert decode_text(little, origin="b").text == decode_text(big, origin="c").text == "مرحبا"


def test_decode_text_uses_declared_encoding() -> None:
    arabic = "الرقة".encode("cp1256")
    assert decode_text(arabic, origin="a", encoding="windows-1256").text == "الرقة"
    assert decode_text(b"plain", origin="a", encoding="no-such-codec").text == "plain"


def test_decode_json_names_line_and_column_of_truncation() -> None:
    with pytest.raises(InputError) as caught:
        decode_json(b'{"data": [\n  {"id": "1", "text": "cut off', origin="t.json")
    assert "line 2, column 23" in caught.value.reason
    assert "truncated" in caught.value.reason
    assert "\n" not in str(caught.value)


def test_decode_json_refuses_deep_nesting() -> None:
    with pytest.raises(InputError, match="nested too deeply"):
        decode_json(b"[" * 100_000 + b"]" * 100_000, origin="deep.json")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2_000))
def test_decode_text_arbitrary_bytes_decode_or_raise_input_error(data: bytes) -> None:
    try:
        decoded = decode_text(data, origin="any")
    except InputError as exc:
        assert exc.origin == "any"
    else:
        assert decoded.decode_errors >= 0
        assert not any("\udc80" <= char <= "\udcff" for char in decoded.text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"))))
def test_decode_text_valid_utf8_round_trips(text: str) -> None:
    decoded = decode_text(text.encode("utf-8"), origin="any")
    assert decoded.text == text.removeprefix("\ufeff")
    assert decoded.decode_errors == 0
