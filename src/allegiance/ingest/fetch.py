"""Fetching a feed or page from a URL, refusing what could turn allegiance against its network.

Every hop of a redirect chain is checked: only http and https, and (unless
`fetch_allow_private`) a host whose every address is public. The request then goes to
the address that was checked, so a second DNS answer cannot swap in a private one.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from allegiance.model import FetchError
from allegiance.settings import Settings

Resolver = Callable[[str], list[str]]
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,application/json;q=0.9,*/*;q=0.5"
)


@dataclass(frozen=True, slots=True)
class Download:
    """A fetched response body, with the URL it finally came from and its declared type."""

    url: str
    content: bytes
    content_type: str | None = None
    charset: str | None = None


def resolve_host(host: str) -> list[str]:
    """Every address `host` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})


def is_public_address(address: str) -> bool:
    """False for private, loopback, link-local, multicast, reserved and unspecified addresses."""
    ip = ipaddress.ip_address(address.partition("%")[0])  # drop an IPv6 zone ("%eth0")
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    refused = (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )
    return not refused and ip.is_global


def fetch(
    url: str,
    *,
    settings: Settings,
    client: httpx.Client | None = None,
    resolve: Resolver | None = None,
) -> Download:
    """GET `url`, following up to five redirects by hand, within the time and size limits.

    `client` and `resolve` are injectable so tests can use a mock transport and a fake DNS.
    """
    own_client = client is None
    http = client or httpx.Client(trust_env=False)
    deadline = time.monotonic() + settings.fetch_timeout
    try:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            request = _request(
                http, current, settings=settings, resolve=resolve or resolve_host, deadline=deadline
            )
            result = _send(http, request, url=current, settings=settings, deadline=deadline)
            if isinstance(result, Download):
                return result
            current = result
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")
    finally:
        if own_client:
            http.close()


def _request(
    http: httpx.Client, url: str, *, settings: Settings, resolve: Resolver, deadline: float
) -> httpx.Request:
    """A GET for `url`, sent to the address that was checked when private ones are refused."""
    try:
        target = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(url, f"invalid URL: {exc}") from exc
    if target.scheme not in ("http", "https") or not target.host:
        raise FetchError(url, "only http and https URLs are fetched")
    headers = {"User-Agent": settings.user_agent, "Accept": _ACCEPT}
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(url, "fetch took longer than fetch_timeout")
    timeout = httpx.Timeout(remaining)
    if settings.fetch_allow_private:
        return http.build_request("GET", target, headers=headers, timeout=timeout)
    host = target.raw_host.decode("ascii")  # IDNA-encoded, as DNS and TLS want it
    try:
        address = public_address(host, resolve, setting="fetch_allow_private")
    except ValueError as exc:
        raise FetchError(url, str(exc)) from exc
    headers["Host"] = target.netloc.decode("ascii")
    return http.build_request(
        "GET",
        target.copy_with(host=address),
        headers=headers,
        timeout=timeout,
        extensions={"sni_hostname": host},  # TLS still verifies the host name
    )


def public_address(host: str, resolve: Resolver, *, setting: str) -> str:
    """The address to connect to for `host`, when every address it resolves to is public;
    else ValueError saying why (`setting` names the setting that would allow it)."""
    try:
        addresses = [host] if _is_ip(host) else resolve(host)
    except OSError as exc:
        raise ValueError(f"cannot resolve {host}: {exc}") from exc
    if not addresses:
        raise ValueError(f"cannot resolve {host}: no address")
    private = [address for address in addresses if not is_public_address(address)]
    if private:
        raise ValueError(f"{host} resolves to non-public address {private[0]} ({setting} is off)")
    return addresses[0]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.partition("%")[0])
    except ValueError:
        return False
    return True


def _send(
    http: httpx.Client, request: httpx.Request, *, url: str, settings: Settings, deadline: float
) -> Download | str:
    """The body, or the next URL when the response is a redirect."""
    try:
        response = http.send(request, stream=True, follow_redirects=False)
    except httpx.HTTPError as exc:
        raise FetchError(url, _describe(exc)) from exc
    try:
        location = response.headers.get("location")
        if response.status_code in _REDIRECTS and location:
            return str(httpx.URL(url).join(location))
        if not response.is_success:
            raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
        content = _read_capped(response, url=url, limit=settings.fetch_max_bytes, deadline=deadline)
        media_type = response.headers.get("content-type", "").partition(";")[0].strip().lower()
        return Download(url, content, media_type or None, response.charset_encoding)
    finally:
        response.close()


def _read_capped(response: httpx.Response, *, url: str, limit: int, deadline: float) -> bytes:
    """Read the body in chunks, refusing it as soon as it passes `limit` or the deadline."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(url, f"response is {declared} bytes, over the {limit}-byte limit")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(url, f"response is over the {limit}-byte limit")
            if time.monotonic() > deadline:
                raise FetchError(url, "fetch took longer than fetch_timeout")
            chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise FetchError(url, _describe(exc)) from exc
    return b"".join(chunks)


def _describe(exc: httpx.HTTPError) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
