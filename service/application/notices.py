"""Notices that did not arrive: which ones, on which orders, and sending them again.

The outbox keeps every message it could not deliver (still retrying, or given up
after hours of trying). The orders API, the restaurant's panel and the operator's
command read them here; ``redrive`` queues them again once the cause is fixed
(a new auth token, Twilio back).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from service.application.ports import Outbox, UndeliveredMessage
from service.clock import Clock, utcnow

__all__ = ["NoticeService"]

# Undelivered messages looked at per call: far more than ever wait at once.
SCAN_LIMIT = 1000


class NoticeService:
    """Reads and re-drives undelivered notices."""

    def __init__(self, outbox: Outbox, clock: Clock = utcnow) -> None:
        self._outbox = outbox
        self._clock = clock

    def undelivered(self, limit: int = SCAN_LIMIT) -> list[UndeliveredMessage]:
        """Every notice not delivered yet after a failure, oldest first."""
        return self._outbox.undelivered(limit)

    def by_order(self, numbers: Iterable[int] | None = None) -> dict[int, list[UndeliveredMessage]]:
        """Undelivered notices per order number (only ``numbers``, when given)."""
        wanted = set(numbers) if numbers is not None else None
        found: dict[int, list[UndeliveredMessage]] = {}
        for notice in self.undelivered():
            number = notice.message.order_number
            if number is not None and (wanted is None or number in wanted):
                found.setdefault(number, []).append(notice)
        return found

    def redrive(self, ids: Sequence[str] | None = None, *,
                order_number: int | None = None) -> int:
        """Queue undelivered notices again, due now: these ids, one order's, or all of them."""
        if order_number is not None:
            chosen = [n.id for n in self.undelivered() if n.message.order_number == order_number
                      and (ids is None or n.id in ids)]
            if not chosen:
                return 0
            return self._outbox.redrive(chosen, self._clock())
        return self._outbox.redrive(list(ids) if ids is not None else None, self._clock())
