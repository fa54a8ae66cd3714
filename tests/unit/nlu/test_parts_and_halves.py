"""One quantity told part by part, corrections to a variant of the line just ordered, and
half-and-half orders, on several menus."""

from __future__ import annotations

import pytest

from nlu import Context, Expecting, Intent, Parser, load_menu
from nlu.result import ParseResult

from .conftest import DATA


def items_of(result: ParseResult) -> dict[str, int]:
    return {line.id: line.quantity for line in result.items}


@pytest.fixture(scope="module")
def parsers() -> dict[str, Parser]:
    names = ("marmitaria", "doceria", "pizzaria", "lanchonete", "churrascaria", "nordestina",
             "japones", "cafeteria", "padaria", "hamburgueria", "arabe")
    return {name: Parser(load_menu(DATA / "menus" / f"{name}.json")) for name in names}


def choosing(*options: str) -> Context:
    return Context(expecting=Expecting.CHOICE, options=options)


# --- answers to "qual delas?" split over the options --------------------------------

@pytest.mark.parametrize(
    ("menu", "text", "options", "expected"),
    [
        ("marmitaria", "1 com açúcar e 1 sem", ("cafe_sem_acucar", "cafe_com_acucar"),
         {"cafe_com_acucar": 1, "cafe_sem_acucar": 1}),
        ("marmitaria", "uma com gás e uma sem", ("agua_sem_gas", "agua_com_gas"),
         {"agua_com_gas": 1, "agua_sem_gas": 1}),
        ("doceria", "30 tradicional e 20 gourmet", ("brigadeiro_tradicional",
                                                    "brigadeiro_gourmet"),
         {"brigadeiro_tradicional": 30, "brigadeiro_gourmet": 20}),
        ("pizzaria", "1 grande e 1 broto", ("pizza_calabresa_grande", "pizza_calabresa_media",
                                            "pizza_calabresa_broto"),
         {"pizza_calabresa_grande": 1, "pizza_calabresa_broto": 1}),
        ("lanchonete", "2 lata e 1 de 600", ("coca_lata", "coca_zero_lata", "coca_600"),
         {"coca_lata": 2, "coca_600": 1}),
        ("churrascaria", "uma P e uma G", ("marmita_churrasco_p", "marmita_churrasco_m",
                                           "marmita_churrasco_g"),
         {"marmita_churrasco_p": 1, "marmita_churrasco_g": 1}),
        ("nordestina", "1 com carne e 1 com ovo", ("cuscuz_simples", "cuscuz_carne",
                                                   "cuscuz_ovo"),
         {"cuscuz_carne": 1, "cuscuz_ovo": 1}),
        ("hamburgueria", "o de cheddar", ("cheddar_duplo", "smash_duplo"),
         {"cheddar_duplo": 1}),
    ],
)
def test_a_split_answer_picks_an_option_per_part(
    parsers: dict[str, Parser], menu: str, text: str, options: tuple[str, ...],
    expected: dict[str, int],
) -> None:
    result = parsers[menu].parse(text, choosing(*options))
    assert result.intent is Intent.ADD_ITEMS
    assert items_of(result) == expected
    assert result.ambiguous == () and result.numbers == () and result.unknown_items == ()


def test_a_part_naming_another_item_is_ordered_beside_the_answer(
    parsers: dict[str, Parser],
) -> None:
    result = parsers["marmitaria"].parse("1 com açúcar e 1 sem e um pudim",
                                         choosing("cafe_sem_acucar", "cafe_com_acucar"))
    assert items_of(result) == {"cafe_com_acucar": 1, "cafe_sem_acucar": 1, "pudim": 1}


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("2", [2]), ("a 2", [2]), ("tanto faz", [1])],
)
def test_an_option_number_is_no_part(parsers: dict[str, Parser], text: str,
                                     numbers: list[int]) -> None:
    result = parsers["lanchonete"].parse(text, choosing("coca_lata", "coca_600"))
    assert items_of(result) == {}
    assert [ref.number for ref in result.numbers] == numbers


def test_a_part_that_names_something_else_leaves_the_message_as_read(
    parsers: dict[str, Parser],
) -> None:
    # "guaraná lata" is no coca: nothing is taken for the cocas offered.
    result = parsers["lanchonete"].parse("1 guarana lata",
                                         choosing("coca_lata", "coca_zero_lata", "coca_600"))
    assert items_of(result) == {"guarana_lata": 1}


# --- a counted heading told part by part, with no question asked --------------------

