"""The restaurant's API (bearer ADMIN_TOKEN): orders, their status, and notices that did not arrive.

- ``GET /api/orders`` (mounted beside the webhook): the most recent orders first; each
  carries ``undelivered_notices``, its WhatsApp notices still failing or given up.
- ``POST /api/orders/{number}/status``: 401 without the token; 404 for an unknown
  order (or a number no order can have); 422 for a status nobody knows; 409 for a
  change that is not allowed (with the reason in Portuguese); 200 with the order as
  stored. Repeating the current status is a 200 that changes nothing.
- ``GET /api/notices``: every undelivered notice; ``POST /api/notices/retry`` queues
  them again (all, some ids, or one order's).
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from service.application.ports import UndeliveredMessage
from service.bootstrap import Container
from service.domain import status_texts
from service.domain.conversation import to_iso
from service.domain.order import MAX_CANCEL_REASON_CHARS
from service.domain.order_status import StatusRefused, parse_status
from service.entrypoints.dependencies import AdminDep, ContainerDep
from service.logs import mask_phone

__all__ = ["MAX_ORDER_NUMBER", "orders_with_notices", "router", "undelivered_to_dict"]

logger = logging.getLogger(__name__)

router = APIRouter()

# Starlette renamed the 422 constant; the number is what clients see.
UNPROCESSABLE = 422
# Order numbers are small positive integers; anything beyond this is no order (and
# stays far inside what every store's integer type holds).
MAX_ORDER_NUMBER = 2**31 - 1


class StatusChange(BaseModel):
    """The body: ``{"status": "saiu_para_entrega"}``; ``reason`` is told on a cancellation."""

    status: str = Field(max_length=64)
    reason: str | None = Field(default=None, max_length=MAX_CANCEL_REASON_CHARS)


class Retry(BaseModel):
    """The body of a retry: ``{}`` for every notice, or some ``ids``, or one ``order``."""

    ids: list[Annotated[str, Field(max_length=64)]] | None = Field(default=None, max_length=1000)
    order: int | None = Field(default=None, ge=1, le=MAX_ORDER_NUMBER)


def undelivered_to_dict(notice: UndeliveredMessage) -> dict[str, Any]:
    """A notice as the API shows it (the recipient masked, as in the logs)."""
    return {
        "id": notice.id,
        "order_number": notice.message.order_number,
        "purpose": notice.message.purpose,
        "to": mask_phone(notice.message.to),
        "status": notice.status,
        "attempts": notice.attempts,
        "last_error": notice.last_error,
        "queued_at": to_iso(notice.queued_at),
        "failed_at": to_iso(notice.failed_at) if notice.failed_at else None,
        "kitchen_told": notice.reported,
    }


async def orders_with_notices(container: Container, limit: int) -> list[dict[str, Any]]:
    """The most recent orders first (``GET /api/orders``), each with its undelivered notices."""
    orders = await run_in_threadpool(container.orders.list_orders, limit)
    notices = await run_in_threadpool(
        container.notices.by_order, [order.number for order in orders if order.number])
    return [
        {**order.to_dict(), "undelivered_notices": [
            undelivered_to_dict(notice) for notice in notices.get(order.number or 0, [])
        ]}
        for order in orders
    ]


@router.post("/api/orders/{number}/status")
async def change_order_status(
    number: Annotated[int, Path(ge=1, le=MAX_ORDER_NUMBER)],
    body: StatusChange,
    container: ContainerDep,
    _admin: AdminDep,
) -> dict[str, Any]:
    """Move an order to a status; the customer is told through the outbox."""
    try:
        requested = parse_status(body.status.strip())
    except StatusRefused as unknown:
        raise HTTPException(UNPROCESSABLE, str(unknown)) from None
    try:
        update = await run_in_threadpool(container.orders.change_status, number, requested,
                                         reason=body.reason)
    except StatusRefused as refused:
        raise HTTPException(status.HTTP_409_CONFLICT, str(refused)) from None
    if update is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, status_texts.not_found(number))
    if update.changed:
        logger.info("order %d: %s → %s (API)", number, update.previous_status, requested.value)
        container.outbox_worker.wake()
    return update.order.to_dict()


@router.get("/api/notices")
async def list_notices(container: ContainerDep, _admin: AdminDep) -> list[dict[str, Any]]:
    """Every notice not delivered yet after a failure, oldest first."""
    notices = await run_in_threadpool(container.notices.undelivered)
    return [undelivered_to_dict(notice) for notice in notices]


@router.post("/api/notices/retry")
async def retry_notices(body: Retry, container: ContainerDep,
                        _admin: AdminDep) -> dict[str, int]:
    """Queue undelivered notices again, due now; answers how many."""
    count = await run_in_threadpool(
        lambda: container.notices.redrive(body.ids, order_number=body.order))
    if count:
        logger.info("%d undelivered notices queued again (API)", count)
        container.outbox_worker.wake()
    return {"queued": count}
