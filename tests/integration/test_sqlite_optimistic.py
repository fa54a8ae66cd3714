"""Optimistic transactions on the SQLite store: the work runs before the write lock is taken,
and what it wrote is committed only if nothing it read has changed meanwhile; otherwise it
runs again inside the lock. Nothing is lost or applied twice, an order number is never reused,
across threads and processes."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from service.adapters.sqlite.process_lock import ProcessLock
from service.adapters.sqlite.store import SqliteStore
from service.application.once import apply_once
from service.application.ports import OutboundMessage, RestaurantUnitOfWork
from service.bootstrap import build_store
from service.domain.conversation import Conversation
from service.entrypoints.web import create_app
from service.settings import Settings
from tests.builders import PHONE, order

KITCHEN = "whatsapp:+5511900000000"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def store(path: Path) -> Iterator[SqliteStore]:
    store = SqliteStore(path, optimistic=True)
    yield store
    store.close()


@pytest.fixture
def other(path: Path, store: SqliteStore) -> Iterator[SqliteStore]:
    """Another writer on the same file, as another web worker would be."""
    other = SqliteStore(path)
    yield other
    other.close()


def outbox_bodies(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT body FROM outbox ORDER BY seq")]


def count_one(uow: RestaurantUnitOfWork) -> int:
    """A message that changes the customer's conversation: one more in its counter."""
    conv = uow.get_conversation(PHONE) or Conversation(PHONE)
    conv = replace(conv, misunderstood=conv.misunderstood + 1)
    uow.save_conversation(conv)
    return conv.misunderstood


def stats(store: SqliteStore) -> tuple[int, int, int, int, int]:
    s = store.speculations
    assert s is not None
    return s.committed, s.read_only, s.conflicts, s.abandoned, s.raised


def test_a_work_whose_reads_still_hold_is_committed_as_it_ran(store: SqliteStore, path: Path):
    def place(uow: RestaurantUnitOfWork) -> list[str]:
        placed = uow.add_order(order(number=None))
        uow.enqueue(OutboundMessage(KITCHEN, f"Pedido #{placed.number}", "kitchen", placed.number))
        uow.save_conversation(Conversation(PHONE, last_order_number=placed.number))
        return [f"#{placed.number}"]

    assert apply_once(store, PHONE, "SM1", place).replies == ("#1",)
    assert apply_once(store, PHONE, "SM2", place).replies == ("#2",)
    assert apply_once(store, PHONE, "SM1", place).duplicate
    assert stats(store) == (2, 1, 0, 0, 0)  # the repeated delivery only read
    assert [o.number for o in store.list_orders()] == [2, 1]
    assert outbox_bodies(path) == ["Pedido #1", "Pedido #2"]
    conv = store.run(lambda uow: uow.get_conversation(PHONE))
    assert conv is not None and conv.last_order_number == 2
    assert stats(store) == (2, 2, 0, 0, 0)  # that read took no lock


def test_the_work_runs_before_the_write_lock_is_taken(store: SqliteStore, path: Path):
    held: list[bool] = []

    def probe(uow: RestaurantUnitOfWork) -> None:
        lock = ProcessLock(path.with_name(path.name + ".lock"), timeout=0)
        try:
            lock.acquire()
        except sqlite3.OperationalError:
            held.append(True)
        else:
            held.append(False)
            lock.release()
        finally:
            lock.close()
        count_one(uow)

    store.run(probe)
    assert held == [False]
    assert stats(store) == (1, 0, 0, 0, 0)


def test_a_row_read_and_changed_by_another_writer_runs_the_work_again(
        store: SqliteStore, other: SqliteStore):
    runs = 0

    def count_while_another_counts(uow: RestaurantUnitOfWork) -> int:
        nonlocal runs
        runs += 1
        mine = count_one(uow)
        if runs == 1:  # between this work's read and its commit
            other.run(count_one)
        return mine

    assert store.run(count_while_another_counts) == 2
    assert runs == 2
    conv = other.run(lambda uow: uow.get_conversation(PHONE))
    assert conv is not None and conv.misunderstood == 2  # neither count lost
    assert stats(store) == (0, 0, 1, 0, 0)


