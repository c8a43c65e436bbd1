"""Every route, every role: 401 without credentials, 403 below the role it needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser
import pytest
from fastapi.routing import APIRoute

from allegiance.model import Review
from allegiance.query.accounts import link_candidates
from allegiance.query.claims import ClaimReader
from allegiance.settings import Settings
from allegiance.store import KnowledgeBase
from allegiance.store.users import Role
from allegiance.web.headers import CONTENT_SECURITY_POLICY
from allegiance.web.routes import ROUTERS
from allegiance.workflow.alerts import add_watch_rule, run_watch
from tests.web.conftest import PASSWORD, Site


@dataclass(frozen=True)
class Ids:
    document: str
    entity: str
    other_entity: str
    claim: str
    account: str
    other_account: str


def _ids(site: Site) -> Ids:
    def pick(kb: KnowledgeBase) -> Ids:
        people = kb.list_entities(kind="person", limit=2)
        best = link_candidates(kb, min_score=0.6)[0]
        return Ids(
            document=kb.list_documents(limit=1)[0].id,
            entity=people[0].id,
            other_entity=people[1].id,
            claim=ClaimReader(kb).claims()[0].id,
            account=best.first,
            other_account=best.second,
        )

    found = site.read(pick)
    assert isinstance(found, Ids)
    return found


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    needs: Role
    body: dict[str, Any] | None = None
    ok: int = 200

    @property
    def is_page(self) -> bool:
        return not self.path.startswith("/api")


LINK = {"first": "{account}", "second": "{other_account}", "decision": "confirmed"}
NEW_USER = {"name": "newcomer", "role": "viewer", "password": PASSWORD}
ROUTES = [
    Route("GET", "/api/dashboard", Role.VIEWER),
    Route("GET", "/api/me", Role.VIEWER),
    Route("GET", "/api/tokens", Role.VIEWER),
    Route("GET", "/api/documents", Role.VIEWER),
    Route("GET", "/api/documents/{document}", Role.VIEWER),
    Route("GET", "/api/entities", Role.VIEWER),
    Route("GET", "/api/entities/{entity}", Role.VIEWER),
    Route("GET", "/api/claims", Role.VIEWER),
    Route("GET", "/api/claims/{claim}", Role.VIEWER),
    Route("GET", "/api/search?q=Rutba", Role.VIEWER),
    Route("GET", "/api/map?as_of=2014-06-20", Role.VIEWER),
    Route("GET", "/api/timeline", Role.VIEWER),
    Route("GET", "/api/network?as_of=2014-06-20", Role.VIEWER),
    Route("GET", "/api/accounts/links", Role.VIEWER),
    Route("GET", "/api/export?format=acled", Role.VIEWER),
    Route("GET", "/api/export?format=geojson&as_of=2014-06-20", Role.VIEWER),
    Route("GET", "/api/alerts", Role.VIEWER),
    Route("GET", "/api/alerts.atom", Role.VIEWER),
    Route("GET", "/api/review", Role.ANALYST),
    Route("GET", "/api/audit", Role.ADMIN),
    Route("GET", "/api/users", Role.ADMIN),
    Route("GET", "/", Role.VIEWER),
    Route("GET", "/documents", Role.VIEWER),
    Route("GET", "/documents/{document}", Role.VIEWER),
    Route("GET", "/entities", Role.VIEWER),
    Route("GET", "/entities/{entity}", Role.VIEWER),
    Route("GET", "/claims", Role.VIEWER),
    Route("GET", "/claims/{claim}", Role.VIEWER),
    Route("GET", "/search?q=Rutba", Role.VIEWER),
    Route("GET", "/map", Role.VIEWER),
    Route("GET", "/timeline?entity={entity}", Role.VIEWER),
    Route("GET", "/network", Role.VIEWER),
    Route("GET", "/accounts/links", Role.VIEWER),
    Route("GET", "/review", Role.ANALYST),
    Route("GET", "/audit", Role.ADMIN),
    Route("GET", "/users", Role.ADMIN),
    Route("POST", "/api/tokens", Role.VIEWER, {"label": "script"}, 201),
    Route("DELETE", "/api/session", Role.VIEWER, None, 204),
    Route("POST", "/api/claims/{claim}/review", Role.ANALYST, {"decision": "accepted"}),
    Route("POST", "/api/claims/{claim}/edit", Role.ANALYST, {"hedge": "uncertain"}),
    Route("POST", "/api/entities/{entity}/merge", Role.ANALYST, {"into": "{other_entity}"}),
    Route("POST", "/api/entities/{entity}/split", Role.ANALYST, {"other": "{other_entity}"}),
    Route("POST", "/api/accounts/links", Role.ANALYST, LINK),
    Route("POST", "/api/users", Role.ADMIN, NEW_USER, 201),
    Route("POST", "/api/users/viewer/role", Role.ADMIN, {"role": "analyst"}),
    Route("POST", "/api/users/viewer/disable", Role.ADMIN),
]


def _send(site: Site, route: Route, ids: Ids, headers: dict[str, str]) -> Any:
    values = {field: getattr(ids, field) for field in Ids.__dataclass_fields__}
    body = {k: v.format(**values) for k, v in route.body.items()} if route.body else None
    return site.client.request(
        route.method,
        route.path.format(**values),
        json=body,
        headers=headers,
        follow_redirects=False,
    )


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_app_route_admits_only_its_roles(site: Site, route: Route) -> None:
    ids = _ids(site)
    anonymous = _send(site, route, ids, {})
    if route.is_page:
        assert anonymous.status_code == 303
        assert anonymous.headers["location"].startswith("/login?next=")
    else:
        assert anonymous.status_code == 401
        assert anonymous.json()["error"] == "AuthenticationError"
    for role in Role:
        if not role.allows(route.needs):
            assert _send(site, route, ids, site.as_role(role)).status_code == 403, role
    allowed = [role for role in Role if role.allows(route.needs)]
    runs = allowed if route.method == "GET" else [route.needs]
    for role in runs:
        response = _send(site, route, ids, site.as_role(role))
        assert response.status_code == route.ok, (role, response.text[:300])


def test_app_every_page_has_a_json_twin() -> None:
    paths = {
        (route.path, tuple(sorted(route.methods or ())))
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
    }
    pages = {
        path
        for path, methods in paths
        if methods == ("GET",) and not path.startswith("/api") and path != "/login"
    }
    twins = {path for path, methods in paths if methods == ("GET",)}
    assert pages
    assert [p for p in pages if f"/api{p if p != '/' else '/dashboard'}" not in twins] == []


def test_app_unknown_bearer_token_is_401(site: Site) -> None:
    response = site.client.get("/api/me", headers={"Authorization": "Bearer alg_nonsense"})
    assert response.status_code == 401


def test_app_session_write_needs_the_csrf_token(site: Site) -> None:
    csrf = site.login("analyst")
    ids = _ids(site)
    path = f"/api/claims/{ids.claim}/review"
    refused = site.client.post(path, json={"decision": "rejected"})
    assert refused.status_code == 403
    wrong = site.client.post(path, json={"decision": "rejected"}, headers={"X-CSRF-Token": "x"})
    assert wrong.status_code == 403
    done = site.client.post(path, json={"decision": "rejected"}, headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200
    assert done.json()["claim"]["review"] == "rejected"


def test_app_session_cookie_is_httponly_and_samesite(site: Site) -> None:
    response = site.client.post("/api/session", json={"name": "viewer", "password": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie  # plain http in the test; https or the setting adds it


def test_app_logout_ends_the_session_on_the_server(site: Site) -> None:
    csrf = site.login("viewer")
    cookie = site.client.cookies.get("allegiance_session")
    assert site.client.delete("/api/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    site.client.cookies.set("allegiance_session", cookie or "")
    assert site.client.get("/api/me").status_code == 401


def test_app_review_is_a_judgement_and_an_audit_entry(site: Site) -> None:
    ids = _ids(site)
    response = site.client.post(
        f"/api/claims/{ids.claim}/review",
        json={"decision": "accepted", "reason": "seen in two sources"},
        headers=site.as_role(Role.ANALYST),
    )
    assert response.status_code == 200
    judgement = response.json()["judgement"]
    assert judgement["kind"] == "claim-review"
    assert judgement["author"] == "analyst"
    audit = site.client.get("/api/audit", headers=site.as_role(Role.ADMIN)).json()["entries"]
    entry = next(e for e in audit if e["target"] == ids.claim)
    assert entry["action"] == "claim.review"
    assert entry["before"] == {"review": "unreviewed"}
    assert entry["after"]["review"] == "accepted"
    assert entry["actor"] == "analyst"

    def review_of(kb: KnowledgeBase) -> Review:
        return ClaimReader(kb).read(kb.get_claim(ids.claim)).review

    assert site.read(review_of) is Review.ACCEPTED


def test_app_edit_stores_a_corrected_copy_and_an_audit_entry(site: Site) -> None:
    ids = _ids(site)
    response = site.client.post(
        f"/api/claims/{ids.claim}/edit",
        json={"hedge": "uncertain", "day": "2014-06-21", "reason": "the report hedges it"},
        headers=site.as_role(Role.ANALYST),
    )
    assert response.status_code == 200, response.text
    copy = response.json()["claim"]
    assert copy["id"] != ids.claim
    assert (copy["hedge"], copy["date"]["start"]) == ("uncertain", "2014-06-21")
    assert response.json()["judgement"]["decision"] == "edited"
    audit = site.client.get("/api/audit", headers=site.as_role(Role.ADMIN)).json()["entries"]
    entry = next(e for e in audit if e["target"] == ids.claim)
    assert entry["action"] == "claim.edit"
    assert entry["after"]["claim"] == copy["id"] and entry["after"]["hedge"] == "uncertain"

    def current_ids(kb: KnowledgeBase) -> set[str]:
        return {c.id for c in ClaimReader(kb).claims()}

    current = site.read(current_ids)
    assert isinstance(current, set)
    assert copy["id"] in current and ids.claim not in current
    nothing = site.client.post(
        f"/api/claims/{copy['id']}/edit", json={}, headers=site.as_role(Role.ANALYST)
    )
    assert nothing.status_code == 422


def test_app_merge_then_split_are_audited_judgements(site: Site) -> None:
    ids = _ids(site)
    analyst = site.as_role(Role.ANALYST)
    merged = site.client.post(
        f"/api/entities/{ids.entity}/merge", json={"into": ids.other_entity}, headers=analyst
    )
    assert merged.status_code == 200
    view = site.client.get(f"/api/entities/{ids.entity}", headers=analyst).json()
    assert view["entity"]["id"] == ids.other_entity
    assert sorted(view["members"]) == sorted([ids.entity, ids.other_entity])
    split = site.client.post(
        f"/api/entities/{ids.entity}/split", json={"other": ids.other_entity}, headers=analyst
    )
    assert [j["decision"] for j in split.json()["judgements"]] == ["undone", "different"]
    again = site.client.post(
        f"/api/entities/{ids.entity}/merge", json={"into": ids.other_entity}, headers=analyst
    )
    assert again.status_code == 409
    actions = [
        e["action"]
        for e in site.client.get("/api/audit", headers=site.as_role(Role.ADMIN)).json()["entries"]
    ]
    assert actions[:2] == ["entity.split", "entity.merge"]


def test_app_missing_record_is_404_on_api_and_page(site: Site) -> None:
    viewer = site.as_role(Role.VIEWER)
    assert site.client.get("/api/claims/clm-missing", headers=viewer).status_code == 404
    page = site.client.get("/claims/clm-missing", headers=viewer)
    assert page.status_code == 404
    assert "clm-missing" in page.text


def test_app_sends_a_strict_content_security_policy(site: Site) -> None:
    response = site.client.get("/", headers=site.as_role(Role.VIEWER))
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert response.headers["x-frame-options"] == "DENY"
    assert "<script" not in response.text  # no inline script anywhere


def test_app_openapi_documents_the_api(site: Site) -> None:
    spec = site.client.get("/api/openapi.json").json()
    assert {"/api/claims", "/api/claims/{claim_id}/review", "/api/search"} <= set(spec["paths"])
    assert not any(not path.startswith("/api") for path in spec["paths"])


def test_app_api_token_can_be_issued_listed_and_revoked(site: Site) -> None:
    viewer = site.as_role(Role.VIEWER)
    issued = site.client.post("/api/tokens", json={"label": "notebook"}, headers=viewer).json()
    mine = {"Authorization": f"Bearer {issued['secret']}"}
    assert site.client.get("/api/me", headers=mine).json()["name"] == "viewer"
    labels = [t["label"] for t in site.client.get("/api/tokens", headers=mine).json()]
    assert "notebook" in labels
    assert site.client.delete(f"/api/tokens/{issued['id']}", headers=viewer).status_code == 204
    assert site.client.get("/api/me", headers=mine).status_code == 401


def test_app_another_users_token_cannot_be_revoked(site: Site) -> None:
    issued = site.client.post(
        "/api/tokens", json={"label": "mine"}, headers=site.as_role(Role.ANALYST)
    ).json()
    other = site.client.delete(f"/api/tokens/{issued['id']}", headers=site.as_role(Role.ADMIN))
    assert other.status_code == 404


def test_app_disabled_user_loses_token_and_login(site: Site) -> None:
    admin = site.as_role(Role.ADMIN)
    assert site.client.post("/api/users/analyst/disable", headers=admin).status_code == 200
    assert site.client.get("/api/me", headers=site.as_role(Role.ANALYST)).status_code == 401
    refused = site.client.post("/api/session", json={"name": "analyst", "password": PASSWORD})
    assert refused.status_code == 401


def test_app_short_password_and_taken_name_are_refused(site: Site) -> None:
    admin = site.as_role(Role.ADMIN)
    short = {"name": "shorty", "role": "viewer", "password": "tiny"}
    assert site.client.post("/api/users", json=short, headers=admin).status_code == 422
    taken = {"name": "viewer", "role": "viewer", "password": PASSWORD}
    assert site.client.post("/api/users", json=taken, headers=admin).status_code == 409


def test_app_confirmed_account_link_is_audited_and_no_longer_proposed(site: Site) -> None:
    ids = _ids(site)
    analyst = site.as_role(Role.ANALYST)
    body = {"first": ids.account, "second": ids.other_account, "decision": "confirmed"}
    decided = site.client.post("/api/accounts/links", json=body, headers=analyst).json()
    assert [j["decision"] for j in decided["judgements"]] == ["same-operator"]
    proposed = site.client.get("/api/accounts/links?min_score=0", headers=analyst).json()
    pairs = {(c["first"], c["second"]) for c in proposed["candidates"]}
    assert (ids.account, ids.other_account) not in pairs
    entry = site.client.get("/api/audit", headers=site.as_role(Role.ADMIN)).json()["entries"][0]
    assert entry["action"] == "account-link.confirm"
    assert entry["after"]["judgements"] == [decided["judgements"][0]["id"]]


def test_app_entity_shows_its_affiliation_timeline_with_claims(site: Site) -> None:
    def person(kb: KnowledgeBase) -> str:
        return kb.find_entities("Abu Khuzayma al-Urduni")[0].id

    person_id = site.read(person)
    view = site.client.get(f"/api/entities/{person_id}", headers=site.as_role(Role.VIEWER)).json()
    ties = view["affiliations"]
    assert ties and all(tie["claim_ids"] for tie in ties)
    cited = {c for tie in ties for c in tie["claim_ids"]}  # some made through its accounts
    for claim_id in cited:
        shown = site.client.get(f"/api/claims/{claim_id}", headers=site.as_role(Role.VIEWER))
        assert shown.json()["claim"]["type"].startswith("allegiance.")
    page = site.client.get(f"/entities/{person_id}", headers=site.as_role(Role.VIEWER)).text
    assert ties[0]["group"]["name"] in page


def test_app_export_writes_the_format_with_the_filters(site: Site) -> None:
    ids = _ids(site)
    headers = site.as_role(Role.VIEWER)
    stix = site.client.get("/api/export?format=stix&type=territory", headers=headers)
    assert stix.status_code == 200
    assert stix.headers["content-type"].startswith("application/stix+json")
    assert "attachment" in stix.headers["content-disposition"]
    assert stix.json()["type"] == "bundle"
    lines = site.client.get(f"/api/export?entity={ids.entity}", headers=headers).text.splitlines()
    assert lines and all(ids.entity in line for line in lines)
    unknown = site.client.get("/api/export?entity=ent-nobody", headers=headers)
    assert unknown.status_code == 404


def test_app_alerts_are_listed_as_json_and_atom(site: Site) -> None:
    def watch(kb: KnowledgeBase) -> str:
        commander = kb.find_entities("Abu Khuzayma al-Urduni")[0].id
        add_watch_rule(kb, commander, author="analyst", now=datetime.now(UTC))
        return commander

    with site.sessions.begin() as session:
        watch(KnowledgeBase(session))
    run_watch(site.sessions, settings=Settings())
    headers = site.as_role(Role.VIEWER)
    alerts = site.client.get("/api/alerts", headers=headers).json()
    assert any(alert["kind"] == "pledge" for alert in alerts)
    assert all(alert["evidence"] for alert in alerts)
    feed = feedparser.parse(site.client.get("/api/alerts.atom", headers=headers).content)
    assert len(feed.entries) == len(alerts)
