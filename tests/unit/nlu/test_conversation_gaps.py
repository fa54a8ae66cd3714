"""What real conversations showed: swaps, money for change, thanks, choices, complaints."""

from __future__ import annotations

import pytest

from nlu import Context, Intent, Parser, load_menu
from tests.unit.nlu.conftest import DATA

TROCO_STEP_MENU = DATA / "menus" / "marmitaria.json"


@pytest.fixture(scope="module")
def marmitaria_parser() -> Parser:
    """A parser over a menu whose water and coffee come "com" and "sem" (no alias)."""
    return Parser(load_menu(TROCO_STEP_MENU))


@pytest.mark.parametrize(
    ("text", "removed", "added"),
    [
        ("tira o pudim e coloca 2 brigadeiros", {"pudim": 1}, {"brigadeiro": 2}),
        ("sem o pudim então, põe 2 brigadeiros", {"pudim": 1}, {"brigadeiro": 2}),
        ("em vez da lasanha quero um strogonoff", {"lasanha_bolonhesa": 1},
         {"strogonoff_frango": 1}),
        ("ao invés de 2 cocas lata, 2 guaranás", {"coca_lata": 2}, {"guarana_lata": 2}),
        ("quero um strogonoff em vez da lasanha", {"lasanha_bolonhesa": 1},
         {"strogonoff_frango": 1}),
        ("troca o suco de laranja pelo de maracujá", {"suco_laranja": 1}, {"suco_maracuja": 1}),
        ("no lugar do pudim manda um pavê", {"pudim": 1}, {"pave": 1}),
        ("não quero mais o pudim, quero um pavê", {"pudim": 1}, {"pave": 1}),
        ("muda a coca lata pra 2 guaranás", {"coca_lata": 1}, {"guarana_lata": 2}),
        ("pode trocar a feijoada por uma galinhada?", {"feijoada": 1}, {"galinhada": 1}),
        ("em vez da coca lata e do pudim, um guaraná", {"coca_lata": 1, "pudim": 1},
         {"guarana_lata": 1}),
        ("troca a coca lata e o pudim por um guaraná", {"coca_lata": 1, "pudim": 1},
         {"guarana_lata": 1}),
        ("troca 2 feijoadas por 2 lasanhas", {"feijoada": 2}, {"lasanha_bolonhesa": 2}),
        ("quero 2 feijoadas, não quero a coca lata", {"coca_lata": 1}, {"feijoada": 2}),
        ("troca o pudim", {"pudim": 1}, {}),
        ("quero trocar o pudim", {"pudim": 1}, {}),
    ],
)
def test_a_swap_removes_one_thing_and_adds_another(
    seed_parser: Parser, text: str, removed: dict[str, int], added: dict[str, int]
) -> None:
    result = seed_parser.parse(text)
    assert result.intent is Intent.REMOVE_ITEMS
    assert {line.id: line.quantity for line in result.items} == removed
    assert {line.id: line.quantity for line in result.then_add} == added
    assert result.to_dict()["then_add"] == [line.to_dict() for line in result.then_add]


@pytest.mark.parametrize(
    ("text", "removed", "added"),
    [
        ("troca um deles por um guaraná", {"coca_lata": 1}, {"guarana_lata": 1}),
        ("troca um por um guaraná", {"coca_lata": 1}, {"guarana_lata": 1}),
        ("troca 2 deles por 2 guaranás", {"coca_lata": 2}, {"guarana_lata": 2}),
        ("troca ela por um guaraná", {"coca_lata": 1}, {"guarana_lata": 1}),
    ],
)
def test_what_a_swap_takes_out_may_be_the_item_just_ordered(
    seed_parser: Parser, text: str, removed: dict[str, int], added: dict[str, int]
) -> None:
    result = seed_parser.parse(text, Context(last_item="coca_lata", cart=("coca_lata",)))
    assert result.intent is Intent.REMOVE_ITEMS
    assert {line.id: line.quantity for line in result.items} == removed
    assert {line.id: line.quantity for line in result.then_add} == added
    assert result.unknown_items == ()


