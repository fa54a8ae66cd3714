"""One inbound message as one Firestore transaction, and the layout of the documents it touches.

The transaction reads the conversation and the message-id document together
(one round trip, two document reads). The work then runs against an
:class:`InboundAttempt`, which keeps every write in memory; only when the work
has returned are they handed to the transaction, with the message id made by
``create()`` so a duplicate fails atomically. An attempt that aborts is simply
dropped, and the next one starts from fresh reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from google.api_core import exceptions
from google.cloud import firestore

from service.adapters import firestore_outbox
from service.domain.conversation import to_iso
from service.ports import InboundOutcome, InboundWork, OutboundMessage, StatusUpdate

if TYPE_CHECKING:  # firestore_orders builds on this module
    from service.adapters.firestore_orders import StatusWrites

__all__ = [
    "MESSAGE_ID_RETENTION",
    "InboundAttempt",
    "Layout",
    "apply_in_transaction",
    "document_id",
    "dumps",
    "is_contended",
    "loads",
    "stored_replies",
]

# Characters kept as they are in document ids: WhatsApp addresses stay readable.
_ID_SAFE = ":+@=,;!$&'()*-_.~"
# Processed message ids are kept long enough to catch any redelivery by Twilio
# (it retries within minutes), then a TTL policy on expire_at deletes them.
MESSAGE_ID_RETENTION = timedelta(days=3)


def dumps(document: dict[str, Any]) -> str:
    """Documents are kept as JSON text: Firestore refuses arrays inside arrays, JSON does not."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def loads(text: str | None) -> dict[str, Any] | None:
    """Inverse of :func:`dumps`; None for a missing field."""
    return json.loads(text) if text else None


def stored_replies(snapshot: Any) -> tuple[str, ...]:
    """The replies recorded with an applied message id."""
    return tuple((snapshot.to_dict() or {}).get("replies") or ())


def is_contended(exc: BaseException) -> bool:
    """True for the errors a later attempt may not hit: aborts, lock timeouts, brief outages.

    Retrying is safe even when a lost reply hid a commit: the next attempt finds the
    message id and answers with the stored replies.
    """
    if isinstance(
        exc, exceptions.Aborted | exceptions.DeadlineExceeded | exceptions.ServiceUnavailable
    ):
        return True
    # The client wraps its last Aborted in a ValueError when its own attempts run out.
    return isinstance(exc, ValueError) and isinstance(exc.__cause__, exceptions.Aborted)


def document_id(text: str) -> str:
    """``text`` made a valid document id, one-to-one ("%" is always escaped, "/" too)."""
    encoded = quote(text, safe=_ID_SAFE)
    if not encoded:
        return "%"  # never produced by quote(), which always escapes "%" as "%25"
    if encoded in (".", "..") or (encoded.startswith("__") and encoded.endswith("__")):
        # Reserved by Firestore: escape the first character, which quote() left alone.
        return {".": "%2E", "_": "%5F"}[encoded[0]] + encoded[1:]
    return encoded


@dataclass(frozen=True)
class Layout:
    """Where one restaurant's documents live: everything under ``restaurants/{rid}``."""

    root: firestore.DocumentReference

    @classmethod
    def of(cls, client: firestore.Client, restaurant_id: str) -> Layout:
        """The layout of ``restaurant_id``."""
        return cls(client.collection("restaurants").document(restaurant_id))

    def conversation(self, phone: str) -> firestore.DocumentReference:
        """``conversations/{phone}``, e.g. ``whatsapp:+5511987654321``."""
        return self.root.collection("conversations").document(document_id(phone))

    def message(self, message_id: str) -> firestore.DocumentReference:
        """``messages/{MessageSid}``: made once per applied message."""
        return self.root.collection("messages").document(document_id(message_id))

    @property
    def counter(self) -> firestore.DocumentReference:
        """``counters/orders``: the last order number given."""
        return self.root.collection("counters").document("orders")

    @property
    def orders(self) -> firestore.CollectionReference:
        """``orders/{number}``."""
        return self.root.collection("orders")

    @property
    def outbox(self) -> firestore.CollectionReference:
        """``outbox/{id}``."""
        return self.root.collection(firestore_outbox.OUTBOX)


