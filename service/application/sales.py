"""Sales for the panel: a day's orders, its summary and its CSV export.

The CSV is written for a Brazilian spreadsheet: ``;`` between fields, a decimal
comma, UTF-8 with a byte-order mark (so Excel reads the accents), one row per order.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from zoneinfo import ZoneInfo

from service.application.ports import RestaurantQueries
from service.domain import status_texts
from service.domain.local_time import day_bounds
from service.domain.order import Order
from service.domain.sales import DaySales, summarise

__all__ = ["CSV_COLUMNS", "PAYMENT_LABELS", "SalesService", "orders_csv"]

PAYMENT_LABELS = {
    "pix": "Pix",
    "cartao": "Cartão",
    "dinheiro": "Dinheiro",
    "vale_refeicao": "Vale-refeição",
}
CSV_COLUMNS = (
    "pedido", "data", "hora", "status", "cliente", "itens", "subtotal", "taxa_entrega",
    "total", "pagamento", "troco_para", "motivo_cancelamento",
)


# A cell starting with one of these is a formula to a spreadsheet; customers choose
# their WhatsApp name and notes, so such text is prefixed with an apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _reais(cents: int | None) -> str:
    if cents is None:
        return ""
    return f"{cents // 100},{cents % 100:02d}" if cents >= 0 else "-" + _reais(-cents)


def orders_csv(orders: list[Order], zone: ZoneInfo) -> str:
    """The orders as CSV text (the byte-order mark included)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for order in orders:
        local = order.created_at.astimezone(zone)
        items = ", ".join(
            f"{line.quantity}x {line.name}" + (f" ({line.note})" if line.note else "")
            for line in order.lines
        )
        writer.writerow((
            order.number, f"{local:%d/%m/%Y}", f"{local:%H:%M}", status_texts.label(order.status),
            _text(order.customer_name), _text(items), _reais(order.subtotal_cents),
            _reais(order.delivery_fee_cents), _reais(order.total_cents),
            PAYMENT_LABELS.get(order.payment.method.value, order.payment.method.value),
            _reais(order.payment.change_for_cents), _text(order.cancel_reason or ""),
        ))
    return out.getvalue()


class SalesService:
    """A day's orders and sales, read outside any transaction."""

    def __init__(self, store: RestaurantQueries) -> None:
        self._store = store

    def orders_of(self, day: date, zone: ZoneInfo) -> list[Order]:
        """The orders created on the restaurant's ``day``, oldest first."""
        start, end = day_bounds(day, zone)
        return self._store.orders_created_between(start, end)

    def summary(self, day: date, zone: ZoneInfo) -> DaySales:
        """The day's sales."""
        return summarise(self.orders_of(day, zone), day, zone)

    def csv(self, day: date, zone: ZoneInfo) -> str:
        """The day's orders as CSV."""
        return orders_csv(self.orders_of(day, zone), zone)
