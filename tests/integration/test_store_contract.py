"""One contract for every store: SQLite and Firestore must mean the same thing."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from nlu.menu import parse_menu
from service.domain.conversation import Conversation
from service.domain.order_status import StatusRefused
from service.ports import InboundTransaction, InboundWork, OutboundMessage, Store
from tests.builders import PHONE, SECOND_MENU, seed_menu
from tests.builders import parsed as p
from tests.unit.service.chat import Chat

KITCHEN = "whatsapp:+5511900000000"
LEASE = timedelta(seconds=30)


def counting(reply: str, *, order: dict[str, Any] | None = None,
             message: OutboundMessage | None = None) -> InboundWork:
    """Work that counts how often it was applied, in the conversation itself."""

    def work(tx: InboundTransaction) -> list[str]:
        state = tx.load_conversation() or {"count": 0}
        state["count"] += 1
        tx.save_conversation(state)
        replies = [f"{reply} #{state['count']}"]
        if order is not None:
            replies.append(f"pedido {tx.place_order(order)}")
        if message is not None:
            tx.enqueue(message)
        return replies

    return work


def count(store: Store, phone: str = PHONE) -> int:
    seen: list[int] = []

    def peek(tx: InboundTransaction) -> list[str]:
        state = tx.load_conversation() or {"count": 0}
        seen.append(state["count"])
        raise _Peeked

    with pytest.raises(_Peeked):
        store.apply_inbound(phone, "peek-" + phone, peek)
    return seen[-1]


class _Peeked(Exception):
    """Aborts a transaction that only looked."""


def order(total: int = 1000) -> dict[str, Any]:
    return {
        "status": "novo", "phone": "+5511987654321", "customer_name": "Maria Souza",
        "items": [{"id": "pudim", "name": "Pudim de Leite", "quantity": 1,
                   "unit_price_cents": total, "note": "bem gelado"}],
        "subtotal_cents": total, "delivery_fee_cents": 0, "total_cents": total,
        "address": {"text": "Rua Ação, 1", "latitude": -23.5, "longitude": -46.6},
        "payment": {"method": "pix", "change_for_cents": None},
        "created_at": "2026-03-06T19:30:00.000000+00:00",
    }


def test_a_message_is_applied_once_and_a_repeat_gets_the_stored_replies(store):
    first = store.apply_inbound(PHONE, "SM1", counting("olá"))
    again = store.apply_inbound(PHONE, "SM1", counting("outra resposta"))
    assert first.replies == ("olá #1",) and not first.duplicate
    assert again.replies == ("olá #1",) and again.duplicate
    assert count(store) == 1


def test_failed_work_leaves_nothing_and_the_message_can_be_applied_later(store):
    def failing(tx: InboundTransaction) -> list[str]:
        tx.save_conversation({"count": 99})
        tx.place_order(order())
        tx.enqueue(OutboundMessage(KITCHEN, "não deveria sair", "kitchen"))
        raise RuntimeError("falhou no meio")

    with pytest.raises(RuntimeError):
        store.apply_inbound(PHONE, "SM2", failing)
    assert count(store) == 0
    assert store.list_orders() == []
    assert store.claim_due(datetime.now(UTC) + timedelta(seconds=1), 10, LEASE) == []
    assert store.apply_inbound(PHONE, "SM2", counting("ok")).replies == ("ok #1",)


def test_the_same_message_delivered_concurrently_is_applied_once(store):
    outcomes: list[Any] = []
    errors: list[BaseException] = []

    def deliver() -> None:
        try:
            outcomes.append(store.apply_inbound(PHONE, "SM-dup", counting("oi")))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert len(outcomes) == 4
    assert {outcome.replies for outcome in outcomes} == {("oi #1",)}
    assert sum(not outcome.duplicate for outcome in outcomes) == 1
    assert count(store) == 1


def test_different_messages_of_one_customer_concurrently_are_all_applied(store):
    threads = [
        threading.Thread(target=store.apply_inbound, args=(PHONE, f"SM-c{n}", counting("x")))
        for n in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert count(store) == 3


def test_orders_get_sequential_numbers_and_are_listed_newest_first(store):
    numbers = []
    for n in range(3):
        outcome = store.apply_inbound(PHONE, f"SM-o{n}", counting("ok", order=order(1000 + n)))
        numbers.append(int(outcome.replies[1].split()[-1]))
    assert numbers == [1, 2, 3]
    listed = store.list_orders()
    assert [o["number"] for o in listed] == [3, 2, 1]
    assert [o["number"] for o in store.list_orders(limit=2)] == [3, 2]
    second = store.get_order(2)
    assert second is not None
    assert second == {**order(1001), "number": 2}
    assert store.get_order(99) is None


def test_outbox_claim_lease_sent(store):
    message = OutboundMessage(KITCHEN, "🛎️ Novo pedido #1: 2x Feijoada", "kitchen")
    store.apply_inbound(PHONE, "SM-out", counting("ok", message=message))
    now = datetime.now(UTC) + timedelta(seconds=1)
    claimed = store.claim_due(now, 10, LEASE)
    assert [(c.message, c.attempts) for c in claimed] == [(message, 1)]
    assert store.claim_due(now + timedelta(seconds=5), 10, LEASE) == []  # leased
    again = store.claim_due(now + LEASE + timedelta(seconds=1), 10, LEASE)  # lease expired
    assert [(c.id, c.attempts) for c in again] == [(claimed[0].id, 2)]
    store.mark_sent(claimed[0].id, "SM123")
    assert store.claim_due(now + timedelta(hours=1), 10, LEASE) == []


def test_outbox_failed_message_is_retried_at_its_time_or_given_up(store):
    for n in range(2):
        message = OutboundMessage(KITCHEN, f"mensagem {n}", "kitchen")
        store.apply_inbound(PHONE, f"SM-f{n}", counting("ok", message=message))
    now = datetime.now(UTC) + timedelta(seconds=1)
    claimed = store.claim_due(now, 10, LEASE)
    assert [c.message.body for c in claimed] == ["mensagem 0", "mensagem 1"]
    store.mark_failed(claimed[0].id, "Twilio 500", now + timedelta(seconds=20))
    store.mark_failed(claimed[1].id, "número inválido", None)
    assert store.claim_due(now + timedelta(seconds=10), 10, LEASE) == []
    retried = store.claim_due(now + timedelta(seconds=21), 10, LEASE)
    assert [(c.message.body, c.attempts) for c in retried] == [("mensagem 0", 2)]
    # Its lease runs out unsent: it comes back; the one given up on never does.
    later = store.claim_due(now + timedelta(hours=2), 10, LEASE)
    assert [(c.message.body, c.attempts) for c in later] == [("mensagem 0", 3)]


def test_claims_are_limited_and_oldest_first(store):
    for n in range(5):
        message = OutboundMessage(KITCHEN, f"m{n}", "kitchen")
        store.apply_inbound(PHONE, f"SM-l{n}", counting("ok", message=message))
    now = datetime.now(UTC) + timedelta(seconds=1)
    assert [c.message.body for c in store.claim_due(now, 2, LEASE)] == ["m0", "m1"]
    assert [c.message.body for c in store.claim_due(now, 10, LEASE)] == ["m2", "m3", "m4"]


def test_menu_save_reports_changes_and_versions(store):
    assert store.load_menu() is None and store.menu_version() is None
    first = store.save_menu(seed_menu())
    assert len(first.added) == len(seed_menu().items) and not first.removed
    version = store.menu_version()
    assert version is not None
    assert store.save_menu(seed_menu()).unchanged
    assert store.menu_version() == version
    assert store.load_menu() == seed_menu()
    data = seed_menu().to_dict()
    data["items"] = [i for i in data["items"] if i["id"] != "pave"]
    data["items"][0]["price"] = 36.5
    data["items"].append({"id": "bolo_fuba", "name": "Bolo de Fubá", "category": "sobremesas",
                          "price": 7})
    change = store.save_menu(parse_menu(data))
    assert (change.added, change.removed, change.changed) == (("bolo_fuba",), ("pave",),
                                                              ("feijoada",))
    assert store.menu_version() != version
    loaded = store.load_menu()
    assert loaded is not None and loaded["feijoada"].price_cents == 3650
    replaced = store.save_menu(parse_menu(SECOND_MENU))
    assert replaced.restaurant_changed
    assert store.load_menu() == parse_menu(SECOND_MENU)


def test_a_conversation_round_trips_through_the_store(store):
    chat = Chat()
    chat.send(p("greeting"), "oi")
    chat.send(p("add_items", [("feijoada", 2, "sem farofa, por favor")]), "2 feijoadas")
    chat.send(p("add_items", ambiguous=[(("coca_lata", "coca_2l"), 1, "coca")]), "uma coca")
    assert chat.conv is not None
    saved = chat.conv.to_dict()

    def save(tx: InboundTransaction) -> list[str]:
        tx.save_conversation(saved)
        return []

    loaded: list[dict[str, Any] | None] = []

    def load(tx: InboundTransaction) -> list[str]:
        loaded.append(tx.load_conversation())
        return []

    store.apply_inbound(PHONE, "SM-save", save)
    store.apply_inbound(PHONE, "SM-load", load)
    assert loaded[0] is not None
    assert Conversation.from_dict(loaded[0]) == chat.conv
    store.apply_inbound("whatsapp:+5521900000001", "SM-other", load)
    assert loaded[1] is None


# -- moving an order's status ---------------------------------------------------


def _customer_with_order(store: Store, phone: str = PHONE, message_id: str = "SM-place") -> int:
    """Place an order as the customer's last one, in their conversation."""
    placed: list[int] = []

    def work(tx: InboundTransaction) -> list[str]:
        number = tx.place_order(order())
        placed.append(number)
        tx.save_conversation({"phone": phone, "last_order_number": number,
                              "last_order_status": "novo"})
        return [f"pedido {number}"]

    store.apply_inbound(phone, message_id, work)
    return placed[-1]


