"""What customers and the kitchen read about delivery, pickup, minimum, estimates and payment."""

from __future__ import annotations

from typing import Any

import pytest

from nlu import PaymentMethod
from service.domain import delivery_texts as t
from service.domain.delivery import NeedsPlace, NotServed, Served, check_minimum, quote
from service.domain.geo import GeoPoint
from service.domain.menu import parse_menu
from service.domain.restaurant import Restaurant
from service.domain.texts import delivery_info
from tests.builders import seed_menu

ITEM = {"id": "pf", "name": "Prato Feito", "category": "pratos", "price": 24.9}
BLOCK: dict[str, Any] = {
    "name": "Cozinha da Cris",
    "min_order": 25.0,
    "estimate": "40 a 60 min",
    "delivery_zones": [
        {"bairro": "Centro", "fee": 5.0},
        {"bairro": "Jardim Botânico", "fee": 8.0, "min_order": 40.0, "estimate": "50 a 70 min"},
    ],
    "location": {"lat": -23.5614, "lng": -46.6559},
    "delivery_radius": [{"km": 3, "fee": 5.0}, {"km": 6, "fee": 9.0}],
    "pickup": True,
    "address": "Rua Itapeva, 200 - Bela Vista",
    "pickup_estimate": "20 a 30 min",
    "payment_methods": ["pix", "cartao", "dinheiro"],
    "pix_key": "cris@example.com.br",
    "pix_merchant_city": "São Paulo",
}


def restaurant(**fields: Any) -> Restaurant:
    block = {k: v for k, v in {**BLOCK, **fields}.items() if v is not None}
    return parse_menu({"restaurant": block, "items": [ITEM]}).restaurant


FULL = restaurant()


def test_a_bairro_not_served_is_told_with_where_we_deliver_and_pickup() -> None:
    result = quote(FULL, place="capão redondo")
    assert isinstance(result, NotServed)
    text = t.not_served(FULL, result, cart_kept=True)
    assert text == (
        "😕 Ainda não entregamos em Capão Redondo. Entregamos nos bairros Centro e Jardim "
        "Botânico, e até 6 km daqui.\n"
        "Se preferir, você pode *retirar* aqui: Rua Itapeva, 200 - Bela Vista.\n"
        "Seu carrinho continua guardado."
    )
    no_pickup = restaurant(pickup=False, location=None, delivery_radius=None)
    refused = quote(no_pickup, place="Guarulhos")
    assert isinstance(refused, NotServed)
    assert t.not_served(no_pickup, refused) == (
        "😕 Ainda não entregamos em Guarulhos. Entregamos nos bairros Centro e Jardim Botânico.")


def test_a_location_too_far_says_the_distance_and_asks_for_a_bairro() -> None:
    result = quote(FULL, location=GeoPoint(-23.65, -46.70))
    assert isinstance(result, NotServed)
    text = t.not_served(FULL, result)
    assert text.startswith("😕 Sua localização fica a 10,8 km daqui e entregamos até 6 km.")
    assert "me diga qual: Centro ou Jardim Botânico." in text and "*retirar*" in text


def test_asking_for_the_bairro() -> None:
    result = quote(FULL, address="Rua Piauí, 33")
    assert isinstance(result, NeedsPlace)
    assert t.ask_place(FULL, result) == (
        "📍 Qual é o seu bairro? Entregamos nos bairros Centro e Jardim Botânico, e até 6 km "
        "daqui. Se preferir, mande sua localização pelo WhatsApp (📎 › Localização).")
    radius_only = restaurant(delivery_zones=None)
    asked = quote(radius_only, place="Capão Redondo")
    assert isinstance(asked, NeedsPlace)
    assert t.ask_place(radius_only, asked) == (
        "📍 Para saber se entregamos em Capão Redondo e quanto fica, mande sua localização pelo "
        "WhatsApp (📎 › Localização). Entregamos até 6 km daqui.")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"place": "jd botanico"},
         "🛵 Entregamos no bairro Jardim Botânico, sim! Taxa de entrega: R$\xa08,00. Tempo "
         "estimado: 50 a 70 min. Pedido mínimo: R$\xa040,00."),
        ({"place": "centro"},
         "🛵 Entregamos no bairro Centro, sim! Taxa de entrega: R$\xa05,00. Tempo estimado: "
         "40 a 60 min. Pedido mínimo: R$\xa025,00."),
        ({"location": GeoPoint(-23.58, -46.66)},
         "🛵 Entregamos a 2,1 km daqui, sim! Taxa de entrega: R$\xa05,00. Tempo estimado: "
         "40 a 60 min. Pedido mínimo: R$\xa025,00."),
    ],
)
def test_vocês_entregam_no_x(kwargs: dict[str, Any], expected: str) -> None:
    assert t.delivery_answer(FULL, quote(FULL, **kwargs)) == expected


