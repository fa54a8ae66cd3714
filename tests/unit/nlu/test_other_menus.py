"""The same parser on menus it was not written for: pizzaria and lanchonete (near-duplicates)."""

from __future__ import annotations

import pytest

from nlu import Context, Expecting, Intent, Parser, load_menu, parse_menu
from tests.unit.nlu.conftest import DATA

MENUS = DATA / "menus"


def items_of(parser: Parser, text: str) -> dict[str, int]:
    return {line.id: line.quantity for line in parser.parse(text).items}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("uma calabresa grande", {"pizza_calabresa_grande": 1}),
        ("uma 4 queijos", {"pizza_quatro_queijos_grande": 1}),
        ("uma quatro queijos grande", {"pizza_quatro_queijos_grande": 1}),
        ("uma muzzarela grande", {"pizza_mussarela_grande": 1}),
        ("10 esfirras de carne e 5 de queijo", {"esfiha_carne": 10, "esfiha_queijo": 5}),
        ("uma calabresa grande e uma média",
         {"pizza_calabresa_grande": 1, "pizza_calabresa_media": 1}),
        ("uma calabresa grande com borda de cheddar",
         {"pizza_calabresa_grande": 1, "borda_cheddar": 1}),
        ("1 frango catupiry media", {"pizza_frango_catupiry_media": 1}),
        ("pizza calabresa G", {"pizza_calabresa_grande": 1}),
    ],
)
def test_pizzaria(pizzaria_parser: Parser, text: str, expected: dict[str, int]) -> None:
    assert items_of(pizzaria_parser, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quero1 x-tudo e2coca lata", {"x_tudo": 1, "coca_lata": 2}),
        ("2 xtudo", {"x_tudo": 2}),
        ("um xis bacon", {"x_bacon": 1}),
        ("2 milk shake de morango", {"milkshake_morango": 2}),
        ("coca lata", {"coca_lata": 1}),
        ("uma coca zero", {"coca_zero_lata": 1}),
        ("1 coca 600", {"coca_600": 1}),
        ("3 coxinhas de frango com catupiry", {"coxinha_frango_catupiry": 3}),
        ("5 coxinha de frango", {"coxinha_frango": 5}),
        ("x salada sem tomate e com bastante maionese", {"x_salada": 1}),
    ],
)
def test_lanchonete(lanchonete_parser: Parser, text: str, expected: dict[str, int]) -> None:
    assert items_of(lanchonete_parser, text) == expected


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("uma coca", {"coca_lata", "coca_zero_lata", "coca_600"}),
        ("3 coxinhas", {"coxinha_frango", "coxinha_frango_catupiry"}),
        ("um pastel", {"pastel_carne", "pastel_queijo", "pastel_pizza"}),
    ],
)
def test_near_duplicates_are_asked_about(
    lanchonete_parser: Parser, text: str, candidates: set[str]
) -> None:
    result = lanchonete_parser.parse(text)
    assert result.items == ()
    assert [set(a.candidates) for a in result.ambiguous] == [candidates]


def test_a_note_naming_a_menu_item_is_not_an_item(seed_parser: Parser) -> None:
    assert items_of(seed_parser, "feijoada sem farofa") == {"feijoada": 1}
    assert items_of(seed_parser, "quero uma marmita grande com frango grelhado") == {
        "marmitex_grande": 1
    }
    assert items_of(seed_parser, "uma água com gás e uma sem gás") == {
        "agua_com_gas": 1, "agua_sem_gas": 1
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("um açaí de 500", {"acai_500": 1}),
        ("açaí 500 com granola e leite ninho", {"acai_500": 1, "granola": 1, "leite_ninho": 1}),
        ("2 açaí 500ml com morango", {"acai_500": 2, "morango": 2}),
        ("quero um de 700 com nutella", {"acai_700": 1, "nutella": 1}),
        ("um açaí de 500 e um de 300", {"acai_500": 1, "acai_300": 1}),
        ("quero 3 açaí 500, opa, 2", {"acai_500": 2}),
    ],
)
def test_acai_sizes_and_add_ons(acai_parser: Parser, text: str, expected: dict[str, int]) -> None:
    assert items_of(acai_parser, text) == expected


def test_a_message_opening_with_sem_removes(acai_parser: Parser) -> None:
    result = acai_parser.parse("sem granola")
    assert result.intent.value == "remove_items"
    assert items_of(acai_parser, "sem granola") == {"granola": 1}


@pytest.mark.parametrize(("text", "intent"), [("siiim", "confirm"), ("boa noiteee", "greeting"),
                                               ("nãooo", "deny")])
def test_elongated_words(seed_parser: Parser, text: str, intent: str) -> None:
    assert seed_parser.parse(text).intent.value == intent


