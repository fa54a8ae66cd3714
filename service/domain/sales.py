"""A day's sales from its orders: count, revenue, average ticket, payment split, hours, top items.

Cancelled orders are counted apart and add nothing to the money: the cash-up
adds what was sold. Hours are the restaurant's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from nlu import PaymentMethod
from service.domain.order import Order
from service.domain.order_status import OrderStatus

__all__ = ["DaySales", "ItemSales", "PaymentSales", "summarise"]

# The summary lists this many best-selling items.
TOP_ITEMS = 5


@dataclass(frozen=True)
class PaymentSales:
    """Orders and money taken by one payment method."""

    method: PaymentMethod
    orders: int
    total_cents: int


@dataclass(frozen=True)
class ItemSales:
    """Units and money sold of one item."""

    item_id: str
    name: str
    quantity: int
    total_cents: int


@dataclass(frozen=True)
class DaySales:
    """One day of sales."""

    day: date
    orders: int  # not cancelled
    cancelled: int
    revenue_cents: int  # totals of the orders not cancelled, delivery fees included
    delivery_fees_cents: int
    by_payment: tuple[PaymentSales, ...]
    by_hour: tuple[int, ...]  # 24 counts of orders (not cancelled), by the hour they came in
    top_items: tuple[ItemSales, ...]

    @property
    def average_ticket_cents(self) -> int:
        """Revenue per order (ticket médio), rounded to the centavo; 0 without orders."""
        return round(self.revenue_cents / self.orders) if self.orders else 0


def summarise(orders: Sequence[Order], day: date, zone: ZoneInfo) -> DaySales:
    """The sales of ``day`` from the orders created on it."""
    sold = [o for o in orders if o.status is not OrderStatus.CANCELLED]
    payments: dict[PaymentMethod, list[int]] = {}
    for order in sold:
        payments.setdefault(order.payment.method, []).append(order.total_cents)
    hours = [0] * 24
    for order in sold:
        hours[order.created_at.astimezone(zone).hour] += 1
    quantities: Counter[str] = Counter()
    money: Counter[str] = Counter()
    names: dict[str, str] = {}
    for order in sold:
        for line in order.lines:
            quantities[line.item_id] += line.quantity
            money[line.item_id] += line.total_cents
            names.setdefault(line.item_id, line.name)
    top = sorted(quantities, key=lambda i: (-quantities[i], -money[i], names[i]))[:TOP_ITEMS]
    return DaySales(
        day=day,
        orders=len(sold),
        cancelled=len(orders) - len(sold),
        revenue_cents=sum(o.total_cents for o in sold),
        delivery_fees_cents=sum(o.delivery_fee_cents for o in sold),
        by_payment=tuple(
            PaymentSales(method, len(payments[method]), sum(payments[method]))
            for method in PaymentMethod if method in payments
        ),
        by_hour=tuple(hours),
        top_items=tuple(ItemSales(i, names[i], quantities[i], money[i]) for i in top),
    )
