"""The Firestore store on the real emulator: inbound transactions, orders, outbox, menu."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from nlu.menu import parse_menu
from service.adapters.firestore_store import FirestoreStore
from service.ports import InboundTransaction, InboundWork, OutboundMessage

pytestmark = pytest.mark.emulator

PHONE = "whatsapp:+5511987654321"
KITCHEN = "whatsapp:+5511900000000"


def peek(seen: list[Any]) -> InboundWork:
    """Work that only records the conversation it was given."""

    def work(tx: InboundTransaction) -> list[str]:
        seen.append(tx.load_conversation())
        return []

    return work


def remember(text: str) -> InboundWork:
    """Work that appends ``text`` to the conversation's history and answers with the count."""

    def work(tx: InboundTransaction) -> list[str]:
        state = tx.load_conversation() or {"mensagens": []}
        state = {"mensagens": [*state["mensagens"], text]}
        tx.save_conversation(state)
        return [f"recebi {len(state['mensagens'])} mensagens"]

    return work


def order_work(*items: str, notify: bool = True) -> InboundWork:
    """Work that places one order per item and tells the kitchen about each."""

    def work(tx: InboundTransaction) -> list[str]:
        numbers = [tx.place_order({"itens": [{"id": item, "quantidade": 1}]}) for item in items]
        if notify:
            for number in numbers:
                tx.enqueue(OutboundMessage(KITCHEN, f"Novo pedido #{number}", "kitchen"))
        tx.save_conversation({"ultimo_pedido": numbers[-1]})
        return [f"Pedido #{n} confirmado!" for n in numbers]

    return work


@pytest.mark.parametrize("texto", ["oi", "quero 2 feijoadas", "me vê uma coca lata pfv"])
def test_a_message_is_applied_once_and_a_redelivery_gets_the_same_replies(
    firestore_store: FirestoreStore, texto: str
) -> None:
    first = firestore_store.apply_inbound(PHONE, "SM001", remember(texto))
    calls: list[InboundTransaction] = []

    def must_not_run(tx: InboundTransaction) -> list[str]:
        calls.append(tx)
        return ["não devia rodar"]

    again = firestore_store.apply_inbound(PHONE, "SM001", must_not_run)
    assert first.duplicate is False
    assert first.replies == ("recebi 1 mensagens",)
    assert again.duplicate is True
    assert again.replies == first.replies
    assert calls == []


def test_the_conversation_is_kept_between_messages(firestore_store: FirestoreStore) -> None:
    firestore_store.apply_inbound(PHONE, "SM1", remember("boa noite"))
    outcome = firestore_store.apply_inbound(PHONE, "SM2", remember("cardápio"))
    seen: list[Any] = []
    firestore_store.apply_inbound(PHONE, "SM3", peek(seen))
    assert outcome.replies == ("recebi 2 mensagens",)
    assert seen == [{"mensagens": ["boa noite", "cardápio"]}]


def test_a_new_customer_has_no_conversation(firestore_store: FirestoreStore) -> None:
    seen: list[Any] = []
    firestore_store.apply_inbound(PHONE, "SM1", peek(seen))
    assert seen == [None]


def test_failed_work_leaves_nothing_behind(firestore_store: FirestoreStore) -> None:
    firestore_store.apply_inbound(PHONE, "SM1", remember("oi"))

    def broken(tx: InboundTransaction) -> list[str]:
        tx.save_conversation({"mensagens": ["perdida"]})
        tx.place_order({"itens": []})
        tx.enqueue(OutboundMessage(KITCHEN, "não deve sair"))
        raise RuntimeError("engine bug")

    with pytest.raises(RuntimeError, match="engine bug"):
        firestore_store.apply_inbound(PHONE, "SM2", broken)
    retried = firestore_store.apply_inbound(PHONE, "SM2", remember("de novo"))
    assert retried.duplicate is False
    assert retried.replies == ("recebi 2 mensagens",)
    assert firestore_store.list_orders() == []
    assert firestore_store.claim_due(datetime.now(UTC), 10, timedelta(minutes=1)) == []


