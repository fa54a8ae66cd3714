"""Delivers the outbox after commit: every notice arrives, or it is surfaced and can be re-driven.

- One claim per message, under a short lease that the worker renews while it sends:
  a slow send keeps its claim however long it takes, and a worker that dies frees its
  one claim within a lease (seconds), so at most the message it had in flight may go
  out twice.
- A body longer than one WhatsApp message goes out in labelled pieces, in order; the
  pieces already sent are recorded, so a retry continues where it stopped.
- Failures worth retrying (Twilio down, rate limited, credentials being rotated,
  timeouts) are retried with backoff for hours (:class:`RetryPolicy`), not a count
  of attempts; others (an invalid number) give up at once.
- A message given up stays in the outbox, marked: ``undelivered()`` shows it on its
  order, the kitchen is told on the next send that works, and ``redrive`` queues it
  again (``python -m service notices retry``).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from service.application.ports import (
    Messenger,
    MessengerError,
    OutboundMessage,
    Outbox,
    PendingMessage,
)
from service.clock import Clock, utcnow
from service.domain.messages import MAX_MESSAGE_CHARS, split_message
from service.domain.notice_texts import (
    PART_LABEL_CHARS,
    Undelivered,
    part_label,
    undelivered_alert,
)
from service.logs import mask_phone

__all__ = ["LEASE", "OutboxWorker", "RetryPolicy", "message_parts", "retry_delay"]

logger = logging.getLogger(__name__)

# A claim lasts this long unless renewed: more than one renewal interval with room
# for a busy machine, and short, so a dead worker's message waits seconds, not minutes.
LEASE = timedelta(seconds=5)
# While a send is in flight its claim is renewed this often (a third of the lease).
RENEW_FRACTION = 3
# First retry after 5 s, doubling up to one a minute: once Twilio is back, every
# waiting notice leaves within a minute.
FIRST_RETRY = timedelta(seconds=5)
MAX_RETRY = timedelta(minutes=1)
# Retries stop when a notice is this old: long enough to outlast a Twilio incident
# or a token rotation, not so long that a stale notice reaches anyone the next day.
GIVE_UP_AFTER = timedelta(hours=6)
# Without a wake-up, the worker still looks for due messages this often.
POLL_SECONDS = 0.5
# An alert to the kitchen that could not be sent is not tried again sooner than this.
ALERT_RETRY = timedelta(minutes=1)
# Given-up notices listed in one alert.
ALERT_BATCH = 50


def retry_delay(attempts: int) -> timedelta:
    """Backoff after ``attempts`` failed tries: 5 s, 10 s, 20 s, ... capped at MAX_RETRY."""
    delay: timedelta = FIRST_RETRY * (2 ** min(max(attempts - 1, 0), 20))
    return min(delay, MAX_RETRY)


@dataclass(frozen=True)
class RetryPolicy:
    """When a failed message is tried again, and when trying stops: by its age."""

    give_up_after: timedelta = GIVE_UP_AFTER

    def retry_at(self, failure: MessengerError, attempts: int, queued_at: datetime | None,
                 now: datetime) -> datetime | None:
        """The next attempt, or None to give up (a permanent error, or too old to matter)."""
        if not failure.retryable:
            return None
        if queued_at is not None and now - queued_at >= self.give_up_after:
            return None
        wait = retry_delay(attempts)
        if failure.retry_after is not None:
            wait = max(wait, failure.retry_after)
        return now + wait


def message_parts(body: str) -> list[str]:
    """The pieces a body is sent in: itself when it fits, else labelled pieces, in order."""
    if len(body) <= MAX_MESSAGE_CHARS:
        return [body]
    pieces = split_message(body, MAX_MESSAGE_CHARS - PART_LABEL_CHARS)
    return [f"{part_label(n, len(pieces))}\n{piece}" for n, piece in enumerate(pieces, 1)]


class _Renewer:
    """Renews the claims a worker holds, from its own thread, while sends are in flight."""

    def __init__(self, outbox: Outbox, clock: Clock, lease: timedelta) -> None:
        self._outbox = outbox
        self._clock = clock
        self._lease = lease
        self._held: dict[str, tuple[str, int]] = {}  # message id → (claim, parts sent)
        self._lost: set[str] = set()
        self._lock = threading.Lock()
        self._changed = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def hold(self, pending: PendingMessage) -> None:
        with self._lock:
            self._held[pending.id] = (pending.claim, pending.parts_sent)
            self._lost.discard(pending.id)
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="outbox-lease",
                                                daemon=True)
                self._thread.start()

    def progress(self, pending: PendingMessage, parts_sent: int) -> bool:
        """Record the pieces sent (renewing the claim now); False when the claim was lost."""
        with self._lock:
            self._held[pending.id] = (pending.claim, parts_sent)
        return self._renew(pending.id, pending.claim, parts_sent)

    def release(self, message_id: str) -> bool:
        """Stop renewing; True when the claim held until now."""
        with self._lock:
            self._held.pop(message_id, None)
            lost = message_id in self._lost
            self._lost.discard(message_id)
        return not lost

    def _renew(self, message_id: str, claim: str, parts_sent: int | None) -> bool:
        try:
            renewed = self._outbox.renew(message_id, claim, self._clock() + self._lease,
                                         parts_sent)
        except Exception:
            logger.exception("renewing the claim on outbox message %s failed", message_id)
            return True  # keep trying: the lease has room for a missed renewal
        if not renewed:
            logger.warning("lost the claim on outbox message %s (another worker took it)",
                           message_id)
            with self._lock:
                self._lost.add(message_id)
        return renewed

    def _loop(self) -> None:
        interval = self._lease.total_seconds() / RENEW_FRACTION
        while not self._stopping.wait(interval):
            with self._lock:
                held = list(self._held.items())
            for message_id, (claim, _) in held:
                self._renew(message_id, claim, None)

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(5)


class OutboxWorker:
    """Sends due outbox messages; ``run_once`` for tests, ``start``/``stop`` for the server."""

    def __init__(
        self,
        outbox: Outbox,
        messenger: Messenger,
        *,
        clock: Clock = utcnow,
        policy: RetryPolicy | None = None,
        lease: timedelta = LEASE,
        poll_seconds: float = POLL_SECONDS,
        kitchen: str | None = None,
        name: str = "outbox-worker",
    ) -> None:
        self._outbox = outbox
        self._messenger = messenger
        self._clock = clock
        self._policy = policy or RetryPolicy()
        self._lease = lease
        self._poll = poll_seconds
        self._kitchen = kitchen
        self._name = name
        self._renewer = _Renewer(outbox, clock, lease)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        # Given-up messages may wait to be reported (from before this process started too).
        self._report_owed = True
        self._report_tried_at: datetime | None = None

    def run_once(self) -> int:
        """Send every message due now, one claim at a time; return how many were delivered."""
        delivered = 0
        while not self._stopping.is_set():
            claimed = self._outbox.claim_due(self._clock(), 1, self._lease)
            if not claimed:
                return delivered
            if self._deliver(claimed[0]):
                delivered += 1
                self._report_failures()
        return delivered

    def _deliver(self, pending: PendingMessage) -> bool:
        """Send one claimed message (its remaining pieces); True when all of it left."""
        message = pending.message
        parts = message_parts(message.body)
        self._renewer.hold(pending)
        provider_id: str | None = None
        try:
            for index in range(min(pending.parts_sent, len(parts) - 1), len(parts)):
                provider_id = self._messenger.send(replace(message, body=parts[index]))
                if index + 1 < len(parts) and not self._renewer.progress(pending, index + 1):
                    return False  # another worker holds it now and continues from here
        except MessengerError as exc:
            self._renewer.release(pending.id)
            self._failed(pending, exc)
            return False
        except Exception as exc:  # a bug in an adapter must not stall the outbox
            logger.exception("messenger crashed")
            self._renewer.release(pending.id)
            self._failed(pending, MessengerError(repr(exc)))
            return False
        self._renewer.release(pending.id)
        self._outbox.mark_sent(pending.id, provider_id)
        if pending.attempts > 1:
            logger.info("outbox message %s to %s delivered at attempt %d", pending.id,
                        mask_phone(message.to), pending.attempts)
        return True

    def _failed(self, pending: PendingMessage, exc: MessengerError) -> None:
        now = self._clock()
        to = mask_phone(pending.message.to)
        retry_at = self._policy.retry_at(exc, pending.attempts, pending.queued_at, now)
        if retry_at is not None:
            logger.warning("sending %s message %s to %s failed (attempt %d), retrying at %s: %s",
                           pending.message.purpose, pending.id, to, pending.attempts,
                           retry_at.isoformat(), exc)
            if exc.status in (401, 403):
                logger.error("Twilio refused our credentials: check TWILIO_ACCOUNT_SID and "
                             "TWILIO_AUTH_TOKEN (messages wait and are retried)")
        else:
            logger.error("giving up sending %s message %s to %s after %d attempts: %s",
                         pending.message.purpose, pending.id, to, pending.attempts, exc)
            self._report_owed = True
        self._outbox.mark_failed(pending.id, str(exc), retry_at, claim=pending.claim, now=now)

    def _report_failures(self) -> None:
        """After a send that worked, tell the kitchen about messages given up, once."""
        if not self._report_owed or self._kitchen is None:
            return
        now = self._clock()
        tried = self._report_tried_at
        if tried is not None and now - tried < ALERT_RETRY:
            return
        self._report_tried_at = now
        unreported = [u for u in self._outbox.undelivered(ALERT_BATCH * 4)
                      if u.status == "failed" and not u.reported][:ALERT_BATCH]
        if not unreported:
            self._report_owed = False
            return
        body = undelivered_alert([Undelivered(u.message.order_number, u.message.purpose)
                                  for u in unreported])
        alert = OutboundMessage(self._kitchen, body, "alert")
        try:
            for part in message_parts(body):
                self._messenger.send(replace(alert, body=part))
        except Exception as exc:
            logger.warning("could not tell the kitchen about %d undelivered messages: %s",
                           len(unreported), exc)
            return
        self._outbox.mark_reported([u.id for u in unreported], self._clock())
        logger.warning("told the kitchen about %d undelivered messages", len(unreported))
        self._report_owed = len(unreported) == ALERT_BATCH

    def wake(self) -> None:
        """Look at the outbox now (called after a transaction enqueued something)."""
        self._wake.set()

    def start(self) -> None:
        """Run in a background thread until :meth:`stop`."""
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the message in hand and stop."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._renewer.stop()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                self.run_once()
            except Exception:
                logger.exception("outbox worker failed; trying again shortly")
            self._wake.wait(self._poll)
            self._wake.clear()
