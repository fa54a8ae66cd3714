"""Sizes said as words, add-ons counted inside a note, cut words and the item just asked about,
on menus the parser was not written for (caldos, peixaria, vegana, creperia, rotisseria)."""

from __future__ import annotations

import pytest

from nlu import Context, Intent, Parser, Question, load_menu
from tests.unit.nlu.conftest import DATA

MENUS = DATA / "menus"


def parser(name: str) -> Parser:
    return Parser(load_menu(MENUS / f"{name}.json"))


def items_of(name: str, text: str, context: Context | None = None) -> dict[str, int]:
    return {line.id: line.quantity for line in parser(name).parse(text, context).items}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 mocoto grande", {"mocoto_500": 2}),  # between 300 ml and 500 ml: the bigger
        ("3 caldo verde pequeno", {"caldo_verde_300": 3}),
        ("1 caldo verde de 500", {"caldo_verde_500": 1}),
    ],
)
def test_a_size_word_picks_among_one_dish_sold_by_volume(text, expected):
    assert items_of("caldos", text) == expected


def test_a_size_word_after_a_whole_kind_still_asks():
    result = parser("caldos").parse("1 caldo grande")
    assert not result.items  # eight caldos: "grande" alone does not say which


def test_a_size_word_in_the_plural_is_still_the_size():
    assert items_of("rotisseria", "2 frangos inteiros") == {"frango_inteiro": 2}


@pytest.mark.parametrize(
    ("menu", "text", "expected"),
    [
        ("vegana", "2 burger de grao de bico, um com bacon de coco extra",
         {"burger_grao": 2, "bacon_coco": 1}),
        ("caldos", "3 caldo verde pequeno, 1 com bacon extra",
         {"caldo_verde_300": 3, "bacon_extra": 1}),
    ],
)
def test_an_add_on_counted_in_a_note_is_charged_for_that_many(menu, text, expected):
    result = parser(menu).parse(text)
    assert {line.id: line.quantity for line in result.items} == expected
    assert any(line.note for line in result.items)  # which of them gets it stays said


def test_a_note_without_an_add_on_stays_a_note():
    assert items_of("caldos", "2 caldo verde 300, um sem calabresa") == {"caldo_verde_300": 2}


@pytest.mark.parametrize("text", ["2 crep de doce de leite", "2 crepe de doce de leite"])
def test_a_short_word_cut_before_its_last_vowel_is_the_menu_word(text):
    assert items_of("creperia", text) == {"crepe_doce_leite": 2}


@pytest.mark.parametrize(
    ("menu", "last", "text", "expected"),
    [
        ("caldos", "caldo_feijao_300", "quero 2 de 300", {"caldo_feijao_300": 2}),
        ("caldos", "caldo_feijao_300", "quero 2 de 500", {"caldo_feijao_500": 2}),
        ("peixaria", "isca_meia", "manda uma meia entao", {"isca_meia": 1}),
        ("peixaria", "isca_meia", "uma inteira", {"isca_inteira": 1}),
    ],
)
def test_a_size_alone_is_the_item_just_talked_about(menu, last, text, expected):
    assert items_of(menu, text, Context(last_item=last)) == expected


def test_a_size_alone_without_context_still_asks():
    assert items_of("caldos", "quero 2 de 300") == {}


def test_a_pronoun_orders_the_item_just_asked_about():
    p = parser("peixaria")
    asked = p.parse("entao manda ela", Context(last_item="moqueca_peixe"))
    assert asked.intent is Intent.ADD_ITEMS
    assert [(line.id, line.quantity) for line in asked.items] == [("moqueca_peixe", 1)]
    ordered = p.parse("entao manda ela", Context(last_item="moqueca_peixe",
                                                 cart=("moqueca_peixe",)))
    assert not ordered.items  # already in the cart: not a second one by a pronoun


@pytest.mark.parametrize("text", ["o caldo verde tem calabresa?", "a moqueca mista leva camarao?"])
def test_what_a_named_dish_has_is_a_question_about_it(text):
    menu = "caldos" if "caldo" in text else "peixaria"
    result = parser(menu).parse(text)
    assert result.question is Question.ITEM_INFO and result.about


def test_whether_there_is_a_dish_is_not_a_question_about_what_it_has():
    result = parser("caldos").parse("vcs tem caldo verde?")
    assert result.question is None and result.about


@pytest.mark.parametrize(
    "text",
    ["uma grande de frango com catupiry com borda de cheddar e uma coca 2l",
     "uma grande de calabresa sem cebola com borda de cheddar e uma coca 2l"],
)
def test_an_add_on_after_a_note_is_an_item(text: str) -> None:
    found = items_of("pizzaria_forno", text)
    assert found.pop("borda_cheddar") == 1 and found.pop("coca_2l") == 1
    assert list(found.values()) == [1]
