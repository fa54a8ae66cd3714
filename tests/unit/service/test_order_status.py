"""The status rule as a table: which moves are allowed, and what the customer reads."""

from __future__ import annotations

from dataclasses import replace

import pytest

from service.domain import status_texts
from service.domain.order import Order, decide_transition, whatsapp_address
from service.domain.order_status import OrderStatus, StatusRefused, parse_status
from tests.builders import order as stored_order
from tests.builders import parsed as p
from tests.unit.service.chat import Chat


def order(status: str = "novo", number: int = 12, name: str = "Maria Souza") -> Order:
    return stored_order(status, number, name)


@pytest.mark.parametrize(
    ("current", "requested", "told"),
    [
        ("novo", "em_preparo", "já está sendo preparado"),
        ("novo", "saiu_para_entrega", "saiu para entrega"),
        ("em_preparo", "saiu_para_entrega", "saiu para entrega"),
        ("novo", "cancelado", "foi cancelado"),
        ("em_preparo", "cancelado", "foi cancelado"),
        ("saiu_para_entrega", "entregue", None),
        ("novo", "entregue", None),
    ],
)
def test_allowed_moves_and_what_the_customer_reads(current, requested, told):
    decision = decide_transition(order(current), requested)
    assert decision.changed
    assert (decision.previous, decision.status) == (OrderStatus(current), OrderStatus(requested))
    if told is None:
        assert decision.customer_message is None
    else:
        assert decision.customer_message is not None
        assert told in decision.customer_message and "#12" in decision.customer_message
        assert "Maria" in decision.customer_message and "Souza" not in decision.customer_message


def test_a_cancellation_apologises_and_says_how_to_reach_the_restaurant():
    message = decide_transition(order("em_preparo"), OrderStatus.CANCELLED).customer_message
    assert message is not None and "Sentimos muito" in message and "*atendente*" in message


@pytest.mark.parametrize(
    ("current", "requested", "reason"),
    [
        ("entregue", "novo", "Pedido #12 já foi entregue."),
        ("entregue", "saiu_para_entrega", "Pedido #12 já foi entregue."),
        ("entregue", "cancelado", "Pedido #12 já foi entregue."),
        ("cancelado", "em_preparo", "Pedido #12 foi cancelado."),
        ("saiu_para_entrega", "cancelado", "não dá mais para cancelar"),
        ("saiu_para_entrega", "em_preparo", "não dá para voltar para _em preparo_"),
        ("em_preparo", "novo", "não dá para voltar para _novo_"),
    ],
)
def test_illegal_moves_are_refused_with_a_reason(current, requested, reason):
    with pytest.raises(StatusRefused) as refused:
        decide_transition(order(current), requested)
    assert reason in str(refused.value)


@pytest.mark.parametrize("status", [s.value for s in OrderStatus])
def test_repeating_the_current_status_changes_nothing_and_tells_nobody(status):
    decision = decide_transition(order(status), status)
    assert not decision.changed and decision.customer_message is None


@pytest.mark.parametrize("value", ["pronto", "", "SAIU_PARA_ENTREGA", "delivered"])
def test_unknown_statuses_are_refused_naming_the_valid_ones(value):
    with pytest.raises(StatusRefused, match="saiu_para_entrega"):
        parse_status(value)
    with pytest.raises(StatusRefused, match="Status desconhecido"):
        decide_transition(order(), value)


def test_an_order_with_a_corrupt_status_is_not_read_so_never_moved():
    document = {**order().to_dict(), "status": "perdido"}
    with pytest.raises(ValueError, match="perdido"):
        Order.from_dict(document)


def test_statuses_are_stored_in_portuguese():
    assert [s.value for s in OrderStatus] == [
        "novo", "em_preparo", "saiu_para_entrega", "entregue", "cancelado"]


@pytest.mark.parametrize(
    ("phone", "address"),
    [("+5511987654321", "whatsapp:+5511987654321"),
     ("whatsapp:+5511987654321", "whatsapp:+5511987654321")],
)
def test_the_customer_is_answered_on_whatsapp(phone, address):
    assert whatsapp_address(phone) == address


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (None, "já está com a cozinha"),
        ("novo", "já está com a cozinha"),
        ("em_preparo", "está sendo preparado"),
        ("saiu_para_entrega", "já saiu para entrega"),
        ("entregue", "já foi entregue"),
        ("cancelado", "foi cancelado"),
    ],
)
def test_cade_meu_pedido_answers_from_the_status(status, expected):
    reply = status_texts.order_status(7, status)
    assert expected in reply and "#7" in reply


def test_cade_meu_pedido_without_any_order():
    assert "Não encontrei nenhum pedido" in status_texts.order_status(None, None)


@pytest.mark.parametrize(
    ("status", "expected"),
    [("saiu_para_entrega", "a caminho"), ("em_preparo", "sendo preparado"),
     ("cancelado", "foi cancelado")],
)
def test_the_engine_answers_order_status_from_the_conversation(status, expected):
    chat = Chat()
    chat.send(p("greeting"), "oi")
    assert chat.conv is not None
    chat.conv = replace(chat.conv, last_order_number=4, last_order_status=status)
    reply = chat.send(p("order_status"), "cadê meu pedido?")
    assert expected in reply and "*#4*" in reply
    assert chat.conv is not None and chat.conv.last_order_status == status  # kept