def test_order_numbers_are_sequential_across_messages_and_within_one(
    firestore_store: FirestoreStore,
) -> None:
    first = firestore_store.apply_inbound(PHONE, "SM1", order_work("feijoada"))
    second = firestore_store.apply_inbound(
        "whatsapp:+5521999990000", "SM2", order_work("coca_lata", "pudim")
    )
    assert first.replies == ("Pedido #1 confirmado!",)
    assert second.replies == ("Pedido #2 confirmado!", "Pedido #3 confirmado!")
    orders = firestore_store.list_orders()
    assert [o["number"] for o in orders] == [3, 2, 1]
    assert orders[2]["itens"] == [{"id": "feijoada", "quantidade": 1}]
    second_order = firestore_store.get_order(2)
    assert second_order is not None
    assert second_order["itens"] == [{"id": "coca_lata", "quantidade": 1}]
    assert firestore_store.get_order(4) is None
    assert [o["number"] for o in firestore_store.list_orders(limit=2)] == [3, 2]


def test_outbox_entries_are_claimed_with_a_lease_then_sent_once(
    firestore_store: FirestoreStore,
) -> None:
    firestore_store.apply_inbound(PHONE, "SM1", order_work("feijoada", "pudim"))
    now = datetime.now(UTC) + timedelta(seconds=1)
    lease = timedelta(seconds=30)
    claimed = firestore_store.claim_due(now, 10, lease)
    assert sorted(p.message.body for p in claimed) == ["Novo pedido #1", "Novo pedido #2"]
    assert {p.message.to for p in claimed} == {KITCHEN}
    assert {p.message.purpose for p in claimed} == {"kitchen"}
    assert {p.attempts for p in claimed} == {1}
    assert firestore_store.claim_due(now, 10, lease) == []  # leased to the first worker

    sent, failed = claimed
    firestore_store.mark_sent(sent.id, "SMout1")
    firestore_store.mark_failed(failed.id, "Twilio 503", now + timedelta(seconds=5))
    assert firestore_store.claim_due(now + timedelta(seconds=4), 10, lease) == []
    retry = firestore_store.claim_due(now + timedelta(seconds=6), 10, lease)
    assert [(p.id, p.attempts) for p in retry] == [(failed.id, 2)]

    firestore_store.mark_failed(failed.id, "número inválido", None)
    assert firestore_store.claim_due(now + timedelta(days=1), 10, lease) == []


def test_an_expired_lease_makes_the_entry_claimable_again(firestore_store: FirestoreStore) -> None:
    firestore_store.apply_inbound(PHONE, "SM1", order_work("feijoada"))
    now = datetime.now(UTC) + timedelta(seconds=1)
    first = firestore_store.claim_due(now, 10, timedelta(seconds=30))
    again = firestore_store.claim_due(now + timedelta(seconds=31), 10, timedelta(seconds=30))
    assert [p.id for p in again] == [p.id for p in first]
    assert [p.attempts for p in again] == [2]


def test_claim_respects_the_limit_oldest_first(firestore_store: FirestoreStore) -> None:
    for index in range(5):
        firestore_store.apply_inbound(PHONE, f"SM{index}", order_work(f"item_{index}"))
    now = datetime.now(UTC) + timedelta(seconds=1)
    first = firestore_store.claim_due(now, 2, timedelta(minutes=1))
    rest = firestore_store.claim_due(now, 10, timedelta(minutes=1))
    assert [p.message.body for p in first] == ["Novo pedido #1", "Novo pedido #2"]
    assert [p.message.body for p in rest] == ["Novo pedido #3", "Novo pedido #4", "Novo pedido #5"]


MENU: dict[str, Any] = {
    "restaurant": {"name": "Cozinha da Cris", "delivery_fee": 5.0},
    "items": [
        {
            "id": "feijoada",
            "name": "Feijoada Completa",
            "category": "pratos",
            "price": 34.9,
            "aliases": ["feijuca"],
        },
        {"id": "pudim", "name": "Pudim de Leite", "category": "sobremesas", "price": 9.0},
        {"id": "coca_lata", "name": "Coca-Cola Lata", "category": "bebidas", "price": 6.5},
    ],
}


def test_a_saved_menu_loads_back_identical_in_file_order(firestore_store: FirestoreStore) -> None:
    menu = parse_menu(MENU)
    assert firestore_store.load_menu() is None
    assert firestore_store.menu_version() is None
    change = firestore_store.save_menu(menu)
    assert change.added == ("feijoada", "pudim", "coca_lata")
    assert firestore_store.load_menu() == menu


