"""Status-change benchmark: one order moved (with conversation and outbox) against one order read.

``python -m benchmarks.status_change [--orders N]`` runs on a temporary SQLite file;
with ``--firestore`` it runs on the Firestore emulator named by
``FIRESTORE_EMULATOR_HOST`` (a fresh project per run). Machines are noisy: compare
the ratio to the read, measured in the same run, not the absolute times.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from nlu import PaymentMethod
from service.application.orders import OrderService
from service.application.ports import Store, UnitOfWork
from service.clock import utcnow
from service.domain.conversation import Address, Conversation
from service.domain.order import Order, OrderLine, Payment

PHONE = "whatsapp:+5511987654321"
ORDER = Order(phone=PHONE.removeprefix("whatsapp:"), customer_name="Maria Souza",
              lines=(OrderLine("pudim", "Pudim", 1, 1000),), delivery_fee_cents=0,
              address=Address("Rua das Flores, 123"), payment=Payment(PaymentMethod.PIX),
              created_at=utcnow())


def _median_ms(action: Callable[[int], object], numbers: range) -> float:
    times = []
    for number in numbers:
        started = time.perf_counter()
        action(number)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def run(store: Store, orders: int) -> str:
    """Place ``orders`` orders, then time reads, status changes and repeated (no-op) changes."""

    def place(uow: UnitOfWork) -> None:
        placed = uow.add_order(ORDER)
        uow.save_conversation(Conversation(PHONE, last_order_number=placed.number))

    for _ in range(orders):
        store.run(place)
    service = OrderService(store)
    numbers = range(1, orders + 1)
    read = _median_ms(store.get_order, numbers)
    change = _median_ms(lambda n: service.change_status(n, "saiu_para_entrega"), numbers)
    repeat = _median_ms(lambda n: service.change_status(n, "saiu_para_entrega"), numbers)
    return (f"{type(store).__name__}, {orders} orders, medians: read {read:.2f} ms; "
            f"status change {change:.2f} ms ({change / read:.1f}x a read); "
            f"repeated status {repeat:.2f} ms ({repeat / read:.1f}x)\n")


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.status_change")
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--firestore", action="store_true")
    args = parser.parse_args(argv)
    store: Store
    if args.firestore:
        from google.cloud import firestore

        from service.adapters.firestore.store import FirestoreStore

        client = firestore.Client(project=f"demo-bench-{uuid.uuid4().hex[:8]}")
        store = FirestoreStore(client, "bench")
    else:
        from service.adapters.sqlite.store import SqliteStore

        store = SqliteStore(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    try:
        sys.stdout.write(run(store, args.orders))
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