def test_the_overview_lists_every_area() -> None:
    text = t.delivery_answer(FULL, quote(FULL))
    assert text.splitlines() == [
        "🛵 *Onde entregamos* (taxa de entrega):",
        "• Centro: R$\xa05,00",
        "• Jardim Botânico: R$\xa08,00 (mínimo R$\xa040,00, 50 a 70 min)",
        "• até 3 km: R$\xa05,00",
        "• até 6 km: R$\xa09,00",
        "Tempo estimado: 40 a 60 min.",
        "Pedido mínimo: R$\xa025,00.",
        "Se preferir, você pode *retirar* aqui: Rua Itapeva, 200 - Bela Vista.",
        "Qual é o seu bairro?",
    ]


def test_only_a_delivery_fee_reads_as_before() -> None:
    old = seed_menu().restaurant
    result = quote(old, place="Guarulhos")
    assert t.delivery_answer(old, result) == delivery_info(500, "BRL")
    assert t.delivery_overview(old) == (
        "🛵 Entregamos! Taxa de entrega: R$\xa05,00. Tempo estimado: 40 a 60 minutos.")


def test_fee_lines_for_the_summary_and_the_kitchen() -> None:
    botanico = quote(FULL, place="Jardim Botânico")
    assert isinstance(botanico, Served)
    assert t.fee_line(botanico, "BRL") == "Taxa de entrega (Jardim Botânico): R$\xa08,00"
    assert t.kitchen_delivery_line("Rua X, 5", botanico, "BRL") == (
        "📍 Entrega: Rua X, 5\n🛵 Taxa de entrega (Jardim Botânico): R$\xa08,00")
    everywhere = quote(seed_menu().restaurant)
    assert isinstance(everywhere, Served)
    assert t.kitchen_delivery_line("Rua X, 5", everywhere, "BRL") == "📍 Entrega: Rua X, 5"
    free = restaurant(delivery_zones=[{"bairro": "Centro", "fee": 0}])
    centro = quote(free, place="Centro")
    assert isinstance(centro, Served)
    assert t.fee_line(centro, "BRL") == "Taxa de entrega (Centro): grátis"


def test_the_minimum_says_how_much_is_missing() -> None:
    botanico = quote(FULL, place="Jardim Botânico")
    assert isinstance(botanico, Served)
    assert t.minimum_missing(check_minimum(2790, 4000), "BRL", botanico) == (
        "🛒 O pedido mínimo para entrega no bairro Jardim Botânico é R$\xa040,00 e seu carrinho "
        "está em R$\xa027,90: faltam *R$\xa012,10*. Que tal mais um item? Seu carrinho continua "
        "guardado.")
    assert t.minimum_missing(check_minimum(300, 2500), "BRL").startswith(
        "🛒 O pedido mínimo é R$\xa025,00")


def test_tem_pedido_minimo() -> None:
    assert t.minimum_answer(FULL) == (
        "🛒 O pedido mínimo é R$\xa025,00. Para entrega em alguns lugares é diferente: "
        "Jardim Botânico: R$\xa040,00.")
    assert t.minimum_answer(seed_menu().restaurant) == "🛒 Não temos pedido mínimo."