class InboundAttempt:
    """One attempt at an inbound transaction: reads go to Firestore, writes wait for flush."""

    def __init__(self, layout: Layout, transaction: firestore.Transaction, phone: str,
                 conversation: dict[str, Any] | None, now: datetime) -> None:
        self._layout = layout
        self._transaction = transaction
        self._phone = phone
        self._conversation = conversation
        self._conversation_changed = False
        self._now = now
        self._last_number: int | None = None
        self._orders: list[dict[str, Any]] = []
        self._messages: list[OutboundMessage] = []
        self._status_writes: list[StatusWrites] = []  # written on flush
        self.enqueued: dict[str, datetime] = {}  # outbox entry id → due, once flushed

    def load_conversation(self) -> dict[str, Any] | None:
        """The conversation as read at the start of this attempt."""
        return self._conversation

    def save_conversation(self, state: dict[str, Any]) -> None:
        """Replace the conversation when the attempt commits."""
        self._conversation = state
        self._conversation_changed = True

    def place_order(self, order: dict[str, Any]) -> int:
        """Take the next number from the counter document; the order is stored on commit."""
        if self._last_number is None:  # the counter is read only when an order is placed
            snapshot = next(iter(self._transaction.get(self._layout.counter)))
            self._last_number = int(snapshot.get("last") or 0) if snapshot.exists else 0
        self._last_number += 1
        document = {**order, "number": self._last_number}
        document.setdefault("status", "novo")
        document.setdefault("created_at", to_iso(self._now))
        document.setdefault("phone", self._phone)
        self._orders.append(document)
        return self._last_number

    def enqueue(self, message: OutboundMessage) -> None:
        """Add an outbox entry when the attempt commits."""
        self._messages.append(message)

    def change_order_status(self, number: int, status: str) -> StatusUpdate | None:
        """Read and decide now; the order, conversation and outbox writes wait for flush."""
        from service.adapters import firestore_orders

        writes = firestore_orders.prepare(self._transaction, self._layout, number, status,
                                          self._now)
        if writes is None:
            return None
        self._status_writes.append(writes)
        return writes.update

    def flush(self) -> None:
        """Hand this attempt's writes to the transaction; called once the work returned."""
        transaction, layout = self._transaction, self._layout
        if self._conversation_changed and self._conversation is not None:
            transaction.set(
                layout.conversation(self._phone),
                {"state_json": dumps(self._conversation), "updated_at": self._now},
            )
        if self._orders:
            transaction.set(layout.counter, {"last": self._last_number})
        for order in self._orders:
            indexed = {key: order[key] for key in ("number", "status", "phone", "created_at")}
            transaction.create(
                layout.orders.document(str(order["number"])),
                {**indexed, "document": dumps(order)},
            )
        for index, message in enumerate(self._messages):
            # One microsecond apart: entries of one message are claimed in the order enqueued.
            due = self._now + timedelta(microseconds=index)
            entry = layout.outbox.document()
            transaction.set(entry, firestore_outbox.entry_fields(message, due))
            self.enqueued[entry.id] = due
        if self._status_writes:
            from service.adapters import firestore_orders

            for writes in self._status_writes:
                self.enqueued.update(firestore_orders.write(transaction, layout, writes, self._now))


def apply_in_transaction(client: firestore.Client, layout: Layout, phone: str,
                         message_id: str, work: InboundWork, *, attempts: int,
                         now: datetime) -> tuple[InboundOutcome, dict[str, datetime]]:
    """One round (the client retries aborted commits up to ``attempts`` times).

    Returns the outcome and the outbox entries the committed attempt enqueued, by id.
    """
    conversation_ref = layout.conversation(phone)
    message_ref = layout.message(message_id)
    committed: dict[str, datetime] = {}

    @firestore.transactional
    def attempt(transaction: firestore.Transaction) -> InboundOutcome:
        committed.clear()  # only the last attempt's entries exist once the commit succeeds
        snapshots = {
            snapshot.reference.path: snapshot
            for snapshot in transaction.get_all([conversation_ref, message_ref])
        }
        seen = snapshots[message_ref.path]
        if seen.exists:
            return InboundOutcome(stored_replies(seen), duplicate=True)
        conversation = snapshots[conversation_ref.path].to_dict() or {}
        state = loads(conversation.get("state_json"))
        step = InboundAttempt(layout, transaction, phone, state, now)
        replies = tuple(work(step))
        step.flush()
        committed.update(step.enqueued)
        transaction.create(message_ref, {
            "phone": phone,
            "replies": list(replies),
            "processed_at": now,
            "expire_at": now + MESSAGE_ID_RETENTION,
        })
        return InboundOutcome(replies)

    outcome: InboundOutcome = attempt(client.transaction(max_attempts=attempts))
    return outcome, committed
