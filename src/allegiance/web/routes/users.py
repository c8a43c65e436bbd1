"""Managing users (admins only): add, change role, disable. Each change is audited."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from allegiance.web import auth
from allegiance.web.dependencies import KB, Admin, AdminWrite, Now
from allegiance.web.pages import render
from allegiance.web.schemas import RoleIn, UserIn, UserOut

router = APIRouter()


@router.get("/api/users", tags=["users"])
def api_users(who: Admin, kb: KB) -> list[UserOut]:
    return [UserOut.of(user) for user in kb.users.list_users()]


@router.post("/api/users", status_code=201, tags=["users"])
def api_add_user(body: UserIn, who: AdminWrite, kb: KB, now: Now) -> UserOut:
    """Add a user; 409 when the name is taken, 422 when the password is under 12 characters."""
    user = auth.add_user(
        kb.users, body.name, role=body.role, password=body.password, actor=who.user.name, now=now
    )
    kb.session.commit()
    return UserOut.of(user)


@router.post("/api/users/{name}/role", tags=["users"])
def api_set_role(name: str, body: RoleIn, who: AdminWrite, kb: KB, now: Now) -> UserOut:
    user = auth.set_role(kb.users, name, body.role, actor=who.user.name, now=now)
    kb.session.commit()
    return UserOut.of(user)


@router.post("/api/users/{name}/disable", tags=["users"])
def api_disable(name: str, who: AdminWrite, kb: KB, now: Now) -> UserOut:
    """Disable a user: their sessions end and their API tokens are revoked."""
    user = auth.disable_user(kb.users, name, actor=who.user.name, now=now)
    kb.session.commit()
    return UserOut.of(user)


@router.get("/users", include_in_schema=False)
def users_page(request: Request, who: Admin, kb: KB) -> Response:
    return render(request, "users.html", who=who, users=kb.users.list_users())