NORDESTE = {
    "restaurant": {"name": "Sabor do Sertão"},
    "items": [
        {"id": "quentinha_p", "name": "Quentinha Pequena", "category": "quentinhas", "price": 15},
        {"id": "quentinha_g", "name": "Quentinha Grande", "category": "quentinhas", "price": 20},
        {"id": "baiao", "name": "Baião de Dois", "category": "pratos", "price": 30},
        {"id": "fritas_meia", "name": "Batata Frita (meia porção)", "category": "porções",
         "price": 12},
        {"id": "fritas_inteira", "name": "Batata Frita (porção inteira)", "category": "porções",
         "price": 20},
        {"id": "tapioca_queijo", "name": "Tapioca de Queijo Coalho", "category": "tapiocas",
         "price": 10},
    ],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 quentinhas grandes", {"quentinha_g": 2}),
        ("2 baião de dois", {"baiao": 2}),
        ("meia porção de fritas", {"fritas_meia": 1}),
        ("uma batata frita inteira", {"fritas_inteira": 1}),
        ("2 tapiocas de queijo", {"tapioca_queijo": 2}),
    ],
)
def test_a_menu_seen_only_here(text: str, expected: dict[str, int]) -> None:
    parser = Parser(parse_menu(NORDESTE))
    assert items_of(parser, text) == expected


@pytest.mark.parametrize(
    ("menu", "text", "expected"),
    [
        ("espetinho", "6 de carne e 4 de frango", {"espeto_carne": 6, "espeto_frango": 4}),
        ("espetinho", "5 coração de frango", {"espeto_coracao": 5}),
        ("espetinho", "picanha de 500 com farofa e vinagrete",
         {"picanha_500": 1, "farofa": 1, "vinagrete": 1}),
        ("espetinho", "jantinha com espeto de carne", {"jantinha": 1}),
        ("acai", "um 300ml com leite condensado", {"acai_300": 1, "leite_condensado": 1}),
        ("japones", "temaki filadelfia com cream cheese extra",
         {"temaki_salmao_cream": 1, "cream_cheese_extra": 1}),
        ("japones", "um combo de 20", {"combo_20": 1}),
        ("padaria", "5 pãezinhos e 1 café com leite", {"pao_frances": 5, "cafe_com_leite": 1}),
        ("padaria", "2 fatias de bolo de cenoura", {"bolo_cenoura": 2}),
        ("padaria", "meia dúzia de pãozinho", {"pao_frances": 6}),
        ("pastelaria", "2 de carne e 1 de queijo", {"pastel_carne": 2, "pastel_queijo": 1}),
        ("pastelaria", "4 pastel de carne e 2 caldo 500", {"pastel_carne": 4, "caldo_cana_500": 2}),
        ("doceria", "um cento de brigadeiro tradicional", {"brigadeiro_tradicional": 100}),
        ("doceria", "um cento de kibe", {"kibe_festa": 1}),
        ("doceria", "2 kg de bolo de chocolate", {"bolo_chocolate_kg": 2}),
        ("doceria", "é pra festa da minha filha", {}),
        ("fitness", "5 marmitas de frango com batata doce", {"frango_batata_doce": 5}),
        ("fitness", "marmita de frango com batata doce e um suco verde",
         {"frango_batata_doce": 1, "suco_verde": 1}),
        ("fitness", "quero o kit de 5", {"kit_5": 1}),
        ("sorveteria", "2 copos de uma bola", {"copo_1_bola": 2}),
        ("sorveteria", "copo com 2 bolas com granulado", {"copo_2_bolas": 1, "granulado": 1}),
    ],
)
def test_more_menus(menu: str, text: str, expected: dict[str, int]) -> None:
    parser = Parser(load_menu(MENUS / f"{menu}.json"))
    assert items_of(parser, text) == expected


def test_a_question_about_delivering_an_item_is_about_delivery() -> None:
    parser = Parser(load_menu(MENUS / "padaria.json"))
    result = parser.parse("entregam pão de manhã cedo?")
    assert result.intent.value == "ask_delivery"
    assert result.items == ()


def test_a_plain_mention_leaves_out_items_with_extra_words() -> None:
    parser = Parser(load_menu(MENUS / "pastelaria.json"))
    result = parser.parse("um caldo de cana")
    assert [set(a.candidates) for a in result.ambiguous] == [{"caldo_cana_300", "caldo_cana_500"}]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("uma duzia de esfiha de carne", {"duzia_carne": 1}),  # the menu sells the dozen
        ("2 dúzias de esfiha de queijo", {"duzia_queijo": 2}),
        ("12 esfihas abertas de carne", {"aberta_carne": 12}),  # twelve, said as a number
        ("meia duzia de esfiha fechada de queijo", {"fechada_queijo": 6}),
        ("uma duzia de esfiha de carne e meia duzia de esfiha aberta de queijo",
         {"duzia_carne": 1, "aberta_queijo": 6}),
    ],
)
def test_a_dozen_the_menu_sells(text: str, expected: dict[str, int]) -> None:
    parser = Parser(load_menu(MENUS / "esfiharia.json"))
    assert items_of(parser, text) == expected


def test_by_the_slice_or_whole_is_asked_when_not_said() -> None:
    parser = Parser(load_menu(MENUS / "bolos.json"))
    result = parser.parse("um bolo de chocolate")
    assert [set(a.candidates) for a in result.ambiguous] == [
        {"chocolate_fatia", "chocolate_inteiro"}]
    assert items_of(parser, "2 fatia de chocolate") == {"chocolate_fatia": 2}
    late = parser.parse("manda um inteiro", Context(last_item="cenoura_fatia"))
    assert [(line.id, line.quantity) for line in late.items] == [("cenoura_inteiro", 1)]


