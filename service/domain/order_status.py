"""Order statuses and the one pure rule that moves an order from one to the next.

``novo → em_preparo → saiu_para_entrega → entregue``; ``cancelado`` from ``novo`` or
``em_preparo``. A busy kitchen may skip a step forward (``novo → saiu_para_entrega``)
but never goes back. Asking for the status an order already has changes nothing
and tells nobody, so a repeated command never notifies the customer twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from service.domain import status_texts

__all__ = [
    "OPEN_STATUSES",
    "OrderStatus",
    "StatusDecision",
    "StatusRefused",
    "customer_address",
    "decide_transition",
    "parse_status",
]


class OrderStatus(StrEnum):
    """Where an order is; stored by value, in Portuguese, so any store reads it."""

    NEW = "novo"
    PREPARING = "em_preparo"
    OUT_FOR_DELIVERY = "saiu_para_entrega"
    DELIVERED = "entregue"
    CANCELLED = "cancelado"


# The forward path; any later step may follow an earlier one.
_PATH = (
    OrderStatus.NEW,
    OrderStatus.PREPARING,
    OrderStatus.OUT_FOR_DELIVERY,
    OrderStatus.DELIVERED,
)
# Once the food left, cancelling is a conversation with the courier, not a status.
_CANCELLABLE = frozenset({OrderStatus.NEW, OrderStatus.PREPARING})
OPEN_STATUSES = frozenset({OrderStatus.NEW, OrderStatus.PREPARING, OrderStatus.OUT_FOR_DELIVERY})


class StatusRefused(ValueError):
    """A status change that is not allowed; ``str()`` is the Portuguese reason."""


@dataclass(frozen=True)
class StatusDecision:
    """What moving an order to a status means: whether it changes, what the customer reads."""

    number: int
    previous: OrderStatus
    status: OrderStatus
    customer_message: str | None  # None: nothing to tell the customer

    @property
    def changed(self) -> bool:
        """False when the order already had this status (a no-op)."""
        return self.previous is not self.status


def parse_status(value: object) -> OrderStatus:
    """A status from its stored value; anything else is refused with the valid values."""
    try:
        return OrderStatus(str(value))
    except ValueError:
        raise StatusRefused(status_texts.unknown_status(str(value), list(OrderStatus))) from None


def _allowed(current: OrderStatus, requested: OrderStatus) -> bool:
    if requested is OrderStatus.CANCELLED:
        return current in _CANCELLABLE
    if current not in _PATH or requested not in _PATH:
        return False
    return _PATH.index(requested) > _PATH.index(current)


def decide_transition(order: Mapping[str, Any], requested: OrderStatus | str) -> StatusDecision:
    """Decide moving ``order`` (a stored order dict) to ``requested``; raise StatusRefused."""
    number = int(order["number"])
    target = parse_status(requested)
    current = parse_status(order.get("status", OrderStatus.NEW))
    if current is target:
        return StatusDecision(number, current, target, None)
    if not _allowed(current, target):
        raise StatusRefused(status_texts.refused(number, current, target))
    name = str(order.get("customer_name") or "")
    message = status_texts.customer_update(number, name, target)
    return StatusDecision(number, current, target, message)


def customer_address(order: Mapping[str, Any]) -> str:
    """The WhatsApp address that placed the order (orders keep the bare phone number)."""
    phone = str(order.get("phone") or "")
    return phone if ":" in phone else f"whatsapp:{phone}"
