"""What the engine decided that the application must carry out (store, notify)."""

from __future__ import annotations

from dataclasses import dataclass

from service.domain.order import Order

__all__ = ["Event", "HumanRequested", "OrderPlaced"]


@dataclass(frozen=True)
class OrderPlaced:
    """The customer confirmed: store this order (without a number yet) and tell the kitchen."""

    order: Order  # without a number yet
    order_text: str  # items and totals as the customer confirmed them
    payment_text: str


@dataclass(frozen=True)
class HumanRequested:
    """The customer asked to talk to a person: tell the kitchen."""

    phone: str
    customer_name: str


Event = OrderPlaced | HumanRequested
