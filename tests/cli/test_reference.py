from pathlib import Path

from allegiance.cli.reference import render

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_reference_matches_docs() -> None:
    """docs/cli.md is generated from the commands; regenerate it with `make docs`."""
    assert DOCS.read_text(encoding="utf-8") == render()


def test_reference_documents_every_option() -> None:
    text = render()
    for needle in ("allegiance ingest", "--format", "allegiance documents search", "--what"):
        assert needle in text
