from pathlib import Path

import pytest

from allegiance.model import ConfigurationError, Hedge, Source
from allegiance.resolve.grading import load_grading


@pytest.mark.parametrize(
    ("source", "hedge", "grade"),
    [
        (Source("Reuters"), Hedge.REPORTED, "B3"),
        (Source("Syrian Observatory for Human Rights"), Hedge.ASSERTED, "C3"),
        (Source("Amaq News Agency"), Hedge.CLAIMED, "E4"),
        (Source("@someone", kind="account", platform="x"), Hedge.ASSERTED, "E3"),
        (Source("A new outlet"), Hedge.UNCERTAIN, "C5"),
        (None, Hedge.EXPECTED, "F6"),
    ],
)
def test_grading_defaults(source: Source | None, hedge: Hedge, grade: str) -> None:
    assert str(load_grading().grade(source, hedge)) == grade


def test_grading_rejects_a_bad_table(tmp_path: Path) -> None:
    path = tmp_path / "grading.yaml"
    path.write_text("version: 1\npublishers: [{pattern: '(', reliability: B, kind: x}]\n"
                    "sources: {}\ncredibility: {}\n")  # fmt: skip
    with pytest.raises(ConfigurationError, match="grading table"):
        load_grading(path)


def test_grading_user_table_is_used(tmp_path: Path) -> None:
    path = tmp_path / "grading.yaml"
    path.write_text(
        "version: 1\npublishers: [{pattern: demo, reliability: A, kind: trusted}]\n"
        "sources: {unknown: F}\ncredibility: {asserted: 1}\n"
    )
    assert str(load_grading(path).grade(Source("Demo Wire"), Hedge.ASSERTED)) == "A1"
