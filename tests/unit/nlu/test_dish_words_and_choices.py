"""Words of a dish's own name or description said around it; corrections read against the
cart; "vale" at the payment question; a person asked for beside a dish."""

from __future__ import annotations

import pytest

from nlu import Context, Expecting, Intent, Parser, PaymentMethod
from tests.unit.nlu.conftest import Lines, lines, parser_for


@pytest.mark.parametrize(
    ("menu", "text", "expected"),
    [
        # the rest of the name after "com" is no note on the dish
        ("goiana", "1 arroz com pequi", {"arroz_pequi": (1, None)}),
        ("goiana", "um doce de leite com queijo", {"doce_leite_queijo": (1, None)}),
        ("goiana", "um frango com quiabo", {"frango_quiabo": (1, None)}),
        ("batataria", "quero uma batata grande de frango com catupiry",
         {"batata_frango_g": (1, None)}),
        # … and an add-on said after it is still charged
        ("batataria", "uma batata grande de frango com catupiry com bacon extra",
         {"batata_frango_g": (1, None), "add_bacon": (1, None)}),
        # words the name does not have stay a note
        ("goiana", "1 galinhada com bastante pequi", {"galinhada": (1, "com bastante pequi")}),
        ("kebab", "1 shawarma de frango com molho de alho",
         {"shawarma_frango": (1, "com molho de alho")}),
    ],
)
def test_the_rest_of_a_name_is_no_note(menu: str, text: str, expected: Lines) -> None:
    assert lines(parser_for(menu), text) == expected


def test_a_word_of_a_descriptions_sentence_is_no_flavour() -> None:
    # "uma mistura: frango grelhado, … ou peixe frito": "uma" opens the next note, whole
    parser = parser_for("por_quilo")
    assert lines(parser, "duas marmita de 300 uma com peixe frito e outra com carne de sol") == {
        "marmita_300": (2, "uma com peixe frito; outra com carne de sol")}


def test_a_paid_extra_in_the_list_of_what_goes_in_is_charged() -> None:
    parser = parser_for("por_quilo")
    assert lines(parser, "uma marmita grande com carne de sol e farofa") == {
        "marmita_750": (1, "com carne de sol"), "farofa": (1, None)}


def test_a_side_in_the_list_of_what_goes_in_stays_in_it(seed_parser: Parser) -> None:
    # "acompanhamentos" are part of the plate: the fries go with the marmitex, not apart
    assert lines(seed_parser, "quero uma marmitex média com bife e batata frita") == {
        "marmitex_media": (1, "com bife e batata frita")}


def after(last: str) -> Context:
    return Context(last_item=last, cart=(last,))


@pytest.mark.parametrize(
    ("menu", "last", "text", "note"),
    [
        ("kebab", "shawarma_misto", "com pimenta", "com pimenta"),
        ("kebab", "shawarma_frango", "e com bastante alho", "com bastante alho"),
        ("por_quilo", "marmita_750", "com bife e linguiça", "com bife e linguica"),
        # "fritas" is also a Porção de Fritas, but here it is the dish's guarnição
        ("parmegianaria", "parmegiana_frango_2", "as guarnição fritas e pure",
         "as guarnicao fritas e pure"),
    ],
)
def test_choices_of_the_last_dish_said_alone_are_its_note(menu: str, last: str, text: str,
                                                          note: str) -> None:
    result = parser_for(menu).parse(text, after(last))
    assert result.intent is Intent.ADD_ITEMS and result.replace
    assert [(line.id, line.note) for line in result.items] == [(last, note)]


@pytest.mark.parametrize(
    ("menu", "last", "text", "expected"),
    [
        # not in the dish's description: a second order
        ("por_quilo", "marmita_750", "com farofa", {"farofa": (1, None)}),
        ("kebab", "shawarma_misto", "com uma limonada", {"suco_limao_hortela": (1, None)}),
    ],
)
def test_what_the_dish_does_not_offer_is_ordered(menu: str, last: str, text: str,
                                                 expected: Lines) -> None:
    assert lines(parser_for(menu), text, after(last)) == expected


def test_choices_need_the_dish_in_the_cart() -> None:
    result = parser_for("kebab").parse("com pimenta", Context(last_item="shawarma_misto"))
    assert not result.items


def test_a_correction_is_about_the_cart() -> None:
    parser = parser_for("goiana")
    cart = Context(last_item="pamonha_queijo", cart=("pamonha_doce", "pamonha_queijo"))
    result = parser.parse("na verdade sao 4 doce", cart)
    assert {line.id: line.quantity for line in result.items} == {"pamonha_doce": 4}
    assert result.replace
    # without the cart, the word alone is the Doce de Leite, as before
    assert lines(parser, "4 doce") == {"doce_leite_queijo": (4, None)}


@pytest.mark.parametrize("text", ["vale", "no vale", "vale mesmo", "pago no vale"])
def test_vale_answering_the_payment_question_is_the_voucher(text: str) -> None:
    parser = parser_for("por_quilo")
    result = parser.parse(text, Context(expecting=Expecting.PAYMENT))
    assert result.payment is PaymentMethod.VOUCHER


def test_vale_out_of_the_payment_question_is_no_payment() -> None:
    assert parser_for("por_quilo").parse("vale").payment is None


def test_a_person_asked_for_beside_a_dish_is_a_person() -> None:
    parser = parser_for("goiana")
    result = parser.parse("da pra fazer encomenda de empadao pra sabado? queria falar com alguem",
                          Context(last_item="torresmo", cart=("galinhada", "torresmo")))
    assert result.intent is Intent.HUMAN
    assert not result.items and not result.ambiguous
