"""Readers: one per input format, each turning a file, feed or export into Documents.

No NLP happens here; `read_file` and `read_url` are the entry points.
"""

from allegiance.ingest.reader import (
    FORMATS,
    ReadResult,
    detect_format,
    iter_input_files,
    read_file,
    read_url,
)

__all__ = ["FORMATS", "ReadResult", "detect_format", "iter_input_files", "read_file", "read_url"]
