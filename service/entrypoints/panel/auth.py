"""The panel's door: login, logout, the session every page needs, CSRF and origin checks.

The session cookie is HttpOnly, SameSite=Lax, scoped to ``/painel`` and Secure when
the request came over HTTPS (behind nginx, ``X-Forwarded-Proto``). Every request
that changes something must carry the session's CSRF token (form field ``csrf``
or header ``X-CSRF-Token``) and, when the browser says where it comes from
(``Origin``/``Referer``), come from the panel's own origin. Login itself is
protected by a token in a short-lived cookie and a hidden field (so another site
cannot log a browser in), and failed attempts are throttled per address.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.datastructures import FormData

from service.application.ports import PanelSession
from service.bootstrap import Container
from service.entrypoints.dependencies import ContainerDep
from service.entrypoints.panel import texts
from service.entrypoints.panel.rendering import COOKIE_PATH, flash, render

__all__ = [
    "SESSION_COOKIE",
    "CheckedForm",
    "LoginRequired",
    "PanelOff",
    "PanelRefused",
    "Staff",
    "router",
    "wants_json",
]

logger = logging.getLogger(__name__)

router = APIRouter()

SESSION_COOKIE = "painel_sessao"
LOGIN_COOKIE = "painel_login"
# The login form must be sent within this many seconds of being shown.
LOGIN_FORM_SECONDS = 15 * 60
MAX_PASSWORD_CHARS = 200


class PanelOff(Exception):
    """No password configured: the panel says it is off."""


class LoginRequired(Exception):
    """No live session: pages go to the login, scripts get a 401."""


class PanelRefused(Exception):
    """A request refused before doing anything (CSRF, origin); ``str()`` says why."""


def wants_json(request: Request) -> bool:
    """True for the panel's scripts (fetch, EventSource), which want JSON, not pages."""
    accept = request.headers.get("accept", "")
    return accept.startswith(("application/json", "text/event-stream")) or (
        request.headers.get("x-requested-with") == "fetch")


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _allowed_origins(request: Request, container: Container) -> set[str]:
    origins = {f"{request.url.scheme}://{request.url.netloc}"}
    public = container.settings.public_base_url
    if public:
        parts = urlsplit(public)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return origins


def check_origin(request: Request, container: Container) -> None:
    """Refuse a request a browser says came from another site."""
    origin = request.headers.get("origin")
    if origin is None and request.headers.get("referer"):
        parts = urlsplit(request.headers["referer"])
        origin = f"{parts.scheme}://{parts.netloc}"
    if origin is not None and origin not in _allowed_origins(request, container):
        logger.warning("panel request from another origin refused: %s", origin[:100])
        raise PanelRefused(texts.ORIGIN_REFUSED)


def require_staff(request: Request, container: ContainerDep) -> PanelSession:
    """The signed-in session, or LoginRequired (PanelOff when there is no password)."""
    if not container.panel.enabled:
        raise PanelOff
    session = container.panel.sessions.find(request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise LoginRequired
    return session


Staff = Annotated[PanelSession, Depends(require_staff)]


async def checked_form(request: Request, container: ContainerDep, session: Staff) -> FormData:
    """The form of a state-changing request, once its origin and CSRF token are checked."""
    check_origin(request, container)
    form = await request.form()
    sent = request.headers.get("x-csrf-token") or str(form.get("csrf") or "")
    if not sent or not hmac.compare_digest(sent.encode(), session.csrf.encode()):
        logger.warning("panel request without a valid CSRF token refused")
        raise PanelRefused(texts.CSRF_REFUSED)
    return form


CheckedForm = Annotated[FormData, Depends(checked_form)]


def _safe_next(target: str | None) -> str:
    """Only a path of the panel itself: never another site after logging in."""
    if target and target.startswith("/painel") and not target.startswith("//"):
        return target
    return "/painel"


async def _login_page(request: Request, container: Container, *, error: str | None = None,
                      status_code: int = 200) -> Response:
    token = secrets.token_urlsafe(24)
    response = await render(request, container, "login.html", status_code=status_code,
                            login_token=token, error=error,
                            next=_safe_next(request.query_params.get("proximo")),
                            expired=request.query_params.get("expirou") == "1")
    response.set_cookie(LOGIN_COOKIE, token, max_age=LOGIN_FORM_SECONDS, path=COOKIE_PATH,
                        httponly=True, samesite="strict", secure=_secure(request))
    return response


@router.get("/painel/entrar")
async def login_form(request: Request, container: ContainerDep) -> Response:
    """The login page (the panel's own page when it is off)."""
    if not container.panel.enabled:
        raise PanelOff
    session = await run_in_threadpool(container.panel.sessions.find,
                                      request.cookies.get(SESSION_COOKIE))
    if session is not None:
        return RedirectResponse("/painel", status_code=303)
    return await _login_page(request, container)


@router.post("/painel/entrar")
async def login(request: Request, container: ContainerDep) -> Response:
    """Check the password; a new session on success (a session fixed beforehand is useless)."""
    gate = container.panel
    if not gate.enabled or gate.password is None:
        raise PanelOff
    address = request.client.host if request.client else "?"
    wait = gate.throttle.retry_after(address)
    if wait is not None:
        response = await _login_page(request, container, error=texts.too_many_attempts(wait),
                                     status_code=429)
        response.headers["Retry-After"] = str(wait)
        return response
    check_origin(request, container)
    form = await request.form()
    cookie, field = request.cookies.get(LOGIN_COOKIE, ""), str(form.get("login_token") or "")
    if not cookie or not hmac.compare_digest(cookie.encode(), field.encode()):
        return await _login_page(request, container, error=texts.LOGIN_FORM_EXPIRED,
                                 status_code=403)
    password = str(form.get("senha") or "")[:MAX_PASSWORD_CHARS]
    if not password or not await run_in_threadpool(gate.password.verify, password):
        gate.throttle.failed(address)
        logger.warning("wrong panel password from %s", address)
        return await _login_page(request, container, error=texts.WRONG_PASSWORD, status_code=401)
    gate.throttle.succeeded(address)
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        await run_in_threadpool(gate.sessions.close, old)
    token, _ = await run_in_threadpool(gate.sessions.open)
    response = RedirectResponse(_safe_next(str(form.get("proximo") or "")), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, path=COOKIE_PATH, httponly=True,
                        samesite="lax", secure=_secure(request),
                        max_age=int(gate.sessions.lifetime.total_seconds()))
    response.delete_cookie(LOGIN_COOKIE, path=COOKIE_PATH)
    logger.info("panel login from %s", address)
    return response


@router.post("/painel/sair")
async def logout(request: Request, container: ContainerDep, _form: CheckedForm) -> Response:
    """End the session everywhere; the cookie opens nothing any more."""
    await run_in_threadpool(container.panel.sessions.close, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/painel/entrar", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    flash(response, "info", texts.LOGGED_OUT)
    return response


def login_required_response(request: Request) -> Response:
    """What a request without a session gets."""
    if wants_json(request):
        return JSONResponse({"ok": False, "kind": "erro", "message": texts.SESSION_EXPIRED,
                             "login": "/painel/entrar?expirou=1"}, status_code=401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":
        target = "/painel"
    query = {"proximo": target}
    if request.cookies.get(SESSION_COOKIE):
        query["expirou"] = "1"  # there was a session: say it ended
    response = RedirectResponse(f"/painel/entrar?{urlencode(query)}", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response
