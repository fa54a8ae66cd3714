"""Menus with meia and inteira porções, sizes P/M/G of the same dishes, and a count said
for the item just talked about: how the parser reads them in the conversation's context."""

from __future__ import annotations

import pytest

from nlu import Context, Expecting, Intent, Parser, load_menu, parse_menu
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


@pytest.fixture(scope="module")
def lancheria() -> Parser:
    return Parser(load_menu(MENUS / "lancheria.json"))


@pytest.fixture(scope="module")
def paraense() -> Parser:
    return Parser(load_menu(MENUS / "paraense.json"))


XIS = ["xis_salada", "xis_coracao", "xis_calabresa", "xis_frango", "xis_tudo"]


@pytest.mark.parametrize("text", ["quero um xis", "2 xis e 1 coca lata", "um x, e uma coca lata"])
def test_xis_alone_is_any_of_the_menus_xis(lancheria: Parser, text: str) -> None:
    result = lancheria.parse(text)
    assert result.intent is Intent.ADD_ITEMS
    assert [sorted(amb.candidates) for amb in result.ambiguous] == [sorted(XIS)]
    assert not result.numbers  # the 2 of "2 xis" counts xis, it is no menu number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1x xis salada", {"xis_salada": 1}),
        ("1x x-salada", {"xis_salada": 1}),
        ("2 xis salada", {"xis_salada": 2}),
        ("2x xis tudo e 1x coca lata", {"xis_tudo": 2, "coca_lata": 1}),
    ],
)
def test_the_x_of_a_count_is_no_xis(lancheria: Parser, text: str,
                                    expected: dict[str, int]) -> None:
    assert items_of(lancheria, text) == expected


def test_a_restated_count_of_xis_keeps_the_line(lancheria: Parser) -> None:
    context = Context(last_item="xis_frango", cart=("xis_frango",))
    assert items_of(lancheria, "na verdade sao 3 xis", context) == {"xis_frango": 3}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 tacaca p e 1 g", {"tacaca_pequeno": 2, "tacaca_grande": 1}),
        ("2 tacaca g", {"tacaca_grande": 2}),
    ],
)
def test_one_g_after_sizes_is_the_size_g(paraense: Parser, text: str,
                                         expected: dict[str, int]) -> None:
    assert items_of(paraense, text) == expected


def test_grams_stay_grams_where_no_item_comes_in_size_g() -> None:
    menu = parse_menu({"restaurant": {"name": "Empório"}, "items": [
        {"id": "queijo", "name": "Queijo Minas", "category": "frios", "price": 5.0}]})
    # "1g" stays a gram: no "1 of size G" read into a menu without sizes.
    result = Parser(menu).parse("quero 1g de queijo")
    assert [line.id for line in result.items] == ["queijo"]
    assert not result.ambiguous


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 marmita p de frango e 1 m", {"marmita_p_frango": 2, "marmita_m_frango": 1}),
        ("uma marmita p de frango e uma g", {"marmita_p_frango": 1, "marmita_g_frango": 1}),
        ("1 marmita g de bife e uma de frango", {"marmita_g_bife": 1, "marmita_g_frango": 1}),
    ],
)
def test_the_second_mention_keeps_what_it_leaves_unsaid(marmitaria: Parser, text: str,
                                                        expected: dict[str, int]) -> None:
    assert items_of(marmitaria, text) == expected


@pytest.mark.parametrize(
    ("menu", "text", "expected"),
    [
        ("paraense.json", "um pato no tucupi pra 3 pessoas", {"pato_tucupi_familia": 1}),
        ("paraense.json", "um pato no tucupi", {"pato_tucupi": 1}),
        ("chinesa.json", "um yakisoba pra tres pessoas", {"yakisoba_familia": 1}),
        # "(4 pessoas)" in the name is no second order of four.
        ("massas.json", "uma lasanha bolonhesa pra 4 pessoas", {"lasanha_bolonhesa_familia": 1}),
        # Nothing there says it serves two: the dish said, once.
        ("chinesa.json", "um yakisoba de frango pra 2 pessoas", {"yakisoba_frango": 1}),
        ("nordestina.json", "baiao pra 2 pessoas", {"baiao_de_dois": 1}),
        # "pra 4", "p/ 2", "pra quatro" without "pessoas", where some dish serves that many.
        ("moquecaria.json", "moqueca mista p 4", {"moqueca_mista_4": 1}),
        ("moquecaria.json", "duas moqueca mista pra 2", {"moqueca_mista_2": 2}),
        ("moquecaria.json", "moqueca de camarao pra quatro pfv", {"moqueca_camarao_4": 1}),
        ("moquecaria.json", "moqueca de camarão p/ 2 e arroz extra",
         {"moqueca_camarao_2": 1, "arroz_extra": 1}),
        ("moquecaria.json", "1 moqueca capixaba pra 4 com pirao extra",
         {"moqueca_peixe_4": 1, "pirao_extra": 1}),
    ],
)
def test_how_many_people_picks_the_variant_that_serves_them(menu: str, text: str,
                                                            expected: dict[str, int]) -> None:
    assert items_of(Parser(load_menu(MENUS / menu)), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 marmita p 4 coca lata", {"marmita_p": 1, "coca": 4}),  # the size P, four cocas
        ("1 marmita p 4", {"marmita_familia": 1}),
    ],
)
def test_p_and_a_number_are_people_only_when_nothing_follows(
        text: str, expected: dict[str, int]) -> None:
    menu = parse_menu({"items": [
        {"id": "marmita_p", "name": "Marmita P", "category": "marmitas", "price": 18},
        {"id": "marmita_familia", "name": "Marmita Família (serve 4)", "category": "marmitas",
         "price": 60},
        {"id": "coca", "name": "Coca Lata", "category": "bebidas", "price": 6},
    ]})
    assert items_of(Parser(menu), text) == expected