def _conversation(store: Store, phone: str = PHONE) -> dict[str, Any]:
    seen: list[dict[str, Any] | None] = []

    def peek(tx: InboundTransaction) -> list[str]:
        seen.append(tx.load_conversation())
        raise _Peeked

    with pytest.raises(_Peeked):
        store.apply_inbound(phone, "peek-conv-" + phone, peek)
    assert seen[-1] is not None
    return seen[-1]


def _due(store: Store) -> list[OutboundMessage]:
    claimed = store.claim_due(datetime.now(UTC) + timedelta(seconds=5), 50, LEASE)
    return [c.message for c in claimed]


def test_a_status_change_moves_the_order_tells_the_customer_and_updates_the_conversation(store):
    number = _customer_with_order(store)
    update = store.update_order_status(number, "saiu_para_entrega")
    assert update is not None and update.changed and update.customer_notified
    assert update.previous_status == "novo"
    assert update.order["status"] == "saiu_para_entrega" and update.order["number"] == number
    stored = store.get_order(number)
    assert stored is not None and stored["status"] == "saiu_para_entrega"
    assert stored["total_cents"] == order()["total_cents"]  # the rest of the order is kept
    assert [o["status"] for o in store.list_orders()] == ["saiu_para_entrega"]
    [message] = _due(store)
    assert message.to == PHONE and message.purpose == "customer"
    assert f"#{number}" in message.body and "saiu para entrega" in message.body
    assert _conversation(store)["last_order_status"] == "saiu_para_entrega"


