"""Firestore cost per inbound message, counted at the client's RPC layer on the real emulator.

The budget: the message claimed with one create, then one transaction with at most
3 document reads and 5 writes for a typical message (the conversation, the
customer's handoff, read to know whether a person attends them, and their
transcript, read and written; the claimed message's own document is written, not
read); placing an order adds taking its number (one create; the first order of a
process also looks up the highest number taken, two small queries) and the order and
kitchen-message writes. A repeated delivery is one refused create and one read.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from benchmarks.firestore_meter import FirestoreMeter, MeterReading, install_meter
from service.adapters.firestore.config import FirestoreConfig, make_client
from service.adapters.firestore.store import FirestoreStore
from service.application.inbound import InboundService
from service.application.menu_cache import MenuCache
from service.application.menus import load_menu_file, seed_menu
from service.application.once import apply_once
from service.application.ports import OutboundMessage, UnitOfWork
from service.bootstrap import default_parser
from service.domain.conversation import Inbound
from tests.builders import SEED_MENU_PATH
from tests.firestore_support import wait_for

pytestmark = pytest.mark.emulator

PHONE = "whatsapp:+5511987654321"
KITCHEN = "whatsapp:+5511900000000"
TYPICAL_READS, TYPICAL_WRITES = 3, 5
CLAIM_WRITES = 1  # the message's claim, made before its transaction

ORDERING = [
    "boa noite",
    "cardápio",
    "quero 2 feijoadas e uma coca lata",
    "e um pudim sem calda",
    "só isso",
    "Rua das Flores, 123, Pinheiros",
    "pix",
]


@pytest.fixture
def metered(firestore_emulator: Any, firestore_project: str) -> Iterator[tuple[Any, ...]]:
    client = make_client(FirestoreConfig(firestore_project, emulator_host=firestore_emulator.host))
    meter = install_meter(client)
    store = FirestoreStore(client)
    seed_menu(store, load_menu_file(SEED_MENU_PATH))
    menus = MenuCache(store, default_parser, ttl_seconds=3600)
    menus.current()
    yield InboundService(store, menus, KITCHEN), meter, store
    store.close()


def cost(meter: FirestoreMeter, service: InboundService, text: str, sid: str) -> MeterReading:
    before = meter.reading()
    service.handle(Inbound(PHONE, text, sid, "Maria"))
    # A query the client stopped reading is counted when its stream is collected.
    gc.collect()
    return meter.reading() - before


@pytest.mark.parametrize("text", ORDERING)
def test_a_typical_message_is_one_transaction_within_budget(
    metered: tuple[Any, ...], text: str
) -> None:
    service, meter, _ = metered
    for index, earlier in enumerate(ORDERING[: ORDERING.index(text)]):
        service.handle(Inbound(PHONE, earlier, f"SMpre{index}", "Maria"))
    spent = cost(meter, service, text, "SMmeasured")
    assert (spent.transactions, spent.commits) == (1, 2)  # the claim, then the transaction
    assert spent.reads <= TYPICAL_READS
    assert 1 + CLAIM_WRITES <= spent.writes <= TYPICAL_WRITES + CLAIM_WRITES


def test_placing_an_order_adds_only_its_number_the_order_and_the_kitchen_message(
    metered: tuple[Any, ...],
) -> None:
    service, meter, store = metered
    for index, text in enumerate(ORDERING):
        service.handle(Inbound(PHONE, text, f"SM{index}", "Maria"))
    spent = cost(meter, service, "sim", "SMconfirm")
    assert store.get_order(1) is not None
    assert (spent.transactions, spent.commits) == (1, 3)  # claim, number, transaction
    # The conversation, handoff and transcript (the claimed message's own document is
    # not read again), then the highest number taken and the highest order.
    assert spent.reads == TYPICAL_READS + 2
    # claim, number; then conversation, message id, order, kitchen message, transcript
    assert spent.writes == CLAIM_WRITES + 1 + 5

    # The process's next order starts from the number it last took: no lookup.
    other = "whatsapp:+5511987650000"
    for index, text in enumerate([*ORDERING]):
        service.handle(Inbound(other, text, f"SMo{index}", "Ana"))
    before = meter.reading()
    service.handle(Inbound(other, "sim", "SMoconfirm", "Ana"))
    gc.collect()
    second = meter.reading() - before
    assert store.get_order(2) is not None
    assert second.reads == TYPICAL_READS


def test_a_repeated_delivery_is_answered_without_a_transaction(metered: tuple[Any, ...]) -> None:
    service, meter, _ = metered
    service.handle(Inbound(PHONE, "boa noite", "SM1", "Maria"))
    spent = cost(meter, service, "boa noite", "SM1")
    # The claim's create is refused (nothing is written), then one read of the replies.
    assert (spent.transactions, spent.commits) == (0, 1)
    assert spent.reads == 1


def test_checking_the_menu_version_is_one_read(metered: tuple[Any, ...]) -> None:
    _, meter, store = metered
    before = meter.reading()
    store.menu_version()
    spent = meter.reading() - before
    assert (spent.reads, spent.writes, spent.round_trips) == (1, 0, 1)


def test_idle_outbox_polls_read_nothing_between_scans(metered: tuple[Any, ...]) -> None:
    service, meter, store = metered
    now = datetime.now(UTC) + timedelta(seconds=1)
    store.claim_due(now, 10, timedelta(seconds=30))  # the first poll scans
    before = meter.reading()
    for second in range(60):
        assert store.claim_due(now + timedelta(seconds=second), 10, timedelta(seconds=30)) == []
    assert meter.reading() - before == MeterReading()

    for index, text in enumerate([*ORDERING, "sim"]):
        service.handle(Inbound(PHONE, text, f"SM{index}", "Maria"))
    before = meter.reading()
    claimed = store.claim_due(datetime.now(UTC) + timedelta(seconds=1), 10, timedelta(seconds=30))
    assert [p.message.to for p in claimed] == [KITCHEN]
    assert (meter.reading() - before).reads == 1


def test_entries_of_another_process_are_seen_by_the_listener_without_a_scan(
    firestore_emulator: Any, firestore_project: str
) -> None:
    config = FirestoreConfig(firestore_project, emulator_host=firestore_emulator.host)
    writer = FirestoreStore(make_client(config))
    patient = FirestoreStore(make_client(config), outbox_scan_seconds=3600)
    try:
        now = datetime.now(UTC) + timedelta(seconds=1)
        assert patient.claim_due(now, 10, timedelta(seconds=30)) == []  # scanned: empty

        def notify(uow: UnitOfWork) -> list[str]:
            uow.enqueue(OutboundMessage(KITCHEN, "Pedido #7", "kitchen"))
            return []

        apply_once(writer, PHONE, "SMother", notify)
        # Not its own entry and no scan owed for an hour: the listener tells it.
        found = wait_for(
            lambda: patient.claim_due(datetime.now(UTC) + timedelta(seconds=1), 10,
                                      timedelta(seconds=30)),
            "the other process's entry to be claimed",
        )
        assert [p.message.body for p in found] == ["Pedido #7"]
    finally:
        for store in (writer, patient):
            store.close()
