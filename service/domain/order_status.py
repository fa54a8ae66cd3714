"""Order statuses and which moves between them are allowed.

``novo → em_preparo → saiu_para_entrega → entregue``; ``cancelado`` from ``novo`` or
``em_preparo``. A busy kitchen may skip a step forward (``novo → saiu_para_entrega``)
but never goes back. :func:`service.domain.order.decide_transition` applies this to
an order.
"""

from __future__ import annotations

from enum import StrEnum

from service.domain import status_texts

__all__ = ["OPEN_STATUSES", "OrderStatus", "StatusRefused", "can_move", "parse_status"]


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


def parse_status(value: object) -> OrderStatus:
    """A status from its stored value; anything else is refused with the valid values."""
    try:
        return OrderStatus(str(value))
    except ValueError:
        raise StatusRefused(status_texts.unknown_status(str(value), list(OrderStatus))) from None


def can_move(current: OrderStatus, requested: OrderStatus) -> bool:
    """Whether an order in ``current`` may move to ``requested`` (never to itself)."""
    if requested is OrderStatus.CANCELLED:
        return current in _CANCELLABLE
    if current not in _PATH or requested not in _PATH:
        return False
    return _PATH.index(requested) > _PATH.index(current)
