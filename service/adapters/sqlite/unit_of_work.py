"""One SQLite transaction as a unit of work: storage verbs on an open ``BEGIN IMMEDIATE``."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from service.adapters.documents import dumps, loads
from service.application.ports import OutboundMessage
from service.domain.conversation import Conversation, to_iso
from service.domain.order import Order

__all__ = ["SqliteUnitOfWork"]


class SqliteUnitOfWork:
    """The UnitOfWork of one transaction on ``conn`` (the caller begins and ends it)."""

    def __init__(self, conn: sqlite3.Connection, now: datetime) -> None:
        self._conn = conn
        self._now = to_iso(now)
        # An order was placed: its commit must survive a power loss (synchronous=FULL).
        self.durable = False

    def _document(self, sql: str, key: object) -> dict[str, Any] | None:
        row = self._conn.execute(sql, (key,)).fetchone()
        return loads(row[0]) if row else None

    def seen_replies(self, phone: str, message_id: str) -> tuple[str, ...] | None:
        row = self._conn.execute(
            "SELECT replies FROM processed_messages WHERE phone = ? AND message_id = ?",
            (phone, message_id),
        ).fetchone()
        return tuple(loads(row[0])) if row else None

    def mark_seen(self, phone: str, message_id: str, replies: Sequence[str]) -> None:
        self._conn.execute(
            "INSERT INTO processed_messages (message_id, phone, replies, created_at) "
            "VALUES (?, ?, ?, ?)",
            (message_id, phone, dumps(list(replies)), self._now),
        )

    def get_conversation(self, phone: str) -> Conversation | None:
        document = self._document("SELECT document FROM conversations WHERE phone = ?", phone)
        return Conversation.from_dict(document) if document else None

    def save_conversation(self, conversation: Conversation) -> None:
        self._conn.execute(
            "INSERT INTO conversations (phone, document, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (phone) DO UPDATE SET document = excluded.document, "
            "updated_at = excluded.updated_at",
            (conversation.phone, dumps(conversation.to_dict()), self._now),
        )

    def get_order(self, number: int) -> Order | None:
        document = self._document("SELECT document FROM orders WHERE number = ?", number)
        return Order.from_dict(document) if document else None

    def add_order(self, order: Order) -> Order:
        row = self._conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM orders").fetchone()
        numbered = order.numbered(int(row[0]))
        self.durable = True
        self._conn.execute(
            "INSERT INTO orders (number, status, phone, document, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (numbered.number, numbered.status.value, numbered.phone,
             dumps(numbered.to_dict()), to_iso(numbered.created_at)),
        )
        return numbered

    def save_order(self, order: Order) -> None:
        self._conn.execute(
            "UPDATE orders SET status = ?, document = ? WHERE number = ?",
            (order.status.value, dumps(order.to_dict()), order.number),
        )

    def enqueue(self, message: OutboundMessage) -> None:
        self._conn.execute(
            "INSERT INTO outbox (id, recipient, body, purpose, due_at, created_at, seq, "
            "order_number, media_url) "
            "VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox), ?, ?)",
            (uuid.uuid4().hex, message.to, message.body, message.purpose, self._now, self._now,
             message.order_number, message.media_url),
        )
