"""Mounting the panel on the app: routes, static files, error answers, security headers.

:func:`install` mounts the routes, the static files (served from
here, nothing from a CDN), the answers for a panel that is off, a missing session
or a refused request, and the security headers of every panel response.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.bootstrap import Container
from service.entrypoints.panel import auth, availability, conversations, events, orders, sales
from service.entrypoints.panel import texts as panel_texts
from service.entrypoints.panel.auth import LoginRequired, PanelOff, PanelRefused, wants_json
from service.entrypoints.panel.rendering import render

__all__ = ["install"]

STATIC = Path(__file__).parent / "static"
# No inline script or style anywhere in the panel: everything comes from /painel/static.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; media-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
       "form-action 'self'")


def _container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


async def _panel_off(request: Request, _exc: Exception) -> Response:
    if wants_json(request):
        return JSONResponse({"ok": False, "kind": "erro", "message": panel_texts.PANEL_OFF},
                            status_code=503)
    return await render(request, _container(request), "message.html", status_code=503,
                        title="Painel desligado", message=panel_texts.PANEL_OFF)


async def _login_required(request: Request, _exc: Exception) -> Response:
    return auth.login_required_response(request)


async def _refused(request: Request, exc: Exception) -> Response:
    if wants_json(request):
        return JSONResponse({"ok": False, "kind": "erro", "message": str(exc)}, status_code=403)
    return await render(request, _container(request), "message.html", status_code=403,
                        title="Pedido recusado", message=str(exc))


class PanelHeaders:
    """The security headers of every panel response, as plain ASGI: any other path (the
    webhook above all) goes straight through, without a task or a copy of its body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith("/painel"):
            await self.app(scope, receive, send)
            return
        cached = path.startswith("/painel/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CSP)
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                if not cached:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)


def install(app: FastAPI) -> None:
    """Mount the panel on ``app``."""
    app.mount("/painel/static", StaticFiles(directory=STATIC), name="painel-static")
    for module in (auth, orders, availability, conversations, sales, events):
        app.include_router(module.router)
    app.add_exception_handler(PanelOff, _panel_off)
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(PanelRefused, _refused)
    app.add_middleware(PanelHeaders)