def test_without_an_item_just_ordered_a_bare_count_swaps_nothing(seed_parser: Parser) -> None:
    result = seed_parser.parse("troca um por um guaraná")
    assert result.intent is Intent.ADD_ITEMS
    assert [line.id for line in result.items] == ["guarana_lata"]
    assert result.then_add == ()


def test_an_ambiguous_swapped_item_stays_ambiguous(seed_parser: Parser) -> None:
    result = seed_parser.parse("troca a coca por um guaraná")
    assert result.intent is Intent.REMOVE_ITEMS
    assert [amb.candidates for amb in result.ambiguous] == [("coca_lata", "coca_2l")]
    assert result.items == ()
    assert [line.id for line in result.then_add] == ["guarana_lata"]


def test_what_is_added_in_a_swap_may_be_ambiguous(seed_parser: Parser) -> None:
    result = seed_parser.parse("troca o pudim por uma coca")
    assert [line.id for line in result.items] == ["pudim"]
    assert [amb.candidates for amb in result.then_add_ambiguous] == [("coca_lata", "coca_2l")]


@pytest.mark.parametrize(
    "text", ["quero 2 feijoadas e uma coca lata", "tira a coca lata", "troca pra 2 cocas lata"]
)
def test_no_swap_without_two_sides(seed_parser: Parser, text: str) -> None:
    assert seed_parser.parse(text).then_add == ()


@pytest.mark.parametrize(
    ("text", "cents"),
    [("R$ 50", 5000), ("50 reais", 5000), ("100,00", 10000), ("cinquenta reais", 5000),
     ("pode ser 100", 10000), ("vou pagar com 50 reais", 5000), ("r$ 20,50", 2050)],
)
def test_money_stated_alone(seed_parser: Parser, text: str, cents: int) -> None:
    result = seed_parser.parse(text)
    assert result.money_cents == cents
    assert result.numbers == () and result.items == ()


@pytest.mark.parametrize(
    ("text", "change"), [("troco pra 100", 10000), ("troco de 50 reais", 5000)]
)
def test_change_is_not_money_stated(seed_parser: Parser, text: str, change: int) -> None:
    result = seed_parser.parse(text)
    assert result.change_for_cents == change
    assert result.money_cents is None


def test_a_small_number_stays_a_menu_number(seed_parser: Parser) -> None:
    result = seed_parser.parse("pode ser 20")
    assert result.money_cents is None
    assert [ref.number for ref in result.numbers] == [20]


@pytest.mark.parametrize(
    ("text", "intent"),
    [("sem troco", Intent.UNKNOWN), ("não preciso de troco", Intent.DENY),
     ("não precisa de troco", Intent.DENY), ("tenho trocado", Intent.UNKNOWN),
     ("vou dar o valor certo", Intent.UNKNOWN), ("sim, sem troco", Intent.CONFIRM)],
)
def test_no_change(seed_parser: Parser, text: str, intent: Intent) -> None:
    result = seed_parser.parse(text)
    assert result.no_change
    assert result.intent is intent


@pytest.mark.parametrize("text", ["troco pra 50", "vou precisar de troco", "pode ser"])
def test_change_wanted_is_not_no_change(seed_parser: Parser, text: str) -> None:
    assert not seed_parser.parse(text).no_change


@pytest.mark.parametrize(
    ("text", "intent"),
    [("obrigado", Intent.UNKNOWN), ("obrigada", Intent.UNKNOWN), ("brigado", Intent.UNKNOWN),
     ("valeu", Intent.UNKNOWN), ("vlw", Intent.UNKNOWN), ("obg", Intent.UNKNOWN),
     ("thanks", Intent.UNKNOWN), ("muito obrigado pela atenção", Intent.UNKNOWN),
     ("tmj", Intent.UNKNOWN), ("bjs", Intent.UNKNOWN), ("beijos, ate amanha", Intent.UNKNOWN),
     ("flw", Intent.UNKNOWN), ("valeu, pode fechar", Intent.CHECKOUT),
     ("não, obrigado", Intent.DENY), ("sim obrigado", Intent.CONFIRM)],
)
def test_thanks(seed_parser: Parser, text: str, intent: Intent) -> None:
    result = seed_parser.parse(text)
    assert result.thanks
    assert result.intent is intent


