"""Whether the restaurant delivers to an address, at what fee, minimum and estimate."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.conversation import Address
from service.domain.delivery import (
    NeedsPlace,
    NotServed,
    Served,
    Via,
    check_minimum,
    minimum_for,
    quote,
    quote_address,
)
from service.domain.geo import GeoPoint
from service.domain.menu import parse_menu
from service.domain.restaurant import DEFAULT_ESTIMATE, Restaurant
from tests.builders import seed_menu

ITEM = {"id": "pf", "name": "Prato Feito", "category": "pratos", "price": 24.9}
HOME = GeoPoint(-23.5614, -46.6559)
# Kilometres per degree of latitude on the sphere of mean radius (2πR / 360).
KM_PER_DEGREE = 2 * math.pi * 6371.0088 / 360

ZONES: dict[str, Any] = {
    "name": "Cozinha da Cris",
    "delivery_fee": 5.0,
    "min_order": 25.0,
    "estimate": "40 a 60 min",
    "delivery_zones": [
        {"bairro": "Centro", "fee": 5.0},
        {"bairro": "Jardim Botânico", "fee": 8.0, "min_order": 40.0, "estimate": "50 a 70 min"},
        {"bairro": "Vila Mariana", "fee": 0},
        {"bairro": "Bela Vista", "fee": 6.5, "aliases": ["Bixiga"]},
    ],
    "location": HOME.to_dict(),
    "delivery_radius": [
        {"km": 3, "fee": 5.0},
        {"km": 6, "fee": 9.0, "min_order": 35.0, "estimate": "50 a 80 min"},
    ],
    "pickup": True,
    "address": "Rua Itapeva, 200 - Bela Vista",
}


def restaurant(**fields: Any) -> Restaurant:
    block = {**ZONES, **fields}
    block = {key: value for key, value in block.items() if value is not None}
    return parse_menu({"restaurant": block, "items": [ITEM]}).restaurant


def north(km: float) -> GeoPoint:
    """A point this far due north of the restaurant (exact on the sphere)."""
    return GeoPoint(HOME.lat + km / KM_PER_DEGREE, HOME.lng)


def south(km: float) -> GeoPoint:
    return GeoPoint(HOME.lat - km / KM_PER_DEGREE, HOME.lng)


FULL = restaurant()


@pytest.mark.parametrize(
    ("address", "bairro", "fee", "minimum", "estimate"),
    [
        ("Rua Augusta, 1500 - Centro", "Centro", 500, 2500, "40 a 60 min"),
        ("Rua das Palmeiras 10, jd botanico", "Jardim Botânico", 800, 4000, "50 a 70 min"),
        ("Rua X, 5 - Jardim Botanico", "Jardim Botânico", 800, 4000, "50 a 70 min"),
        ("rua y 8 vl mariana", "Vila Mariana", 0, 2500, "40 a 60 min"),
        ("Rua Z, 9, Vila Mariaan", "Vila Mariana", 0, 2500, "40 a 60 min"),
        ("Rua 13 de Maio, 80 - Bixiga", "Bela Vista", 650, 2500, "40 a 60 min"),
        ("Rua Santa Cecília, 200, cemtro", "Centro", 500, 2500, "40 a 60 min"),
    ],
)
def test_an_address_in_a_served_bairro(address, bairro, fee, minimum, estimate) -> None:
    result = quote(FULL, address=address)
    assert isinstance(result, Served)
    assert (result.via, result.area, result.fee_cents, result.min_order_cents,
            result.estimate) == (Via.BAIRRO, bairro, fee, minimum, estimate)


@pytest.mark.parametrize(
    ("place", "bairro"),
    [("centro", "Centro"), ("jd botanico", "Jardim Botânico"),
     ("no Jardim Botânico", "Jardim Botânico"), ("vl mariana", "Vila Mariana"),
     ("Bixiga", "Bela Vista")],
)
def test_a_named_place_in_a_served_bairro(place: str, bairro: str) -> None:
    result = quote(FULL, place=place)
    assert isinstance(result, Served) and result.area == bairro


@pytest.mark.parametrize(
    ("place", "shown"),
    [("capão redondo", "Capão Redondo"), ("guarulhos", "Guarulhos"),
     ("pro Itaim Bibi", "Itaim Bibi"), ("Sta Cecília", "Sta Cecília")],
)
def test_a_named_place_not_served_is_said_with_the_served_list(place: str, shown: str) -> None:
    result = quote(FULL, place=place)
    assert isinstance(result, NotServed)
    assert result.place == shown
    assert result.served == ("Centro", "Jardim Botânico", "Vila Mariana", "Bela Vista")
    assert result.pickup is True and result.max_km == 6


@pytest.mark.parametrize(
    "address",
    ["Rua das Flores, 100, bairro Capão Redondo", "Rua X 1 - Bairro Jardim Ângela"],
)
def test_an_address_naming_another_bairro_is_not_served(address: str) -> None:
    result = quote(FULL, address=address)
    assert isinstance(result, NotServed) and result.place is not None


@pytest.mark.parametrize(
    "address",
    ["Rua Piauí, 33", "Rua Santa Cecília, 200", "Av. Jardim Botânico, 1000 apto 4",
     "Rua X 10 perto do shopping Centro", "Rua das Flores, 100, Capão Redondo"],
)
def test_an_address_without_a_recognisable_bairro_asks_for_it(address: str) -> None:
    result = quote(FULL, address=address)
    assert isinstance(result, NeedsPlace)
    assert result.bairro and result.location
    assert result.served == ("Centro", "Jardim Botânico", "Vila Mariana", "Bela Vista")


@pytest.mark.parametrize(
    ("point", "tier_km", "fee", "minimum", "estimate"),
    [
        (HOME, 3, 500, 2500, "40 a 60 min"),  # at the door
        (north(0.5), 3, 500, 2500, "40 a 60 min"),
        (north(2.95), 3, 500, 2500, "40 a 60 min"),  # just inside the first tier
        (south(3.05), 6, 900, 3500, "50 a 80 min"),  # just past it
        (north(5.9), 6, 900, 3500, "50 a 80 min"),
        (GeoPoint(HOME.lat, HOME.lng + 4 / (KM_PER_DEGREE * math.cos(math.radians(HOME.lat)))),
         6, 900, 3500, "50 a 80 min"),  # 4 km due east
    ],
)
def test_a_location_inside_a_tier(point, tier_km, fee, minimum, estimate) -> None:
    result = quote(FULL, location=point)
    assert isinstance(result, Served) and result.via is Via.RADIUS
    assert result.tier is not None and result.tier.km == tier_km
    assert (result.fee_cents, result.min_order_cents, result.estimate) == (fee, minimum, estimate)
    assert result.area == f"até {tier_km} km"


@pytest.mark.parametrize("km", [6.1, 10, 400])
def test_a_location_outside_every_tier_is_not_served(km: float) -> None:
    result = quote(FULL, location=north(km))
    assert isinstance(result, NotServed)
    assert result.distance_km == pytest.approx(km, rel=1e-6)
    assert result.max_km == 6 and result.place is None


def test_the_bairro_written_wins_over_the_location() -> None:
    result = quote(FULL, address="Rua X 5, Jardim Botânico", location=north(1))
    assert isinstance(result, Served) and result.area == "Jardim Botânico"
    # An unknown bairro typed with a location inside a tier: the distance serves it.
    result = quote(FULL, address="Rua X 5, bairro Paraíso", location=north(1))
    assert isinstance(result, Served) and result.via is Via.RADIUS


def test_a_location_far_away_keeps_the_bairro_named() -> None:
    result = quote(FULL, address="Rua X 5, bairro Paraíso", location=north(20))
    assert isinstance(result, NotServed) and result.place == "Paraíso"


def test_a_conversation_address_is_quoted_with_its_coordinates() -> None:
    shared = Address("Localização compartilhada", north(2).lat, north(2).lng)
    result = quote_address(FULL, shared)
    assert isinstance(result, Served) and result.via is Via.RADIUS
    typed = quote_address(FULL, Address("Rua X 5 - Centro"))
    assert isinstance(typed, Served) and typed.area == "Centro"


@pytest.mark.parametrize(("lat", "lng"), [(999, -46.6), (float("nan"), 0), (-23.5, "abc")])
def test_an_absurd_shared_location_is_ignored_not_a_crash(lat: Any, lng: Any) -> None:
    result = quote_address(FULL, Address("Rua X 10", lat, lng))
    assert isinstance(result, NeedsPlace)


def test_only_zones_asks_for_the_bairro_not_the_location() -> None:
    zones_only = restaurant(location=None, delivery_radius=None)
    result = quote(zones_only, address="Rua X, 10", location=north(1))
    assert isinstance(result, NeedsPlace) and result.bairro and not result.location


def test_only_a_radius_needs_the_location() -> None:
    radius_only = restaurant(delivery_zones=None)
    asked = quote(radius_only, place="Capão Redondo")
    assert isinstance(asked, NeedsPlace)
    assert asked.location and not asked.bairro and asked.place == "Capão Redondo"
    assert isinstance(quote(radius_only, address="Rua X 10"), NeedsPlace)
    served = quote(radius_only, location=north(1))
    assert isinstance(served, Served) and served.fee_cents == 500


def test_only_delivery_fee_delivers_everywhere_as_before() -> None:
    old = seed_menu().restaurant
    for kwargs in ({"address": "Rua Piauí, 33, Guarulhos"}, {"place": "Capão Redondo"},
                   {"location": north(300)}, {}):
        result = quote(old, **kwargs)
        assert result == Served(500, 0, DEFAULT_ESTIMATE, Via.EVERYWHERE)


def test_a_free_zone_is_served_at_no_fee() -> None:
    result = quote(FULL, place="Vila Mariana")
    assert isinstance(result, Served) and result.fee_cents == 0


@pytest.mark.parametrize(
    ("subtotal", "minimum", "ok", "missing"),
    [
        (1210, 2500, False, 1290),  # below
        (2499, 2500, False, 1),  # a centavo short
        (2500, 2500, True, 0),  # at
        (9000, 2500, True, 0),  # above
        (300, 0, True, 0),  # no minimum
    ],
)
def test_the_minimum_order(subtotal: int, minimum: int, ok: bool, missing: int) -> None:
    check = check_minimum(subtotal, minimum)
    assert (check.ok, check.missing_cents) == (ok, missing)


def test_which_minimum_applies() -> None:
    botanico = quote(FULL, place="Jardim Botânico")
    centro = quote(FULL, place="Centro")
    assert isinstance(botanico, Served) and isinstance(centro, Served)
    assert minimum_for(FULL, botanico) == 4000  # the zone's own
    assert minimum_for(FULL, centro) == 2500  # the restaurant's
    assert minimum_for(FULL, None) == 2500  # pickup: the restaurant's
    assert minimum_for(seed_menu().restaurant, None) == 0


@given(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=60)),
       st.one_of(st.none(), st.builds(GeoPoint, st.floats(-90, 90), st.floats(-180, 180))))
def test_any_address_gets_one_of_the_three_answers(address: str, place: str | None,
                                                   location: GeoPoint | None) -> None:
    result = quote(FULL, address=address, place=place, location=location)
    assert isinstance(result, Served | NotServed | NeedsPlace)
    if isinstance(result, Served):
        assert result.via in (Via.BAIRRO, Via.RADIUS) and result.fee_cents >= 0
