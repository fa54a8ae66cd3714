"""Firestore transactions under contention, on the real emulator.

Each store here has its own client, as two app processes would. The emulator
holds a conflicting transaction for about 2 s, so these tests stay small.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from google.api_core import exceptions

from service.adapters.firestore.config import FirestoreConfig, make_client
from service.adapters.firestore.layout import Layout
from service.adapters.firestore.store import FirestoreContentionError, FirestoreStore
from service.application.once import apply_once
from service.application.ports import OutboundMessage, UnitOfWork
from service.domain.conversation import Conversation
from service.domain.order import OrderLine
from tests.builders import order, run_together
from tests.firestore_support import EMULATOR_INBOUND_DEADLINE_SECONDS

pytestmark = [pytest.mark.emulator, pytest.mark.slow]

PHONE = "whatsapp:+5511987654321"
ANA, BETO = "whatsapp:+5511911111111", "whatsapp:+5521922222222"
NAMES = {"feijoada": "Feijoada Completa", "pudim": "Pudim de Leite", "coca_lata": "Coca-Cola Lata"}


@pytest.fixture
def make_store(
    firestore_emulator: Any, firestore_project: str
) -> Iterator[Callable[..., FirestoreStore]]:
    """Builds stores with their own clients on one project, like separate app processes."""
    stores: list[FirestoreStore] = []

    def build(**options: Any) -> FirestoreStore:
        config = FirestoreConfig(firestore_project, emulator_host=firestore_emulator.host)
        options.setdefault("inbound_deadline", EMULATOR_INBOUND_DEADLINE_SECONDS)
        store = FirestoreStore(make_client(config), **options)
        stores.append(store)
        return store

    yield build
    for store in stores:
        store.close()


Replies = Callable[[UnitOfWork], Sequence[str]]


def cart(store: FirestoreStore, phone: str = PHONE) -> list[str]:
    """The item ids in the customer's cart as stored, one per line."""
    conv = store.run(lambda uow: uow.get_conversation(phone))
    return [line.item_id for line in conv.cart.lines] if conv else []


def ordered(store: FirestoreStore) -> list[str]:
    """The item of every stored order, newest first."""
    return [o.lines[0].item_id for o in store.list_orders()]


def add_item(item: str, runs: list[str], phone: str = PHONE) -> Replies:
    """Work that adds ``item`` to the cart, places an order of it and notifies the kitchen."""

    def work(uow: UnitOfWork) -> list[str]:
        runs.append(item)
        conv = uow.get_conversation(phone) or Conversation(phone=phone)
        placed = uow.add_order(replace(
            order(number=None, phone=phone.removeprefix("whatsapp:")),
            lines=(OrderLine(item, NAMES[item], 1, 1000),),
        ))
        number = placed.number
        uow.enqueue(OutboundMessage("whatsapp:+5511900000000", f"Pedido #{number}: {item}"))
        uow.save_conversation(replace(conv, cart=conv.cart.add(item, 1)))
        return [f"{item} anotado, pedido #{number}"]

    return work


def test_the_same_message_delivered_twice_at_once_is_applied_once(make_store: Any) -> None:
    first, second = make_store(), make_store()
    runs: list[str] = []
    outcomes = run_together(
        lambda: apply_once(first, PHONE, "SMdup", add_item("feijoada", runs)),
        lambda: apply_once(second, PHONE, "SMdup", add_item("feijoada", runs)),
    )
    assert sorted(o.duplicate for o in outcomes) == [False, True]
    assert outcomes[0].replies == outcomes[1].replies == ("feijoada anotado, pedido #1",)
    assert [o.number for o in first.list_orders()] == [1]
    assert cart(first) == ["feijoada"]
    claimed = first.claim_due(datetime.now(UTC) + timedelta(seconds=1), 10, timedelta(minutes=1))
    assert [p.message.body for p in claimed] == ["Pedido #1: feijoada"]


def test_concurrent_messages_of_one_customer_lose_no_update(make_store: Any) -> None:
    stores = [make_store(), make_store(), make_store()]
    items = ["feijoada", "pudim", "coca_lata"]
    runs: list[str] = []
    outcomes = run_together(
        *[
            (lambda s=store, i=item: apply_once(s, PHONE, f"SM-{i}", add_item(i, runs)))
            for store, item in zip(stores, items, strict=True)
        ]
    )
    assert all(not o.duplicate for o in outcomes)
    orders = stores[0].list_orders()
    assert sorted(o.number or 0 for o in orders) == [1, 2, 3]
    assert sorted(ordered(stores[0])) == sorted(items)
    assert sorted(cart(stores[0])) == sorted(items)
    # Retried attempts ran the work again, but only the committed attempt left anything.
    assert len(runs) >= len(items)
    claimed = stores[0].claim_due(
        datetime.now(UTC) + timedelta(seconds=1), 10, timedelta(minutes=1)
    )
    assert sorted(p.message.body.split(": ")[1] for p in claimed) == sorted(items)
    assert sorted(int(p.message.body.split("#")[1].split(":")[0]) for p in claimed) == [1, 2, 3]


