"""Moving an order's status: the one use case behind the kitchen's WhatsApp, the API and the panel.

In one transaction: the order is stamped with its new status, the customer's
conversation keeps it as their last order's status (when it is their last order),
and the customer's message goes to the outbox. Repeating the current status
changes nothing and tells nobody; a refused move raises ``StatusRefused`` and
changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from service.application.ports import OrderQueries, OutboundMessage, Transactions, UnitOfWork
from service.clock import Clock, utcnow
from service.domain.order import Order, decide_transition
from service.domain.order_status import OrderStatus

__all__ = ["OrderService", "StatusUpdate", "change_status"]


@dataclass(frozen=True)
class StatusUpdate:
    """An order after a status change; ``changed`` is False when it already had that status."""

    order: Order
    previous_status: OrderStatus
    changed: bool
    customer_notified: bool  # a message to the customer went to the outbox


def change_status(uow: UnitOfWork, number: int, status: OrderStatus | str,
                  now: datetime, *, reason: str | None = None) -> StatusUpdate | None:
    """Move order ``number`` to ``status`` inside ``uow``; None when there is no such order.

    ``reason`` (for a cancellation) is kept on the order and told to the customer.
    """
    order = uow.get_order(number)
    if order is None:
        return None
    decision = decide_transition(order, status, reason)
    if not decision.changed:
        return StatusUpdate(order, decision.previous, changed=False, customer_notified=False)
    order = order.moved_to(decision.status, now, reason)
    uow.save_order(order)
    conversation = uow.get_conversation(order.customer_address)
    if conversation is not None and conversation.last_order_number == number:
        uow.save_conversation(replace(conversation, last_order_status=decision.status.value))
    if decision.customer_message:
        uow.enqueue(OutboundMessage(order.customer_address, decision.customer_message))
    return StatusUpdate(order, decision.previous, changed=True,
                        customer_notified=decision.customer_message is not None)


class OrderStore(Transactions, OrderQueries, Protocol):
    """What the order use cases need from the store (any full Store fits)."""


class OrderService:
    """The restaurant's operations on orders, each in its own transaction."""

    def __init__(self, store: OrderStore, clock: Clock = utcnow) -> None:
        self._store = store
        self._clock = clock

    def change_status(self, number: int, status: OrderStatus | str, *,
                      reason: str | None = None) -> StatusUpdate | None:
        """Move an order (see :func:`change_status`) in its own transaction."""
        now = self._clock()
        return self._store.run(lambda uow: change_status(uow, number, status, now, reason=reason))

    def list_orders(self, limit: int = 100) -> list[Order]:
        """The most recent orders first."""
        return self._store.list_orders(limit)

    def get_order(self, number: int) -> Order | None:
        """One order by its number."""
        return self._store.get_order(number)
