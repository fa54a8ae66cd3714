"""The embedded store: one SQLite file (WAL) holding menu, conversations, orders and outbox.

Every write runs in ``BEGIN IMMEDIATE``, so several worker processes can share the
file: writers queue on SQLite's lock instead of failing on a stale read.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from service.adapters.sqlite.restaurant import SqliteRestaurantQueries, SqliteRestaurantUnitOfWork
from service.adapters.sqlite.schema import SCHEMA, connect, migrate
from service.adapters.sqlite.unit_of_work import dumps, seen_replies
from service.application.ports import (
    OutboundMessage,
    PendingMessage,
    RestaurantWork,
    UndeliveredMessage,
)
from service.clock import Clock, utcnow
from service.domain.conversation import from_iso, to_iso
from service.domain.menu import Menu, parse_menu
from service.domain.order import Order

__all__ = ["SqliteStore"]

T = TypeVar("T")

# An entry not yet delivered: given up, or pending after at least one failure.
_UNDELIVERED = "(status = 'failed' OR (status = 'pending' AND last_error IS NOT NULL))"
_UNDELIVERED_COLUMNS = (
    "id, recipient, body, purpose, order_number, status, attempts, last_error, "
    "COALESCE(queued_at, created_at), failed_at, reported_at"
)


def _undelivered(row: Sequence[Any]) -> UndeliveredMessage:
    message = OutboundMessage(row[1], row[2], row[3], row[4])
    return UndeliveredMessage(
        id=row[0], message=message, status="failed" if row[5] == "failed" else "retrying",
        attempts=int(row[6]), last_error=row[7], queued_at=from_iso(row[8]),
        failed_at=from_iso(row[9]) if row[9] else None, reported=row[10] is not None,
    )


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
        conn = self._conn()
        conn.executescript(SCHEMA)
        migrate(conn)
        conn.executescript(SCHEMA)  # what a rebuilt table lost (its indexes) comes back

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

    def _sync_wal(self) -> None:
        """Wait until the last commit is on disk: what synchronous=FULL does at each commit.

        SQLite refuses to change ``synchronous`` inside a transaction, and only the
        work knows whether it places an order; so a commit that did is followed by an
        fsync of the write-ahead log (of the database file, if a checkpoint removed it).
        """
        for path in (self.path.with_name(self.path.name + "-wal"), self.path):
            try:
                fd = os.open(path, os.O_RDONLY)
            except FileNotFoundError:
                continue
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            return

    # Transactions

    def run(self, work: RestaurantWork[T]) -> T:
        """Run ``work`` in one write transaction; roll back everything if it raises.

        A transaction that placed an order is on disk before this returns (the
        customer's confirmation and the order number survive a power loss).
        """
        with self._write() as conn:
            uow = SqliteRestaurantUnitOfWork(conn, self._clock())
            result = work(uow)
        if uow.durable:
            self._sync_wal()
        return result

    def claim_message(self, phone: str, message_id: str, wait: float) -> tuple[str, ...] | None:
        """The stored replies of an applied message (a read outside the write lock)."""
        return seen_replies(self._conn(), phone, message_id)

    def release_message(self, phone: str, message_id: str) -> None:
        """Nothing is claimed ahead of the transaction: writers queue on the file's lock."""

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
        """Lease up to ``limit`` due messages, oldest first, each under a token of its own."""
        stamp, until = to_iso(now), to_iso(now + lease)
        due = (
            "FROM outbox WHERE status = 'pending' AND due_at <= ? "
            "AND (lease_until IS NULL OR lease_until <= ?)"
        )
        # A read first: the worker polls, and most polls have nothing to send.
        if self._conn().execute(f"SELECT 1 {due} LIMIT 1", (stamp, stamp)).fetchone() is None:
            return []
        claimed = []
        with self._write() as conn:
            rows = conn.execute(
                "SELECT id, recipient, body, purpose, attempts, order_number, parts_sent, "
                f"COALESCE(queued_at, created_at), media_url {due} ORDER BY seq LIMIT ?",
                (stamp, stamp, limit),
            ).fetchall()
            for row in rows:
                claim = uuid.uuid4().hex
                conn.execute(
                    "UPDATE outbox SET lease_until = ?, claim = ?, attempts = attempts + 1 "
                    "WHERE id = ?",
                    (until, claim, row[0]),
                )
                message = OutboundMessage(row[1], row[2], row[3], row[5], row[8])
                claimed.append(PendingMessage(row[0], message, row[4] + 1, claim, row[6],
                                              from_iso(row[7])))
        return claimed

    def renew(self, message_id: str, claim: str, until: datetime,
              parts_sent: int | None = None) -> bool:
        """Extend the lease while ``claim`` still holds the message."""
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE outbox SET lease_until = ?, parts_sent = COALESCE(?, parts_sent) "
                "WHERE id = ? AND claim = ? AND status = 'pending'",
                (to_iso(until), parts_sent, message_id, claim),
            )
            return cursor.rowcount == 1

    def mark_sent(self, message_id: str, provider_id: str | None = None) -> None:
        """Never send this message again."""
        with self._write() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'sent', provider_id = ?, lease_until = NULL, "
                "claim = NULL WHERE id = ?",
                (provider_id, message_id),
            )

    def mark_failed(self, message_id: str, error: str, retry_at: datetime | None, *,
                    claim: str | None = None, now: datetime | None = None) -> None:
        """Retry at ``retry_at``, or give up for good when it is None."""
        held = "WHERE id = ? AND status = 'pending' AND (? IS NULL OR claim = ?)"
        with self._write() as conn:
            if retry_at is None:
                conn.execute(
                    "UPDATE outbox SET status = 'failed', last_error = ?, failed_at = ?, "
                    f"lease_until = NULL, claim = NULL {held}",
                    (error, to_iso(now or self._clock()), message_id, claim, claim),
                )
            else:
                conn.execute(
                    "UPDATE outbox SET due_at = ?, last_error = ?, lease_until = NULL, "
                    f"claim = NULL {held}",
                    (to_iso(retry_at), error, message_id, claim, claim),
                )

    def undelivered(self, limit: int = 100) -> list[UndeliveredMessage]:
        """Messages given up or failing, oldest first."""
        rows = self._conn().execute(
            f"SELECT {_UNDELIVERED_COLUMNS} FROM outbox WHERE {_UNDELIVERED} "
            "ORDER BY seq LIMIT ?",
            (limit,),
        ).fetchall()
        return [_undelivered(row) for row in rows]

    def mark_reported(self, message_ids: Sequence[str], now: datetime) -> None:
        """The kitchen was told these messages failed."""
        with self._write() as conn:
            conn.executemany("UPDATE outbox SET reported_at = ? WHERE id = ?",
                             [(to_iso(now), message_id) for message_id in message_ids])

    def redrive(self, message_ids: Sequence[str] | None, now: datetime) -> int:
        """Queue undelivered messages again, due now, with a fresh age (not those in flight)."""
        stamp = to_iso(now)
        chosen = f"{_UNDELIVERED} AND (lease_until IS NULL OR lease_until <= ?)"
        reset = (
            "UPDATE outbox SET status = 'pending', due_at = ?, queued_at = ?, attempts = 0, "
            "last_error = NULL, failed_at = NULL, reported_at = NULL, lease_until = NULL, "
            f"claim = NULL WHERE {chosen}"
        )
        with self._write() as conn:
            if message_ids is None:
                return conn.execute(reset, (stamp, stamp, stamp)).rowcount
            return sum(
                conn.execute(f"{reset} AND id = ?", (stamp, stamp, stamp, message_id)).rowcount
                for message_id in dict.fromkeys(message_ids)
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
