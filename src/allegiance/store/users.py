"""Users, login sessions, API tokens, login attempts and the audit log.

Only hashes of secrets are stored: an argon2 hash of each password (made by the web
layer) and the SHA-256 of each session cookie and API token. Nothing here is deleted:
a user is disabled, a session ended, a token revoked, each by stamping the time.
Every write takes `now` from the caller, so one request stamps one moment everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from allegiance.model.errors import NotFoundError, StoreError
from allegiance.model.ids import mint_id
from allegiance.store.dialect import insert_row
from allegiance.store.tables import api_tokens, audit_log, login_attempts, users, web_sessions


class Role(StrEnum):
    """What a user may do: viewers read, analysts also judge, admins also manage users."""

    VIEWER = "viewer"
    ANALYST = "analyst"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role | str) -> bool:
        return self.rank >= Role(needed).rank


class UserExistsError(StoreError):
    """A user with this name already exists."""

    http_status = 409

    def __init__(self, name: str) -> None:
        super().__init__(f"a user named {name!r} already exists")
        self.name = name


@dataclass(frozen=True, slots=True)
class User:
    id: str
    name: str
    role: Role
    created_at: datetime
    disabled_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None


@dataclass(frozen=True, slots=True)
class WebSession:
    """A login session: whose it is, its form token and when it stops being valid."""

    user: User
    csrf_token: str
    expires_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: str
    user_id: str
    label: str
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One write: who made it, what it was, on which record, the record before and after."""

    id: int
    at: datetime
    actor: str
    action: str
    target: str
    before: Any
    after: Any


