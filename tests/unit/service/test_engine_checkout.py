"""Engine tables: address, payment, change, summary, confirmation, cancel and asides."""

from __future__ import annotations

import json

import pytest

from service.domain.conversation import Conversation, State
from service.domain.events import HumanRequested, OrderPlaced
from tests.builders import parsed as p
from tests.builders import second_menu
from tests.unit.service.chat import Chat, brl

ADDRESS = "Rua das Laranjeiras, 120, ap 31, Centro"


def _cart(chat: Chat) -> None:
    chat.send(p("greeting"), "oi")
    chat.send(p("add_items", [("feijoada", 2, "sem farofa"), ("coca_lata", 1)]), "pedido")


def _at_payment(chat: Chat) -> None:
    _cart(chat)
    chat.send(p("checkout"), "finalizar")
    chat.send(p("unknown"), ADDRESS)
    assert chat.state() is State.ASKING_PAYMENT


def _at_confirmation(chat: Chat) -> None:
    _at_payment(chat)
    chat.send(p("unknown", payment="pix"), "pix")
    assert chat.state() is State.CONFIRMING


def test_checkout_asks_the_address():
    chat = Chat()
    _cart(chat)
    reply = chat.send(p("checkout"), "finalizar")
    assert "endereço de entrega" in reply
    assert chat.state() is State.ASKING_ADDRESS


@pytest.mark.parametrize("text", ["ok", "aqui", "123456789", "ah esquece, depois eu peço",
                                  "dá pra entregar só às 20h?"])
def test_what_is_no_address_is_not_taken_and_the_address_is_asked_again(text):
    chat = Chat()
    _cart(chat)
    chat.send(p("checkout"), "finalizar")
    reply = chat.send(p("unknown"), text)
    assert "Não consegui ler um endereço" in reply and "Qual o endereço" in reply
    assert chat.state() is State.ASKING_ADDRESS
    assert chat.conv is not None and chat.conv.address is None


@pytest.mark.parametrize(
    ("text", "result"),
    [
        (ADDRESS, p("unknown")),
        ("Rua da Ajuda, 45, Centro", p("help")),  # reads like "ajuda" but is an address
        ("Travessa do Cancelamento 9", p("cancel")),
    ],
)
def test_a_written_address_leads_to_payment_with_the_total(text, result):
    chat = Chat()
    _cart(chat)
    chat.send(p("checkout"), "finalizar")
    reply = chat.send(result, text)
    assert chat.state() is State.ASKING_PAYMENT
    assert f"total de *{brl('80,80')}*" in reply  # 69,80 + 6,00 + 5,00 de entrega
    assert "Pix" in reply and "Cartão" in reply and "Dinheiro" in reply
    assert chat.conv is not None and chat.conv.address is not None
    assert chat.conv.address.text == text


def test_a_shared_location_is_the_address_with_coordinates():
    chat = Chat()
    _cart(chat)
    chat.send(p("checkout"), "finalizar")
    chat.send(p("unknown"), "", location=(-23.5614, -46.6559, "Av. Paulista, 1578", "MASP"))
    assert chat.state() is State.ASKING_PAYMENT
    assert chat.conv is not None and chat.conv.address is not None
    assert chat.conv.address.latitude == -23.5614
    assert "Av. Paulista, 1578" in chat.conv.address.text


def test_a_pin_without_street_and_number_asks_for_them_once():
    chat = Chat()
    _cart(chat)
    chat.send(p("checkout"), "finalizar")
    reply = chat.send(p("unknown"), "", location=(-23.5614, -46.6559, "", ""))
    assert "Recebi sua localização" in reply and "complemento" in reply
    assert chat.state() is State.ASKING_ADDRESS_DETAIL
    chat.send(p("unknown"), "número 45 apto 42")
    assert chat.state() is State.ASKING_PAYMENT
    assert chat.conv is not None and chat.conv.address is not None
    assert chat.conv.address.text.endswith("número 45 apto 42")
    assert chat.conv.address.latitude == -23.5614


