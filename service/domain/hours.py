"""Opening hours: the ``restaurant.hours`` menu field and when the kitchen is open.

The field maps each day (``seg ter qua qui sex sab dom``) to intervals in its
time zone: ``"11:00-15:00,18:00-22:30"``, ``"fechado"``, or an interval that
crosses midnight (``"18:00-02:00"`` belongs to the day it starts on). A day left
out is closed. Everything here is pure: callers pass the instant ``now``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["CLOSED", "DAYS", "Hours", "HoursError", "Interval", "parse_hours"]

DAYS = ("seg", "ter", "qua", "qui", "sex", "sab", "dom")  # Monday first, as datetime.weekday()
CLOSED = "fechado"
DEFAULT_TIMEZONE = "America/Sao_Paulo"
_DAY_MINUTES = 24 * 60
_INTERVAL = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


class HoursError(ValueError):
    """A malformed ``restaurant.hours`` field; the message names the field."""


@dataclass(frozen=True, order=True)
class Interval:
    """Open from ``start`` to ``end``, in minutes after the day's midnight.

    ``end`` is after ``start``; an interval crossing midnight has ``end`` above 24:00.
    """

    start: int
    end: int

    @property
    def opens(self) -> str:
        """The opening time on the clock, "11:00"."""
        return _clock(self.start)

    @property
    def closes(self) -> str:
        """The closing time on the clock ("02:00" after midnight, "00:00" at midnight)."""
        return _clock(self.end % _DAY_MINUTES)

    def text(self) -> str:
        """The file form, "11:00-15:00" ("24:00" for a day that ends at midnight)."""
        end = self.end - _DAY_MINUTES if self.end > _DAY_MINUTES else self.end
        return f"{_clock(self.start)}-{_clock(end)}"


@dataclass(frozen=True)
class Hours:
    """A week of opening intervals (index 0 = Monday) in one time zone."""

    timezone: str
    week: tuple[tuple[Interval, ...], ...]

    @property
    def zone(self) -> ZoneInfo:
        """The restaurant's time zone."""
        return ZoneInfo(self.timezone)

    def local(self, now: datetime) -> datetime:
        """The instant on the restaurant's clock."""
        return now.astimezone(self.zone)

    def day(self, weekday: int) -> tuple[Interval, ...]:
        """Intervals that start on this weekday (0 = Monday)."""
        return self.week[weekday % 7]

    def is_open(self, now: datetime) -> bool:
        """Whether the kitchen takes orders at this instant."""
        local = self.local(now)
        minute = local.hour * 60 + local.minute
        today, yesterday = local.weekday(), local.weekday() - 1
        if any(i.start <= minute < i.end for i in self.day(today)):
            return True
        return any(minute + _DAY_MINUTES < i.end for i in self.day(yesterday))

    def next_opening(self, now: datetime) -> datetime | None:
        """The next instant after ``now`` when an interval starts, or None if never."""
        local = self.local(now)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        for offset in range(8):
            date = midnight + timedelta(days=offset)
            for interval in self.day(date.weekday()):
                start = date.replace(hour=interval.start // 60, minute=interval.start % 60)
                if start > local:
                    return start
        return None

    def to_dict(self) -> dict[str, str]:
        """The field in the file format, every day written out."""
        document = {"timezone": self.timezone}
        for name, intervals in zip(DAYS, self.week, strict=True):
            document[name] = ",".join(i.text() for i in intervals) if intervals else CLOSED
        return document


def parse_hours(raw: Any, where: str = "restaurant.hours") -> Hours:
    """Validate the ``restaurant.hours`` object into :class:`Hours`."""
    if not isinstance(raw, dict):
        raise HoursError(f"campo '{where}' deve ser um objeto com os dias (seg, ter, ..., dom)")
    unknown = sorted(set(raw) - {"timezone", *DAYS})
    if unknown:
        raise HoursError(
            f"campo '{where}.{unknown[0]}' desconhecido: use timezone, seg, ter, qua, qui, "
            "sex, sab, dom"
        )
    timezone = raw.get("timezone", DEFAULT_TIMEZONE)
    if not isinstance(timezone, str) or not _known_zone(timezone):
        raise HoursError(
            f"campo '{where}.timezone': fuso horário {timezone!r} desconhecido "
            "(ex.: America/Sao_Paulo)"
        )
    week = tuple(_parse_day(raw.get(day, CLOSED), f"{where}.{day}") for day in DAYS)
    return Hours(timezone=timezone, week=week)


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _parse_day(raw: Any, where: str) -> tuple[Interval, ...]:
    if not isinstance(raw, str):
        raise HoursError(f"campo '{where}' deve ser um texto como \"11:00-15:00\" ou \"fechado\"")
    text = raw.strip().lower()
    if text == CLOSED:
        return ()
    intervals = sorted(_parse_interval(part.strip(), where) for part in text.split(","))
    for before, after in itertools.pairwise(intervals):
        if after.start < before.end:
            raise HoursError(
                f"campo '{where}': os horários {before.text()} e {after.text()} se sobrepõem"
            )
    if len(intervals) > 1 and intervals[-1].end - _DAY_MINUTES > intervals[0].start:
        raise HoursError(
            f"campo '{where}': o horário {intervals[-1].text()} invade o começo do dia"
        )
    return tuple(intervals)


def _parse_interval(text: str, where: str) -> Interval:
    match = _INTERVAL.fullmatch(text)
    invalid = HoursError(f"campo '{where}': horário '{text}' inválido, use HH:MM-HH:MM")
    if match is None:
        raise invalid
    start_h, start_m, end_h, end_m = (int(g) for g in match.groups())
    if start_h > 23 or end_h > 24 or start_m > 59 or end_m > 59 or (end_h == 24 and end_m):
        raise invalid
    start, end = start_h * 60 + start_m, end_h * 60 + end_m
    if start == end:
        raise HoursError(
            f"campo '{where}': horário '{text}' começa e termina na mesma hora; "
            "para o dia todo use 00:00-24:00"
        )
    if end <= start:  # crosses midnight: closes the next day
        end += _DAY_MINUTES
    return Interval(start=start, end=end)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