class UserStore:
    """Reads and writes the user tables inside the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # Users

    def add_user(self, name: str, *, role: Role, password_hash: str, now: datetime) -> User:
        if self._find(users.c.name == name) is not None:
            raise UserExistsError(name)
        user = User(id=mint_id("usr"), name=name, role=role, created_at=now)
        row = {"id": user.id, "name": name, "role": role.value}
        insert_row(self._session, users, row | {"password_hash": password_hash, "created_at": now})
        return user

    def get_user(self, user_id: str) -> User:
        return self._require(users.c.id == user_id, user_id)

    def user_by_name(self, name: str) -> User:
        return self._require(users.c.name == name, name)

    def list_users(self) -> list[User]:
        rows = self._session.execute(sa.select(users).order_by(users.c.name))
        return [_user(row) for row in rows]

    def count_users(self) -> int:
        statement = sa.select(sa.func.count()).select_from(users)
        return self._session.execute(statement).scalar_one()

    def password_hash(self, user_id: str) -> str:
        statement = sa.select(users.c.password_hash).where(users.c.id == user_id)
        found = self._session.execute(statement).scalar_one_or_none()
        if found is None:
            raise NotFoundError("user", user_id)
        return str(found)

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        self._update(user_id, password_hash=password_hash)

    def set_role(self, user_id: str, role: Role) -> User:
        self._update(user_id, role=role.value)
        return self.get_user(user_id)

    def disable_user(self, user_id: str, *, now: datetime) -> User:
        """Disable a user and end their sessions and tokens; disabling twice keeps the first."""
        user = self.get_user(user_id)
        if user.is_active:
            self._update(user_id, disabled_at=now)
            self._session.execute(
                sa.update(web_sessions)
                .where(web_sessions.c.user_id == user_id, web_sessions.c.ended_at.is_(None))
                .values(ended_at=now)
            )
            self._session.execute(
                sa.update(api_tokens)
                .where(api_tokens.c.user_id == user_id, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=now)
            )
        return self.get_user(user_id)

    # Sessions

    def add_session(
        self, token_hash: str, *, user_id: str, csrf_token: str, now: datetime, expires_at: datetime
    ) -> None:
        row = {"token_hash": token_hash, "user_id": user_id, "csrf_token": csrf_token}
        insert_row(self._session, web_sessions, row | {"created_at": now, "expires_at": expires_at})

    def get_session(self, token_hash: str) -> WebSession | None:
        statement = sa.select(web_sessions).where(web_sessions.c.token_hash == token_hash)
        row = self._session.execute(statement).one_or_none()
        if row is None:
            return None
        return WebSession(
            user=self.get_user(row.user_id),
            csrf_token=row.csrf_token,
            expires_at=row.expires_at,
            ended_at=row.ended_at,
        )

    def end_session(self, token_hash: str, *, now: datetime) -> None:
        self._session.execute(
            sa.update(web_sessions)
            .where(web_sessions.c.token_hash == token_hash, web_sessions.c.ended_at.is_(None))
            .values(ended_at=now)
        )

    # API tokens

    def add_token(self, token_hash: str, *, user_id: str, label: str, now: datetime) -> ApiToken:
        token = ApiToken(mint_id("tok"), user_id, label, now, None)
        row = {"id": token.id, "token_hash": token_hash, "user_id": user_id, "label": label}
        insert_row(self._session, api_tokens, row | {"created_at": now})
        return token

    def token_user(self, token_hash: str) -> User | None:
        """The active user holding an unrevoked token with this hash, if any."""
        statement = sa.select(api_tokens.c.user_id).where(
            api_tokens.c.token_hash == token_hash, api_tokens.c.revoked_at.is_(None)
        )
        user_id = self._session.execute(statement).scalar_one_or_none()
        if user_id is None:
            return None
        user = self.get_user(user_id)
        return user if user.is_active else None

    def list_tokens(self, user_id: str) -> list[ApiToken]:
        statement = (
            sa.select(api_tokens)
            .where(api_tokens.c.user_id == user_id)
            .order_by(api_tokens.c.created_at, api_tokens.c.id)
        )
        return [
            ApiToken(row.id, row.user_id, row.label, row.created_at, row.revoked_at)
            for row in self._session.execute(statement)
        ]

    def revoke_token(self, token_id: str, *, user_id: str, now: datetime) -> None:
        """Revoke one of this user's tokens; another user's token is not found."""
        statement = (
            sa.update(api_tokens)
            .where(api_tokens.c.id == token_id, api_tokens.c.user_id == user_id)
            .values(revoked_at=sa.func.coalesce(api_tokens.c.revoked_at, now))
            .execution_options(preserve_rowcount=True)
        )
        if cast(CursorResult[Any], self._session.execute(statement)).rowcount != 1:
            raise NotFoundError("API token", token_id)

    # Login attempts

    def record_login_attempt(
        self, name: str, *, address: str, succeeded: bool, now: datetime
    ) -> None:
        row = {"name": name, "address": address, "attempted_at": now, "succeeded": succeeded}
        insert_row(self._session, login_attempts, row)

    def count_failures(self, *, name: str, address: str, since: datetime) -> tuple[int, int]:
        """Failed logins since `since`: for this name, and from this address."""
        failed = sa.and_(
            login_attempts.c.attempted_at >= since, login_attempts.c.succeeded.is_(False)
        )
        counts = []
        for condition in (login_attempts.c.name == name, login_attempts.c.address == address):
            statement = sa.select(sa.func.count()).select_from(login_attempts)
            counts.append(self._session.execute(statement.where(failed, condition)).scalar_one())
        return counts[0], counts[1]

    # Audit log

    def add_audit(
        self, *, actor: str, action: str, target: str, before: Any, after: Any, now: datetime
    ) -> None:
        row = {"at": now, "actor": actor, "action": action, "target": target}
        insert_row(self._session, audit_log, row | {"before": before, "after": after})

    def list_audit(
        self,
        *,
        actor: str | None = None,
        target: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[AuditEntry]:
        """Audit entries, newest first."""
        statement = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit).offset(offset)
        if actor is not None:
            statement = statement.where(audit_log.c.actor == actor)
        if target is not None:
            statement = statement.where(audit_log.c.target == target)
        return [
            AuditEntry(row.id, row.at, row.actor, row.action, row.target, row.before, row.after)
            for row in self._session.execute(statement)
        ]

    def _find(self, condition: sa.ColumnElement[bool]) -> User | None:
        row = self._session.execute(sa.select(users).where(condition)).one_or_none()
        return None if row is None else _user(row)

    def _require(self, condition: sa.ColumnElement[bool], key: str) -> User:
        user = self._find(condition)
        if user is None:
            raise NotFoundError("user", key)
        return user

    def _update(self, user_id: str, **values: object) -> None:
        self.get_user(user_id)
        self._session.execute(sa.update(users).where(users.c.id == user_id).values(**values))


def _user(row: sa.Row[Any]) -> User:
    return User(
        id=row.id,
        name=row.name,
        role=Role(row.role),
        created_at=row.created_at,
        disabled_at=row.disabled_at,
    )


def user_summary(user: User) -> dict[str, str | None]:
    """The fields of a user the audit log keeps as `before` and `after` (never the hash)."""
    disabled = user.disabled_at.isoformat() if user.disabled_at else None
    return {"id": user.id, "name": user.name, "role": user.role.value, "disabled_at": disabled}
