"""The kitchen's "pedidos": open orders of the Brazilian day, on a real SQLite store."""

from __future__ import annotations

from datetime import UTC, datetime

from service.adapters.sqlite.store import SqliteStore
from service.application.kitchen import KitchenService
from service.application.orders import OrderService
from service.domain.conversation import from_iso
from tests.builders import inbound, order

KITCHEN = "whatsapp:+5511900000000"


def place(store: SqliteStore, created_at: str, name: str, n: int) -> None:
    placed = order(number=None, name=name, phone=f"+55119111111{n:02d}", total_cents=4350,
                   created_at=from_iso(created_at))
    store.run(lambda uow: uow.add_order(placed))


def test_pedidos_lists_todays_open_orders_in_brasilia_time(sqlite_store: SqliteStore):
    # 21:30 in Brasília on 6 March is 00:30 UTC on 7 March.
    now = datetime(2026, 3, 7, 0, 30, tzinfo=UTC)
    place(sqlite_store, "2026-03-06T02:59:00.000000+00:00", "Ontem Tarde", 1)  # 23:59 of the 5th
    place(sqlite_store, "2026-03-06T03:01:00.000000+00:00", "Ana Lima", 2)  # 00:01 of the 6th
    place(sqlite_store, "2026-03-06T22:00:00.000000+00:00", "Bruno Dias", 3)
    place(sqlite_store, "2026-03-06T23:00:00.000000+00:00", "Carla Reis", 4)
    OrderService(sqlite_store).change_status(3, "entregue")
    OrderService(sqlite_store).change_status(4, "em_preparo")
    kitchen = KitchenService(sqlite_store, KITCHEN, clock=lambda: now)
    [reply] = kitchen.handle(inbound("Pedidos", phone=KITCHEN, message_id="SM-list"))
    lines = reply.splitlines()
    assert lines[0] == "📋 *Pedidos abertos hoje* (2)"
    assert lines[1].startswith("#2 novo — Ana — R$") and "43,50" in lines[1]
    assert lines[2].startswith("#4 em preparo — Carla")
    assert "Ontem" not in reply and "Bruno" not in reply
