"""Times and durations are never quantities, counts said per person, and thanks said in
English or with 🙏: what the labelled batch 44 (hard real-world messages) showed."""

from __future__ import annotations

import pytest

from nlu import Context, Expecting, Intent, Parser, Question
from nlu.normalise import TIME, tokenize


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("pras 19h", "19 horas"),
        ("pras 19h30", "19 horas 30"),
        ("[20:15, 01/12/2026] Ana", "20 horas 15"),
        ("ja faz 1h10min", "1 horas 10 min"),
        ("daqui 1 hora", "1 hora"),
        ("daqui uma hora", "uma hora"),
        ("meia hora", "meia hora"),
        ("50 min", "50 min"),
    ],
)
def test_a_time_is_one_token(text: str, time: str) -> None:
    assert [tok.text for tok in tokenize(text) if tok.kind == TIME] == [time]


def test_a_date_is_dropped() -> None:
    assert [tok.text for tok in tokenize("01/12/2026 ou 1/12/26")] == ["ou"]
    assert [tok.text for tok in tokenize("1/2")] == ["1", "/", "2"]  # no date


def test_a_time_keeps_the_count_after_it() -> None:
    tokens = tokenize("pras 20h 2 pizzas")
    assert [tok.text for tok in tokens if tok.kind == TIME] == ["20 horas"]
    assert any(tok.text == "2" for tok in tokens)  # one digit: a count, not the minutes


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("me ve 1 galinhada pra daqui 1 hora", {"galinhada": 1}),
        ("2 feijoada pras 19h30", {"feijoada": 2}),
        ("[20:15, 01/12/2026] Ana: 2 feijoada e 1 guarana", {"feijoada": 2, "guarana_lata": 1}),
    ],
)
def test_a_time_in_an_order_is_no_quantity(seed_parser: Parser, text: str,
                                           items: dict[str, int]) -> None:
    result = seed_parser.parse(text)
    assert result.intent is Intent.ADD_ITEMS, text
    assert {line.id: line.quantity for line in result.items} == items, text
    assert not result.numbers, text  # 19, 30, 15 and 1 are no menu numbers


@pytest.mark.parametrize(
    ("text", "context", "intent"),
    [
        ("pode ser pras 19h?", Context(expecting=Expecting.CONFIRMATION), Intent.ASK_HOURS),
        ("pode ser pra daqui 1 hora?", None, Intent.ASK_HOURS),
        ("moço ja tem 50 min q eu pedi", None, Intent.ORDER_STATUS),
        ("ja faz 1h10 q eu pedi, vai demorar?", None, Intent.ORDER_STATUS),
        ("faz 40 minutos e nada", None, Intent.ORDER_STATUS),
        ("um minuto", Context(expecting=Expecting.PAYMENT), Intent.UNKNOWN),  # waiting
        ("pode ser", Context(expecting=Expecting.CONFIRMATION), Intent.CONFIRM),
    ],
)
def test_times_asked_and_waited(seed_parser: Parser, text: str, context: Context | None,
                                intent: Intent) -> None:
    result = seed_parser.parse(text, context)
    assert result.intent is intent, text
    assert not result.items and not result.numbers and not result.unknown_items, text


@pytest.mark.parametrize(
    ("text", "items"),
    [
        # the item's own count was one person's: the next person's is one more
        ("uma feijoada pra mim e uma pra minha filha sem farofa", {"feijoada": 2}),
        ("2 feijoadas pra mim e uma pra minha filha", {"feijoada": 3}),
        ("uma feijoada e uma pra minha filha", {"feijoada": 2}),
        ("uma feijoada pra mim e outra pra minha esposa", {"feijoada": 2}),
        ("uma feijoada pra mim e outra pra minha esposa sem farofa", {"feijoada": 2}),
        ("2 feijoadas, uma sem farofa e outra sem couve", {"feijoada": 2}),
        # the counts share out the count already said
        ("2 strogonoff, um pra mim e um pro meu marido", {"strogonoff_frango": 2}),
        ("duas feijoada, uma pra mim outra pra minha esposa", {"feijoada": 2}),
        # "mais uma" is always one more
        ("2 coca lata e mais uma pra minha mae", {"coca_lata": 3}),
        ("uma feijoada pra mim e um pudim pra minha filha", {"feijoada": 1, "pudim": 1}),
    ],
)
def test_counts_said_per_person(seed_parser: Parser, text: str, items: dict[str, int]) -> None:
    result = seed_parser.parse(text)
    assert result.intent is Intent.ADD_ITEMS, text
    assert {line.id: line.quantity for line in result.items} == items, text


