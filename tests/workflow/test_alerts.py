from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from allegiance.settings import Settings
from allegiance.store import KnowledgeBase, session_factory
from allegiance.store.watch import Delivery
from allegiance.workflow.alerts import (
    BACKOFF_SECONDS,
    WEBHOOK_ATTEMPTS,
    WebhookRefusedError,
    add_watch_rule,
    post_alert,
    run_watch,
)

from ..query.watch_samples import COMMANDER, ISIS, NOW, add_claim, build_world

ALLOW = Settings(webhook_allow_private=True, webhook_timeout=5.0)
PAYLOAD = b'{"id": "alr-1"}'


@dataclass
class Hook:
    """A local webhook that answers with the scripted statuses (then 204) and keeps bodies."""

    url: str
    statuses: list[int] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)


@pytest.fixture
def hook() -> Iterator[Hook]:
    state = Hook(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            state.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
            status = state.statuses.pop(0) if state.statuses else 204
            self.send_response(status)
            if status in (301, 302, 307):
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the test reads what arrived from `state`."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(trust_env=False) as http:
        yield http


def _post(
    hook: Hook, client: httpx.Client, settings: Settings = ALLOW
) -> tuple[Delivery, list[float]]:
    pauses: list[float] = []
    delivery = post_alert(
        hook.url, PAYLOAD, alert_id="alr-1", settings=settings, client=client, sleep=pauses.append
    )
    return delivery, pauses


def test_post_alert_retries_with_backoff_then_delivers(hook: Hook, client: httpx.Client) -> None:
    hook.statuses = [503, 500]
    delivery, pauses = _post(hook, client)
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 3, 204)
    assert pauses == [BACKOFF_SECONDS, 2 * BACKOFF_SECONDS]
    assert hook.bodies == [PAYLOAD] * 3


def test_post_alert_gives_up_after_the_last_attempt(hook: Hook, client: httpx.Client) -> None:
    hook.statuses = [500] * WEBHOOK_ATTEMPTS
    delivery, _ = _post(hook, client)
    assert (delivery.status, delivery.attempts, delivery.error) == (
        "failed",
        WEBHOOK_ATTEMPTS,
        "HTTP 500 Internal Server Error",
    )


def test_post_alert_never_follows_a_redirect(hook: Hook, client: httpx.Client) -> None:
    hook.statuses = [302]
    delivery, pauses = _post(hook, client)
    assert delivery.status == "failed" and delivery.attempts == 1
    assert "redirects are not followed" in (delivery.error or "")
    assert len(hook.bodies) == 1 and pauses == []


def test_post_alert_refuses_loopback_unless_allowed(hook: Hook, client: httpx.Client) -> None:
    delivery, _ = _post(hook, client, Settings())
    assert delivery.status == "refused" and delivery.attempts == 0
    assert "127.0.0.1" in (delivery.error or "")
    assert hook.bodies == []


@pytest.mark.parametrize("address", ["10.1.2.3", "169.254.169.254", "::1", "240.0.0.1"])
def test_post_alert_refuses_a_host_resolving_to_a_non_public_address(
    address: str, client: httpx.Client
) -> None:
    delivery = post_alert(
        "https://hooks.example/alerts",
        PAYLOAD,
        alert_id="alr-1",
        settings=Settings(),
        client=client,
        resolve=lambda host: ["93.184.216.34", address],
    )
    assert delivery.status == "refused"
    assert address in (delivery.error or "")


def test_add_watch_rule_refuses_a_non_http_webhook(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        build_world(kb)
        with pytest.raises(WebhookRefusedError, match="only http and https"):
            add_watch_rule(kb, COMMANDER, webhook_url="file:///etc/passwd", author="a", now=NOW)
        session.rollback()


def _world_with_rule(sessions: sessionmaker[Session], webhook: str) -> None:
    with sessions.begin() as session:
        kb = KnowledgeBase(session)
        doc = build_world(kb)
        add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=ISIS, day=date(2014, 6, 25))
        add_watch_rule(kb, COMMANDER, webhook_url=webhook, author="analyst", now=NOW)


def test_run_watch_records_and_delivers_each_alert_once(kb_engine: Engine, hook: Hook) -> None:
    sessions = session_factory(kb_engine)
    _world_with_rule(sessions, hook.url)
    first = run_watch(sessions, settings=ALLOW, sleep=lambda _: None)
    assert len(first.new_alert_ids) == 1 and first.failed_deliveries == []
    [body] = hook.bodies
    sent = json.loads(body)
    assert sent["id"] == first.new_alert_ids[0] and sent["kind"] == "pledge"
    assert sent["evidence"][0]["claim_id"].startswith("clm-") and sent["new"] is True
    again = run_watch(sessions, settings=ALLOW, sleep=lambda _: None)
    assert (again.new_alert_ids, again.known_alerts, again.deliveries) == ([], 1, [])
    with sessions() as session:
        [record] = KnowledgeBase(session).list_alerts()
    assert record.delivery is not None and record.delivery.status == "delivered"


def test_run_watch_retries_a_failed_delivery_on_the_next_run(kb_engine: Engine, hook: Hook) -> None:
    sessions = session_factory(kb_engine)
    _world_with_rule(sessions, hook.url)
    hook.statuses = [503] * WEBHOOK_ATTEMPTS
    failed = run_watch(sessions, settings=ALLOW, sleep=lambda _: None)
    assert [d.status for d in failed.failed_deliveries] == ["failed"]
    retried = run_watch(sessions, settings=ALLOW, sleep=lambda _: None)
    assert [d.status for d in retried.deliveries] == ["delivered"]
    with sessions() as session:
        [record] = KnowledgeBase(session).list_alerts()
    assert [d.status for d in record.deliveries] == ["failed", "delivered"]


def test_run_watch_keeps_a_refused_delivery_and_reports_it(kb_engine: Engine, hook: Hook) -> None:
    sessions = session_factory(kb_engine)
    _world_with_rule(sessions, hook.url)
    summary = run_watch(sessions, settings=Settings(), sleep=lambda _: None)
    assert [d.status for d in summary.failed_deliveries] == ["refused"]
    assert hook.bodies == []
    assert run_watch(sessions, settings=Settings()).deliveries == []  # refused is not retried
