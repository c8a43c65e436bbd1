"""What a route declares it needs: the knowledge base, the time, and who is asking.

A request is authenticated by a session cookie (browsers) or an `Authorization: Bearer`
API token (scripts). A write made with a cookie must also carry the session's CSRF token,
in the `X-CSRF-Token` header or the `csrf_token` form field; a token-authenticated write
needs none, since no browser sends the token on its own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, sessionmaker

from allegiance.settings import Settings
from allegiance.store import KnowledgeBase
from allegiance.store.users import Role, User
from allegiance.web.auth import (
    AuthenticationError,
    LoginPolicy,
    PermissionDeniedError,
    is_same_secret,
    require_role,
    session_of,
    token_user,
)

SESSION_COOKIE = "allegiance_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True, slots=True)
class AppState:
    """Everything the application was built with; kept on `app.state.allegiance`."""

    settings: Settings
    sessions: sessionmaker[Session]
    policy: LoginPolicy
    clock: Callable[[], datetime]
    templates: Jinja2Templates


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking, how they proved it, and (for a session) the form token to expect."""

    user: User
    via: Literal["session", "token"]
    csrf_token: str | None = None


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.allegiance
    return state


def knowledge_base(request: Request) -> Iterator[KnowledgeBase]:
    """One session per request; a route that writes commits, anything else is rolled back."""
    with app_state(request).sessions() as session:
        try:
            yield KnowledgeBase(session)
        finally:
            session.rollback()


def current_time(request: Request) -> datetime:
    return app_state(request).clock()


State = Annotated[AppState, Depends(app_state)]
KB = Annotated[KnowledgeBase, Depends(knowledge_base)]
Now = Annotated[datetime, Depends(current_time)]


def principal(request: Request, kb: KB, now: Now) -> Principal:
    """The user behind the API token or session cookie; 401 without a valid one."""
    scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        user = token_user(kb.users, secret.strip())
        if user is None:
            raise AuthenticationError("the API token is unknown or revoked")
        return Principal(user, "token")
    cookie = request.cookies.get(SESSION_COOKIE)
    found = session_of(kb.users, cookie, now=now) if cookie else None
    if found is None:
        raise AuthenticationError("log in, or send an API token")
    return Principal(found[0], "session", found[1])


def optional_principal(request: Request, kb: KB, now: Now) -> Principal | None:
    try:
        return principal(request, kb, now)
    except AuthenticationError:
        return None


def need(role: Role, *, write: bool = False) -> Callable[..., Awaitable[Principal]]:
    """A dependency admitting users of `role` or above; for writes, checking CSRF."""

    async def check(request: Request, who: Annotated[Principal, Depends(principal)]) -> Principal:
        require_role(who.user, role)
        if (
            write
            and who.via == "session"
            and not is_same_secret(await _csrf(request), who.csrf_token or "")
        ):
            raise PermissionDeniedError(
                "the form token (CSRF) is missing or wrong; reload the page"
            )
        return who

    return check


async def _csrf(request: Request) -> str | None:
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    return given


Viewer = Annotated[Principal, Depends(need(Role.VIEWER))]
ViewerWrite = Annotated[Principal, Depends(need(Role.VIEWER, write=True))]
Analyst = Annotated[Principal, Depends(need(Role.ANALYST))]
AnalystWrite = Annotated[Principal, Depends(need(Role.ANALYST, write=True))]
Admin = Annotated[Principal, Depends(need(Role.ADMIN))]
AdminWrite = Annotated[Principal, Depends(need(Role.ADMIN, write=True))]
MaybePrincipal = Annotated[Principal | None, Depends(optional_principal)]
