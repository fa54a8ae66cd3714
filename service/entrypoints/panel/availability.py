"""The menu's "esgotado" switches and the store's pause, from the panel.

Each form states what it wants (esgotado or disponível; pausado until a time or
for some minutes; retomado), so pressing twice, or two people at once, changes
it once. The next customer message, on any replica, sees the change.
"""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from service.domain import restaurant_texts
from service.domain.local_time import next_clock_time
from service.entrypoints.dependencies import ContainerDep
from service.entrypoints.panel import texts
from service.entrypoints.panel.auth import CheckedForm, Staff
from service.entrypoints.panel.orders import respond
from service.entrypoints.panel.rendering import render, zone_of

__all__ = ["router"]

router = APIRouter()

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
MAX_PAUSE_MINUTES = 12 * 60


@router.get("/painel/cardapio")
async def menu_page(request: Request, container: ContainerDep, session: Staff) -> Response:
    """Every item by category, with its switch."""
    menu = container.current_menu()
    availability = await run_in_threadpool(container.availability.current)
    categories: dict[str, list[object]] = {}
    for item in menu.items if menu else ():
        categories.setdefault(item.category, []).append(item)
    return await render(request, container, "menu.html", session=session, nav="cardapio",
                        categories=categories, sold_out=availability.sold_out)


@router.post("/painel/cardapio/{item_id}")
async def set_item(item_id: str, request: Request, container: ContainerDep, form: CheckedForm,
                   _session: Staff) -> Response:
    """Mark an item esgotado (``esgotado=1``) or back (``esgotado=0``)."""
    menu = container.current_menu()
    wanted = str(form.get("esgotado") or "")
    if menu is None or menu.get(item_id) is None or wanted not in ("0", "1"):
        return respond(request, "erro", texts.ITEM_NOT_FOUND, "/painel/cardapio",
                       status_code=404)
    sold_out = wanted == "1"
    update = await run_in_threadpool(container.availability.mark_item, menu, item_id, sold_out)
    assert update is not None
    if not update.changed:
        return respond(request, "info", restaurant_texts.item_already(update.name, sold_out),
                       "/painel/cardapio", sold_out=sold_out)
    return respond(request, "ok", restaurant_texts.item_changed(update.name, sold_out),
                   "/painel/cardapio", sold_out=sold_out)


@router.get("/painel/loja")
async def store_page(request: Request, container: ContainerDep, session: Staff) -> Response:
    """Whether orders are taken, and the pause form."""
    return await render(request, container, "store.html", session=session, nav="loja")


def _back(form_value: object, default: str) -> str:
    target = str(form_value or "")
    return target if target.startswith("/painel") and not target.startswith("//") else default


@router.post("/painel/loja/pausar")
async def pause(request: Request, container: ContainerDep, form: CheckedForm,
                _session: Staff) -> Response:
    """Pause orders for ``minutos`` (a button; empty: until resumed), or until ``ate`` (HH:MM)."""
    zone = zone_of(container)
    now = container.clock().astimezone(zone)
    at, minutes = str(form.get("ate") or "").strip(), str(form.get("minutos") or "").strip()
    pressed = "minutos" in form  # a duration button (its value may be "": until resumed)
    until = None
    if at and not pressed:
        match = _CLOCK.match(at)
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            return respond(request, "erro", texts.PAUSE_BAD_TIME, "/painel/loja",
                           status_code=422)
        until = next_clock_time(now, zone, int(match[1]), int(match[2]))
    elif minutes:
        if not minutes.isdigit() or not 1 <= int(minutes) <= MAX_PAUSE_MINUTES:
            return respond(request, "erro", texts.PAUSE_BAD_MINUTES, "/painel/loja",
                           status_code=422)
        until = now + timedelta(minutes=int(minutes))
    message = str(form.get("recado") or "")
    await run_in_threadpool(container.availability.pause, until, message)
    shown = until.astimezone(zone).strftime("%H:%M") if until else None
    return respond(request, "ok", texts.paused(shown), _back(form.get("voltar"), "/painel/loja"))


@router.post("/painel/loja/retomar")
async def resume(request: Request, container: ContainerDep, form: CheckedForm,
                 _session: Staff) -> Response:
    """Take orders again."""
    update = await run_in_threadpool(container.availability.resume)
    back = _back(form.get("voltar"), "/painel/loja")
    if not update.changed:
        return respond(request, "info", texts.NOT_PAUSED, back)
    return respond(request, "ok", texts.RESUMED, back)
