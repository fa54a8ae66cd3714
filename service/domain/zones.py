"""Where the restaurant delivers: bairros (``delivery_zones``), distances (``delivery_radius``).

```json
"delivery_zones": [
  {"bairro": "Centro", "fee": 5.0},
  {"bairro": "Jardim Botânico", "fee": 8.0, "min_order": 40.0, "estimate": "50 a 70 min",
   "aliases": ["JB"]}
],
"location": {"lat": -23.5614, "lng": -46.6559},
"delivery_radius": [{"km": 3, "fee": 5.0}, {"km": 6, "fee": 9.0}]
```

A zone or tier may carry its own minimum order and estimate; without them the
restaurant's apply. Bairros are compared by :func:`service.domain.places.place_key`,
so "Jd. Botânico" twice is refused as a repeat. Tiers must grow in ``km``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from nlu import MenuError, reais_to_cents
from service.domain.places import place_key

__all__ = [
    "MAX_ESTIMATE_CHARS",
    "MAX_RADIUS_KM",
    "DeliveryZone",
    "RadiusTier",
    "parse_estimate",
    "parse_radius",
    "parse_zones",
]

# A home kitchen's rider does not ride past this; a larger number is a typo (metres?).
MAX_RADIUS_KM = 100.0
MAX_BAIRRO_CHARS = 60
MAX_ESTIMATE_CHARS = 60
_ZONE_FIELDS = ("bairro", "fee", "min_order", "estimate", "aliases")
_TIER_FIELDS = ("km", "fee", "min_order", "estimate")


@dataclass(frozen=True)
class DeliveryZone:
    """A bairro served, with its fee and, optionally, its own minimum order and estimate."""

    bairro: str
    fee_cents: int
    min_order_cents: int | None = None  # None: the restaurant's minimum
    estimate: str | None = None  # None: the restaurant's estimate
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The bairro and its other names, as matched in addresses."""
        return (self.bairro, *self.aliases)

    def to_dict(self) -> dict[str, Any]:
        """The file form."""
        data: dict[str, Any] = {"bairro": self.bairro, "fee": self.fee_cents / 100}
        if self.min_order_cents is not None:
            data["min_order"] = self.min_order_cents / 100
        if self.estimate is not None:
            data["estimate"] = self.estimate
        if self.aliases:
            data["aliases"] = list(self.aliases)
        return data


@dataclass(frozen=True)
class RadiusTier:
    """Up to ``km`` from the restaurant (beyond the previous tier), at this fee."""

    km: float
    fee_cents: int
    min_order_cents: int | None = None
    estimate: str | None = None

    @property
    def label(self) -> str:
        """ "até 3 km", "até 4,5 km"."""
        km = f"{self.km:g}".replace(".", ",")
        return f"até {km} km"

    def to_dict(self) -> dict[str, Any]:
        """The file form."""
        data: dict[str, Any] = {"km": self.km, "fee": self.fee_cents / 100}
        if self.min_order_cents is not None:
            data["min_order"] = self.min_order_cents / 100
        if self.estimate is not None:
            data["estimate"] = self.estimate
        return data


def parse_estimate(raw: Any, where: str) -> str | None:
    """A time as the customer will read it ("40 a 60 min"), or None when absent."""
    if raw is None:
        return None
    if not isinstance(raw, str) or not raw.strip() or len(raw.strip()) > MAX_ESTIMATE_CHARS:
        raise MenuError(
            f"campo '{where}' deve ser um texto de até {MAX_ESTIMATE_CHARS} caracteres, "
            "ex.: \"40 a 60 min\""
        )
    return " ".join(raw.split())


