"""Engine tables for delivery and payment: zones and tiers at checkout, minimum, pickup, Pix.

The menu is the documented example (``docs/exemplos/cardapio-entrega.json``): bairros
with their fees, distance tiers from the kitchen, a minimum of R$ 25 (R$ 40 in Jardim
Botânico, R$ 35 in the 6 km tier), pickup, four payment methods and a Pix key.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from nlu import Fulfilment, PaymentMethod, Question
from service.domain.conversation import Conversation, State
from service.domain.engine import step
from service.domain.events import OrderPlaced, PixReceiptReceived
from service.domain.menu import Menu, parse_menu
from service.domain.order import Order
from tests.builders import NOW, PHONE, ROOT, inbound, load_menu, seed_menu
from tests.unit.service.chat import Chat, P, brl

EXAMPLE = ROOT / "docs" / "exemplos" / "cardapio-entrega.json"
# NOW is a Friday 16:30 in São Paulo: the example kitchen is closed between 15:00 and
# 18:00, so these tables use the example without its hours.
_BASE = load_menu(EXAMPLE).to_dict()
_BASE["restaurant"].pop("hours")
_BASE["restaurant"].pop("holidays")
_BASE["restaurant"].pop("special_days")
KITCHEN = (-23.5614, -46.6559)  # the example's location
# One degree of latitude is 111.2 km on the mean sphere.
KM = 1 / 111.195


def example(**changes: Any) -> Menu:
    """The example menu, with these ``restaurant`` fields changed (None removes one)."""
    document = {"restaurant": dict(_BASE["restaurant"]), "items": _BASE["items"]}
    for key, value in changes.items():
        if value is None:
            document["restaurant"].pop(key, None)
        else:
            document["restaurant"][key] = value
    return parse_menu(document)


def north(km: float) -> tuple[float, float, str, str]:
    """A shared location ``km`` north of the kitchen, with no street written."""
    return (KITCHEN[0] + km * KM, KITCHEN[1], "", "")


def at_address_step(chat: Chat, items: Any = (("feijoada", 2),)) -> None:
    chat.send(P("greeting"), "oi")
    chat.send(P("add_items", list(items)), "pedido")
    chat.send(P("checkout"), "finalizar")
    assert chat.state() is State.ASKING_ADDRESS


def placed(chat: Chat) -> OrderPlaced:
    events = [e for e in chat.events if isinstance(e, OrderPlaced)]
    assert len(events) == 1
    return events[0]


# -- an address → its area, its fee, or a refusal ----------------------------------


@pytest.mark.parametrize(
    ("address", "area", "fee"),
    [
        ("Rua Aurora, 500 - Centro", "Centro", "5,00"),
        ("rua aurora 500 centro", "Centro", "5,00"),
        ("Rua Aurora 500, cemtro", "Centro", "5,00"),  # a typo
        ("Rua Rui Barbosa 30, Bixiga", "Bela Vista", "5,00"),  # an alias
        ("Rua Tupi 300, sta cecilia", "Santa Cecília", "6,00"),  # an abbreviation
        ("Rua Tupi 300, Santa Cecilia", "Santa Cecília", "6,00"),  # no accent
        ("Rua Domingos de Morais 1500 - vl mariana", "Vila Mariana", "7,00"),
        ("Rua Domingos de Morais 1500, Vila Marina", "Vila Mariana", "7,00"),
        ("Rua Pacheco Leão 800, jd botanico", "Jardim Botânico", "8,00"),
        ("Rua Pacheco Leão 800 - Jd. Botânico", "Jardim Botânico", "8,00"),
        # A street named like a bairro is the street; what follows the number decides.
        ("Rua Santa Cecília, 200 - Vila Mariana", "Vila Mariana", "7,00"),
    ],
)
def test_an_address_in_a_served_bairro_gets_its_fee(address: str, area: str, fee: str) -> None:
    chat = Chat(example())
    at_address_step(chat)
    reply = chat.send(P(), address)
    assert chat.state() is State.ASKING_PAYMENT, reply
    assert brl(f"{69.80 + float(fee.replace(',', '.')):.2f}".replace(".", ",")) in reply
    chat.send(P(payment="pix"), "pix")
    assert f"Taxa de entrega ({area}): {brl(fee)}" in "\n".join(chat.last)
    chat.send(P("confirm"), "sim")
    order = placed(chat).order
    assert order.delivery_area == area
    assert order.delivery_fee_cents == round(float(fee.replace(",", ".")) * 100)
    assert order.fulfilment is Fulfilment.DELIVERY


@pytest.mark.parametrize(
    ("address", "named"),
    [
        ("Rua Saturno 100, bairro Guaianases", "Guaianases"),
        ("Rua Saturno 100 - bairro guaianases", "Guaianases"),
        ("Estrada do M'Boi Mirim 100, bairro Jardim Ângela", "Jardim Ângela"),
        # where addresses write the bairro: after the number and a dash
        ("Rua Saturno, 100 - Guaianases", "Guaianases"),
        ("Rua Saturno 100 – Jardim Ângela, São Paulo", "Jardim Ângela"),
    ],
)
def test_a_bairro_not_served_is_said_with_the_list_and_pickup_and_the_cart_stays(
        address: str, named: str) -> None:
    chat = Chat(example())
    at_address_step(chat)
    reply = chat.send(P(), address)
    assert f"Ainda não entregamos em {named}." in reply
    assert "Centro, Bela Vista, Santa Cecília, Vila Mariana e Jardim Botânico" in reply
    assert "*retirar* aqui: Rua Itapeva, 200" in reply
    assert "Seu carrinho continua guardado." in reply
    assert chat.state() is State.ASKING_BAIRRO
    assert chat.conv is not None and chat.conv.cart.quantity_of("feijoada") == 2
    # Another address, served, carries on.
    reply = chat.send(P(), "Rua Aurora 50, Centro")
    assert "Como vai pagar" in reply and chat.state() is State.ASKING_PAYMENT


@pytest.mark.parametrize("address", ["rua itapeva 300", "Av. Paulista, 1000",
                                     "Rua Frei Caneca 500, ap 3"])
def test_an_address_without_a_bairro_asks_for_it(address: str) -> None:
    chat = Chat(example())
    at_address_step(chat)
    reply = chat.send(P(), address)
    assert "Qual é o seu bairro?" in reply and "localização" in reply
    assert chat.state() is State.ASKING_BAIRRO


@pytest.mark.parametrize(
    ("answer", "outcome"),
    [
        ("bela vista", "Como vai pagar o total de *" + brl("74,80")),
        ("é na bela vista", "Como vai pagar"),
        ("bairro vila mariana", brl("76,80")),
        ("jd botanico", brl("77,80")),
        ("capão redondo", "Ainda não entregamos em Capão Redondo."),
        ("guarulhos", "Ainda não entregamos em Guarulhos."),
        ("sim", "Não entendi o bairro."),
    ],
)
def test_the_answer_to_qual_e_o_seu_bairro(answer: str, outcome: str) -> None:
    chat = Chat(example())
    at_address_step(chat)
    chat.send(P(), "rua itapeva 300")
    reply = chat.send(P("confirm") if answer == "sim" else P(), answer)
    assert outcome in reply, reply
    assert chat.conv is not None and chat.conv.cart.quantity_of("feijoada") == 2
    if "Como vai pagar" in outcome or "R$" in outcome:
        assert chat.state() is State.ASKING_PAYMENT
        assert chat.conv.address is not None and chat.conv.address.text.startswith(
            "rua itapeva 300")
    else:
        assert chat.state() is State.ASKING_BAIRRO
        assert "Qual é o seu bairro?" in reply or "Entregamos nos bairros" in reply


def test_a_bairro_served_is_the_answer_even_when_its_words_read_as_an_item() -> None:
    # "butanta" reads as a batata by a near spelling: the bairro asked for wins.
    chat = Chat(example())
    at_address_step(chat)
    chat.send(P(), "rua itapeva 300")
    reply = chat.send(P("add_items", [("feijoada", 1)]), "vila mariana")
    assert "Como vai pagar" in reply and chat.state() is State.ASKING_PAYMENT
    assert chat.conv is not None and chat.conv.cart.quantity_of("feijoada") == 2
    assert chat.conv.address is not None and chat.conv.address.text.endswith("Vila Mariana")


@pytest.mark.parametrize(
    ("km", "expected"),
    [
        (0.0, "Taxa de entrega (até 3 km): " + brl("5,00")),
        (2.9, "Taxa de entrega (até 3 km): " + brl("5,00")),
        (3.2, "Taxa de entrega (até 6 km): " + brl("9,00")),
        (5.9, "Taxa de entrega (até 6 km): " + brl("9,00")),
    ],
)
def test_a_shared_location_inside_a_tier_gets_its_fee(km: float, expected: str) -> None:
    chat = Chat(example())
    at_address_step(chat)
    chat.send(P(), "", location=north(km))
    assert chat.state() is State.ASKING_ADDRESS_DETAIL
    chat.send(P(), "apto 12")
    chat.send(P(payment="cartao"), "cartão")
    assert expected in "\n".join(chat.last)


@pytest.mark.parametrize("km", [6.1, 10.8, 40.0])
def test_a_shared_location_outside_every_tier_is_refused_with_how_far(km: float) -> None:
    chat = Chat(example())
    at_address_step(chat)
    reply = chat.send(P(), "", location=north(km))
    shown = f"{km:.1f}".replace(".", ",").removesuffix(",0")
    assert f"Sua localização fica a {shown} km daqui e entregamos até 6 km." in reply
    assert "me diga qual: Centro, Bela Vista" in reply and "Seu carrinho continua" in reply
    assert chat.state() is State.ASKING_BAIRRO
    reply = chat.send(P(), "centro")  # the bairro written wins over the distance
    assert "Qual o número e o complemento" in reply


def test_the_minimum_of_the_far_tier_applies_there() -> None:
    chat = Chat(example())
    at_address_step(chat, [("bife_acebolado", 1)])  # R$ 29,90
    reply = chat.send(P(), "", location=(KITCHEN[0] + 5 * KM, KITCHEN[1],
                                         "Rua Voluntários da Pátria, 500", ""))
    assert f"O pedido mínimo é {brl('35,00')}" in reply and f"faltam *{brl('5,10')}*" in reply
    assert chat.state() is State.ORDERING


@pytest.mark.parametrize(
    ("location", "reply"),
    [
        ((999.0, 999.0, "", ""), "Não consegui usar essa localização."),
        ((-91.0, 10.0, "", ""), "Não consegui usar essa localização."),
        ((float("nan"), -46.6, "", ""), "Não consegui usar essa localização."),
        ((0.0, 0.0, "", ""), "km daqui e entregamos até 6 km"),  # on Earth, far away
    ],
)
def test_a_location_with_absurd_coordinates_is_answered_and_loses_nothing(
        location: tuple[float, float, str, str], reply: str) -> None:
    chat = Chat(example())
    at_address_step(chat)
    chat.send(P(payment="pix"), "vou pagar no pix")
    said = chat.send(P(), "", location=location)
    assert reply in said
    assert "Como vai pagar" not in said
    assert chat.conv is not None and chat.conv.cart.quantity_of("feijoada") == 2
    assert chat.conv.payment is PaymentMethod.PIX


def test_absurd_coordinates_keep_the_address_given_before() -> None:
    chat = Chat(example())
    at_address_step(chat)
    chat.send(P(), "rua itapeva 300")
    chat.send(P(), "", location=(999.0, 999.0, "", ""))
    assert chat.conv is not None and chat.conv.address is not None
    assert chat.conv.address.text == "rua itapeva 300"


def test_with_distances_only_a_typed_address_asks_for_the_location_and_keeps_the_street() -> None:
    menu = example(delivery_zones=None)
    chat = Chat(menu)
    at_address_step(chat)
    reply = chat.send(P(), "Rua da Consolação 900")
    assert "mande sua localização" in reply and chat.state() is State.ASKING_BAIRRO
    reply = chat.send(P(), "centro")
    assert "Para saber se entregamos em Centro e quanto fica, mande sua localização" in reply
    reply = chat.send(P(), "", location=north(1))
    assert "Como vai pagar" in reply
    assert chat.conv is not None and chat.conv.address is not None
    assert chat.conv.address.text == "Rua da Consolação 900"
    assert chat.conv.address.latitude == pytest.approx(KITCHEN[0] + KM)


# -- the minimum order ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "address", "missing"),
    [
        ([("marmitex_pequena", 1)], None, "7,00"),  # below every minimum: said at once
        ([("prato_feito", 1)], None, "0,10"),
        ([("marmitex_pequena", 1), ("marmitex_pequena", 1)], "Rua Aurora 5, Centro", None),
        ([("bife_acebolado", 1)], "Rua Aurora 5, Centro", None),  # 29,90 ≥ 25
        ([("bife_acebolado", 1)], "Rua Pacheco Leão 5, Jardim Botânico", "10,10"),  # ≥ 40 there
        ([("marmitex_pequena", 1), ("marmitex_media", 1)],  # 40,00: exactly the minimum
         "Rua Pacheco Leão 5, Jardim Botânico", None),
        ([("lasanha_bolonhesa", 1), ("marmitex_media", 1)],  # above
         "Rua Pacheco Leão 5, Jardim Botânico", None),
    ],
)
def test_minimum_below_at_and_above(items: Any, address: str | None,
                                    missing: str | None) -> None:
    chat = Chat(example())
    chat.send(P("add_items", items), "pedido")
    reply = chat.send(P("checkout"), "finalizar")
    if address is not None:
        reply = chat.send(P(), address)
    if missing is None:
        assert "faltam" not in reply and chat.state() is State.ASKING_PAYMENT, reply
        return
    assert f"faltam *{brl(missing)}*" in reply and "Seu carrinho continua guardado." in reply
    assert chat.state() is State.ORDERING
    assert "Qual o endereço" not in reply and "Como vai pagar" not in reply


def test_the_minimum_is_said_again_when_the_cart_shrinks_at_the_summary() -> None:
    chat = Chat(example())
    chat.send(P("add_items", [("feijoada", 1), ("marmitex_pequena", 1)]), "pedido")
    chat.send(P("checkout"), "finalizar")
    chat.send(P(), "Rua Aurora 5, Centro")
    chat.send(P(payment="pix"), "pix")
    assert chat.state() is State.CONFIRMING
    reply = chat.send(P("remove_items", [("feijoada", 1)]), "tira a feijoada")
    assert f"faltam *{brl('7,00')}*" in reply
    assert chat.state() is State.ORDERING
    assert chat.conv is not None and chat.conv.address is not None  # nothing else forgotten
    assert chat.conv.payment is PaymentMethod.PIX


def test_without_a_minimum_a_small_order_goes_through() -> None:
    chat = Chat(seed_menu())
    chat.send(P("add_items", [("brigadeiro", 1)]), "1 brigadeiro")
    reply = chat.send(P("checkout"), "finalizar")
    assert "Qual o endereço" in reply and "mínimo" not in reply


# -- pickup ----------------------------------------------------------------------------


def _pickup_order(chat: Chat) -> Order:
    chat.send(P("add_items", [("prato_feito", 2)], fulfilment=Fulfilment.PICKUP),
              "2 pf pra retirar")
    reply = chat.send(P("checkout"), "finalizar")
    assert "endereço" not in reply and "Como vai pagar" in reply
    assert "Cartão (na retirada)" in reply
    reply = chat.send(P(payment="cartao"), "cartão")
    assert "🏃 Retirada no balcão: Rua Itapeva, 200" in reply
    assert "Taxa de entrega" not in reply and f"*Total: {brl('49,80')}*" in reply
    chat.send(P("confirm"), "sim")
    return placed(chat).order


def test_pickup_asks_no_address_and_charges_no_fee() -> None:
    chat = Chat(example())
    order = _pickup_order(chat)
    assert order.fulfilment is Fulfilment.PICKUP and order.pickup
    assert order.delivery_fee_cents == 0 and order.total_cents == 4980
    assert order.address.text == "" and order.delivery_area is None
    assert placed(chat).estimate == "20 a 30 min"


def test_pickup_then_delivery_again_asks_the_address() -> None:
    chat = Chat(example())
    chat.send(P("add_items", [("prato_feito", 2)], fulfilment=Fulfilment.PICKUP), "pra retirar")
    chat.send(P("checkout"), "finalizar")
    reply = chat.send(P(fulfilment=Fulfilment.DELIVERY), "na verdade é pra entregar")
    assert "vai ser *entrega*" in reply and "Qual o endereço" in reply
    assert chat.state() is State.ASKING_ADDRESS


def test_an_address_after_choosing_pickup_means_delivery() -> None:
    chat = Chat(example())
    chat.send(P("add_items", [("prato_feito", 2)], fulfilment=Fulfilment.PICKUP), "pra retirar")
    chat.send(P("checkout"), "finalizar")
    reply = chat.send(P(address="Rua Aurora 10, Centro"), "manda na Rua Aurora 10, Centro")
    assert "vai ser *entrega*" in reply and "Como vai pagar" in reply
    assert brl("54,80") in reply


def test_pickup_where_there_is_none_is_refused_and_delivery_goes_on() -> None:
    chat = Chat(example(pickup=False))
    at_address_step(chat)
    reply = chat.send(P(fulfilment=Fulfilment.PICKUP), "vou buscar")
    assert "não temos retirada no balcão, só entrega" in reply
    assert "Qual o endereço" in reply and chat.state() is State.ASKING_ADDRESS
    assert chat.conv is not None and chat.conv.fulfilment is None


@pytest.mark.parametrize("state_step", ["ordering", "address"])
def test_posso_retirar_is_answered_where_it_is_asked(state_step: str) -> None:
    chat = Chat(example())
    if state_step == "address":
        at_address_step(chat)
    else:
        chat.send(P("add_items", [("feijoada", 1)]), "1 feijoada")
    reply = chat.send(P("ask_delivery", question=Question.PICKUP), "posso retirar aí?")
    assert "Pode retirar, sim! Sem taxa de entrega. O endereço é Rua Itapeva, 200" in reply
    assert "20 a 30 min" in reply
    assert chat.conv is not None and chat.conv.fulfilment is None  # a question chooses nothing
    if state_step == "address":
        assert "responda *vou retirar*" in reply and "Qual o endereço" in reply


# -- questions answered from the settings at any step -------------------------------


@pytest.mark.parametrize(
    ("question", "place", "text", "expected"),
    [
        (Question.DELIVERY_AREA, "jd botanico", "vcs entregam no jd botanico?",
         "Entregamos no bairro Jardim Botânico, sim! Taxa de entrega: " + brl("8,00")),
        (Question.DELIVERY_FEE, "guarulhos", "quanto é a taxa pra guarulhos?",
         "Ainda não entregamos em Guarulhos. Entregamos nos bairros Centro"),
        (Question.DELIVERY_FEE, "vila mariana", "e pra vila mariana?",
         "Tempo estimado: 45 a 70 min."),
        (Question.MINIMUM, None, "tem pedido mínimo?",
         "O pedido mínimo é " + brl("25,00") + ". Para entrega em alguns lugares"),
        (Question.ESTIMATE, None, "quanto tempo demora?", "leva 40 a 60 min"),
        (Question.PAYMENT_METHODS, None, "aceita vr?", "Aceitamos vale-refeição, sim!"),
        (Question.PIX_KEY, None, "qual a chave pix?", "*cris@example.com.br*"),
        (Question.SPLIT_PAYMENT, None, "metade no pix metade no dinheiro",
         "uma forma de pagamento só"),
    ],
)
@pytest.mark.parametrize("where", ["ordering", "payment", "confirming"])
def test_questions_are_answered_at_any_step_and_the_step_goes_on(
        question: Question, place: str | None, text: str, expected: str, where: str) -> None:
    chat = Chat(example())
    chat.send(P("add_items", [("feijoada", 2)]), "2 feijoadas")
    if where != "ordering":
        chat.send(P("checkout"), "finalizar")
        chat.send(P(), "Rua Aurora 5, Centro")
    if where == "confirming":
        chat.send(P(payment="cartao"), "cartão")
    before = chat.state()
    payment = PaymentMethod.VOUCHER if question is Question.PAYMENT_METHODS else None
    reply = chat.send(P("unknown", question=question, place=place, payment=payment), text)
    assert expected in reply, reply
    assert chat.state() is before
    assert chat.conv is not None and chat.conv.cart.quantity_of("feijoada") == 2
    if where == "confirming":
        assert chat.conv.payment is PaymentMethod.CARD  # "aceita vr?" changes nothing


def test_the_estimate_for_the_customers_own_bairro_and_for_pickup() -> None:
    chat = Chat(example())
    chat.send(P("add_items", [("feijoada", 2)]), "2 feijoadas")
    chat.send(P("checkout"), "finalizar")
    chat.send(P(), "Rua Domingos de Morais 2000, Vila Mariana")
    reply = chat.send(P(question=Question.ESTIMATE), "quanto tempo demora?")
    assert "A entrega no bairro Vila Mariana leva 45 a 70 min" in reply
    chat.send(P(fulfilment=Fulfilment.PICKUP), "vou retirar")
    reply = chat.send(P(question=Question.ESTIMATE), "quanto tempo demora?")
    assert "Para retirar, fica pronto em 20 a 30 min" in reply


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vocês entregam no jd botanico?", "Entregamos no bairro Jardim Botânico, sim!"),
        ("entregam no bairro guaianases?", "Ainda não entregamos em Guaianases."),
        ("vocês entregam?", "*Onde entregamos* (taxa de entrega):"),
    ],
)
def test_a_delivery_question_the_parser_only_reads_as_ask_delivery(text: str,
                                                                    expected: str) -> None:
    chat = Chat(example())
    chat.send(P("greeting"), "oi")
    assert expected in chat.send(P("ask_delivery"), text)


def test_a_refused_payment_is_said_with_the_accepted_ones_and_the_question_stays() -> None:
    chat = Chat(example(payment_methods=["pix", "dinheiro"]))
    at_address_step(chat)
    reply = chat.send(P(), "Rua Aurora 5, Centro")
    assert "1. Pix\n2. Dinheiro" in reply and "Cartão" not in reply
    reply = chat.send(P(payment="cartao"), "cartão")
    assert ("Não aceitamos cartão de crédito ou débito. Como prefere pagar: Pix ou dinheiro?"
            in reply)
    assert chat.state() is State.ASKING_PAYMENT and chat.conv is not None
    assert chat.conv.payment is None
    reply = chat.send(P(numbers=[2]), "2")
    assert chat.conv.payment is PaymentMethod.CASH and "Troco para quanto" in reply


# -- confirmation, Pix receipt ------------------------------------------------------------


def _pix_order(chat: Chat) -> None:
    at_address_step(chat)
    chat.send(P(), "Rua Aurora 5, Centro")
    chat.send(P(payment="pix"), "pix")
    chat.send(P("confirm"), "sim")


def test_the_order_carries_the_estimate_of_its_area() -> None:
    chat = Chat(example())
    at_address_step(chat)
    chat.send(P(), "Rua Pacheco Leão 800, Jardim Botânico")
    chat.send(P(payment="pix"), "pix")
    chat.send(P("confirm"), "sim")
    assert placed(chat).estimate == "50 a 70 min"


def _stored(chat: Chat, number: int = 7) -> None:
    """What the application does after storing the order (it gives the number)."""
    from service.domain.checkout import order_stored

    event = placed(chat)
    assert chat.conv is not None
    chat.conv = order_stored(chat.conv, event.order.numbered(number), NOW)


@pytest.mark.parametrize("media", [("image/jpeg",), ("application/pdf",), ("image/png",
                                                                             "image/png")])
def test_an_image_after_a_pix_order_is_its_receipt(media: tuple[str, ...]) -> None:
    chat = Chat(example())
    _pix_order(chat)
    _stored(chat)
    urls = tuple(f"https://api.twilio.com/m/{n}" for n in range(len(media)))
    reply = chat.send(P(), "", media=media, media_urls=urls)
    assert "Recebi seu comprovante do pedido #7" in reply
    [event] = [e for e in chat.events if isinstance(e, PixReceiptReceived)]
    assert event.number == 7 and event.media_urls == urls


def test_a_receipt_with_words_is_thanked_once() -> None:
    chat = Chat(example())
    _pix_order(chat)
    _stored(chat)
    reply = chat.send(P(), "segue o comprovante", media=("image/jpeg",))
    assert "Recebi seu comprovante" in reply and "não entendi" not in reply.lower()


@pytest.mark.parametrize("case", ["card", "late", "cancelled", "audio"])
def test_media_that_is_no_receipt_is_answered_as_before(case: str) -> None:
    chat = Chat(example())
    at_address_step(chat)
    chat.send(P(), "Rua Aurora 5, Centro")
    chat.send(P(payment="cartao" if case == "card" else "pix"), "pagamento")
    chat.send(P("confirm"), "sim")
    _stored(chat)
    assert chat.conv is not None
    when = NOW + (timedelta(hours=25) if case == "late" else timedelta(minutes=5))
    conv = chat.conv
    if case == "cancelled":
        from dataclasses import replace

        conv = replace(conv, last_order_status="cancelado")
    media = ("audio/ogg",) if case == "audio" else ("image/jpeg",)
    _, replies, events = step(conv, inbound("", media=media), P(), chat.menu, when)
    assert not any(isinstance(e, PixReceiptReceived) for e in events)
    assert "Ainda não consigo" in "\n".join(replies)


def test_a_restaurant_with_only_a_delivery_fee_reads_as_before() -> None:
    chat = Chat(seed_menu())
    chat.send(P("add_items", [("feijoada", 2)]), "2 feijoadas")
    chat.send(P("checkout"), "finalizar")
    reply = chat.send(P(), "Rua Qualquer 10, Guarulhos")
    assert "Como vai pagar" in reply and "1. Pix\n2. Cartão (na entrega)\n3. Dinheiro" in reply
    reply = chat.send(P(payment="pix"), "pix")
    assert f"Taxa de entrega: {brl('5,00')}" in reply
    chat.send(P("confirm"), "sim")
    event = placed(chat)
    assert event.estimate == "40 a 60 minutos" and event.order.delivery_area is None


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("centro", "Como vai pagar"),
        ("bela vista", "Como vai pagar"),
        ("vila mariana", "Como vai pagar"),
        ("é no centro", "Como vai pagar"),
        ("fica na vila mariana", "Como vai pagar"),
        ("moro no jd botanico", "Como vai pagar"),
        ("bixiga", "Como vai pagar"),
        ("capão redondo", "Ainda não entregamos em Capão Redondo."),
        ("pinheiros", "Ainda não entregamos em Pinheiros."),
        ("não sei", "Qual é o seu bairro?"),
    ],
)
def test_bairro_answers_as_the_real_parser_reads_them(answer: str, expected: str) -> None:
    from nlu import Context, Expecting, Parser

    menu = example()
    parser = Parser(menu.catalog)
    chat = Chat(menu)
    at_address_step(chat)
    chat.send(P(), "rua itapeva 300")
    reply = chat.send(parser.parse(answer, Context(expecting=Expecting.ADDRESS)), answer)
    assert expected in reply, reply
    assert chat.conv is not None and chat.conv.cart.quantity_of("feijoada") == 2


@pytest.mark.parametrize(
    ("idle", "cart", "tells_the_order"),
    [(timedelta(minutes=10), False, True), (timedelta(hours=4), False, False),
     (timedelta(minutes=10), True, False)],
)
def test_how_long_right_after_ordering_says_where_the_order_is(
    idle: timedelta, cart: bool, tells_the_order: bool
) -> None:
    chat = Chat(example())
    chat.conv = Conversation(PHONE, greeted=True, last_order_number=7,
                             last_order_status="em_preparo", updated_at=NOW - idle)
    if cart:
        chat.send(P("add_items", [("feijoada", 1)]), "1 feijoada")
    reply = chat.send(P(question=Question.ESTIMATE), "demora muito ainda?")
    assert "leva 40 a 60 min" in reply
    assert ("pedido *#7* está sendo preparado" in reply) is tells_the_order


@pytest.mark.parametrize(
    ("correction", "kept"),
    [("Rua Domingos de Morais 2020", "Rua Domingos de Morais 2020 - Vila Mariana"),
     ("Rua Domingos de Morais 2020 - Centro", "Rua Domingos de Morais 2020 - Centro"),
     ("Rua Aurora 5", "Rua Aurora 5")],
)
def test_a_corrected_number_on_the_same_street_keeps_the_bairro(correction: str,
                                                                 kept: str) -> None:
    chat = Chat(example())
    at_address_step(chat)
    chat.send(P(), "Rua Domingos de Morais 2000, Vila Mariana")
    assert chat.state() is State.ASKING_PAYMENT
    chat.send(P(address=correction), f"ops, é {correction}")
    assert chat.conv is not None and chat.conv.address is not None
    if kept == "Rua Aurora 5":  # another street: its bairro is asked
        assert chat.state() is State.ASKING_BAIRRO
        return
    assert chat.conv.address.text == kept
    assert chat.state() is State.ASKING_PAYMENT
