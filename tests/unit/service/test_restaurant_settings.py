"""The restaurant block's delivery, pickup, payment and holiday fields: read, kept, refused."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from nlu import MenuError, PaymentMethod
from service.application.menus import load_menu_file
from service.domain.geo import GeoPoint
from service.domain.hours_texts import hours_answer
from service.domain.menu import diff_menus, parse_menu
from service.domain.restaurant import DEFAULT_ESTIMATE, DEFAULT_PAYMENT_METHODS
from service.domain.zones import DeliveryZone, RadiusTier
from tests.builders import seed_menu

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "docs" / "exemplos" / "cardapio-entrega.json"
ITEM = {"id": "pf", "name": "Prato Feito", "category": "pratos", "price": 24.9}


def menu(**fields: Any) -> dict[str, Any]:
    return {"restaurant": {"name": "Cozinha", **fields}, "items": [ITEM]}


def test_the_example_file_reads_every_field() -> None:
    restaurant = load_menu_file(EXAMPLE).restaurant
    assert restaurant.min_order_cents == 2500
    assert restaurant.delivery_zones[0] == DeliveryZone("Centro", 500)
    assert restaurant.delivery_zones[1] == DeliveryZone("Bela Vista", 500, aliases=("Bixiga",))
    assert restaurant.delivery_zones[4] == DeliveryZone("Jardim Botânico", 800, 4000,
                                                        "50 a 70 min")
    assert restaurant.location == GeoPoint(-23.5614, -46.6559)
    assert restaurant.delivery_radius == (RadiusTier(3, 500),
                                          RadiusTier(6, 900, 3500, "50 a 80 min"))
    assert restaurant.pickup and restaurant.address == "Rua Itapeva, 200 - Bela Vista, São Paulo"
    assert restaurant.pickup_estimate == "20 a 30 min"
    assert restaurant.payment_methods == tuple(PaymentMethod)
    assert (restaurant.pix_key, restaurant.pix_merchant_name, restaurant.pix_merchant_city) == (
        "cris@example.com.br", "Cozinha da Cris", "Sao Paulo")
    assert restaurant.estimate == restaurant.delivery_estimate == "40 a 60 min"
    hours = restaurant.hours
    assert hours is not None and hours.holidays is not None and hours.holidays.state == "SP"
    assert [d.name for d in hours.special_days] == [
        "Aniversário de São Paulo", "Véspera de Natal", "férias coletivas"]


def test_the_example_survives_saving_and_loading() -> None:
    example = load_menu_file(EXAMPLE)
    again = parse_menu(json.loads(json.dumps(example.to_dict())))
    assert again == example and again.version == example.version


def test_an_old_file_means_what_it_meant() -> None:
    restaurant = seed_menu().restaurant
    assert restaurant.to_dict() == {"name": "Cozinha da Cris", "currency": "BRL",
                                    "delivery_fee": 5.0}
    assert restaurant.delivery_zones == () and restaurant.delivery_radius == ()
    assert restaurant.min_order_cents == 0 and not restaurant.pickup
    assert restaurant.payment_methods == DEFAULT_PAYMENT_METHODS
    assert restaurant.delivery_estimate == DEFAULT_ESTIMATE


@pytest.mark.parametrize(
    ("value", "expected"),
    [(["pix"], (PaymentMethod.PIX,)),
     (["Cartão", "vale-refeição", "DINHEIRO"],
      (PaymentMethod.CARD, PaymentMethod.VOUCHER, PaymentMethod.CASH)),
     (["pix", "pix", "dinheiro"], (PaymentMethod.PIX, PaymentMethod.CASH))],
)
def test_payment_methods_as_written(value: list[str], expected: tuple[PaymentMethod, ...]) -> None:
    assert parse_menu(menu(payment_methods=value)).restaurant.payment_methods == expected


ZONE = {"bairro": "Centro", "fee": 5.0}


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        # Zones.
        ({"delivery_zones": [{"bairro": "Centro", "fee": -5}]},
         ["'restaurant.delivery_zones[1].fee'", "maior ou igual a zero"]),
        ({"delivery_zones": [ZONE, {"bairro": "Vila Mariana", "fee": "8"}]},
         ["'restaurant.delivery_zones[2].fee'"]),
        ({"delivery_zones": [{"bairro": "Centro"}]}, ["'restaurant.delivery_zones[1].fee'"]),
        ({"delivery_zones": [ZONE, {"bairro": "centro", "fee": 6}]},
         ["'restaurant.delivery_zones[2]'", "'centro' repete 'Centro'"]),
        ({"delivery_zones": [{"bairro": "Jardim Botânico", "fee": 8},
                             {"bairro": "Jd. Botanico", "fee": 8}]},
         ["'restaurant.delivery_zones[2]'", "repete 'Jardim Botânico'"]),
        ({"delivery_zones": [{"bairro": "Bela Vista", "fee": 5, "aliases": ["Bixiga"]},
                             {"bairro": "Bixiga", "fee": 5}]}, ["repete 'Bixiga'"]),
        ({"delivery_zones": [{"bairro": "", "fee": 5}]}, ["'restaurant.delivery_zones[1].bairro'"]),
        ({"delivery_zones": [{"bairro": "---", "fee": 5}]},
         ["'restaurant.delivery_zones[1].bairro'"]),
        ({"delivery_zones": [{"bairro": "Centro", "fee": 5, "taxa": 3}]},
         ["'restaurant.delivery_zones[1].taxa' desconhecido"]),
        ({"delivery_zones": [{"bairro": "Centro", "fee": 5, "min_order": -1}]},
         ["'restaurant.delivery_zones[1].min_order'"]),
        ({"delivery_zones": [{"bairro": "Centro", "fee": 5, "estimate": ""}]},
         ["'restaurant.delivery_zones[1].estimate'"]),
        ({"delivery_zones": [{"bairro": "Centro", "fee": 5, "aliases": "JB"}]},
         ["'restaurant.delivery_zones[1].aliases'"]),
        ({"delivery_zones": []}, ["'restaurant.delivery_zones' está vazio"]),
        ({"delivery_zones": {"Centro": 5}}, ["'restaurant.delivery_zones'", "lista"]),
        ({"delivery_zones": ["Centro"]}, ["'restaurant.delivery_zones[1]'", "objeto"]),
        # Location and radius.
        ({"location": {"lat": 123, "lng": -46.6}}, ["'restaurant.location'", "impossíveis"]),
        ({"location": {"lat": -46.6559, "lng": -23.5614}}, ["'restaurant.location'", "trocados"]),
        ({"delivery_radius": [{"km": 3, "fee": 5}]},
         ["'restaurant.delivery_radius' precisa de 'restaurant.location'"]),
        ({"location": {"lat": -23.5, "lng": -46.6},
          "delivery_radius": [{"km": 6, "fee": 9}, {"km": 3, "fee": 5}]},
         ["'restaurant.delivery_radius[2].km'", "crescer"]),
        ({"location": {"lat": -23.5, "lng": -46.6},
          "delivery_radius": [{"km": 3, "fee": 5}, {"km": 3, "fee": 9}]},
         ["'restaurant.delivery_radius[2].km'", "crescer"]),
        ({"location": {"lat": -23.5, "lng": -46.6}, "delivery_radius": [{"km": 0, "fee": 5}]},
         ["'restaurant.delivery_radius[1].km'"]),
        ({"location": {"lat": -23.5, "lng": -46.6}, "delivery_radius": [{"km": 3000, "fee": 5}]},
         ["'restaurant.delivery_radius[1].km'", "100"]),
        ({"location": {"lat": -23.5, "lng": -46.6}, "delivery_radius": [{"km": 3, "fee": -1}]},
         ["'restaurant.delivery_radius[1].fee'"]),
        ({"location": {"lat": -23.5, "lng": -46.6}, "delivery_radius": []},
         ["'restaurant.delivery_radius'"]),
        # Minimum and estimates.
        ({"min_order": -10}, ["'restaurant.min_order'"]),
        ({"min_order": "25"}, ["'restaurant.min_order'"]),
        ({"estimate": 45}, ["'restaurant.estimate'"]),
        ({"estimate": "x" * 61}, ["'restaurant.estimate'"]),
        # Pickup.
        ({"pickup": True}, ["'restaurant.address' é obrigatório"]),
        ({"pickup": "sim", "address": "Rua X, 1"}, ["'restaurant.pickup'"]),
        ({"pickup": True, "address": "   "}, ["'restaurant.address'"]),
        ({"pickup": True, "address": "Rua X", "pickup_estimate": ""},
         ["'restaurant.pickup_estimate'"]),
        # Payment.
        ({"payment_methods": ["pix", "cheque"]},
         ["'restaurant.payment_methods'", "'cheque' desconhecida", "vale_refeicao"]),
        ({"payment_methods": []}, ["'restaurant.payment_methods'"]),
        ({"payment_methods": "pix"}, ["'restaurant.payment_methods'"]),
        ({"payment_methods": [1]}, ["'restaurant.payment_methods'"]),
        ({"pix_key": "chave da cris"}, ["'restaurant.pix_key'", "não é uma chave Pix"]),
        ({"pix_key": "529.982.247-24"}, ["'restaurant.pix_key'", "CPF"]),
        ({"pix_key": "11987654321"}, ["'restaurant.pix_key'", "+55"]),
        ({"pix_key": "cris@"}, ["'restaurant.pix_key'", "e-mail"]),
        ({"pix_merchant_name": "x" * 26}, ["'restaurant.pix_merchant_name'", "25"]),
        ({"pix_merchant_name": "🙂"}, ["'restaurant.pix_merchant_name'"]),
        ({"pix_merchant_city": "São José dos Campos"}, ["'restaurant.pix_merchant_city'", "15"]),
        # Holidays and special days.
        ({"holidays": {"state": "SP"}}, ["'restaurant.holidays' precisa de 'restaurant.hours'"]),
        ({"special_days": [{"date": "2026-12-25"}]},
         ["'restaurant.special_days' precisa de 'restaurant.hours'"]),
    ],
)
def test_bad_settings_are_refused_naming_the_field(fields: dict[str, Any],
                                                   words: list[str]) -> None:
    with pytest.raises(MenuError) as error:
        parse_menu(menu(**fields))
    for word in words:
        assert word in str(error.value)


HOURS = {"ter": "11:00-15:00"}


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"holidays": {"state": "XX"}}, ["'restaurant.holidays.state'", "SP"]),
        ({"holidays": {"state": "SP", "closed": "sim"}}, ["'restaurant.holidays.closed'"]),
        ({"holidays": {"state": "SP", "closed": True, "hours": "11:00-15:00"}},
         ["'restaurant.holidays'", "não os dois"]),
        ({"holidays": {"state": "SP", "hours": "11h"}}, ["'restaurant.holidays.hours'"]),
        ({"holidays": {"estado": "SP"}}, ["'restaurant.holidays.estado' desconhecido"]),
        ({"holidays": True}, ["'restaurant.holidays'"]),
        ({"special_days": {"2026-12-25": "fechado"}}, ["'restaurant.special_days'", "lista"]),
        ({"special_days": [{"date": "25/12/2026"}]},
         ["'restaurant.special_days[1].date'", "AAAA-MM-DD"]),
        ({"special_days": [{"date": "2026-02-30"}]}, ["'restaurant.special_days[1].date'"]),
        ({"special_days": [{"hours": "fechado"}]}, ["'restaurant.special_days[1]'", "'date'"]),
        ({"special_days": [{"from": "2026-01-20", "to": "2026-01-05"}]},
         ["'restaurant.special_days[1]'", "antes"]),
        ({"special_days": [{"from": "2026-01-01", "to": "2027-06-01"}]},
         ["'restaurant.special_days[1]'", "um ano"]),
        ({"special_days": [{"date": "2026-12-24", "from": "2026-12-24", "to": "2026-12-26"}]},
         ["'restaurant.special_days[1]'", "não os dois"]),
        ({"special_days": [{"date": "2026-12-24", "hours": "25:00-26:00"}]},
         ["'restaurant.special_days[1].hours'"]),
        ({"special_days": [{"date": "2026-12-24", "nome": "Natal"}]},
         ["'restaurant.special_days[1].nome' desconhecido"]),
        ({"special_days": [{"from": "2026-12-20", "to": "2026-12-31"},
                           {"date": "2026-12-25", "name": "Natal"}]},
         ["'restaurant.special_days'", "2026-12-25 aparece duas vezes"]),
    ],
)
def test_bad_holidays_and_special_days_are_refused(fields: dict[str, Any],
                                                   words: list[str]) -> None:
    with pytest.raises(MenuError) as error:
        parse_menu(menu(hours=HOURS, **fields))
    for word in words:
        assert word in str(error.value)


def test_holidays_accept_the_state_by_name_and_may_keep_hours() -> None:
    hours = parse_menu(menu(hours=HOURS, holidays={"state": "Rio de Janeiro",
                                                   "hours": "11:00-14:00"})).restaurant.hours
    assert hours is not None and hours.holidays is not None
    assert hours.holidays.state == "RJ" and hours.holidays.intervals[0].text() == "11:00-14:00"
    national = parse_menu(menu(hours=HOURS, holidays={})).restaurant.hours
    assert national is not None and national.holidays is not None
    assert national.holidays.state is None and national.holidays.intervals == ()
    unchanged = parse_menu(menu(hours=HOURS, holidays={"closed": False})).restaurant.hours
    assert unchanged is not None and unchanged.holidays is None


def test_a_change_of_delivery_settings_is_a_change_of_the_restaurant() -> None:
    example = load_menu_file(EXAMPLE)
    document = copy.deepcopy(example.to_dict())
    document["restaurant"]["delivery_zones"][0]["fee"] = 6.0
    change = diff_menus(example, parse_menu(document))
    assert change.restaurant_changed and not change.changed
    assert example.restaurant.hours is not None
    assert example.restaurant.hours.exception(date(2026, 12, 25)) is not None


def test_the_documented_block_is_the_example_file() -> None:
    doc = (ROOT / "docs" / "cardapio.md").read_text(encoding="utf-8")
    block = doc.split('```json\n"restaurant": ', 1)[1].split("\n```", 1)[0]
    documented = json.loads(block)
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))["restaurant"]
    assert documented == example


def test_the_documented_holiday_lines() -> None:
    hours = load_menu_file(EXAMPLE).restaurant.hours
    now = datetime(2026, 12, 20, 12, tzinfo=timezone(timedelta(hours=-3)))
    doc = (ROOT / "docs" / "cardapio.md").read_text(encoding="utf-8")
    shown = doc.split("```\n📅", 1)[1].split("\n```", 1)[0]
    assert ("📅" + shown) in hours_answer(hours, now)