def _fields(raw: Any, where: str, allowed: tuple[str, ...], example: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise MenuError(f"campo '{where}' deve ser um objeto, ex.: {example}")
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise MenuError(f"campo '{where}.{unknown[0]}' desconhecido: use {', '.join(allowed)}")
    return raw


def _fee(raw: dict[str, Any], where: str) -> int:
    if "fee" not in raw:
        raise MenuError(f"campo '{where}.fee' ausente: a taxa de entrega em reais (0 = grátis)")
    return reais_to_cents(raw["fee"], f"campo '{where}.fee'")


def _minimum(raw: dict[str, Any], where: str) -> int | None:
    if raw.get("min_order") is None:
        return None
    return reais_to_cents(raw["min_order"], f"campo '{where}.min_order'")


def _zone(raw: Any, where: str) -> DeliveryZone:
    raw = _fields(raw, where, _ZONE_FIELDS, '{"bairro": "Centro", "fee": 5.0}')
    bairro = raw.get("bairro")
    if not isinstance(bairro, str) or not place_key(bairro) or len(bairro) > MAX_BAIRRO_CHARS:
        raise MenuError(f"campo '{where}.bairro' deve ser o nome do bairro (até "
                        f"{MAX_BAIRRO_CHARS} caracteres)")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(
        isinstance(a, str) and place_key(a) and len(a) <= MAX_BAIRRO_CHARS for a in aliases
    ):
        raise MenuError(f"campo '{where}.aliases' deve ser uma lista de nomes, ex.: [\"JB\"]")
    return DeliveryZone(
        bairro=" ".join(bairro.split()),
        fee_cents=_fee(raw, where),
        min_order_cents=_minimum(raw, where),
        estimate=parse_estimate(raw.get("estimate"), f"{where}.estimate"),
        aliases=tuple(" ".join(a.split()) for a in aliases),
    )


def parse_zones(raw: Any, where: str = "restaurant.delivery_zones") -> tuple[DeliveryZone, ...]:
    """Validate the bairros served; a bairro (or alias) written twice is refused."""
    if not isinstance(raw, list):
        raise MenuError(f"campo '{where}' deve ser uma lista de bairros, ex.: "
                        "[{\"bairro\": \"Centro\", \"fee\": 5.0}]")
    zones = tuple(_zone(entry, f"{where}[{n}]") for n, entry in enumerate(raw, 1))
    seen: dict[str, tuple[int, str]] = {}
    for number, zone in enumerate(zones, 1):
        for name in zone.names:
            key = place_key(name)
            if key in seen:
                first, written = seen[key]
                raise MenuError(
                    f"campo '{where}[{number}]': o bairro '{name}' repete '{written}' "
                    f"({where}[{first}]); cada bairro aparece uma vez"
                )
            seen[key] = (number, name)
    return zones


def _km(raw: dict[str, Any], where: str) -> float:
    km = raw.get("km")
    if isinstance(km, bool) or not isinstance(km, int | float) or not math.isfinite(km):
        raise MenuError(f"campo '{where}.km' deve ser a distância em quilômetros, ex.: 3")
    if not 0 < km <= MAX_RADIUS_KM:
        raise MenuError(f"campo '{where}.km' deve ficar entre 0 e {MAX_RADIUS_KM:g} km")
    return float(km)


def parse_radius(raw: Any, where: str = "restaurant.delivery_radius") -> tuple[RadiusTier, ...]:
    """Validate the distance tiers: each farther than the one before."""
    if not isinstance(raw, list) or not raw:
        raise MenuError(f"campo '{where}' deve ser uma lista de faixas, ex.: "
                        "[{\"km\": 3, \"fee\": 5.0}, {\"km\": 6, \"fee\": 9.0}]")
    tiers: list[RadiusTier] = []
    for number, entry in enumerate(raw, 1):
        here = f"{where}[{number}]"
        fields = _fields(entry, here, _TIER_FIELDS, '{"km": 3, "fee": 5.0}')
        tier = RadiusTier(
            km=_km(fields, here),
            fee_cents=_fee(fields, here),
            min_order_cents=_minimum(fields, here),
            estimate=parse_estimate(fields.get("estimate"), f"{here}.estimate"),
        )
        if tiers and tier.km <= tiers[-1].km:
            raise MenuError(
                f"campo '{here}.km': as faixas devem crescer ({tier.km:g} km vem depois de "
                f"{tiers[-1].km:g} km)"
            )
        tiers.append(tier)
    return tuple(tiers)
