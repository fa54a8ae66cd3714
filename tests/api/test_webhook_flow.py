"""Whole conversations through POST /webhook with real signatures, to the kitchen's WhatsApp."""

from __future__ import annotations

import pytest

from tests.api.conftest import KITCHEN, SENDER, LiveApp, StartApp
from tests.builders import second_menu


def brl(amount: str) -> str:
    return f"R$\xa0{amount}"


def test_from_oi_to_a_stored_order_and_one_kitchen_message(app: LiveApp):
    greeting = app.say("oi")
    assert "Maria" in greeting and "Cozinha da Cris" in greeting
    menu = app.say("cardápio")
    assert f"1. Feijoada Completa — {brl('34,90')}" in menu and "Moqueca" not in menu
    added = app.say("quero 2 feijoadas sem farofa e uma coca")
    assert f"2x Feijoada Completa _(sem farofa)_ — {brl('69,80')}" in added
    assert "Qual _coca_" in added and "1. Coca-Cola lata 350ml" in added
    chosen = app.say("a de lata")
    assert f"1x Coca-Cola lata 350ml — {brl('6,00')}" in chosen
    assert f"Subtotal do carrinho: *{brl('75,80')}*" in chosen
    assert "endereço" in app.say("finalizar")
    assert f"*{brl('80,80')}*" in app.say("Rua das Laranjeiras, 120, ap 31, Centro")
    assert "Troco para quanto?" in app.say("dinheiro")
    assert "não cobre" in app.say("troco pra 50")
    summary = app.say("troco pra 100")
    assert f"*Total: {brl('80,80')}*" in summary and "Confirma o pedido?" in summary
    confirmed = app.say("sim")
    assert "Pedido #1 confirmado" in confirmed

    [order] = app.orders()
    assert order["number"] == 1 and order["status"] == "novo"
    assert order["phone"] == "+5511987654321" and order["customer_name"] == "Maria Souza"
    assert [(i["id"], i["quantity"], i["unit_price_cents"], i["note"]) for i in order["items"]] == [
        ("feijoada", 2, 3490, "sem farofa"), ("coca_lata", 1, 600, None)]
    assert (order["subtotal_cents"], order["delivery_fee_cents"], order["total_cents"]) == (
        7580, 500, 8080)
    assert order["payment"] == {"method": "dinheiro", "change_for_cents": 10000}
    assert order["address"]["text"] == "Rua das Laranjeiras, 120, ap 31, Centro"

    [kitchen] = app.fake.wait_for_messages(1)
    assert kitchen["To"] == KITCHEN and kitchen["From"] == SENDER
    body = kitchen["Body"]
    for expected in ("#1", "Maria Souza", "+5511987654321", "2x Feijoada Completa",
                     "sem farofa", "1x Coca-Cola lata 350ml", brl("80,80"),
                     "Rua das Laranjeiras, 120", f"troco para {brl('100,00')}"):
        assert expected in body
    assert len(body) <= 1600
    conversation = app.conversation()
    assert conversation is not None and conversation["cart"] == []


def test_a_second_menu_works_the_same_way(start_app: StartApp):
    app = start_app(second_menu())
    assert "Marmitaria Dona Lurdes" in app.say("oi")
    question = app.say("quero 2 frangos assados e um suco")
    assert "Qual _suco_" in question and "Suco de Caju" in question
    assert f"Subtotal do carrinho: *{brl('49,50')}*" in app.say("2")  # 43,00 + 6,50
    app.say("finalizar")
    app.say("Rua Augusta, 500, Consolação")
    assert f"*Total: {brl('49,50')}*" in app.say("pix")  # entrega grátis
    assert "Pedido #1 confirmado" in app.say("sim")
    assert app.orders()[0]["total_cents"] == 4950
    assert "Frango Assado" in app.fake.wait_for_messages(1)[0]["Body"]


def test_order_numbers_are_sequential_across_customers(app: LiveApp):
    for n, phone in enumerate(["whatsapp:+5511911111111", "whatsapp:+5521922222222"], start=1):
        app.say("oi", phone=phone)
        app.say("2 pudins", phone=phone)
        app.say("finalizar", phone=phone)
        app.say("Rua Ceará, 45, Pinheiros", phone=phone)
        app.say("pix", phone=phone)
        assert f"Pedido #{n} confirmado" in app.say("sim", phone=phone)
    assert [o["number"] for o in app.orders()] == [2, 1]
    assert len(app.fake.wait_for_messages(2)) == 2


def test_a_shared_location_is_the_delivery_address(app: LiveApp):
    app.say("oi")
    app.say("1 feijoada")
    app.say("finalizar")
    reply = app.say("", NumMedia="0", Latitude="-23.5614", Longitude="-46.6559",
                    Address="Av. Paulista, 1578 - Bela Vista", Label="MASP")
    assert "Como vai pagar" in reply
    app.say("cartão")
    app.say("sim")
    order = app.orders()[0]
    assert order["address"]["latitude"] == pytest.approx(-23.5614)
    assert "Av. Paulista, 1578" in order["address"]["text"]
    assert "maps.google.com/?q=-23.5614,-46.6559" in app.fake.wait_for_messages(1)[0]["Body"]


@pytest.mark.parametrize(
    ("media_type", "expected"),
    [("audio/ogg", "ouvir áudios"), ("image/jpeg", "ver imagens")],
)
def test_media_gets_a_polite_answer(app: LiveApp, media_type, expected):
    app.say("oi")
    reply = app.say("", NumMedia="1", MediaContentType0=media_type,
                    MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME")
    assert expected in reply


def test_an_empty_body_and_an_over_long_body_are_answered(app: LiveApp):
    app.say("oi")
    assert "Não recebi nenhum texto" in app.say("")
    reply = app.say("quero uma feijoada " + "e mais " * 2000)
    assert "muito longa" in reply
    conversation = app.conversation()
    assert conversation is not None


def test_cardapio_mid_checkout_keeps_cart_and_step(app: LiveApp):
    app.say("oi")
    app.say("2 feijoadas")
    app.say("finalizar")
    app.say("Rua Bahia, 300, Higienópolis")
    reply = app.say("cardápio")
    assert "Feijoada Completa" in reply and "Como vai pagar" in reply
    assert "Pedido #1 confirmado" in (app.say("pix") and app.say("sim"))
