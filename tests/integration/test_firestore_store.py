"""The Firestore store on the emulator: transactions, orders, outbox, menu and console edits."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from google.cloud.firestore_v1.watch import ChangeType

from nlu import PaymentMethod
from service.adapters.firestore import menu as firestore_menu
from service.adapters.firestore.store import FirestoreStore
from service.application.menu_cache import MenuCache
from service.application.menus import seed_menu
from service.application.once import apply_once
from service.application.orders import OrderService
from service.application.ports import OutboundMessage, UnitOfWork
from service.bootstrap import default_parser
from service.domain.cart import Cart, CartLine
from service.domain.conversation import Address, Conversation, PendingChoice, State
from service.domain.menu import Menu, parse_menu
from service.domain.order import Order, OrderLine
from service.domain.order_status import OrderStatus
from tests.builders import NOW, order
from tests.builders import seed_menu as file_menu
from tests.firestore_support import wait_for

pytestmark = pytest.mark.emulator

PHONE = "whatsapp:+5511987654321"
KITCHEN = "whatsapp:+5511900000000"
ITEMS = {
    "feijoada": ("Feijoada Completa", 3490),
    "pudim": ("Pudim de Leite", 900),
    "coca_lata": ("Coca-Cola Lata", 650),
}

# How long a version must hold when nothing changes (the listener reports in ~0.1 s).
STABLE_SECONDS = 2.0

Replies = Callable[[UnitOfWork], Sequence[str]]


def conversation(store: FirestoreStore, phone: str = PHONE) -> Conversation | None:
    """The customer's conversation as stored, read in a transaction of its own."""
    return store.run(lambda uow: uow.get_conversation(phone))


def history(conv: Conversation | None) -> list[str | None]:
    """The texts :func:`remember` noted, oldest first."""
    return [line.note for line in conv.cart.lines] if conv else []


def peek(seen: list[Conversation | None], phone: str = PHONE) -> Replies:
    """Work that only records the conversation it was given."""

    def work(uow: UnitOfWork) -> list[str]:
        seen.append(uow.get_conversation(phone))
        return []

    return work


def remember(text: str, phone: str = PHONE) -> Replies:
    """Work that notes ``text`` as one more cart line (its note) and answers with the count."""

    def work(uow: UnitOfWork) -> list[str]:
        conv = uow.get_conversation(phone) or Conversation(phone=phone)
        conv = replace(conv, cart=conv.cart.add("pudim", 1, text))
        uow.save_conversation(conv)
        return [f"recebi {len(conv.cart.lines)} mensagens"]

    return work


def order_of(item_id: str, phone: str = "+5511987654321") -> Order:
    """A new (unnumbered) order of one ``item_id``."""
    name, price = ITEMS.get(item_id, (item_id, 1000))
    return replace(order(number=None, phone=phone, total_cents=price),
                   lines=(OrderLine(item_id, name, 1, price),))


def order_work(*items: str, phone: str = PHONE, notify: bool = True) -> Replies:
    """Work that adds one order per item and tells the kitchen about each."""

    def work(uow: UnitOfWork) -> list[str]:
        numbers = []
        for item in items:
            placed = uow.add_order(order_of(item, phone.removeprefix("whatsapp:")))
            assert placed.number is not None
            numbers.append(placed.number)
        if notify:
            for number in numbers:
                uow.enqueue(OutboundMessage(KITCHEN, f"Novo pedido #{number}", "kitchen"))
        conv = uow.get_conversation(phone) or Conversation(phone=phone)
        uow.save_conversation(replace(conv, last_order_number=numbers[-1],
                                      last_order_status=OrderStatus.NEW.value))
        return [f"Pedido #{n} confirmado!" for n in numbers]

    return work


def item_ids(orders: Sequence[Order]) -> list[list[str]]:
    return [[line.item_id for line in o.lines] for o in orders]


# -- one message, one transaction ------------------------------------------------


