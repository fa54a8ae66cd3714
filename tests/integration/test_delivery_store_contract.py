"""What delivery and payment add to every store: media in the outbox, pickup orders, receipts due.

Run in memory, on SQLite and on the Firestore emulator (the ``store`` fixture), so the
three mean the same thing. A SQLite file made before the outbox had a media column
gets the column when the store opens it, and keeps its messages.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from nlu import Fulfilment
from service.adapters.sqlite.store import SqliteStore
from service.application.ports import OutboundMessage, RestaurantStore, UnitOfWork
from service.domain.conversation import Address, Conversation, State
from tests.builders import NOW, PHONE
from tests.builders import order as an_order

LEASE = timedelta(seconds=60)
QR = "https://pedidos.example.com.br/media/pix/abc.def.png"


def test_an_outbox_message_keeps_its_image(store: RestaurantStore) -> None:
    image = OutboundMessage(PHONE, "💠 QR Code do Pix do pedido #1", "customer", media_url=QR)
    text = OutboundMessage(PHONE, "só texto", "customer")
    def work(uow: UnitOfWork) -> None:
        uow.enqueue(image)
        uow.enqueue(text)

    store.run(work)
    claimed = store.claim_due(datetime.now(UTC) + timedelta(seconds=1), 10, LEASE)
    assert [c.message for c in claimed] == [image, text]
    assert claimed[1].message.media_url is None


def test_a_pickup_order_and_its_area_round_trip(store: RestaurantStore) -> None:
    pickup = replace(an_order(number=None), fulfilment=Fulfilment.PICKUP, address=Address(""))
    delivery = replace(an_order(number=None), delivery_area="Jardim Botânico")
    first = store.run(lambda uow: uow.add_order(pickup))
    second = store.run(lambda uow: uow.add_order(delivery))
    assert store.get_order(first.number or 0) == pickup.numbered(1)
    assert store.get_order(second.number or 0) == delivery.numbered(2)
    listed = store.list_orders()
    assert [o.fulfilment for o in listed] == [Fulfilment.DELIVERY, Fulfilment.PICKUP]


def test_a_receipt_due_is_kept_with_the_conversation(store: RestaurantStore) -> None:
    conv = Conversation(PHONE, state=State.ASKING_BAIRRO, fulfilment=Fulfilment.PICKUP,
                        last_order_number=4, pix_due=4, pix_due_since=NOW, updated_at=NOW)
    store.run(lambda uow: uow.save_conversation(conv))
    assert store.run(lambda uow: uow.get_conversation(PHONE)) == conv


def test_an_old_sqlite_outbox_gets_the_media_column_and_keeps_its_messages(
        tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE outbox (
            id TEXT PRIMARY KEY, recipient TEXT NOT NULL, body TEXT NOT NULL,
            purpose TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0, due_at TEXT NOT NULL, lease_until TEXT,
            last_error TEXT, provider_id TEXT, created_at TEXT NOT NULL, seq INTEGER NOT NULL);
        INSERT INTO outbox (id, recipient, body, purpose, due_at, created_at, seq)
            VALUES ('m1', 'whatsapp:+5511900000000', 'antes', 'kitchen',
                    '2020-01-01T00:00:00.000000+00:00', '2020-01-01T00:00:00.000000+00:00', 1);
    """)
    old.close()
    store = SqliteStore(path)
    try:
        store.run(lambda uow: uow.enqueue(OutboundMessage(PHONE, "depois", media_url=QR)))
        claimed = store.claim_due(datetime.now(UTC) + timedelta(seconds=1), 10, LEASE)
        assert [(c.message.body, c.message.media_url) for c in claimed] == [
            ("antes", None), ("depois", QR)]
    finally:
        store.close()
    SqliteStore(path).close()  # opening it again adds nothing twice
