"""The Firestore store: production storage shared by several app processes.

Each inbound message is one Firestore transaction that reads the conversation
and the message-id document together (one round trip), runs the work, then
writes the conversation, ``create()``s the message-id document (a duplicate
fails atomically), and adds orders and outbox entries. Writes are collected per
attempt and handed to the transaction only after the work returns, so an
aborted attempt leaves nothing behind. Layout, under ``restaurants/{rid}``:
``conversations/{phone}``, ``messages/{MessageSid}``, ``orders/{number}``,
``counters/orders``, ``outbox/{id}``, ``menu_items/{id}`` (see the README).
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
from service.adapters import firestore_menu, firestore_outbox
from service.adapters.firestore_config import (
    FirestoreConfigError,
    make_client,
    read_config,
)
from service.ports import (
    InboundOutcome,
    InboundWork,
    MenuChange,
    OutboundMessage,
    PendingMessage,
)

__all__ = [
    "FirestoreConfigError",
    "FirestoreContentionError",
    "FirestoreStore",
    "build_firestore_store",
]

logger = logging.getLogger(__name__)

# The client's own retry count per round (its default): each retry keeps its
# place in line, so a few are enough when two replicas touch one conversation.
TRANSACTION_ATTEMPTS = 5
# Twilio gives the webhook 15 s; stop retrying after 10 s so the customer still
# gets an apology in the same response instead of a timeout.
INBOUND_DEADLINE_SECONDS = 10.0
# Between rounds: 50 ms doubling, with full jitter so competing replicas spread out.
BACKOFF_BASE_SECONDS = 0.05
BACKOFF_MAX_SECONDS = 1.0
# Processed message ids are kept long enough to catch any redelivery by Twilio
# (it retries within minutes), then a TTL policy on expire_at deletes them.
MESSAGE_ID_RETENTION = timedelta(days=3)


class FirestoreContentionError(RuntimeError):
    """A transaction kept conflicting with others until the deadline; nothing was applied."""


def _mask(phone: str) -> str:
    digits = phone.rsplit("+", 1)[-1]
    return f"…{digits[-4:]}" if len(digits) > 4 else "…"


def _contended(exc: BaseException) -> bool:
    """True for the errors a later attempt may not hit: aborts and lock timeouts."""
    if isinstance(exc, exceptions.Aborted | exceptions.DeadlineExceeded):
        return True
    # The client wraps its last Aborted in a ValueError when its own attempts run out.
    return isinstance(exc, ValueError) and isinstance(exc.__cause__, exceptions.Aborted)


class _Attempt:
    """One attempt at an inbound transaction: reads go to Firestore, writes wait until flush."""

    def __init__(self, store: FirestoreStore, transaction: firestore.Transaction,
                 phone: str, conversation: dict[str, Any] | None, now: datetime) -> None:
        self._store = store
        self._transaction = transaction
        self._phone = phone
        self._conversation = conversation
        self._conversation_changed = False
        self._now = now
        self._last_number: int | None = None
        self._orders: list[dict[str, Any]] = []
        self._messages: list[OutboundMessage] = []

    def load_conversation(self) -> dict[str, Any] | None:
        """The conversation as read at the start of this attempt."""
        return self._conversation

    def save_conversation(self, state: dict[str, Any]) -> None:
        """Replace the conversation when the attempt commits."""
        self._conversation = state
        self._conversation_changed = True

    def place_order(self, order: dict[str, Any]) -> int:
        """Take the next number from the counter document; the order is stored on commit."""
        if self._last_number is None:
            snapshot = next(iter(self._transaction.get(self._store._counter)))
            self._last_number = int(snapshot.get("last") or 0) if snapshot.exists else 0
        self._last_number += 1
        self._orders.append({**order, "number": self._last_number, "created_at": self._now})
        return self._last_number

    def enqueue(self, message: OutboundMessage) -> None:
        """Add an outbox entry when the attempt commits."""
        self._messages.append(message)

    def flush(self) -> None:
        """Hand this attempt's writes to the transaction; called once the work returned."""
        transaction = self._transaction
        if self._conversation_changed:
            transaction.set(
                self._store._conversation_ref(self._phone),
                {"state": self._conversation, "updated_at": self._now},
            )
        if self._orders:
            transaction.set(self._store._counter, {"last": self._last_number})
        for order in self._orders:
            transaction.create(self._store._orders.document(str(order["number"])), order)
        for message in self._messages:
            transaction.set(self._store._outbox.document(),
                            firestore_outbox.entry_fields(message, self._now))


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
    ) -> None:
        self.client = client
        self.restaurant_id = restaurant_id
        self.transaction_attempts = transaction_attempts
        self.inbound_deadline = inbound_deadline
        self._clock = clock or (lambda: datetime.now(UTC))
        self._root = client.collection("restaurants").document(restaurant_id)
        self._orders = self._root.collection("orders")
        self._outbox = self._root.collection(firestore_outbox.OUTBOX)
        self._messages = self._root.collection("messages")
        self._counter = self._root.collection("counters").document("orders")

    def _conversation_ref(self, phone: str) -> firestore.DocumentReference:
        # A document id may not hold "/"; WhatsApp addresses never do, but be safe.
        return self._root.collection("conversations").document(phone.replace("/", "%2F"))

    # -- inbound messages ---------------------------------------------------

    def apply_inbound(self, phone: str, message_id: str, work: InboundWork) -> InboundOutcome:
        """Run ``work`` in one transaction unless ``message_id`` was already applied."""
        started = time.monotonic()
        round_number = 0
        while True:
            round_number += 1
            try:
                return self._apply_once(phone, message_id, work)
            except exceptions.AlreadyExists:
                # Another replica committed this message id between our read and commit.
                stored = self._messages.document(message_id).get()
                if not stored.exists:
                    raise
                return InboundOutcome(tuple(stored.get("replies") or ()), duplicate=True)
            except Exception as exc:
                if not _contended(exc):
                    raise
                elapsed = time.monotonic() - started
                delay = random.uniform(0, min(BACKOFF_MAX_SECONDS,
                                              BACKOFF_BASE_SECONDS * 2**round_number))
                if elapsed + delay >= self.inbound_deadline:
                    logger.error(
                        "giving up on message %s from %s after %d rounds in %.1f s: "
                        "the conversation is contended (%s)",
                        message_id, _mask(phone), round_number, elapsed, exc,
                    )
                    raise FirestoreContentionError(
                        f"message {message_id} not applied: Firestore transaction still "
                        f"contended after {round_number} rounds ({elapsed:.1f} s)"
                    ) from exc
                logger.warning("message %s from %s contended (round %d), retrying",
                               message_id, _mask(phone), round_number)
                time.sleep(delay)

    def _apply_once(self, phone: str, message_id: str, work: InboundWork) -> InboundOutcome:
        conversation_ref = self._conversation_ref(phone)
        message_ref = self._messages.document(message_id)

        @firestore.transactional
        def attempt(transaction: firestore.Transaction) -> InboundOutcome:
            snapshots = {s.reference.path: s for s in
                         transaction.get_all([conversation_ref, message_ref])}
            seen = snapshots[message_ref.path]
            if seen.exists:
                return InboundOutcome(tuple(seen.get("replies") or ()), duplicate=True)
            conversation = snapshots[conversation_ref.path]
            state = conversation.get("state") if conversation.exists else None
            now = self._clock()
            step = _Attempt(self, transaction, phone, state, now)
            replies = tuple(work(step))
            step.flush()
            transaction.create(message_ref, {
                "phone": phone,
                "replies": list(replies),
                "processed_at": now,
                "expire_at": now + MESSAGE_ID_RETENTION,
            })
            return InboundOutcome(replies)

        outcome: InboundOutcome = attempt(
            self.client.transaction(max_attempts=self.transaction_attempts)
        )
        return outcome

    # -- orders -------------------------------------------------------------

    def list_orders(self, limit: int = 100) -> list[dict[str, Any]]:
        """The most recent orders first."""
        query = self._orders.order_by("number", direction=firestore.Query.DESCENDING)
        return [s.to_dict() or {} for s in query.limit(limit).stream()]

    def get_order(self, number: int) -> dict[str, Any] | None:
        """One order by its number."""
        snapshot = self._orders.document(str(number)).get()
        return snapshot.to_dict() if snapshot.exists else None

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
        return firestore_outbox.claim_due(self.client, self._outbox, now, limit, lease)

    def mark_sent(self, message_id: str, provider_id: str | None = None) -> None:
        """The message left; never send it again."""
        firestore_outbox.mark_sent(self._outbox, message_id, provider_id, self._clock())

    def mark_failed(self, message_id: str, error: str, retry_at: datetime | None) -> None:
        """Sending failed: retry at ``retry_at``, or give up when it is None."""
        firestore_outbox.mark_failed(self._outbox, message_id, error, retry_at, self._clock())

    def close(self) -> None:
        """Release the client's channels."""
        self.client.close()


def build_firestore_store(settings: object) -> FirestoreStore:
    """The Firestore store the settings describe; bad configuration raises FirestoreConfigError."""
    config = read_config(settings)
    client = make_client(config)
    where = f"emulator {config.emulator_host}" if config.emulator_host else "Google Cloud"
    logger.info("Firestore store: project %s on %s, restaurant %s",
                config.project, where, config.restaurant_id)
    return FirestoreStore(client, restaurant_id=config.restaurant_id)
