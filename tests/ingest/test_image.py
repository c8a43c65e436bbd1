import hashlib
import io
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from allegiance.ingest.image import find_ocr, is_caption_file, read_image
from allegiance.ingest.reader import read_file
from allegiance.model import Document, InputError
from allegiance.settings import Settings

Write = Callable[[str, str | bytes], Path]


def _png(*, size: tuple[int, int] = (40, 30), text: dict[str, str] | None = None) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def _jpeg_with_exif_description(description: str) -> bytes:
    image = Image.new("RGB", (32, 32), (10, 120, 10))
    exif = Image.Exif()
    exif[0x010E] = description
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


class BrokenOcr:
    languages = "eng"

    def __call__(self, image: Image.Image) -> str:
        raise RuntimeError("Tesseract process timeout")


def test_read_file_image_with_sidecar_caption(write: Write, settings: Settings) -> None:
    data = _png()
    image = write("photo.png", data)
    write(
        "photo.png.txt", "---\npublisher: Raqqa Is Being Slaughtered Silently\n---\nA checkpoint."
    )
    result = read_file(image, settings=settings)
    (document,) = result.documents
    assert document.text.startswith("A checkpoint.")
    assert document.publisher == "Raqqa Is Being Slaughtered Silently"
    assert document.metadata["caption_source"] == "sidecar"
    assert document.media is not None
    assert document.media.sha256 == hashlib.sha256(data).hexdigest()
    assert document.media.mime_type == "image/png"
    assert document.media.data == data
    assert (document.platform, document.format, document.origin) == ("image", "image", str(image))


def test_read_image_markdown_sidecar_by_stem(write: Write, settings: Settings) -> None:
    image = write("leaflet.jpg", _jpeg_with_exif_description("ignored when a sidecar exists"))
    write("leaflet.md", "---\ntitle: Leaflet\n---\nA leaflet dropped over the town.")
    result = read_file(image, settings=settings)
    (document,) = result.documents
    assert document.title == "Leaflet"
    assert document.text.startswith("A leaflet dropped over the town.")
    assert document.media is not None and document.media.mime_type == "image/jpeg"


def test_read_image_uses_png_description_and_title() -> None:
    data = _png(text={"Title": "Checkpoint", "Description": "Fighters at a checkpoint"})
    (document,) = list(read_image(data, origin="p.png"))
    assert isinstance(document, Document)
    assert (document.title, document.text) == ("Checkpoint", "Fighters at a checkpoint")
    assert document.metadata == {"width": 40, "height": 30, "caption_source": "embedded"}


def test_read_image_uses_exif_image_description() -> None:
    (document,) = list(read_image(_jpeg_with_exif_description("Convoy on the M4"), origin="c.jpg"))
    assert isinstance(document, Document)
    assert document.text == "Convoy on the M4"


def test_read_image_without_caption_or_ocr_text_is_input_error() -> None:
    with pytest.raises(InputError, match="no caption, alt text or OCR text"):
        list(read_image(_png(), origin="bare.png"))


def test_read_image_records_ocr_failure_when_caption_stands() -> None:
    data = _png(text={"Description": "A caption"})
    (document,) = list(read_image(data, origin="p.png", ocr=BrokenOcr()))
    assert isinstance(document, Document)
    assert document.text == "A caption"
    assert document.metadata["ocr_error"] == "Tesseract process timeout"


def test_read_image_refuses_undecodable_image() -> None:
    truncated = _png(size=(300, 300), text={"Description": "x"})[:200]
    with pytest.raises(InputError, match="not a readable PNG, JPEG, GIF or WebP image"):
        list(read_image(truncated, origin="t.png"))
    with pytest.raises(InputError, match="not a readable"):
        list(read_image(b"%PDF-1.4 not an image", origin="t.png"))


def test_read_image_keeps_decompression_bomb_protection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)  # lowered so a small image trips it
    with pytest.raises(InputError, match="decompression bomb"):
        list(read_image(_png(size=(40, 30), text={"Description": "x"}), origin="b.png"))
    with pytest.raises(InputError, match="decompression bomb"):
        list(read_image(_png(size=(100, 100), text={"Description": "x"}), origin="b.png"))


def test_is_caption_file_only_next_to_an_image(write: Write) -> None:
    write("a.png", _png())
    assert is_caption_file(write("a.png.txt", "caption"))
    assert is_caption_file(write("a.md", "caption"))
    assert not is_caption_file(write("b.md", "a lone note"))
    assert not is_caption_file(write("a.txt", "not a sidecar name"))


def _ocr_required() -> bool:
    return os.environ.get("ALLEGIANCE_REQUIRE_OCR") == "1"


def test_read_image_ocr_finds_rendered_word() -> None:
    ocr = find_ocr()
    if ocr is None or shutil.which("tesseract") is None:
        if _ocr_required():
            pytest.fail("ALLEGIANCE_REQUIRE_OCR=1 but tesseract or pytesseract is missing")
        pytest.skip("tesseract is not installed")
    image = Image.new("RGB", (900, 160), "white")
    font = ImageFont.load_default(size=64)
    ImageDraw.Draw(image).text((30, 40), "CEASEFIRE AGREED", fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    (document,) = list(read_image(buffer.getvalue(), origin="ocr.png", ocr=ocr))
    assert isinstance(document, Document)
    assert "CEASEFIRE" in document.text.upper()
    assert "eng" in str(document.metadata["ocr_languages"])


@settings(max_examples=100, deadline=None)
@given(
    st.binary(max_size=600)
    | st.binary(max_size=64).map(lambda tail: b"\x89PNG\r\n\x1a\n" + tail)
    | st.integers(min_value=8, max_value=400).map(lambda n: _png(text={"Title": "t"})[:n])
)
def test_read_image_arbitrary_bytes_give_document_or_input_error(data: bytes) -> None:
    try:
        items = list(read_image(data, origin="any.png", caption=b"a caption"))
    except InputError as exc:
        assert exc.origin in ("any.png", "any.png.txt")
    else:
        assert all(isinstance(item, Document) and item.media for item in items)
