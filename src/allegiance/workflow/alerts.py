"""Running the watch: evaluate the rules, record the new alerts, POST them to webhooks.

Alerts are recorded in one transaction; webhooks are called after it commits (a slow
server never holds the database), and every delivery is recorded in a second one. A
webhook gets each new alert once, as JSON; a delivery that failed is tried again on the
next run, one refused (a private address, a bad URL) is not. Alerts recorded while no
webhook was set are never sent later.

A webhook is never called on a private, loopback, link-local, multicast or reserved
address unless `webhook_allow_private` is on: every address its host resolves to is
checked, the request then goes to the checked address (so a second DNS answer cannot
swap in another), and redirects are never followed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
from sqlalchemy.orm import Session, sessionmaker

from allegiance.ingest.fetch import Resolver, public_address, resolve_host
from allegiance.model.errors import ConfigurationError, NotFoundError
from allegiance.model.ids import mint_id
from allegiance.query.alerts import AlertView, evaluate_rules, to_alert_view
from allegiance.query.changes import ALL_KINDS, SkippedChange, WatchKind
from allegiance.query.claims import ClaimReader
from allegiance.settings import Settings
from allegiance.store import KnowledgeBase
from allegiance.store.watch import AlertRecord, Delivery, WatchRule

WEBHOOK_ATTEMPTS = 3
BACKOFF_SECONDS = 1.0
"""The pause before the second attempt; it doubles before each later one."""

_RETRYABLE = frozenset({408, 425, 429, 500, 502, 503, 504})


class WebhookRefusedError(ConfigurationError):
    """A webhook URL that allegiance will not call (scheme, or a non-public address)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"webhook {url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(slots=True)
class WatchSummary:
    """What one run of the watch did."""

    rules: int = 0
    new_alert_ids: list[str] = field(default_factory=list)
    known_alerts: int = 0
    deliveries: list[Delivery] = field(default_factory=list)
    skipped: list[SkippedChange] = field(default_factory=list)

    @property
    def failed_deliveries(self) -> list[Delivery]:
        return [delivery for delivery in self.deliveries if delivery.status != "delivered"]


@dataclass(frozen=True, slots=True)
class _Outgoing:
    url: str
    view: AlertView


def run_watch(
    sessions: sessionmaker[Session],
    *,
    settings: Settings,
    client: httpx.Client | None = None,
    resolve: Resolver = resolve_host,
    sleep: Callable[[float], None] = time.sleep,
) -> WatchSummary:
    """Evaluate every active rule, record new alerts, then deliver them to webhooks."""
    summary, outgoing = _record_alerts(sessions, settings)
    if not outgoing:
        return summary
    own_client = client is None
    http = client or httpx.Client(trust_env=False)
    try:
        summary.deliveries = [
            post_alert(
                item.url,
                item.view.model_dump_json().encode("utf-8"),
                alert_id=item.view.id,
                settings=settings,
                client=http,
                resolve=resolve,
                sleep=sleep,
            )
            for item in outgoing
        ]
    finally:
        if own_client:
            http.close()
    with sessions.begin() as session:
        kb = KnowledgeBase(session)
        for delivery in summary.deliveries:
            kb.add_delivery(delivery)
    return summary


def _record_alerts(
    sessions: sessionmaker[Session], settings: Settings
) -> tuple[WatchSummary, list[_Outgoing]]:
    """Record the alerts the rules raise, in one transaction; say which to send."""
    summary = WatchSummary()
    with sessions.begin() as session:
        kb = KnowledgeBase(session)
        rules = kb.list_watch_rules()
        if not rules:
            return summary, []
        evaluation = evaluate_rules(ClaimReader(kb), rules)
        summary.rules = len(rules)
        summary.skipped = list(evaluation.skipped)
        for alert in evaluation.alerts:
            if kb.add_alert(alert):
                summary.new_alert_ids.append(alert.id)
        summary.known_alerts = len(evaluation.alerts) - len(summary.new_alert_ids)
        return summary, _outgoing(kb, rules, set(summary.new_alert_ids), settings)


def add_watch_rule(
    kb: KnowledgeBase,
    target_id: str,
    *,
    kinds: Sequence[WatchKind] = ALL_KINDS,
    webhook_url: str | None = None,
    author: str,
    now: datetime,
) -> WatchRule:
    """Store a rule watching `target_id` (which must be stored) for `kinds` of change.

    A webhook URL that is not http(s) is refused now; whether its host is public is
    checked at each delivery, since what a name resolves to can change.
    """
    if webhook_url is not None:
        check_webhook_url(webhook_url)
    rule = WatchRule(
        id=mint_id("wch"),
        target_id=kb.get_entity(target_id).id,
        kinds=tuple(dict.fromkeys(kind.value for kind in kinds)),
        created_at=now,
        created_by=author,
        webhook_url=webhook_url,
    )
    kb.add_watch_rule(rule)
    return rule


