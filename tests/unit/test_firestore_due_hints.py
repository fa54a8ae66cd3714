"""Outbox due hints: idle polls skip Firestore, known entries and periodic scans do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from service.adapters.firestore.outbox_watch import DueHints
from service.application.ports import OutboundMessage, PendingMessage

NOW = datetime(2026, 3, 6, 19, 30, tzinfo=UTC)
SCAN = 30.0


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


def pending(entry_id: str) -> PendingMessage:
    return PendingMessage(entry_id, OutboundMessage("whatsapp:+5511900000000", "Pedido #1"), 1)


def scanned_hints() -> tuple[DueHints, Ticks]:
    ticks = Ticks()
    hints = DueHints(SCAN, monotonic=ticks)
    assert hints.should_query(NOW)  # the first poll always scans
    hints.queried(NOW, [], NOW, exhausted=True)
    return hints, ticks


def test_idle_polls_skip_the_query_until_the_next_scan() -> None:
    hints, ticks = scanned_hints()
    assert not hints.should_query(NOW + timedelta(seconds=5))
    ticks.seconds += SCAN - 1
    assert not hints.should_query(NOW)
    ticks.seconds += 1
    assert hints.should_query(NOW)


def test_an_entry_enqueued_here_is_queried_as_soon_as_it_is_due() -> None:
    hints, _ = scanned_hints()
    hints.set("e1", NOW + timedelta(seconds=2))
    assert not hints.should_query(NOW + timedelta(seconds=1))
    assert hints.should_query(NOW + timedelta(seconds=2))


def test_a_claimed_entry_is_looked_at_again_when_its_lease_ends_unless_marked() -> None:
    hints, _ = scanned_hints()
    hints.set("e1", NOW)
    hints.set("e2", NOW)
    lease_end = NOW + timedelta(seconds=30)
    hints.queried(NOW, [pending("e1"), pending("e2")], lease_end, exhausted=True)
    assert not hints.should_query(NOW + timedelta(seconds=29))
    hints.set("e1", None)  # sent
    assert hints.should_query(lease_end)  # e2 was never marked: its lease may lapse
    hints.set("e2", NOW + timedelta(minutes=5))  # failed, retry later
    assert not hints.should_query(lease_end)
    assert hints.should_query(NOW + timedelta(minutes=5))


def test_a_query_that_hit_its_limit_keeps_what_is_due() -> None:
    hints, _ = scanned_hints()
    for n in range(3):
        hints.set(f"e{n}", NOW)
    hints.queried(NOW, [pending("e0")], NOW + timedelta(seconds=30), exhausted=False)
    assert hints.should_query(NOW)  # e1 and e2 are still waiting
    hints.queried(NOW, [pending("e1"), pending("e2")], NOW + timedelta(seconds=30), True)
    assert not hints.should_query(NOW)


def test_naive_times_are_taken_as_utc() -> None:
    hints, _ = scanned_hints()
    hints.set("e1", datetime(2026, 3, 6, 19, 31))
    assert hints.should_query(NOW + timedelta(minutes=1))
