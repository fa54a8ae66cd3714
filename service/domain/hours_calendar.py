"""The dates that differ from the week: ``restaurant.holidays`` and ``restaurant.special_days``.

```json
"holidays": {"state": "SP", "closed": true},
"special_days": [
  {"date": "2025-12-24", "hours": "11:00-15:00", "name": "Véspera de Natal"},
  {"from": "2026-01-05", "to": "2026-01-20", "name": "férias"}
]
```

``holidays`` closes the kitchen (or keeps ``hours``) on Brazil's national holidays
and, with ``state``, the state's. Each special day (one ``date`` or ``from``/``to``)
has its own ``hours`` (default ``"fechado"``) and an optional ``name`` told to
customers. A special day wins over a holiday.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from service.domain.hours import CLOSED, HolidayRule, HoursError, SpecialDay, parse_day
from service.domain.public_holidays import STATES, state_code

__all__ = [
    "MAX_SPECIAL_SPAN_DAYS",
    "holidays_to_dict",
    "parse_holidays",
    "parse_special_days",
    "special_days_to_list",
]

# One special entry covers at most a year: longer is a typo in the year.
MAX_SPECIAL_SPAN_DAYS = 366
MAX_NAME_CHARS = 60


def parse_holidays(raw: Any, where: str = "restaurant.holidays") -> HolidayRule | None:
    """Validate ``restaurant.holidays``; None when holidays change nothing."""
    if not isinstance(raw, dict):
        raise HoursError(f"campo '{where}' deve ser um objeto, ex.: {{\"state\": \"SP\", "
                         "\"closed\": true}")
    unknown = sorted(set(raw) - {"state", "closed", "hours"})
    if unknown:
        raise HoursError(f"campo '{where}.{unknown[0]}' desconhecido: use state, closed ou hours")
    state = None
    if raw.get("state") is not None:
        state = state_code(raw["state"]) if isinstance(raw["state"], str) else None
        if state is None:
            raise HoursError(
                f"campo '{where}.state': {raw['state']!r} não é uma UF; use a sigla do estado "
                f"({', '.join(STATES)})"
            )
    closed = raw.get("closed")
    if closed is not None and not isinstance(closed, bool):
        raise HoursError(f"campo '{where}.closed' deve ser true ou false")
    if "hours" in raw:
        if closed:
            raise HoursError(
                f"campo '{where}': use 'closed': true (fechado nos feriados) ou 'hours' "
                "(horário dos feriados), não os dois"
            )
        return HolidayRule(state, parse_day(raw["hours"], f"{where}.hours"))
    if closed is False:
        return None
    return HolidayRule(state, ())


def _date(raw: Any, where: str) -> date:
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise HoursError(f"campo '{where}': data {raw!r} inválida, use AAAA-MM-DD (ex.: 2025-12-25)")


def _special_day(raw: Any, where: str) -> SpecialDay:
    if not isinstance(raw, dict):
        raise HoursError(f"campo '{where}' deve ser um objeto, ex.: {{\"date\": \"2025-12-25\", "
                         "\"hours\": \"fechado\"}")
    unknown = sorted(set(raw) - {"date", "from", "to", "hours", "name"})
    if unknown:
        raise HoursError(
            f"campo '{where}.{unknown[0]}' desconhecido: use date (ou from e to), hours e name"
        )
    if "date" in raw:
        if "from" in raw or "to" in raw:
            raise HoursError(f"campo '{where}': use 'date' para um dia ou 'from' e 'to' para "
                             "vários, não os dois")
        first = last = _date(raw["date"], f"{where}.date")
    elif "from" in raw and "to" in raw:
        first, last = _date(raw["from"], f"{where}.from"), _date(raw["to"], f"{where}.to")
        if last < first:
            raise HoursError(f"campo '{where}': 'to' ({last}) é antes de 'from' ({first})")
        if (last - first).days >= MAX_SPECIAL_SPAN_DAYS:
            raise HoursError(f"campo '{where}': de {first} a {last} passa de um ano")
    else:
        raise HoursError(f"campo '{where}': falta 'date' (ou 'from' e 'to')")
    name = raw.get("name", "")
    if not isinstance(name, str) or len(name.strip()) > MAX_NAME_CHARS:
        raise HoursError(f"campo '{where}.name' deve ser um texto de até {MAX_NAME_CHARS} "
                         "caracteres")
    intervals = parse_day(raw.get("hours", CLOSED), f"{where}.hours")
    return SpecialDay(first, last, intervals, name.strip())


def parse_special_days(raw: Any, where: str = "restaurant.special_days") -> tuple[SpecialDay, ...]:
    """Validate ``restaurant.special_days``: dated hours, no two covering the same date."""
    if not isinstance(raw, list):
        raise HoursError(f"campo '{where}' deve ser uma lista de dias, ex.: "
                         "[{\"date\": \"2025-12-25\", \"hours\": \"fechado\"}]")
    days = sorted(_special_day(entry, f"{where}[{n}]") for n, entry in enumerate(raw, 1))
    for before, after in itertools.pairwise(days):
        if after.first <= before.last:
            raise HoursError(
                f"campo '{where}': o dia {after.first} aparece duas vezes (em {before.first}"
                f"{'' if before.first == before.last else ' a ' + str(before.last)} e em "
                f"{after.first}{'' if after.first == after.last else ' a ' + str(after.last)})"
            )
    return tuple(days)


def _intervals_text(intervals: tuple[Any, ...]) -> str:
    return ",".join(i.text() for i in intervals) if intervals else CLOSED


def holidays_to_dict(rule: HolidayRule) -> dict[str, Any]:
    """The ``holidays`` field in the file format."""
    document: dict[str, Any] = {} if rule.state is None else {"state": rule.state}
    if rule.intervals:
        document["hours"] = _intervals_text(rule.intervals)
    else:
        document["closed"] = True
    return document


def special_days_to_list(days: tuple[SpecialDay, ...]) -> list[dict[str, Any]]:
    """The ``special_days`` field in the file format."""
    documents: list[dict[str, Any]] = []
    for day in days:
        document: dict[str, Any] = (
            {"date": day.first.isoformat()} if day.first == day.last
            else {"from": day.first.isoformat(), "to": day.last.isoformat()}
        )
        document["hours"] = _intervals_text(day.intervals)
        if day.name:
            document["name"] = day.name
        documents.append(document)
    return documents
