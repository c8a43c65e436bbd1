"""Who may use the application: passwords, login sessions, CSRF, API tokens, throttling.

Passwords are hashed with argon2; session cookies and API tokens are random secrets of
which only the SHA-256 is stored. Every change to a user is written to the audit log in
the same transaction as the change itself.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from allegiance.model import AllegianceError, ConfigurationError, NotFoundError
from allegiance.settings import Settings, env_name
from allegiance.store.users import ApiToken, Role, User, UserStore, user_summary

MIN_PASSWORD_LENGTH = 12
TOKEN_PREFIX = "alg_"  # noqa: S105 - a marker that tells tokens apart, not a secret
FIRST_ADMIN = "admin"
USER_NAME = re.compile(r"[\w.@-]{1,100}")


class AuthenticationError(AllegianceError):
    """No valid login session or API token came with the request, or a login failed."""

    exit_code = 6
    http_status = 401


class LoginThrottledError(AuthenticationError):
    """Too many failed logins for this name or from this address; try again later."""

    http_status = 429

    def __init__(self, retry_after: timedelta) -> None:
        minutes = max(1, round(retry_after.total_seconds() / 60))
        super().__init__(f"too many failed logins; try again in {minutes} minutes")
        self.retry_after = retry_after


class PermissionDeniedError(AllegianceError):
    """The user is logged in but their role does not allow this, or a form token is wrong."""

    exit_code = 7
    http_status = 403


class WeakPasswordError(AllegianceError):
    exit_code = 2
    http_status = 422

    def __init__(self) -> None:
        super().__init__(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")


class InvalidUserNameError(AllegianceError):
    exit_code = 2
    http_status = 422

    def __init__(self, name: str) -> None:
        super().__init__(
            f"{name!r} is not a user name: use 1 to 100 letters, digits and . _ @ - only"
        )


@dataclass(frozen=True, slots=True)
class LoginPolicy:
    """How long a login lasts and how many failures shut the door for how long."""

    session_lifetime: timedelta = timedelta(hours=12)
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)

    @classmethod
    def from_settings(cls, settings: Settings) -> LoginPolicy:
        return cls(
            session_lifetime=timedelta(hours=settings.session_hours),
            max_failures=settings.login_max_failures,
            window=timedelta(minutes=settings.login_window_minutes),
        )


@dataclass(frozen=True, slots=True)
class IssuedSession:
    """A new login: the cookie value and form token go to the browser, never to storage."""

    user: User
    token: str
    csrf_token: str
    expires_at: datetime


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _decoy_hash() -> str:
    """A hash checked when the name is unknown, so a login takes as long either way."""
    return _hasher().hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError()
    return _hasher().hash(password)


def is_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_password() -> str:
    """A random password of about 128 bits, for a first admin or a reset."""
    return secrets.token_urlsafe(16)


def secret_hash(secret: str) -> str:
    """What is stored of a session cookie or API token."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def is_same_secret(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def require_role(user: User, needed: Role) -> None:
    if not user.role.allows(needed):
        raise PermissionDeniedError(f"{user.name} is a {user.role.value}; this needs {needed}")


def authenticate(
    store: UserStore, name: str, password: str, *, address: str, policy: LoginPolicy, now: datetime
) -> User | None:
    """The user, if `password` is theirs and they are active; every attempt is recorded.

    Raises LoginThrottledError, without checking the password, once the name or the
    address has failed `policy.max_failures` times within `policy.window`. The caller
    commits the recorded attempt even when the login fails.
    """
    by_name, by_address = store.count_failures(
        name=name, address=address, since=now - policy.window
    )
    if max(by_name, by_address) >= policy.max_failures:
        raise LoginThrottledError(policy.window)
    try:
        user: User | None = store.user_by_name(name)
    except NotFoundError:
        user = None
    stored = store.password_hash(user.id) if user else _decoy_hash()
    succeeded = is_password(stored, password) and user is not None and user.is_active
    store.record_login_attempt(name, address=address, succeeded=succeeded, now=now)
    if not succeeded or user is None:
        return None
    if _hasher().check_needs_rehash(stored):
        store.set_password_hash(user.id, _hasher().hash(password))
    return user


def start_session(
    store: UserStore, user: User, *, policy: LoginPolicy, now: datetime
) -> IssuedSession:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = now + policy.session_lifetime
    store.add_session(
        secret_hash(token), user_id=user.id, csrf_token=csrf, now=now, expires_at=expires
    )
    return IssuedSession(user, token, csrf, expires)


def session_of(store: UserStore, token: str, *, now: datetime) -> tuple[User, str] | None:
    """The active user and form token of a live session cookie, if it is one."""
    found = store.get_session(secret_hash(token))
    if found is None or found.ended_at is not None or found.expires_at <= now:
        return None
    if not found.user.is_active:
        return None
    return found.user, found.csrf_token


def issue_token(
    store: UserStore, user: User, *, label: str, actor: str, now: datetime
) -> tuple[ApiToken, str]:
    """A new API token for `user`; the secret is returned once and only its hash kept."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = store.add_token(secret_hash(secret), user_id=user.id, label=label, now=now)
    store.add_audit(
        actor=actor,
        action="token.issue",
        target=token.id,
        before=None,
        after={"label": label, "user": user.name},
        now=now,
    )
    return token, secret


def token_user(store: UserStore, secret: str) -> User | None:
    if not secret.startswith(TOKEN_PREFIX):
        return None
    return store.token_user(secret_hash(secret))


def add_user(
    store: UserStore, name: str, *, role: Role, password: str, actor: str, now: datetime
) -> User:
    """Add a user with a hashed password, and audit it (never the hash)."""
    if not USER_NAME.fullmatch(name):
        raise InvalidUserNameError(name)
    user = store.add_user(name, role=role, password_hash=hash_password(password), now=now)
    after = user_summary(user)
    store.add_audit(
        actor=actor, action="user.add", target=user.id, before=None, after=after, now=now
    )
    return user


def set_role(store: UserStore, name: str, role: Role, *, actor: str, now: datetime) -> User:
    before = store.user_by_name(name)
    after = store.set_role(before.id, role)
    store.add_audit(
        actor=actor,
        action="user.set-role",
        target=before.id,
        before=user_summary(before),
        after=user_summary(after),
        now=now,
    )
    return after


def disable_user(store: UserStore, name: str, *, actor: str, now: datetime) -> User:
    """Disable a user; their sessions end and their tokens are revoked at once."""
    before = store.user_by_name(name)
    after = store.disable_user(before.id, now=now)
    store.add_audit(
        actor=actor,
        action="user.disable",
        target=before.id,
        before=user_summary(before),
        after=user_summary(after),
        now=now,
    )
    return after


def ensure_first_admin(store: UserStore, settings: Settings, *, now: datetime) -> str | None:
    """Create the `admin` user when there is no user at all.

    Its password is `settings.admin_password` when set, else a generated one, which is
    returned so the caller can print it once (it is not kept anywhere). Returns None when
    users already exist or the password came from the setting.
    """
    if store.count_users() > 0:
        return None
    given = settings.admin_password
    if given is not None and len(given) < MIN_PASSWORD_LENGTH:
        raise ConfigurationError(
            f"{env_name('admin_password')} must have at least {MIN_PASSWORD_LENGTH} characters"
        )
    password = given or new_password()
    add_user(store, FIRST_ADMIN, role=Role.ADMIN, password=password, actor="first-run", now=now)
    return None if given else password
