"""What customers read about opening hours: the week, today, holidays, when we open next.

All of it in one place so a restaurant can reword it. ``hours`` is None when the
menu publishes no hours: the kitchen is then always taking orders.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from service.domain.hours import DayException, Hours, Interval

__all__ = [
    "checkout_closed",
    "closed_notice",
    "confirm_closed",
    "exception_lines",
    "hours_answer",
    "is_open",
    "week_lines",
]

DAY_NAMES = ("segunda", "terça", "quarta", "quinta", "sexta", "sábado", "domingo")
DAY_SHORT = ("seg", "ter", "qua", "qui", "sex", "sáb", "dom")
DAY_MINUTES = 24 * 60
# "quando abre?" lists the holidays and special dates of the coming two weeks.
UPCOMING_DAYS = 14
# An opening further than this is said with its date ("em 20/01 (terça)").
WEEK_DAYS = 6


def is_open(hours: Hours | None, now: datetime) -> bool:
    """Whether orders are taken now (always, without published hours)."""
    return hours is None or hours.is_open(now)


def _all_day(interval: Interval) -> bool:
    return interval.end - interval.start == DAY_MINUTES


def _intervals(intervals: tuple[Interval, ...]) -> str:
    parts = ["24 horas" if _all_day(i) else f"{i.opens} às {i.closes}" for i in intervals]
    return " e ".join(parts) if len(parts) < 3 else ", ".join(parts[:-1]) + f" e {parts[-1]}"


def week_lines(hours: Hours) -> list[str]:
    """The week, consecutive days with equal hours grouped: "• ter a sex: 11:00 às 15:00"."""
    lines: list[str] = []
    start = 0
    while start < 7:
        end = start
        while end + 1 < 7 and hours.day(end + 1) == hours.day(start):
            end += 1
        joiner = " e " if end == start + 1 else " a "
        days = DAY_SHORT[start] if end == start else DAY_SHORT[start] + joiner + DAY_SHORT[end]
        intervals = hours.day(start)
        lines.append(f"• {days}: {_intervals(intervals) if intervals else 'fechado'}")
        start = end + 1
    return lines


def _why(exception: DayException) -> str:
    """ "feriado: Natal", "Véspera de Natal", "data especial"."""
    if exception.holiday:
        return f"feriado: {exception.name}"
    return exception.name or "data especial"


def _today(hours: Hours, now: datetime) -> str:
    today = hours.local(now).date()
    weekday = today.weekday()
    exception = hours.exception(today)
    intervals = hours.on(today)
    if exception is not None and not intervals:
        return f"Hoje ({DAY_NAMES[weekday]}) não abrimos ({_why(exception)})."
    if not intervals:
        return f"Hoje ({DAY_NAMES[weekday]}) não abrimos."
    spans = " e ".join(
        "24 horas" if _all_day(i) else f"das {i.opens} às {i.closes}" for i in intervals
    )
    if exception is not None:
        return (f"Hoje ({DAY_NAMES[weekday]}, {_why(exception)}) abrimos em horário especial "
                f"{spans}.")
    return f"Hoje ({DAY_NAMES[weekday]}) abrimos {spans}."


def _when(hours: Hours, now: datetime, opening: datetime) -> str:
    """ "hoje às 18:00", "amanhã (quarta) às 11:00", "no sábado às 11:00", "em 20/01 (terça)…"."""
    today = hours.local(now).date()
    clock = opening.strftime("%H:%M")
    weekday = opening.weekday()
    if opening.date() == today:
        return f"hoje às {clock}"
    if opening.date() == today + timedelta(days=1):
        return f"amanhã ({DAY_NAMES[weekday]}) às {clock}"
    if opening.date() > today + timedelta(days=WEEK_DAYS):
        return f"em {_date(opening.date())} ({DAY_NAMES[weekday]}) às {clock}"
    article = "no" if weekday >= 5 else "na"
    return f"{article} {DAY_NAMES[weekday]} às {clock}"


def _date(day: date) -> str:
    return day.strftime("%d/%m")


def _next_opening(hours: Hours, now: datetime) -> str:
    opening = hours.next_opening(now)
    today = hours.exception(hours.local(now).date())
    closed_today = today is not None and not today.intervals
    if opening is None:
        return "Estamos fechados agora, sem dia previsto para abrir."
    if closed_today and today is not None:
        return f"Hoje estamos fechados ({_why(today)}); abrimos {_when(hours, now, opening)}."
    return f"Estamos fechados agora; abrimos {_when(hours, now, opening)}."


def _grouped(exceptions: list[DayException]) -> list[tuple[date, date, DayException]]:
    """Consecutive dates with the same hours and reason, as (first, last, exception)."""
    groups: list[tuple[date, date, DayException]] = []
    for exception in exceptions:
        if groups:
            first, last, previous = groups[-1]
            if (exception.day == last + timedelta(days=1) and exception.name == previous.name
                    and exception.intervals == previous.intervals
                    and exception.holiday == previous.holiday):
                groups[-1] = (first, exception.day, previous)
                continue
        groups.append((exception.day, exception.day, exception))
    return groups


def exception_lines(hours: Hours, now: datetime, days: int = UPCOMING_DAYS) -> list[str]:
    """Holidays and special dates ahead: "• qui 25/12 (feriado: Natal): fechado"."""
    lines = []
    for first, last, exception in _grouped(hours.upcoming_exceptions(now, days)):
        when = (f"{DAY_SHORT[first.weekday()]} {_date(first)}" if first == last
                else f"{_date(first)} a {_date(last)}")
        reason = _why(exception)
        spans = _intervals(exception.intervals) if exception.intervals else "fechado"
        lines.append(f"• {when} ({reason}): {spans}")
    return lines


def _holiday_rule(hours: Hours) -> str | None:
    rule = hours.holidays
    if rule is None:
        return None
    where = f"nacionais e de {rule.state}" if rule.state else "nacionais"
    spans = f"abrimos {_intervals(rule.intervals)}" if rule.intervals else "fechamos"
    return f"Nos feriados {where}, {spans}."


def hours_answer(hours: Hours | None, now: datetime) -> str:
    """ "até que horas?": the week, today's hours and whether we are open now."""
    if hours is None:
        return (
            "🕐 O restaurante ainda não publicou o horário de funcionamento. "
            "Pode fazer seu pedido por aqui que ele chega na cozinha."
        )
    now_text = (
        "Agora estamos abertos! 😊" if hours.is_open(now) else _next_opening(hours, now)
    )
    lines = ["🕐 *Horário de funcionamento*", *week_lines(hours)]
    rule = _holiday_rule(hours)
    if rule is not None:
        lines.append(rule)
    upcoming = exception_lines(hours, now)
    if upcoming:
        lines += ["", "📅 *Datas com horário diferente*", *upcoming]
    return "\n".join([*lines, "", _today(hours, now), now_text])


def closed_notice(hours: Hours, now: datetime) -> str:
    """Said with the greeting when the kitchen is closed."""
    return (
        f"🕐 {_next_opening(hours, now)} Pode olhar o *cardápio* e montar seu carrinho; "
        "o pedido só pode ser finalizado com a cozinha aberta."
    )


def checkout_closed(hours: Hours, now: datetime) -> str:
    """ "finalizar" while closed: refused, the cart is kept."""
    return (
        f"🕐 {_next_opening(hours, now)} Não conseguimos finalizar o pedido agora, "
        "mas seu carrinho fica guardado: é só mandar *finalizar* quando abrirmos."
    )


def confirm_closed(hours: Hours, now: datetime) -> str:
    """ "sim" to the summary after closing time: not placed, the cart is kept."""
    return (
        f"🕐 A cozinha fechou e o pedido não foi enviado. {_next_opening(hours, now)} "
        "Seu carrinho fica guardado: é só mandar *finalizar* quando abrirmos."
    )
