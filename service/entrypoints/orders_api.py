"""The restaurant's API for moving orders: ``POST /api/orders/{number}/status``, bearer ADMIN_TOKEN.

401 without the token; 404 for an unknown order; 422 for a status nobody knows;
409 for a change that is not allowed (with the reason in Portuguese); 200 with
the order as stored. Repeating the current status is a 200 that changes nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, HTTPException, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from service.domain import status_texts
from service.domain.order import MAX_CANCEL_REASON_CHARS
from service.domain.order_status import StatusRefused, parse_status
from service.entrypoints.dependencies import AdminDep, ContainerDep

__all__ = ["router"]

logger = logging.getLogger(__name__)

router = APIRouter()

# Starlette renamed the 422 constant; the number is what clients see.
UNPROCESSABLE = 422


class StatusChange(BaseModel):
    """The body: ``{"status": "saiu_para_entrega"}``; ``reason`` is told on a cancellation."""

    status: str
    reason: str | None = Field(default=None, max_length=MAX_CANCEL_REASON_CHARS)


@router.post("/api/orders/{number}/status")
async def change_order_status(
    number: int, body: StatusChange, container: ContainerDep, _admin: AdminDep
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
