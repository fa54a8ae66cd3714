"""Opening hours: the ``restaurant.hours`` menu field and when the kitchen is open.

The field maps each day (``seg ter qua qui sex sab dom``) to intervals in its
time zone: ``"11:00-15:00,18:00-22:30"``, ``"fechado"``, or an interval that
crosses midnight (``"18:00-02:00"`` belongs to the day it starts on). A day left
out is closed. Dates can differ from the week: Brazil's national and state
holidays (``restaurant.holidays``, from the ``holidays`` library) and the
restaurant's own dates (``restaurant.special_days``), parsed in
:mod:`service.domain.calendar`; a special day wins over a holiday, a holiday over
the week. Everything here is pure: callers pass the instant ``now``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from service.domain.public_holidays import holiday_name

__all__ = [
    "CLOSED",
    "DAYS",
    "DayException",
    "HolidayRule",
    "Hours",
    "HoursError",
    "Interval",
    "SpecialDay",
    "parse_day",
    "parse_hours",
]

DAYS = ("seg", "ter", "qua", "qui", "sex", "sab", "dom")  # Monday first, as datetime.weekday()
CLOSED = "fechado"
DEFAULT_TIMEZONE = "America/Sao_Paulo"
_DAY_MINUTES = 24 * 60
# How far ahead the next opening is looked for: a year covers the longest vacation.
LOOKAHEAD_DAYS = 400
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
class HolidayRule:
    """Holidays that change the week: national ones, plus the state's when ``state`` is set.

    On a holiday the kitchen keeps ``intervals`` (empty: closed).
    """

    state: str | None
    intervals: tuple[Interval, ...] = ()

    def name_on(self, day: date) -> str | None:
        """The holiday's name on this date (in Portuguese), or None."""
        return holiday_name(day, self.state)


@dataclass(frozen=True, order=True)
class SpecialDay:
    """Dates from ``first`` to ``last`` (inclusive) with their own hours (empty: closed)."""

    first: date
    last: date
    intervals: tuple[Interval, ...] = ()
    name: str = ""

    def covers(self, day: date) -> bool:
        """Whether this date is one of them."""
        return self.first <= day <= self.last


@dataclass(frozen=True)
class DayException:
    """A date whose hours are not the week's, and why (a holiday or the restaurant's date)."""

    day: date
    intervals: tuple[Interval, ...]
    name: str  # "Natal", "férias", "" when the file gave no name
    holiday: bool  # True for a national or state holiday


@dataclass(frozen=True)
class Hours:
    """A week of opening intervals (index 0 = Monday) in one time zone, and its exceptions."""

    timezone: str
    week: tuple[tuple[Interval, ...], ...]
    holidays: HolidayRule | None = None
    special_days: tuple[SpecialDay, ...] = ()

    @property
    def zone(self) -> ZoneInfo:
        """The restaurant's time zone."""
        return ZoneInfo(self.timezone)

    def local(self, now: datetime) -> datetime:
        """The instant on the restaurant's clock."""
        return now.astimezone(self.zone)

    def day(self, weekday: int) -> tuple[Interval, ...]:
        """Intervals that start on this weekday (0 = Monday) in a usual week."""
        return self.week[weekday % 7]

    def exception(self, day: date) -> DayException | None:
        """How this date differs from the week (special day first, then holiday), or None."""
        for special in self.special_days:
            if special.covers(day):
                return DayException(day, special.intervals, special.name, holiday=False)
        if self.holidays is not None:
            name = self.holidays.name_on(day)
            if name is not None:
                return DayException(day, self.holidays.intervals, name, holiday=True)
        return None

    def on(self, day: date) -> tuple[Interval, ...]:
        """Intervals that start on this date: the week's unless the date is an exception."""
        exception = self.exception(day)
        return exception.intervals if exception is not None else self.day(day.weekday())

    def is_open(self, now: datetime) -> bool:
        """Whether the kitchen takes orders at this instant."""
        local = self.local(now)
        minute = local.hour * 60 + local.minute
        today = local.date()
        if any(i.start <= minute < i.end for i in self.on(today)):
            return True
        return any(minute + _DAY_MINUTES < i.end for i in self.on(today - timedelta(days=1)))

    def next_opening(self, now: datetime) -> datetime | None:
        """The next instant after ``now`` when an interval starts, or None if never."""
        local = self.local(now)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        if not (any(self.week) or any(s.intervals for s in self.special_days)
                or (self.holidays is not None and self.holidays.intervals)):
            return None  # no day ever opens
        for offset in range(LOOKAHEAD_DAYS):
            day = midnight + timedelta(days=offset)
            for interval in self.on(day.date()):
                start = day.replace(hour=interval.start // 60, minute=interval.start % 60)
                if start > local:
                    return start
        return None

    def upcoming_exceptions(self, now: datetime, days: int) -> list[DayException]:
        """Exceptions from today through the next ``days`` days, in date order."""
        today = self.local(now).date()
        found = (self.exception(today + timedelta(days=offset)) for offset in range(days + 1))
        return [exception for exception in found if exception is not None]

    def to_dict(self) -> dict[str, str]:
        """The ``hours`` field in the file format, every day written out."""
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
    week = tuple(parse_day(raw.get(day, CLOSED), f"{where}.{day}") for day in DAYS)
    return Hours(timezone=timezone, week=week)


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def parse_day(raw: Any, where: str) -> tuple[Interval, ...]:
    """One day's intervals: "11:00-15:00,18:00-22:30" or "fechado"."""
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
