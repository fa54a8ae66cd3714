"""Old message ids and delivered outbox entries are pruned; what still matters never is.

SQLite and the in-memory store prune themselves; Firestore marks each document with
``expire_at`` for its TTL policy, from the same settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from service.adapters.firestore.store import FirestoreStore
from service.adapters.memory.store import MemoryStore
from service.adapters.sqlite.store import SqliteStore
from service.application.once import apply_once
from service.application.ports import OutboundMessage, UnitOfWork
from service.bootstrap import build_store
from service.settings import Settings
from tests.builders import NOW, PHONE

IDS = timedelta(hours=72)
OUTBOX = timedelta(days=7)
LEASE = timedelta(seconds=60)


class Clock:
    """A clock the test moves."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


PruningStore = MemoryStore | SqliteStore


@pytest.fixture(params=["memory", "sqlite"])
def clocked(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[PruningStore, Clock]]:
    """A store on a clock the test moves, with the default retention periods."""
    clock = Clock(NOW)
    store: PruningStore
    if request.param == "memory":
        store = MemoryStore(clock=clock, message_ids_retention=IDS, outbox_retention=OUTBOX)
    else:
        store = SqliteStore(tmp_path / "store.sqlite3", clock=clock,
                            message_ids_retention=IDS, outbox_retention=OUTBOX)
    yield store, clock
    store.close()


def counter(uow: UnitOfWork) -> list[str]:
    uow.enqueue(OutboundMessage("whatsapp:+5511900000000", "aplicada", "kitchen"))
    return ["aplicada"]


def apply(store: PruningStore, message_id: str) -> bool:
    """Apply a message; True when it was applied now, False when it was a repeat."""
    return not apply_once(store, PHONE, message_id, counter).duplicate


def test_a_repeat_within_the_retention_is_still_caught(clocked):
    store, clock = clocked
    assert apply(store, "SM1")
    clock.now = NOW + IDS - timedelta(minutes=1)
    assert store.prune() == {"processed_messages": 0, "outbox": 0}
    assert not apply(store, "SM1")


def test_a_message_id_past_the_retention_is_forgotten(clocked):
    store, clock = clocked
    assert apply(store, "SM1")
    clock.now = NOW + timedelta(hours=1)
    assert apply(store, "SM2")
    clock.now = NOW + IDS + timedelta(seconds=1)
    assert store.prune()["processed_messages"] == 1
    assert not apply(store, "SM2")  # the newer one is still remembered


def test_only_sent_or_abandoned_entries_past_the_retention_are_pruned(clocked):
    store, clock = clocked
    for sid in ("SM1", "SM2", "SM3"):
        apply(store, sid)
    sent, failed, waiting = store.claim_due(NOW, 10, LEASE)
    store.mark_sent(sent.id, "SMx")
    store.mark_failed(failed.id, "Twilio recusou", None)
    store.mark_failed(waiting.id, "Twilio fora do ar", NOW + timedelta(minutes=5))
    clock.now = NOW + OUTBOX - timedelta(minutes=1)
    assert store.prune()["outbox"] == 0
    clock.now = NOW + OUTBOX + timedelta(minutes=10)
    assert store.prune()["outbox"] == 2
    assert store.outbox_status() == {"pending": 1}
    [due] = store.claim_due(clock.now, 10, LEASE)
    assert due.id == waiting.id  # a message still to send is kept, however old


def test_writes_prune_on_their_own_every_so_often(clocked):
    store, clock = clocked
    assert apply(store, "SM1")
    if isinstance(store, SqliteStore):
        store.wait_for_pruning()  # the first write's prune, which found nothing
    clock.now = NOW + IDS + timedelta(hours=1)
    assert apply(store, "SM2")  # this write starts a prune (in the background on SQLite)
    if isinstance(store, SqliteStore):
        store.wait_for_pruning()
    assert apply(store, "SM1")  # forgotten, so applied again
    assert not apply(store, "SM2")


def test_a_large_backlog_is_pruned_in_short_batches(tmp_path: Path):
    clock = Clock(NOW)
    store = SqliteStore(tmp_path / "store.sqlite3", clock=clock)
    try:
        def many(uow: UnitOfWork) -> None:
            for n in range(1234):
                uow.mark_seen(PHONE, f"SM{n}", ["ok"])

        store.run(many)
        clock.now = NOW + IDS * 2
        assert store.prune() == {"processed_messages": 1234, "outbox": 0}
    finally:
        store.close()


def test_the_retention_settings_reach_the_store(tmp_path: Path):
    settings = Settings(_env_file=None, sqlite_path=tmp_path / "x.sqlite3",  # type: ignore[call-arg]
                        processed_messages_retention_hours=2, outbox_retention_days=1.5)
    for store in (build_store(settings), build_store(settings, memory=True)):
        assert isinstance(store, SqliteStore | MemoryStore)
        assert store.message_ids_retention == timedelta(hours=2)
        assert store.outbox_retention == timedelta(days=1.5)
        store.close()


@pytest.mark.parametrize(
    "values",
    [{"processed_messages_retention_hours": 0.5}, {"outbox_retention_days": 0},
     {"processed_messages_retention_hours": -1}],
)
def test_a_retention_shorter_than_twilios_redelivery_is_refused(values):
    with pytest.raises(ValidationError):
        Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.mark.emulator
def test_firestore_documents_expire_after_the_configured_retention(
    firestore_store: FirestoreStore,
):
    store = FirestoreStore(firestore_store.client, restaurant_id="retention",
                           message_ids_retention=timedelta(hours=5),
                           outbox_retention=timedelta(days=2), clock=lambda: NOW)
    apply_once(store, PHONE, "SM1", counter)
    message = store.layout.message(PHONE, "SM1").get().to_dict() or {}
    assert message["expire_at"] - message["processed_at"] == timedelta(hours=5)
    [pending] = store.claim_due(NOW, 10, LEASE)
    store.mark_sent(pending.id, "SMx")
    entry = store.layout.outbox.document(pending.id).get().to_dict() or {}
    assert entry["expire_at"] - entry["sent_at"] == timedelta(days=2)
