"""The restaurant's settings: the ``restaurant`` block of the menu file, validated.

Who sells, in which currency, what delivery costs, when the kitchen is open and
the Pix key. A malformed block raises ``MenuError`` naming the field, like a
malformed item does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from nlu import MenuError, reais_to_cents
from service.domain.hours import Hours, HoursError, parse_hours

__all__ = ["MAX_PIX_KEY_CHARS", "Restaurant", "parse_restaurant"]

# Pix keys are at most 77 characters (an e-mail); 100 leaves room for spaces and punctuation.
MAX_PIX_KEY_CHARS = 100
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Restaurant:
    """Who sells: the name customers see, currency and delivery fee."""

    name: str
    currency: str = "BRL"
    delivery_fee_cents: int = 0
    hours: Hours | None = None  # None: no published hours, always taking orders
    pix_key: str | None = None  # told to customers who pay by Pix

    def to_dict(self) -> dict[str, Any]:
        """The ``restaurant`` block of the file format (fee in reais)."""
        data: dict[str, Any] = {
            "name": self.name,
            "currency": self.currency,
            "delivery_fee": self.delivery_fee_cents / 100,
        }
        if self.hours is not None:
            data["hours"] = self.hours.to_dict()
        if self.pix_key is not None:
            data["pix_key"] = self.pix_key
        return data


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
    hours = None
    if raw.get("hours") is not None:
        try:
            hours = parse_hours(raw["hours"])
        except HoursError as exc:
            raise MenuError(str(exc)) from exc
    pix_key = raw.get("pix_key")
    if pix_key is not None and (
        not isinstance(pix_key, str) or not pix_key.strip() or len(pix_key) > MAX_PIX_KEY_CHARS
    ):
        raise MenuError(
            "campo 'restaurant.pix_key' deve ser a chave Pix como texto "
            f"(e-mail, telefone, CPF/CNPJ ou chave aleatória, até {MAX_PIX_KEY_CHARS} caracteres)"
        )
    return Restaurant(
        name=name.strip(), currency=currency, delivery_fee_cents=fee, hours=hours,
        pix_key=pix_key.strip() if pix_key else None,
    )
