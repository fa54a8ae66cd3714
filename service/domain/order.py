"""A confirmed order: typed, immutable, money in integer cents, and the rule that moves it.

Checkout builds it (without a number: the store allocates one), the stores keep
:meth:`Order.to_dict`, and every reader gets it back through :meth:`Order.from_dict`.
The stored form is the one ``/api/orders`` shows. :func:`decide_transition` is the
one rule for moving an order's status; asking for the status it already has changes
nothing and tells nobody, so a repeated command never notifies the customer twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from nlu import PaymentMethod
from service.domain import status_texts
from service.domain.conversation import Address, from_iso, to_iso
from service.domain.order_status import OrderStatus, StatusRefused, can_move, parse_status

__all__ = [
    "MAX_CANCEL_REASON_CHARS", "Order", "OrderLine", "Payment", "StatusDecision",
    "decide_transition", "whatsapp_address",
]

# A cancellation reason is one sentence in the customer's WhatsApp.
MAX_CANCEL_REASON_CHARS = 200


def whatsapp_address(phone: str) -> str:
    """The WhatsApp address of a phone kept bare in an order ("+5511…" → "whatsapp:+5511…")."""
    return phone if ":" in phone else f"whatsapp:{phone}"


@dataclass(frozen=True)
class OrderLine:
    """One item of an order at the price it was sold for."""

    item_id: str
    name: str
    quantity: int
    unit_price_cents: int
    note: str | None = None

    @property
    def total_cents(self) -> int:
        """Unit price times quantity."""
        return self.unit_price_cents * self.quantity

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"id": self.item_id, "name": self.name, "quantity": self.quantity,
                "unit_price_cents": self.unit_price_cents, "note": self.note}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OrderLine:
        """Inverse of :meth:`to_dict`."""
        return cls(str(data["id"]), str(data["name"]), int(data["quantity"]),
                   int(data["unit_price_cents"]), data.get("note"))


@dataclass(frozen=True)
class Payment:
    """How the customer pays, and for how much cash they need change."""

    method: PaymentMethod
    change_for_cents: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"method": self.method.value, "change_for_cents": self.change_for_cents}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Payment:
        """Inverse of :meth:`to_dict`."""
        change = data.get("change_for_cents")
        return cls(PaymentMethod(data["method"]), int(change) if change is not None else None)


@dataclass(frozen=True)
class Order:
    """What the customer confirmed, and where it is now."""

    phone: str  # bare, "+5511987654321"
    customer_name: str
    lines: tuple[OrderLine, ...]
    delivery_fee_cents: int
    address: Address
    payment: Payment
    created_at: datetime
    status: OrderStatus = OrderStatus.NEW
    number: int | None = None  # given by the store when the order is added
    status_updated_at: datetime | None = None
    cancel_reason: str | None = None  # what the restaurant told the customer

    @property
    def anonymous(self) -> bool:
        """True once the customer's data was erased: nobody to tell about it."""
        return not self.phone

    @property
    def subtotal_cents(self) -> int:
        """Sum of the lines."""
        return sum(line.total_cents for line in self.lines)

    @property
    def total_cents(self) -> int:
        """Subtotal plus delivery."""
        return self.subtotal_cents + self.delivery_fee_cents

    @property
    def customer_address(self) -> str:
        """The WhatsApp address that placed the order."""
        return whatsapp_address(self.phone)

    def numbered(self, number: int) -> Order:
        """The order under the number the store gave it."""
        return replace(self, number=number)

    def moved_to(self, status: OrderStatus, now: datetime, reason: str | None = None) -> Order:
        """The order in another status, stamped with when it moved (and why, if cancelled)."""
        given = (reason or "").strip()[:MAX_CANCEL_REASON_CHARS]
        why = given if status is OrderStatus.CANCELLED and given else self.cancel_reason
        return replace(self, status=status, status_updated_at=now, cancel_reason=why)

    def anonymised(self) -> Order:
        """The order kept for the restaurant's accounts without who ordered it or where."""
        return replace(self, phone="", customer_name="", address=Address(""))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as stores keep it and the API shows it."""
        data: dict[str, Any] = {} if self.number is None else {"number": self.number}
        data.update({
            "status": self.status.value,
            "phone": self.phone,
            "customer_name": self.customer_name,
            "items": [line.to_dict() for line in self.lines],
            "subtotal_cents": self.subtotal_cents,
            "delivery_fee_cents": self.delivery_fee_cents,
            "total_cents": self.total_cents,
            "address": self.address.to_dict(),
            "payment": self.payment.to_dict(),
            "created_at": to_iso(self.created_at),
        })
        if self.status_updated_at is not None:
            data["status_updated_at"] = to_iso(self.status_updated_at)
        if self.cancel_reason:
            data["cancel_reason"] = self.cancel_reason
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Order:
        """Inverse of :meth:`to_dict` (totals are recomputed from the lines)."""
        moved = data.get("status_updated_at")
        number = data.get("number")
        return cls(
            phone=str(data["phone"]),
            customer_name=str(data.get("customer_name") or ""),
            lines=tuple(OrderLine.from_dict(line) for line in data["items"]),
            delivery_fee_cents=int(data["delivery_fee_cents"]),
            address=Address.from_dict(data["address"]),
            payment=Payment.from_dict(data["payment"]),
            created_at=from_iso(str(data["created_at"])),
            status=OrderStatus(data.get("status") or OrderStatus.NEW),
            number=int(number) if number is not None else None,
            status_updated_at=from_iso(str(moved)) if moved else None,
            cancel_reason=data.get("cancel_reason") or None,
        )


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


def decide_transition(order: Order, requested: OrderStatus | str,
                      reason: str | None = None) -> StatusDecision:
    """Decide moving a stored ``order`` to ``requested``; raise StatusRefused.

    ``reason`` is told to the customer when the order is cancelled; an anonymised
    order (its customer's data erased) moves, but nobody is told.
    """
    assert order.number is not None, "only a stored order has a status to move"
    target = parse_status(requested)
    current = order.status
    if current is target:
        return StatusDecision(order.number, current, target, None)
    if not can_move(current, target):
        raise StatusRefused(status_texts.refused(order.number, current, target))
    given = (reason or "").strip()[:MAX_CANCEL_REASON_CHARS] or None
    message = None if order.anonymous else status_texts.customer_update(
        order.number, order.customer_name, target, given)
    return StatusDecision(order.number, current, target, message)
