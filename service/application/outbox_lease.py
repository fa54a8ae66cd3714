"""Keeping the outbox claims a worker holds alive while it sends (their leases are short)."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from service.application.ports import Outbox, PendingMessage
from service.clock import Clock

__all__ = ["LeaseKeeper"]

logger = logging.getLogger(__name__)

# While a send is in flight its claim is renewed this often (a fraction of the lease).
RENEW_FRACTION = 3


class LeaseKeeper:
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
