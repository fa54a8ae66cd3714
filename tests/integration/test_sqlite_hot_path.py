"""The SQLite store's hot path: every statement of a message finds its rows through an index,
and writers of several processes take turns through the process lock without losing work."""

from __future__ import annotations

import multiprocessing
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from service.adapters.sqlite.checkpoint import CHECKPOINT_EVERY_COMMITS
from service.adapters.sqlite.process_lock import ProcessLock
from service.adapters.sqlite.retention import prune_processed_messages
from service.adapters.sqlite.schema import WRITER_AUTOCHECKPOINT_PAGES
from service.adapters.sqlite.store import SqliteStore
from service.application.once import apply_once
from service.application.ports import OutboundMessage, UnitOfWork
from service.clock import utcnow
from service.domain.conversation import Conversation, to_iso
from tests.builders import PHONE, order
from tests.firestore_support import wait_for


def confirm(uow: UnitOfWork) -> list[str]:
    """What a confirmation writes: the conversation, a new order, a kitchen message."""
    uow.get_conversation(PHONE)
    placed = uow.add_order(order(number=None))
    uow.save_conversation(Conversation(PHONE, last_order_number=placed.number))
    uow.enqueue(OutboundMessage("whatsapp:+5511900000000", f"Pedido #{placed.number}",
                                "kitchen"))
    return ["confirmado"]


def _history(store: SqliteStore, size: int) -> None:
    """``size`` recent orders, delivered kitchen messages and message ids, written in bulk."""
    conn = store._writer_conn()
    document = '{"number": 0}'
    now = to_iso(utcnow())  # inside every retention period: none of it is pruned
    with conn:
        conn.executemany("INSERT INTO orders (number, status, phone, document, created_at) "
                         "VALUES (?, 'entregue', ?, ?, ?)",
                         [(n, PHONE, document, now) for n in range(1, size + 1)])
        conn.executemany("INSERT INTO outbox (id, recipient, body, purpose, status, due_at, "
                         "created_at, seq) VALUES (?, ?, 'x', 'kitchen', 'sent', ?, ?, ?)",
                         [(f"e{n}", PHONE, now, now, n) for n in range(size)])
        conn.executemany("INSERT INTO processed_messages (message_id, phone, replies, "
                         "created_at) VALUES (?, ?, '[]', ?)",
                         [(f"old{n}", PHONE, now) for n in range(size)])


def _steps_of_a_confirmation(path: Path, history: int) -> int:
    """SQLite virtual-machine steps one confirmation takes over ``history`` past rows."""
    store = SqliteStore(path)
    try:
        _history(store, history)
        apply_once(store, PHONE, "warm-up", confirm)
        store.wait_for_pruning()
        steps = 0

        def count() -> int:
            nonlocal steps
            steps += 1
            return 0

        store._writer_conn().set_progress_handler(count, 1)
        apply_once(store, PHONE, "SM1", confirm)
        store._writer_conn().set_progress_handler(None, 1)
        return steps
    finally:
        store.close()


def test_a_confirmation_does_the_same_work_however_much_history_is_stored(tmp_path: Path):
    # Counted, not timed: SQLite's own instruction count for the same transaction.
    small = _steps_of_a_confirmation(tmp_path / "small.sqlite3", 20)
    large = _steps_of_a_confirmation(tmp_path / "large.sqlite3", 5_000)
    assert large < small * 1.2, (small, large)


