"""The live orders board, an order's details, moving it, and its printed comanda.

Moving an order is :meth:`OrderService.change_status`, the same use case as the
kitchen's WhatsApp and ``POST /api/orders/{n}/status``: the customer is told once,
a double click or a second person changes nothing twice and is told why.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse

from service.bootstrap import Container
from service.domain.order import Order
from service.domain.order_status import OrderStatus, StatusRefused, can_move, parse_status
from service.domain.status_texts import label as status_label
from service.entrypoints.dependencies import ContainerDep
from service.entrypoints.panel import texts
from service.entrypoints.panel.auth import CheckedForm, Staff, wants_json
from service.entrypoints.panel.rendering import flash, render, zone_of

__all__ = ["respond", "router"]

logger = logging.getLogger(__name__)

router = APIRouter()

# The board shows today's orders and any still open from the night before.
BOARD_LOOKBACK = timedelta(hours=36)
_MARKUP = re.compile(r"[*_]")
MAX_REASON_CHARS = 200

# Buttons on a card: the next statuses, in the kitchen's order.
ACTIONS = (
    (OrderStatus.PREPARING, "Em preparo"),
    (OrderStatus.OUT_FOR_DELIVERY, "Saiu para entrega"),
    (OrderStatus.DELIVERED, "Entregue"),
)


def plain(text: str) -> str:
    """A WhatsApp sentence without its *bold* and _italic_ marks, for the panel."""
    return _MARKUP.sub("", text)


def respond(request: Request, kind: str, message: str, back: str, *,
            status_code: int = 200, **extra: Any) -> Response:
    """JSON for the panel's scripts, else a redirect to ``back`` showing the message."""
    text = plain(message)
    if wants_json(request):
        return JSONResponse({"ok": kind != "erro", "kind": kind, "message": text, **extra},
                            status_code=status_code)
    response = RedirectResponse(back, status_code=303)
    flash(response, kind, text)
    return response


@dataclass(frozen=True)
class Column:
    """One status column of the board."""

    status: OrderStatus
    label: str
    orders: tuple[Order, ...]


def actions(order: Order) -> list[tuple[str, str]]:
    """(status, label) of the next two moves the order allows, cancellation apart."""
    return [(s.value, label) for s, label in ACTIONS if can_move(order.status, s)][:2]


def board_columns(container: Container, now: datetime) -> list[Column]:
    """Today's orders (and older ones still open), newest first, by status."""
    zone = zone_of(container)
    today = now.astimezone(zone).date()
    recent = container.store.orders_created_between(now - BOARD_LOOKBACK,
                                                    now + timedelta(minutes=1))
    shown = [o for o in recent if o.created_at.astimezone(zone).date() == today
             or o.status in (OrderStatus.NEW, OrderStatus.PREPARING,
                             OrderStatus.OUT_FOR_DELIVERY)]
    shown.sort(key=lambda o: o.number or 0, reverse=True)
    return [Column(status, status_label(status.value).capitalize(),
                   tuple(o for o in shown if o.status is status))
            for status in OrderStatus]


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 9 else None


def _board_context(container: Container) -> dict[str, Any]:
    columns = board_columns(container, container.clock())
    return {"columns": columns, "actions": actions, "reasons": texts.CANCEL_REASONS,
            "can_cancel": lambda o: can_move(o.status, OrderStatus.CANCELLED),
            "new_count": len(columns[0].orders)}


@router.get("/painel")
async def home(_session: Staff) -> Response:
    """The board is the panel's first page."""
    return RedirectResponse("/painel/pedidos", status_code=303)


@router.get("/painel/pedidos")
async def board(request: Request, container: ContainerDep, session: Staff) -> Response:
    """Today's orders, live."""
    context = await run_in_threadpool(_board_context, container)
    return await render(request, container, "board.html", session=session, nav="pedidos", **context)


@router.get("/painel/pedidos/quadro")
async def board_fragment(request: Request, container: ContainerDep, session: Staff) -> Response:
    """The board's columns alone, fetched when the live stream says something changed."""
    context = await run_in_threadpool(_board_context, container)
    return await render(request, container, "_board.html", session=session, **context)


def _order_or_none(container: Container, number: str) -> Order | None:
    parsed = _number(number)
    return container.orders.get_order(parsed) if parsed is not None else None


def _customer_key(container: Container, order: Order) -> str | None:
    if order.anonymous:
        return None
    transcript = container.store.run(lambda uow: uow.get_transcript(order.customer_address))
    return transcript.key if transcript is not None else None


@router.get("/painel/pedidos/{number}")
async def order_page(number: str, request: Request, container: ContainerDep,
                     session: Staff) -> Response:
    """One order: items, notes, address, payment, the customer; moves and cancellation."""
    order = await run_in_threadpool(_order_or_none, container, number)
    if order is None:
        return await render(request, container, "message.html", session=session, status_code=404,
                            nav="pedidos", message=texts.order_not_found(number))
    key = await run_in_threadpool(_customer_key, container, order)
    return await render(request, container, "order.html", session=session, nav="pedidos",
                        order=order, actions=actions(order), reasons=texts.CANCEL_REASONS,
                        can_cancel=can_move(order.status, OrderStatus.CANCELLED), customer_key=key)


@router.get("/painel/pedidos/{number}/comanda")
async def comanda(number: str, request: Request, container: ContainerDep,
                  session: Staff) -> Response:
    """The order for the kitchen's 80 mm thermal printer."""
    order = await run_in_threadpool(_order_or_none, container, number)
    if order is None:
        return await render(request, container, "message.html", session=session, status_code=404,
                            message=texts.order_not_found(number))
    return await render(request, container, "comanda.html", session=session, order=order)


@router.post("/painel/pedidos/{number}/status")
async def move(number: str, request: Request, container: ContainerDep, form: CheckedForm,
               _session: Staff) -> Response:
    """Move an order (or cancel it with a reason); the customer is told through the outbox."""
    back = str(form.get("voltar") or "")
    back = back if back.startswith("/painel") and not back.startswith("//") else "/painel/pedidos"
    parsed = _number(number)
    if parsed is None:
        return respond(request, "erro", texts.order_not_found(number), back, status_code=404)
    try:
        requested = parse_status(str(form.get("status") or "").strip())
    except StatusRefused as unknown:
        return respond(request, "erro", str(unknown), back, status_code=422)
    reason = None
    if requested is OrderStatus.CANCELLED:
        typed = str(form.get("motivo_texto") or "").strip()
        chosen = str(form.get("motivo") or "").strip()
        reason = (typed or (chosen if chosen in texts.CANCEL_REASONS else ""))[:MAX_REASON_CHARS]
        if not reason:
            return respond(request, "erro", texts.CANCEL_NEEDS_REASON, back, status_code=422)
    try:
        update = await run_in_threadpool(container.orders.change_status, parsed, requested,
                                         reason=reason)
    except StatusRefused as refused:
        return respond(request, "erro", str(refused), back, status_code=409)
    if update is None:
        return respond(request, "erro", texts.order_not_found(parsed), back, status_code=404)
    if not update.changed:
        return respond(request, "info", texts.status_unchanged(parsed, update.order.status),
                       back, status=update.order.status.value)
    logger.info("order %d: %s → %s (panel)", parsed, update.previous_status, requested.value)
    container.outbox_worker.wake()
    return respond(request, "ok", texts.status_moved(parsed, requested.value,
                                                     update.customer_notified),
                   back, status=requested.value)
