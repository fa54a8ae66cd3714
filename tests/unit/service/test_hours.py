"""Opening hours: the ``restaurant.hours`` field, "open now?" and "when do we open next?"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from nlu import MenuError
from service.domain.hours import parse_hours
from service.domain.menu import parse_menu
from tests.builders import SECOND_MENU

# São Paulo is UTC-3 all year (no daylight saving since 2019).
BRT = timezone(timedelta(hours=-3))
WEEK: dict[str, Any] = {
    "timezone": "America/Sao_Paulo",
    "seg": "fechado",
    "ter": "11:00-15:00",
    "qua": "11:00-15:00",
    "qui": "11:00-15:00,18:00-22:30",
    "sex": "11:00-15:00, 18:00-02:00",
    "sab": "18:00-02:00",
    # "dom" left out: closed
}
HOURS = parse_hours(WEEK)


def sp(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in March 2026 on the São Paulo clock (2 March 2026 is a Monday)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=BRT)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (sp(2, 12), False),  # Monday: fechado
        (sp(3, 10, 59), False),  # Tuesday, a minute before opening
        (sp(3, 11), True),  # opening minute is open
        (sp(3, 14, 59), True),
        (sp(3, 15), False),  # closing minute is closed
        (sp(5, 16), False),  # Thursday between lunch and dinner
        (sp(5, 22, 29), True),
        (sp(6, 23, 30), True),  # Friday night, before midnight
        (sp(7, 1, 59), True),  # Saturday 01:59 belongs to Friday's 18:00-02:00
        (sp(7, 2), False),
        (sp(7, 12), False),  # Saturday has no lunch
        (sp(8, 1), True),  # Sunday 01:00 belongs to Saturday night
        (sp(8, 12), False),  # Sunday left out: closed
        (sp(3, 1), False),  # Tuesday 01:00: Monday had no late interval
    ],
)
def test_open_at_an_instant(now: datetime, expected: bool):
    assert HOURS.is_open(now) is expected


def test_the_restaurant_clock_decides_not_utc():
    # 14:30 UTC is 11:30 in São Paulo (open); 18:30 UTC is 15:30 there (closed).
    assert HOURS.is_open(datetime(2026, 3, 3, 14, 30, tzinfo=UTC))
    assert not HOURS.is_open(datetime(2026, 3, 3, 18, 30, tzinfo=UTC))
    tokyo = parse_hours({**WEEK, "timezone": "Asia/Tokyo"})
    # 02:30 UTC on Tuesday is 11:30 on Tuesday in Tokyo.
    assert tokyo.is_open(datetime(2026, 3, 3, 2, 30, tzinfo=UTC))
    assert not HOURS.is_open(datetime(2026, 3, 3, 2, 30, tzinfo=UTC))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (sp(2, 12), sp(3, 11)),  # Monday closed → Tuesday lunch
        (sp(3, 9), sp(3, 11)),  # later today
        (sp(3, 12), sp(4, 11)),  # open now: the next start is tomorrow
        (sp(5, 16), sp(5, 18)),  # Thursday between lunch and dinner
        (sp(7, 3), sp(7, 18)),  # Saturday after the late night
        (sp(8, 12), sp(10, 11)),  # Sunday closed, Monday closed → Tuesday
    ],
)
def test_next_opening_across_the_week(now: datetime, expected: datetime):
    assert HOURS.next_opening(now) == expected


def test_a_week_with_no_hours_never_opens():
    closed = parse_hours({"seg": "fechado"})
    assert not closed.is_open(sp(3, 12))
    assert closed.next_opening(sp(3, 12)) is None


def test_all_day_and_midnight_ends():
    hours = parse_hours({"ter": "00:00-24:00", "qua": "18:00-00:00"})
    assert hours.is_open(sp(3, 0)) and hours.is_open(sp(3, 23, 59))
    assert not hours.is_open(sp(4, 0, 0))
    assert hours.is_open(sp(4, 23, 59)) and not hours.is_open(sp(5, 0))
    assert hours.to_dict()["ter"] == "00:00-24:00"
    assert parse_hours(hours.to_dict()) == hours


def test_the_field_round_trips_through_the_menu_file_format():
    menu = parse_menu({**SECOND_MENU, "restaurant": {**SECOND_MENU["restaurant"], "hours": WEEK}})
    document = menu.to_dict()
    assert document["restaurant"]["hours"]["dom"] == "fechado"
    assert document["restaurant"]["hours"]["sex"] == "11:00-15:00,18:00-02:00"
    assert parse_menu(document) == menu
    assert menu.restaurant.hours == HOURS


def test_a_menu_without_hours_has_none_and_writes_none():
    menu = parse_menu(SECOND_MENU)
    assert menu.restaurant.hours is None
    assert "hours" not in menu.to_dict()["restaurant"]


def test_timezone_defaults_to_sao_paulo():
    assert parse_hours({"ter": "11:00-15:00"}).timezone == "America/Sao_Paulo"


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ({"ter": "11h-15"},
         "campo 'restaurant.hours.ter': horário '11h-15' inválido, use HH:MM-HH:MM"),
        ({"qua": "25:00-26:00"}, "campo 'restaurant.hours.qua': horário '25:00-26:00' inválido"),
        ({"qui": "11:60-15:00"}, "campo 'restaurant.hours.qui': horário '11:60-15:00' inválido"),
        ({"sex": "11:00-11:00"}, "começa e termina na mesma hora"),
        ({"sab": "11:00-15:00,14:00-18:00"},
         "campo 'restaurant.hours.sab': os horários 11:00-15:00 e 14:00-18:00 se sobrepõem"),
        ({"dom": "10:00-12:00,20:00-11:00"}, "invade o começo do dia"),
        ({"dom": 11}, "campo 'restaurant.hours.dom' deve ser um texto"),
        ({"domingo": "fechado"}, "campo 'restaurant.hours.domingo' desconhecido"),
        ({"timezone": "America/Sao_Pablo"}, "campo 'restaurant.hours.timezone'"),
        ("11:00-15:00", "campo 'restaurant.hours' deve ser um objeto"),
    ],
)
def test_bad_hours_are_refused_naming_the_field(hours: Any, message: str):
    data = {**SECOND_MENU, "restaurant": {**SECOND_MENU["restaurant"], "hours": hours}}
    with pytest.raises(MenuError) as error:
        parse_menu(data)
    assert message in str(error.value)
