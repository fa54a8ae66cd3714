"""The kitchen's WhatsApp for the restaurant's side: sold out, pause, replies, cancel reasons."""

from __future__ import annotations

import pytest

from service.domain.kitchen_commands import KitchenAction, parse_kitchen_command
from service.domain.order_status import OrderStatus

A = KitchenAction


@pytest.mark.parametrize(
    ("text", "action", "rest"),
    [
        ("acabou a feijoada", A.SOLD_OUT, "feijoada"),
        ("Acabou feijoada", A.SOLD_OUT, "feijoada"),
        ("acabou o pudim e a coca lata", A.SOLD_OUT, "pudim e a coca lata"),
        ("esgotou feijuca", A.SOLD_OUT, "feijuca"),
        ("esgotado: pudim", A.SOLD_OUT, "pudim"),
        ("ACABARAM as coxinhas", A.SOLD_OUT, "coxinhas"),
        ("voltou a feijoada", A.BACK_IN, "feijoada"),
        ("Voltou o pudim!", A.BACK_IN, "pudim!"),
        ("chegou coca lata", A.BACK_IN, "coca lata"),
        ("acabou", A.SOLD_OUT, ""),
    ],
)
def test_sold_out_and_back(text, action, rest):
    command = parse_kitchen_command(text)
    assert (command.action, command.text) == (action, rest)


@pytest.mark.parametrize(
    ("text", "until", "minutes", "message"),
    [
        ("pausar", None, None, ""),
        ("Pausa", None, None, ""),
        ("pausar até 20:30", (20, 30), None, ""),
        ("pausar ate as 20h", (20, 0), None, ""),
        ("pausar até 20h30 faltou gás, já voltamos", (20, 30), None, "faltou gás, já voltamos"),
        ("pausar 21:15", (21, 15), None, ""),
        ("pausar 30 min", None, 30, ""),
        ("pausar por 45 minutos - cozinha lotada", None, 45, "cozinha lotada"),
        ("pausar 1 hora", None, 60, ""),
        ("pausar 2h", None, 120, ""),
        ("pausar cozinha lotada", None, None, "cozinha lotada"),
    ],
)
def test_pause(text, until, minutes, message):
    command = parse_kitchen_command(text)
    assert command.action is A.PAUSE
    assert (command.until, command.minutes, command.text) == (until, minutes, message)


@pytest.mark.parametrize("text", ["retomar", "Retoma", "despausar", "reabrir", "voltamos!"])
def test_resume(text):
    assert parse_kitchen_command(text).action is A.RESUME


@pytest.mark.parametrize(
    ("text", "numbers", "rest"),
    [
        ("responder 3 Já vai, Maria!", (3,), "Já vai, Maria!"),
        ("Responde #3 oi", (3,), "oi"),
        ("resp 12 Seu pedido sai em 10 min", (12,), "Seu pedido sai em 10 min"),
        ("responder 3", (3,), ""),
        ("responder oi", (), "oi"),
    ],
)
def test_reply_keeps_the_text_as_typed(text, numbers, rest):
    command = parse_kitchen_command(text)
    assert (command.action, command.numbers, command.text) == (A.REPLY, numbers, rest)


def test_a_reply_that_mentions_a_status_word_is_still_a_reply():
    command = parse_kitchen_command("responder 3 o 12 já saiu para entrega")
    assert (command.action, command.numbers, command.text) == (
        A.REPLY, (3,), "o 12 já saiu para entrega")


@pytest.mark.parametrize("text", ["devolver 3", "Devolve #3", "encerrar 3", "robô 3"])
def test_release(text):
    command = parse_kitchen_command(text)
    assert (command.action, command.numbers) == (A.RELEASE, (3,))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("cancelar 12 acabou o gás", "acabou o gás"),
        ("CANCELA #12, cliente desistiu", "cliente desistiu"),
        ("cancelar 12", ""),
        ("cancela o 12", ""),
    ],
)
def test_a_cancellation_carries_its_reason(text, reason):
    command = parse_kitchen_command(text)
    assert (command.action, command.status, command.numbers) == (
        A.SET_STATUS, OrderStatus.CANCELLED, (12,))
    assert command.text == reason


def test_a_status_word_later_in_a_sold_out_message_does_not_move_an_order():
    assert parse_kitchen_command("acabou o pudim, cancela o 12 se pedirem").action is A.SOLD_OUT