def test_the_previous_address_is_offered_and_sim_keeps_it():
    chat = Chat()
    _at_confirmation(chat)
    chat.send(p("confirm"), "sim")
    chat.send(p("add_items", [("pudim", 1)]), "um pudim")
    offer = chat.send(p("checkout"), "finalizar")
    assert "mesmo endereço" in offer and ADDRESS in offer
    chat.send(p("confirm"), "sim")
    assert chat.state() is State.ASKING_PAYMENT


@pytest.mark.parametrize(
    ("text", "result", "payment_line"),
    [
        ("pix", p("unknown", payment="pix"), "💳 Pix"),
        ("cartão", p("unknown", payment="cartao"), "💳 Cartão (na entrega)"),
        ("2", p("unknown", numbers=[2]), "💳 Cartão (na entrega)"),
        ("dinheiro, troco pra 100", p("unknown", payment="dinheiro", change_for=100),
         f"troco para {brl('100,00')} ({brl('19,20')} de troco)"),
    ],
)
def test_payment_leads_to_the_summary(text, result, payment_line):
    chat = Chat()
    _at_payment(chat)
    reply = chat.send(result, text)
    assert chat.state() is State.CONFIRMING
    assert payment_line in reply
    assert f"Subtotal: {brl('75,80')}" in reply
    assert f"Taxa de entrega: {brl('5,00')}" in reply
    assert f"*Total: {brl('80,80')}*" in reply
    assert ADDRESS in reply
    assert "Confirma o pedido?" in reply


def test_an_unclear_payment_is_asked_again():
    chat = Chat()
    _at_payment(chat)
    assert "Como vai pagar" in chat.send(p("unknown"), "hmm")
    assert chat.state() is State.ASKING_PAYMENT


@pytest.mark.parametrize(
    ("text", "result", "state", "expected"),
    [
        ("50", p("unknown", numbers=[50]), State.ASKING_CHANGE,
         f"{brl('50,00')} não cobre o total de {brl('80,80')}"),
        ("troco pra 80", p("unknown", change_for=80), State.ASKING_CHANGE, "não cobre"),
        ("100", p("unknown", numbers=[100]), State.CONFIRMING, f"{brl('19,20')} de troco"),
        ("troco para 80,80", p("unknown", change_for=80.80), State.CONFIRMING, "sem troco"),
        ("não precisa", p("deny"), State.CONFIRMING, "Dinheiro, sem troco"),
        ("como assim", p("unknown"), State.ASKING_CHANGE, "Troco para quanto?"),
    ],
)
def test_cash_asks_for_change_and_refuses_less_than_the_total(text, result, state, expected):
    chat = Chat()
    _at_payment(chat)
    assert "Troco para quanto?" in chat.send(p("unknown", payment="dinheiro"), "dinheiro")
    reply = chat.send(result, text)
    assert expected in reply
    assert chat.state() is state


def test_sim_places_the_order_with_exact_totals_and_empties_the_cart():
    chat = Chat()
    _at_payment(chat)
    chat.send(p("unknown", payment="dinheiro", change_for=100), "dinheiro, troco pra 100")
    chat.send(p("confirm"), "sim")
    placed = [event for event in chat.events if isinstance(event, OrderPlaced)]
    assert len(placed) == 1
    order = placed[0].order.to_dict()
    assert order["status"] == "novo"
    assert order["phone"] == "+5511987654321"
    assert order["customer_name"] == "Maria Souza"
    assert order["items"] == [
        {"id": "feijoada", "name": "Feijoada Completa", "quantity": 2,
         "unit_price_cents": 3490, "note": "sem farofa"},
        {"id": "coca_lata", "name": "Coca-Cola lata 350ml", "quantity": 1,
         "unit_price_cents": 600, "note": None},
    ]
    assert (order["subtotal_cents"], order["delivery_fee_cents"], order["total_cents"]) == (
        7580, 500, 8080)
    assert order["address"] == {"text": ADDRESS, "latitude": None, "longitude": None}
    assert order["payment"] == {"method": "dinheiro", "change_for_cents": 10000}
    assert order["created_at"] == "2026-03-06T19:30:00.000000+00:00"
    json.dumps(order)  # JSON-ready
    assert chat.conv is not None and chat.conv.cart.empty
    assert chat.state() is State.ORDERING


