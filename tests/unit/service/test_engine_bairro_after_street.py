"""A bairro sent alone after a street that ends in its number, when the payment is asked, on a
menu that lists no bairros: it completes the address instead of "não entendi"."""

from __future__ import annotations

import pytest

from service.domain.conversation import State
from tests.unit.service.chat import Chat, P


def at_the_payment_question(street: str) -> Chat:
    chat = Chat()
    chat.send(P("add_items", [("feijoada", 2)]), "2 feijoadas")
    chat.send(P("checkout"), "finalizar")
    chat.send(P("unknown"), street)
    assert chat.state() is State.ASKING_PAYMENT
    return chat


@pytest.mark.parametrize("bairro", ["funcionarios", "Vila Nova Conceição", "savassi"])
def test_a_bairro_alone_after_the_number_completes_the_address(bairro: str):
    chat = at_the_payment_question("rua dos timbiras 1500")
    reply = chat.send(P("unknown"), bairro)
    assert chat.conv is not None and chat.conv.address is not None
    assert chat.conv.address.text == f"rua dos timbiras 1500, {bairro}"
    assert "Como vai pagar" in reply and "Não entendi" not in reply
    assert chat.state() is State.ASKING_PAYMENT


@pytest.mark.parametrize("text", ["kkkk", "hmm", "como assim", "sei la", "pera",
                                  "quero saber uma coisa sobre o pedido hoje", "tanto faz",
                                  "qualquer um", "acho que sim", "blz"])
def test_other_words_are_still_not_understood(text: str):
    chat = at_the_payment_question("rua dos timbiras 1500")
    reply = chat.send(P("unknown"), text)
    assert chat.conv is not None and chat.conv.address is not None
    assert chat.conv.address.text == "rua dos timbiras 1500"
    assert "Não entendi" in reply


def test_asking_to_wait_is_no_bairro():
    chat = at_the_payment_question("rua dos timbiras 1500")
    chat.send(P("unknown", waiting=True), "um minuto")
    assert chat.conv is not None and chat.conv.address is not None
    assert chat.conv.address.text == "rua dos timbiras 1500"


def test_an_address_that_says_its_bairro_takes_no_more():
    chat = at_the_payment_question("rua dos timbiras 1500 - funcionarios")
    reply = chat.send(P("unknown"), "savassi")
    assert chat.conv is not None and chat.conv.address is not None
    assert chat.conv.address.text == "rua dos timbiras 1500 - funcionarios"
    assert "Não entendi" in reply
