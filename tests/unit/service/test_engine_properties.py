"""Properties of the engine over random valid menus and random message sequences."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlu.result import (
    Ambiguity,
    Fulfilment,
    Intent,
    InvalidQuantity,
    ItemLine,
    NumberRef,
    ParseResult,
    PaymentMethod,
    Question,
)
from service.domain.cart import MAX_LINE_QUANTITY
from service.domain.checkout import accepted_methods
from service.domain.conversation import Conversation, Inbound, Location
from service.domain.engine import step
from service.domain.events import OrderPlaced
from service.domain.menu import Menu, parse_menu
from service.domain.messages import MAX_MESSAGE_CHARS, MAX_REPLY_MESSAGES

WORDS = ["Feijão", "Arroz", "Frango", "Coca", "Suco", "Bolo", "Torta", "à", "de", "Caju",
         "Grande", "Pequeno", "Lata", "2L", "Pão", "Açaí", "Tapioca"]


@st.composite
def menus(draw: st.DrawFn) -> Menu:
    count = draw(st.integers(1, 45))
    categories = draw(st.lists(st.sampled_from(["pratos", "bebidas", "doces", "lanches"]),
                               min_size=1, max_size=4, unique=True))
    items = []
    for n in range(count):
        name = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5)))
        items.append({
            "id": f"item_{n}", "name": name, "category": draw(st.sampled_from(categories)),
            "price": draw(st.integers(0, 50000)) / 100,
            "description": draw(st.sampled_from(["", "Feito na hora, com muito carinho " * 3])),
            "available": draw(st.booleans()) if n else True,
        })
    fee = draw(st.integers(0, 2000)) / 100
    return parse_menu({"restaurant": {"name": "Cozinha Teste", "delivery_fee": fee},
                       "items": items})


@st.composite
def messages(draw: st.DrawFn, menu: Menu) -> tuple[Inbound, ParseResult, str | None]:
    ids = [item.id for item in menu.items] + ["fora_do_cardapio"]
    intent = draw(st.sampled_from(list(Intent)))
    items = tuple(
        ItemLine(draw(st.sampled_from(ids)), draw(st.integers(1, 60)),
                 draw(st.sampled_from([None, "sem cebola"])))
        for _ in range(draw(st.integers(0, 3)))
    )
    ambiguous = tuple(
        Ambiguity(tuple(draw(st.lists(st.sampled_from(ids), min_size=2, max_size=3))),
                  draw(st.integers(1, 5)), "coisa")
        for _ in range(draw(st.integers(0, 1)))
    )
    numbers = tuple(NumberRef(draw(st.integers(0, 200)), draw(st.integers(1, 4)))
                    for _ in range(draw(st.integers(0, 2))))
    parsed = ParseResult(
        intent=intent, items=items, ambiguous=ambiguous, numbers=numbers,
        invalid_quantities=tuple(InvalidQuantity(q) for q in draw(st.lists(
            st.sampled_from([0, -1, 999]), max_size=1))),
        replace=draw(st.booleans()),
        payment=draw(st.sampled_from([None, *PaymentMethod])),
        change_for_cents=draw(st.sampled_from([None, 500, 100000])),
        money_cents=draw(st.sampled_from([None, 700, 20000])),
        no_change=draw(st.booleans()),
        address=draw(st.sampled_from([None, "rua das flores 123", "apto 4", "bairro centro",
                                      "o número é 12"])),
        question=draw(st.sampled_from([None, *Question])),
        about=tuple(draw(st.lists(st.sampled_from(ids), max_size=2))),
        fulfilment=draw(st.sampled_from([None, *Fulfilment])),
        repeat_last=draw(st.booleans()),
        erase_data=draw(st.booleans()),
        salutation=draw(st.sampled_from([None, "bom dia", "boa noite"])),
        thanks=draw(st.booleans()),
    )
    text = draw(st.sampled_from(["", "oi", "Rua das Flores, 123, Centro", "sim", "2",
                                 "x" * 20, "rua dos pinheiros", "apto 42 bloco b", "870",
                                 "o número é 12, não 10", "cep 01310-100"]))
    location = draw(st.sampled_from([None, Location(-23.5, -46.6, "Av. Paulista, 1", "")]))
    media = draw(st.sampled_from([(), ("audio/ogg",)]))
    choice = draw(st.sampled_from([None, *ids]))
    inbound = Inbound("whatsapp:+5511987654321", text, "SM", "Ana Maria", media, location)
    return inbound, parsed, choice


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_menu_and_any_messages_keep_the_invariants(data: st.DataObject) -> None:
    menu = data.draw(menus())
    conv: Conversation | None = None
    now = datetime(2026, 3, 6, 19, 0, tzinfo=UTC)
    for _ in range(data.draw(st.integers(1, 25))):
        inbound, parsed, choice = data.draw(messages(menu))
        now += timedelta(minutes=1)
        before = conv
        conv, replies, events = step(conv, inbound, parsed, menu, now, choice=choice)
        assert replies or events, "the customer must never get silence"
        takes_away = parsed.intent in (Intent.REMOVE_ITEMS, Intent.CONFIRM, Intent.CANCEL) \
            or parsed.replace or bool(parsed.then_add)
        if before is not None and not takes_away:
            kept = {line.item_id for line in before.cart.lines if menu[line.item_id].available}
            assert kept <= {line.item_id for line in conv.cart.lines}, "the cart was lost"
        assert len(replies) <= MAX_REPLY_MESSAGES
        assert all(0 < len(reply) <= MAX_MESSAGE_CHARS for reply in replies)
        for line in conv.cart.lines:
            assert 1 <= line.quantity <= MAX_LINE_QUANTITY
            assert menu[line.item_id].available
        assert Conversation.from_dict(json.loads(json.dumps(conv.to_dict()))) == conv
        for event in events:
            if isinstance(event, OrderPlaced):
                order = event.order.to_dict()
                subtotal = sum(i["quantity"] * i["unit_price_cents"] for i in order["items"])
                assert order["items"] and order["subtotal_cents"] == subtotal
                assert order["delivery_fee_cents"] == menu.restaurant.delivery_fee_cents
                assert order["total_cents"] == subtotal + order["delivery_fee_cents"]
                change = order["payment"]["change_for_cents"]
                assert change is None or change > order["total_cents"]
                assert conv.cart.empty


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_any_menu_takes_a_whole_order_with_exact_totals(data: st.DataObject) -> None:
    menu = data.draw(menus())
    available = [item for item in menu.items if item.available]
    wanted = data.draw(st.lists(
        st.tuples(st.sampled_from(available), st.integers(1, 5)), min_size=1, max_size=6))
    method = data.draw(st.sampled_from(list(accepted_methods(menu))))
    asides = [ParseResult(Intent.SHOW_MENU), ParseResult(Intent.HELP),
              ParseResult(Intent.SHOW_CART), ParseResult(Intent.ASK_DELIVERY)]
    expected_subtotal = sum(item.price_cents * quantity for item, quantity in wanted)
    expected_total = expected_subtotal + menu.restaurant.delivery_fee_cents
    script: list[tuple[str, ParseResult]] = [("oi", ParseResult(Intent.GREETING))]
    script += [(f"{q} {item.name}", ParseResult(Intent.ADD_ITEMS, items=(ItemLine(item.id, q),)))
               for item, q in wanted]
    script += [
        ("finalizar", ParseResult(Intent.CHECKOUT)),
        ("Rua das Acácias, 42, Jardim", ParseResult(Intent.UNKNOWN)),
        (method.value, ParseResult(Intent.UNKNOWN, payment=method)),
    ]
    if method is PaymentMethod.CASH:
        script.append(("troco", ParseResult(Intent.UNKNOWN,
                                            change_for_cents=expected_total + 5000)))
    script.append(("sim", ParseResult(Intent.CONFIRM)))
    conv: Conversation | None = None
    now = datetime(2026, 3, 6, 19, 0, tzinfo=UTC)
    placed = []
    for position, (text, parsed) in enumerate(script):
        if position and data.draw(st.booleans()):  # an aside never loses cart or step
            before = conv
            conv, _, _ = step(conv, Inbound("whatsapp:+5511", "aside"),
                              data.draw(st.sampled_from(asides)), menu, now)
            assert before is not None and (conv.state, conv.cart) == (before.state, before.cart)
        conv, _, events = step(conv, Inbound("whatsapp:+5511", text), parsed, menu, now)
        placed += [e for e in events if isinstance(e, OrderPlaced)]
    assert len(placed) == 1
    order = placed[0].order.to_dict()
    assert order["subtotal_cents"] == expected_subtotal
    assert order["total_cents"] == expected_total
    assert sum(i["quantity"] for i in order["items"]) == sum(q for _, q in wanted)
