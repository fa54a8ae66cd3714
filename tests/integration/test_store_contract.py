"""One contract for every store: in memory, SQLite and Firestore must mean the same thing.

The storage verbs are exercised through the use cases that rely on them: applying a
message once (``apply_once``), moving an order (``change_status``), loading a menu.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from service.application.menus import seed_menu
from service.application.once import InboundOutcome, apply_once
from service.application.orders import OrderService, StatusUpdate, change_status
from service.application.ports import OutboundMessage, Store, UnitOfWork
from service.domain.conversation import Conversation
from service.domain.menu import parse_menu
from service.domain.order import Order
from service.domain.order_status import StatusRefused
from tests.builders import PHONE, SECOND_MENU
from tests.builders import order as stored_order
from tests.builders import parsed as p
from tests.builders import seed_menu as seed
from tests.unit.service.chat import Chat

KITCHEN = "whatsapp:+5511900000000"
LEASE = timedelta(seconds=30)
Work = Any  # a function of the unit of work returning the replies


def apply_inbound(store: Store, phone: str, message_id: str, work: Work) -> InboundOutcome:
    return apply_once(store, phone, message_id, work)


def counting(reply: str, *, order: Order | None = None,
             message: OutboundMessage | None = None, phone: str = PHONE) -> Work:
    """Work that counts how often it was applied, in the conversation (as pudins in the cart)."""

    def work(uow: UnitOfWork) -> Sequence[str]:
        conv = uow.get_conversation(phone) or Conversation(phone)
        conv = replace(conv, cart=conv.cart.add("pudim", 1))
        uow.save_conversation(conv)
        replies = [f"{reply} #{conv.cart.quantity_of('pudim')}"]
        if order is not None:
            replies.append(f"pedido {uow.add_order(order).number}")
        if message is not None:
            uow.enqueue(message)
        return replies

    return work


def count(store: Store, phone: str = PHONE) -> int:
    seen: list[int] = []

    def peek(uow: UnitOfWork) -> None:
        conv = uow.get_conversation(phone)
        seen.append(conv.cart.quantity_of("pudim") if conv else 0)
        raise _Peeked

    with pytest.raises(_Peeked):
        store.run(peek)
    return seen[-1]


class _Peeked(Exception):
    """Aborts a transaction that only looked."""


def order(total: int = 1000) -> Order:
    return stored_order(number=None, total_cents=total)


def update_order_status(store: Store, number: int, status: str) -> StatusUpdate | None:
    return OrderService(store).change_status(number, status)


def save_menu(store: Store, menu: Any) -> Any:
    change = seed_menu(store, menu)
    assert change is not None
    return change


def test_a_message_is_applied_once_and_a_repeat_gets_the_stored_replies(store):
    first = apply_inbound(store, PHONE, "SM1", counting("olá"))
    again = apply_inbound(store, PHONE, "SM1", counting("outra resposta"))
    assert first.replies == ("olá #1",) and not first.duplicate
    assert again.replies == ("olá #1",) and again.duplicate
    assert count(store) == 1


def test_failed_work_leaves_nothing_and_the_message_can_be_applied_later(store):
    def failing(uow: UnitOfWork) -> list[str]:
        uow.save_conversation(Conversation(PHONE, customer_name="perdida"))
        uow.add_order(order())
        uow.enqueue(OutboundMessage(KITCHEN, "não deveria sair", "kitchen"))
        raise RuntimeError("falhou no meio")

    with pytest.raises(RuntimeError):
        apply_inbound(store, PHONE, "SM2", failing)
    assert count(store) == 0
    assert store.list_orders() == []
    assert store.claim_due(datetime.now(UTC) + timedelta(seconds=1), 10, LEASE) == []
    assert apply_inbound(store, PHONE, "SM2", counting("ok")).replies == ("ok #1",)


def test_the_same_message_delivered_concurrently_is_applied_once(store):
    outcomes: list[Any] = []
    errors: list[BaseException] = []

    def deliver() -> None:
        try:
            outcomes.append(apply_inbound(store, PHONE, "SM-dup", counting("oi")))
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
        threading.Thread(target=apply_inbound, args=(store, PHONE, f"SM-c{n}", counting("x")))
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
        outcome = apply_inbound(store, PHONE, f"SM-o{n}", counting("ok", order=order(1000 + n)))
        numbers.append(int(outcome.replies[1].split()[-1]))
    assert numbers == [1, 2, 3]
    listed = store.list_orders()
    assert [o.number for o in listed] == [3, 2, 1]
    assert [o.number for o in store.list_orders(limit=2)] == [3, 2]
    second = store.get_order(2)
    assert second is not None
    assert second == order(1001).numbered(2)
    assert store.get_order(99) is None


def test_outbox_claim_lease_sent(store):
    message = OutboundMessage(KITCHEN, "🛎️ Novo pedido #1: 2x Feijoada", "kitchen")
    apply_inbound(store, PHONE, "SM-out", counting("ok", message=message))
    now = datetime.now(UTC) + timedelta(seconds=1)
    claimed = store.claim_due(now, 10, LEASE)
    assert [(c.message, c.attempts) for c in claimed] == [(message, 1)]
    assert store.claim_due(now + timedelta(seconds=5), 10, LEASE) == []  # leased
    again = store.claim_due(now + LEASE + timedelta(seconds=1), 10, LEASE)  # lease expired
    assert [(c.id, c.attempts) for c in again] == [(claimed[0].id, 2)]
    store.mark_sent(claimed[0].id, "SM123")
    assert store.claim_due(now + timedelta(hours=1), 10, LEASE) == []


def claim_polling(store: Store, at: datetime, seconds: float = 3.0) -> list[Any]:
    """``claim_due`` at ``at``, polled as the outbox worker polls: on Firestore the listener
    that tells the process when entries fall due may lag behind its own last write."""
    deadline = time.monotonic() + seconds
    while True:
        claimed = store.claim_due(at, 10, LEASE)
        if claimed or time.monotonic() > deadline:
            return claimed
        time.sleep(0.1)


def test_outbox_failed_message_is_retried_at_its_time_or_given_up(store):
    for n in range(2):
        message = OutboundMessage(KITCHEN, f"mensagem {n}", "kitchen")
        apply_inbound(store, PHONE, f"SM-f{n}", counting("ok", message=message))
    now = datetime.now(UTC) + timedelta(seconds=1)
    claimed = store.claim_due(now, 10, LEASE)
    assert [c.message.body for c in claimed] == ["mensagem 0", "mensagem 1"]
    store.mark_failed(claimed[0].id, "Twilio 500", now + timedelta(seconds=20))
    store.mark_failed(claimed[1].id, "número inválido", None)
    assert store.claim_due(now + timedelta(seconds=10), 10, LEASE) == []
    retried = claim_polling(store, now + timedelta(seconds=21))
    assert [(c.message.body, c.attempts) for c in retried] == [("mensagem 0", 2)]
    # Its lease runs out unsent: it comes back; the one given up on never does.
    later = claim_polling(store, now + timedelta(hours=2))
    assert [(c.message.body, c.attempts) for c in later] == [("mensagem 0", 3)]


def test_claims_are_limited_and_oldest_first(store):
    for n in range(5):
        message = OutboundMessage(KITCHEN, f"m{n}", "kitchen")
        apply_inbound(store, PHONE, f"SM-l{n}", counting("ok", message=message))
    now = datetime.now(UTC) + timedelta(seconds=1)
    assert [c.message.body for c in store.claim_due(now, 2, LEASE)] == ["m0", "m1"]
    assert [c.message.body for c in store.claim_due(now, 10, LEASE)] == ["m2", "m3", "m4"]


def test_menu_save_reports_changes_and_versions(store):
    assert store.load_menu() is None and store.menu_version() is None
    first = save_menu(store, seed())
    assert len(first.added) == len(seed().items) and not first.removed
    version = store.menu_version()
    assert version is not None
    assert save_menu(store, seed()).unchanged
    assert store.menu_version() == version
    assert store.load_menu() == seed()
    data = seed().to_dict()
    data["items"] = [i for i in data["items"] if i["id"] != "pave"]
    data["items"][0]["price"] = 36.5
    data["items"].append({"id": "bolo_fuba", "name": "Bolo de Fubá", "category": "sobremesas",
                          "price": 7})
    change = save_menu(store, parse_menu(data))
    assert (change.added, change.removed, change.changed) == (("bolo_fuba",), ("pave",),
                                                              ("feijoada",))
    assert store.menu_version() != version
    loaded = store.load_menu()
    assert loaded is not None and loaded["feijoada"].price_cents == 3650
    replaced = save_menu(store, parse_menu(SECOND_MENU))
    assert replaced.restaurant_changed
    assert store.load_menu() == parse_menu(SECOND_MENU)


def test_a_conversation_round_trips_through_the_store(store):
    chat = Chat()
    chat.send(p("greeting"), "oi")
    chat.send(p("add_items", [("feijoada", 2, "sem farofa, por favor")]), "2 feijoadas")
    chat.send(p("add_items", ambiguous=[(("coca_lata", "coca_2l"), 1, "coca")]), "uma coca")
    assert chat.conv is not None
    saved = chat.conv.to_dict()

    def save(uow: UnitOfWork) -> list[str]:
        uow.save_conversation(Conversation.from_dict(saved))
        return []

    loaded: list[dict[str, Any] | None] = []

    def load(uow: UnitOfWork, phone: str = PHONE) -> list[str]:
        conv = uow.get_conversation(phone)
        loaded.append(conv.to_dict() if conv else None)
        return []

    apply_inbound(store, PHONE, "SM-save", save)
    apply_inbound(store, PHONE, "SM-load", load)
    assert loaded[0] is not None
    assert Conversation.from_dict(loaded[0]) == chat.conv
    other = "whatsapp:+5521900000001"
    apply_inbound(store, other, "SM-other", lambda uow: load(uow, other))
    assert loaded[1] is None


# -- moving an order's status ---------------------------------------------------


def _customer_with_order(store: Store, phone: str = PHONE, message_id: str = "SM-place") -> int:
    """Place an order as the customer's last one, in their conversation."""
    placed: list[int] = []

    def work(uow: UnitOfWork) -> list[str]:
        number = uow.add_order(order()).number
        assert number is not None
        placed.append(number)
        uow.save_conversation(Conversation(phone, last_order_number=number,
                                           last_order_status="novo"))
        return [f"pedido {number}"]

    apply_inbound(store, phone, message_id, work)
    return placed[-1]


