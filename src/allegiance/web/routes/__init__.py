"""One router per resource; each serves JSON under `/api` and the HTML page at the same path."""

from fastapi import APIRouter

from allegiance.web.routes import (
    accounts,
    audit,
    claims,
    dashboard,
    documents,
    entities,
    exports,
    maps,
    network,
    review,
    search,
    session,
    timeline,
    users,
)

ROUTERS: list[APIRouter] = [
    session.router,
    dashboard.router,
    documents.router,
    entities.router,
    claims.router,
    maps.router,
    timeline.router,
    network.router,
    review.router,
    accounts.router,
    search.router,
    exports.router,
    audit.router,
    users.router,
]