@pytest.mark.parametrize(
    ("menu", "text", "expected"),
    [
        ("cafeteria", "duas aguas, uma com gas e uma sem", {"agua_gas": 1, "agua": 1}),
        ("pizzaria", "2 grandes, uma calabresa e uma frango com catupiry",
         {"pizza_calabresa_grande": 1, "pizza_frango_catupiry_grande": 1}),
        ("cafeteria", "duas aguas, uma com gas e uma sem, e 1 misto quente",
         {"agua_gas": 1, "agua": 1, "misto_quente": 1}),
        ("pizzaria", "2 grandes: 1 portuguesa e 1 marguerita",
         {"pizza_portuguesa_grande": 1, "pizza_marguerita_grande": 1}),
    ],
)
def test_a_counted_heading_is_split_into_its_parts(
    parsers: dict[str, Parser], menu: str, text: str, expected: dict[str, int],
) -> None:
    result = parsers[menu].parse(text)
    assert items_of(result) == expected
    assert result.ambiguous == ()


def test_parts_that_do_not_add_up_leave_the_heading_to_ask(parsers: dict[str, Parser]) -> None:
    result = parsers["cafeteria"].parse("3 aguas, uma com gas e uma sem")
    assert [amb.quantity for amb in result.ambiguous] == [3]


def test_more_of_a_kind_after_and_is_no_part_of_the_heading(parsers: dict[str, Parser]) -> None:
    result = parsers["cafeteria"].parse("2 aguas e 2 com gas")
    assert [amb.quantity for amb in result.ambiguous] == [2]
    assert items_of(result) == {"agua_gas": 2}


# --- the line just ordered, split over its variants or corrected to one -------------

def test_the_line_just_ordered_split_over_its_variants_restates_it(
    parsers: dict[str, Parser],
) -> None:
    context = Context(last_item="temaki_salmao", cart=("temaki_salmao",))
    result = parsers["japones"].parse("um normal e um com cream cheese", context)
    assert items_of(result) == {"temaki_salmao": 1, "temaki_salmao_cream": 1}
    assert result.replace


def test_more_of_a_kind_after_an_item_is_no_split(parsers: dict[str, Parser]) -> None:
    context = Context(last_item="temaki_salmao", cart=("temaki_salmao",))
    result = parsers["japones"].parse("e um com cream cheese", context)
    assert not result.replace


@pytest.mark.parametrize(
    ("menu", "text", "last", "expected"),
    [
        ("marmitaria", "na verdade coca normal", "coca_zero", "coca_lata"),
        ("padaria", "na verdade a fatia", "bolo_cenoura_inteiro", "bolo_cenoura"),
        ("hamburgueria", "na vdd faz duplo", "smash_simples", "smash_duplo"),
        ("hamburgueria", "melhor o duplo", "smash_simples", "smash_duplo"),
    ],
)
def test_a_correction_picks_the_variant_of_the_line_just_ordered(
    parsers: dict[str, Parser], menu: str, text: str, last: str, expected: str,
) -> None:
    result = parsers[menu].parse(text, Context(last_item=last, cart=(last,)))
    assert items_of(result) == {expected: 1}
    assert result.replace and result.ambiguous == ()


def test_without_a_correction_word_another_of_a_kind_is_still_asked(
    parsers: dict[str, Parser],
) -> None:
    result = parsers["marmitaria"].parse("e uma coca", Context(last_item="coca_zero",
                                                               cart=("coca_zero",)))
    assert [set(amb.candidates) for amb in result.ambiguous] == [{"coca_lata", "coca_zero"}]
    assert not result.replace


def test_a_correction_is_no_item_of_its_own(parsers: dict[str, Parser]) -> None:
    # "verdade" is an everyday word, never a near spelling of a dish ("verde").
    result = parsers["japones"].parse("na verdade faz o de 40", Context(last_item="combo_20"))
    assert "cha_verde" not in items_of(result)
    assert {line.id for line in result.then_add} | set(items_of(result)) >= {"combo_40"}


def test_only_that_closes_the_order_without_adding_what_the_cart_holds(
    parsers: dict[str, Parser],
) -> None:
    in_cart = parsers["japones"].parse("ok so o hot entao",
                                       Context(last_item="hot_roll", cart=("hot_roll",)))
    assert in_cart.intent is Intent.CHECKOUT and in_cart.items == ()
    alone = parsers["japones"].parse("ok so o hot entao", Context())
    assert items_of(alone) == {"hot_roll": 1}