def test_pruning_the_outbox_finds_old_rows_through_an_index(tmp_path: Path):
    store = SqliteStore(tmp_path / "store.sqlite3")
    try:
        conn = store._writer_conn()
        sql = ("SELECT rowid FROM outbox WHERE status IN ('sent', 'failed') AND due_at < '2026' "
               "LIMIT 500")
        steps = [row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        assert all("USING" in step for step in steps), steps
    finally:
        store.close()


def _steps_of_pruning_message_ids(path: Path, stored: int, old: int) -> tuple[int, int]:
    """SQLite's instruction count for one pruning batch, and the ids it deleted."""
    store = SqliteStore(path)
    try:
        with store._write() as conn:
            conn.executemany(
                "INSERT INTO processed_messages (message_id, phone, replies, created_at) "
                "VALUES (?, ?, '[]', ?)",
                [(f"SM{n}", PHONE, "2026-01-01T00:00:00" if n < old else "2026-03-01T00:00:00")
                 for n in range(stored)])
        steps = 0

        def count() -> int:
            nonlocal steps
            steps += 1
            return 0

        with store._write() as conn:
            conn.set_progress_handler(count, 1)
            deleted = prune_processed_messages(conn, "2026-02-01T00:00:00", 500)
            conn.set_progress_handler(None, 1)
        return steps, deleted
    finally:
        store.close()


def test_pruning_message_ids_reads_one_batch_however_many_are_stored(tmp_path: Path):
    # Old ids are the lowest rowids: a batch reads at most its limit, old or not.
    small, none = _steps_of_pruning_message_ids(tmp_path / "small.sqlite3", 600, 0)
    large, still_none = _steps_of_pruning_message_ids(tmp_path / "large.sqlite3", 20_000, 0)
    assert (none, still_none) == (0, 0)
    assert large < small * 1.2, (small, large)
    _, deleted = _steps_of_pruning_message_ids(tmp_path / "old.sqlite3", 20_000, 700)
    assert deleted == 500


def _apply_many(path: str, worker: int, count: int) -> None:
    store = SqliteStore(path)
    try:
        for n in range(count):
            apply_once(store, f"whatsapp:+55119{worker:04d}{n:04d}", f"SM{worker}x{n}", confirm)
    finally:
        store.close()


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path):
    path = str(tmp_path / "store.sqlite3")
    SqliteStore(path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_apply_many, args=(path, worker, 150))
               for worker in range(2)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(120)
        assert process.exitcode == 0
    store = SqliteStore(path)
    try:
        numbers = [o.number or 0 for o in store.list_orders(1000)]
        assert sorted(numbers) == list(range(1, 301))
        assert store.outbox_status() == {"pending": 300}
    finally:
        store.close()


HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_writer_waits_for_another_process_and_gives_up_as_sqlite_would(tmp_path: Path):
    path = tmp_path / "store.sqlite3.lock"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path), "1.0"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        lock = ProcessLock(path, timeout=0.2)
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            lock.acquire()
        patient = ProcessLock(path, timeout=30)
        patient.acquire()  # as soon as the other process lets go
        assert holder.poll() is not None or holder.wait(5) == 0
        patient.release()
        lock.close()
        patient.close()
    finally:
        holder.kill()
        holder.wait(5)


def test_the_lock_passes_to_a_waiting_writer_as_soon_as_it_is_released(tmp_path: Path):
    first = ProcessLock(tmp_path / "x.lock", timeout=30)
    second = ProcessLock(tmp_path / "x.lock", timeout=30)
    first.acquire()
    taken = threading.Event()

    def wait_for_it() -> None:
        second.acquire()
        taken.set()

    waiter = threading.Thread(target=wait_for_it)
    waiter.start()
    assert not taken.wait(0.05)  # excluded while the first holds it
    first.release()
    assert taken.wait(10)
    waiter.join(10)
    second.release()
    with first:
        pass
    first.close()
    second.close()


def test_a_failed_commit_leaves_the_writer_usable(tmp_path: Path):
    store = SqliteStore(tmp_path / "store.sqlite3")
    try:
        def broken(uow: UnitOfWork) -> None:
            uow.mark_seen(PHONE, "SM1", ["a"])
            uow.mark_seen(PHONE, "SM1", ["b"])  # the same id twice: the insert fails

        with pytest.raises(sqlite3.IntegrityError):
            store.run(broken)
        assert not store._writer_conn().in_transaction
        assert apply_once(store, PHONE, "SM1", confirm).replies == ("confirmado",)
    finally:
        store.close()


def test_a_closed_store_holds_no_lock(tmp_path: Path):
    store = SqliteStore(tmp_path / "store.sqlite3")
    apply_once(store, PHONE, "SM1", confirm)
    store.close()
    lock = ProcessLock(tmp_path / "store.sqlite3.lock", timeout=0)
    lock.acquire()  # would raise "database is locked" if the store still held it
    lock.close()


def test_the_log_is_checkpointed_in_the_background_not_inside_a_commit(tmp_path: Path):
    store = SqliteStore(tmp_path / "store.sqlite3")
    try:
        for n in range(CHECKPOINT_EVERY_COMMITS):
            apply_once(store, PHONE, f"SM{n}", confirm)
        writer = store._writer_conn()
        assert writer.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == (
            WRITER_AUTOCHECKPOINT_PAGES)
        wait_for(lambda: store._checkpointer.checkpoints, "a background checkpoint")
    finally:
        store.close()
    assert not store._checkpointer._thread or not store._checkpointer._thread.is_alive()
