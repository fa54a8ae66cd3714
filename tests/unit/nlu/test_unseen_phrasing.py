"""Phrasings the labelled batches 24 and 25 showed: slang greetings, mixed languages, waiting
time, complaints about a swapped dish, "não, só a X mesmo" and "o cardápio das bebidas"."""

from __future__ import annotations

import pytest

from nlu import Intent, Parser


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("eae", Intent.GREETING),
        ("iae tudo certo", Intent.GREETING),
        ("eae blz", Intent.GREETING),  # hello, not "yes"
        ("buenas", Intent.GREETING),
        ("hola boa tarde", Intent.GREETING),
        ("boa tarde qro fazer um pedidu", Intent.GREETING),
        ("cancel", Intent.CANCEL),
        ("cancel tudo", Intent.CANCEL),
        ("a comida nao chegou ainda", Intent.ORDER_STATUS),
        ("o pedido nao veio ainda", Intent.ORDER_STATUS),
        ("quanto tempo pra chegar aqui no centro?", Intent.ASK_DELIVERY),
        ("quanto tempo até entregar?", Intent.ASK_DELIVERY),
        ("não, só a lasanha mesmo", Intent.CHECKOUT),
        ("nao so o pf", Intent.CHECKOUT),
        ("não, é só essa feijoada", Intent.CHECKOUT),
        ("me manda o cardápio das sobremesas", Intent.SHOW_MENU),
        ("mostra o menu de bebidas", Intent.SHOW_MENU),
    ],
)
def test_intent_of_new_phrasings(seed_parser: Parser, text: str, intent: Intent) -> None:
    result = seed_parser.parse(text)
    assert result.intent is intent, text
    assert not result.items, text  # nothing is ordered


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("quero one feijoada please", {"feijoada": 1}),
        ("two lasanhas por favor", {"lasanha_bolonhesa": 2}),
        ("una galinhada", {"galinhada": 1}),
        ("não, só uma coca lata", {"coca_lata": 1}),  # something new: an order, not "no more"
        ("faz uma feijoada pra mim", {"feijoada": 1}),  # "faz" still orders
        ("faz 2 pudins", {"pudim": 2}),
        ("qria 1 pf", {"prato_feito": 1}),
        ("quero uma lasanha e me manda o cardápio de sobremesas", {"lasanha_bolonhesa": 1}),
    ],
)
def test_orders_in_new_phrasings(seed_parser: Parser, text: str, items: dict[str, int]) -> None:
    result = seed_parser.parse(text)
    assert result.intent is Intent.ADD_ITEMS, text
    assert {line.id: line.quantity for line in result.items} == items, text
    assert not result.ambiguous, text


@pytest.mark.parametrize(
    "text",
    [
        "cade minha feijoada ja faz uma hora",
        "kd o pf? faz 40 minutos",
        "ja faz muito tempo que pedi a lasanha",
    ],
)
def test_time_waited_asks_where_the_order_is(seed_parser: Parser, text: str) -> None:
    result = seed_parser.parse(text)
    assert result.intent is Intent.ORDER_STATUS, text
    assert not result.items, text


@pytest.mark.parametrize(
    "text",
    [
        "mandaram feijoada e eu pedi lasanha",
        "vieram 2 pudins mas eu pedi brigadeiro",
        "eu pedi galinhada e veio strogonoff",
        "eu pedi pf mas trouxeram bife acebolado",
    ],
)
def test_swapped_dish_is_a_complaint(seed_parser: Parser, text: str) -> None:
    result = seed_parser.parse(text)
    assert result.intent is Intent.HUMAN, text
    assert not result.items, text


def test_part_of_the_menu_asked_with_an_order_is_no_ambiguity(pizzaria_parser: Parser) -> None:
    result = pizzaria_parser.parse("uma calabresa grande e manda o cardápio das bebidas")
    assert result.intent is Intent.ADD_ITEMS
    assert {line.id for line in result.items} == {"pizza_calabresa_grande"}
    assert not result.ambiguous
    # asked for on their own, drinks still are ambiguous
    assert pizzaria_parser.parse("2 bebidas").ambiguous


@pytest.mark.parametrize("text", ["gracias", "muchas gracias", "ok gracias"])
def test_spanish_thanks(seed_parser: Parser, text: str) -> None:
    result = seed_parser.parse(text)
    assert result.thanks, text
    assert result.intent is not Intent.ADD_ITEMS, text
