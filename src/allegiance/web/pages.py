"""Rendering HTML pages: Jinja with autoescaping on, so report text can never become markup.

Every page gets the user, the form token and the address of its JSON twin (`/api` + path).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from allegiance.web.dependencies import CSRF_FIELD, Principal, app_state


def make_templates() -> Jinja2Templates:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("allegiance.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return Jinja2Templates(env=environment)


def render(
    request: Request,
    template: str,
    *,
    who: Principal | None,
    status_code: int = 200,
    twin: bool = True,
    **context: Any,
) -> HTMLResponse:
    """A page; `twin` says whether `/api` + this path serves the same data as JSON."""
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    values = {
        "user": who.user if who else None,
        "csrf_field": CSRF_FIELD,
        "csrf_token": who.csrf_token if who else None,
        "twin_url": "/api" + (path if path != "/" else "/dashboard") if twin else None,
        "here": path,
        **context,
    }
    return app_state(request).templates.TemplateResponse(
        request, template, values, status_code=status_code
    )


def local_path(target: str | None, default: str = "/") -> str:
    """`target` when it is a path on this site, else `default` (no open redirects)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def redirect(target: str) -> RedirectResponse:
    """After a form post: see the result with a GET (303), never re-post on reload."""
    return RedirectResponse(local_path(target), status_code=303)


def login_redirect(request: Request) -> RedirectResponse:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(here, safe='')}", status_code=303)
