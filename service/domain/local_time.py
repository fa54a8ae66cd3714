"""The restaurant's clock: its time zone, its day's bounds, the next time a clock shows HH:MM.

The zone is the one of the menu's opening hours, or Brasília's when the menu has none.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from service.domain.hours import DEFAULT_TIMEZONE
from service.domain.menu import Menu

__all__ = ["day_bounds", "local_day", "next_clock_time", "restaurant_zone"]


def restaurant_zone(menu: Menu | None) -> ZoneInfo:
    """The zone of the menu's hours, else America/Sao_Paulo."""
    hours = menu.restaurant.hours if menu is not None else None
    return ZoneInfo(hours.timezone if hours is not None else DEFAULT_TIMEZONE)


def local_day(now: datetime, zone: ZoneInfo) -> date:
    """The date on the restaurant's calendar at ``now``."""
    return now.astimezone(zone).date()


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants the restaurant's ``day`` starts and ends (its next midnight)."""
    start = datetime.combine(day, time(0, 0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=zone)
    return start, end


def next_clock_time(now: datetime, zone: ZoneInfo, hour: int, minute: int) -> datetime:
    """The first instant after ``now`` when the restaurant's clock shows ``hour:minute``."""
    local = now.astimezone(zone)
    candidate = datetime.combine(local.date(), time(hour, minute), tzinfo=zone)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), time(hour, minute),
                                     tzinfo=zone)
    return candidate
