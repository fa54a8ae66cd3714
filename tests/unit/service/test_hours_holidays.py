"""Holidays and the restaurant's special days close the kitchen or change its hours."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from service.domain import hours_texts
from service.domain.engine import step
from service.domain.hours import Hours
from service.domain.menu import parse_menu
from service.domain.public_holidays import holiday_name, state_code
from tests.builders import inbound, seed_menu
from tests.builders import parsed as p

BRT = timezone(timedelta(hours=-3))  # São Paulo, no daylight saving
WEEK: dict[str, Any] = {
    "timezone": "America/Sao_Paulo",
    "seg": "fechado",
    "ter": "11:00-15:00", "qua": "11:00-15:00",
    "qui": "11:00-15:00,18:00-02:00",
    "sex": "11:00-15:00,18:00-02:00", "sab": "11:00-15:00,18:00-02:00",
    "dom": "11:00-15:00",
}


def hours(holidays: dict[str, Any] | None = None,
          special_days: list[dict[str, Any]] | None = None) -> Hours:
    document = seed_menu().to_dict()
    document["restaurant"]["hours"] = WEEK
    if holidays is not None:
        document["restaurant"]["holidays"] = holidays
    if special_days is not None:
        document["restaurant"]["special_days"] = special_days
    result = parse_menu(document).restaurant.hours
    assert result is not None
    return result


def sp(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BRT)


CLOSED_ON_HOLIDAYS = hours({"state": "SP", "closed": True})


def test_the_holiday_calendar() -> None:
    assert holiday_name(date(2026, 4, 21)) == "Tiradentes"
    assert holiday_name(date(2026, 4, 3)) == "Sexta-feira Santa"  # movable
    assert holiday_name(date(2026, 7, 9)) is None  # São Paulo's own: only with the state
    assert holiday_name(date(2026, 7, 9), "SP") == "Revolução Constitucionalista"
    assert holiday_name(date(2026, 4, 23), "RJ") == "São Jorge"
    assert holiday_name(date(2026, 3, 3), "SP") is None
    assert state_code("sp") == state_code("São Paulo") == "SP" and state_code("XX") is None


@pytest.mark.parametrize(
    ("rule", "now", "open_"),
    [
        (None, sp(4, 21, 12), True),  # Tiradentes, a Tuesday, without a holiday rule
        ({"closed": True}, sp(4, 21, 12), False),
        ({"state": "SP", "closed": True}, sp(4, 21, 12), False),
        ({"closed": True}, sp(7, 9, 12), True),  # SP's holiday, national rule only
        ({"state": "SP"}, sp(7, 9, 12), False),  # closed is the default
        ({"state": "RJ"}, sp(7, 9, 12), True),
        ({"state": "SP", "hours": "11:00-13:00"}, sp(4, 21, 12, 30), True),
        ({"state": "SP", "hours": "11:00-13:00"}, sp(4, 21, 13, 30), False),
        ({"closed": True}, sp(4, 22, 12), True),  # the day after
        # Thursday's night runs into Good Friday: still open at 01:00.
        ({"closed": True}, sp(4, 3, 1), True),
        ({"closed": True}, sp(4, 3, 12), False),
        # Good Friday has no night, so Saturday 01:00 is closed.
        ({"closed": True}, sp(4, 4, 1), False),
    ],
)
def test_open_on_a_holiday(rule: dict[str, Any] | None, now: datetime, open_: bool) -> None:
    assert hours(rule).is_open(now) is open_


SPECIAL = [
    {"date": "2026-12-24", "hours": "11:00-15:00", "name": "Véspera de Natal"},
    {"date": "2026-12-25", "hours": "12:00-16:00", "name": "Natal especial"},
    {"date": "2026-03-03", "name": "dedetização"},
    {"from": "2027-01-04", "to": "2027-01-15", "name": "férias"},
    {"date": "2026-03-09"},  # a Monday (usually closed) opened without hours: still closed
    {"date": "2026-03-16", "hours": "18:00-23:00", "name": "noite de estreia"},
]


@pytest.mark.parametrize(
    ("now", "open_"),
    [
        (sp(12, 24, 12), True),
        (sp(12, 24, 19), False),  # Thursday night, but the 24th closes at 15:00
        (sp(12, 25, 13), True),  # a special day wins over the holiday
        (sp(12, 25, 11, 30), False),
        (sp(3, 3, 12), False),  # a Tuesday closed for the day
        (sp(3, 16, 20), True),  # a Monday opened in the evening
        (sp(1, 8, 12, year=2027), False),  # vacation
        (sp(1, 16, 12, year=2027), True),  # Saturday after
    ],
)
def test_open_on_a_special_day(now: datetime, open_: bool) -> None:
    assert hours({"state": "SP"}, SPECIAL).is_open(now) is open_


@pytest.mark.parametrize(
    ("now", "opening"),
    [
        (sp(4, 21, 10), sp(4, 22, 11)),  # Tiradentes → Wednesday
        (sp(4, 20, 16), sp(4, 22, 11)),  # Monday (closed), then the holiday
        (sp(12, 31, 16), sp(12, 31, 18)),  # New Year's Eve is no holiday
        (sp(1, 1, 10, year=2027), sp(1, 2, 11, year=2027)),  # New Year's Day, a Friday
        (sp(1, 4, 10, year=2027), sp(1, 16, 11, year=2027)),  # vacation to the 15th
    ],
)
def test_the_next_opening_skips_closed_dates(now: datetime, opening: datetime) -> None:
    calendar = hours({"state": "SP"}, SPECIAL)
    assert calendar.next_opening(now) == opening


def test_a_week_always_closed_never_opens() -> None:
    closed = hours({"closed": True})
    never = Hours(closed.timezone, ((),) * 7, closed.holidays, ())
    assert never.next_opening(sp(3, 3, 12)) is None


def test_what_customers_read_on_a_holiday() -> None:
    now = sp(4, 21, 10)
    text = hours_texts.hours_answer(CLOSED_ON_HOLIDAYS, now)
    assert "Nos feriados nacionais e de SP, fechamos." in text
    assert "Hoje (terça) não abrimos (feriado: Tiradentes)." in text
    assert "Hoje estamos fechados (feriado: Tiradentes); abrimos amanhã (quarta) às 11:00." \
        in text
    assert "📅 *Datas com horário diferente*" in text
    assert "• ter 21/04 (feriado: Tiradentes): fechado" in text
    assert "• qua 22/04" not in text


def test_what_customers_read_about_special_days() -> None:
    calendar = hours({"state": "SP", "hours": "11:00-14:00"}, SPECIAL)
    eve = hours_texts.hours_answer(calendar, sp(12, 24, 12))
    assert "Nos feriados nacionais e de SP, abrimos 11:00 às 14:00." in eve
    assert ("Hoje (quinta, Véspera de Natal) abrimos em horário especial das 11:00 às 15:00."
            in eve)
    holiday_hours = hours_texts.hours_answer(calendar, sp(4, 21, 12))
    assert ("Hoje (terça, feriado: Tiradentes) abrimos em horário especial das 11:00 às 14:00."
            in holiday_hours)
    assert "• qui 24/12 (Véspera de Natal): 11:00 às 15:00" in eve
    assert "• sex 25/12 (Natal especial): 12:00 às 16:00" in eve
    assert "Agora estamos abertos!" in eve
    vacation = hours_texts.hours_answer(calendar, sp(1, 2, 16, year=2027))
    assert "• 04/01 a 15/01 (férias): fechado" in vacation
    during = hours_texts.closed_notice(calendar, sp(1, 8, 12, year=2027))
    assert "Hoje estamos fechados (férias); abrimos em 16/01 (sábado) às 11:00." in during
    unnamed = hours_texts.hours_answer(calendar, sp(3, 9, 12))
    assert "Hoje (segunda) não abrimos (data especial)." in unnamed


def test_checkout_on_a_holiday_is_refused_and_the_cart_kept() -> None:
    document = seed_menu().to_dict()
    document["restaurant"].update(hours=WEEK, holidays={"state": "SP", "closed": True})
    menu = parse_menu(document)
    now = sp(4, 21, 12)  # Tiradentes at lunch time
    conv, _, _ = step(None, inbound("quero 2 feijoadas"), p("add_items", [("feijoada", 2)]),
                      menu, now)
    conv, replies, events = step(conv, inbound("finalizar"), p("checkout"), menu, now)
    text = "\n".join(replies)
    assert "Hoje estamos fechados (feriado: Tiradentes); abrimos amanhã (quarta) às 11:00." \
        in text
    assert "carrinho fica guardado" in text and not events
    assert conv.cart.lines and conv.cart.lines[0].item_id == "feijoada"
