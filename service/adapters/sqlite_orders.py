"""Moving an order's status on SQLite, with the customer's conversation and outbox entry.

Runs on a connection inside an open write transaction (``BEGIN IMMEDIATE``), either
the store's own or the one an inbound kitchen message is applied in.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

from service.domain.order_status import customer_address, decide_transition
from service.ports import StatusUpdate

__all__ = ["change_status"]


def _load(conn: sqlite3.Connection, sql: str, key: object) -> dict[str, Any] | None:
    row = conn.execute(sql, (key,)).fetchone()
    return json.loads(row[0]) if row else None


def change_status(conn: sqlite3.Connection, number: int, status: str,
                  now: str) -> StatusUpdate | None:
    """Move order ``number`` to ``status``; StatusRefused leaves everything as it was."""
    order = _load(conn, "SELECT document FROM orders WHERE number = ?", number)
    if order is None:
        return None
    decision = decide_transition(order, status)
    if not decision.changed:
        return StatusUpdate(order, decision.previous.value, changed=False, customer_notified=False)
    order = {**order, "status": decision.status.value, "status_updated_at": now}
    conn.execute(
        "UPDATE orders SET status = ?, document = ? WHERE number = ?",
        (decision.status.value, json.dumps(order, ensure_ascii=False), number),
    )
    address = customer_address(order)
    conversation = _load(conn, "SELECT document FROM conversations WHERE phone = ?", address)
    if conversation is not None and conversation.get("last_order_number") == number:
        conversation["last_order_status"] = decision.status.value
        conn.execute(
            "UPDATE conversations SET document = ? WHERE phone = ?",
            (json.dumps(conversation, ensure_ascii=False), address),
        )
    if decision.customer_message:
        conn.execute(
            "INSERT INTO outbox (id, recipient, body, purpose, due_at, created_at, seq) "
            "VALUES (?, ?, ?, 'customer', ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox))",
            (uuid.uuid4().hex, address, decision.customer_message, now, now),
        )
    return StatusUpdate(order, decision.previous.value, changed=True,
                        customer_notified=decision.customer_message is not None)
