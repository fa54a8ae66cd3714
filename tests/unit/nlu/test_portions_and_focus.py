"""Menus with meia and inteira porções, sizes P/M/G of the same dishes, and a count said
for the item just talked about: how the parser reads them in the conversation's context."""

from __future__ import annotations

import pytest

from nlu import Context, Expecting, Intent, Parser, load_menu
from tests.unit.nlu.conftest import DATA

MENUS = DATA / "menus"


@pytest.fixture(scope="module")
def petiscaria() -> Parser:
    return Parser(load_menu(MENUS / "petiscaria.json"))


@pytest.fixture(scope="module")
def marmitaria() -> Parser:
    return Parser(load_menu(MENUS / "marmitaria_tamanhos.json"))


def items_of(parser: Parser, text: str, context: Context | None = None) -> dict[str, int]:
    return {line.id: line.quantity for line in parser.parse(text, context).items}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The second "meia" opens the second item: a name says a word once.
        ("meia de calabresa e meia de fritas", {"calabresa_meia": 1, "fritas_meia": 1}),
        ("meia calabresa e meia fritas", {"calabresa_meia": 1, "fritas_meia": 1}),
        ("meia de calabresa e uma meia de fritas", {"calabresa_meia": 1, "fritas_meia": 1}),
        ("meia de fritas", {"fritas_meia": 1}),
    ],
)
def test_two_half_portions_are_two_items(petiscaria: Parser, text: str,
                                         expected: dict[str, int]) -> None:
    assert items_of(petiscaria, text) == expected


def test_half_portions_say_no_note(petiscaria: Parser) -> None:
    result = petiscaria.parse("meia de calabresa e meia de fritas")
    assert [line.note for line in result.items] == [None, None]


def test_a_restated_count_of_the_generic_name_keeps_the_line(petiscaria: Parser) -> None:
    context = Context(last_item="caipirinha_limao",
                      cart=("frango_passarinho_inteira", "caipirinha_limao"))
    result = petiscaria.parse("na verdade sao 3 caipirinhas", context)
    assert {line.id: line.quantity for line in result.items} == {"caipirinha_limao": 3}
    assert result.replace and not result.ambiguous


def test_naming_the_other_flavour_still_changes_it(petiscaria: Parser) -> None:
    context = Context(last_item="caipirinha_limao", cart=("caipirinha_limao",))
    assert items_of(petiscaria, "na verdade de maracuja", context) == {"caipirinha_maracuja": 1}


@pytest.mark.parametrize(
    "text",
    ["troca a linguiça pela de frango", "troca a linguica por frango",
     "troca a marmita de linguiça por uma de frango"],
)
def test_a_swap_keeps_the_size_of_what_it_takes_out(marmitaria: Parser, text: str) -> None:
    context = Context(last_item="refri_lata", cart=("marmita_g_linguica", "refri_lata"))
    result = marmitaria.parse(text, context)
    assert result.intent is Intent.REMOVE_ITEMS
    assert [line.id for line in result.items] == ["marmita_g_linguica"]
    assert [line.id for line in result.then_add] == ["marmita_g_frango"]
    assert not result.then_add_ambiguous


def test_a_swap_with_the_size_said_takes_that_size(marmitaria: Parser) -> None:
    context = Context(last_item="marmita_g_linguica", cart=("marmita_g_linguica",))
    result = marmitaria.parse("troca a linguiça por uma marmita p de frango", context)
    assert [line.id for line in result.then_add] == ["marmita_p_frango"]


def test_a_swap_that_leaves_a_tie_still_asks(marmitaria: Parser) -> None:
    # Out of the cart goes a juice: no marmita is more like it than the others.
    context = Context(last_item="suco_laranja", cart=("suco_laranja",))
    result = marmitaria.parse("troca o suco por uma marmita de frango", context)
    assert [amb.candidates for amb in result.then_add_ambiguous] == [
        ("marmita_p_frango", "marmita_m_frango", "marmita_g_frango")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("manda 2 e uma meia de isca de peixe",
         {"caipirinha_maracuja": 2, "isca_peixe_meia": 1}),
        ("quero duas e 1 agua de coco", {"caipirinha_maracuja": 2, "agua_coco": 1}),
        ("2 e uma fritas inteira", {"caipirinha_maracuja": 2, "fritas_inteira": 1}),
    ],
)
def test_a_count_before_another_item_is_of_the_item_in_focus(
        petiscaria: Parser, text: str, expected: dict[str, int]) -> None:
    context = Context(last_item="caipirinha_maracuja")
    result = petiscaria.parse(text, context)
    assert {line.id: line.quantity for line in result.items} == expected
    assert list(expected) == [line.id for line in result.items]
    assert not result.numbers


def test_without_an_item_in_focus_the_count_orders_nothing(petiscaria: Parser) -> None:
    assert items_of(petiscaria, "manda 2 e uma agua de coco") == {"agua_coco": 1}


def test_the_next_item_keeps_its_own_count(petiscaria: Parser) -> None:
    # "2 e uma" is never "2 águas de coco".
    context = Context(last_item="caipirinha_maracuja")
    assert items_of(petiscaria, "manda 2 e uma agua de coco", context)["agua_coco"] == 1


@pytest.mark.parametrize(
    ("text", "context", "intent"),
    [
        ("Rua dos Navegantes, 900 - Boa Viagem", None, Intent.UNKNOWN),
        ("Rua da Aurora, 100 - Boa Vista", None, Intent.UNKNOWN),
        ("boa viagem", Context(expecting=Expecting.ADDRESS), Intent.UNKNOWN),
        ("boa noite", None, Intent.GREETING),
        ("pronto, ja abriu? pode fechar", None, Intent.CHECKOUT),
        ("bom dia, agora sim, pode fechar", None, Intent.CHECKOUT),
        ("q horas fecha?", None, Intent.ASK_HOURS),
    ],
)
def test_place_names_and_checkout_beside_a_greeting_or_hours(
        petiscaria: Parser, text: str, context: Context | None, intent: Intent) -> None:
    assert petiscaria.parse(text, context).intent is intent


def test_an_address_with_boa_in_the_bairro_is_read_as_an_address(petiscaria: Parser) -> None:
    result = petiscaria.parse("Rua dos Navegantes, 900 - Boa Viagem")
    assert result.address == "Rua dos Navegantes, 900 - Boa Viagem"