# --- half and half ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected", "note"),
    [
        ("uma pizza grande meio calabresa meio mussarela", "pizza_calabresa_grande",
         "meio calabresa, meio mussarela"),
        ("uma grande meia portuguesa meia frango com catupiry",
         "pizza_frango_catupiry_grande", "meia portuguesa, meia frango com catupiry"),
        ("metade calabresa metade 4 queijos", "pizza_quatro_queijos_grande",
         "meio calabresa, meio 4 queijos"),
        ("1 pizza media meio calabresa e meio mussarela", "pizza_calabresa_media",
         "meio calabresa, meio mussarela"),
    ],
)
def test_half_and_half_is_one_line_of_the_pricier_half(
    parsers: dict[str, Parser], text: str, expected: str, note: str,
) -> None:
    result = parsers["pizzaria"].parse(text)
    assert result.intent is Intent.ADD_ITEMS
    assert [(line.id, line.quantity, line.note) for line in result.items] == [
        (expected, 1, note)]
    assert result.ambiguous == () and result.unknown_items == ()


def test_half_and_half_without_a_size_asks_which_size(parsers: dict[str, Parser]) -> None:
    result = parsers["pizzaria"].parse("uma meio calabresa meio portuguesa")
    [asked] = result.ambiguous
    assert set(asked.candidates) == {"pizza_portuguesa_grande", "pizza_portuguesa_media"}
    assert asked.note == "meio calabresa, meio portuguesa"


def test_one_half_is_no_half_and_half(parsers: dict[str, Parser]) -> None:
    result = parsers["pizzaria"].parse("uma calabresa grande e meia coca")
    assert "pizza_calabresa_grande" in items_of(result)
    assert all(line.note is None or "meio" not in line.note for line in result.items)


# --- more ways to answer, and the kind of the item just talked about ---------------

@pytest.mark.parametrize(
    ("menu", "text", "options", "expected"),
    [
        ("churrascaria", "1 p e 1 g", ("marmita_churrasco_p", "marmita_churrasco_m",
                                       "marmita_churrasco_g"),
         {"marmita_churrasco_p": 1, "marmita_churrasco_g": 1}),
        ("cafeteria", "pode ser o grande", ("suco_laranja_300", "suco_laranja_500"),
         {"suco_laranja_500": 1}),
        ("cafeteria", "o pequeno", ("suco_laranja_300", "suco_laranja_500"),
         {"suco_laranja_300": 1}),
        ("arabe", "1 de cada: carne queijo e calabresa",
         ("esfiha_carne", "esfiha_queijo", "esfiha_calabresa", "esfiha_frango"),
         {"esfiha_carne": 1, "esfiha_queijo": 1, "esfiha_calabresa": 1}),
    ],
)
def test_sizes_letters_and_lists_answer_a_choice(
    parsers: dict[str, Parser], menu: str, text: str, options: tuple[str, ...],
    expected: dict[str, int],
) -> None:
    assert items_of(parsers[menu].parse(text, choosing(*options))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("de chocolate", {"croissant_chocolate": 1}), ("e 2 de chocolate", {"croissant_chocolate": 2}),
     ("um chocolate quente", {"chocolate_quente": 1})],
)
def test_de_something_keeps_the_kind_of_the_item_just_talked_about(
    parsers: dict[str, Parser], text: str, expected: dict[str, int],
) -> None:
    result = parsers["cafeteria"].parse(text, Context(last_item="croissant_presunto"))
    assert items_of(result) == expected


@pytest.mark.parametrize(
    ("text", "expecting", "numbers", "money"),
    [("2", Expecting.PAYMENT, [2], None), ("45", Expecting.ADDRESS, [], None),
     ("cem", Expecting.CHANGE, [], 10000), ("50", Expecting.CHANGE, [], 5000)],
)
def test_a_bare_number_at_checkout_answers_the_question(
    seed_parser: Parser, text: str, expecting: Expecting, numbers: list[int],
    money: int | None,
) -> None:
    result = seed_parser.parse(text, Context(expecting=expecting, last_item="pudim",
                                             cart=("pudim",)))
    assert result.items == () and not result.replace
    assert [ref.number for ref in result.numbers] == numbers
    assert result.money_cents == money


def test_words_still_restate_the_last_line_at_checkout(seed_parser: Parser) -> None:
    result = seed_parser.parse("na verdade são 3", Context(expecting=Expecting.PAYMENT,
                                                           last_item="pudim", cart=("pudim",)))
    assert items_of(result) == {"pudim": 3} and result.replace


def test_a_bag_holds_what_is_sold_by_weight() -> None:
    adega = Parser(load_menu(DATA / "menus" / "adega.json"))
    assert items_of(adega.parse("um saco de gelo")) == {"gelo": 1}
    assert items_of(adega.parse("2 gelos de coco")) == {"gelo_coco": 2}
    # without a bag, "gelo" still fits both and the assistant asks
    [asked] = adega.parse("um gelo").ambiguous
    assert set(asked.candidates) == {"gelo", "gelo_coco"}