def webhook_for(rule: WatchRule, settings: Settings) -> str | None:
    """The rule's own webhook, else the global one."""
    return rule.webhook_url or settings.webhook_url


def _outgoing(
    kb: KnowledgeBase, rules: list[WatchRule], new: Collection[str], settings: Settings
) -> list[_Outgoing]:
    """New alerts of rules with a webhook, and alerts whose last delivery failed."""
    hooks = {rule.id: url for rule in rules if (url := webhook_for(rule, settings))}
    if not hooks:
        return []
    records = kb.list_alerts(rule_ids=sorted(hooks))
    due = [record for record in reversed(records) if _is_due(record, new)]  # oldest first
    return [_Outgoing(hooks[view.rule_id], view) for view in alert_views(kb, due, new=new)]


def _is_due(record: AlertRecord, new: Collection[str]) -> bool:
    if record.alert.id in new:
        return True
    return record.delivery is not None and record.delivery.status == "failed"


def entity_namer(kb: KnowledgeBase) -> Callable[[str], str]:
    """An entity's name by id, read once each; the id itself when it is gone."""
    names: dict[str, str] = {}

    def name(entity_id: str) -> str:
        if entity_id not in names:
            try:
                names[entity_id] = kb.get_entity(entity_id).name
            except NotFoundError:
                names[entity_id] = entity_id
        return names[entity_id]

    return name


# Webhooks ---------------------------------------------------------------------------


def post_alert(
    url: str,
    payload: bytes,
    *,
    alert_id: str,
    settings: Settings,
    client: httpx.Client,
    resolve: Resolver = resolve_host,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """POST one alert, retrying a few times with a growing pause; never raises.

    Network errors, timeouts and 408/425/429/5xx answers are retried; any other answer
    (a redirect included) ends the delivery as failed.
    """
    started = datetime.now(UTC)
    try:
        request = webhook_request(client, url, payload, settings=settings, resolve=resolve)
    except WebhookRefusedError as exc:
        return Delivery(alert_id, url, started, 0, "refused", None, exc.reason)
    status: int | None = None
    error = ""
    for attempt in range(1, WEBHOOK_ATTEMPTS + 1):
        try:
            response = client.send(request, follow_redirects=False)
            response.close()
        except httpx.HTTPError as exc:
            status, error = None, f"{type(exc).__name__}: {exc}".strip()
        else:
            status = response.status_code
            if response.is_success:
                return Delivery(alert_id, url, started, attempt, "delivered", status)
            error = f"HTTP {status} {response.reason_phrase}".strip()
            if response.is_redirect:
                error += " (redirects are not followed)"
            if status not in _RETRYABLE:
                return Delivery(alert_id, url, started, attempt, "failed", status, error)
        if attempt < WEBHOOK_ATTEMPTS:
            sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
    return Delivery(alert_id, url, started, WEBHOOK_ATTEMPTS, "failed", status, error)


def webhook_request(
    client: httpx.Client,
    url: str,
    payload: bytes,
    *,
    settings: Settings,
    resolve: Resolver = resolve_host,
) -> httpx.Request:
    """The POST for `url`, aimed at an address that was checked (unless private is allowed)."""
    target = check_webhook_url(url)
    headers = {"Content-Type": "application/json", "User-Agent": settings.user_agent}
    timeout = httpx.Timeout(settings.webhook_timeout)
    if settings.webhook_allow_private:
        return client.build_request(
            "POST", target, content=payload, headers=headers, timeout=timeout
        )
    host = target.raw_host.decode("ascii")
    address = _public_address(url, host, resolve)
    headers["Host"] = target.netloc.decode("ascii")
    return client.build_request(
        "POST",
        target.copy_with(host=address),
        content=payload,
        headers=headers,
        timeout=timeout,
        extensions={"sni_hostname": host},  # TLS still verifies the host name
    )


def check_webhook_url(url: str) -> httpx.URL:
    """The URL parsed, when it is an http(s) URL with a host; else WebhookRefusedError."""
    try:
        target = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise WebhookRefusedError(url, f"invalid URL: {exc}") from exc
    if target.scheme not in ("http", "https") or not target.host:
        raise WebhookRefusedError(url, "only http and https URLs with a host are called")
    return target


def _public_address(url: str, host: str, resolve: Resolver) -> str:
    try:
        return public_address(host, resolve, setting="webhook_allow_private")
    except ValueError as exc:
        raise WebhookRefusedError(url, str(exc)) from exc


def alert_views(
    kb: KnowledgeBase, records: Iterable[AlertRecord], *, new: Collection[str]
) -> list[AlertView]:
    """Views of recorded alerts, with names; `new` are the ids this run recorded."""
    targets = {rule.id: rule.target_id for rule in kb.list_watch_rules(include_removed=True)}
    names = entity_namer(kb)
    return [
        to_alert_view(
            record,
            target_id=targets[record.alert.rule_id],
            name=names,
            new=record.alert.id in new,
        )
        for record in records
    ]
