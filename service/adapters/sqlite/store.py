"""The embedded store: one SQLite file (WAL) holding menu, conversations, orders and outbox.

Every write runs in ``BEGIN IMMEDIATE``, so several worker processes can share the
file: writers queue on SQLite's lock instead of failing on a stale read. Each process
writes through one connection (its statements prepared once, its pages cached), after
taking the file's :class:`ProcessLock`, so writers of different processes hand over
without SQLite's sleeps; the log is checkpointed off the writer's time
(:mod:`.checkpoint`). Old message ids and delivered outbox entries are pruned in
the background (:mod:`.retention`).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from service.adapters.sqlite.checkpoint import Checkpointer
from service.adapters.sqlite.process_lock import ProcessLock
from service.adapters.sqlite.restaurant import SqliteRestaurantQueries, SqliteRestaurantUnitOfWork
from service.adapters.sqlite.retention import prune_outbox, prune_processed_messages
from service.adapters.sqlite.schema import (
    BUSY_TIMEOUT_SECONDS,
    INDEXES,
    SCHEMA,
    connect,
    tune_writer,
)
from service.adapters.sqlite.unit_of_work import dumps
from service.application.ports import OutboundMessage, PendingMessage, RestaurantWork
from service.clock import Clock, utcnow
from service.domain.conversation import to_iso
from service.domain.menu import Menu, parse_menu
from service.domain.order import Order

__all__ = ["MESSAGE_IDS_RETENTION", "OUTBOX_RETENTION", "SqliteStore"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Defaults of PROCESSED_MESSAGES_RETENTION_HOURS and OUTBOX_RETENTION_DAYS.
MESSAGE_IDS_RETENTION = timedelta(hours=72)
OUTBOX_RETENTION = timedelta(days=7)
# How often a writing process looks for rows to prune, and how many rows of each
# kind one short transaction deletes (a few milliseconds, between messages).
PRUNE_INTERVAL = timedelta(minutes=10)
PRUNE_BATCH = 500


class SqliteStore(SqliteRestaurantQueries):
    """Store (all ports) on one SQLite file; safe across threads and processes."""

    def __init__(
        self,
        path: str | Path,
        *,
        clock: Clock = utcnow,
        message_ids_retention: timedelta = MESSAGE_IDS_RETENTION,
        outbox_retention: timedelta = OUTBOX_RETENTION,
    ) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self.message_ids_retention = message_ids_retention
        self.outbox_retention = outbox_retention
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # Writers of this process queue here and wake at once; writers of other
        # processes queue on the process lock, which hands over in microseconds.
        self._write_lock = threading.Lock()
        self._process_lock = ProcessLock(self.path.with_name(self.path.name + ".lock"),
                                         BUSY_TIMEOUT_SECONDS)
        self._writer: sqlite3.Connection | None = None
        self._checkpointer = Checkpointer(self.path)
        self._next_prune: datetime | None = None  # None: at the first write
        self._pruner: threading.Thread | None = None
        self._closing = threading.Event()
        self._conn().executescript(SCHEMA)
        self._conn().executescript(INDEXES)

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _writer_conn(self) -> sqlite3.Connection:
        """The connection this process writes with (call holding the write lock)."""
        if self._writer is None:
            self._writer = connect(self.path)
            tune_writer(self._writer)
            with self._lock:
                self._connections.append(self._writer)
        return self._writer

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._write_lock, self._process_lock:
            conn = self._writer_conn()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
                self._checkpointer.committed()
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    # Transactions

    def run(self, work: RestaurantWork[T]) -> T:
        """Run ``work`` in one write transaction; roll back everything if it raises."""
        now = self._clock()
        with self._write() as conn:
            result = work(SqliteRestaurantUnitOfWork(conn, now))
        self._prune_when_due(now)
        return result

    # Retention

    def prune(self, now: datetime | None = None) -> dict[str, int]:
        """Delete message ids and delivered outbox entries past their retention; count them.

        Deletes in batches, each its own short transaction, so messages keep flowing.
        """
        now = now or self._clock()
        ids_before = to_iso(now - self.message_ids_retention)
        outbox_before = to_iso(now - self.outbox_retention)
        pruned = {"processed_messages": 0, "outbox": 0}
        while not self._closing.is_set():
            with self._write() as conn:
                ids = prune_processed_messages(conn, ids_before, PRUNE_BATCH)
                entries = prune_outbox(conn, outbox_before, PRUNE_BATCH)
            pruned["processed_messages"] += ids
            pruned["outbox"] += entries
            if ids < PRUNE_BATCH and entries < PRUNE_BATCH:
                break
        return pruned

    def _prune_when_due(self, now: datetime) -> None:
        """Every PRUNE_INTERVAL, prune in a background thread (never on the caller's time)."""
        if self._next_prune is not None and now < self._next_prune:
            return
        with self._lock:
            if (self._next_prune is not None and now < self._next_prune) or (
                self._pruner is not None and self._pruner.is_alive()
            ):
                return
            self._next_prune = now + PRUNE_INTERVAL
            self._pruner = threading.Thread(target=self._prune_in_background, args=(now,),
                                            name="sqlite-prune", daemon=True)
            self._pruner.start()

    def _prune_in_background(self, now: datetime) -> None:
        try:
            pruned = self.prune(now)
        except Exception:
            logger.exception("pruning old message ids and outbox entries failed")
            return
        if any(pruned.values()):
            logger.info("pruned %d message ids and %d delivered outbox entries",
                        pruned["processed_messages"], pruned["outbox"])

    def wait_for_pruning(self, timeout: float = 30.0) -> None:
        """Return once a background prune (if one is running) has finished."""
        pruner = self._pruner
        if pruner is not None:
            pruner.join(timeout)

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
        """Stop pruning, close every connection this store opened and the lock file."""
        self._closing.set()
        self.wait_for_pruning()
        self._checkpointer.close()
        with self._write_lock, self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
            self._writer = None
        self._local = threading.local()
        self._process_lock.close()