@pytest.mark.parametrize("text", ["quero 2 feijoadas", "pode fechar", "oi"])
def test_no_thanks_where_none_is_said(seed_parser: Parser, text: str) -> None:
    assert not seed_parser.parse(text).thanks


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("a segunda", [2]), ("o primeiro", [1]), ("a primeira opção", [1]), ("a última", []),
     ("o de cima", [1]), ("pode ser a terceira", [3]), ("o primeiro, por favor", [1])],
)
def test_ordinals_choose_an_option(seed_parser: Parser, text: str, numbers: list[int]) -> None:
    result = seed_parser.parse(text)
    assert result.intent is Intent.UNKNOWN
    assert [ref.number for ref in result.numbers] == numbers


@pytest.mark.parametrize("text", ["vcs abrem segunda?", "abre segunda?", "segunda tem?"])
def test_a_weekday_is_still_a_weekday(seed_parser: Parser, text: str) -> None:
    assert seed_parser.parse(text).intent is Intent.ASK_HOURS


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("a segunda", "coca_2l"), ("o primeiro", "coca_lata"), ("a primeira opção", "coca_lata"),
     ("a última", "coca_2l"), ("o de cima", "coca_lata"), ("o de baixo", "coca_2l")],
)
def test_choose_reads_ordinals(seed_parser: Parser, answer: str, expected: str) -> None:
    assert seed_parser.choose(answer, ["coca_lata", "coca_2l"]) == expected


@pytest.mark.parametrize(
    "text", ["nenhum", "nenhuma", "nenhuma delas", "nenhum dos dois", "nada", "nada não",
             "deixa"],
)
def test_none_of_them_is_deny(seed_parser: Parser, text: str) -> None:
    assert seed_parser.parse(text).intent is Intent.DENY


def test_deixa_opening_a_request_is_not_deny(seed_parser: Parser) -> None:
    assert seed_parser.parse("deixa eu ver o cardápio").intent is Intent.SHOW_MENU


@pytest.mark.parametrize(
    ("text", "intent", "unknown"),
    [("tem pizza?", Intent.UNKNOWN, "pizza"),
     ("vcs vendem hamburguer?", Intent.UNKNOWN, "hamburguer"),
     ("quero uma pizza de calabresa", Intent.ADD_ITEMS, "pizza de calabresa")],
)
def test_what_the_menu_does_not_have(
    seed_parser: Parser, text: str, intent: Intent, unknown: str
) -> None:
    result = seed_parser.parse(text)
    assert result.intent is intent
    assert [mention.text for mention in result.unknown_items] == [unknown]


@pytest.mark.parametrize(
    ("text", "suggestions"),
    [("quero um x-burguer", ()), ("quero uma pizza de calabresa", ()), ("tem pizza?", ()),
     ("quero um hamburguer", ()),
     ("quero um suco de abacaxi", ("suco_laranja", "suco_maracuja"))],
)
def test_only_plausible_suggestions(
    seed_parser: Parser, text: str, suggestions: tuple[str, ...]
) -> None:
    mentions = seed_parser.parse(text).unknown_items
    assert len(mentions) == 1
    assert mentions[0].suggestions == suggestions


@pytest.mark.parametrize(
    ("text", "candidates"),
    [("2 aguas", ("agua_sem_gas", "agua_com_gas")),
     ("2 cafés", ("cafe_sem_acucar", "cafe_com_acucar")),
     ("uma água mineral", ("agua_sem_gas", "agua_com_gas"))],
)
def test_com_and_sem_tell_items_apart(
    marmitaria_parser: Parser, seed_parser: Parser, text: str, candidates: tuple[str, ...]
) -> None:
    for parser in (marmitaria_parser, seed_parser):
        ids = set(candidates) & set(parser.index.items)
        if not ids:
            continue
        result = parser.parse(text)
        assert result.items == ()
        assert [set(amb.candidates) for amb in result.ambiguous] == [ids]


