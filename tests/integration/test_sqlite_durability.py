"""The SQLite file: a confirmed order reaches the disk before the customer hears of it, and a
file made by an older version keeps its data when opened by this one."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from service.adapters.sqlite.store import SqliteStore
from service.application.once import apply_once
from service.application.ports import OutboundMessage, UnitOfWork
from service.application.transcript import TranscriptPolicy, record
from service.domain.transcript import Speaker
from tests.builders import PHONE, order

KEEP_IDS = timedelta(days=3650)

# The schema of the first release: applied messages keyed by MessageSid alone.
OLD_SCHEMA = """
CREATE TABLE processed_messages (message_id TEXT PRIMARY KEY, phone TEXT NOT NULL,
    replies TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE outbox (id TEXT PRIMARY KEY, recipient TEXT NOT NULL, body TEXT NOT NULL,
    purpose TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0, due_at TEXT NOT NULL, lease_until TEXT,
    last_error TEXT, provider_id TEXT, created_at TEXT NOT NULL, seq INTEGER NOT NULL);
INSERT INTO processed_messages VALUES ('SMold', 'whatsapp:+5511987654321', '["antes"]',
    '2026-03-06T19:00:00.000000+00:00');
INSERT INTO outbox (id, recipient, body, purpose, due_at, created_at, seq) VALUES
    ('e1', 'whatsapp:+5511900000000', 'Pedido #1', 'kitchen',
     '2026-03-06T19:00:00.000000+00:00', '2026-03-06T19:00:00.000000+00:00', 1);
"""


def fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths this process fsyncs from now on."""
    synced: list[str] = []
    real = os.fsync

    def recording(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(os, "fsync", recording)
    return synced


def test_a_transaction_that_places_an_order_is_synced_to_disk_and_others_are_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqliteStore(tmp_path / "orders.sqlite3")
    synced = fsyncs(monkeypatch)

    def chat(uow: UnitOfWork) -> Sequence[str]:
        return ["olá"]

    apply_once(store, PHONE, "SM1", chat)
    assert synced == []  # an ordinary message waits for the next checkpoint

    def confirm(uow: UnitOfWork) -> Sequence[str]:
        placed = uow.add_order(order(number=None))
        uow.enqueue(OutboundMessage("whatsapp:+5511900000000", f"Pedido #{placed.number}",
                                    "kitchen", placed.number))
        return [f"Pedido #{placed.number} confirmado"]

    assert apply_once(store, PHONE, "SM2", confirm).replies == ("Pedido #1 confirmado",)
    assert synced == [str(tmp_path / "orders.sqlite3-wal")]
    store.close()


def test_a_file_of_the_first_release_is_migrated_without_losing_anything(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(OLD_SCHEMA)
    conn.close()

    # Retention long enough that nothing of 2026-03 is pruned while the test reads it.
    store = SqliteStore(path, message_ids_retention=KEEP_IDS)
    # The message applied before the upgrade is still known, now under its sender.
    assert store.run(lambda uow: uow.seen_replies(PHONE, "SMold")) == ("antes",)
    assert store.run(lambda uow: uow.seen_replies("whatsapp:+5521900000000", "SMold")) is None
    # The old outbox entry is delivered like any other, its age counted from creation.
    [entry] = store.claim_due(datetime.now(UTC), 1, timedelta(seconds=5))
    assert (entry.message.body, entry.message.order_number) == ("Pedido #1", None)
    assert entry.queued_at is not None and entry.queued_at.year == 2026
    store.close()
    SqliteStore(path, message_ids_retention=KEEP_IDS).close()  # opening it again changes nothing
    columns = sqlite3.connect(path).execute("PRAGMA table_info(processed_messages)").fetchall()
    assert sorted(c[1] for c in columns if c[5]) == ["message_id", "phone"]
    rows = sqlite3.connect(path).execute("SELECT replies FROM processed_messages").fetchall()
    assert [json.loads(r[0]) for r in rows] == [["antes"]]


def test_processes_opening_one_file_at_once_migrate_it_once(tmp_path: Path) -> None:
    path = tmp_path / "racing.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(OLD_SCHEMA)
    conn.close()
    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: SqliteStore(path, message_ids_retention=KEEP_IDS),
                               range(4)))
    for store in stores:
        assert store.run(lambda uow: uow.seen_replies(PHONE, "SMold")) == ("antes",)
        store.close()



def test_transcripts_kept_as_one_document_become_rows_and_keep_growing(tmp_path: Path) -> None:
    path = tmp_path / "transcripts.sqlite3"
    lines = [{"at": f"2026-11-30T19:0{i}:00.000000+00:00", "speaker": speaker, "text": text}
             for i, (speaker, text) in enumerate([("cliente", "oi"), ("assistente", "Olá!")])]
    document = {"phone": PHONE, "key": "k1", "customer_name": "Maria", "lines": lines,
                "last_customer_at": lines[0]["at"], "updated_at": lines[1]["at"]}
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE transcripts (phone TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE, "
                 "document TEXT NOT NULL, updated_at TEXT NOT NULL)")
    conn.execute("INSERT INTO transcripts VALUES (?, 'k1', ?, ?)",
                 (PHONE, json.dumps(document), lines[1]["at"]))
    conn.commit()
    conn.close()

    store = SqliteStore(path)
    moved = store.transcript_by_key("k1")
    assert moved is not None and moved.customer_name == "Maria"
    assert [(line.speaker.value, line.text) for line in moved.lines] == [
        ("cliente", "oi"), ("assistente", "Olá!")]
    store.run(lambda uow: record(uow, PHONE, "", [(Speaker.CUSTOMER, "quero 1 pf")],
                                 datetime(2026, 11, 30, 19, 5, tzinfo=UTC),
                                 TranscriptPolicy(keep=2)))
    store.close()
    reopened = SqliteStore(path)
    after = reopened.transcript_by_key("k1")
    assert after is not None and [line.text for line in after.lines] == ["Olá!", "quero 1 pf"]
    reopened.close()


def test_indexes_no_message_needs_are_dropped_from_an_older_file(tmp_path: Path) -> None:
    path = tmp_path / "indexed.sqlite3"
    SqliteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("CREATE INDEX processed_messages_phone ON processed_messages (phone)")
    conn.execute("CREATE INDEX processed_messages_created ON processed_messages (created_at)")
    conn.commit()
    conn.close()
    SqliteStore(path).close()
    names = {row[0] for row in sqlite3.connect(path).execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'processed_messages'")}
    assert names == {"sqlite_autoindex_processed_messages_1"}


def _confirm(uow: UnitOfWork) -> Sequence[str]:
    placed = uow.add_order(order(number=None))
    return [f"Pedido #{placed.number} confirmado"]


def test_inside_sync_later_the_caller_waits_for_the_disk_and_waiting_together_syncs_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqliteStore(tmp_path / "orders.sqlite3")
    synced = fsyncs(monkeypatch)
    with store.sync_later() as chat:
        apply_once(store, PHONE, "SM1", lambda uow: ["olá"])
    assert not chat.needed
    with store.sync_later() as first:
        apply_once(store, PHONE, "SM2", _confirm)
    with store.sync_later() as second:
        apply_once(store, "whatsapp:+5511911112222", "SM3", _confirm)
    assert (first.needed, second.needed, synced) == (True, True, [])  # left to the callers
    second.wait()
    first.wait()  # its commit came before the sync that the second caller waited for
    assert synced == [str(tmp_path / "orders.sqlite3-wal")]
    apply_once(store, PHONE, "SM4", _confirm)  # outside: synced before run returns
    assert len(synced) == 2
    store.close()


def test_a_sync_covers_only_commits_made_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqliteStore(tmp_path / "orders.sqlite3")
    synced = fsyncs(monkeypatch)
    with store.sync_later() as first:
        apply_once(store, PHONE, "SM1", _confirm)
    first.wait()
    with store.sync_later() as second:
        apply_once(store, PHONE, "SM2", _confirm)
    first.wait()  # already on disk
    assert len(synced) == 1
    second.wait()
    assert len(synced) == 2
    store.close()
