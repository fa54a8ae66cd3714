"""Kitchen WhatsApp commands as a busy cook types them."""

from __future__ import annotations

import pytest

from service.application.kitchen import same_whatsapp_number
from service.domain.kitchen_commands import KitchenAction, parse_kitchen_command
from service.domain.order_status import OrderStatus

SET = KitchenAction.SET_STATUS


@pytest.mark.parametrize(
    ("text", "status", "numbers"),
    [
        ("saiu 12", OrderStatus.OUT_FOR_DELIVERY, (12,)),
        ("saiu #12", OrderStatus.OUT_FOR_DELIVERY, (12,)),
        ("SAIU #12", OrderStatus.OUT_FOR_DELIVERY, (12,)),
        ("#12 saiu", OrderStatus.OUT_FOR_DELIVERY, (12,)),
        ("o 12 saiu pra entrega", OrderStatus.OUT_FOR_DELIVERY, (12,)),
        ("saiu para entrega o pedido 12", OrderStatus.OUT_FOR_DELIVERY, (12,)),
        ("Saiu o pedido nº12 agora", OrderStatus.OUT_FOR_DELIVERY, (12,)),
        ("preparando 3", OrderStatus.PREPARING, (3,)),
        ("Preparando o #3 ja", OrderStatus.PREPARING, (3,)),
        ("em preparo 3", OrderStatus.PREPARING, (3,)),
        ("entregue 12", OrderStatus.DELIVERED, (12,)),
        ("pedido 12 entregue", OrderStatus.DELIVERED, (12,)),
        ("entreguei o 12", OrderStatus.DELIVERED, (12,)),
        ("cancelar 12", OrderStatus.CANCELLED, (12,)),
        ("CANCELA #12 cliente desistiu", OrderStatus.CANCELLED, (12,)),
        ("cancelado 12", OrderStatus.CANCELLED, (12,)),
        ("saiu", OrderStatus.OUT_FOR_DELIVERY, ()),
        ("saiu 12 e 13", OrderStatus.OUT_FOR_DELIVERY, (12, 13)),
    ],
)
def test_status_commands(text, status, numbers):
    command = parse_kitchen_command(text)
    assert (command.action, command.status, command.numbers) == (SET, status, numbers)


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("pedidos", KitchenAction.LIST_OPEN),
        ("Pedidos?", KitchenAction.LIST_OPEN),
        ("pedidos de hoje", KitchenAction.LIST_OPEN),
        ("lista", KitchenAction.LIST_OPEN),
        ("ajuda", KitchenAction.HELP),
        ("AJUDA!", KitchenAction.HELP),
        ("?", KitchenAction.HELP),
        ("oi", KitchenAction.HELP),
        ("bom dia pessoal", KitchenAction.UNKNOWN),
        ("12", KitchenAction.UNKNOWN),
        ("", KitchenAction.UNKNOWN),
    ],
)
def test_other_commands(text, action):
    assert parse_kitchen_command(text).action is action


def test_a_phone_number_is_not_an_order_number():
    assert parse_kitchen_command("saiu 11987654321").numbers == ()


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("whatsapp:+5511900000000", "whatsapp:+5511900000000", True),
        ("whatsapp:+5511900000000", "whatsapp:+55 (11) 90000-0000", True),
        # Only the WhatsApp channel is the kitchen: the same number by SMS or call is not.
        ("+5511900000000", "whatsapp:+5511900000000", False),
        ("sms:+5511900000000", "whatsapp:+5511900000000", False),
        ("tel:+5511900000000", "whatsapp:+5511900000000", False),
        ("whatsapp:+5511900000000", "+55 (11) 90000-0000", False),
        ("whatsapp:+5511987654321", "whatsapp:+551187654321", True),  # without the ninth digit
        ("whatsapp:+5511987654321", "whatsapp:+5511987654320", False),
        ("whatsapp:+5511987654321", "", False),
    ],
)
def test_the_kitchen_number_is_recognised_however_written(a, b, same):
    assert same_whatsapp_number(a, b) is same
