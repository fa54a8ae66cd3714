"""History for the webhook benchmark: a SQLite file holding N past orders, and the cost of a step.

``seed_history(path, orders)`` bulk-inserts, through the store's own schema, what N
orders leave behind: the orders, a conversation per customer (three orders each),
the messages that led to them (as processed message ids, all still inside the
retention period, so none is pruned) and their sent notifications (kitchen and
"saiu para entrega"). ``time_steps`` then walks fresh customers through a whole
order in-process and reports the median time of each step, to show what grows
with history.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import time
import uuid
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from service.adapters.memory.store import MemoryStore
from service.adapters.recording_messenger import RecordingMessenger
from service.adapters.sqlite.store import SqliteStore
from service.bootstrap import bootstrap
from service.clock import utcnow
from service.domain.conversation import Inbound, to_iso
from service.domain.menu import Menu
from service.settings import Settings

__all__ = ["CONVERSATION", "EXPECTED", "seed_history", "time_steps"]

KITCHEN = "whatsapp:+5511900000000"
# A whole order, message by message, and a text each reply must contain.
CONVERSATION = (
    ("boa noite", "Para ver o que temos hoje"),
    ("cardápio", "pelo nome ou pelo n"),
    ("quero 2 feijoadas sem farofa e uma coca lata", "carrinho: *R$\u00a075,80*"),
    ("mais um pudim", "carrinho: *R$\u00a084,80*"),
    ("carrinho", "Seu carrinho"),
    ("finalizar", "Qual o endere"),
    ("Rua das Flores, 123, Centro", "Como vai pagar"),
    ("pix", "Confirma o pedido?"),
    ("sim", "confirmado!"),
)
EXPECTED = tuple(text for _, text in CONVERSATION)
_ORDERS_PER_CUSTOMER = 3
_ROWS_PER_CHUNK = 20_000


def _settings(path: Path) -> Settings:
    return Settings(_env_file=None, environment="development",  # type: ignore[call-arg]
                    sqlite_path=path, kitchen_whatsapp_number=KITCHEN)


def _sample(menu: Menu) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """One real order, the conversation after it, and the replies of its messages."""
    store = MemoryStore()
    store.save_menu(menu)
    container = bootstrap(_settings(Path("unused.sqlite3")), store=store,
                          messenger=RecordingMessenger())
    phone = "whatsapp:+5511900001111"
    replies = []
    for text, _ in CONVERSATION:
        answer = container.inbound.handle(Inbound(phone, text, uuid.uuid4().hex, "Cliente"))
        replies.append(json.dumps(list(answer), ensure_ascii=False))
    [order] = store.list_orders()
    conversation = store.run(lambda uow: uow.get_conversation(phone))
    assert conversation is not None
    return order.to_dict(), conversation.to_dict(), replies


def _chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == _ROWS_PER_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def seed_history(path: Path, menu: Menu, orders: int) -> float:
    """Store ``menu`` and ``orders`` past orders with what they leave behind; return seconds."""
    started = time.perf_counter()
    SqliteStore(path).close()  # the schema, as the store makes it
    order, conversation, replies = _sample(menu)
    now = utcnow()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    customers = orders // _ORDERS_PER_CUSTOMER + 1

    def phone(customer: int) -> str:
        return f"whatsapp:+55219{customer:08d}"

    def when(number: int) -> str:
        # Spread over the last day: all within any retention period.
        return to_iso(now - timedelta(seconds=86_400 * (orders - number) / max(orders, 1)))

    def order_rows() -> Iterator[tuple[Any, ...]]:
        for number in range(1, orders + 1):
            customer = phone(number % customers).removeprefix("whatsapp:")
            document = {**order, "number": number, "phone": customer, "status": "entregue",
                        "created_at": when(number)}
            yield (number, "entregue", customer, json.dumps(document, ensure_ascii=False),
                   when(number))

    def message_rows() -> Iterator[tuple[Any, ...]]:
        for number in range(1, orders + 1):
            for step, reply in enumerate(replies):
                yield (f"SMhistory{number:012d}x{step}", phone(number % customers), reply,
                       when(number))

    def outbox_rows() -> Iterator[tuple[Any, ...]]:
        for number in range(1, orders + 1):
            for offset, (to, purpose) in enumerate(((KITCHEN, "kitchen"),
                                                    (phone(number % customers), "customer"))):
                yield (uuid.uuid4().hex, to, f"Pedido #{number}", purpose, "sent", 1,
                       when(number), "SM" + uuid.uuid4().hex, when(number), 2 * number + offset)

    def conversation_rows() -> Iterator[tuple[Any, ...]]:
        for customer in range(customers):
            document = {**conversation, "phone": phone(customer)}
            yield phone(customer), json.dumps(document, ensure_ascii=False), to_iso(now)

    statements = (
        ("INSERT INTO orders (number, status, phone, document, created_at) "
         "VALUES (?, ?, ?, ?, ?)", order_rows()),
        ("INSERT INTO processed_messages (message_id, phone, replies, created_at) "
         "VALUES (?, ?, ?, ?)", message_rows()),
        ("INSERT INTO outbox (id, recipient, body, purpose, status, attempts, due_at, "
         "provider_id, created_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", outbox_rows()),
        ("INSERT INTO conversations (phone, document, updated_at) VALUES (?, ?, ?)",
         conversation_rows()),
    )
    for sql, rows in statements:
        for chunk in _chunks(rows):
            conn.executemany(sql, chunk)
    conn.execute("COMMIT")
    conn.close()
    store = SqliteStore(path)
    store.save_menu(menu)
    store.close()
    return time.perf_counter() - started


def time_steps(path: Path, customers: int = 30) -> list[float]:
    """Median milliseconds of each step for ``customers`` new customers, in-process."""
    store = SqliteStore(path)
    container = bootstrap(_settings(path), store=store, messenger=RecordingMessenger())
    container.menus.current()  # build the parser index before timing
    times: list[list[float]] = [[] for _ in CONVERSATION]
    try:
        for customer in range(customers):
            phone = f"whatsapp:+55319{customer:08d}"
            for step, (text, expected) in enumerate(CONVERSATION):
                inbound = Inbound(phone, text, uuid.uuid4().hex, "Cliente")
                began = time.perf_counter()
                answer = container.inbound.handle(inbound)
                times[step].append(time.perf_counter() - began)
                if expected not in "\n".join(answer):
                    raise RuntimeError(f"step {text!r} answered {answer!r}")
    finally:
        container.close()
        store.close()
    return [statistics.median(step) * 1000 for step in times]


def confirm_step(medians: Sequence[float]) -> float:
    """The confirmation step's median, from :func:`time_steps`."""
    return medians[-1]


def other_steps(medians: Sequence[float]) -> float:
    """The median of the other steps, from :func:`time_steps`."""
    return statistics.median(medians[:-1])

