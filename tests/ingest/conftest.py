import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from allegiance.settings import Settings


@dataclass
class Route:
    """A canned response of the local test server."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class LocalServer:
    """A real HTTP server on 127.0.0.1 whose routes a test fills in."""

    base_url: str
    routes: dict[str, Route]
    requests: list[dict[str, str]]

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"


def _handler(routes: dict[str, Route], requests: list[dict[str, str]]) -> type:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
            route = routes.get(self.path, Route(b"not found", status=404))
            if route.delay:
                time.sleep(route.delay)
            try:
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                requests[-1]["client_left"] = "yes"  # a timeout test closed the connection

        def log_message(self, format: str, *args: object) -> None:
            return  # keep the test output clean; requests are recorded above

    return Handler


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """A threaded http.server on an ephemeral port, shut down after the test."""
    routes: dict[str, Route] = {}
    requests: list[dict[str, str]] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes, requests))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield LocalServer(f"http://{host!s}:{port}", routes, requests)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", max_file_mb=1)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file under tmp_path (text as UTF-8) and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write
