"""The order use cases on the in-memory store: one code path for every way of moving an order."""

from __future__ import annotations

from datetime import timedelta

import pytest

from service.adapters.memory.store import MemoryStore
from service.application.kitchen import KitchenService
from service.application.orders import OrderService
from service.domain.conversation import Conversation
from service.domain.order_status import StatusRefused
from tests.builders import NOW, PHONE, inbound, order

KITCHEN = "whatsapp:+5511900000000"


@pytest.fixture
def store() -> MemoryStore:
    """A store with order #1 as the customer's last order."""
    memory = MemoryStore(clock=lambda: NOW)

    def place(uow):
        placed = uow.add_order(order(number=None))
        uow.save_conversation(Conversation(PHONE, last_order_number=placed.number,
                                           last_order_status="novo"))

    memory.run(place)
    return memory


def customer_messages(store: MemoryStore) -> list[str]:
    return [c.message.body for c in store.claim_due(NOW + timedelta(seconds=1), 10,
                                                    timedelta(minutes=1))
            if c.message.to == PHONE]


def conversation(store: MemoryStore) -> Conversation:
    conv = store.run(lambda uow: uow.get_conversation(PHONE))
    assert conv is not None
    return conv


def test_a_move_stamps_the_order_keeps_the_conversation_and_tells_the_customer(store):
    update = OrderService(store, clock=lambda: NOW + timedelta(minutes=5)).change_status(
        1, "saiu_para_entrega")
    assert update is not None and update.changed and update.customer_notified
    stored = store.get_order(1)
    assert stored is not None and stored.status == "saiu_para_entrega"
    assert stored.status_updated_at == NOW + timedelta(minutes=5)
    assert conversation(store).last_order_status == "saiu_para_entrega"
    [message] = customer_messages(store)
    assert "*#1* saiu para entrega" in message


@pytest.mark.parametrize("entry", ["api", "kitchen"])
def test_the_kitchen_and_the_api_move_an_order_the_same_way(store, entry):
    if entry == "api":
        OrderService(store).change_status(1, "em_preparo")
    else:
        [reply] = KitchenService(store, KITCHEN).handle(
            inbound("preparando 1", phone=KITCHEN, message_id="SM-k"))
        assert "Cliente avisado" in reply
    assert store.get_order(1).status == "em_preparo"
    assert conversation(store).last_order_status == "em_preparo"
    assert len(customer_messages(store)) == 1


def test_repeating_or_refusing_changes_nothing(store):
    service = OrderService(store)
    service.change_status(1, "entregue")
    before = store.get_order(1)
    again = service.change_status(1, "entregue")
    assert again is not None and not again.changed
    with pytest.raises(StatusRefused):
        service.change_status(1, "cancelado")
    assert store.get_order(1) == before
    assert customer_messages(store) == []  # "entregue" tells nobody
    assert service.change_status(99, "entregue") is None


def test_work_that_fails_leaves_the_memory_store_untouched(store):
    def failing(uow):
        uow.save_order(order("cancelado", number=1))
        raise RuntimeError("no meio")

    with pytest.raises(RuntimeError):
        store.run(failing)
    assert store.get_order(1).status == "novo"