def test_totals_are_exact_in_cents_with_a_second_menu():
    chat = Chat(second_menu())
    chat.send(p("greeting"), "oi")
    chat.send(p("add_items", [("frango_assado", 3), ("quindim", 3), ("suco_caju", 1)]), "pedido")
    chat.send(p("checkout"), "finalizar")
    chat.send(p("unknown"), "Rua Augusta, 500, Consolação")
    reply = chat.send(p("unknown", payment="pix"), "pix")
    assert f"*Total: {brl('83,75')}*" in reply  # 64,50 + 12,75 + 6,50, entrega grátis
    chat.send(p("confirm"), "sim")
    order = next(e for e in chat.events if isinstance(e, OrderPlaced)).order.to_dict()
    assert (order["subtotal_cents"], order["delivery_fee_cents"], order["total_cents"]) == (
        8375, 0, 8375)


def test_nao_at_the_summary_returns_to_the_cart():
    chat = Chat()
    _at_confirmation(chat)
    reply = chat.send(p("deny"), "não")
    assert chat.state() is State.ORDERING
    assert "Seu carrinho" in reply and "O que quer mudar?" in reply
    assert chat.conv is not None and chat.conv.cart.quantity_of("feijoada") == 2
    assert not chat.events


def test_an_unclear_answer_to_the_summary_asks_yes_or_no():
    chat = Chat()
    _at_confirmation(chat)
    assert "Responda *sim*" in chat.send(p("unknown"), "talvez")
    assert chat.state() is State.CONFIRMING


def test_adding_items_at_the_summary_shows_the_summary_again_without_asking_anything():
    chat = Chat()
    _at_confirmation(chat)
    reply = chat.send(p("add_items", [("pudim", 1)]), "ah, põe um pudim")
    assert "1x Pudim de Leite" in reply and "Confirma o pedido?" in reply
    assert f"*Total: {brl('89,80')}*" in reply  # 80,80 + 9,00
    assert "endereço de entrega" not in reply and "Como vai pagar" not in reply
    assert chat.state() is State.CONFIRMING


@pytest.mark.parametrize("setup", ["cart", "payment", "confirmation"])
def test_cancel_asks_first_and_sim_clears_the_cart(setup):
    chat = Chat()
    {"cart": _cart, "payment": _at_payment, "confirmation": _at_confirmation}[setup](chat)
    assert "cancelar" in chat.send(p("cancel"), "cancelar")
    assert chat.state() is State.CONFIRMING_CANCEL
    assert "cancelado" in chat.send(p("confirm"), "sim")
    assert chat.conv is not None and chat.conv.cart.empty
    assert chat.state() is State.ORDERING
    assert not chat.events


def test_nao_to_cancel_returns_to_the_step_with_its_question():
    chat = Chat()
    _at_payment(chat)
    chat.send(p("cancel"), "cancelar")
    reply = chat.send(p("deny"), "não")
    assert "nada foi cancelado" in reply and "Como vai pagar" in reply
    assert chat.state() is State.ASKING_PAYMENT
    assert chat.conv is not None and chat.conv.cart.quantity_of("feijoada") == 2


def test_cancel_with_an_empty_cart_has_nothing_to_cancel():
    chat = Chat()
    chat.send(p("greeting"), "oi")
    assert "Não há nada para cancelar" in chat.send(p("cancel"), "cancelar")
    assert chat.state() is State.ORDERING


@pytest.mark.parametrize(
    ("text", "result", "expected"),
    [
        ("ajuda", p("help"), "Como pedir"),
        ("cardápio", p("show_menu"), "Feijoada Completa"),
        ("carrinho", p("show_cart"), "Seu carrinho"),
        ("vocês entregam?", p("ask_delivery"), f"Taxa de entrega: {brl('5,00')}"),
        ("que horas abre?", p("ask_hours"), "não publicou o horário"),
    ],
)
def test_asides_keep_the_cart_and_the_step_and_repeat_its_question(text, result, expected):
    chat = Chat()
    _at_payment(chat)
    reply = chat.send(result, text)
    assert expected in reply
    assert "Como vai pagar" in reply
    assert chat.state() is State.ASKING_PAYMENT
    assert chat.conv is not None and chat.conv.cart.quantity_of("feijoada") == 2