def test_a_volume_in_parentheses_is_how_the_item_is_sold() -> None:
    # "(copo 400ml)" and "(jarra 1 litro)": neither is the plain one, so "chicha morada" asks.
    parser = Parser(load_menu(MENUS / "peruana.json"))
    result = parser.parse("chicha morada")
    assert [set(a.candidates) for a in result.ambiguous] == [
        {"chicha_morada_copo", "chicha_morada_jarra"}]
    assert items_of(parser, "uma jarra de chicha morada") == {"chicha_morada_jarra": 1}


@pytest.mark.parametrize(
    ("menu", "text", "expected"),
    [
        ("moquecaria.json", "2 arros extra", {"arroz_extra": 2}),
        ("moquecaria.json", "1 pirao e 1 arros", {"pirao_extra": 1, "arroz_extra": 1}),
    ],
)
def test_a_final_z_written_as_s(menu: str, text: str, expected: dict[str, int]) -> None:
    assert items_of(Parser(load_menu(MENUS / menu)), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The combo comes with "um refrigerante lata": which one, not a second order.
        ("qro o combo calzone com guarana", {"combo_calzone": 1}),
        ("combo 2 fatias com coca zero", {"combo_2fatias": 1}),
        # A calzone comes with no drink: the guaraná is ordered too.
        ("1 calzone de calabresa com guarana", {"calzone_calabresa": 1, "guarana_lata": 1}),
    ],
)
def test_the_soft_drink_a_combo_comes_with(text: str, expected: dict[str, int]) -> None:
    assert items_of(Parser(load_menu(MENUS / "pizza_fatia.json")), text) == expected


def test_what_is_taken_out_is_what_the_cart_holds() -> None:
    parser = Parser(load_menu(MENUS / "bolos.json"))
    result = parser.parse("esquece os cafe", Context(cart=("cafe", "chocolate_fatia")))
    assert result.intent is Intent.REMOVE_ITEMS
    assert [(line.id, line.quantity) for line in result.items] == [("cafe", 1)]


def test_a_number_beside_another_item_is_no_option() -> None:
    parser = Parser(load_menu(MENUS / "bolos.json"))
    assert parser.choose("2 chocolate quente", ["cafe", "cafe_leite"]) is None
    assert parser.choose("2", ["cafe", "cafe_leite"]) == "cafe_leite"



@pytest.mark.parametrize(
    ("menu", "text", "expected"),
    [
        # a line numbered as the menu numbers it: the name decides, the number is no quantity
        ("pamonharia", "4. Pamonha com Linguiça — R$ 15,00\n10. Café Coado — R$ 5,00",
         {"pamonha_linguica": 1, "cafe": 1}),
        # "de" for the menu's "com", also with the kind left out
        ("pamonharia", "2 pamonha de queijo", {"pamonha_queijo": 2}),
        ("pamonharia", "4 pamonhas de sal, 2 de queijo e 2 curau",
         {"pamonha_sal": 4, "pamonha_queijo": 2, "curau": 2}),
        # an add-on named whole ("Ovo Extra") even when the dish comes with an egg
        ("coreana", "bibimbap com ovo extra", {"bibimbap": 1, "ovo_extra": 1}),
        # an alias said whole beats a name that starts with the word
        ("coreana", "1 kimchi e 1 kimchi jjigae", {"kimchi": 1, "kimchi_jjigae": 1}),
    ],
)
def test_lists_and_names_on_new_menus(menu: str, text: str, expected: dict[str, int]) -> None:
    parser = Parser(load_menu(MENUS / f"{menu}.json"))
    assert items_of(parser, text) == expected


def test_a_numbered_line_alone_is_still_a_menu_number(seed_parser: Parser) -> None:
    result = seed_parser.parse("7.", Context(expecting=Expecting.MENU_NUMBER))
    assert [ref.number for ref in result.numbers] == [7]
    assert not result.items


@pytest.mark.parametrize("text", ["1x pf", "2 x pf"])
def test_pf_after_a_times_quantity_is_the_dish(seed_parser: Parser, text: str) -> None:
    assert [line.id for line in seed_parser.parse(text).items] == ["prato_feito"]


def test_the_right_address_is_no_yes(seed_parser: Parser) -> None:
    result = seed_parser.parse("ops, o endereço certo é rua augusta 730")
    assert result.intent is Intent.UNKNOWN
    assert result.address is not None and "augusta 730" in result.address


def test_a_numbered_line_with_a_quantity_orders_that_many() -> None:
    parser = Parser(load_menu(MENUS / "pamonharia.json"))
    result = parser.parse("1. pamonha doce\n2. 3 pamonha de sal",
                          Context(expecting=Expecting.MENU_NUMBER))
    assert {line.id: line.quantity for line in result.items} == {"pamonha_doce": 1,
                                                                 "pamonha_sal": 3}
    assert not result.numbers
