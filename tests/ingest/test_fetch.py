from collections.abc import Callable

import httpx
import pytest

from allegiance.ingest.fetch import MAX_REDIRECTS, fetch, is_public_address
from allegiance.model import FetchError
from allegiance.settings import Settings

from .conftest import LocalServer, Route

PUBLIC = "93.184.215.14"
ALLOW_PRIVATE = Settings(fetch_allow_private=True, fetch_timeout=5, user_agent="allegiance-test/1")


def _resolver(table: dict[str, list[str]]) -> Callable[[str], list[str]]:
    def resolve(host: str) -> list[str]:
        return table[host]

    return resolve


def _mock_client(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_fetch_reads_from_local_server_when_private_allowed(local_server: LocalServer) -> None:
    local_server.routes["/feed.xml"] = Route(
        b"<rss/>", headers={"Content-Type": "application/rss+xml; charset=utf-8"}
    )
    download = fetch(local_server.url("/feed.xml"), settings=ALLOW_PRIVATE)
    assert download.content == b"<rss/>"
    assert (download.content_type, download.charset) == ("application/rss+xml", "utf-8")
    assert local_server.requests[0]["user-agent"] == "allegiance-test/1"


def test_fetch_follows_redirects_by_hand(local_server: LocalServer) -> None:
    local_server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    local_server.routes["/new"] = Route(b"moved here", headers={"Content-Type": "text/plain"})
    download = fetch(local_server.url("/old"), settings=ALLOW_PRIVATE)
    assert download.url == local_server.url("/new")
    assert download.content == b"moved here"
    assert [request["path"] for request in local_server.requests] == ["/old", "/new"]


def test_fetch_refuses_loopback_by_default(local_server: LocalServer) -> None:
    local_server.routes["/feed.xml"] = Route(b"<rss/>")
    with pytest.raises(FetchError, match=r"non-public address 127\.0\.0\.1"):
        fetch(local_server.url("/feed.xml"), settings=Settings())
    assert local_server.requests == []


def test_fetch_refuses_localhost_name_by_default() -> None:
    with pytest.raises(FetchError, match="non-public address"):
        fetch("http://localhost:9/", settings=Settings())


def test_fetch_refuses_redirect_to_private_address() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://intranet.example/admin"})

    resolve = _resolver({"news.example": [PUBLIC], "intranet.example": ["10.0.0.5"]})
    with pytest.raises(FetchError) as caught:
        fetch(
            "https://news.example/a",
            settings=Settings(),
            client=_mock_client(handler),
            resolve=resolve,
        )
    assert caught.value.origin == "http://intranet.example/admin"
    assert "10.0.0.5" in caught.value.reason
    assert seen == [f"https://{PUBLIC}/a"]


def test_fetch_sends_request_to_checked_address() -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, content=b"ok", headers={"Content-Type": "text/html"})

    download = fetch(
        "https://news.example:8443/x?y=1",
        settings=Settings(),
        client=_mock_client(handler),
        resolve=_resolver({"news.example": [PUBLIC]}),
    )
    (request,) = requests
    assert request.url.host == PUBLIC
    assert request.headers["Host"] == "news.example:8443"
    assert request.extensions["sni_hostname"] == "news.example"
    assert download.url == "https://news.example:8443/x?y=1"


def test_fetch_refuses_host_with_any_private_address() -> None:
    resolve = _resolver({"mixed.example": [PUBLIC, "192.168.1.1"]})
    with pytest.raises(FetchError, match=r"192\.168\.1\.1"):
        fetch(
            "http://mixed.example/",
            settings=Settings(),
            resolve=resolve,
            client=_mock_client(lambda request: httpx.Response(200)),
        )


def test_fetch_refuses_too_many_redirects() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "/again"})

    with pytest.raises(FetchError, match=f"more than {MAX_REDIRECTS} redirects"):
        fetch("http://loop.example/", settings=ALLOW_PRIVATE, client=_mock_client(handler))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/"])
def test_fetch_refuses_other_schemes(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url, settings=ALLOW_PRIVATE)


def test_fetch_refuses_redirect_to_other_scheme() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": "file:///etc/passwd"})

    with pytest.raises(FetchError, match="only http and https"):
        fetch("http://a.example/", settings=ALLOW_PRIVATE, client=_mock_client(handler))


def test_fetch_refuses_oversized_response(local_server: LocalServer) -> None:
    local_server.routes["/big"] = Route(b"x" * 5_000)
    small = Settings(fetch_allow_private=True, fetch_max_mb=0.001)  # 1048 bytes
    with pytest.raises(FetchError, match="over the 1048-byte limit"):
        fetch(local_server.url("/big"), settings=small)


def test_fetch_caps_streamed_body_without_length() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([b"y" * 800, b"y" * 800]))

    small = Settings(fetch_allow_private=True, fetch_max_mb=0.001)
    with pytest.raises(FetchError, match="over the 1048-byte limit"):
        fetch("http://stream.example/", settings=small, client=_mock_client(handler))


def test_fetch_times_out(local_server: LocalServer) -> None:
    local_server.routes["/slow"] = Route(b"late", delay=1.0)
    quick = Settings(fetch_allow_private=True, fetch_timeout=0.2)
    with pytest.raises(FetchError, match="Timeout"):
        fetch(local_server.url("/slow"), settings=quick)


def test_fetch_reports_http_error_status(local_server: LocalServer) -> None:
    with pytest.raises(FetchError, match="HTTP 404 Not Found"):
        fetch(local_server.url("/missing"), settings=ALLOW_PRIVATE)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        (PUBLIC, True), ("2606:4700::1111", True), ("127.0.0.1", False), ("10.1.2.3", False),
        ("172.16.0.1", False), ("192.168.0.1", False), ("169.254.169.254", False),
        ("224.0.0.1", False), ("240.0.0.1", False), ("0.0.0.0", False), ("100.64.0.1", False),
        ("::1", False), ("fe80::1%eth0", False), ("fc00::1", False), ("::ffff:127.0.0.1", False),
        ("::", False),
    ],
)  # fmt: skip
def test_is_public_address_refuses_internal_ranges(address: str, public: bool) -> None:
    assert is_public_address(address) is public
