"""Server-drawn SVG charts: the orders per hour of the summary, bars with their counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Bar", "HourChart", "hour_chart"]

WIDTH, HEIGHT = 360, 150
_LEFT, _BOTTOM, _TOP = 6, 20, 16
# About this many hour labels fit under the chart on a phone.
MAX_LABELS = 8


@dataclass(frozen=True)
class Bar:
    """One bar: its box, its hour label and its count."""

    x: float
    y: float
    width: float
    height: float
    hour: int
    count: int
    labelled: bool = True  # a phone has room for a label every few hours only


@dataclass(frozen=True)
class HourChart:
    """The bars of the hours with orders (from the first to the last), and the chart's size."""

    bars: tuple[Bar, ...]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - _BOTTOM


# The span a kitchen usually serves in, widened to any hour that had orders.
SERVICE_HOURS = (11, 23)


def hour_chart(by_hour: Sequence[int]) -> HourChart:
    """Bars for each hour of service (and any other hour with orders); none without orders."""
    busy = [hour for hour, count in enumerate(by_hour) if count]
    if not busy:
        return HourChart(())
    hours = range(min(*busy, SERVICE_HOURS[0]), max(*busy, SERVICE_HOURS[1]) + 1)
    slot = (WIDTH - 2 * _LEFT) / len(hours)
    tallest = max(by_hour)
    room = HEIGHT - _BOTTOM - _TOP
    every = -(-len(hours) // MAX_LABELS)  # ceiling division
    bars = []
    for index, hour in enumerate(hours):
        count = by_hour[hour]
        height = room * count / tallest
        bars.append(Bar(x=_LEFT + index * slot + slot * 0.15, y=HEIGHT - _BOTTOM - height,
                        width=slot * 0.7, height=height, hour=hour, count=count,
                        labelled=index % every == 0))
    return HourChart(tuple(bars))
