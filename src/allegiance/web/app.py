"""The web application factory: one FastAPI app serving the HTML pages and the JSON API.

Nothing is built at import: `create_app(settings, sessions=…)` is handed the database
sessions by `allegiance serve` (or a test). Errors are turned into responses in one
place: the API answers JSON with the error's HTTP status; a page without a login sends
the browser to the login form, and other page errors render an error page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker

from allegiance import __version__
from allegiance.model import AllegianceError
from allegiance.settings import Settings
from allegiance.web.auth import AuthenticationError, LoginPolicy, LoginThrottledError
from allegiance.web.dependencies import AppState
from allegiance.web.headers import add_security_headers
from allegiance.web.pages import login_redirect, make_templates, render
from allegiance.web.refresh import REBUILD_DELAY, DerivedRefresher
from allegiance.web.routes import ROUTERS

DESCRIPTION = """\
The knowledge base of allegiance over HTTP. Every HTML page at a path has a JSON twin at
`/api` + that path. Authenticate with a session cookie (`POST /api/session`; writes then
need the `X-CSRF-Token` header) or an API token (`POST /api/tokens`, then
`Authorization: Bearer alg_…`). Roles: viewers read, analysts also review claims and merge
or split entities, admins also manage users and read the audit log.
"""


WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def utc_now() -> datetime:
    return datetime.now(UTC)


def create_app(
    settings: Settings,
    *,
    sessions: sessionmaker[Session],
    clock: Callable[[], datetime] = utc_now,
    rebuild_delay: float = REBUILD_DELAY,
) -> FastAPI:
    """The application over the knowledge base that `sessions` open.

    Successful writes ask for the events and control periods to be rebuilt in the
    background once writes pause for `rebuild_delay` seconds (`web.refresh`).
    """
    refresher = DerivedRefresher(sessions, delay=rebuild_delay)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        refresher.stop()

    async def refresh_after_writes(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if request.method in WRITES and response.status_code < 400:
            refresher.request()
        return response

    app = FastAPI(
        lifespan=lifespan,
        title="allegiance",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url=None,  # FastAPI's bundled docs page loads scripts from a CDN
        redoc_url=None,
    )
    app.state.allegiance = AppState(
        settings=settings,
        sessions=sessions,
        policy=LoginPolicy.from_settings(settings),
        clock=clock,
        templates=make_templates(),
    )
    app.state.refresher = refresher
    app.middleware("http")(refresh_after_writes)
    app.middleware("http")(add_security_headers)
    app.add_exception_handler(AllegianceError, _handle_error)  # type: ignore[arg-type]
    app.mount("/static", StaticFiles(packages=[("allegiance.web", "static")]), name="static")
    for router in ROUTERS:
        app.include_router(router)
    return app


def _handle_error(request: Request, error: AllegianceError) -> Response:
    status = error.http_status
    headers = {}
    if isinstance(error, LoginThrottledError):
        headers["Retry-After"] = str(int(error.retry_after.total_seconds()))
    elif isinstance(error, AuthenticationError):
        headers["WWW-Authenticate"] = "Bearer"
    if request.url.path.startswith("/api"):
        body = {"detail": str(error), "error": type(error).__name__}
        return JSONResponse(body, status_code=status, headers=headers)
    if status == 401:
        return login_redirect(request)
    return render(
        request, "error.html", who=None, status_code=status, twin=False, status=status, error=error
    )
