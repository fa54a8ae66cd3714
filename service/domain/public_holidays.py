"""Brazil's national holidays and each state's, by date, named in Portuguese.

The dates come from the ``holidays`` library (computed, no network): fixed ones like
Tiradentes and movable ones like Sexta-feira Santa. Optional dates (Carnaval,
Corpus Christi) and a city's own holidays are not here; a restaurant lists those
in ``restaurant.special_days``.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays

__all__ = ["STATES", "holiday_name", "state_code"]

STATES = tuple(code for code in holidays.Brazil.subdivisions if len(code) == 2)
_STATE_NAMES = {name.lower(): code for name, code in holidays.Brazil.subdivisions_aliases.items()}


def state_code(text: str) -> str | None:
    """"SP", "sp" or "São Paulo" → "SP"; None when it is no Brazilian state."""
    cleaned = text.strip()
    if cleaned.upper() in STATES:
        return cleaned.upper()
    return _STATE_NAMES.get(cleaned.lower())


@lru_cache(maxsize=64)
def _year(year: int, state: str | None) -> dict[date, str]:
    calendar = holidays.country_holidays("BR", subdiv=state, years=year, language="pt_BR")
    return dict(calendar.items())


def holiday_name(day: date, state: str | None = None) -> str | None:
    """The holiday on this date (national, or of ``state``), or None."""
    return _year(day.year, state).get(day)