@pytest.mark.parametrize("texto", ["oi", "quero 2 feijoadas", "me vê uma coca lata pfv"])
def test_a_message_is_applied_once_and_a_redelivery_gets_the_same_replies(
    firestore_store: FirestoreStore, texto: str
) -> None:
    first = apply_once(firestore_store, PHONE, "SM001", remember(texto))
    calls: list[UnitOfWork] = []

    def must_not_run(uow: UnitOfWork) -> list[str]:
        calls.append(uow)
        return ["não devia rodar"]

    again = apply_once(firestore_store, PHONE, "SM001", must_not_run)
    assert first.duplicate is False
    assert first.replies == ("recebi 1 mensagens",)
    assert again.duplicate is True
    assert again.replies == first.replies
    assert calls == []
    assert history(conversation(firestore_store)) == [texto]


def test_the_conversation_is_kept_between_messages(firestore_store: FirestoreStore) -> None:
    apply_once(firestore_store, PHONE, "SM1", remember("boa noite"))
    outcome = apply_once(firestore_store, PHONE, "SM2", remember("cardápio"))
    seen: list[Conversation | None] = []
    apply_once(firestore_store, PHONE, "SM3", peek(seen))
    assert outcome.replies == ("recebi 2 mensagens",)
    assert [history(conv) for conv in seen] == [["boa noite", "cardápio"]]


def test_a_new_customer_has_no_conversation(firestore_store: FirestoreStore) -> None:
    seen: list[Conversation | None] = []
    apply_once(firestore_store, PHONE, "SM1", peek(seen))
    assert seen == [None]


def test_the_work_result_is_returned_and_its_own_writes_are_read_back_before_commit(
    firestore_store: FirestoreStore,
) -> None:
    """Writes wait in memory until the work returns; the work's own reads must still see them."""

    def work(uow: UnitOfWork) -> tuple[Conversation | None, Order | None, Order | None]:
        uow.save_conversation(Conversation(phone=PHONE, customer_name="Conceição"))
        placed = uow.add_order(order_of("feijoada"))
        assert placed.number is not None
        uow.save_order(placed.moved_to(OrderStatus.PREPARING, NOW))
        return uow.get_conversation(PHONE), uow.get_order(placed.number), uow.get_order(2)

    conv, placed, missing = firestore_store.run(work)
    assert conv is not None and conv.customer_name == "Conceição"
    assert placed is not None and (placed.number, placed.status) == (1, OrderStatus.PREPARING)
    assert missing is None
    assert firestore_store.get_order(1) == placed  # the order as last saved, created once
    stored = conversation(firestore_store)
    assert stored is not None and stored.customer_name == "Conceição"


def test_failed_work_leaves_nothing_behind(firestore_store: FirestoreStore) -> None:
    apply_once(firestore_store, PHONE, "SM1", remember("oi"))

    def broken(uow: UnitOfWork) -> list[str]:
        uow.save_conversation(Conversation(phone=PHONE, customer_name="perdida"))
        uow.add_order(order_of("feijoada"))
        uow.enqueue(OutboundMessage(KITCHEN, "não deve sair"))
        raise RuntimeError("engine bug")

    with pytest.raises(RuntimeError, match="engine bug"):
        apply_once(firestore_store, PHONE, "SM2", broken)
    assert history(conversation(firestore_store)) == ["oi"]
    retried = apply_once(firestore_store, PHONE, "SM2", remember("de novo"))
    assert retried.duplicate is False
    assert retried.replies == ("recebi 2 mensagens",)
    assert firestore_store.list_orders() == []
    assert firestore_store.claim_due(datetime.now(UTC), 10, timedelta(minutes=1)) == []
    # Nor did the counter move: the next order is still number 1.
    assert apply_once(firestore_store, PHONE, "SM3", order_work("pudim")).replies == (
        "Pedido #1 confirmado!",
    )


def test_order_numbers_are_sequential_across_messages_and_within_one(
    firestore_store: FirestoreStore,
) -> None:
    first = apply_once(firestore_store, PHONE, "SM1", order_work("feijoada"))
    second = apply_once(
        firestore_store, "whatsapp:+5521999990000", "SM2",
        order_work("coca_lata", "pudim", phone="whatsapp:+5521999990000"),
    )
    assert first.replies == ("Pedido #1 confirmado!",)
    assert second.replies == ("Pedido #2 confirmado!", "Pedido #3 confirmado!")
    orders = firestore_store.list_orders()
    assert [o.number for o in orders] == [3, 2, 1]
    assert item_ids(orders) == [["pudim"], ["coca_lata"], ["feijoada"]]
    assert orders[2] == order_of("feijoada").numbered(1)
    second_order = firestore_store.get_order(2)
    assert second_order == order_of("coca_lata", "+5521999990000").numbered(2)
    assert firestore_store.get_order(4) is None
    assert [o.number for o in firestore_store.list_orders(limit=2)] == [3, 2]
    last = conversation(firestore_store, "whatsapp:+5521999990000")
    assert last is not None and (last.last_order_number, last.last_order_status) == (3, "novo")


