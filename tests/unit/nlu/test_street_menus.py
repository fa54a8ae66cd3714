"""The quentinha, the street burger trailer and the cantina: number signs, brands, halves."""

from __future__ import annotations

from functools import cache

import pytest

from nlu import Context, Intent, Parser, load_menu, parse_menu
from tests.unit.nlu.conftest import DATA

MENUS = DATA / "menus"


@cache
def parser_for(menu: str) -> Parser:
    return Parser(load_menu(MENUS / f"{menu}.json"))


def lines_of(menu: str, text: str) -> dict[str, tuple[int, str | None]]:
    return {line.id: (line.quantity, line.note) for line in parser_for(menu).parse(text).items}


@pytest.mark.parametrize(
    "text",
    ["2 marmitex n 8", "2 marmitex nº 8", "2 marmitex n°8", "2 marmites n8", "2 marmitex numero 8",
     "duas marmitex 8"],
)
def test_a_number_sign_before_a_number_of_the_name_is_part_of_it(text: str) -> None:
    assert lines_of("quentinha", text) == {"marmitex_8": (2, None)}


def test_a_number_sign_alone_is_still_a_menu_number() -> None:
    result = parser_for("quentinha").parse("quero o numero 3")
    assert [ref.number for ref in result.numbers] == [3] and not result.items


def test_a_brand_no_item_is_named_by_finds_the_unbranded_soft_drink() -> None:
    assert lines_of("quentinha", "uma coca lata") == {"refri_lata": (1, "coca")}
    assert lines_of("quentinha", "1 coca 2l sem gelo") == {"refri_2l": (1, "coca; sem gelo")}
    ambiguous = parser_for("quentinha").parse("uma fanta").ambiguous
    assert [amb.candidates for amb in ambiguous] == [("refri_lata", "refri_2l")]


def test_a_brand_sold_by_name_keeps_its_own_item() -> None:
    menu = parse_menu({"restaurant": {"name": "X"}, "items": [
        {"id": "coca", "name": "Coca-Cola Lata", "category": "bebidas", "price": 6},
        {"id": "refri", "name": "Refrigerante Lata", "category": "bebidas", "price": 5,
         "description": "Guaraná ou Fanta"},
    ]})
    parser = Parser(menu)
    assert [line.id for line in parser.parse("uma coca").items] == ["coca"]
    assert [(line.id, line.note) for line in parser.parse("uma fanta").items] == [
        ("refri", "fanta")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vlw tonhao, tmj", {}),
        ("eai tonhao, manda 2 x tudo e 1 x bacon", {"x_tudo": (2, None), "x_bacon": (1, None)}),
        ("1 smash do tonhao", {"smash": (1, None)}),
        ("o do tonhao", {"smash": (1, None)}),
    ],
)
def test_whose_a_dish_is_names_no_dish_alone(
    text: str, expected: dict[str, tuple[int, str | None]]
) -> None:
    assert lines_of("lanche_de_rua", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 grande meio a meio mussarela e frango c catupiry",
         ("pizza_frango_catupiry_grande", "meio mussarela, meio frango com catupiry")),
        ("pizza meia-meia marguerita e 4 queijos grande",
         ("pizza_quatro_queijos_grande", "meia marguerita, meia 4 queijos grande")),
        ("meio meio calabresa e portuguesa broto",
         ("pizza_portuguesa_broto", "meio calabresa, meio portuguesa broto")),
    ],
)
def test_halves_of_a_kind_the_other_half_has(text: str, expected: tuple[str, str]) -> None:
    [line] = parser_for("cantina").parse(text).items
    assert (line.id, line.note) == expected


def test_a_misspelt_x_burger_is_the_x_burger() -> None:
    assert lines_of("lanche_de_rua", "x bacom e batata p") == {
        "x_bacon": (1, None), "fritas_p": (1, None)}


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("faltou a coca no meu pedido", Intent.HUMAN),
        ("faltou o pudim na entrega", Intent.HUMAN),
        ("fala serio o flamengo perdeu de novo", Intent.UNKNOWN),
        ("fala meu querido", Intent.GREETING),
        ("qual a mistura de hoje?", Intent.SHOW_MENU),
        ("quais as misturas?", Intent.SHOW_MENU),
    ],
)
def test_what_the_quentinha_customers_say(text: str, intent: Intent) -> None:
    assert parser_for("quentinha").parse(text).intent is intent


def test_what_was_missing_alone_may_still_be_the_cart() -> None:
    result = parser_for("cantina").parse("não, faltou a coca")
    assert result.intent is not Intent.HUMAN


AFTER_TWO = Context(last_item="marmitex_9", cart=("marmitex_9",))


@pytest.mark.parametrize("text", ["uma sem feijao", "sem salada", "uma delas sem salada"])
def test_a_note_alone_is_on_the_line_just_ordered(text: str) -> None:
    result = parser_for("quentinha").parse(text, AFTER_TWO)
    assert result.intent is Intent.ADD_ITEMS and result.replace
    assert [(line.id, line.note, line.unsaid) for line in result.items] == [
        ("marmitex_9", text, True)]
    assert not result.unknown_items


@pytest.mark.parametrize("text", ["sem troco", "sem mais nada", "uma sem cebola e uma agua"])
def test_what_is_no_note_on_the_line(text: str) -> None:
    result = parser_for("quentinha").parse(text, AFTER_TWO)
    assert not any(line.id == "marmitex_9" for line in result.items)


def test_one_out_of_the_only_line() -> None:
    result = parser_for("quentinha").parse("tira uma", AFTER_TWO)
    assert result.intent is Intent.REMOVE_ITEMS
    assert [(line.id, line.quantity) for line in result.items] == [("marmitex_9", 1)]
    two_lines = Context(last_item="marmitex_9", cart=("marmitex_8", "marmitex_9"))
    assert not parser_for("quentinha").parse("tira uma", two_lines).items


@pytest.mark.parametrize(
    ("text", "intent"),
    [("vcs tao entregando?", Intent.ASK_DELIVERY), ("ja ta entregando meu pedido?",
                                                     Intent.ORDER_STATUS)],
)
def test_delivering_now(text: str, intent: Intent) -> None:
    assert parser_for("quentinha").parse(text).intent is intent


@pytest.mark.parametrize(
    ("menu", "text", "expected"),
    [
        ("quentinha", "um suco de laranja", {"suco_natural": (1, "de laranja")}),
        ("quentinha", "suco de limao sem acucar", {"suco_natural": (1, "de limao; sem acucar")}),
        ("lanche_de_rua", "2 molho extra barbecue", {"molho_extra": (2, "barbecue")}),
        ("lanche_de_rua", "um refri lata guarana", {"refri_lata": (1, "guarana")}),
    ],
)
def test_a_flavour_the_description_offers_is_the_note(
    menu: str, text: str, expected: dict[str, tuple[int, str | None]]
) -> None:
    assert lines_of(menu, text) == expected