def test_asking_for_a_person_tells_the_kitchen():
    chat = Chat()
    chat.send(p("greeting"), "oi")
    assert "equipe" in chat.send(p("human"), "quero falar com atendente")
    assert chat.events == [HumanRequested("whatsapp:+5511987654321", "Maria Souza")]


@pytest.mark.parametrize(
    ("media", "expected"),
    [(["audio/ogg"], "ouvir áudios"), (["image/jpeg"], "ver imagens"),
     (["application/pdf"], "abrir arquivos")],
)
def test_media_gets_a_polite_request_to_write(media, expected):
    chat = Chat()
    _at_payment(chat)
    assert expected in chat.send(p("unknown"), "", media=media)
    assert chat.state() is State.ASKING_PAYMENT


def test_an_empty_message_is_answered_not_an_error():
    chat = Chat()
    _at_payment(chat)
    reply = chat.send(p("unknown"), "   ")
    assert "Não recebi nenhum texto" in reply and "Como vai pagar" in reply


def test_items_that_leave_the_menu_are_dropped_from_the_cart_with_a_word():
    chat = Chat()
    _cart(chat)
    data = chat.menu.to_dict()
    for item in data["items"]:
        if item["id"] == "coca_lata":
            item["available"] = False
    from service.domain.menu import parse_menu

    chat.menu = parse_menu(data)
    reply = chat.send(p("show_cart"), "carrinho")
    assert "Saiu do cardápio" in reply and "Coca-Cola lata" in reply
    assert chat.conv is not None and chat.conv.cart.quantity_of("coca_lata") == 0


def test_a_conversation_survives_a_json_round_trip_at_every_step():
    chat = Chat()
    _at_payment(chat)
    chat.send(p("unknown", payment="dinheiro"), "dinheiro")
    assert chat.conv is not None
    restored = Conversation.from_dict(json.loads(json.dumps(chat.conv.to_dict())))
    assert restored == chat.conv


def test_a_location_shared_with_a_cart_moves_on_to_its_complement_then_payment():
    chat = Chat()
    _cart(chat)
    asked = chat.send(p("unknown"), "", location=(-22.9519, -43.2105, "", "Cristo Redentor"))
    assert "Recebi sua localização" in asked
    assert chat.state() is State.ASKING_ADDRESS_DETAIL
    reply = chat.send(p("deny"), "não tem")
    assert "Como vai pagar" in reply
    assert chat.conv is not None and chat.conv.address is not None
    assert chat.conv.address.text == "Cristo Redentor"
    assert chat.conv.address.longitude == -43.2105


def test_a_written_address_replaces_a_shared_location():
    chat = Chat()
    _cart(chat)
    chat.send(p("unknown"), "", location=(-22.9519, -43.2105, "", "Cristo Redentor"))
    reply = chat.send(p("unknown"), "Rua do Catete, 200, Catete")
    assert "Como vai pagar" in reply
    assert chat.conv is not None and chat.conv.address is not None
    assert chat.conv.address.text == "Rua do Catete, 200, Catete"
    assert chat.conv.address.latitude is None


def test_a_cart_left_for_a_day_is_emptied_and_the_customer_starts_again():
    from dataclasses import replace
    from datetime import timedelta

    chat = Chat()
    _at_payment(chat)
    assert chat.conv is not None and chat.conv.updated_at is not None
    chat.conv = replace(chat.conv, updated_at=chat.conv.updated_at - timedelta(hours=13))
    reply = chat.send(p("unknown", payment="pix"), "pix")
    assert "carrinho anterior" in reply
    assert chat.state() is State.ORDERING
    assert chat.conv is not None and chat.conv.cart.empty
    assert not chat.events


def test_a_cart_from_an_hour_ago_is_kept():
    from dataclasses import replace
    from datetime import timedelta

    chat = Chat()
    _at_payment(chat)
    assert chat.conv is not None and chat.conv.updated_at is not None
    chat.conv = replace(chat.conv, updated_at=chat.conv.updated_at - timedelta(hours=1))
    chat.send(p("unknown", payment="pix"), "pix")
    assert chat.state() is State.CONFIRMING