def test_an_order_document_keeps_number_status_phone_and_time_as_fields(
    firestore_store: FirestoreStore,
) -> None:
    """Beside the JSON document, the fields the console and queries use; status follows changes."""
    delivered = replace(order_of("feijoada", "+5511000000000"), status=OrderStatus.DELIVERED)

    def work(uow: UnitOfWork) -> list[str]:
        uow.add_order(order_of("feijoada"))
        uow.add_order(delivered)
        return []

    firestore_store.run(work)
    first = firestore_store.layout.order(1).get().to_dict() or {}
    second = firestore_store.layout.order(2).get().to_dict() or {}
    assert (first["number"], first["status"], first["phone"]) == (1, "novo", "+5511987654321")
    assert datetime.fromisoformat(first["created_at"]) == NOW
    assert (second["status"], second["phone"]) == ("entregue", "+5511000000000")
    assert firestore_store.get_order(2) == delivered.numbered(2)

    update = OrderService(firestore_store).change_status(1, "em_preparo")
    assert update is not None and update.changed
    moved = firestore_store.layout.order(1).get().to_dict() or {}
    assert moved["status"] == "em_preparo"
    stored = firestore_store.get_order(1)
    assert stored is not None and stored.status is OrderStatus.PREPARING
    assert stored.status_updated_at is not None


CONVERSATIONS = [
    # Cart lines and pending candidates: arrays inside arrays, which Firestore refuses natively.
    Conversation(
        phone=PHONE,
        state=State.CHOOSING,
        cart=Cart((CartLine("feijoada", 2, "sem farofa"), CartLine("coca_lata", 1))),
        pending=(PendingChoice(("coca_lata", "coca_2l"), 1, None, "uma coca"),
                 PendingChoice(("suco_laranja", "suco_maracuja"), 2, "sem gelo", "2 sucos")),
    ),
    Conversation(
        phone=PHONE,
        state=State.ASKING_CHANGE,
        customer_name="João",
        greeted=True,
        address=Address("Rua São Bento, 10 — apto 3"),
        payment=PaymentMethod.CASH,
        change_for_cents=None,
    ),
    Conversation(
        phone=PHONE,
        state=State.CONFIRMING_CANCEL,
        customer_name="Conceição",
        cart=Cart((CartLine("pudim", 3, "bem gelado, ç"),)),
        address=Address("Av. Paulista, 1000", -23.561, -46.656),
        payment=PaymentMethod.CARD,
        change_for_cents=5000,
        resume_state=State.CONFIRMING,
        last_order_number=7,
        last_order_status="saiu_para_entrega",
        updated_at=NOW,
    ),
]


@pytest.mark.parametrize("state", CONVERSATIONS)
def test_any_conversation_round_trips(firestore_store: FirestoreStore, state: Conversation) -> None:
    def work(uow: UnitOfWork) -> list[str]:
        uow.save_conversation(state)
        return []

    apply_once(firestore_store, PHONE, "SM1", work)
    assert conversation(firestore_store) == state
    assert conversation(firestore_store, "whatsapp:+5599999999999") is None
    stored = firestore_store.layout.conversation(PHONE).get().to_dict() or {}
    assert isinstance(stored["state_json"], str)  # kept as JSON text, arrays and all


@pytest.mark.parametrize("message_id", ["SM/1", "..", "__reservado__", "local-ação"])
def test_unusual_message_ids_are_still_deduplicated(
    firestore_store: FirestoreStore, message_id: str
) -> None:
    phone = "whatsapp:+55/11"
    first = apply_once(firestore_store, phone, message_id, remember("oi", phone))
    again = apply_once(firestore_store, phone, message_id, remember("oi", phone))
    assert (first.duplicate, again.duplicate) == (False, True)
    assert history(conversation(firestore_store, phone)) == ["oi"]


