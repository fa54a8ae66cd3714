"""What the engine decided that the application must carry out (store, notify)."""

from __future__ import annotations

from dataclasses import dataclass

from service.domain.order import Order

__all__ = [
    "DataErasureConfirmed", "Event", "HumanRequested", "OrderCancelRequested", "OrderPlaced",
    "PixReceiptReceived",
]


@dataclass(frozen=True)
class OrderPlaced:
    """The customer confirmed: store this order (without a number yet) and tell the kitchen."""

    order: Order  # without a number yet
    order_text: str  # items and totals as the customer confirmed them
    payment_text: str
    estimate: str = ""  # how long until it arrives (or is ready to pick up), as confirmed


@dataclass(frozen=True)
class HumanRequested:
    """A person must take over: the customer asked, or the assistant kept not understanding."""

    phone: str
    customer_name: str
    # "asked" | "not_understood" | "cancel_order" (too late to cancel) | "change_address"
    # (a new address for the order just placed)
    reason: str = "asked"


@dataclass(frozen=True)
class DataErasureConfirmed:
    """The customer confirmed they want their data erased (LGPD): erase it on every store."""

    phone: str


@dataclass(frozen=True)
class OrderCancelRequested:
    """The customer confirmed cancelling their last order (status "novo" when they asked)."""

    phone: str
    number: int


@dataclass(frozen=True)
class PixReceiptReceived:
    """An image after a Pix order: the receipt. The kitchen is told (and shown the images)."""

    phone: str
    customer_name: str
    number: int
    media_urls: tuple[str, ...] = ()


Event = (OrderPlaced | HumanRequested | DataErasureConfirmed | OrderCancelRequested
         | PixReceiptReceived)
