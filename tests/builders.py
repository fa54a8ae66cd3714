"""Builders for tests: menus, parse results, inbound messages, Twilio forms and signatures."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from twilio.request_validator import RequestValidator

from nlu.result import (
    Ambiguity,
    Intent,
    InvalidQuantity,
    ItemLine,
    NumberRef,
    ParseResult,
    PaymentMethod,
    UnknownMention,
)
from service.application.menus import load_menu_file as load_menu
from service.domain.conversation import Address, Inbound, Location
from service.domain.menu import Menu, parse_menu
from service.domain.order import Order, OrderLine, Payment
from service.domain.order_status import OrderStatus

ROOT = Path(__file__).resolve().parent.parent
SEED_MENU_PATH = ROOT / "data" / "menu_seed.json"
PHONE = "whatsapp:+5511987654321"
NOW = datetime(2026, 3, 6, 19, 30, tzinfo=UTC)

# A second restaurant, unlike the seed: other names, no delivery fee, items sharing words.
SECOND_MENU: dict[str, Any] = {
    "restaurant": {"name": "Marmitaria Dona Lurdes", "delivery_fee": 0},
    "items": [
        {"id": "frango_assado", "name": "Frango Assado", "category": "marmitas", "price": 21.5},
        {"id": "frango_parmegiana", "name": "Frango à Parmegiana", "category": "marmitas",
         "price": 25, "aliases": ["parmegiana"]},
        {"id": "virado_paulista", "name": "Virado à Paulista", "category": "marmitas",
         "price": 23.75, "description": "Só às segundas", "available": False},
        {"id": "suco_uva", "name": "Suco de Uva", "category": "bebidas", "price": 7},
        {"id": "suco_caju", "name": "Suco de Caju", "category": "bebidas", "price": 6.5},
        {"id": "quindim", "name": "Quindim", "category": "doces", "price": 4.25},
    ],
}


def seed_menu() -> Menu:
    """The repository's seed menu (Cozinha da Cris)."""
    return load_menu(SEED_MENU_PATH)


def menu_with_hours(hours: dict[str, Any], base: Menu | None = None) -> Menu:
    """A menu (the seed by default) with these opening hours in ``restaurant.hours``."""
    document = (base or seed_menu()).to_dict()
    document["restaurant"]["hours"] = hours
    return parse_menu(document)


def second_menu() -> Menu:
    """Marmitaria Dona Lurdes."""
    return parse_menu(SECOND_MENU)


def order(status: str = "novo", number: int | None = 12, name: str = "Maria Souza", *,
          phone: str = "+5511987654321", total_cents: int = 1000,
          created_at: datetime = NOW) -> Order:
    """A stored order of one Pudim (its price is the total), paid by Pix."""
    return Order(
        phone=phone,
        customer_name=name,
        lines=(OrderLine("pudim", "Pudim de Leite", 1, total_cents, "bem gelado"),),
        delivery_fee_cents=0,
        address=Address("Rua Ação, 1", -23.5, -46.6),
        payment=Payment(PaymentMethod.PIX),
        created_at=created_at,
        status=OrderStatus(status),
        number=number,
    )


def write_menu(path: Path, data: dict[str, Any]) -> Path:
    """Write a menu document to a file and return its path."""
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def parsed(
    intent: str = "unknown",
    items: Sequence[tuple[str, int] | tuple[str, int, str]] = (),
    *,
    ambiguous: Sequence[tuple[Sequence[str], int, str]] = (),
    unknown: Sequence[tuple[str, Sequence[str]]] = (),
    invalid: Sequence[tuple[int, str | None]] = (),
    numbers: Sequence[int | tuple[int, int]] = (),
    replace: bool = False,
    payment: str | None = None,
    change_for: float | None = None,
) -> ParseResult:
    """A ParseResult from short tuples: items as (id, quantity[, note])."""
    return ParseResult(
        intent=Intent(intent),
        items=tuple(ItemLine(i[0], i[1], i[2] if len(i) > 2 else None) for i in items),
        ambiguous=tuple(Ambiguity(tuple(c), q, t) for c, q, t in ambiguous),
        unknown_items=tuple(UnknownMention(t, 1, tuple(s)) for t, s in unknown),
        invalid_quantities=tuple(InvalidQuantity(q, i) for q, i in invalid),
        numbers=tuple(
            NumberRef(n) if isinstance(n, int) else NumberRef(n[1], n[0]) for n in numbers
        ),
        replace=replace,
        payment=PaymentMethod(payment) if payment else None,
        change_for_cents=round(change_for * 100) if change_for is not None else None,
    )


def inbound(
    text: str = "",
    *,
    phone: str = PHONE,
    name: str = "Maria Souza",
    message_id: str = "",
    media: Sequence[str] = (),
    media_urls: Sequence[str] = (),
    location: tuple[float, float, str, str] | None = None,
) -> Inbound:
    """An inbound WhatsApp message."""
    return Inbound(
        phone=phone,
        text=text,
        message_id=message_id,
        profile_name=name,
        media_types=tuple(media),
        media_urls=tuple(media_urls),
        location=Location(*location) if location else None,
    )


def twilio_form(
    body: str,
    sid: str,
    *,
    phone: str = PHONE,
    name: str = "Maria Souza",
    to: str = "whatsapp:+14155238886",
    **extra: str,
) -> dict[str, str]:
    """The form Twilio posts for one WhatsApp message."""
    form = {
        "SmsMessageSid": sid,
        "MessageSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": phone,
        "To": to,
        "Body": body,
        "NumMedia": "0",
        "ProfileName": name,
        "WaId": phone.removeprefix("whatsapp:+"),
        "ApiVersion": "2010-04-01",
    }
    form.update(extra)
    return form


def sign(token: str, url: str, form: dict[str, str]) -> str:
    """The X-Twilio-Signature Twilio would send."""
    return str(RequestValidator(token).compute_signature(url, form))


def run_together(*calls: Callable[[], Any]) -> list[Any]:
    """Start every call at the same moment in its own thread; re-raise the first failure."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = calls[index]()
        except BaseException as exc:  # reported in the test's thread below
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results