def test_troco_pra_is_never_how_many_people() -> None:
    menu = parse_menu({"items": [
        {"id": "kit", "name": "Kit Festa (serve 50)", "category": "kits", "price": 300},
        {"id": "kit_p", "name": "Kit Festa (serve 20)", "category": "kits", "price": 150},
    ]})
    result = Parser(menu).parse("1 kit festa pra 20, troco pra 50")
    assert {line.id: line.quantity for line in result.items} == {"kit_p": 1}
    assert result.change_for_cents == 5000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 G de frango", {"marmita_g_frango": 2}),
        ("uma m de bife e 2 p de linguica", {"marmita_m_bife": 1, "marmita_p_linguica": 2}),
    ],
)
def test_a_counted_size_letter_before_what_it_is(marmitaria: Parser, text: str,
                                                 expected: dict[str, int]) -> None:
    assert items_of(marmitaria, text) == expected


@pytest.mark.parametrize(("answer", "chosen"),
                         [("salada", "xis_salada"), ("o tudo", "xis_tudo"),
                          ("o de calabresa", "xis_calabresa"), ("o 2", "xis_coracao")])
def test_which_xis_is_answered_by_the_word_after_the_x(lancheria: Parser, answer: str,
                                                       chosen: str) -> None:
    assert lancheria.choose(answer, XIS) == chosen


def test_which_xis_answered_part_by_part(lancheria: Parser) -> None:
    context = Context(expecting=Expecting.CHOICE, options=tuple(XIS))
    assert items_of(lancheria, "1 salada e 1 coracao", context) == {"xis_salada": 1,
                                                                   "xis_coracao": 1}


def test_a_count_before_another_item_adds_nothing_to_a_line_in_the_cart(
        petiscaria: Parser) -> None:
    # With the caipirinha already ordered, "2" there may restate it: not two more.
    context = Context(last_item="caipirinha_maracuja", cart=("caipirinha_maracuja",))
    assert "caipirinha_maracuja" not in items_of(petiscaria, "manda 2 e uma agua de coco",
                                                 context)


@pytest.fixture(scope="module")
def temakeria() -> Parser:
    return Parser(load_menu(MENUS / "temakeria.json"))


@pytest.mark.parametrize(
    ("text", "put_in"),
    [
        ("troca o skin por um hot", "temaki_hot"),  # a temaki for a temaki
        ("troca o temaki skin por um hot roll", "hot_roll"),  # named whole, it stays
    ],
)
def test_a_swap_puts_in_the_kind_it_takes_out(temakeria: Parser, text: str,
                                              put_in: str) -> None:
    context = Context(last_item="temaki_salmao", cart=("temaki_skin", "temaki_salmao"))
    result = temakeria.parse(text, context)
    assert [line.id for line in result.items] == ["temaki_skin"]
    assert [line.id for line in result.then_add] == [put_in]


def test_a_hot_on_its_own_is_still_the_hot_roll(temakeria: Parser) -> None:
    assert items_of(temakeria, "um hot") == {"hot_roll": 1}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "e 1 de 300" after the orange juice is the orange juice of 300 ml.
        ("2 laranja de 500 e 1 de 300", {"laranja_500": 2, "laranja_300": 1}),
        ("1 maracuja 700 e 2 de 500", {"maracuja_700": 1, "maracuja_500": 2}),
    ],
)
def test_a_size_alone_after_an_item_is_that_item_in_that_size(
        text: str, expected: dict[str, int]) -> None:
    assert items_of(Parser(load_menu(MENUS / "sucos.json")), text) == expected


def test_the_item_is_of_a_size_with_an_e_for_the_verb() -> None:
    # "a vitamina é de 700" (or "e de 700"), right after the 500 ml one: that one in 700 ml.
    parser = Parser(load_menu(MENUS / "sucos.json"))
    context = Context(last_item="vit_mista_500", cart=("vit_mista_500", "sand_frango"))
    for text in ("na vdd a vitamina é de 700", "na verdade a vitamina e de 700"):
        result = parser.parse(text, context)
        assert items_of(parser, text, context) == {"vit_mista_700": 1}
        assert result.replace


