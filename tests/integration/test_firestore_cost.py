"""Firestore cost per inbound message, counted at the client's RPC layer on the real emulator.

The budget: one transaction, at most 4 document reads and 5 writes for a typical
message (the conversation and the message id, plus the customer's handoff, read to
know whether a person attends them, and their transcript, read and written);
placing an order adds the counter read and the order, counter and kitchen-message
writes. A repeated delivery reads only the message id and the conversation.
"""

from __future__ import annotations

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

pytestmark = pytest.mark.emulator

PHONE = "whatsapp:+5511987654321"
KITCHEN = "whatsapp:+5511900000000"
TYPICAL_READS, TYPICAL_WRITES = 4, 5
REPEAT_READS = 2

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
    return meter.reading() - before


@pytest.mark.parametrize("text", ORDERING)
def test_a_typical_message_is_one_transaction_within_budget(
    metered: tuple[Any, ...], text: str
) -> None:
    service, meter, _ = metered
    for index, earlier in enumerate(ORDERING[: ORDERING.index(text)]):
        service.handle(Inbound(PHONE, earlier, f"SMpre{index}", "Maria"))
    spent = cost(meter, service, text, "SMmeasured")
    assert (spent.transactions, spent.commits) == (1, 1)
    assert spent.reads <= TYPICAL_READS
    assert 1 <= spent.writes <= TYPICAL_WRITES


def test_placing_an_order_adds_only_the_counter_order_and_kitchen_message(
    metered: tuple[Any, ...],
) -> None:
    service, meter, store = metered
    for index, text in enumerate(ORDERING):
        service.handle(Inbound(PHONE, text, f"SM{index}", "Maria"))
    spent = cost(meter, service, "sim", "SMconfirm")
    assert store.get_order(1) is not None
    assert (spent.transactions, spent.commits) == (1, 1)
    assert spent.reads == TYPICAL_READS + 1  # the order counter
    # conversation, message id, counter, order, kitchen message, transcript
    assert spent.writes == 6


def test_a_repeated_delivery_reads_and_writes_nothing_more(metered: tuple[Any, ...]) -> None:
    service, meter, _ = metered
    service.handle(Inbound(PHONE, "boa noite", "SM1", "Maria"))
    spent = cost(meter, service, "boa noite", "SM1")
    assert spent.reads == REPEAT_READS
    assert spent.writes == 0


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


def test_entries_of_another_process_are_found_by_the_periodic_scan(
    firestore_emulator: Any, firestore_project: str
) -> None:
    config = FirestoreConfig(firestore_project, emulator_host=firestore_emulator.host)
    writer = FirestoreStore(make_client(config))
    patient = FirestoreStore(make_client(config), outbox_scan_seconds=3600)
    eager = FirestoreStore(make_client(config), outbox_scan_seconds=0)
    try:
        now = datetime.now(UTC) + timedelta(seconds=1)
        assert patient.claim_due(now, 10, timedelta(seconds=30)) == []  # scanned: empty

        def notify(uow: UnitOfWork) -> list[str]:
            uow.enqueue(OutboundMessage(KITCHEN, "Pedido #7", "kitchen"))
            return []

        apply_once(writer, PHONE, "SMother", notify)
        later = datetime.now(UTC) + timedelta(seconds=1)
        assert patient.claim_due(later, 10, timedelta(seconds=30)) == []  # not its entry
        found = eager.claim_due(later, 10, timedelta(seconds=30))
        assert [p.message.body for p in found] == ["Pedido #7"]
    finally:
        for store in (writer, patient, eager):
            store.close()
