"""`allegiance accounts`: list accounts, propose links, confirm and reject them."""

import json
import shutil
from pathlib import Path

from tests.cli.conftest import Run


def _demo_home(demo_database: Path, cli_env: dict[str, str]) -> None:
    home = Path(cli_env["ALLEGIANCE_HOME"])
    home.mkdir(parents=True)
    shutil.copyfile(demo_database, home / "allegiance.db")


def _lines(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_accounts_links_confirm_and_list(
    run_cli: Run, demo_database: Path, cli_env: dict[str, str]
) -> None:
    _demo_home(demo_database, cli_env)
    proposed = run_cli("accounts", "links")
    assert proposed.returncode == 0, proposed.stderr
    [best] = _lines(proposed.stdout)
    assert (best["first"], best["second"]) == ("@AbuKhuzayma_Urd", "@AbuKhuzayma_Urd2")
    features = {f["name"]: f for f in best["features"]}  # type: ignore[attr-defined]
    assert "3 days" in features["succession"]["explanation"]
    assert features["self-reference"]["evidence"][0].startswith("clm-")
    assert len(_lines(run_cli("accounts", "links", "--min-score", "0.1").stdout)) > 1

    confirmed = run_cli("accounts", "confirm", "@AbuKhuzayma_Urd2", "abukhuzayma_urd",
                        "--reason", "recreated", "--author", "tester")  # fmt: skip
    assert confirmed.returncode == 0, confirmed.stderr
    decision = json.loads(confirmed.stdout)
    assert decision["decisions"] == ["same-operator"] and len(decision["claims"]) == 1

    listed = run_cli("accounts", "list")
    assert listed.returncode == 0, listed.stderr
    accounts = {a["handle"]: a for a in _lines(listed.stdout)}
    old = accounts["@AbuKhuzayma_Urd"]
    assert old["linked"] == ["@AbuKhuzayma_Urd2"]
    assert (old["last_post"], old["operators"]) == ("2014-06-14", ["Abu Khuzayma al-Urduni"])
    assert _lines(run_cli("accounts", "links").stdout) == []


def test_accounts_reject_blocks_a_later_confirm(
    run_cli: Run, demo_database: Path, cli_env: dict[str, str]
) -> None:
    _demo_home(demo_database, cli_env)
    pair = ("AbuKhuzayma_Urd", "AbuKhuzayma_Urd2")
    rejected = run_cli("accounts", "reject", *pair, "--reason", "two men")
    assert rejected.returncode == 0, rejected.stderr
    assert json.loads(rejected.stdout)["decisions"] == ["different"]
    again = run_cli("accounts", "confirm", *pair, "--reason", "x")
    assert again.returncode == 5 and "judged different" in again.stderr
    unknown = run_cli("accounts", "undo", "@nobody", pair[0], "--reason", "x")
    assert unknown.returncode == 4 and "no account '@nobody'" in unknown.stderr
