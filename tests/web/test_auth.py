from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from allegiance.model import ConfigurationError
from allegiance.settings import Settings
from allegiance.store import KnowledgeBase, session_factory
from allegiance.store.users import Role, UserStore
from allegiance.web.auth import (
    FIRST_ADMIN,
    InvalidUserNameError,
    LoginPolicy,
    LoginThrottledError,
    PermissionDeniedError,
    WeakPasswordError,
    add_user,
    authenticate,
    ensure_first_admin,
    hash_password,
    is_password,
    issue_token,
    require_role,
    session_of,
    start_session,
    token_user,
)
from tests.web.conftest import PASSWORD

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
POLICY = LoginPolicy(
    session_lifetime=timedelta(hours=1), max_failures=2, window=timedelta(minutes=10)
)


@pytest.fixture
def users(kb_engine: Engine) -> Iterator[UserStore]:
    """A user store in a transaction rolled back afterwards."""
    with session_factory(kb_engine)() as session:
        yield KnowledgeBase(session).users
        session.rollback()


@pytest.fixture
def rana(users: UserStore, password_hash: str) -> UserStore:
    """The store holding one analyst, `rana`, whose password is PASSWORD."""
    users.add_user("rana", role=Role.ANALYST, password_hash=password_hash, now=NOW)
    return users


def test_auth_password_hash_is_argon2_and_checks() -> None:
    stored = hash_password(PASSWORD)
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert is_password(stored, PASSWORD)
    assert not is_password(stored, PASSWORD + "!")
    assert not is_password("not a hash", PASSWORD)


def test_auth_short_password_is_refused() -> None:
    with pytest.raises(WeakPasswordError):
        hash_password("short")


def test_auth_authenticate_throttles_after_failures(rana: UserStore) -> None:
    users = rana
    login = {"address": "10.0.0.1", "policy": POLICY}
    assert authenticate(users, "rana", "wrong password", now=NOW, **login) is None  # type: ignore[arg-type]
    assert authenticate(users, "rana", "wrong again", now=NOW, **login) is None  # type: ignore[arg-type]
    with pytest.raises(LoginThrottledError):
        authenticate(users, "rana", PASSWORD, now=NOW + timedelta(minutes=5), **login)  # type: ignore[arg-type]
    later = NOW + timedelta(minutes=11)
    assert authenticate(users, "rana", PASSWORD, now=later, **login) is not None  # type: ignore[arg-type]


def test_auth_unknown_name_fails_like_a_wrong_password(rana: UserStore) -> None:
    users = rana
    assert authenticate(users, "nobody", PASSWORD, address="a", policy=POLICY, now=NOW) is None
    assert users.count_failures(name="nobody", address="a", since=NOW) == (1, 1)


def test_auth_session_expires_and_ends(rana: UserStore) -> None:
    users = rana
    user = users.user_by_name("rana")
    issued = start_session(users, user, policy=POLICY, now=NOW)
    assert session_of(users, issued.token, now=NOW) == (user, issued.csrf_token)
    assert session_of(users, issued.token, now=NOW + timedelta(hours=2)) is None
    assert session_of(users, "forged", now=NOW) is None
    assert users.get_session(issued.token) is None  # only the hash is stored


def test_auth_api_token_is_stored_hashed(rana: UserStore) -> None:
    users = rana
    user = users.user_by_name("rana")
    token, secret = issue_token(users, user, label="notebook", actor="rana", now=NOW)
    assert secret.startswith("alg_")
    assert token_user(users, secret) == user
    assert token_user(users, "alg_guess") is None
    assert users.token_user(secret) is None
    assert [t.id for t in users.list_tokens(user.id)] == [token.id]
    assert users.list_audit()[0].action == "token.issue"


def test_auth_require_role_orders_roles() -> None:
    assert Role.ADMIN.allows(Role.ANALYST) and Role.ANALYST.allows("viewer")
    assert not Role.VIEWER.allows(Role.ANALYST)


def test_auth_require_role_refuses_lower_role(rana: UserStore) -> None:
    users = rana
    with pytest.raises(PermissionDeniedError):
        require_role(users.user_by_name("rana"), Role.ADMIN)


def test_auth_add_user_is_audited_without_the_hash(users: UserStore) -> None:
    user = add_user(users, "adam", role=Role.VIEWER, password=PASSWORD, actor="cli:x", now=NOW)
    entry = users.list_audit()[0]
    assert (entry.actor, entry.action, entry.target) == ("cli:x", "user.add", user.id)
    assert "password" not in str(entry.after) and "argon2" not in str(entry.after)


def test_auth_first_admin_gets_a_generated_password_once(users: UserStore) -> None:
    password = ensure_first_admin(users, Settings(), now=NOW)
    assert password is not None and len(password) >= 16
    admin = users.user_by_name(FIRST_ADMIN)
    assert admin.role is Role.ADMIN
    assert is_password(users.password_hash(admin.id), password)
    assert ensure_first_admin(users, Settings(), now=NOW) is None


def test_auth_first_admin_takes_the_password_setting(users: UserStore) -> None:
    with pytest.raises(ConfigurationError):
        ensure_first_admin(users, Settings(admin_password="admin"), now=NOW)
    assert ensure_first_admin(users, Settings(admin_password=PASSWORD), now=NOW) is None
    admin = users.user_by_name(FIRST_ADMIN)
    assert is_password(users.password_hash(admin.id), PASSWORD)


@pytest.mark.parametrize("name", ["", "two words", "<b>x</b>", "x" * 101])
def test_auth_add_user_refuses_a_malformed_name(users: UserStore, name: str) -> None:
    with pytest.raises(InvalidUserNameError):
        add_user(users, name, role=Role.VIEWER, password=PASSWORD, actor="t", now=NOW)
