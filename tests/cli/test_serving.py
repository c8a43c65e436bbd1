from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time

import httpx

from tests.cli.conftest import Run

PASSWORD = "correct horse battery staple"


def test_serving_users_add_list_set_role_disable(run_cli: Run) -> None:
    added = run_cli("users", "add", "rana", "--role", "analyst")
    assert added.returncode == 0, added.stderr
    assert re.search(r"password: \S{16,}", added.stdout)
    given = run_cli(
        "users", "add", "adam", "--role", "viewer", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert given.returncode == 0 and "password" not in given.stdout
    assert run_cli("users", "set-role", "adam", "admin").returncode == 0
    assert run_cli("users", "disable", "rana").returncode == 0
    listed = [
        json.loads(line) for line in run_cli("users", "list", "-o", "jsonl").stdout.splitlines()
    ]
    assert [(u["name"], u["role"], u["disabled_at"] is not None) for u in listed] == [
        ("adam", "admin", False),
        ("rana", "analyst", True),
    ]


def test_serving_users_add_refuses_taken_name_and_short_password(run_cli: Run) -> None:
    assert run_cli("users", "add", "rana").returncode == 0
    taken = run_cli("users", "add", "rana")
    assert taken.returncode != 0 and "already exists" in taken.stderr
    short = run_cli("users", "add", "sam", "--password-stdin", stdin="short\n")
    assert short.returncode == 2 and "12 characters" in short.stderr


def test_serving_users_token_prints_a_secret(run_cli: Run) -> None:
    run_cli("users", "add", "rana")
    issued = run_cli("users", "token", "rana", "--label", "notebook")
    assert issued.returncode == 0
    assert issued.stdout.strip().startswith("alg_")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_serving_first_serve_creates_admin_and_serves(cli_env: dict[str, str]) -> None:
    port = _free_port()
    env = cli_env | {"ALLEGIANCE_PORT": str(port)}
    server = subprocess.Popen(
        [sys.executable, "-m", "allegiance", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        password = re.search(r"created user 'admin' with password (\S+)", first)
        assert password, first
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                login = httpx.post(
                    f"{base}/api/session", json={"name": "admin", "password": password[1]}
                )
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        assert login.status_code == 200
        assert login.json()["user"]["role"] == "admin"
        assert httpx.get(f"{base}/api/me").status_code == 401
    finally:
        server.terminate()
        server.wait(timeout=30)
