"""A name written as one word on one item and apart on another; a described choice said
whole after its dish; "o mesmo pra minha esposa"; "entrega na rua X 100" is an address; a
person asked for with an order that names something we do not sell."""

from __future__ import annotations

import pytest

from nlu import Context, Intent, Question
from tests.unit.nlu.conftest import Lines, lines, parser_for


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Pad Thai de Tofu" has no alias, its two siblings an alias "padthai de …"
        ("um pad thai de tofu", {"pad_thai_tofu": (1, None)}),
        ("2 padthai de tofu", {"pad_thai_tofu": (2, None)}),
        ("um pad thai de frango", {"pad_thai_frango": (1, None)}),
        ("2 padthai de camarao", {"pad_thai_camarao": (2, None)}),
    ],
)
def test_a_name_glued_on_one_item_and_apart_on_another(text: str, expected: Lines) -> None:
    assert lines(parser_for("wok_tailandes"), text) == expected


def test_which_pad_thai_offers_every_one() -> None:
    result = parser_for("wok_tailandes").parse("me ve um pad thai")
    assert [amb.candidates for amb in result.ambiguous] == [
        ("pad_thai_frango", "pad_thai_camarao", "pad_thai_tofu")]


@pytest.mark.parametrize(
    ("menu", "text", "expected"),
    [
        ("wok_tailandes", "1 curry verde nivel de pimenta leve",
         {"curry_verde": (1, "nivel de pimenta leve")}),
        ("wok_tailandes", "1 curry verde pimenta leve", {"curry_verde": (1, "pimenta leve")}),
        ("panquecaria", "1 panqueca de espinafre ao sugo", {"panq_espinafre": (1, "ao sugo")}),
        ("panquecaria", "1 panqueca de carne molho branco", {"panq_carne": (1, "molho branco")}),
        # the molho chosen is no Molho Extra charged apart
        ("panquecaria", "1 panqueca de carne ao molho branco",
         {"panq_carne": (1, "ao molho branco")}),
        ("churrosaria", "um churros gourmet recheado de ninho",
         {"churros_gourmet": (1, "recheado de ninho")}),
        # a word of the description that opens another dish ends the choice
        ("wok_tailandes", "2 pad thai de frango ovo arroz frito",
         {"pad_thai_frango": (2, "ovo"), "arroz_frito": (1, None)}),
    ],
)
def test_a_described_choice_is_said_whole(menu: str, text: str, expected: Lines) -> None:
    assert lines(parser_for(menu), text) == expected


@pytest.mark.parametrize("text", ["e o mesmo pra minha esposa", "a mesma coisa pro meu filho",
                                  "igual pra ela"])
def test_the_same_for_someone_is_one_more_of_the_last(text: str) -> None:
    result = parser_for("wok_tailandes").parse(
        text, Context(last_item="curry_verde", cart=("curry_verde",)))
    assert result.intent is Intent.ADD_ITEMS
    assert lines(parser_for("wok_tailandes"), text,
                 Context(last_item="curry_verde", cart=("curry_verde",))) == {
        "curry_verde": (1, None)}


@pytest.mark.parametrize(("text", "where"), [
    ("entrega na rua brigadeiro franco 1800 agua verde", "rua brigadeiro franco 1800 agua verde"),
    ("pode entregar na av sete de setembro 200 ap 12", "av sete de setembro 200 ap 12"),
])
def test_where_to_deliver_with_a_street_and_number_is_an_address(text: str, where: str) -> None:
    result = parser_for("panquecaria").parse(text)
    assert result.question is None
    assert result.address is not None and where in result.address


def test_asking_about_a_street_is_still_a_question() -> None:
    result = parser_for("panquecaria").parse("vcs entregam na rua brigadeiro franco 1800?")
    assert result.question is Question.DELIVERY_AREA


def test_a_person_asked_for_beside_an_order_leaves_nothing_unknown() -> None:
    result = parser_for("churrosaria").parse(
        "boa noite, queria encomendar 50 churros pra uma festa, tem como falar com alguem?")
    assert result.intent is Intent.HUMAN
    assert result.items == () and result.unknown_items == ()
