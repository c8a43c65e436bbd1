"""After analysts' writes, the events and control periods are rebuilt in the background."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from allegiance.query.control import stored_control_is_fresh
from allegiance.store import KnowledgeBase
from allegiance.store.users import Role
from allegiance.web.refresh import DerivedRefresher
from tests.web.conftest import make_site


def _eventually(check: Callable[[], bool], seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def test_a_review_rebuilds_events_and_control_without_the_rejected_claim(
    demo_copy: sessionmaker[Session], password_hash: str
) -> None:
    site = make_site(demo_copy, password_hash, rebuild_delay=0.0)
    with demo_copy() as session:
        kb = KnowledgeBase(session)
        assert not stored_control_is_fresh(kb) and kb.list_events() == []
        claim = next(c for c in kb.list_claims(types=["territory.capture"]))
    with site.client:
        response = site.client.post(
            f"/api/claims/{claim.id}/review",
            json={"decision": "rejected"},
            headers=site.as_role(Role.ANALYST),
        )
        assert response.status_code == 200, response.text

        def rebuilt() -> bool:
            with demo_copy() as session:
                return stored_control_is_fresh(KnowledgeBase(session))

        assert _eventually(rebuilt)
    with demo_copy() as session:
        events = KnowledgeBase(session).list_events()
    assert events and all(claim.id not in event.claim_ids for event in events)


def test_refresher_waits_for_writes_to_pause_and_rebuilds_once(
    demo_copy: sessionmaker[Session],
) -> None:
    refresher = DerivedRefresher(demo_copy, delay=1.0)
    try:
        for _ in range(5):
            refresher.request()
            time.sleep(0.1)
        assert refresher.rebuilds == 0  # still inside the pause it waits for
        assert _eventually(lambda: refresher.rebuilds == 1)
        assert refresher.checks == 1
        refresher.request()  # nothing changed since: nothing to rebuild
        assert _eventually(lambda: refresher.checks == 2)
        assert refresher.rebuilds == 1
    finally:
        refresher.stop()
