"""What customers read about opening hours: the week, today, and when we open next.

All of it in one place so a restaurant can reword it. ``hours`` is None when the
menu publishes no hours: the kitchen is then always taking orders.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from service.domain.hours import Hours, Interval

__all__ = [
    "checkout_closed",
    "closed_notice",
    "confirm_closed",
    "hours_answer",
    "is_open",
    "week_lines",
]

DAY_NAMES = ("segunda", "terça", "quarta", "quinta", "sexta", "sábado", "domingo")
DAY_SHORT = ("seg", "ter", "qua", "qui", "sex", "sáb", "dom")
DAY_MINUTES = 24 * 60


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


def _today(hours: Hours, now: datetime) -> str:
    weekday = hours.local(now).weekday()
    intervals = hours.day(weekday)
    if not intervals:
        return f"Hoje ({DAY_NAMES[weekday]}) não abrimos."
    spans = " e ".join(
        "24 horas" if _all_day(i) else f"das {i.opens} às {i.closes}" for i in intervals
    )
    return f"Hoje ({DAY_NAMES[weekday]}) abrimos {spans}."


def _when(hours: Hours, now: datetime, opening: datetime) -> str:
    """ "hoje às 18:00", "amanhã (quarta) às 11:00", "no sábado às 11:00"."""
    today = hours.local(now).date()
    clock = opening.strftime("%H:%M")
    weekday = opening.weekday()
    if opening.date() == today:
        return f"hoje às {clock}"
    if opening.date() == today + timedelta(days=1):
        return f"amanhã ({DAY_NAMES[weekday]}) às {clock}"
    article = "no" if weekday >= 5 else "na"
    return f"{article} {DAY_NAMES[weekday]} às {clock}"


def _next_opening(hours: Hours, now: datetime) -> str:
    opening = hours.next_opening(now)
    if opening is None:
        return "Estamos fechados agora, sem dia previsto para abrir."
    return f"Estamos fechados agora; abrimos {_when(hours, now, opening)}."


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
    return "\n".join(
        ["🕐 *Horário de funcionamento*", *week_lines(hours), "", _today(hours, now), now_text]
    )


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
