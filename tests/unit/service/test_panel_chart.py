"""The summary's orders-per-hour chart, drawn on the server."""

from __future__ import annotations

from service.entrypoints.panel.charts import HEIGHT, MAX_LABELS, hour_chart


def test_bars_span_the_service_hours_and_any_other_busy_hour():
    counts = [0] * 24
    counts[12], counts[20], counts[2] = 4, 2, 1
    chart = hour_chart(counts)
    assert [b.hour for b in chart.bars] == list(range(2, 24))
    tallest = max(chart.bars, key=lambda b: b.height)
    assert tallest.hour == 12 and tallest.y >= 0
    noon, eight = chart.bars[10], chart.bars[18]
    assert noon.height == 2 * eight.height and noon.y + noon.height == chart.baseline
    assert sum(b.labelled for b in chart.bars) <= MAX_LABELS
    assert all(b.x >= 0 and b.x + b.width <= chart.width for b in chart.bars)
    assert chart.baseline < HEIGHT


def test_no_orders_no_bars():
    assert hour_chart([0] * 24).bars == ()
