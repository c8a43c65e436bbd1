"""The files a list of paths names: folders expanded, hidden files and image captions left out."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from allegiance.ingest.image import is_caption_file
from allegiance.model import InputError


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each file once, folders walked recursively in sorted order.

    Hidden files and folders found inside a folder are skipped, as are the sidecar captions
    of images (they are read with their image, not as documents of their own).
    """
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            candidates: Iterable[Path] = _walk(path)
        elif path.exists():
            candidates = [path]
        else:
            raise InputError(str(path), "no such file or folder")
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen and not is_caption_file(candidate):
                seen.add(key)
                yield candidate


def _walk(folder: Path) -> Iterator[Path]:
    """Files under `folder`, sorted by name at every level; symlinked folders not followed."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        raise InputError(str(folder), exc.strerror or type(exc).__name__) from exc
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif entry.is_file():
            yield path
