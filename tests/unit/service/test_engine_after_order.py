"""Engine tables for what comes after an order: the next one soon after reuses its details."""

from __future__ import annotations

from datetime import timedelta

from nlu import Fulfilment, PaymentMethod
from service.domain.checkout import FOLLOW_UP, order_stored
from service.domain.conversation import Conversation, State
from service.domain.engine import step
from service.domain.events import OrderPlaced
from tests.builders import NOW, inbound, seed_menu
from tests.unit.service.chat import Chat, P


def _ordered(chat: Chat, payment: str = "pix") -> Conversation:
    chat.send(P("add_items", [("feijoada", 2)]), "2 feijoadas")
    chat.send(P("checkout"), "só isso")
    chat.send(P(), "Rua Augusta 500")
    chat.send(P(payment=payment), payment)
    chat.send(P("confirm"), "sim")
    [event] = [e for e in chat.events if isinstance(e, OrderPlaced)]
    assert chat.conv is not None
    return order_stored(chat.conv, event.order.numbered(1), NOW)


def test_an_order_soon_after_goes_to_the_same_address_paid_the_same_way() -> None:
    chat = Chat(seed_menu())
    chat.conv = _ordered(chat)
    chat.send(P("add_items", [("coca_lata", 1)]), "esqueci de pedir uma coca lata")
    reply = chat.send(P("checkout"), "só isso")
    assert chat.state() is State.CONFIRMING
    assert "Resumo do pedido" in reply and "Rua Augusta 500" in reply and "Pix" in reply
    assert "O pedido *#1* já foi para a cozinha" in reply and "pedido novo" in reply
    chat.send(P("confirm"), "sim")
    placed = [e for e in chat.events if isinstance(e, OrderPlaced)]
    assert len(placed) == 2 and placed[1].order.total_cents == 1100


def test_cash_is_kept_but_the_change_is_asked_for_the_new_total() -> None:
    chat = Chat(seed_menu())
    chat.send(P("add_items", [("feijoada", 1)]), "1 feijoada")
    chat.send(P("checkout"), "só isso")
    chat.send(P(), "Rua Augusta 500")
    chat.send(P(payment="dinheiro", change_for=50.0), "dinheiro, troco pra 50")
    chat.send(P("confirm"), "sim")
    [event] = [e for e in chat.events if isinstance(e, OrderPlaced)]
    assert chat.conv is not None
    chat.conv = order_stored(chat.conv, event.order.numbered(1), NOW)
    chat.send(P("add_items", [("pudim", 1)]), "mais um pudim")
    reply = chat.send(P("checkout"), "só isso")
    assert chat.state() is State.ASKING_CHANGE and "Troco" in reply
    assert chat.conv.payment is PaymentMethod.CASH


def test_long_after_the_order_checkout_asks_again() -> None:
    chat = Chat(seed_menu())
    conv = _ordered(chat)
    later = NOW + FOLLOW_UP + timedelta(minutes=1)
    conv, _, _ = step(conv, inbound("mais uma coca"), P("add_items", [("coca_lata", 1)]),
                      chat.menu, later)
    conv, replies, _ = step(conv, inbound("só isso"), P("checkout"), chat.menu, later)
    assert conv.state is State.ASKING_ADDRESS and conv.payment is None
    assert "mesmo endereço" in "\n".join(replies)


def test_the_moment_of_the_order_is_kept_with_the_conversation() -> None:
    chat = Chat(seed_menu())
    conv = _ordered(chat)
    assert conv.last_order_at == NOW
    assert Conversation.from_dict(conv.to_dict()).last_order_at == NOW


def test_where_a_picked_up_order_is_said_as_ready_to_pick_up() -> None:
    from dataclasses import replace

    from tests.unit.service.test_engine_delivery import example

    chat = Chat(example())
    chat.send(P("greeting"), "oi")
    chat.send(P("add_items", [("feijoada", 1)], fulfilment=Fulfilment.PICKUP),
              "1 feijoada pra retirar")
    chat.send(P("checkout"), "finalizar")
    chat.send(P(payment="pix"), "pix")
    chat.send(P("confirm"), "sim")
    [event] = [e for e in chat.events if isinstance(e, OrderPlaced)]
    assert chat.conv is not None
    conv = order_stored(chat.conv, event.order.numbered(3), NOW)
    assert conv.last_order_pickup
    assert Conversation.from_dict(conv.to_dict()).last_order_pickup
    ready = replace(conv, last_order_status="saiu_para_entrega")
    _, replies, _ = step(ready, inbound("já tá pronto?"), P("order_status"), chat.menu, NOW)
    assert "pronto para retirar" in "\n".join(replies)
    assert "saiu para entrega" not in "\n".join(replies)


def test_an_ok_after_the_order_is_acknowledged_not_misunderstood() -> None:
    chat = Chat(seed_menu())
    chat.conv = _ordered(chat)
    reply = chat.send(P("confirm"), "chegou, tudo certinho")
    assert "Que bom" in reply and "não entendi" not in reply.lower()
    assert chat.state() is State.ORDERING and chat.conv.misunderstood == 0


def test_an_ok_before_any_order_is_still_not_understood() -> None:
    chat = Chat(seed_menu())
    chat.send(P("greeting"), "oi")
    reply = chat.send(P("confirm"), "ok")
    assert "Que bom" not in reply


def test_a_new_address_right_after_the_order_calls_the_team() -> None:
    from service.domain.events import HumanRequested

    chat = Chat(seed_menu())
    chat.conv = _ordered(chat)
    said = "ops, o endereço certo é rua augusta 730"
    reply = chat.send(P(address=said), said)
    assert "Seu pedido *#1* já está com a cozinha" in reply and "rua augusta 730" in reply
    [asked] = [e for e in chat.events if isinstance(e, HumanRequested)]
    assert asked.reason == "change_address"
    assert chat.conv.address is not None and "730" in chat.conv.address.text


def test_an_address_long_after_the_order_is_kept_for_the_next_one() -> None:
    from service.domain.events import HumanRequested

    chat = Chat(seed_menu())
    conv = _ordered(chat)
    later = NOW + FOLLOW_UP + timedelta(minutes=1)
    conv, replies, events = step(conv, inbound("rua augusta 730"), P(address="rua augusta 730"),
                                 chat.menu, later)
    assert not any(isinstance(e, HumanRequested) for e in events)
    assert "já está com a cozinha" not in "\n".join(replies)


def test_the_kitchen_reads_why_the_team_is_called() -> None:
    from service.domain.handoff import Handoff, HandoffReason
    from service.domain.kitchen_texts import kitchen_handoff

    handoff = Handoff.open("+5511999990000", 4, "change_address", "Ana", NOW)
    assert handoff.reason is HandoffReason.CHANGE_ADDRESS
    body = kitchen_handoff(4, "Ana", "+55…", handoff.reason.value)
    assert "endereço novo logo depois do pedido" in body and "*Atendimento 4*" in body
