"""The embedded store: one SQLite file (WAL) holding menu, conversations, orders and outbox.

Every write runs in ``BEGIN IMMEDIATE``, so several worker processes can share the
file: writers queue on SQLite's lock instead of failing on a stale read.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from nlu.menu import Menu, parse_menu
from service.adapters.menu_diff import diff_menus, menu_version
from service.adapters.sqlite_orders import change_status
from service.adapters.sqlite_schema import SCHEMA, connect
from service.domain.conversation import to_iso
from service.ports import (
    InboundOutcome,
    InboundWork,
    MenuChange,
    OutboundMessage,
    PendingMessage,
    StatusUpdate,
)

__all__ = ["SqliteStore"]

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class _Transaction:
    """The InboundTransaction of one customer inside an open SQLite transaction."""

    def __init__(self, conn: sqlite3.Connection, phone: str, now: datetime) -> None:
        self._conn = conn
        self._phone = phone
        self._now = to_iso(now)

    def load_conversation(self) -> dict[str, Any] | None:
        row = self._conn.execute(
            "SELECT document FROM conversations WHERE phone = ?", (self._phone,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def save_conversation(self, state: dict[str, Any]) -> None:
        self._conn.execute(
            "INSERT INTO conversations (phone, document, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (phone) DO UPDATE SET document = excluded.document, "
            "updated_at = excluded.updated_at",
            (self._phone, json.dumps(state, ensure_ascii=False), self._now),
        )

    def place_order(self, order: dict[str, Any]) -> int:
        row = self._conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM orders").fetchone()
        number = int(row[0])
        document = {**order, "number": number}
        document.setdefault("status", "novo")
        document.setdefault("created_at", self._now)
        self._conn.execute(
            "INSERT INTO orders (number, status, phone, document, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                number,
                document["status"],
                document.get("phone", self._phone),
                json.dumps(document, ensure_ascii=False),
                document["created_at"],
            ),
        )
        return number

    def enqueue(self, message: OutboundMessage) -> None:
        self._conn.execute(
            "INSERT INTO outbox (id, recipient, body, purpose, due_at, created_at, seq) "
            "VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox))",
            (uuid.uuid4().hex, message.to, message.body, message.purpose, self._now, self._now),
        )

    def change_order_status(self, number: int, status: str) -> StatusUpdate | None:
        return change_status(self._conn, number, status, self._now)


class SqliteStore:
    """Store (all ports) on one SQLite file; safe across threads and processes."""

    def __init__(self, path: str | Path, *, clock: Clock = _utcnow) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # Writers of this process queue here and wake at once; only writers of other
        # processes meet SQLite's busy handler, which polls with sleeps of up to 100 ms.
        self._write_lock = threading.Lock()
        self._conn().executescript(SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # ConversationStore

    def apply_inbound(self, phone: str, message_id: str, work: InboundWork) -> InboundOutcome:
        """Run ``work`` once per message id, atomically with recording its replies."""
        with self._write() as conn:
            row = conn.execute(
                "SELECT replies FROM processed_messages WHERE message_id = ?", (message_id,)
            ).fetchone()
            if row:
                return InboundOutcome(tuple(json.loads(row[0])), duplicate=True)
            now = self._clock()
            replies = tuple(work(_Transaction(conn, phone, now)))
            conn.execute(
                "INSERT INTO processed_messages (message_id, phone, replies, created_at) "
                "VALUES (?, ?, ?, ?)",
                (message_id, phone, json.dumps(replies, ensure_ascii=False), to_iso(now)),
            )
        return InboundOutcome(replies)

    def load_conversation(self, phone: str) -> dict[str, Any] | None:
        """Read one conversation outside any inbound message (for the terminal and tests)."""
        row = self._conn().execute(
            "SELECT document FROM conversations WHERE phone = ?", (phone,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    # MenuStore

    def load_menu(self) -> Menu | None:
        """The stored menu, or None."""
        row = self._conn().execute("SELECT document FROM menu WHERE id = 1").fetchone()
        return parse_menu(json.loads(row[0])) if row else None

    def save_menu(self, menu: Menu) -> MenuChange:
        """Replace the menu; report what changed (nothing when it is the same)."""
        document = menu.to_dict()
        version = menu_version(document)
        with self._write() as conn:
            row = conn.execute("SELECT document, version FROM menu WHERE id = 1").fetchone()
            old = json.loads(row[0]) if row else None
            change = diff_menus(old, document)
            if row is None or row[1] != version:
                conn.execute(
                    "INSERT INTO menu (id, document, version, updated_at) VALUES (1, ?, ?, ?) "
                    "ON CONFLICT (id) DO UPDATE SET document = excluded.document, "
                    "version = excluded.version, updated_at = excluded.updated_at",
                    (json.dumps(document, ensure_ascii=False), version, to_iso(self._clock())),
                )
        return change

    def menu_version(self) -> str | None:
        """The stored menu's content hash."""
        row = self._conn().execute("SELECT version FROM menu WHERE id = 1").fetchone()
        return str(row[0]) if row else None

    # OrderStore

    def list_orders(self, limit: int = 100) -> list[dict[str, Any]]:
        """Most recent orders first."""
        rows = self._conn().execute(
            "SELECT document FROM orders ORDER BY number DESC LIMIT ?", (limit,)
        ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def get_order(self, number: int) -> dict[str, Any] | None:
        """One order by number."""
        row = self._conn().execute(
            "SELECT document FROM orders WHERE number = ?", (number,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def update_order_status(self, number: int, status: str) -> StatusUpdate | None:
        """Move an order, its customer's conversation and outbox entry in one transaction."""
        with self._write() as conn:
            return change_status(conn, number, status, to_iso(self._clock()))

    # Outbox

    def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[PendingMessage]:
        """Lease up to ``limit`` due messages, oldest first."""
        stamp, until = to_iso(now), to_iso(now + lease)
        due = (
            "FROM outbox WHERE status = 'pending' AND due_at <= ? "
            "AND (lease_until IS NULL OR lease_until <= ?)"
        )
        # A read first: the worker wakes after every message, and most have nothing to send.
        if self._conn().execute(f"SELECT 1 {due} LIMIT 1", (stamp, stamp)).fetchone() is None:
            return []
        with self._write() as conn:
            rows = conn.execute(
                f"SELECT id, recipient, body, purpose, attempts {due} ORDER BY seq LIMIT ?",
                (stamp, stamp, limit),
            ).fetchall()
            for row in rows:
                conn.execute(
                    "UPDATE outbox SET lease_until = ?, attempts = attempts + 1 WHERE id = ?",
                    (until, row[0]),
                )
        return [
            PendingMessage(id=row[0], message=OutboundMessage(row[1], row[2], row[3]),
                           attempts=row[4] + 1)
            for row in rows
        ]

    def mark_sent(self, message_id: str, provider_id: str | None = None) -> None:
        """Never send this message again."""
        with self._write() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'sent', provider_id = ?, lease_until = NULL "
                "WHERE id = ?",
                (provider_id, message_id),
            )

    def mark_failed(self, message_id: str, error: str, retry_at: datetime | None) -> None:
        """Retry at ``retry_at``, or give up for good when it is None."""
        with self._write() as conn:
            if retry_at is None:
                conn.execute(
                    "UPDATE outbox SET status = 'failed', last_error = ?, lease_until = NULL "
                    "WHERE id = ?",
                    (error, message_id),
                )
            else:
                conn.execute(
                    "UPDATE outbox SET due_at = ?, last_error = ?, lease_until = NULL "
                    "WHERE id = ?",
                    (to_iso(retry_at), error, message_id),
                )

    def outbox_status(self) -> dict[str, int]:
        """Count of outbox messages per status (for health checks and tests)."""
        rows = self._conn().execute(
            "SELECT status, COUNT(*) FROM outbox GROUP BY status"
        ).fetchall()
        return {str(row[0]): int(row[1]) for row in rows}

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()