def test_quanto_tempo_demora() -> None:
    assert t.estimate_answer(FULL) == (
        "⏱️ A entrega leva 40 a 60 min, depois da confirmação. Em alguns lugares: Jardim "
        "Botânico: 50 a 70 min. Para retirar, fica pronto em 20 a 30 min.")
    botanico = quote(FULL, place="jd botanico")
    assert isinstance(botanico, Served)
    assert t.estimate_answer(FULL, botanico).startswith(
        "⏱️ A entrega no bairro Jardim Botânico leva 50 a 70 min")
    assert t.estimate_answer(seed_menu().restaurant) == (
        "⏱️ A entrega leva 40 a 60 minutos, depois da confirmação.")


def test_pickup_texts() -> None:
    assert t.pickup_answer(FULL) == (
        "🏃 Pode retirar, sim! Sem taxa de entrega. O endereço é Rua Itapeva, 200 - Bela Vista. "
        "Fica pronto em 20 a 30 min depois da confirmação. Na hora de finalizar, é só dizer que "
        "vai *retirar*.")
    assert t.pickup_answer(seed_menu().restaurant) == (
        "😕 No momento não temos retirada no balcão, só entrega.")
    assert t.pickup_confirmed(FULL) == (
        "🏃 *Retirada no balcão*: Rua Itapeva, 200 - Bela Vista. Fica pronto em 20 a 30 min; "
        "avisamos por aqui quando estiver pronto.")
    assert "RETIRADA" in t.kitchen_pickup_line()


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (PaymentMethod.PIX, "✅ Aceitamos Pix, sim!"),
        (PaymentMethod.CARD, "✅ Aceitamos cartão de crédito ou débito, sim! É na maquininha"),
        (PaymentMethod.CASH, "✅ Aceitamos dinheiro, sim! Se precisar de troco"),
        (PaymentMethod.VOUCHER,
         "😕 Não aceitamos vale-refeição. Aceitamos Pix, cartão de crédito ou débito ou "
         "dinheiro."),
        (None, "💳 Aceitamos Pix, cartão de crédito ou débito ou dinheiro."),
    ],
)
def test_aceita_x(method: PaymentMethod | None, expected: str) -> None:
    assert t.accepts_answer(FULL, method).startswith(expected)


def test_only_accepted_methods_are_offered() -> None:
    cash_only = restaurant(payment_methods=["dinheiro", "vale_refeicao"])
    assert t.payment_choices(cash_only) == ["1. Dinheiro", "2. Vale-refeição"]
    assert t.payment_options(cash_only) == "dinheiro ou vale-refeição"
    assert t.payment_refused(cash_only, PaymentMethod.PIX) == (
        "😕 Não aceitamos Pix. Como prefere pagar: dinheiro ou vale-refeição?")
    assert t.pix_key_answer(cash_only) == (
        "😕 Não aceitamos Pix. Aceitamos dinheiro ou vale-refeição.")


def test_qual_a_chave_pix() -> None:
    assert t.pix_key_answer(FULL) == (
        "💠 Nossa chave Pix (e-mail) é *cris@example.com.br*, em nome de Cozinha da Cris. "
        "Depois da confirmação eu mando o código *copia e cola* com o valor certinho.")
    assert t.pix_key_answer(restaurant(pix_key=None)) == (
        "💠 Aceitamos Pix! A chave vai junto com a confirmação do pedido.")


def test_pix_at_confirmation_and_for_the_kitchen() -> None:
    assert t.pix_copy_paste(7480, "BRL").startswith("💠 *Pagamento por Pix* (R$\xa074,80)")
    assert t.pix_key_only("cris@example.com.br", 7480, "BRL") == (
        "💠 Pagamento por Pix: chave *cris@example.com.br*, valor *R$\xa074,80*. Mande o "
        "comprovante por aqui, por favor.")
    assert t.kitchen_pix_pending() == "💠 Pix: *aguardando comprovante Pix*"
    assert "#12" in t.pix_receipt_received(12) and "#12" in t.kitchen_pix_receipt(12, "Maria")
