"""The one exception hierarchy. Every error carries the data that explains it."""

from __future__ import annotations


class AllegianceError(Exception):
    """Base of every error allegiance raises on purpose."""

    exit_code = 1
    http_status = 500


class ConfigurationError(AllegianceError):
    """A setting is missing, malformed or refused."""

    exit_code = 2
    http_status = 500


class TaxonomyError(AllegianceError):
    """The claim taxonomy data file is invalid."""


class InputError(AllegianceError):
    """An input file or URL could not be read into documents."""

    exit_code = 3
    http_status = 422

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class FetchError(InputError):
    """A URL could not be fetched, or fetching it was refused."""


class NotFoundError(AllegianceError):
    """A requested record does not exist."""

    exit_code = 4
    http_status = 404

    def __init__(self, what: str, key: str) -> None:
        super().__init__(f"no {what} {key!r}")
        self.what = what
        self.key = key


class StoreError(AllegianceError):
    """The knowledge base refused an operation."""
