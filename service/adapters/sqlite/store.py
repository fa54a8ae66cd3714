"""The embedded store: one SQLite file (WAL) holding menu, conversations, orders and outbox.

Every write runs in ``BEGIN IMMEDIATE``, so several worker processes can share the
file: writers queue on SQLite's lock instead of failing on a stale read.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from service.adapters.sqlite.restaurant import SqliteRestaurantQueries, SqliteRestaurantUnitOfWork
from service.adapters.sqlite.schema import SCHEMA, add_missing_columns, connect
from service.adapters.sqlite.unit_of_work import dumps
from service.application.ports import OutboundMessage, PendingMessage, RestaurantWork
from service.clock import Clock, utcnow
from service.domain.conversation import to_iso
from service.domain.menu import Menu, parse_menu
from service.domain.order import Order

__all__ = ["SqliteStore"]

T = TypeVar("T")


class SqliteStore(SqliteRestaurantQueries):
    """Store (all ports) on one SQLite file; safe across threads and processes."""

    def __init__(self, path: str | Path, *, clock: Clock = utcnow) -> None:
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
        with self._write() as conn:
            add_missing_columns(conn)

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

    # Transactions

    def run(self, work: RestaurantWork[T]) -> T:
        """Run ``work`` in one write transaction; roll back everything if it raises."""
        with self._write() as conn:
            return work(SqliteRestaurantUnitOfWork(conn, self._clock()))

    # MenuStore

    def load_menu(self) -> Menu | None:
        """The stored menu, or None."""
        row = self._conn().execute("SELECT document FROM menu WHERE id = 1").fetchone()
        return parse_menu(json.loads(row[0])) if row else None

    def save_menu(self, menu: Menu) -> None:
        """Replace the menu (nothing is written when it is the same)."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO menu (id, document, version, updated_at) VALUES (1, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET document = excluded.document, "
                "version = excluded.version, updated_at = excluded.updated_at "
                "WHERE menu.version != excluded.version",
                (dumps(menu.to_dict()), menu.version, to_iso(self._clock())),
            )

    def menu_version(self) -> str | None:
        """The stored menu's content hash."""
        row = self._conn().execute("SELECT version FROM menu WHERE id = 1").fetchone()
        return str(row[0]) if row else None

    # OrderQueries

    def list_orders(self, limit: int = 100) -> list[Order]:
        """Most recent orders first."""
        rows = self._conn().execute(
            "SELECT document FROM orders ORDER BY number DESC LIMIT ?", (limit,)
        ).fetchall()
        return [Order.from_dict(json.loads(row[0])) for row in rows]

    def get_order(self, number: int) -> Order | None:
        """One order by number."""
        row = self._conn().execute(
            "SELECT document FROM orders WHERE number = ?", (number,)
        ).fetchone()
        return Order.from_dict(json.loads(row[0])) if row else None

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
                f"SELECT id, recipient, body, purpose, attempts, media_url {due} "
                "ORDER BY seq LIMIT ?",
                (stamp, stamp, limit),
            ).fetchall()
            for row in rows:
                conn.execute(
                    "UPDATE outbox SET lease_until = ?, attempts = attempts + 1 WHERE id = ?",
                    (until, row[0]),
                )
        return [
            PendingMessage(id=row[0], message=OutboundMessage(row[1], row[2], row[3], row[5]),
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