def _conversation(store: Store, phone: str = PHONE) -> dict[str, Any]:
    seen: list[dict[str, Any] | None] = []

    def peek(uow: UnitOfWork) -> list[str]:
        conv = uow.get_conversation(phone)
        seen.append(conv.to_dict() if conv else None)
        raise _Peeked

    with pytest.raises(_Peeked):
        apply_inbound(store, phone, "peek-conv-" + phone, peek)
    assert seen[-1] is not None
    return seen[-1]


def _due(store: Store) -> list[OutboundMessage]:
    claimed = store.claim_due(datetime.now(UTC) + timedelta(seconds=5), 50, LEASE)
    return [c.message for c in claimed]


def test_a_status_change_moves_the_order_tells_the_customer_and_updates_the_conversation(store):
    number = _customer_with_order(store)
    update = update_order_status(store, number, "saiu_para_entrega")
    assert update is not None and update.changed and update.customer_notified
    assert update.previous_status == "novo"
    assert update.order.status == "saiu_para_entrega" and update.order.number == number
    stored = store.get_order(number)
    assert stored is not None and stored.status == "saiu_para_entrega"
    assert stored.total_cents == order().total_cents  # the rest of the order is kept
    assert [o.status for o in store.list_orders()] == ["saiu_para_entrega"]
    [message] = _due(store)
    assert message.to == PHONE and message.purpose == "customer"
    assert f"#{number}" in message.body and "saiu para entrega" in message.body
    assert _conversation(store)["last_order_status"] == "saiu_para_entrega"


