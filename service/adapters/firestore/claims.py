"""Claiming inbound messages in Firestore before their transaction, so twins do not contend.

A message's document (``conversations/{phone}/messages/{MessageSid}``) is created
with ``create()`` before the transaction that applies it: only one delivery
succeeds. A twin delivered at the same moment to another process waits for the
replies the first one stores; if the first one dies or gives up, the twin takes the
claim over with a conditional write. The transaction applying a message this
process holds writes the replies on the condition that the document is still its
claim (:class:`HeldClaims`), and never reads it, so a twin's ``create()`` never waits
on that read's lock.
"""

from __future__ import annotations

import contextlib
import threading
import time
from datetime import timedelta
from typing import Any

from google.api_core import exceptions
from google.cloud import firestore

from service.adapters.firestore.layout import Layout
from service.clock import Clock, utcnow

__all__ = ["MESSAGE_ID_RETENTION", "HeldClaims", "MessageClaimer"]

# Processed message ids are kept long enough to catch any redelivery by Twilio
# (it retries within minutes), then a TTL policy on expire_at deletes them.
MESSAGE_ID_RETENTION = timedelta(days=3)
# A twin delivery waits for the stored replies by reading the message document,
# first after this long, doubling up to the maximum.
TWIN_POLL_FIRST_SECONDS = 0.02
TWIN_POLL_MAX_SECONDS = 0.25
# A claim older than the applying process's own deadline plus this margin belongs to
# a process that died or gave up: a repeated delivery applies the message itself.
CLAIM_MARGIN_SECONDS = 5.0


class HeldClaims:
    """The inbound messages this process claimed: (sender, MessageSid) → the claim's update time.

    A transaction applying a message we hold does not read its document (a twin's
    create would wait on that read's lock); it writes the replies on the condition
    that the document is still our claim, so a twin that took over makes it fail.
    """

    def __init__(self) -> None:
        self._held: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def hold(self, phone: str, message_id: str, update_time: Any) -> None:
        with self._lock:
            self._held[(phone, message_id)] = update_time

    def get(self, phone: str, message_id: str) -> Any:
        with self._lock:
            return self._held.get((phone, message_id))

    def drop(self, phone: str, message_id: str) -> Any:
        with self._lock:
            return self._held.pop((phone, message_id), None)


class MessageClaimer:
    """Claims, waits for twins, takes over stale claims and releases failed ones."""

    def __init__(self, client: firestore.Client, layout: Layout, held: HeldClaims, *,
                 clock: Clock = utcnow, deadline: float) -> None:
        self.client = client
        self.layout = layout
        self._held = held
        self._clock = clock
        self._deadline = deadline

    def claim(self, phone: str, message_id: str, wait: float) -> tuple[str, ...] | None:
        """Claim the message with ``create()``; a twin waits for the claimant's replies.

        A claim older than the claimant's own deadline (it died, or gave up) is taken
        over with a conditional write, so only one of two late twins applies it.
        """
        reference = self.layout.message(phone, message_id)
        now = self._clock()
        try:
            result = reference.create({"phone": phone, "claimed_at": now,
                                       "expire_at": now + MESSAGE_ID_RETENTION})
        except (exceptions.AlreadyExists, exceptions.Aborted):
            return self._await_replies(phone, message_id, wait)
        self._held.hold(phone, message_id, result.update_time)
        return None

    def _await_replies(self, phone: str, message_id: str,
                       wait: float) -> tuple[str, ...] | None:
        reference = self.layout.message(phone, message_id)
        deadline = time.monotonic() + wait
        delay = TWIN_POLL_FIRST_SECONDS
        stale_after = timedelta(seconds=self._deadline + CLAIM_MARGIN_SECONDS)
        while True:
            snapshot = reference.get()
            if not snapshot.exists:
                return None  # the claim was released: apply it (the transaction reads it)
            data = snapshot.to_dict() or {}
            if "replies" in data:
                return tuple(data["replies"])
            claimed_at = data.get("claimed_at")
            late = time.monotonic() + delay > deadline
            if late or claimed_at is None or claimed_at + stale_after <= self._clock():
                return self._take_over(phone, message_id, snapshot)
            time.sleep(delay)
            delay = min(delay * 2, TWIN_POLL_MAX_SECONDS)

    def _take_over(self, phone: str, message_id: str, snapshot: Any) -> tuple[str, ...] | None:
        """The claimant did not finish in time: claim the message ourselves, if still open."""
        try:
            result = snapshot.reference.update(
                {"claimed_at": self._clock()},
                option=self.client.write_option(last_update_time=snapshot.update_time))
        except (exceptions.FailedPrecondition, exceptions.Aborted, exceptions.NotFound):
            return None  # it changed meanwhile: the transaction reads it and decides
        self._held.hold(phone, message_id, result.update_time)
        return None

    def release(self, phone: str, message_id: str) -> None:
        """Delete our claim (so a repeated delivery applies the message at once)."""
        update_time = self._held.drop(phone, message_id)
        if update_time is None:
            return
        # Only our claim, untouched: a twin may have taken it over or applied it since.
        with contextlib.suppress(exceptions.FailedPrecondition, exceptions.NotFound,
                                 exceptions.Aborted):
            self.layout.message(phone, message_id).delete(
                option=self.client.write_option(last_update_time=update_time))
