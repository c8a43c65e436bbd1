"""Images (PNG, JPEG, GIF, WebP): the picture kept content-addressed, its caption as text.

The caption comes from a sidecar file (`photo.jpg.txt` or `photo.md`, front matter allowed),
else from the image's own description (PNG text chunks, EXIF ImageDescription). When
Tesseract is installed, the text it reads in the image is appended.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import shutil
import struct
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from PIL import Image

from allegiance.ingest.content import decode_text
from allegiance.ingest.result import Item
from allegiance.ingest.text import FrontMatter, parse_front_matter, split_front_matter, to_document
from allegiance.model import InputError, Media

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
MIME_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
_EXIF_IMAGE_DESCRIPTION = 0x010E
_OCR_TIMEOUT_SECONDS = 120
# What Pillow raises on corrupt or hostile images; the bomb warning is made an error below.
_IMAGE_ERRORS = (
    OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error,
    Image.DecompressionBombError, Image.DecompressionBombWarning,
)  # fmt: skip


class Ocr(Protocol):
    """Reads the text shown in an image."""

    @property
    def languages(self) -> str: ...

    def __call__(self, image: Image.Image) -> str: ...


@dataclass(frozen=True, slots=True)
class TesseractOcr:
    """OCR by the `tesseract` program, through pytesseract."""

    languages: str

    def __call__(self, image: Image.Image) -> str:
        import pytesseract

        text = pytesseract.image_to_string(image, lang=self.languages, timeout=_OCR_TIMEOUT_SECONDS)
        return str(text).strip()


@dataclass(frozen=True, slots=True)
class _Picture:
    image: Image.Image
    format: str
    title: str | None
    description: str | None


@cache
def find_ocr() -> Ocr | None:
    """Tesseract when pytesseract and the program are installed (Arabic too when it can)."""
    try:
        import pytesseract
    except ImportError:
        return None
    if shutil.which("tesseract") is None:
        return None
    installed = set(pytesseract.get_languages(config=""))
    wanted = [language for language in ("ara", "eng") if language in installed]
    return TesseractOcr("+".join(wanted)) if wanted else None


def caption_paths(image: Path) -> tuple[Path, Path]:
    """Where an image's sidecar caption may be: `<name>.txt`, then `<stem>.md`."""
    return image.with_name(f"{image.name}.txt"), image.with_suffix(".md")


def find_caption(image: Path) -> Path | None:
    """The sidecar caption file of an image, when one exists."""
    return next((path for path in caption_paths(image) if path.is_file()), None)


def is_caption_file(path: Path) -> bool:
    """Whether a file is the sidecar caption of an image next to it (so not a document)."""
    if path.suffix.lower() == ".txt":
        image = path.with_suffix("")
        return image.suffix.lower() in IMAGE_SUFFIXES and image.is_file()
    if path.suffix.lower() == ".md":
        suffixes = (*IMAGE_SUFFIXES, *(suffix.upper() for suffix in IMAGE_SUFFIXES))
        return any(path.with_suffix(suffix).is_file() for suffix in suffixes)
    return False


def read_image(
    data: bytes,
    *,
    origin: str,
    caption: bytes | None = None,
    caption_origin: str | None = None,
    ocr: Ocr | None = None,
) -> Iterator[Item]:
    """One document: the caption (and OCR text) as text, the image itself as its media."""
    picture = _open(data, origin=origin)
    front, body, decode_errors = _sidecar(caption, origin=caption_origin or f"{origin}.txt")
    caption_text = body or picture.description
    metadata: dict[str, object] = {"width": picture.image.width, "height": picture.image.height}
    if caption_text:
        metadata["caption_source"] = "sidecar" if body else "embedded"
    ocr_text = _recognise(picture.image, ocr=ocr, metadata=metadata)
    text = "\n\n".join(part for part in (caption_text, ocr_text) if part)
    if not text:
        raise InputError(origin, "no caption, alt text or OCR text")
    digest = hashlib.sha256(data).hexdigest()
    front = dataclasses.replace(front, title=front.title or picture.title)
    document = to_document(front, text, origin=origin, format="image", decode_errors=decode_errors)
    yield dataclasses.replace(
        document,
        platform="image",
        metadata={**document.metadata, **metadata},
        media=Media(sha256=digest, mime_type=MIME_TYPES[picture.format], data=data),
    )


def _open(data: bytes, *, origin: str) -> _Picture:
    """Decode the whole image, with Pillow's decompression-bomb limits as hard errors."""
    formats = tuple(MIME_TYPES)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=formats) as probe:
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=formats)
            image.load()
            title, description = _embedded(image)
        except _IMAGE_ERRORS as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            message = f"not a readable PNG, JPEG, GIF or WebP image: {reason}"
            raise InputError(origin, message) from exc
    return _Picture(image, str(image.format), title, description)


def _embedded(image: Image.Image) -> tuple[str | None, str | None]:
    """The title and description an image carries in its own metadata."""
    info = image.info
    exif = image.getexif().get(_EXIF_IMAGE_DESCRIPTION)
    candidates = (info.get("Description"), exif, info.get("Comment"), info.get("comment"))
    description = next((text for text in map(_as_text, candidates) if text), None)
    return _as_text(info.get("Title")), description


def _as_text(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return value.strip().strip("\x00") or None if isinstance(value, str) else None


def _sidecar(caption: bytes | None, *, origin: str) -> tuple[FrontMatter, str, int]:
    if caption is None:
        return FrontMatter(), "", 0
    decoded = decode_text(caption, origin=origin)
    block, body = split_front_matter(decoded.text)
    front = parse_front_matter(block, origin=origin) if block is not None else FrontMatter()
    return front, body.strip(), decoded.decode_errors


def _recognise(image: Image.Image, *, ocr: Ocr | None, metadata: dict[str, object]) -> str:
    """OCR text; a failure is recorded in the metadata (the caption may still stand)."""
    if ocr is None:
        return ""
    metadata["ocr_languages"] = ocr.languages
    try:
        return ocr(_for_ocr(image))
    except (RuntimeError, OSError, ValueError) as exc:
        metadata["ocr_error"] = str(exc).strip().splitlines()[0] if str(exc).strip() else "failed"
        return ""


def _for_ocr(image: Image.Image) -> Image.Image:
    """Greyscale on a white background, so transparent pixels do not hide dark text."""
    rgba = image.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, rgba).convert("L")
