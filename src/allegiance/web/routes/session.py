"""Logging in and out, who am I, and API tokens for scripts."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

from allegiance.web.auth import (
    AuthenticationError,
    IssuedSession,
    PermissionDeniedError,
    authenticate,
    is_same_secret,
    issue_token,
    secret_hash,
    start_session,
)
from allegiance.web.dependencies import (
    CSRF_FIELD,
    KB,
    SESSION_COOKIE,
    MaybePrincipal,
    Now,
    State,
    Viewer,
    ViewerWrite,
)
from allegiance.web.pages import local_path, redirect, render
from allegiance.web.schemas import (
    IssuedTokenOut,
    LoginIn,
    SessionOut,
    TokenIn,
    TokenOut,
    UserOut,
)

router = APIRouter()
LOGIN_COOKIE = "allegiance_login"  # the login form's own CSRF token (double submit)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _log_in(
    request: Request, kb: KB, state: State, now: Now, name: str, password: str
) -> IssuedSession:
    """Check the password, start a session and commit; a failure is committed too."""
    user = authenticate(
        kb.users, name, password, address=_client(request), policy=state.policy, now=now
    )
    if user is None:
        kb.session.commit()
        raise AuthenticationError("wrong name or password, or the user is disabled")
    issued = start_session(kb.users, user, policy=state.policy, now=now)
    kb.session.commit()
    return issued


def _set_cookie(response: Response, request: Request, state: State, issued: IssuedSession) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        issued.token,
        max_age=int(state.policy.session_lifetime.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=state.settings.secure_cookies or request.url.scheme == "https",
    )


@router.post("/api/session", tags=["session"])
def create_session(
    body: LoginIn, request: Request, response: Response, kb: KB, state: State, now: Now
) -> SessionOut:
    """Log in: sets the session cookie and returns the CSRF token writes must send."""
    issued = _log_in(request, kb, state, now, body.name, body.password)
    _set_cookie(response, request, state, issued)
    return SessionOut(
        user=UserOut.of(issued.user), csrf_token=issued.csrf_token, expires_at=issued.expires_at
    )


@router.delete("/api/session", status_code=204, tags=["session"])
def end_session(request: Request, response: Response, who: ViewerWrite, kb: KB, now: Now) -> None:
    """Log out: the session ends on the server, not only in the browser."""
    _end(request, response, who.via, kb, now)


def _end(request: Request, response: Response, via: str, kb: KB, now: Now) -> None:
    cookie = request.cookies.get(SESSION_COOKIE)
    if via == "session" and cookie:
        kb.users.end_session(secret_hash(cookie), now=now)
        kb.session.commit()
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.get("/api/me", tags=["session"])
def me(who: Viewer) -> UserOut:
    return UserOut.of(who.user)


@router.get("/api/tokens", tags=["session"])
def list_tokens(who: Viewer, kb: KB) -> list[TokenOut]:
    """Your API tokens (their secrets are never shown again)."""
    return [TokenOut.of(token) for token in kb.users.list_tokens(who.user.id)]


@router.post("/api/tokens", status_code=201, tags=["session"])
def create_token(body: TokenIn, who: ViewerWrite, kb: KB, now: Now) -> IssuedTokenOut:
    """A new API token acting as you; its secret is in this response only."""
    token, secret = issue_token(kb.users, who.user, label=body.label, actor=who.user.name, now=now)
    kb.session.commit()
    return IssuedTokenOut(**TokenOut.of(token).model_dump(), secret=secret)


@router.delete("/api/tokens/{token_id}", status_code=204, tags=["session"])
def revoke_token(token_id: str, who: ViewerWrite, kb: KB, now: Now) -> None:
    kb.users.revoke_token(token_id, user_id=who.user.id, now=now)
    kb.users.add_audit(
        actor=who.user.name,
        action="token.revoke",
        target=token_id,
        before=None,
        after=None,
        now=now,
    )
    kb.session.commit()


# Pages


@router.get("/login", include_in_schema=False)
def login_page(request: Request, who: MaybePrincipal, next: str | None = None) -> Response:
    form_token = secrets.token_urlsafe(32)
    page = render(
        request, "login.html", who=who, twin=False, next=local_path(next), form_token=form_token
    )
    page.set_cookie(LOGIN_COOKIE, form_token, httponly=True, samesite="strict", path="/login")
    return page


@router.post("/login", include_in_schema=False)
def login_form(
    request: Request,
    kb: KB,
    state: State,
    now: Now,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    form_token: Annotated[str, Form(alias=CSRF_FIELD)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    if not is_same_secret(request.cookies.get(LOGIN_COOKIE), form_token):
        raise PermissionDeniedError("the login form expired; reload it and try again")
    try:
        issued = _log_in(request, kb, state, now, name, password)
    except AuthenticationError as error:
        page = render(
            request,
            "login.html",
            who=None,
            twin=False,
            status_code=error.http_status,
            next=local_path(next),
            form_token=form_token,
            error=str(error),
        )
        return page
    response = redirect(next)
    _set_cookie(response, request, state, issued)
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout", include_in_schema=False)
def logout_form(request: Request, who: ViewerWrite, kb: KB, now: Now) -> Response:
    response = redirect("/login")
    _end(request, response, who.via, kb, now)
    return response