# -- outbox ----------------------------------------------------------------------


def test_outbox_entries_are_claimed_with_a_lease_then_sent_once(
    firestore_store: FirestoreStore,
) -> None:
    apply_once(firestore_store, PHONE, "SM1", order_work("feijoada", "pudim"))
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
    apply_once(firestore_store, PHONE, "SM1", order_work("feijoada"))
    now = datetime.now(UTC) + timedelta(seconds=1)
    first = firestore_store.claim_due(now, 10, timedelta(seconds=30))
    again = firestore_store.claim_due(now + timedelta(seconds=31), 10, timedelta(seconds=30))
    assert [p.id for p in again] == [p.id for p in first]
    assert [p.attempts for p in again] == [2]


def test_claim_respects_the_limit_oldest_first(firestore_store: FirestoreStore) -> None:
    for index in range(5):
        apply_once(firestore_store, PHONE, f"SM{index}", order_work(f"item_{index}"))
    now = datetime.now(UTC) + timedelta(seconds=1)
    first = firestore_store.claim_due(now, 2, timedelta(minutes=1))
    rest = firestore_store.claim_due(now, 10, timedelta(minutes=1))
    assert [p.message.body for p in first] == ["Novo pedido #1", "Novo pedido #2"]
    assert [p.message.body for p in rest] == ["Novo pedido #3", "Novo pedido #4", "Novo pedido #5"]


def test_entries_of_one_message_are_claimed_in_the_order_enqueued(
    firestore_store: FirestoreStore,
) -> None:
    bodies = [f"aviso {n}" for n in range(6)]

    def work(uow: UnitOfWork) -> list[str]:
        for body in bodies:
            uow.enqueue(OutboundMessage(PHONE, body))
        return []

    apply_once(firestore_store, PHONE, "SM1", work)
    claimed = firestore_store.claim_due(
        datetime.now(UTC) + timedelta(seconds=1), 10, timedelta(minutes=1)
    )
    assert [p.message.body for p in claimed] == bodies
    assert firestore_store.outbox_status() == {"pending": 6}
    firestore_store.mark_sent(claimed[0].id, "SMx")
    firestore_store.mark_failed(claimed[1].id, "recusado", None)
    assert firestore_store.outbox_status() == {"pending": 4, "sent": 1, "failed": 1}


# -- menu ------------------------------------------------------------------------

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


def saved_version(store: FirestoreStore) -> str | None:
    """The version field ``save_menu`` wrote, without the listener's part."""
    return firestore_menu.menu_version(store.layout)


def item_update_times(store: FirestoreStore) -> dict[str, Any]:
    return {snap.id: snap.update_time for snap in store.layout.menu_items.stream()}


def new_version(store: FirestoreStore, before: str | None, what: str) -> str:
    """Wait until ``menu_version()`` differs from ``before``; the new version."""

    def changed() -> str | None:
        version = store.menu_version()
        return version if version != before else None

    return wait_for(changed, f"menu_version() to change from {before} after {what}")


def without(menu: Menu, item_id: str) -> list[Any]:
    return [item for item in menu.items if item.id != item_id]


def test_a_saved_menu_loads_back_identical_in_file_order(firestore_store: FirestoreStore) -> None:
    menu = parse_menu(MENU)
    assert firestore_store.load_menu() is None
    assert firestore_store.menu_version() is None
    change = seed_menu(firestore_store, menu)
    assert change is not None
    assert change.added == ("feijoada", "pudim", "coca_lata")
    assert firestore_store.load_menu() == menu
    assert firestore_store.menu_version() is not None


def test_saving_the_same_menu_writes_nothing_and_keeps_the_version(
    firestore_store: FirestoreStore,
) -> None:
    menu = parse_menu(MENU)
    seed_menu(firestore_store, menu)
    version, written = firestore_store.menu_version(), item_update_times(firestore_store)
    change = seed_menu(firestore_store, parse_menu(MENU))
    assert change is not None and change.unchanged
    firestore_store.save_menu(parse_menu(MENU))  # the store itself, asked to save it again
    assert firestore_store.menu_version() == version
    assert saved_version(firestore_store) == menu.version
    assert item_update_times(firestore_store) == written  # no item document rewritten
    assert firestore_store.load_menu() == menu


