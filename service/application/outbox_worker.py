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
from dataclasses import replace
from datetime import datetime, timedelta

from service.application.outbox_lease import LeaseKeeper
from service.application.outbox_policy import RetryPolicy, message_parts, retry_delay
from service.application.ports import (
    Messenger,
    MessengerError,
    OutboundMessage,
    Outbox,
    PendingMessage,
)
from service.clock import Clock, utcnow
from service.domain.notice_texts import Undelivered, undelivered_alert
from service.logs import mask_phone

__all__ = ["LEASE", "OutboxWorker", "RetryPolicy", "message_parts", "retry_delay"]

logger = logging.getLogger(__name__)

# A claim lasts this long unless renewed: more than one renewal interval with room
# for a busy machine, and short, so a dead worker's message waits seconds, not minutes.
LEASE = timedelta(seconds=5)
# Without a wake-up, the worker still looks for due messages this often.
POLL_SECONDS = 0.5
# An alert to the kitchen that could not be sent is not tried again sooner than this.
ALERT_RETRY = timedelta(minutes=1)
# Given-up notices listed in one alert.
ALERT_BATCH = 50


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
        self._renewer = LeaseKeeper(outbox, clock, lease)
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
