"""The engine fed by the real parser: swaps, stated money, exact change, thanks, questions."""

from __future__ import annotations

import pytest

from nlu import Parser
from service.domain.conversation import NO_CHANGE, State
from tests.builders import seed_menu
from tests.unit.service.chat import Chat, brl

PARSER = Parser(seed_menu().catalog)


def say(chat: Chat, text: str) -> str:
    """Send a message as the customer writes it, parsed by the real parser."""
    return chat.send(PARSER.parse(text), text)


def cart_of(chat: Chat) -> dict[str, int]:
    assert chat.conv is not None
    return {line.item.id: line.quantity for line in chat.conv.cart.priced(chat.menu)}


@pytest.mark.parametrize(
    ("swap", "expected"),
    [
        ("troca a coca lata por um guaraná", {"feijoada": 1, "guarana_lata": 1}),
        ("tira a coca e coloca um suco de laranja", {"feijoada": 1, "suco_laranja": 1}),
        ("em vez da coca quero um pudim", {"feijoada": 1, "pudim": 1}),
    ],
)
def test_a_swap_removes_one_thing_and_adds_the_other(swap, expected):
    chat = Chat()
    say(chat, "oi, quero 1 feijoada e 1 coca lata")
    reply = say(chat, swap)
    assert cart_of(chat) == expected
    assert reply.index("Tirei") < reply.index("✅")  # what left is said before what came in


@pytest.mark.parametrize(
    ("swap", "expected"),
    [
        # Neither count said: the line goes, as many come in its place.
        ("troca as coca lata por guaraná", {"feijoada": 1, "guarana_lata": 2}),
        # Said of what goes out only: as many come in.
        ("troca as 2 coca lata por guaraná", {"feijoada": 1, "guarana_lata": 2}),
        # Said of what comes in: that count, and one goes out.
        ("troca a coca lata por um guaraná", {"feijoada": 1, "coca_lata": 1, "guarana_lata": 1}),
    ],
)
def test_a_swap_of_a_line_of_two_keeps_the_count(swap, expected):
    chat = Chat()
    say(chat, "oi, quero 1 feijoada e 2 coca lata")
    say(chat, swap)
    assert cart_of(chat) == expected


@pytest.mark.parametrize("amount", ["R$ 100", "100 reais", "cem reais", "troco pra 100"])
def test_the_change_question_takes_money_however_it_is_written(amount):
    chat = Chat()
    say(chat, "quero 2 feijoadas")
    say(chat, "finalizar")
    say(chat, "Rua das Laranjeiras, 120, Centro")
    say(chat, "dinheiro")
    assert chat.state() is State.ASKING_CHANGE
    reply = say(chat, amount)
    assert chat.state() is State.CONFIRMING
    assert f"troco para {brl('100,00')}" in reply


@pytest.mark.parametrize("answer", ["sem troco", "não preciso de troco", "tenho trocado"])
def test_exact_change_goes_straight_to_the_summary(answer):
    chat = Chat()
    say(chat, "quero 2 feijoadas")
    say(chat, "finalizar")
    say(chat, "Rua das Laranjeiras, 120, Centro")
    say(chat, "dinheiro")
    reply = say(chat, answer)
    assert chat.state() is State.CONFIRMING
    assert "sem troco" in reply
    assert chat.conv is not None and chat.conv.change_for_cents == NO_CHANGE


def test_cash_without_change_in_one_message_skips_the_change_question():
    chat = Chat()
    say(chat, "quero 2 feijoadas")
    say(chat, "finalizar")
    say(chat, "Rua das Laranjeiras, 120, Centro")
    reply = say(chat, "dinheiro, sem troco")
    assert chat.state() is State.CONFIRMING
    assert "Confirma o pedido?" in reply


@pytest.mark.parametrize("thanks", ["obrigado!!", "valeu", "obg", "muito obrigada pela atenção"])
def test_thanks_are_answered_and_the_step_is_kept(thanks):
    chat = Chat()
    say(chat, "quero 1 feijoada")
    say(chat, "finalizar")
    reply = say(chat, thanks)
    assert "De nada" in reply
    assert "endereço de entrega" in reply  # the step is repeated, not lost
    assert chat.state() is State.ASKING_ADDRESS
    assert chat.conv is not None and chat.conv.address is None


def test_a_question_about_an_item_is_answered_about_that_item():
    chat = Chat()
    reply = say(chat, "tem feijoada hoje?")
    assert "Feijoada Completa" in reply and brl("34,90") in reply
    assert "Pratos" not in reply  # not the whole menu
    assert cart_of(chat) == {}


@pytest.mark.parametrize("text", ["tem moqueca?", "quero uma moqueca"])
def test_an_item_off_the_menu_today_is_named_as_such(text):
    chat = Chat()
    reply = say(chat, text)
    assert "Moqueca" in reply and ("falta" in reply or "não está disponível" in reply)
    assert "não entendi" not in reply
    assert cart_of(chat) == {}


def test_something_we_do_not_sell_is_said_so():
    chat = Chat()
    reply = say(chat, "vcs tem pizza?")
    assert "Não encontrei _pizza_" in reply
    assert cart_of(chat) == {}


@pytest.mark.parametrize(
    ("before", "removal", "expected"),
    [
        ([], "tira a coca", "Não tem _coca_ no seu carrinho."),
        ([], "tira", "Seu carrinho está vazio."),
        (["quero 1 pudim, 1 pave e 1 brigadeiro"], "tira",
         "O que eu tiro: Pudim de Leite, Pavê de Chocolate ou Brigadeiro?"),
        (["quero 1 coca lata e 1 coca 2 litros"], "tira a coca",
         "O que eu tiro: Coca-Cola lata 350ml ou Coca-Cola 2 litros?"),
    ],
)
def test_a_removal_that_names_nothing_in_the_cart_says_what_is_there(before, removal, expected):
    chat = Chat()
    for text in ["oi", *before]:
        say(chat, text)
    cart = cart_of(chat)
    assert expected in say(chat, removal)
    assert cart_of(chat) == cart


@pytest.mark.parametrize("text", ["moro no 12", "chego em 5 minutos", "<script>alert(1)</script>"])
def test_a_number_about_something_else_orders_nothing(text):
    chat = Chat()
    say(chat, "oi")
    say(chat, text)
    assert cart_of(chat) == {}


@pytest.mark.parametrize(
    ("removal", "expected"),
    [
        ("tira a coca", {"feijoada": 1}),  # no quantity said: the whole line goes
        ("tira uma coca", {"feijoada": 1, "coca_lata": 1}),
        ("tira 1 coca lata", {"feijoada": 1, "coca_lata": 1}),
    ],
)
def test_a_removal_without_a_quantity_takes_out_every_one(removal, expected):
    chat = Chat()
    say(chat, "oi, quero 1 feijoada e 2 coca lata")
    say(chat, removal)
    assert cart_of(chat) == expected


def test_a_swap_without_a_quantity_still_takes_out_what_it_says():
    chat = Chat()
    say(chat, "oi, quero 1 feijoada e 2 coca lata")
    say(chat, "troca a coca lata por um guaraná")
    assert cart_of(chat) == {"feijoada": 1, "coca_lata": 1, "guarana_lata": 1}