def test_menu_changes_are_reported_and_bump_the_version(firestore_store: FirestoreStore) -> None:
    seed_menu(firestore_store, parse_menu(MENU))
    version = firestore_store.menu_version()
    edited = {
        "restaurant": {"name": "Cozinha da Cris", "delivery_fee": 6.0},
        "items": [
            {**MENU["items"][0], "price": 36.9},
            MENU["items"][2],
            {"id": "suco_laranja", "name": "Suco de Laranja", "category": "bebidas", "price": 8},
        ],
    }
    change = seed_menu(firestore_store, parse_menu(edited))
    assert change is not None
    assert change.added == ("suco_laranja",)
    assert change.removed == ("pudim",)
    assert change.changed == ("feijoada",)
    assert change.restaurant_changed is True
    assert firestore_store.menu_version() != version
    assert firestore_store.load_menu() == parse_menu(edited)
    assert sorted(item_update_times(firestore_store)) == ["coca_lata", "feijoada", "suco_laranja"]


def test_console_edits_of_an_item_reach_the_version_and_the_loaded_menu(
    firestore_store: FirestoreStore,
) -> None:
    """The restaurant edits item documents in the Firestore console; no seed-menu is run."""
    menu = file_menu()
    seed_menu(firestore_store, menu)
    feijoada = firestore_store.layout.menu_items.document("feijoada")
    before = firestore_store.menu_version()

    feijoada.update({"price_cents": 3990})
    priced = new_version(firestore_store, before, "a price edit")
    loaded = firestore_store.load_menu()
    assert loaded is not None and loaded["feijoada"].price_cents == 3990
    assert without(loaded, "feijoada") == without(menu, "feijoada")

    # A second edit must be noticed too: the listener keeps reporting, not just once.
    feijoada.update({"available": False})
    new_version(firestore_store, priced, "making an item unavailable")
    loaded = firestore_store.load_menu()
    assert loaded is not None
    assert loaded["feijoada"].available is False and loaded["feijoada"].price_cents == 3990
    assert "feijoada" not in [item.id for item in loaded.available_items]
    assert saved_version(firestore_store) == menu.version  # only seed-menu writes that field


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param({"price_cents": "abc"}, id="preco_em_texto"),
        pytest.param({"price_cents": -500}, id="preco_negativo"),
        pytest.param({"name": ""}, id="sem_nome"),
        pytest.param({"available": "não"}, id="disponivel_em_texto"),
    ],
)
def test_an_item_made_invalid_in_the_console_is_left_out_and_the_rest_loads(
    firestore_store: FirestoreStore, broken: dict[str, Any]
) -> None:
    menu = file_menu()
    seed_menu(firestore_store, menu)
    feijoada = firestore_store.layout.menu_items.document("feijoada")
    before = firestore_store.menu_version()

    feijoada.update(broken)
    invalid = new_version(firestore_store, before, f"the edit {broken}")
    loaded = firestore_store.load_menu()
    assert loaded is not None
    assert "feijoada" not in loaded
    assert list(loaded.items) == without(menu, "feijoada")
    assert loaded.restaurant == menu.restaurant

    # Put right in the console, the item is back.
    feijoada.update({"price_cents": 3490, "name": "Feijoada Completa", "available": True})
    new_version(firestore_store, invalid, "the fix in the console")
    assert firestore_store.load_menu() == menu


def test_seeding_the_file_again_restores_it_after_console_edits(
    firestore_store: FirestoreStore,
) -> None:
    menu = file_menu()
    seed_menu(firestore_store, menu)
    items = firestore_store.layout.menu_items
    items.document("feijoada").update({"price_cents": 3990})
    items.document("pudim").update({"price_cents": "abc"})
    items.document("bolo_fuba").set({"name": "Bolo de Fubá", "category": "sobremesas",
                                     "price_cents": 700, "position": 99})
    edited = firestore_store.load_menu()
    assert edited is not None and edited != menu and "bolo_fuba" in edited

    change = seed_menu(firestore_store, menu)
    assert change is not None
    assert (change.added, change.removed, change.changed) == (
        ("pudim",), ("bolo_fuba",), ("feijoada",))
    assert firestore_store.load_menu() == menu
    assert not items.document("bolo_fuba").get().exists
    assert (items.document("pudim").get().to_dict() or {})["price_cents"] == 900
    again = seed_menu(firestore_store, menu)
    assert again is not None and again.unchanged


