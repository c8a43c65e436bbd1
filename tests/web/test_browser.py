"""The application in a real browser (Debian's chromium driven by Playwright).

Each test saves a screenshot of the page it checks under docs/screenshots/, which the
README shows. Without chromium these tests skip, unless ALLEGIANCE_REQUIRE_BROWSER=1
(set by CI) makes its absence a failure.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Dialog, Page, sync_playwright
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import Document
from allegiance.store import KnowledgeBase
from allegiance.store.users import Role
from tests.web.conftest import PASSWORD, Site, make_site

CHROMIUM = Path(os.environ.get("ALLEGIANCE_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
HOSTILE = 'A statement read: <script>document.title = "owned"; alert(1)</script> — end.'


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"no chromium at {CHROMIUM}"
        if os.environ.get("ALLEGIANCE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{message} (ALLEGIANCE_REQUIRE_BROWSER=1 makes this a failure)")
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()


@pytest.fixture
def served(demo_copy: sessionmaker[Session], password_hash: str) -> Iterator[tuple[str, Site]]:
    """The app on a free local port, served by uvicorn in a thread."""
    site = make_site(demo_copy, password_hash)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(site.client.app, host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", site
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def _screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def _log_in(page: Page, base: str, name: str, then: str = "/") -> None:
    page.goto(f"{base}{then}")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_load_state()


def test_browser_login_reaches_the_dashboard(served: tuple[str, Site], page: Page) -> None:
    base, _ = served
    page.goto(f"{base}/")
    assert "/login" in page.url
    _screenshot(page, "login")
    _log_in(page, base, "viewer")
    assert page.url == f"{base}/"
    assert page.inner_text("h1") == "Dashboard"
    assert "viewer (viewer)" in page.inner_text("header")
    _screenshot(page, "dashboard")


def test_browser_accepted_claim_shows_in_the_audit_log(
    served: tuple[str, Site], page: Page
) -> None:
    base, _ = served
    _log_in(page, base, "admin", then="/review")
    _screenshot(page, "review")
    row = page.locator("table.claims tbody tr").first
    claim_id = row.get_attribute("id")
    assert claim_id is not None and claim_id.startswith("clm-")
    row.locator("input[name=reason]").fill("confirmed by a second source")
    row.locator("button.accept").click()
    page.wait_for_load_state()
    assert page.locator(f"tr[id='{claim_id}']").count() == 0
    page.goto(f"{base}/audit")
    first = page.locator("table.audit tbody tr").first
    assert claim_id in first.inner_text()
    assert "claim.review" in first.inner_text()
    assert "confirmed by a second source" in first.inner_text()
    _screenshot(page, "audit")


def test_browser_script_in_a_report_renders_as_text(served: tuple[str, Site], page: Page) -> None:
    base, site = served
    document = Document(text=HOSTILE, origin="hostile.txt", format="text", title="Hostile report")
    with site.sessions.begin() as session:
        KnowledgeBase(session).add_document(document)
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    _log_in(page, base, "viewer", then=f"/documents/{document.id}")
    text = page.inner_text("article.document-text")
    assert '<script>document.title = "owned"; alert(1)</script>' in text
    assert dialogs == []
    assert page.title() != "owned"
    assert page.locator("article script").count() == 0


def test_browser_pages_render_for_screenshots(served: tuple[str, Site], page: Page) -> None:
    base, site = served

    def first_ids(kb: KnowledgeBase) -> tuple[str, str]:
        rutba = kb.search_documents("Rutba", limit=1)[0].record.id
        group = next(e.id for e in kb.find_entities("Islamic State"))
        return rutba, group

    ids = site.read(first_ids)
    assert isinstance(ids, tuple)
    document_id, entity_id = ids
    _log_in(page, base, "analyst", then=f"/documents/{document_id}")
    assert page.locator("article.document-text .mention").count() > 0
    _screenshot(page, "document")
    page.goto(f"{base}/entities/{entity_id}")
    assert page.locator("table.claims tbody tr").count() > 0
    _screenshot(page, "entity")
    page.goto(f"{base}/search?q=Rutba")
    assert page.locator("ul li a[href^='/documents/']").count() > 0
    _screenshot(page, "search")
    page.goto(f"{base}/claims?type=territory")
    _screenshot(page, "claims")


def test_browser_map_slider_changes_a_towns_colour(served: tuple[str, Site], page: Page) -> None:
    base, site = served
    viewer = site.as_role(Role.VIEWER)
    latest = site.client.get("/api/map", headers=viewer).json()
    earliest = site.client.get(f"/api/map?as_of={latest['first_day']}", headers=viewer).json()
    before = {place["id"]: place["status"] for place in earliest["places"]}
    town = next(
        place["id"]
        for place in latest["places"]
        if place["status"] == "controlled" and before.get(place["id"]) == "unknown"
    )
    _log_in(page, base, "viewer", then="/map")
    marker = f"#map path[data-place='{town}']"
    page.wait_for_selector(marker)
    page.wait_for_selector("#map path.leaflet-interactive[data-event]")
    held = page.get_attribute(marker, "fill")
    _screenshot(page, "map")
    page.dispatch_event(marker, "click")
    claims = page.locator(".leaflet-popup-content a[href^='/claims/']")
    claims.first.wait_for()
    assert claims.first.inner_text().startswith("clm-")
    page.click(".leaflet-popup-close-button")
    page.wait_for_selector(".leaflet-popup", state="detached")
    page.focus("#as-of")
    page.keyboard.press("Home")
    page.wait_for_selector(f"#map[data-shown='{latest['first_day']}']")
    page.wait_for_selector(marker)
    assert page.get_attribute(marker, "data-status") == "unknown"
    assert page.get_attribute(marker, "fill") != held
    page.dispatch_event(marker, "click")  # markers overlap
    assert "unknown" in page.inner_text(".leaflet-popup-content")


def test_browser_timeline_and_network_draw_their_data(served: tuple[str, Site], page: Page) -> None:
    base, site = served
    viewer = site.as_role(Role.VIEWER)
    events = site.client.get("/api/timeline", headers=viewer).json()["items"]
    ties = site.client.get("/api/network", headers=viewer).json()["edges"]
    assert events and ties
    _log_in(page, base, "viewer", then="/timeline")
    page.wait_for_selector(f"#timeline[data-items='{len(events)}']")
    assert page.locator("#timeline .vis-item").count() > 0
    page.locator("#timeline .vis-item .vis-item-content").first.click()
    page.wait_for_selector("#timeline-detail a[href^='/claims/']")
    _screenshot(page, "timeline")
    page.goto(f"{base}/network")
    page.wait_for_selector(f"#network[data-edges='{len(ties)}'] canvas")
    _screenshot(page, "network")
