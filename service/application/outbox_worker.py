"""Delivers the outbox after commit: claim with a lease, send, mark sent, or retry with backoff."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from service.application.ports import Messenger, MessengerError, Outbox
from service.clock import Clock, utcnow
from service.logs import mask_phone

__all__ = ["OutboxWorker", "retry_delay"]

logger = logging.getLogger(__name__)

# A claimed message is invisible to other workers this long; longer than one send
# with its timeout, so a crashed worker's messages are picked up again afterwards.
LEASE = timedelta(seconds=60)
# Messages per claim: one kitchen message per order, so a small batch drains fast.
BATCH_SIZE = 10
# First retry after 5 s, doubling up to 15 min: 8 attempts span about 20 minutes,
# long enough to ride out a Twilio incident, short enough to still matter for a meal.
FIRST_RETRY = timedelta(seconds=5)
MAX_RETRY = timedelta(minutes=15)
MAX_ATTEMPTS = 8
# Without a wake-up, the worker still looks for due retries this often.
POLL_SECONDS = 1.0


def retry_delay(attempts: int) -> timedelta:
    """Backoff after ``attempts`` failed tries: 5 s, 10 s, 20 s, ... capped at MAX_RETRY."""
    delay: timedelta = FIRST_RETRY * (2 ** max(attempts - 1, 0))
    return min(delay, MAX_RETRY)


class OutboxWorker:
    """Sends due outbox messages; ``run_once`` for tests, ``start``/``stop`` for the server."""

    def __init__(
        self,
        outbox: Outbox,
        messenger: Messenger,
        *,
        clock: Clock = utcnow,
        max_attempts: int = MAX_ATTEMPTS,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self._outbox = outbox
        self._messenger = messenger
        self._clock = clock
        self._max_attempts = max_attempts
        self._poll = poll_seconds
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        """Send every message due now; return how many were sent."""
        sent = 0
        while True:
            batch = self._outbox.claim_due(self._clock(), BATCH_SIZE, LEASE)
            for pending in batch:
                message = pending.message
                try:
                    provider_id = self._messenger.send(message)
                except MessengerError as exc:
                    self._failed(pending.id, pending.attempts, exc, message.to)
                    continue
                except Exception as exc:  # a bug in an adapter must not stall the outbox
                    logger.exception("messenger crashed")
                    error = MessengerError(repr(exc))
                    self._failed(pending.id, pending.attempts, error, message.to)
                    continue
                self._outbox.mark_sent(pending.id, provider_id)
                sent += 1
            if len(batch) < BATCH_SIZE:
                return sent

    def _failed(self, message_id: str, attempts: int, exc: MessengerError, to: str) -> None:
        if exc.retryable and attempts < self._max_attempts:
            retry_at = self._clock() + retry_delay(attempts)
            logger.warning("sending to %s failed (attempt %d), retrying at %s: %s",
                           mask_phone(to), attempts, retry_at.isoformat(), exc)
            self._outbox.mark_failed(message_id, str(exc), retry_at)
        else:
            logger.error("giving up sending message %s to %s after %d attempts: %s",
                         message_id, mask_phone(to), attempts, exc)
            self._outbox.mark_failed(message_id, str(exc), None)

    def wake(self) -> None:
        """Look at the outbox now (called after a transaction enqueued something)."""
        self._wake.set()

    def start(self) -> None:
        """Run in a background thread until :meth:`stop`."""
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name="outbox-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the current batch and stop."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                self.run_once()
            except Exception:
                logger.exception("outbox worker failed; trying again shortly")
            self._wake.wait(self._poll)
            self._wake.clear()
