"""Points on the map and the distance between them, computed here (no geocoding service).

The restaurant's ``location`` and a customer's shared WhatsApp location are
:class:`GeoPoint`\\ s. Distances use the haversine formula on a sphere of the mean
Earth radius: for delivery tiers of a few kilometres its error (under 0.5 %, a
few metres at 3 km) is far below what separates one tier from the next, so the
ellipsoidal precision of a geodesy library would buy nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BRAZIL",
    "EARTH_RADIUS_KM",
    "GeoError",
    "GeoPoint",
    "distance_km",
    "parse_point",
    "point_or_none",
]

# IUGG mean Earth radius, R1 = (2a + b) / 3.
EARTH_RADIUS_KM = 6371.0088
# Brazil's extreme points with a margin (Chuí −33.75, Caburaí +5.27, Ponta do Seixas
# −34.79, Serra do Divisor −73.99), plus the oceanic islands east to −28.8 (Trindade).
BRAZIL = (-34.5, 5.6, -74.5, -28.5)  # (south, north, west, east)


class GeoError(ValueError):
    """A malformed point in the menu file; the message names the field."""


@dataclass(frozen=True)
class GeoPoint:
    """A latitude and longitude in decimal degrees (WGS 84)."""

    lat: float
    lng: float

    def to_dict(self) -> dict[str, float]:
        """The file form, ``{"lat": …, "lng": …}``."""
        return {"lat": self.lat, "lng": self.lng}


def _on_earth(lat: float, lng: float) -> bool:
    return math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180


def _in_brazil(lat: float, lng: float) -> bool:
    south, north, west, east = BRAZIL
    return south <= lat <= north and west <= lng <= east


def point_or_none(lat: Any, lng: Any) -> GeoPoint | None:
    """A customer's shared location as a point, or None when the numbers cannot be on Earth."""
    if isinstance(lat, bool) or isinstance(lng, bool):
        return None
    try:
        lat, lng = float(lat), float(lng)
    except (TypeError, ValueError):
        return None
    return GeoPoint(lat, lng) if _on_earth(lat, lng) else None


def parse_point(raw: Any, where: str) -> GeoPoint:
    """Validate ``{"lat": …, "lng": …}``: numbers, on Earth, inside Brazil."""
    shape = f"campo '{where}' deve ser um objeto como {{\"lat\": -23.5614, \"lng\": -46.6559}}"
    if not isinstance(raw, dict):
        raise GeoError(shape)
    unknown = sorted(set(raw) - {"lat", "lng"})
    if unknown:
        raise GeoError(f"campo '{where}.{unknown[0]}' desconhecido: use lat e lng")
    values = []
    for name in ("lat", "lng"):
        value = raw.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise GeoError(f"campo '{where}.{name}' deve ser um número em graus decimais; {shape}")
        values.append(float(value))
    lat, lng = values
    if not _on_earth(lat, lng):
        raise GeoError(
            f"campo '{where}': coordenadas impossíveis ({lat}, {lng}); a latitude vai de -90 a "
            "90 e a longitude de -180 a 180"
        )
    if not _in_brazil(lat, lng):
        hint = (" Parece que lat e lng estão trocados." if _in_brazil(lng, lat) else
                " Copie as coordenadas do Google Maps (clique com o botão direito no local).")
        raise GeoError(f"campo '{where}': ({lat}, {lng}) fica fora do Brasil.{hint}")
    return GeoPoint(lat, lng)


def distance_km(a: GeoPoint, b: GeoPoint) -> float:
    """Great-circle distance in kilometres (haversine)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat = lat2 - lat1
    dlng = math.radians(b.lng - a.lng)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlng / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