@pytest.mark.parametrize("text", ["🙏", "🙏🙏", "okay thanks", "thank you", "ok thx"])
def test_thanks_in_english_or_with_folded_hands(seed_parser: Parser, text: str) -> None:
    result = seed_parser.parse(text)
    assert result.thanks, text
    assert result.intent is Intent.UNKNOWN, text


def test_folded_hands_after_an_order_asks_nothing_more(seed_parser: Parser) -> None:
    result = seed_parser.parse("2 feijoada 🙏")
    assert {line.id: line.quantity for line in result.items} == {"feijoada": 2}
    assert result.thanks


@pytest.fixture(scope="module")
def acai() -> Parser:
    from nlu import load_menu

    from .conftest import DATA

    return Parser(load_menu(DATA / "menus" / "acai.json"))


def test_a_bare_volume_after_um_is_the_item_of_that_size(acai: Parser) -> None:
    result = acai.parse("um açai 700 pra mim e um 300 pra minha filha com leite ninho")
    assert {line.id: line.quantity for line in result.items} == {
        "acai_700": 1, "acai_300": 1, "leite_ninho": 1}
    # never 500 of the add-on: the 500 ml items are asked about
    result = acai.parse("um 500 com granola")
    assert {line.id: line.quantity for line in result.items} == {"granola": 1}
    assert {frozenset(a.candidates) for a in result.ambiguous} == {
        frozenset({"acai_500", "cupuacu_500", "agua"})}


@pytest.mark.parametrize("text", ["pago 20 no pix e o resto no dinheiro",
                                  "vou pagar 50 no cartao e o resto no pix"])
def test_an_amount_paid_is_no_count(seed_parser: Parser, text: str) -> None:
    result = seed_parser.parse(text, Context(expecting=Expecting.PAYMENT))
    assert result.intent is Intent.UNKNOWN, text
    assert not result.items and not result.unknown_items and not result.numbers, text
    assert result.question is Question.SPLIT_PAYMENT and result.payment is None, text


def test_a_count_after_passa_is_still_a_count(seed_parser: Parser) -> None:
    result = seed_parser.parse("passa 2 coca lata")
    assert {line.id: line.quantity for line in result.items} == {"coca_lata": 2}


def test_cancelling_what_was_ordered_with_an_empty_cart_cancels(pizzaria_parser: Parser) -> None:
    text = "pode cancelar a pizza q eu pedi, nao vou estar em casa"
    for context in (None, Context(cart=())):
        result = pizzaria_parser.parse(text, context)
        assert result.intent is Intent.CANCEL
        assert not result.items and not result.ambiguous
    # with the pizza in the cart, it is the pizza that goes
    result = pizzaria_parser.parse(text, Context(cart=("pizza_calabresa_grande", "coca_lata")))
    assert result.intent is Intent.REMOVE_ITEMS
    assert [line.id for line in result.items] == ["pizza_calabresa_grande"]


@pytest.mark.parametrize("text", ["demora uns 40 min?", "chega em 30 minutos?",
                                  "leva mais de 1 hora?"])
def test_a_time_guessed_asks_the_estimate(seed_parser: Parser, text: str) -> None:
    from nlu import Question

    result = seed_parser.parse(text)
    assert result.intent is Intent.ASK_DELIVERY, text
    assert result.question is Question.ESTIMATE, text
    assert not result.numbers and not result.unknown_items, text
