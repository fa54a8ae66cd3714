"""Engine tables: greeting, menu, adding by name and number, "which one?", cart edits."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nlu import ItemLine
from service.domain.conversation import State
from service.domain.events import OrderPlaced
from service.domain.menu import parse_menu
from service.domain.messages import MAX_MESSAGE_CHARS
from tests.builders import parsed as p
from tests.builders import second_menu, seed_menu
from tests.unit.service.chat import Chat, brl


@pytest.mark.parametrize(
    ("menu", "restaurant"),
    [(seed_menu(), "Cozinha da Cris"), (second_menu(), "Marmitaria Dona Lurdes")],
)
def test_first_message_greets_by_profile_name_and_names_the_restaurant(menu, restaurant):
    chat = Chat(menu)
    reply = chat.send(p("greeting"), "oi", name="Maria Souza")
    assert "Maria" in reply and "Souza" not in reply
    assert restaurant in reply
    assert "cardápio" in reply
    assert chat.state() is State.ORDERING


def test_first_message_that_orders_is_greeted_and_taken():
    chat = Chat()
    reply = chat.send(p("add_items", [("feijoada", 2)]), "oi, quero 2 feijoadas")
    assert "Cozinha da Cris" in reply
    assert f"2x Feijoada Completa — {brl('69,80')}" in reply
    assert chat.conv is not None and chat.conv.cart.quantity_of("feijoada") == 2


def test_later_messages_are_not_greeted_again():
    chat = Chat()
    chat.send(p("greeting"), "oi")
    reply = chat.send(p("add_items", [("pudim", 1)]), "um pudim")
    assert "Cozinha da Cris" not in reply


@pytest.mark.parametrize(
    ("menu", "present", "absent"),
    [
        (seed_menu(), f"1. Feijoada Completa — {brl('34,90')}", "Moqueca"),
        (second_menu(), f"2. Frango à Parmegiana — {brl('25,00')}", "Virado"),
    ],
)
def test_menu_is_numbered_by_category_with_prices_and_without_unavailable_items(
    menu, present, absent
):
    chat = Chat(menu)
    chat.send(p("greeting"), "oi")
    reply = chat.send(p("show_menu"), "cardápio")
    assert present in reply
    assert absent not in reply
    assert all(len(message) <= MAX_MESSAGE_CHARS for message in chat.last)


def test_a_price_asked_for_a_count_is_the_price_of_that_many_and_orders_nothing():
    chat = Chat()
    asked = replace(p("show_menu"), about=("feijoada",),
                    about_counts=(ItemLine("feijoada", 3),))
    reply = chat.send(asked, "quanto fica 3 feijoadas?")
    assert f"Feijoada Completa — {brl('34,90')} cada; 3 saem por *{brl('104,70')}*" in reply
    assert chat.conv is not None and chat.conv.cart.empty
    assert chat.conv.last_item == "feijoada"


def test_a_long_menu_is_split_into_a_few_whatsapp_sized_messages():
    items = [
        {"id": f"prato_{n}", "name": f"Prato da casa número {n}", "category": f"cat {n // 20}",
         "price": 10 + n, "description": "Arroz, feijão, farofa, salada e uma mistura do dia"}
        for n in range(60)
    ]
    chat = Chat(parse_menu({"restaurant": {"name": "Grande"}, "items": items}))
    chat.send(p("greeting"), "oi")
    chat.send(p("show_menu"), "cardápio")
    assert 2 <= len(chat.last) <= 4
    assert all(len(message) <= MAX_MESSAGE_CHARS for message in chat.last)
    assert "60. Prato da casa número 59" in "\n".join(chat.last)


@pytest.mark.parametrize(
    ("text", "result", "line", "subtotal"),
    [
        ("quero 2 feijoadas e uma coca lata", p("add_items", [("feijoada", 2), ("coca_lata", 1)]),
         f"1x Coca-Cola lata 350ml — {brl('6,00')}", brl("75,80")),
        ("me vê 3 brigadeiros", p("add_items", [("brigadeiro", 3)]),
         f"3x Brigadeiro — {brl('9,00')}", brl("9,00")),
        ("2x 7", p("add_items", numbers=[(2, 7)]),
         f"2x Escondidinho de Carne Seca — {brl('63,80')}", brl("63,80")),
        ("quero o 3 e o 5", p("add_items", numbers=[3, 5]),
         f"1x Strogonoff de Frango — {brl('28,90')}", brl("56,80")),
        ("2", p("unknown", numbers=[2]), f"1x Prato Feito — {brl('24,90')}", brl("24,90")),
    ],
)
def test_each_addition_says_what_was_added_and_the_subtotal(text, result, line, subtotal):
    chat = Chat()
    chat.send(p("greeting"), "oi")
    reply = chat.send(result, text)
    assert line in reply
    assert f"Subtotal do carrinho: *{subtotal}*" in reply
    assert chat.state() is State.ORDERING


def test_a_number_not_on_the_menu_is_refused():
    chat = Chat()
    chat.send(p("greeting"), "oi")
    reply = chat.send(p("add_items", numbers=[99]), "quero o 99")
    assert "número 99" in reply and "1 a 30" in reply
    assert chat.conv is not None and chat.conv.cart.empty


def test_notes_stay_on_their_line():
    chat = Chat()
    chat.send(p("greeting"), "oi")
    reply = chat.send(p("add_items", [("prato_feito", 1, "sem cebola")]), "um pf sem cebola")
    assert "Prato Feito _(sem cebola)_" in reply
    assert chat.conv is not None and chat.conv.cart.lines[0].note == "sem cebola"


@pytest.mark.parametrize(
    ("menu", "candidates", "mention", "answer", "picked", "price"),
    [
        (seed_menu(), ("coca_lata", "coca_2l"), "coca", "2", "Coca-Cola 2 litros", "14,00"),
        (seed_menu(), ("coca_lata", "coca_2l"), "coca", "1", "Coca-Cola lata 350ml", "6,00"),
        (second_menu(), ("suco_uva", "suco_caju"), "suco", "2", "Suco de Caju", "6,50"),
    ],
)
def test_an_ambiguous_mention_asks_which_with_numbered_options_and_a_number_settles_it(
    menu, candidates, mention, answer, picked, price
):
    chat = Chat(menu)
    chat.send(p("greeting"), "oi")
    question = chat.send(p("add_items", ambiguous=[(candidates, 2, mention)]), f"2 {mention}")
    assert chat.state() is State.CHOOSING
    first, second = (menu[c] for c in candidates)
    assert f"1. {first.name}" in question and f"2. {second.name}" in question
    assert brl(price) in question
    reply = chat.send(p("unknown", numbers=[int(answer)]), answer)
    assert f"2x {picked}" in reply
    assert chat.state() is State.ORDERING


def test_the_parsers_choice_settles_which_one():
    chat = Chat()
    chat.send(p("greeting"), "oi")
    chat.send(p("add_items", ambiguous=[(("coca_lata", "coca_2l"), 1, "coca")]), "uma coca")
    reply = chat.send(p("unknown"), "a de lata", choice="coca_lata")
    assert "1x Coca-Cola lata 350ml" in reply
    assert chat.conv is not None and chat.conv.cart.quantity_of("coca_lata") == 1


@pytest.mark.parametrize(
    ("text", "result", "expected_state", "expected"),
    [
        ("qualquer", p("unknown"), State.CHOOSING, "Não entendi qual"),
        ("7", p("unknown", numbers=[7]), State.CHOOSING, "Não entendi qual"),
        ("nenhuma", p("deny"), State.ORDERING, "deixei _coca_ de fora"),
    ],
)
def test_bad_answers_to_which_one(text, result, expected_state, expected):
    chat = Chat()
    chat.send(p("greeting"), "oi")
    chat.send(p("add_items", ambiguous=[(("coca_lata", "coca_2l"), 1, "coca")]), "uma coca")
    reply = chat.send(result, text)
    assert expected in reply
    assert chat.state() is expected_state
    assert chat.conv is not None and chat.conv.cart.empty


def test_two_ambiguities_are_asked_one_after_the_other():
    chat = Chat(second_menu())
    chat.send(p("greeting"), "oi")
    chat.send(
        p("add_items", ambiguous=[(("suco_uva", "suco_caju"), 1, "suco"),
                                  (("frango_assado", "frango_parmegiana"), 1, "frango")]),
        "um suco e um frango",
    )
    second_question = chat.send(p("unknown", numbers=[1]), "1")
    assert "Frango Assado" in second_question and chat.state() is State.CHOOSING
    chat.send(p("unknown", numbers=[2]), "2")
    assert chat.state() is State.ORDERING
    assert chat.conv is not None
    assert [line.item_id for line in chat.conv.cart.lines] == ["suco_uva", "frango_parmegiana"]


def test_unknown_item_is_named_with_the_closest_suggestions():
    chat = Chat()
    chat.send(p("greeting"), "oi")
    reply = chat.send(p("add_items", unknown=[("pizza", ["lasanha_bolonhesa"])]), "uma pizza")
    assert "Não encontrei _pizza_" in reply
    assert f"Lasanha à Bolonhesa ({brl('32,90')})" in reply


@pytest.mark.parametrize(("quantity", "item"), [(0, "feijoada"), (500, "feijoada"), (-2, None)])
def test_absurd_quantities_are_refused(quantity, item):
    chat = Chat()
    chat.send(p("greeting"), "oi")
    reply = chat.send(p("add_items", invalid=[(quantity, item)]), f"{quantity} feijoadas")
    assert f"Não consigo anotar {quantity}" in reply
    assert chat.conv is not None and chat.conv.cart.empty


def _with_cart(chat: Chat) -> None:
    chat.send(p("greeting"), "oi")
    chat.send(p("add_items", [("feijoada", 2, "sem farofa"), ("coca_lata", 2)]), "pedido")


@pytest.mark.parametrize(
    ("text", "result", "feijoadas", "cocas", "expected"),
    [
        ("tira uma feijoada", p("remove_items", [("feijoada", 1)]), 1, 2, "Tirei 1x Feijoada"),
        ("tira as feijoadas", p("remove_items", [("feijoada", 5)]), 0, 2, "Tirei 2x Feijoada"),
        ("na verdade são 3 cocas", p("add_items", [("coca_lata", 3)], replace=True), 2, 3,
         "agora são 3x Coca-Cola lata"),
        ("tira a coca", p("remove_items", ambiguous=[(("coca_lata", "coca_2l"), 1, "coca")]),
         2, 1, "Tirei 1x Coca-Cola lata"),
        ("tira o pudim", p("remove_items", [("pudim", 1)]), 2, 2, "Não tem Pudim de Leite"),
    ],
)
def test_removing_and_restating_quantities(text, result, feijoadas, cocas, expected):
    chat = Chat()
    _with_cart(chat)
    reply = chat.send(result, text)
    assert expected in reply
    assert chat.conv is not None
    assert chat.conv.cart.quantity_of("feijoada") == feijoadas
    assert chat.conv.cart.quantity_of("coca_lata") == cocas


def test_cart_shows_lines_quantities_line_totals_subtotal_fee_and_total():
    chat = Chat()
    _with_cart(chat)
    reply = chat.send(p("show_cart"), "quanto deu?")
    assert f"2x Feijoada Completa _(sem farofa)_ — {brl('69,80')}" in reply
    assert f"2x Coca-Cola lata 350ml — {brl('12,00')}" in reply
    assert f"Subtotal: {brl('81,80')}" in reply
    assert f"Taxa de entrega: {brl('5,00')}" in reply
    assert f"*Total: {brl('86,80')}*" in reply


def test_empty_cart_is_told_so():
    chat = Chat()
    chat.send(p("greeting"), "oi")
    assert "carrinho está vazio" in chat.send(p("show_cart"), "carrinho")
    assert "carrinho está vazio" in chat.send(p("checkout"), "finalizar")
    assert chat.state() is State.ORDERING
    assert not any(isinstance(event, OrderPlaced) for event in chat.events)


@pytest.mark.parametrize(
    ("menu", "item_id", "name"),
    [(seed_menu(), "moqueca", "Moqueca de Peixe"), (second_menu(), "virado_paulista",
                                                    "Virado à Paulista")],
)
def test_an_unavailable_item_is_named_and_not_added(menu, item_id, name):
    chat = Chat(menu)
    chat.send(p("greeting"), "oi")
    reply = chat.send(p("add_items", [(item_id, 1)]), f"uma {name}")
    assert f"{name} não está disponível hoje" in reply
    assert chat.conv is not None and chat.conv.cart.empty


def test_taking_back_the_item_asked_about_leaves_it_out():
    chat = Chat()
    chat.send(p("greeting"), "oi")
    chat.send(p("add_items", [("pudim", 1)], ambiguous=[(("coca_lata", "coca_2l"), 1, "coca")]),
              "1 pudim e 1 coca")
    reply = chat.send(p("remove_items", ambiguous=[(("coca_lata", "coca_2l"), 1, "coca")]),
                      "esquece a coca")
    assert "deixei _coca_ de fora" in reply
    assert chat.state() is State.ORDERING
    assert chat.conv is not None and chat.conv.cart.quantity_of("pudim") == 1


def test_taking_out_a_cart_line_while_asked_which_keeps_the_question():
    chat = Chat()
    chat.send(p("greeting"), "oi")
    chat.send(p("add_items", [("coca_lata", 1)]), "1 coca lata")
    chat.send(p("add_items", ambiguous=[(("coca_lata", "coca_2l"), 1, "coca")]), "e uma coca")
    chat.send(p("remove_items", [("coca_lata", 1)]), "tira a coca lata")
    assert chat.state() is State.CHOOSING
    assert chat.conv is not None and chat.conv.cart.quantity_of("coca_lata") == 0