def test_an_order_placed_meanwhile_never_shares_its_number(
        store: SqliteStore, other: SqliteStore, path: Path):
    runs = 0

    def place(uow: RestaurantUnitOfWork) -> int:
        nonlocal runs
        runs += 1
        placed = uow.add_order(order(number=None, name="Ana"))
        if runs == 1:
            other.run(lambda u: u.add_order(order(number=None, name="Bia")))
        uow.enqueue(OutboundMessage(KITCHEN, f"Pedido #{placed.number}", "kitchen", placed.number))
        assert placed.number is not None
        return placed.number

    assert store.run(place) == 2
    assert {o.number: o.customer_name for o in store.list_orders()} == {1: "Bia", 2: "Ana"}
    assert outbox_bodies(path) == ["Pedido #2"]
    assert stats(store) == (0, 0, 1, 0, 0)


def test_a_work_that_reads_what_it_wrote_runs_in_the_lock(store: SqliteStore):
    def write_then_read(uow: RestaurantUnitOfWork) -> Conversation | None:
        uow.save_conversation(Conversation(PHONE, customer_name="Ana"))
        return uow.get_conversation(PHONE)

    conv = store.run(write_then_read)
    assert conv is not None and conv.customer_name == "Ana"
    assert stats(store) == (0, 0, 0, 1, 0)


def test_a_work_that_needs_a_returned_row_runs_in_the_lock(store: SqliteStore):
    assert [store.run(lambda uow: uow.next_handoff_number()) for _ in range(3)] == [1, 2, 3]
    assert stats(store) == (0, 0, 0, 3, 0)


def test_a_work_that_raises_commits_nothing_and_raises(store: SqliteStore):
    store.run(lambda uow: uow.save_conversation(Conversation(PHONE, customer_name="Ana")))

    def fail(uow: RestaurantUnitOfWork) -> None:
        uow.save_conversation(Conversation(PHONE, customer_name="Bia"))
        uow.add_order(order(number=None))
        uow.mark_seen(PHONE, "SM1", ["ok"])
        raise ValueError("the engine broke")

    with pytest.raises(ValueError, match="the engine broke"):
        store.run(fail)
    conv = store.run(lambda uow: uow.get_conversation(PHONE))
    assert conv is not None and conv.customer_name == "Ana"
    assert store.list_orders() == []
    assert stats(store) == (1, 1, 0, 0, 1)
    assert store.run(lambda uow: uow.seen_replies(PHONE, "SM1")) is None


def test_a_work_that_raises_only_while_speculating_runs_again_and_commits(store: SqliteStore):
    runs = 0

    def flaky(uow: RestaurantUnitOfWork) -> int:
        nonlocal runs
        runs += 1
        if runs == 1:
            raise RuntimeError("only the first time")
        return count_one(uow)

    assert store.run(flaky) == 1
    assert stats(store) == (0, 0, 0, 0, 1)


def test_a_work_that_swallows_the_abandon_still_runs_in_the_lock(store: SqliteStore):
    def stubborn(uow: RestaurantUnitOfWork) -> int:
        try:
            number = uow.next_handoff_number()
        except BaseException:  # what a careless work might do
            number = 0
        count_one(uow)
        return number

    assert store.run(stubborn) == 1
    conv = store.run(lambda uow: uow.get_conversation(PHONE))
    assert conv is not None and conv.misunderstood == 1
    assert stats(store)[3] == 1


def _customers(path: str, worker: int, count: int, twins: bool) -> None:
    """Messages of ``count`` customers, every third one placing an order; the stats to a file."""
    store = SqliteStore(path, optimistic=True)
    try:
        for n in range(count):
            who = 0 if twins else worker
            phone, message_id = f"whatsapp:+55119{who:04d}{n:04d}", f"SM{who}x{n}"

            def work(uow: RestaurantUnitOfWork, phone: str = phone, sid: str = message_id,
                     places: bool = n % 3 == 0) -> list[str]:
                conv = uow.get_conversation(phone) or Conversation(phone)
                if places:
                    placed = uow.add_order(order(number=None, name=sid, phone=phone[9:]))
                    conv = replace(conv, last_order_number=placed.number)
                uow.save_conversation(conv)
                uow.enqueue(OutboundMessage(KITCHEN, sid, "kitchen"))
                return [sid]

            assert apply_once(store, phone, message_id, work).replies == (message_id,)
        speculations = store.speculations
        assert speculations is not None
        Path(f"{path}.{worker}.json").write_text(json.dumps(speculations.counts()))
    finally:
        store.close()