@pytest.mark.parametrize(
    ("text", "item"),
    [("uma água com gás", "agua_com_gas"), ("3 águas sem gás", "agua_sem_gas"),
     ("um café sem açúcar", "cafe_sem_acucar"), ("café com açúcar", "cafe_com_acucar")],
)
def test_saying_com_or_sem_settles_it(marmitaria_parser: Parser, text: str, item: str) -> None:
    result = marmitaria_parser.parse(text)
    assert [line.id for line in result.items] == [item]
    assert result.items[0].note is None


@pytest.mark.parametrize(
    ("text", "item", "note"),
    [("quero um pf sem salada pf", "prato_feito", "sem salada"),
     ("uma feijoada sem farofa por favor", "feijoada", "sem farofa"),
     ("feijoada sem farofa pfv", "feijoada", "sem farofa"),
     ("um bife bem passado pf, obrigado", "bife_acebolado", "bem passado")],
)
def test_please_never_ends_up_in_a_note(
    seed_parser: Parser, text: str, item: str, note: str
) -> None:
    result = seed_parser.parse(text)
    assert [(line.id, line.note) for line in result.items] == [(item, note)]


@pytest.mark.parametrize(
    "text",
    ["meu pedido veio errado", "veio faltando a coca", "a comida chegou fria",
     "o strogonoff veio sem arroz", "chegou tudo frio", "a marmita veio errada",
     "veio coca em vez de guaraná"],
)
def test_complaints_go_to_a_person(seed_parser: Parser, text: str) -> None:
    result = seed_parser.parse(text)
    assert result.intent is Intent.HUMAN
    assert result.items == () and result.then_add == ()


@pytest.mark.parametrize("text", ["tá errado", "não, tá errado", "meu pedido"])
def test_a_cart_under_review_is_no_complaint(seed_parser: Parser, text: str) -> None:
    assert seed_parser.parse(text).intent is not Intent.HUMAN


@pytest.mark.parametrize(
    ("text", "items", "unknown"),
    [("quero uma pizza", {}, ["pizza"]), ("tem pizza?", {}, ["pizza"]),
     ("quero uma pizza de calabresa", {}, ["pizza de calabresa"]),
     ("um pastel de pizza", {"pastel_pizza": 1}, []), ("2 de pizza", {"pastel_pizza": 2}, []),
     ("um pastel de carne e um de pizza", {"pastel_carne": 1, "pastel_pizza": 1}, [])],
)
def test_a_dish_kind_is_not_a_flavour_of_another(
    lanchonete_parser: Parser, text: str, items: dict[str, int], unknown: list[str]
) -> None:
    result = lanchonete_parser.parse(text)
    assert {line.id: line.quantity for line in result.items} == items
    assert [mention.text for mention in result.unknown_items] == unknown
    assert all(m.suggestions == ("pastel_pizza",) for m in result.unknown_items)


@pytest.mark.parametrize(
    ("text", "intent"),
    [("a pizza chegou fria", Intent.HUMAN), ("a pizza veio com a borda errada", Intent.HUMAN),
     ("obrigado, a pizza tava ótima", Intent.UNKNOWN), ("amei a pizza", Intent.UNKNOWN),
     ("quero 2 pizzas de calabresa grandes", Intent.ADD_ITEMS)],
)
def test_talk_about_a_delivered_pizza_orders_nothing(
    pizzaria_parser: Parser, text: str, intent: Intent
) -> None:
    result = pizzaria_parser.parse(text)
    assert result.intent is intent
    assert result.unknown_items == ()
    if intent is not Intent.ADD_ITEMS:
        assert result.items == () and result.ambiguous == ()


@pytest.mark.parametrize("text", ["11987654321", "01310100", "pode ser 5000"])
def test_long_bare_numbers_are_no_cash(seed_parser: Parser, text: str) -> None:
    assert seed_parser.parse(text).money_cents is None


@pytest.mark.parametrize(
    ("text", "items", "unknown"),
    [("vcs tem lasanha?", {}, ["lasanha"]), ("2 x-baconn", {"x_bacon": 2}, [])],
)
def test_another_dish_is_no_typo(
    lanchonete_parser: Parser, text: str, items: dict[str, int], unknown: list[str]
) -> None:
    result = lanchonete_parser.parse(text)
    assert {line.id: line.quantity for line in result.items} == items
    assert [mention.text for mention in result.unknown_items] == unknown


