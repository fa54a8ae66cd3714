"""The restaurant's settings: the ``restaurant`` block of the menu file, validated.

Who sells, in which currency; where it delivers and for how much (one fee, fees
per bairro, or per distance from its location), the minimum order and the
estimate; whether customers may pick up and where; how they may pay and the Pix
account; when the kitchen is open, holidays and special days included. Every field
but ``name`` is optional and an old file keeps its meaning: only ``delivery_fee``
is one fee everywhere, as before. A malformed block raises ``MenuError`` naming
the field, like a malformed item does. ``docs/cardapio.md`` shows every field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from unidecode import unidecode

from nlu import MenuError, PaymentMethod, reais_to_cents
from service.domain.geo import GeoError, GeoPoint, parse_point
from service.domain.hours import Hours, HoursError, parse_hours
from service.domain.hours_calendar import (
    holidays_to_dict,
    parse_holidays,
    parse_special_days,
    special_days_to_list,
)
from service.domain.pix_keys import PixKey, PixKeyError, parse_pix_key
from service.domain.zones import (
    DeliveryZone,
    RadiusTier,
    parse_estimate,
    parse_radius,
    parse_zones,
)

__all__ = [
    "DEFAULT_ESTIMATE",
    "DEFAULT_PAYMENT_METHODS",
    "MAX_PIX_CITY",
    "MAX_PIX_KEY_CHARS",
    "MAX_PIX_NAME",
    "Restaurant",
    "parse_restaurant",
    "pix_text",
]

# Pix keys are at most 77 characters (an e-mail); 100 leaves room for spaces and punctuation.
MAX_PIX_KEY_CHARS = 100
# The BR Code's merchant name (field 59) and city (field 60) limits.
MAX_PIX_NAME = 25
MAX_PIX_CITY = 15
MAX_ADDRESS_CHARS = 200
# What customers were told before estimates were configurable.
DEFAULT_ESTIMATE = "40 a 60 minutos"
# Accepted when the file says nothing: what the assistant offered before it was configurable.
DEFAULT_PAYMENT_METHODS = (PaymentMethod.PIX, PaymentMethod.CARD, PaymentMethod.CASH)
_CURRENCY = re.compile(r"[A-Z]{3}")
_PIX_TEXT_DROP = re.compile(r"[^A-Za-z0-9 .&'-]")


def pix_text(text: str) -> str:
    """A name or city as the BR Code carries it: no accents, plain characters, single spaces."""
    return " ".join(_PIX_TEXT_DROP.sub(" ", unidecode(text)).split())


@dataclass(frozen=True)
class Restaurant:
    """Who sells and on what terms: delivery, pickup, payment, hours."""

    name: str
    currency: str = "BRL"
    delivery_fee_cents: int = 0  # everywhere, when there are no zones and no radius
    hours: Hours | None = None  # None: no published hours, always taking orders
    pix_key: str | None = None  # as the BR Code carries it (see pix_keys)
    min_order_cents: int = 0  # 0: no minimum
    delivery_zones: tuple[DeliveryZone, ...] = ()
    location: GeoPoint | None = None
    delivery_radius: tuple[RadiusTier, ...] = ()
    pickup: bool = False  # customers may pick up at ``address``
    address: str | None = None  # the restaurant's address, told to those who pick up
    pickup_estimate: str | None = None  # how long until a pickup order is ready
    payment_methods: tuple[PaymentMethod, ...] = field(default=DEFAULT_PAYMENT_METHODS)
    pix_merchant_name: str | None = None  # None: the restaurant's name
    pix_merchant_city: str | None = None  # without it, no BR Code (the key alone)
    estimate: str | None = None  # delivery time; None: DEFAULT_ESTIMATE

    @property
    def delivery_estimate(self) -> str:
        """How long a delivery takes, as customers read it."""
        return self.estimate or DEFAULT_ESTIMATE

    @property
    def pix(self) -> PixKey | None:
        """The checked Pix key, or None without a valid one (a file's key is always valid)."""
        if not self.pix_key:
            return None
        try:
            return parse_pix_key(self.pix_key)
        except PixKeyError:
            return None

    @property
    def pix_name(self) -> str:
        """The merchant name for the BR Code (at most 25 plain characters)."""
        if self.pix_merchant_name:
            return self.pix_merchant_name
        return pix_text(self.name)[:MAX_PIX_NAME].strip() or "Restaurante"

    def to_dict(self) -> dict[str, Any]:
        """The ``restaurant`` block of the file format (money in reais); defaults left out."""
        data: dict[str, Any] = {
            "name": self.name,
            "currency": self.currency,
            "delivery_fee": self.delivery_fee_cents / 100,
        }
        if self.hours is not None:
            data["hours"] = self.hours.to_dict()
            if self.hours.holidays is not None:
                data["holidays"] = holidays_to_dict(self.hours.holidays)
            if self.hours.special_days:
                data["special_days"] = special_days_to_list(self.hours.special_days)
        if self.pix_key is not None:
            data["pix_key"] = self.pix_key
        if self.min_order_cents:
            data["min_order"] = self.min_order_cents / 100
        if self.delivery_zones:
            data["delivery_zones"] = [zone.to_dict() for zone in self.delivery_zones]
        if self.location is not None:
            data["location"] = self.location.to_dict()
        if self.delivery_radius:
            data["delivery_radius"] = [tier.to_dict() for tier in self.delivery_radius]
        if self.pickup:
            data["pickup"] = True
        optional = {
            "address": self.address,
            "pickup_estimate": self.pickup_estimate,
            "pix_merchant_name": self.pix_merchant_name,
            "pix_merchant_city": self.pix_merchant_city,
            "estimate": self.estimate,
        }
        data.update({key: value for key, value in optional.items() if value is not None})
        if self.payment_methods != DEFAULT_PAYMENT_METHODS:
            data["payment_methods"] = [method.value for method in self.payment_methods]
        return data


def _text(raw: dict[str, Any], name: str, limit: int, example: str) -> str | None:
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > limit:
        raise MenuError(
            f"campo 'restaurant.{name}' deve ser um texto de até {limit} caracteres, ex.: {example}"
        )
    return " ".join(value.split())


def _hours(raw: dict[str, Any]) -> Hours | None:
    try:
        hours = parse_hours(raw["hours"]) if raw.get("hours") is not None else None
        holidays = parse_holidays(raw["holidays"]) if raw.get("holidays") is not None else None
        special = (parse_special_days(raw["special_days"])
                   if raw.get("special_days") is not None else ())
    except HoursError as exc:
        raise MenuError(str(exc)) from exc
    if hours is None:
        for name in ("holidays", "special_days"):
            if raw.get(name) is not None:
                raise MenuError(
                    f"campo 'restaurant.{name}' precisa de 'restaurant.hours' (o horário da "
                    "semana); para abrir todo dia, use \"00:00-24:00\" em cada dia"
                )
        return None
    return Hours(hours.timezone, hours.week, holidays, special)


def _payment_methods(raw: Any) -> tuple[PaymentMethod, ...]:
    if raw is None:
        return DEFAULT_PAYMENT_METHODS
    known = ", ".join(method.value for method in PaymentMethod)
    if not isinstance(raw, list) or not raw:
        raise MenuError(f"campo 'restaurant.payment_methods' deve ser uma lista com pelo menos "
                        f"uma forma de pagamento ({known})")
    methods: list[PaymentMethod] = []
    for value in raw:
        code = (re.sub(r"[\s-]+", "_", unidecode(value).strip().lower())
                if isinstance(value, str) else None)
        if code not in {method.value for method in PaymentMethod}:
            raise MenuError(
                f"campo 'restaurant.payment_methods': forma de pagamento {value!r} desconhecida; "
                f"use {known}"
            )
        method = PaymentMethod(code)
        if method not in methods:
            methods.append(method)
    return tuple(methods)


def _pix(raw: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    key = raw.get("pix_key")
    if key is not None:
        if not isinstance(key, str) or not key.strip() or len(key) > MAX_PIX_KEY_CHARS:
            raise MenuError(
                "campo 'restaurant.pix_key' deve ser a chave Pix como texto "
                f"(e-mail, telefone, CPF/CNPJ ou chave aleatória, até {MAX_PIX_KEY_CHARS} "
                "caracteres)"
            )
        try:
            key = parse_pix_key(key).value
        except PixKeyError as exc:
            raise MenuError(f"campo 'restaurant.pix_key': {exc}") from exc
    plain: list[str | None] = []
    for name, limit, example in (("pix_merchant_name", MAX_PIX_NAME, "Cozinha da Cris"),
                                 ("pix_merchant_city", MAX_PIX_CITY, "Sao Paulo")):
        value = raw.get(name)
        if value is None:
            plain.append(None)
            continue
        cleaned = pix_text(value) if isinstance(value, str) else ""
        if not cleaned or len(cleaned) > limit:
            raise MenuError(
                f"campo 'restaurant.{name}' deve ter de 1 a {limit} letras (sem acentos no "
                f"código Pix: {cleaned!r}), ex.: \"{example}\""
            )
        plain.append(cleaned)
    return key, plain[0], plain[1]


def _delivery(raw: dict[str, Any]) -> dict[str, Any]:
    zones = parse_zones(raw["delivery_zones"]) if raw.get("delivery_zones") is not None else ()
    if raw.get("delivery_zones") is not None and not zones:
        raise MenuError("campo 'restaurant.delivery_zones' está vazio: liste os bairros "
                        "atendidos ou tire o campo (a taxa 'delivery_fee' vale para todo lugar)")
    try:
        location = (parse_point(raw["location"], "restaurant.location")
                    if raw.get("location") is not None else None)
    except GeoError as exc:
        raise MenuError(str(exc)) from exc
    radius = parse_radius(raw["delivery_radius"]) if raw.get("delivery_radius") is not None else ()
    if radius and location is None:
        raise MenuError("campo 'restaurant.delivery_radius' precisa de 'restaurant.location' "
                        "(de onde as distâncias são medidas)")
    minimum = raw.get("min_order")
    return {
        "delivery_zones": zones,
        "location": location,
        "delivery_radius": radius,
        "min_order_cents": 0 if minimum is None else reais_to_cents(
            minimum, "campo 'restaurant.min_order'"),
        "estimate": parse_estimate(raw.get("estimate"), "restaurant.estimate"),
    }


def _pickup(raw: dict[str, Any]) -> dict[str, Any]:
    pickup = raw.get("pickup", False)
    if not isinstance(pickup, bool):
        raise MenuError("campo 'restaurant.pickup' deve ser true (aceita retirada no balcão) "
                        "ou false")
    address = _text(raw, "address", MAX_ADDRESS_CHARS, '"Rua Augusta, 1500 - Consolação"')
    if pickup and address is None:
        raise MenuError("campo 'restaurant.address' é obrigatório com 'pickup': true (o endereço "
                        "onde o cliente retira o pedido)")
    return {
        "pickup": pickup,
        "address": address,
        "pickup_estimate": parse_estimate(raw.get("pickup_estimate"),
                                          "restaurant.pickup_estimate"),
    }


def parse_restaurant(raw: Any) -> Restaurant:
    """Validate the ``restaurant`` block of a menu document."""
    if not isinstance(raw, dict):
        raise MenuError("campo 'restaurant' ausente ou não é um objeto")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise MenuError("campo 'restaurant.name' ausente ou vazio")
    currency = raw.get("currency", "BRL")
    if not isinstance(currency, str) or not _CURRENCY.fullmatch(currency):
        raise MenuError("campo 'restaurant.currency' deve ser um código de 3 letras, como BRL")
    fee = reais_to_cents(raw.get("delivery_fee", 0), "campo 'restaurant.delivery_fee'")
    pix_key, merchant_name, merchant_city = _pix(raw)
    return Restaurant(
        name=name.strip(),
        currency=currency,
        delivery_fee_cents=fee,
        hours=_hours(raw),
        pix_key=pix_key,
        payment_methods=_payment_methods(raw.get("payment_methods")),
        pix_merchant_name=merchant_name,
        pix_merchant_city=merchant_city,
        **_delivery(raw),
        **_pickup(raw),
    )
