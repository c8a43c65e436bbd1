"""The web application over a copy of the demo knowledge base, with one user per role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from allegiance.settings import Settings
from allegiance.store import KnowledgeBase
from allegiance.store.users import Role
from allegiance.web import create_app
from allegiance.web.auth import hash_password, issue_token

PASSWORD = "correct horse battery staple"


@dataclass
class Site:
    """A running app, its sessions, and an API token per role."""

    sessions: sessionmaker[Session]
    client: TestClient
    tokens: dict[Role, str]

    def as_role(self, role: Role) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def login(self, name: str, password: str = PASSWORD) -> str:
        """Log the client in with a session cookie; returns the CSRF token."""
        response = self.client.post("/api/session", json={"name": name, "password": password})
        assert response.status_code == 200, response.text
        csrf: str = response.json()["csrf_token"]
        return csrf

    def read(self, action: Callable[[KnowledgeBase], object]) -> object:
        with self.sessions() as session:
            return action(KnowledgeBase(session))


@pytest.fixture(scope="session")
def password_hash() -> str:
    """PASSWORD hashed once: argon2 is slow on purpose, and tests add many users."""
    return hash_password(PASSWORD)


def make_site(
    sessions: sessionmaker[Session],
    password_hash: str,
    settings: Settings | None = None,
    *,
    rebuild_delay: float = 3.0,
) -> Site:
    """The app with a user named after each role, all with PASSWORD, each with a token."""
    now = datetime.now(UTC)
    tokens = {}
    with sessions.begin() as session:
        users = KnowledgeBase(session).users
        for role in Role:
            user = users.add_user(role.value, role=role, password_hash=password_hash, now=now)
            tokens[role] = issue_token(users, user, label="test", actor="test", now=now)[1]
    app = create_app(settings or Settings(), sessions=sessions, rebuild_delay=rebuild_delay)
    return Site(sessions, TestClient(app), tokens)


@pytest.fixture
def site(demo_copy: sessionmaker[Session], password_hash: str) -> Iterator[Site]:
    built = make_site(demo_copy, password_hash)
    with built.client:
        yield built