@pytest.mark.parametrize("text", ["fiejoada", "fejuada", "2 feijoda"])
def test_typos_are_still_forgiven(seed_parser: Parser, text: str) -> None:
    assert [line.id for line in seed_parser.parse(text).items] == ["feijoada"]


@pytest.mark.parametrize(
    ("text", "intent", "added"),
    [("troca o de 500 pelo de 700", Intent.REMOVE_ITEMS, ["acai_700"]),
     ("o açaí veio derretido", Intent.HUMAN, [])],
)
def test_acai_swaps_and_complaints(
    acai_parser: Parser, text: str, intent: Intent, added: list[str]
) -> None:
    result = acai_parser.parse(text)
    assert result.intent is intent
    assert [line.id for line in result.then_add] == added
    assert result.unknown_items == () and result.money_cents is None


@pytest.fixture(scope="module")
def salgaderia_parser() -> Parser:
    return Parser(load_menu(DATA / "menus" / "salgaderia.json"))


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("1 cento de coxinha e 1 cento de kibe", {"coxinha_cento": 1, "kibe_cento": 1}),
        ("um cento de kibe", {"kibe_cento": 1}),
        ("2 centos de bolinha de queijo", {"bolinha_queijo_cento": 2}),
        ("20 coxinhas", {"coxinha_unidade": 20}),
    ],
)
def test_a_hundred_named_by_the_menu_is_the_item_not_a_quantity(
    salgaderia_parser: Parser, text: str, items: dict[str, int]
) -> None:
    result = salgaderia_parser.parse(text)
    assert {line.id: line.quantity for line in result.items} == items
    assert result.numbers == ()


def test_salgado_is_no_misspelled_salada(seed_parser: Parser) -> None:
    asked = seed_parser.parse("vcs fazem salgado pra festa?")
    assert asked.intent is Intent.SHOW_MENU and asked.items == ()
    assert seed_parser.parse("2 salgados").items == ()
    assert [line.id for line in seed_parser.parse("uma salda").items] == ["salada"]


def test_a_bucket_of_beers_is_meant_only_when_the_bucket_is_said() -> None:
    parser = Parser(load_menu(DATA / "menus" / "boteco.json"))
    assert [(line.id, line.quantity) for line in parser.parse("2 heineken").items] == [
        ("heineken", 2)]
    assert [line.id for line in parser.parse("um balde de heineken").items] == [
        "balde_heineken"]


def test_typos_as_phones_make_them(seed_parser: Parser) -> None:
    boteco = Parser(load_menu(DATA / "menus" / "boteco.json"))
    # "nia" for "nha", as it sounds; two letters swapped.
    assert [(line.id, line.quantity) for line in boteco.parse("2 caipirinia de limao").items] \
        == [("caipirinha_limao", 2)]
    assert [line.id for line in seed_parser.parse("1 pudmi").items] == ["pudim"]


def test_a_number_after_an_article_is_the_menus_number_not_a_quantity() -> None:
    boteco = Parser(load_menu(DATA / "menus" / "boteco.json"))
    result = boteco.parse("me ve o 7 e uma agua")
    assert [(line.id, line.quantity) for line in result.items] == [("agua", 1)]
    assert [(ref.number, ref.quantity) for ref in result.numbers] == [(7, 1)]
    assert [line.quantity for line in boteco.parse("2 agua").items] == [2]


def test_how_many_said_after_asking_of_the_one_item_named() -> None:
    tapiocaria = Parser(load_menu(DATA / "menus" / "tapiocaria.json"))
    asked = tapiocaria.parse("quanto é a tapioca de frango? quero duas")
    assert [(line.id, line.quantity) for line in asked.items] == [("tap_frango_catupiry", 2)]
    assert asked.numbers == ()
    said = tapiocaria.parse("1 suco de caja e 1 de acerola, quero 2")
    assert {line.id: line.quantity for line in said.items} == {"suco_caja": 1,
                                                              "suco_acerola": 1}
