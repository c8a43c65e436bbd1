from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from allegiance.model import NotFoundError
from allegiance.store import KnowledgeBase, session_factory
from allegiance.store.users import Role, UserExistsError

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_users_add_read_and_list(kb_engine: Engine) -> None:
    with session_factory(kb_engine).begin() as session:
        users = KnowledgeBase(session).users
        added = users.add_user("rana", role=Role.ANALYST, password_hash="h1", now=NOW)
        users.add_user("adam", role=Role.VIEWER, password_hash="h2", now=NOW)
    with session_factory(kb_engine)() as session:
        users = KnowledgeBase(session).users
        assert users.user_by_name("rana") == added
        assert users.get_user(added.id).created_at == NOW
        assert [u.name for u in users.list_users()] == ["adam", "rana"]
        assert users.password_hash(added.id) == "h1"
        assert users.count_users() == 2


def test_users_taken_name_is_refused(kb_engine: Engine) -> None:
    with session_factory(kb_engine).begin() as session:
        users = KnowledgeBase(session).users
        users.add_user("rana", role=Role.ANALYST, password_hash="h", now=NOW)
        with pytest.raises(UserExistsError):
            users.add_user("rana", role=Role.ADMIN, password_hash="h", now=NOW)


def test_users_unknown_user_is_not_found(kb_engine: Engine) -> None:
    with session_factory(kb_engine)() as session, pytest.raises(NotFoundError):
        KnowledgeBase(session).users.user_by_name("nobody")


def test_users_disable_ends_sessions_and_revokes_tokens(kb_engine: Engine) -> None:
    with session_factory(kb_engine).begin() as session:
        users = KnowledgeBase(session).users
        user = users.add_user("rana", role=Role.ANALYST, password_hash="h", now=NOW)
        users.add_session("s1", user_id=user.id, csrf_token="c", now=NOW, expires_at=NOW)
        users.add_token("t1", user_id=user.id, label="notebook", now=NOW)
        assert users.token_user("t1") == user
        later = NOW + timedelta(hours=1)
        disabled = users.disable_user(user.id, now=later)
        assert disabled.disabled_at == later and not disabled.is_active
        assert users.disable_user(user.id, now=later + timedelta(days=1)).disabled_at == later
        session_row = users.get_session("s1")
        assert session_row is not None and session_row.ended_at == later
        assert users.token_user("t1") is None
        assert users.list_tokens(user.id)[0].revoked_at == later


def test_users_set_role_changes_only_the_role(kb_engine: Engine) -> None:
    with session_factory(kb_engine).begin() as session:
        users = KnowledgeBase(session).users
        user = users.add_user("rana", role=Role.VIEWER, password_hash="h", now=NOW)
        assert users.set_role(user.id, Role.ADMIN).role is Role.ADMIN
        assert users.password_hash(user.id) == "h"


def test_users_count_failures_by_name_and_address_within_window(kb_engine: Engine) -> None:
    with session_factory(kb_engine).begin() as session:
        users = KnowledgeBase(session).users
        old = NOW - timedelta(hours=1)
        users.record_login_attempt("rana", address="10.0.0.1", succeeded=False, now=old)
        users.record_login_attempt("rana", address="10.0.0.1", succeeded=False, now=NOW)
        users.record_login_attempt("rana", address="10.0.0.2", succeeded=True, now=NOW)
        users.record_login_attempt("adam", address="10.0.0.1", succeeded=False, now=NOW)
        since = NOW - timedelta(minutes=15)
        assert users.count_failures(name="rana", address="10.0.0.1", since=since) == (1, 2)


def test_users_revoking_another_users_token_is_not_found(kb_engine: Engine) -> None:
    with session_factory(kb_engine).begin() as session:
        users = KnowledgeBase(session).users
        owner = users.add_user("rana", role=Role.VIEWER, password_hash="h", now=NOW)
        other = users.add_user("adam", role=Role.VIEWER, password_hash="h", now=NOW)
        token = users.add_token("t1", user_id=owner.id, label="x", now=NOW)
        with pytest.raises(NotFoundError):
            users.revoke_token(token.id, user_id=other.id, now=NOW)
        users.revoke_token(token.id, user_id=owner.id, now=NOW)
        assert users.token_user("t1") is None


def test_users_audit_log_keeps_json_before_and_after_newest_first(kb_engine: Engine) -> None:
    with session_factory(kb_engine).begin() as session:
        users = KnowledgeBase(session).users
        users.add_audit(
            actor="rana", action="a.one", target="clm-1", before=None, after={"x": 1}, now=NOW
        )
        users.add_audit(
            actor="adam", action="a.two", target="clm-2", before={"r": "ب"}, after=[1, 2], now=NOW
        )
    with session_factory(kb_engine)() as session:
        users = KnowledgeBase(session).users
        entries = users.list_audit()
        assert [e.action for e in entries] == ["a.two", "a.one"]
        assert entries[0].before == {"r": "ب"} and entries[0].after == [1, 2]
        assert entries[1].before is None and entries[1].at == NOW
        assert [e.target for e in users.list_audit(actor="rana")] == ["clm-1"]
        assert [e.actor for e in users.list_audit(target="clm-2")] == ["adam"]
