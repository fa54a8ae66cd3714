"""Distances computed locally, and coordinates in the menu file checked."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.geo import EARTH_RADIUS_KM, GeoError, GeoPoint, distance_km, parse_point


def dms(degrees: int, minutes: int, seconds: int) -> float:
    return degrees + minutes / 60 + seconds / 3600


def test_the_published_haversine_example() -> None:
    # Land's End to John o' Groats, the worked example of the haversine formula
    # (Movable Type Scripts, R = 6371 km): 968.9 km.
    lands_end = GeoPoint(dms(50, 3, 59), -dms(5, 42, 53))
    groats = GeoPoint(dms(58, 38, 38), -dms(3, 4, 12))
    assert distance_km(lands_end, groats) * 6371 / EARTH_RADIUS_KM == pytest.approx(968.9, abs=0.05)


def test_within_half_a_percent_of_the_ellipsoid() -> None:
    one_degree = distance_km(GeoPoint(0, 0), GeoPoint(1, 0))
    assert one_degree == pytest.approx(2 * math.pi * EARTH_RADIUS_KM / 360)
    # One degree of latitude on the WGS 84 ellipsoid, by the series for the meridian
    # arc: 111132.954 − 559.822 cos 2φ + 1.175 cos 4φ metres, at São Paulo's 23.5° S.
    phi = math.radians(23.5)
    meridian_km = (111132.954 - 559.822 * math.cos(2 * phi) + 1.175 * math.cos(4 * phi)) / 1000
    degree_sp = distance_km(GeoPoint(-23, -46.6), GeoPoint(-24, -46.6))
    assert degree_sp == pytest.approx(meridian_km, rel=0.005)
    assert abs(degree_sp - meridian_km) * 3 / degree_sp < 0.015  # under 15 m at 3 km


def law_of_cosines(a: GeoPoint, b: GeoPoint) -> float:
    """An independent formula (spherical law of cosines), fine away from tiny distances."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dl = math.radians(b.lng - a.lng)
    cos = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return EARTH_RADIUS_KM * math.acos(max(-1.0, min(1.0, cos)))


points = st.builds(GeoPoint, st.floats(-89, 89), st.floats(-179, 179))


@given(points, points)
def test_haversine_agrees_with_the_law_of_cosines(a: GeoPoint, b: GeoPoint) -> None:
    expected = law_of_cosines(a, b)
    if expected > 1:  # the law of cosines loses precision below a kilometre
        assert distance_km(a, b) == pytest.approx(expected, rel=1e-6)
    assert distance_km(a, b) == pytest.approx(distance_km(b, a))


def test_antipodes_and_the_same_point() -> None:
    assert distance_km(GeoPoint(0, 0), GeoPoint(0, 180)) == pytest.approx(math.pi * EARTH_RADIUS_KM)
    assert distance_km(GeoPoint(-23.5, -46.6), GeoPoint(-23.5, -46.6)) == 0


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("-23.56,-46.65", ["restaurant.location", "objeto"]),
        ({"lat": -23.5}, ["restaurant.location.lng"]),
        ({"lat": "-23.5", "lng": -46.6}, ["restaurant.location.lat", "número"]),
        ({"lat": True, "lng": -46.6}, ["restaurant.location.lat"]),
        ({"lat": -123.5, "lng": -46.6}, ["impossíveis"]),
        ({"lat": -23.5, "lng": 200}, ["impossíveis"]),
        ({"lat": float("nan"), "lng": -46.6}, ["impossíveis"]),
        ({"lat": 0, "lng": 0}, ["fora do Brasil"]),
        ({"lat": 48.85, "lng": 2.35}, ["fora do Brasil"]),  # Paris
        ({"lat": -46.6559, "lng": -23.5614}, ["trocados"]),  # lat and lng swapped
        ({"lat": -23.5, "lng": -46.6, "alt": 700}, ["restaurant.location.alt"]),
    ],
)
def test_absurd_coordinates_are_refused(raw: Any, words: list[str]) -> None:
    with pytest.raises(GeoError) as error:
        parse_point(raw, "restaurant.location")
    for word in words:
        assert word in str(error.value)


@pytest.mark.parametrize(
    "raw",
    [{"lat": -23.5614, "lng": -46.6559}, {"lat": -3.85, "lng": -32.42},  # Fernando de Noronha
     {"lat": 2.82, "lng": -60.67}, {"lat": -33.69, "lng": -53.46}],  # Boa Vista, Chuí
)
def test_points_across_brazil_are_accepted(raw: dict[str, float]) -> None:
    assert parse_point(raw, "restaurant.location") == GeoPoint(raw["lat"], raw["lng"])