def test_repeating_a_status_is_a_no_op_that_tells_nobody_twice(store):
    number = _customer_with_order(store)
    first = store.update_order_status(number, "em_preparo")
    again = store.update_order_status(number, "em_preparo")
    assert first is not None and first.changed
    assert again is not None and not again.changed and not again.customer_notified
    assert again.order["status"] == "em_preparo"
    assert len(_due(store)) == 1


def test_a_refused_change_changes_nothing(store):
    number = _customer_with_order(store)
    store.update_order_status(number, "entregue")
    before = store.get_order(number)
    with pytest.raises(StatusRefused, match="já foi entregue"):
        store.update_order_status(number, "novo")
    with pytest.raises(StatusRefused, match="Status desconhecido"):
        store.update_order_status(number, "pronto")
    assert store.get_order(number) == before
    assert _conversation(store)["last_order_status"] == "entregue"
    assert _due(store) == []  # "entregue" tells nobody, and the refusals neither


def test_an_unknown_order_is_none_and_nothing_is_written(store):
    assert store.update_order_status(99, "saiu_para_entrega") is None
    assert store.list_orders() == [] and _due(store) == []


def test_only_the_customers_last_order_is_kept_in_the_conversation(store):
    first = _customer_with_order(store, message_id="SM-a")
    second = _customer_with_order(store, message_id="SM-b")
    store.update_order_status(first, "cancelado")
    conversation = _conversation(store)
    assert (conversation["last_order_number"], conversation["last_order_status"]) == (
        second, "novo")
    [message] = _due(store)
    assert message.to == PHONE and "cancelado" in message.body
    store.update_order_status(second, "em_preparo")
    assert _conversation(store)["last_order_status"] == "em_preparo"


def test_a_status_change_inside_an_inbound_message_commits_with_it(store):
    number = _customer_with_order(store)
    updates: list[Any] = []

    def kitchen(tx: InboundTransaction) -> list[str]:
        updates.append(tx.change_order_status(number, "saiu_para_entrega"))
        return ["ok"]

    store.apply_inbound(KITCHEN, "SM-k1", kitchen)
    again = store.apply_inbound(KITCHEN, "SM-k1", kitchen)  # a repeated delivery
    assert again.duplicate and len(updates) == 1
    assert updates[0].changed and updates[0].customer_notified
    assert [m.to for m in _due(store)] == [PHONE]
    assert _conversation(store)["last_order_status"] == "saiu_para_entrega"

    def failing(tx: InboundTransaction) -> list[str]:
        tx.change_order_status(number, "entregue")
        raise RuntimeError("falhou depois de mudar")

    with pytest.raises(RuntimeError):
        store.apply_inbound(KITCHEN, "SM-k2", failing)
    stored = store.get_order(number)
    assert stored is not None and stored["status"] == "saiu_para_entrega"