def _run_processes(path: Path, count: int, twins: bool) -> list[dict[str, int]]:
    SqliteStore(path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_customers, args=(str(path), worker, count, twins))
               for worker in (1, 2)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(120)
        assert process.exitcode == 0
    return [json.loads(Path(f"{path}.{worker}.json").read_text()) for worker in (1, 2)]


def _stored(path: Path) -> tuple[list[int], list[str], list[str], int]:
    """Order numbers, the message ids orders and outbox entries came from, message ids seen."""
    with sqlite3.connect(path) as conn:
        numbers = [row[0] for row in conn.execute("SELECT number FROM orders ORDER BY number")]
        placed = [json.loads(row[0])["customer_name"] for row in
                  conn.execute("SELECT document FROM orders")]
        bodies = [row[0] for row in conn.execute("SELECT body FROM outbox")]
        seen = conn.execute("SELECT COUNT(*) FROM processed_messages").fetchone()[0]
    return numbers, placed, bodies, seen


def test_two_processes_placing_orders_at_once_number_each_once(tmp_path: Path):
    path = tmp_path / "store.sqlite3"
    count = 150
    ran = _run_processes(path, count, twins=False)
    numbers, placed, bodies, seen = _stored(path)
    ids = [f"SM{worker}x{n}" for worker in (1, 2) for n in range(count)]
    placing = [f"SM{worker}x{n}" for worker in (1, 2) for n in range(0, count, 3)]
    assert numbers == list(range(1, len(placing) + 1))
    assert sorted(placed) == sorted(placing)
    assert sorted(bodies) == sorted(ids)
    assert seen == len(ids)
    for stats_of_one in ran:
        # A message placing no order reads only its own customer's rows: it never conflicts.
        assert stats_of_one["committed"] >= count - len(range(0, count, 3))
        assert stats_of_one["committed"] + stats_of_one["conflicts"] == count


def test_the_same_messages_delivered_to_two_processes_are_applied_once(tmp_path: Path):
    path = tmp_path / "store.sqlite3"
    count = 150
    ran = _run_processes(path, count, twins=True)
    numbers, placed, bodies, seen = _stored(path)
    ids = [f"SM0x{n}" for n in range(count)]
    placing = [f"SM0x{n}" for n in range(0, count, 3)]
    assert numbers == list(range(1, len(placing) + 1))
    assert sorted(placed) == sorted(placing)
    assert sorted(bodies) == sorted(ids)
    assert seen == count
    assert sum(s["committed"] for s in ran) >= 1


@pytest.mark.parametrize(("workers", "web_worker", "optimistic"), [
    (2, True, True),  # a web worker of several
    (1, True, False),  # the only web worker: nobody to wait for
    (2, False, False),  # the outbox process and the commands beside them
])
def test_only_web_workers_sharing_the_file_run_optimistically(
        tmp_path: Path, workers: int, web_worker: bool, optimistic: bool):
    settings = Settings(_env_file=None, sqlite_path=tmp_path / "x.sqlite3",  # type: ignore[call-arg]
                        web_concurrency=workers)
    store = build_store(settings, web_worker=web_worker)
    try:
        assert isinstance(store, SqliteStore)
        assert (store.speculations is not None) is optimistic
    finally:
        store.close()


@pytest.mark.parametrize(("workers", "optimistic"), [(3, True), (1, False)])
def test_the_app_of_a_web_worker_builds_its_store_for_its_siblings(
        tmp_path: Path, workers: int, optimistic: bool):
    settings = Settings(_env_file=None, environment="development",  # type: ignore[call-arg]
                        sqlite_path=tmp_path / "x.sqlite3", web_concurrency=workers)
    container = create_app(settings=settings).state.container
    try:
        assert isinstance(container.store, SqliteStore)
        assert (container.store.speculations is not None) is optimistic
    finally:
        container.close()