def test_orders_of_different_customers_at_once_get_distinct_numbers(make_store: Any) -> None:
    first, second = make_store(), make_store()
    runs: list[str] = []
    outcomes = run_together(
        lambda: apply_once(first, ANA, "SMa", add_item("feijoada", runs, ANA)),
        lambda: apply_once(second, BETO, "SMb", add_item("pudim", runs, BETO)),
    )
    numbers = sorted(int(o.replies[0].rsplit("#", 1)[1]) for o in outcomes)
    assert numbers == [1, 2]
    assert sorted(ordered(first)) == ["feijoada", "pudim"]
    assert (cart(first, ANA), cart(first, BETO)) == (["feijoada"], ["pudim"])


def test_a_contended_message_gives_up_with_a_clear_error_and_applies_nothing(
    make_store: Any, firestore_project: str, firestore_emulator: Any
) -> None:
    impatient = make_store(transaction_attempts=1, inbound_deadline=0.5)
    apply_once(impatient, PHONE, "SM1", add_item("feijoada", []))
    holder_client = make_client(
        FirestoreConfig(firestore_project, emulator_host=firestore_emulator.host)
    )
    conversation = Layout.of(holder_client, "default").conversation(PHONE)
    holder = holder_client.transaction()
    holder._begin()
    list(holder.get_all([conversation]))  # another replica's transaction holds the document
    try:
        with pytest.raises(FirestoreContentionError, match=r"not applied.*contended"):
            apply_once(impatient, PHONE, "SM2", add_item("pudim", []))
    finally:
        holder._rollback()
        holder_client.close()
    assert cart(impatient) == ["feijoada"]
    assert ordered(impatient) == ["feijoada"]
    outcome = apply_once(impatient, PHONE, "SM2", add_item("pudim", []))
    assert outcome.duplicate is False
    assert [o.number for o in impatient.list_orders()] == [2, 1]
    assert cart(impatient) == ["feijoada", "pudim"]


def test_contention_is_retried_beyond_the_client_attempts(make_store: Any) -> None:
    """One client attempt per round: the store's own rounds must carry both messages through."""
    stores = [make_store(transaction_attempts=1) for _ in range(2)]
    runs: list[str] = []
    outcomes = run_together(
        *[
            (lambda s=store, i=item: apply_once(s, PHONE, f"SM-{i}", add_item(i, runs)))
            for store, item in zip(stores, ["feijoada", "pudim"], strict=True)
        ]
    )
    assert all(not o.duplicate for o in outcomes)
    assert sorted(o.number or 0 for o in stores[0].list_orders()) == [1, 2]
    assert sorted(cart(stores[0])) == ["feijoada", "pudim"]


def test_a_client_side_duplicate_create_fails_atomically(make_store: Any) -> None:
    """The message-id document is claimed with create(): a second create of it is refused."""
    store = make_store()
    apply_once(store, PHONE, "SMonce", add_item("feijoada", []))
    ref = store.layout.message(PHONE, "SMonce")
    batch = store.client.batch()
    batch.create(ref, {"replies": ["outra"]})
    batch.set(store.client.collection("restaurants/default/orders").document("99"), {"x": 1})
    with pytest.raises(exceptions.AlreadyExists):
        batch.commit()
    assert store.get_order(99) is None


def test_two_workers_claiming_at_once_never_share_an_entry(make_store: Any) -> None:
    writer = make_store()

    def notify(uow: UnitOfWork) -> list[str]:
        for n in range(4):
            uow.enqueue(OutboundMessage("whatsapp:+5511900000000", f"Pedido #{n}", "kitchen"))
        return []

    apply_once(writer, PHONE, "SMmany", notify)
    workers = [make_store(outbox_scan_seconds=0), make_store(outbox_scan_seconds=0)]
    now = datetime.now(UTC) + timedelta(seconds=1)
    batches = run_together(
        *[(lambda w=worker: w.claim_due(now, 10, timedelta(minutes=1))) for worker in workers]
    )
    claimed = [p.message.body for batch in batches for p in batch]
    assert sorted(claimed) == [f"Pedido #{n}" for n in range(4)]
