"""Outbox due hints: idle polls skip Firestore, known entries and periodic scans do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from google.api_core.datetime_helpers import DatetimeWithNanoseconds

from service.adapters.firestore.outbox_watch import DueHints, version_of
from service.application.ports import OutboundMessage, PendingMessage

NOW = datetime(2026, 3, 6, 19, 30, tzinfo=UTC)
SCAN = 30.0


def version(nanoseconds: int) -> DatetimeWithNanoseconds:
    """An update time as Firestore returns it, ``nanoseconds`` past a fixed second."""
    return DatetimeWithNanoseconds(2026, 3, 6, 19, 30, 0, nanosecond=nanoseconds, tzinfo=UTC)


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


def test_a_late_report_of_an_older_version_does_not_override_a_newer_write() -> None:
    # The listener runs on its own stream: after this process marked a failed send
    # for retry in 5 s (version 3), it may still report the claim (version 2), whose
    # due time is the lease's end; the retry must stay at its time.
    hints, _ = scanned_hints()
    hints.queried(NOW, [pending("e1")], NOW + timedelta(minutes=1), exhausted=True,
                  versions={"e1": version(2)})
    retry = NOW + timedelta(seconds=5)
    assert hints.set("e1", retry, version(3))
    assert not hints.set("e1", NOW + timedelta(minutes=1), version(2))  # the late report
    assert hints.should_query(retry)


def test_a_late_removal_does_not_drop_an_entry_due_again() -> None:
    hints, _ = scanned_hints()
    retry = NOW + timedelta(seconds=5)
    hints.set("e1", retry, version(3))
    assert not hints.set("e1", None, version(2))  # gone from the listener's view at 2
    assert hints.should_query(retry)


def test_a_removal_of_the_version_known_applies() -> None:
    # Another process sent the entry: the listener reports the last version it saw.
    hints, _ = scanned_hints()
    hints.set("e1", NOW + timedelta(seconds=5), version(3))
    assert hints.set("e1", None, version(3))
    assert not hints.should_query(NOW + timedelta(seconds=5))


def test_writes_of_unknown_version_always_apply_and_keep_the_newest_known() -> None:
    hints, _ = scanned_hints()
    hints.set("e1", NOW + timedelta(minutes=1), version(5))
    assert hints.set("e1", NOW + timedelta(seconds=5))  # e.g. queued again in a transaction
    assert hints.should_query(NOW + timedelta(seconds=5))
    assert not hints.set("e1", None, version(4))  # still older than what was seen


def test_versions_compare_to_the_nanosecond() -> None:
    early = DatetimeWithNanoseconds(2026, 3, 6, 19, 30, 0, nanosecond=100, tzinfo=UTC)
    late = DatetimeWithNanoseconds(2026, 3, 6, 19, 30, 0, nanosecond=900, tzinfo=UTC)
    assert early == late  # as datetimes they are the same microsecond
    assert version_of(early) is not None and version_of(late) is not None
    assert version_of(early) < version_of(late)  # type: ignore[operator]
    assert version_of(late.timestamp_pb()) == version_of(late)
    assert version_of(NOW) == round(NOW.timestamp()) * 1_000_000_000
    assert version_of(None) is None


def test_versions_of_entries_no_longer_hinted_are_forgotten() -> None:
    hints, _ = scanned_hints()
    for n in range(3000):
        hints.set(f"e{n}", NOW, version(2 * n))
        hints.set(f"e{n}", None, version(2 * n + 1))  # sent
    assert len(hints._versions) <= 1001