def test_a_running_menu_cache_hands_the_parser_a_console_edit(
    firestore_store: FirestoreStore,
) -> None:
    seed_menu(firestore_store, file_menu())
    cache = MenuCache(firestore_store, default_parser, ttl_seconds=0)
    loaded = cache.current()
    assert loaded is not None
    assert [line.id for line in loaded[1].parse("quero uma feijoada").items] == ["feijoada"]
    feijoada = firestore_store.layout.menu_items.document("feijoada")

    feijoada.update({"price_cents": 3990})

    def repriced() -> bool:
        current = cache.current()
        return current is not None and current[0]["feijoada"].price_cents == 3990

    wait_for(repriced, "the cache to load the new price")

    feijoada.update({"available": False})

    def sold_out() -> list[str]:
        current = cache.current()
        assert current is not None
        parsed = current[1].parse("quero uma feijoada")
        return [line.id for line in parsed.unavailable_items]

    assert wait_for(sold_out, "the parser to see the item unavailable") == ["feijoada"]
    current = cache.current()
    assert current is not None and current[1].parse("quero uma feijoada").items == ()


def test_the_menu_version_does_not_change_by_itself(firestore_store: FirestoreStore) -> None:
    seed_menu(firestore_store, file_menu())
    version = firestore_store.menu_version()
    # The listener's first snapshot is the menu as it is, not a change: watch the version
    # for a while, long after that snapshot arrived.
    deadline = time.monotonic() + STABLE_SECONDS
    while time.monotonic() < deadline:
        assert firestore_store.menu_version() == version
        time.sleep(0.02)


@pytest.mark.parametrize("price", [3990.0, 39.9])
def test_a_price_in_cents_that_is_not_an_integer_is_never_read_as_reais(
    firestore_store: FirestoreStore, price: float
) -> None:
    seed_menu(firestore_store, file_menu())
    firestore_store.layout.menu_items.document("feijoada").update({"price_cents": price})
    loaded = firestore_store.load_menu()
    assert loaded is not None
    item = loaded.get("feijoada")
    if price.is_integer():  # 3990.0 is 3990 centavos, as typed
        assert item is not None and item.price_cents == 3990
    else:  # 39.9 centavos means nothing: left out, never read as reais
        assert item is None


def test_a_late_listener_report_of_the_claim_does_not_delay_the_retry(
    firestore_store: FirestoreStore,
) -> None:
    # The listener runs on its own stream and may report the claim (due at the lease's
    # end) after this process wrote the failure (due in 5 s): the retry keeps its time.
    apply_once(firestore_store, PHONE, "SM1", order_work("feijoada"))
    now = datetime.now(UTC) + timedelta(seconds=1)
    lease = timedelta(minutes=5)
    [claimed] = firestore_store.claim_due(now, 10, lease)
    as_claimed = firestore_store.layout.outbox.document(claimed.id).get()
    firestore_store.mark_failed(claimed.id, "Twilio 503", now + timedelta(seconds=5),
                                claim=claimed.claim)
    watch = firestore_store._outbox_watch
    watch._changed([], [SimpleNamespace(type=ChangeType.MODIFIED, document=as_claimed)], None)
    assert firestore_store.claim_due(now + timedelta(seconds=4), 10, lease) == []
    retry = firestore_store.claim_due(now + timedelta(seconds=6), 10, lease)
    assert [(p.id, p.attempts) for p in retry] == [(claimed.id, 2)]

    # Sent by this process, then an old report of it as pending: nothing is queried for it.
    as_retried = firestore_store.layout.outbox.document(claimed.id).get()
    firestore_store.mark_sent(claimed.id, "SMout1")
    watch._changed([], [SimpleNamespace(type=ChangeType.MODIFIED, document=as_retried)], None)
    assert not firestore_store._due.should_query(now + timedelta(minutes=6))
