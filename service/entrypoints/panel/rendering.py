"""Rendering the panel's pages: the Jinja2 environment, its filters and what every page shows.

Templates are autoescaped; nothing a customer wrote reaches a page unescaped.
Times are shown on the restaurant's clock, phones masked.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from service.application.ports import PanelSession
from service.application.sales import PAYMENT_LABELS
from service.bootstrap import Container
from service.domain import status_texts, texts
from service.domain.conversation import Address
from service.domain.local_time import restaurant_zone
from service.domain.order import Payment
from service.entrypoints.panel import texts as panel_texts
from service.logs import mask_phone

__all__ = ["FLASH_COOKIE", "flash", "render", "shown_phone", "zone_of"]

TEMPLATES = Path(__file__).parent / "templates"
FLASH_COOKIE = "painel_aviso"
COOKIE_PATH = "/painel"

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def shown_phone(phone: str) -> str:
    """A customer's phone as the panel shows it: masked, without the channel prefix."""
    return mask_phone(phone.removeprefix("whatsapp:")) if phone else "—"


def zone_of(container: Container) -> ZoneInfo:
    """The restaurant's time zone."""
    return restaurant_zone(container.current_menu())


@pass_context
def _clock(context: Context, moment: datetime | None) -> str:
    return moment.astimezone(context["zone"]).strftime("%H:%M") if moment else ""


@pass_context
def _day_clock(context: Context, moment: datetime | None) -> str:
    return moment.astimezone(context["zone"]).strftime("%d/%m %H:%M") if moment else ""


def _payment(payment: Payment) -> str:
    label = PAYMENT_LABELS.get(payment.method.value, payment.method.value)
    if payment.change_for_cents:
        return f"{label} — troco para {texts.money(payment.change_for_cents)}"
    return label


def _maps(address: Address) -> str:
    if address.latitude is not None and address.longitude is not None:
        return f"https://maps.google.com/?q={address.latitude},{address.longitude}"
    return "https://www.google.com/maps/search/?api=1&query=" + quote_plus(address.text)


_BOLD = re.compile(r"\*([^*\n]+)\*")
_ITALIC = re.compile(r"(?<!\w)_([^_\n]+)_(?!\w)")


def _whatsapp(text: str) -> Markup:
    """WhatsApp's *bold* and _italic_ as HTML, everything else escaped."""
    safe = str(escape(text))
    return Markup(_ITALIC.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", safe)))


def _first_name(name: str) -> str:
    return name.split()[0] if name and name.split() else "Cliente"


_env.filters.update({
    "money": texts.money,
    "clock": _clock,
    "day_clock": _day_clock,
    "phone": shown_phone,
    "status_label": status_texts.label,
    "reason_label": lambda reason: panel_texts.REASON_LABELS.get(str(reason), str(reason)),
    "handoff_label": lambda status: panel_texts.HANDOFF_LABELS.get(str(status), str(status)),
    "speaker_label": lambda speaker: panel_texts.SPEAKER_LABELS.get(str(speaker), str(speaker)),
    "first_name": _first_name,
    "payment": _payment,
    "whatsapp": _whatsapp,
    "maps": _maps,
})


def flash(response: Response, kind: str, text: str) -> None:
    """Show ``text`` on the next page (after a redirect)."""
    value = base64.urlsafe_b64encode(json.dumps({"k": kind, "t": text}).encode()).decode()
    response.set_cookie(FLASH_COOKIE, value, path=COOKIE_PATH, httponly=True, samesite="lax",
                        max_age=60)


def _read_flash(request: Request) -> dict[str, str] | None:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(raw.encode()))
    except (ValueError, binascii.Error):
        return None
    if not isinstance(data, dict) or data.get("k") not in ("ok", "info", "erro"):
        return None
    return {"kind": str(data["k"]), "text": str(data.get("t", ""))[:500]}


async def render(request: Request, container: Container, template: str, *,
                 session: PanelSession | None = None, status_code: int = 200,
                 nav: str = "", **context: Any) -> HTMLResponse:
    """A whole page (or a fragment, for names starting with "_"); store reads off the loop."""
    return await run_in_threadpool(_render, request, container, template, session,
                                   status_code, nav, context)


def _render(request: Request, container: Container, template: str,
            session: PanelSession | None, status_code: int, nav: str,
            context: dict[str, Any]) -> HTMLResponse:
    zone = zone_of(container)
    menu = container.current_menu()
    now = container.clock().astimezone(zone)
    availability = container.availability.current() if session is not None else None
    page = _env.get_template(template).render(
        request=request,
        zone=zone,
        now=now,
        session=session,
        csrf=session.csrf if session else "",
        restaurant=menu.restaurant.name if menu else "Cozinha",
        pause=availability.active_pause(now) if availability else None,
        nav=nav,
        notice=_read_flash(request),
        texts=panel_texts,
        **context,
    )
    response = HTMLResponse(page, status_code=status_code)
    if request.cookies.get(FLASH_COOKIE):
        response.delete_cookie(FLASH_COOKIE, path=COOKIE_PATH)
    return response
