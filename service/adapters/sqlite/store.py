"""The embedded store: one SQLite file (WAL) holding menu, conversations, orders and outbox.

Every write runs in ``BEGIN IMMEDIATE``, so several worker processes can share the
file: writers queue on SQLite's lock instead of failing on a stale read. Each process
writes through one connection (its statements prepared once, its pages cached), after
taking the file's :class:`ProcessLock`, so writers of different processes hand over
without SQLite's sleeps; the log is checkpointed off the writer's time
(:mod:`.checkpoint`). Old message ids and delivered outbox entries are pruned in
the background (:mod:`.retention`).

A transaction that placed an order reaches the disk before the customer hears of it:
``run`` syncs the log after it, or, inside :meth:`SqliteStore.sync_later` (the webhook
on the event loop), leaves the wait to the caller, off the loop; callers waiting at
once share one fsync.

With ``optimistic=True`` (several web workers on one file) :meth:`SqliteStore.run`
runs the work before taking the lock and, under it, only checks its reads and
replays its writes (:mod:`.optimistic`): the workers then parse and run the
conversation engine side by side instead of in turn.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from service.adapters.documents import dumps, loads
from service.adapters.sqlite.checkpoint import Checkpointer
from service.adapters.sqlite.optimistic import Optimistic, SpeculationStats
from service.adapters.sqlite.process_lock import ProcessLock
from service.adapters.sqlite.restaurant import SqliteRestaurantQueries, SqliteRestaurantUnitOfWork
from service.adapters.sqlite.retention import prune_outbox, prune_processed_messages
from service.adapters.sqlite.schema import (
    BUSY_TIMEOUT_SECONDS,
    INDEXES,
    SCHEMA,
    connect,
    migrate,
    tune_writer,
)
from service.adapters.sqlite.statements import reaches
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


class PendingSync:
    """Commits made inside :meth:`SqliteStore.sync_later` that must reach the disk."""

    def __init__(self, store: SqliteStore) -> None:
        self._store = store
        self.commit = 0  # the last durable commit to wait for (0: none)

    @property
    def needed(self) -> bool:
        """Did a transaction place something that must be on disk before answering?"""
        return self.commit > 0

    def wait(self) -> None:
        """Block until those commits are on disk (call it off the event loop)."""
        if self.commit:
            self._store.sync_through(self.commit)


_DEFERRED: ContextVar[PendingSync | None] = ContextVar("sqlite_deferred_sync", default=None)


class SqliteStore(SqliteRestaurantQueries):
    """Store (all ports) on one SQLite file; safe across threads and processes."""

    def __init__(
        self,
        path: str | Path,
        *,
        clock: Clock = utcnow,
        message_ids_retention: timedelta = MESSAGE_IDS_RETENTION,
        outbox_retention: timedelta = OUTBOX_RETENTION,
        optimistic: bool = False,
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
        # Durable commits made and synced so far: a sync covers every commit before it.
        self._durable_commits = 0
        self._synced_commits = 0
        self._sync_lock = threading.Lock()
        self._checkpointer = Checkpointer(self.path)
        self._next_prune: datetime | None = None  # None: at the first write
        self._pruner: threading.Thread | None = None
        self._closing = threading.Event()
        conn = self._conn()
        conn.executescript(SCHEMA)
        migrate(conn)
        # What a rebuilt table lost (its indexes) comes back.
        conn.executescript(SCHEMA)
        conn.executescript(INDEXES)
        # Speculation costs each read twice: worth it only when processes share the file.
        self._optimistic = Optimistic(reaches(conn)) if optimistic else None

    @property
    def speculations(self) -> SpeculationStats | None:
        """How optimistic transactions ended (None: the store runs every work in the lock)."""
        return self._optimistic.stats if self._optimistic else None

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

    @contextmanager
    def sync_later(self) -> Iterator[PendingSync]:
        """Transactions run inside leave their sync to ``PendingSync.wait``, which the
        caller must call before telling anyone of what they placed."""
        pending = PendingSync(self)
        token = _DEFERRED.set(pending)
        try:
            yield pending
        finally:
            _DEFERRED.reset(token)

    def sync_through(self, commit: int) -> None:
        """Return once durable commit number ``commit`` is on disk; one fsync covers every
        commit made before it starts, so callers waiting together share it."""
        with self._sync_lock:
            if self._synced_commits >= commit:
                return
            covered = self._durable_commits  # all committed before the fsync below
            self._sync_wal()
            self._synced_commits = max(self._synced_commits, covered)

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
        customer's confirmation and the order number survive a power loss), or, inside
        :meth:`sync_later`, once the caller's ``PendingSync.wait`` returns.
        """
        now = self._clock()

        def attempt(conn: sqlite3.Connection) -> tuple[T, SqliteRestaurantUnitOfWork]:
            uow = SqliteRestaurantUnitOfWork(conn, now)
            return work(uow), uow

        optimistic = self._optimistic
        speculation = optimistic.speculate(self._conn(), attempt) if optimistic else None
        if speculation is not None and not speculation.writes:
            result, uow = speculation.result  # its reads were one snapshot: nothing to commit
        else:
            with self._write() as conn:
                if speculation is not None and speculation.commit(conn):
                    result, uow = speculation.result
                else:
                    result, uow = attempt(conn)
        if uow.durable:
            with self._lock:
                self._durable_commits += 1
                commit = self._durable_commits
            pending = _DEFERRED.get()
            if pending is not None:
                pending.commit = commit
            else:
                self.sync_through(commit)
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
        return parse_menu(loads(row[0])) if row else None

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
        return [Order.from_dict(loads(row[0])) for row in rows]

    def get_order(self, number: int) -> Order | None:
        """One order by number."""
        row = self._conn().execute(
            "SELECT document FROM orders WHERE number = ?", (number,)
        ).fetchone()
        return Order.from_dict(loads(row[0])) if row else None

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
        """Stop pruning, close every connection this store opened and the lock file."""
        self._closing.set()
        if self._optimistic is not None:
            logger.info("optimistic transactions: %s", self._optimistic.stats)
        self.wait_for_pruning()
        self._checkpointer.close()
        with self._write_lock, self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
            self._writer = None
        self._local = threading.local()
        self._process_lock.close()
