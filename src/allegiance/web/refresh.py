"""Keeping the derived tables (events, control periods) current while analysts work.

A review, an edit, a merge or a confirmed account link adds a judgement, after which the
stored events and control periods no longer describe the knowledge base: control is then
computed from the claims on every question (correct, slower) and the stored events still
hold the claim an analyst just rejected. After each successful write request the
application asks `DerivedRefresher` for a rebuild; a background thread waits until writes
pause for `delay` seconds (an analyst working through the review queue writes every few
seconds, and one rebuild serves them all), then rebuilds both if the knowledge base changed
since they were built. Requests never wait for it.
"""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy.orm import Session, sessionmaker

from allegiance.query.control import stored_control_is_fresh
from allegiance.store import KnowledgeBase
from allegiance.workflow.control import build_control
from allegiance.workflow.events import build_events

log = logging.getLogger(__name__)

REBUILD_DELAY = 3.0
"""Seconds without writes before the derived tables are rebuilt."""


class DerivedRefresher:
    """Rebuilds events and control periods in one background thread, at most one at a time."""

    def __init__(self, sessions: sessionmaker[Session], *, delay: float = REBUILD_DELAY) -> None:
        self._sessions = sessions
        self._delay = delay
        self._lock = threading.Lock()
        self._wanted = threading.Event()
        self._stopped = threading.Event()
        self._last_request = 0.0
        self._thread: threading.Thread | None = None
        self.checks = 0
        self.rebuilds = 0

    def request(self) -> None:
        """Ask for a rebuild once writes pause; starts the thread if it is not running."""
        with self._lock:
            self._last_request = time.monotonic()
            self._wanted.set()
            if self._thread is None and not self._stopped.is_set():
                self._thread = threading.Thread(
                    target=self._run, name="allegiance-rebuild", daemon=True
                )
                self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the thread (a rebuild under way finishes first)."""
        self._stopped.set()
        self._wanted.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while not self._stopped.is_set():
            self._wanted.wait()
            self._wanted.clear()
            while not self._stopped.is_set():  # let the writes pause first
                quiet = time.monotonic() - self._last_request
                if quiet >= self._delay:
                    break
                self._stopped.wait(self._delay - quiet)
            if self._stopped.is_set():
                return
            self._wanted.clear()  # writes so far are seen; later ones ask again
            try:
                self._rebuild()
            except Exception:  # the next write asks again; requests are unaffected
                log.exception("rebuilding events and control periods failed")

    def _rebuild(self) -> None:
        with self._sessions() as session, session.begin():
            kb = KnowledgeBase(session)
            self.checks += 1
            if stored_control_is_fresh(kb):
                return
            build_events(kb)
            build_control(kb)
        self.rebuilds += 1
        log.info("rebuilt events and control periods after changes")
