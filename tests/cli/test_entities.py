import json
from pathlib import Path

from tests.cli.conftest import Run

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_resolve_place_finds_the_border_town(run_cli: Run) -> None:
    result = run_cli("resolve", "place", "Al-Bukamal", "--context-country", "SY")
    assert result.returncode == 0, result.stderr
    best = json.loads(result.stdout)[0]
    assert best["country"] == "SY"
    assert abs(best["lat"] - 34.45) < 0.05 and abs(best["lon"] - 40.92) < 0.05
    assert best["precision"] == 1


def test_resolve_place_near_is_precision_two(run_cli: Run) -> None:
    best = json.loads(run_cli("resolve", "place", "near Mayadin").stdout)[0]
    assert best["precision"] == 2


def test_resolve_actor_across_scripts(run_cli: Run) -> None:
    result = run_cli("resolve", "actor", "أبو محمد العدناني")
    assert result.returncode == 0, result.stderr
    best = json.loads(result.stdout)[0]
    assert best["name"] == "Abu Muhammad al-Adnani"
    assert best["kind"] == "person"
    assert best["score"] >= 90


def test_entities_merge_show_split(run_cli: Run) -> None:
    assert run_cli("init").returncode == 0
    merged = run_cli(
        "entities", "merge", "Jabhat Fateh al-Sham", "Hay'at Tahrir al-Sham",
        "--reason", "test", "--author", "tester",
    )  # fmt: skip
    assert merged.returncode == 0, merged.stderr
    shown = json.loads(run_cli("entities", "show", "Hay'at Tahrir al-Sham").stdout)
    assert len(shown["members"]) == 2
    assert shown["judgements"][0]["author"] == "tester"
    split = run_cli(
        "entities", "split", "Jabhat Fateh al-Sham", "Hay'at Tahrir al-Sham", "--reason", "no"
    )
    assert split.returncode == 0, split.stderr
    again = run_cli(
        "entities", "merge", "Jabhat Fateh al-Sham", "Hay'at Tahrir al-Sham", "--reason", "x"
    )
    assert again.returncode == 5
    assert "judged different" in again.stderr


def test_entities_aliases_by_script(run_cli: Run) -> None:
    run_cli("init")
    lines = [
        json.loads(line)
        for line in run_cli("entities", "aliases", "Jabhat al-Nusra").stdout.splitlines()
    ]
    assert {"Latn", "Arab"} <= {line["script"] for line in lines}


def test_import_sanctions_subset_twice(run_cli: Run) -> None:
    subset = SHARED / "sanctions" / "ofac-sdn" / "sdgt_isil_aq_subset_2024-05-03.tsv"
    first = run_cli("import", "--format", "ofac-tsv", str(subset))
    assert first.returncode == 0, first.stderr
    assert "imported 200 new record(s)" in first.stderr
    assert "affiliation claim(s)" in first.stderr
    second = run_cli("import", "--format", "ofac-tsv", str(subset))
    assert "imported 0 new record(s), 200 already present" in second.stderr
    claims = [json.loads(line) for line in run_cli("export").stdout.splitlines()]
    assert claims and all(claim["source"]["publisher"] == "OFAC SDN List" for claim in claims)


def test_import_un_list_links_groups_and_gazetteer(run_cli: Run) -> None:
    xml = SHARED / "sanctions" / "un-consolidated" / "un_consolidated_2025-04-19.xml"
    result = run_cli("import", "--format", "un-xml", str(xml))
    assert result.returncode == 0, result.stderr
    summary = result.stderr.split("imported ")[1]
    added, claims, matches = (int(summary.split(text)[0].split()[-1]) for text in (
        " new record(s)", " affiliation claim(s)", " match(es)"
    ))  # fmt: skip
    assert added > 800 and claims > 0 and matches > 0


def test_imported_ocha_units_join_the_places_index(run_cli: Run) -> None:
    table = SHARED / "gazetteers" / "ocha-syria-admin" / "syr_admin3.csv"
    result = run_cli("import", "--format", "ocha", str(table))
    assert result.returncode == 0, result.stderr
    found = json.loads(run_cli("resolve", "place", "A'rima", "--context-country", "SY").stdout)
    assert any(candidate["key"].startswith("ocha:") for candidate in found)
