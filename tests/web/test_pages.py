"""The HTML pages: forms with CSRF tokens, hostile text escaped, links out made inert."""

from __future__ import annotations

import re

import httpx

from allegiance.model import Document, Mention
from allegiance.store import KnowledgeBase
from allegiance.store.users import Role
from tests.web.conftest import PASSWORD, Site

HOSTILE = 'Fighters said <script>alert("x")</script> and <img src=x onerror=alert(1)> in Rutba.'


def _store_hostile(site: Site) -> str:
    document = Document(
        text=HOSTILE,
        origin="hostile.txt",
        format="text",
        title="<b>Bold</b> title",
        url="https://example.org/report?a=1&b=<2>",
    )
    with site.sessions.begin() as session:
        kb = KnowledgeBase(session)
        kb.add_document(document)
        start = HOSTILE.index("Rutba")
        kb.add_mention(Mention(document.id, start, start + 5, "Rutba", "GPE"))
    return document.id


def _login_form(site: Site, name: str, password: str, next_page: str = "/") -> httpx.Response:
    page = site.client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    form = {"name": name, "password": password, "csrf_token": token[1], "next": next_page}
    response: httpx.Response = site.client.post("/login", data=form, follow_redirects=False)
    return response


def test_pages_document_text_is_escaped(site: Site) -> None:
    document_id = _store_hostile(site)
    page = site.client.get(f"/documents/{document_id}", headers=site.as_role(Role.VIEWER))
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in page.text
    assert 'rel="noopener noreferrer nofollow"' in page.text
    assert 'class="mention unresolved"' in page.text


def test_pages_login_form_sets_the_session_and_goes_next(site: Site) -> None:
    response = _login_form(site, "analyst", PASSWORD, "/review")
    assert response.status_code == 303
    assert response.headers["location"] == "/review"
    assert site.client.get("/review").status_code == 200


def test_pages_login_form_refuses_an_offsite_next(site: Site) -> None:
    response = _login_form(site, "viewer", PASSWORD, "https://evil.example/")
    assert response.headers["location"] == "/"


def test_pages_login_form_without_its_token_is_refused(site: Site) -> None:
    form = {"name": "viewer", "password": PASSWORD, "csrf_token": "forged"}
    assert site.client.post("/login", data=form).status_code == 403


def test_pages_wrong_password_shows_the_form_again(site: Site) -> None:
    response = _login_form(site, "viewer", "not the password")
    assert response.status_code == 401
    assert "wrong name or password" in response.text


def test_pages_review_form_accepts_a_claim_and_the_audit_page_shows_it(site: Site) -> None:
    _login_form(site, "admin", PASSWORD)
    queue = site.client.get("/review")
    claim_id = re.search(r'action="/claims/(clm-[0-9a-f]+)/review"', queue.text)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', queue.text)
    assert claim_id is not None and csrf is not None
    form = {"csrf_token": csrf[1], "decision": "accepted", "reason": "checked", "next": "/review"}
    done = site.client.post(f"/claims/{claim_id[1]}/review", data=form, follow_redirects=False)
    assert done.status_code == 303
    assert claim_id[1] not in site.client.get("/review").text
    audit = site.client.get("/audit").text
    assert claim_id[1] in audit and "claim.review" in audit


def test_pages_review_form_without_csrf_is_refused(site: Site) -> None:
    _login_form(site, "analyst", PASSWORD)
    queue = site.client.get("/review")
    claim_id = re.search(r'action="/claims/(clm-[0-9a-f]+)/review"', queue.text)
    assert claim_id is not None
    form = {"decision": "rejected"}
    assert site.client.post(f"/claims/{claim_id[1]}/review", data=form).status_code == 403


def test_pages_link_their_json_twin(site: Site) -> None:
    page = site.client.get("/claims?hedge=reported", headers=site.as_role(Role.VIEWER))
    assert 'href="/api/claims?hedge=reported"' in page.text
    twin = site.client.get("/api/claims?hedge=reported", headers=site.as_role(Role.VIEWER))
    assert twin.json()["total"] == page.text.count('<tr class="review-')


def test_pages_search_finds_documents_entities_and_claims(site: Site) -> None:
    found = site.client.get("/api/search?q=Rutba", headers=site.as_role(Role.VIEWER)).json()
    assert found["documents"] and found["entities"]
    assert all("rutba" in claim["quote"].casefold() for claim in found["claims"])
    assert found["claims"]