@pytest.mark.parametrize(
    ("text", "expected", "note"),
    [
        ("vitamina de banana sem aveia 300", "vit_banana_300", "sem aveia"),
        ("2 vitamina mista com pouco acucar 700ml", "vit_mista_700", "com pouco acucar"),
    ],
)
def test_a_size_said_after_the_note_chooses_the_size(text: str, expected: str,
                                                     note: str) -> None:
    result = Parser(load_menu(MENUS / "sucos.json")).parse(text)
    assert [(line.id, line.note) for line in result.items] == [(expected, note)]
    assert not result.ambiguous


@pytest.mark.parametrize("text", ["manda uma pra 2 entao", "manda uma pra 2 pessoas entao"])
def test_one_for_two_after_asking_about_the_dish_is_the_one_that_serves_two(text: str) -> None:
    parser = Parser(load_menu(MENUS / "moquecaria.json"))
    result = parser.parse(text, Context(last_item="moqueca_camarao_4"))
    assert result.intent is Intent.ADD_ITEMS
    assert items_of(parser, text, Context(last_item="moqueca_camarao_4")) == {
        "moqueca_camarao_2": 1}


def test_how_many_a_dish_serves_is_still_a_question() -> None:
    parser = Parser(load_menu(MENUS / "moquecaria.json"))
    result = parser.parse("a moqueca de camarao da pra 4 pessoas?")
    assert result.intent is Intent.SHOW_MENU and not result.items


@pytest.mark.parametrize(
    ("menu", "text", "expected"),
    [
        ("pizza_fatia.json", "duas de calabresa e uma de frango, tudo fatia",
         {"fatia_calabresa": 2, "fatia_frango_catupiry": 1}),
        ("sucos.json", "um de cada: laranja, maracuja e acerola, todos de 500",
         {"laranja_500": 1, "maracuja_500": 1, "acerola_500": 1}),
        ("sucos.json", "2 vitamina de banana e 1 mista, todas grandes",
         {"vit_banana_700": 2, "vit_mista_700": 1}),
        # Said of items already settled, it changes nothing.
        ("sucos.json", "2 laranja 300 e 1 maracuja 500, todos sem gelo",
         {"laranja_300": 2, "maracuja_500": 1}),
    ],
)
def test_what_is_said_once_of_all_the_items_before(menu: str, text: str,
                                                   expected: dict[str, int]) -> None:
    assert items_of(Parser(load_menu(MENUS / menu)), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("me ve 3 fatia de calabresa pfv, e pode trocar uma por portuguesa?",
         {"fatia_calabresa": 2, "fatia_portuguesa": 1}),
        ("3 fatia de calabresa, troca 1 delas por mussarela",
         {"fatia_calabresa": 2, "fatia_mussarela": 1}),
    ],
)
def test_some_of_those_just_counted_swapped_in_the_same_message(
        text: str, expected: dict[str, int]) -> None:
    assert items_of(Parser(load_menu(MENUS / "pizza_fatia.json")), text) == expected


@pytest.mark.parametrize(
    ("menu", "text", "expected", "noted"),
    [
        ("sucos.json", "1 laranja 500 e 1 misto quente\nObs: misto bem passado",
         {"laranja_500": 1, "misto_quente": 1}, ("misto_quente", "misto bem passado")),
        ("moquecaria.json", "1 moqueca mista pra 2 pessoas e 2 guaraná. Obs: capricha no pirão",
         {"moqueca_mista_2": 1, "guarana_lata": 2}, ("guarana_lata", "capricha no pirao")),
    ],
)
def test_what_follows_obs_is_a_note(menu: str, text: str, expected: dict[str, int],
                                    noted: tuple[str, str]) -> None:
    result = Parser(load_menu(MENUS / menu)).parse(text)
    assert {line.id: line.quantity for line in result.items} == expected
    assert noted in [(line.id, line.note) for line in result.items]


@pytest.mark.parametrize(
    ("menu", "text"),
    [("peruana.json", "o chaufa de camarão serve 2?"),
     ("pizza_fatia.json", "a pizza inteira é quantas fatias?")],
)
def test_how_much_a_dish_is_is_a_question(menu: str, text: str) -> None:
    result = Parser(load_menu(MENUS / menu)).parse(text)
    assert result.intent is Intent.SHOW_MENU and not result.items


def test_only_the_kind_of_a_line_in_the_cart_closes_the_order() -> None:
    parser = Parser(load_menu(MENUS / "sucos.json"))
    result = parser.parse("so o suco mesmo", Context(cart=("laranja_500",)))
    assert result.intent is Intent.CHECKOUT and not result.items and not result.ambiguous


def test_a_size_said_with_faz_corrects_the_line() -> None:
    parser = Parser(load_menu(MENUS / "sucos.json"))
    context = Context(last_item="morango_300", cart=("morango_300",))
    result = parser.parse("faz de 500 o de morango", context)
    assert items_of(parser, "faz de 500 o de morango", context) == {"morango_500": 1}
    assert result.replace
