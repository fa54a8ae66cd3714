"""The Firestore store: production storage shared by several app processes.

Each inbound message is one Firestore transaction (``firestore_inbound``);
when replicas contend for one conversation it is tried again in rounds with
jittered backoff until a deadline, then a clear :class:`FirestoreContentionError`.
Layout, under ``restaurants/{rid}``: ``conversations/{phone}``,
``messages/{MessageSid}``, ``orders/{number}``, ``counters/orders``, ``outbox/{id}``,
``menu_items/{id}`` (see the README).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from google.api_core import exceptions
from google.cloud import firestore

from nlu.menu import Menu
from service.adapters import firestore_menu, firestore_orders, firestore_outbox
from service.adapters.firestore_config import (
    FirestoreConfigError,
    make_client,
    probe,
    read_config,
)
from service.adapters.firestore_inbound import (
    Layout,
    apply_in_transaction,
    is_contended,
    loads,
    stored_replies,
)
from service.logs import mask_phone
from service.ports import (
    InboundOutcome,
    InboundWork,
    MenuChange,
    PendingMessage,
    StatusUpdate,
)

__all__ = [
    "FirestoreConfigError",
    "FirestoreContentionError",
    "FirestoreStore",
    "build_firestore_store",
]

logger = logging.getLogger(__name__)

# Commit attempts the client makes per round before we back off. The client
# retries at once, so contenders collide again; our rounds wait a jittered delay
# instead. On the emulator, 6 concurrent messages of one customer were all applied
# within 2.3-6.8 s with 1 attempt per round, 8.4-20.7 s with the client's default 5
# (benchmarks/firestore_contention.py).
TRANSACTION_ATTEMPTS = 1
# Twilio gives the webhook 15 s; stop retrying after 10 s so the customer still
# gets an apology in the same response instead of a timeout.
INBOUND_DEADLINE_SECONDS = 10.0
# Between rounds: 50 ms doubling, with full jitter so competing replicas spread out.
BACKOFF_BASE_SECONDS = 0.05
BACKOFF_MAX_SECONDS = 1.0
# Outbox entries this process does not know of (a replica died holding a lease)
# are looked for this often; known ones are claimed as soon as they fall due.
OUTBOX_SCAN_SECONDS = 30.0


def _field(snapshot: Any, name: str) -> dict[str, Any] | None:
    """A JSON field of a snapshot, decoded; None when the document or field is missing."""
    return loads((snapshot.to_dict() or {}).get(name)) if snapshot.exists else None


class FirestoreContentionError(RuntimeError):
    """A transaction kept conflicting with others until the deadline; nothing was applied."""


class FirestoreStore:
    """Every storage port on one Firestore database, for one restaurant."""

    def __init__(
        self,
        client: firestore.Client,
        restaurant_id: str = "default",
        *,
        transaction_attempts: int = TRANSACTION_ATTEMPTS,
        inbound_deadline: float = INBOUND_DEADLINE_SECONDS,
        clock: Callable[[], datetime] | None = None,
        outbox_scan_seconds: float = OUTBOX_SCAN_SECONDS,
    ) -> None:
        self.client = client
        self.restaurant_id = restaurant_id
        self.transaction_attempts = transaction_attempts
        self.inbound_deadline = inbound_deadline
        self._clock = clock or (lambda: datetime.now(UTC))
        self.layout = Layout.of(client, restaurant_id)
        self._root = self.layout.root
        self._orders = self.layout.orders
        self._outbox = self.layout.outbox
        self._due = firestore_outbox.DueHints(outbox_scan_seconds)

    # -- inbound messages ---------------------------------------------------

    def apply_inbound(self, phone: str, message_id: str, work: InboundWork) -> InboundOutcome:
        """Run ``work`` in one transaction unless ``message_id`` was already applied."""
        started = time.monotonic()
        round_number = 0
        while True:
            round_number += 1
            round_started = time.monotonic()
            try:
                return self._apply_once(phone, message_id, work)
            except exceptions.AlreadyExists:
                # Another replica committed this message id between our read and commit.
                stored = self.layout.message(message_id).get()
                if not stored.exists:
                    raise
                return InboundOutcome(stored_replies(stored), duplicate=True)
            except Exception as exc:
                if not is_contended(exc):
                    raise
                now = time.monotonic()
                elapsed, last_round = now - started, now - round_started
                delay = random.uniform(0, min(BACKOFF_MAX_SECONDS,
                                              BACKOFF_BASE_SECONDS * 2 ** (round_number - 1)))
                # Expect the next round to take as long as the last: stop before the deadline.
                if elapsed + delay + last_round >= self.inbound_deadline:
                    logger.error(
                        "giving up on message %s from %s after %d rounds in %.1f s: "
                        "the conversation is contended (%s)",
                        message_id, mask_phone(phone), round_number, elapsed, exc,
                    )
                    raise FirestoreContentionError(
                        f"message {message_id} not applied: Firestore transaction still "
                        f"contended after {round_number} rounds ({elapsed:.1f} s)"
                    ) from exc
                logger.warning("message %s from %s contended (round %d), retrying",
                               message_id, mask_phone(phone), round_number)
                time.sleep(delay)

    def _apply_once(self, phone: str, message_id: str, work: InboundWork) -> InboundOutcome:
        outcome, enqueued = apply_in_transaction(
            self.client, self.layout, phone, message_id, work,
            attempts=self.transaction_attempts, now=self._clock(),
        )
        for entry_id, due in enqueued.items():
            self._due.set(entry_id, due)
        return outcome

    # -- orders -------------------------------------------------------------

    def list_orders(self, limit: int = 100) -> list[dict[str, Any]]:
        """The most recent orders first."""
        query = self._orders.order_by("number", direction=firestore.Query.DESCENDING)
        return [_field(s, "document") or {} for s in query.limit(limit).stream()]

    def get_order(self, number: int) -> dict[str, Any] | None:
        """One order by its number."""
        snapshot = self._orders.document(str(number)).get()
        return _field(snapshot, "document")

    def update_order_status(self, number: int, status: str) -> StatusUpdate | None:
        """Move an order, its customer's conversation and outbox entry in one transaction."""
        update, enqueued = firestore_orders.update_order_status(
            self.client, self.layout, number, status, self._clock())
        for entry_id, due in enqueued.items():
            self._due.set(entry_id, due)
        return update

    def load_conversation(self, phone: str) -> dict[str, Any] | None:
        """Read one conversation outside any inbound message (for the terminal and tests)."""
        snapshot = self.layout.conversation(phone).get()
        return _field(snapshot, "state_json")

    # -- menu ---------------------------------------------------------------

    def load_menu(self) -> Menu | None:
        """The stored menu, or None when none was loaded yet."""
        return firestore_menu.load_menu(self._root)

    def save_menu(self, menu: Menu) -> MenuChange:
        """Replace the stored menu, reporting what changed (idempotent)."""
        return firestore_menu.save_menu(self.client, self._root, menu)

    def menu_version(self) -> str | None:
        """The stored menu's version: one small document read."""
        return firestore_menu.menu_version(self._root)

    # -- outbox -------------------------------------------------------------

    def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[PendingMessage]:
        """Claim up to ``limit`` messages due at ``now``; unclaimed again after ``lease``."""
        if limit <= 0 or not self._due.should_query(now):
            return []  # nothing known is due and the periodic scan is not owed yet
        try:
            claimed = firestore_outbox.claim_due(self.client, self._outbox, now, limit, lease)
        except Exception as exc:
            if not is_contended(exc):
                raise
            # Usually another replica's worker is claiming the same entries right now.
            logger.warning("outbox claim contended, trying again on the next poll: %s", exc)
            return []
        self._due.queried(now, claimed, now + lease, exhausted=len(claimed) < limit)
        return claimed

    def mark_sent(self, message_id: str, provider_id: str | None = None) -> None:
        """The message left; never send it again."""
        firestore_outbox.mark_sent(self._outbox, message_id, provider_id, self._clock())
        self._due.set(message_id, None)

    def mark_failed(self, message_id: str, error: str, retry_at: datetime | None) -> None:
        """Sending failed: retry at ``retry_at``, or give up when it is None."""
        firestore_outbox.mark_failed(self._outbox, message_id, error, retry_at, self._clock())
        self._due.set(message_id, retry_at)

    def outbox_status(self) -> dict[str, int]:
        """Count of outbox messages per status (for health checks and tests)."""
        return firestore_outbox.count_by_status(self._outbox)

    def close(self) -> None:
        """Release the client's channels."""
        self.client.close()


def build_firestore_store(settings: object) -> FirestoreStore:
    """The Firestore store the settings describe; bad configuration raises FirestoreConfigError."""
    config = read_config(settings)
    client = make_client(config)
    try:
        probe(client, config.restaurant_id)
    except FirestoreConfigError:
        client.close()
        raise
    where = f"emulator {config.emulator_host}" if config.emulator_host else "Google Cloud"
    logger.info("Firestore store: project %s on %s, restaurant %s",
                config.project, where, config.restaurant_id)
    return FirestoreStore(client, restaurant_id=config.restaurant_id)