def test_saving_the_same_menu_changes_nothing_and_keeps_the_version(
    firestore_store: FirestoreStore,
) -> None:
    menu = parse_menu(MENU)
    firestore_store.save_menu(menu)
    version = firestore_store.menu_version()
    assert firestore_store.save_menu(parse_menu(MENU)).unchanged
    assert firestore_store.menu_version() == version


def test_menu_changes_are_reported_and_bump_the_version(firestore_store: FirestoreStore) -> None:
    firestore_store.save_menu(parse_menu(MENU))
    version = firestore_store.menu_version()
    edited = {
        "restaurant": {"name": "Cozinha da Cris", "delivery_fee": 6.0},
        "items": [
            {**MENU["items"][0], "price": 36.9},
            MENU["items"][2],
            {"id": "suco_laranja", "name": "Suco de Laranja", "category": "bebidas", "price": 8},
        ],
    }
    change = firestore_store.save_menu(parse_menu(edited))
    assert change.added == ("suco_laranja",)
    assert change.removed == ("pudim",)
    assert "feijoada" in change.changed
    assert change.restaurant_changed is True
    assert firestore_store.menu_version() != version
    assert firestore_store.load_menu() == parse_menu(edited)


def test_entries_of_one_message_are_claimed_in_the_order_enqueued(
    firestore_store: FirestoreStore,
) -> None:
    bodies = [f"aviso {n}" for n in range(6)]

    def work(tx: InboundTransaction) -> list[str]:
        for body in bodies:
            tx.enqueue(OutboundMessage(PHONE, body))
        return []

    firestore_store.apply_inbound(PHONE, "SM1", work)
    claimed = firestore_store.claim_due(
        datetime.now(UTC) + timedelta(seconds=1), 10, timedelta(minutes=1)
    )
    assert [p.message.body for p in claimed] == bodies
    assert firestore_store.outbox_status() == {"pending": 6}
    firestore_store.mark_sent(claimed[0].id, "SMx")
    firestore_store.mark_failed(claimed[1].id, "recusado", None)
    assert firestore_store.outbox_status() == {"pending": 4, "sent": 1, "failed": 1}


def test_an_order_gets_status_time_and_phone_unless_given(firestore_store: FirestoreStore) -> None:
    def work(tx: InboundTransaction) -> list[str]:
        tx.place_order({"items": [{"id": "feijoada", "quantity": 2}]})
        tx.place_order({"items": [], "status": "entregue", "phone": "whatsapp:+5511000000000"})
        return []

    firestore_store.apply_inbound(PHONE, "SM1", work)
    first, second = firestore_store.get_order(1), firestore_store.get_order(2)
    assert first is not None and second is not None
    assert (first["status"], first["phone"], first["number"]) == ("novo", PHONE, 1)
    assert datetime.fromisoformat(first["created_at"]).tzinfo is not None
    assert (second["status"], second["phone"]) == ("entregue", "whatsapp:+5511000000000")


@pytest.mark.parametrize(
    "state",
    [
        {"carrinho": [["feijoada", 2], ["coca_lata", 1]]},  # arrays inside arrays
        {"nome": "João", "endereço": "Rua São Bento, 10 — apto 3", "troco_para": None},
        {"profundo": {"a": {"b": {"c": [1, 2.5, True, {"d": "ç"}]}}}},
    ],
)
def test_any_json_state_round_trips(firestore_store: FirestoreStore, state: dict[str, Any]) -> None:
    def work(tx: InboundTransaction) -> list[str]:
        tx.save_conversation(state)
        return []

    firestore_store.apply_inbound(PHONE, "SM1", work)
    assert firestore_store.load_conversation(PHONE) == state
    assert firestore_store.load_conversation("whatsapp:+5599999999999") is None


@pytest.mark.parametrize("message_id", ["SM/1", "..", "__reservado__", "local-ação"])
def test_unusual_message_ids_are_still_deduplicated(
    firestore_store: FirestoreStore, message_id: str
) -> None:
    first = firestore_store.apply_inbound("whatsapp:+55/11", message_id, remember("oi"))
    again = firestore_store.apply_inbound("whatsapp:+55/11", message_id, remember("oi"))
    assert (first.duplicate, again.duplicate) == (False, True)
    assert firestore_store.load_conversation("whatsapp:+55/11") == {"mensagens": ["oi"]}