def test_repeating_a_status_is_a_no_op_that_tells_nobody_twice(store):
    number = _customer_with_order(store)
    first = update_order_status(store, number, "em_preparo")
    again = update_order_status(store, number, "em_preparo")
    assert first is not None and first.changed
    assert again is not None and not again.changed and not again.customer_notified
    assert again.order.status == "em_preparo"
    assert len(_due(store)) == 1


def test_a_refused_change_changes_nothing(store):
    number = _customer_with_order(store)
    update_order_status(store, number, "entregue")
    before = store.get_order(number)
    with pytest.raises(StatusRefused, match="já foi entregue"):
        update_order_status(store, number, "novo")
    with pytest.raises(StatusRefused, match="Status desconhecido"):
        update_order_status(store, number, "pronto")
    assert store.get_order(number) == before
    assert _conversation(store)["last_order_status"] == "entregue"
    assert _due(store) == []  # "entregue" tells nobody, and the refusals neither


def test_an_unknown_order_is_none_and_nothing_is_written(store):
    assert update_order_status(store, 99, "saiu_para_entrega") is None
    assert store.list_orders() == [] and _due(store) == []


def test_only_the_customers_last_order_is_kept_in_the_conversation(store):
    first = _customer_with_order(store, message_id="SM-a")
    second = _customer_with_order(store, message_id="SM-b")
    update_order_status(store, first, "cancelado")
    conversation = _conversation(store)
    assert (conversation["last_order_number"], conversation["last_order_status"]) == (
        second, "novo")
    [message] = _due(store)
    assert message.to == PHONE and "cancelado" in message.body
    update_order_status(store, second, "em_preparo")
    assert _conversation(store)["last_order_status"] == "em_preparo"


def test_a_status_change_inside_an_inbound_message_commits_with_it(store):
    number = _customer_with_order(store)
    updates: list[Any] = []

    def kitchen(uow: UnitOfWork) -> list[str]:
        updates.append(change_status(uow, number, "saiu_para_entrega", datetime.now(UTC)))
        return ["ok"]

    apply_inbound(store, KITCHEN, "SM-k1", kitchen)
    again = apply_inbound(store, KITCHEN, "SM-k1", kitchen)  # a repeated delivery
    assert again.duplicate and len(updates) == 1
    assert updates[0].changed and updates[0].customer_notified
    assert [m.to for m in _due(store)] == [PHONE]
    assert _conversation(store)["last_order_status"] == "saiu_para_entrega"

    def failing(uow: UnitOfWork) -> list[str]:
        change_status(uow, number, "entregue", datetime.now(UTC))
        raise RuntimeError("falhou depois de mudar")

    with pytest.raises(RuntimeError):
        apply_inbound(store, KITCHEN, "SM-k2", failing)
    stored = store.get_order(number)
    assert stored is not None and stored.status == "saiu_para_entrega"
