"""The restaurant's side in Firestore: availability, handoffs, transcripts and panel sessions.

Under ``restaurants/{rid}``: ``panel/availability``, ``handoffs/{phone}``,
``transcripts/{phone}`` (with the panel's ``key``), ``panel_sessions/{key}`` and the
counter ``counters/handoffs``. Documents are JSON text in one field, beside the
fields queries need (``updated_at``, ``number``, ``key``, ``expires_at``).

:class:`FirestoreRestaurantUnitOfWork` adds the verbs to a transaction attempt,
buffering writes like its base; :class:`ChangeWatch` counts what snapshot
listeners report, so the live panel learns of changes made on any replica
without polling the collections.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Any

from google.cloud import firestore

from service.adapters.firestore.claims import HeldClaims
from service.adapters.firestore.layout import Layout, document_id, dumps, loads
from service.adapters.firestore.numbers import NumberReservations
from service.adapters.firestore.transaction import FirestoreUnitOfWork
from service.application.ports import PanelSession
from service.domain.availability import Availability
from service.domain.conversation import Conversation, to_iso
from service.domain.handoff import Handoff
from service.domain.order import Order
from service.domain.transcript import Transcript, TranscriptAddition

__all__ = ["ChangeWatch", "FirestoreRestaurantQueries", "FirestoreRestaurantUnitOfWork",
           "RestaurantLayout"]

logger = logging.getLogger(__name__)

# The live panel shows the latest orders; the order listener watches as many.
RECENT_ORDERS = 200
# Each listener's first snapshot arrives in milliseconds; wait this long for it.
FIRST_SNAPSHOT_SECONDS = 5.0


class RestaurantLayout:
    """Where the restaurant's side lives under ``restaurants/{rid}``."""

    def __init__(self, layout: Layout) -> None:
        self.root = layout.root

    @property
    def availability(self) -> firestore.DocumentReference:
        """``panel/availability``."""
        return self.root.collection("panel").document("availability")

    @property
    def transcripts(self) -> firestore.CollectionReference:
        """``transcripts/{phone}``."""
        return self.root.collection("transcripts")

    @property
    def handoffs(self) -> firestore.CollectionReference:
        """``handoffs/{phone}``."""
        return self.root.collection("handoffs")

    @property
    def sessions(self) -> firestore.CollectionReference:
        """``panel_sessions/{key}``."""
        return self.root.collection("panel_sessions")

    @property
    def handoff_counter(self) -> firestore.DocumentReference:
        """``counters/handoffs``: the last handoff number given."""
        return self.root.collection("counters").document("handoffs")

    def transcript(self, phone: str) -> firestore.DocumentReference:
        """One customer's transcript."""
        return self.transcripts.document(document_id(phone))

    def handoff(self, phone: str) -> firestore.DocumentReference:
        """One customer's handoff."""
        return self.handoffs.document(document_id(phone))


def _document(snapshot: Any) -> dict[str, Any] | None:
    return loads((snapshot.to_dict() or {}).get("document")) if snapshot.exists else None


def _transcript_fields(transcript: Transcript) -> dict[str, Any]:
    return {"phone": transcript.phone, "key": transcript.key,
            "updated_at": transcript.updated_at, "document": dumps(transcript.to_dict())}


def _handoff_fields(handoff: Handoff) -> dict[str, Any]:
    return {"phone": handoff.phone, "number": handoff.number, "updated_at": handoff.updated_at,
            "document": dumps(handoff.to_dict())}


class FirestoreRestaurantUnitOfWork(FirestoreUnitOfWork):
    """A transaction attempt with the restaurant's verbs; writes wait for :meth:`flush`."""

    def __init__(self, layout: Layout, transaction: firestore.Transaction, now: datetime,
                 numbers: NumberReservations, claims: HeldClaims | None = None) -> None:
        super().__init__(layout, transaction, now, numbers, claims)
        self._places = RestaurantLayout(layout)
        self._availability: tuple[Availability | None] | None = None  # read once, if at all
        self._availability_dirty = False
        self._transcripts: dict[str, Transcript | None] = {}
        self._handoffs: dict[str, Handoff | None] = {}
        self._dirty_transcripts: set[str] = set()
        self._dirty_handoffs: set[str] = set()
        self._handoff_number: int | None = None
        self._handoff_number_taken = False
        self._rewritten_orders: set[int] = set()
        self._deleted_conversations: set[str] = set()
        self._blanked: list[firestore.DocumentReference] = []

    def _get(self, ref: firestore.DocumentReference) -> Any:
        return next(iter(self._transaction.get(ref)))

    def get_availability(self) -> Availability | None:
        if self._availability is None:
            document = _document(self._get(self._places.availability))
            self._availability = (Availability.from_dict(document) if document else None,)
        return self._availability[0]

    def save_availability(self, availability: Availability) -> None:
        self._availability = (availability,)
        self._availability_dirty = True

    def get_transcript(self, phone: str) -> Transcript | None:
        if phone not in self._transcripts:
            document = _document(self._get(self._places.transcript(phone)))
            self._transcripts[phone] = Transcript.from_dict(document) if document else None
        return self._transcripts[phone]

    def save_transcript(self, transcript: Transcript) -> None:
        self._transcripts[transcript.phone] = transcript
        self._dirty_transcripts.add(transcript.phone)

    def add_to_transcript(self, addition: TranscriptAddition) -> None:
        # One document per customer: the lines stay inside it, bounded by ``applied``.
        self.save_transcript(addition.applied(self.get_transcript(addition.phone)))

    def delete_transcript(self, phone: str) -> None:
        self._transcripts[phone] = None
        self._dirty_transcripts.add(phone)

    def transcripts_updated_before(self, moment: datetime, limit: int) -> list[str]:
        query = (self._places.transcripts
                 .where(filter=firestore.FieldFilter("updated_at", "<", moment))
                 .order_by("updated_at").limit(limit))
        return [str((s.to_dict() or {}).get("phone")) for s in self._transaction.get(query)]

    def get_handoff(self, phone: str) -> Handoff | None:
        if phone not in self._handoffs:
            document = _document(self._get(self._places.handoff(phone)))
            self._handoffs[phone] = Handoff.from_dict(document) if document else None
        return self._handoffs[phone]

    def save_handoff(self, handoff: Handoff) -> None:
        self._handoffs[handoff.phone] = handoff
        self._dirty_handoffs.add(handoff.phone)

    def delete_handoff(self, phone: str) -> None:
        self._handoffs[phone] = None
        self._dirty_handoffs.add(phone)

    def next_handoff_number(self) -> int:
        if self._handoff_number is None:
            snapshot = self._get(self._places.handoff_counter)
            self._handoff_number = int(snapshot.get("last") or 0) if snapshot.exists else 0
        self._handoff_number += 1
        self._handoff_number_taken = True
        return self._handoff_number

    def customer_orders(self, phone: str) -> list[Order]:
        query = self._layout.orders.where(filter=firestore.FieldFilter("phone", "==", phone))
        found: dict[int, Order] = {}
        for snapshot in self._transaction.get(query):
            document = _document(snapshot)
            if document is not None:
                order = Order.from_dict(document)
                assert order.number is not None
                self._orders.setdefault(order.number, order)  # our own writes win
                cached = self._orders[order.number]
                if cached is not None and cached.phone == phone:
                    found[order.number] = cached
        return [found[number] for number in sorted(found)]

    def rewrite_order(self, order: Order) -> None:
        assert order.number is not None
        self._orders[order.number] = order
        self._rewritten_orders.add(order.number)

    def save_conversation(self, conversation: Conversation) -> None:
        self._deleted_conversations.discard(conversation.phone)
        super().save_conversation(conversation)

    def delete_conversation(self, phone: str) -> None:
        self._conversations[phone] = None
        self._dirty_conversations.discard(phone)
        self._deleted_conversations.add(phone)

    def blank_replies(self, phone: str) -> None:
        # The sender's applied messages live under their conversation; a claim (no
        # replies yet) belongs to a message being applied now and is left alone.
        messages = self._layout.conversation(phone).collection("messages").where(
            filter=firestore.FieldFilter("phone", "==", phone))
        self._blanked.extend(snapshot.reference for snapshot in self._transaction.get(messages)
                             if "replies" in (snapshot.to_dict() or {}))

    def flush(self) -> None:
        """The base writes, then the restaurant's, all handed to the same transaction."""
        self._dirty_orders -= self._rewritten_orders  # written once below, every field
        super().flush()
        transaction, places = self._transaction, self._places
        if self._availability_dirty and self._availability is not None:
            availability = self._availability[0]
            assert availability is not None
            transaction.set(places.availability, {"document": dumps(availability.to_dict()),
                                                  "updated_at": availability.updated_at})
        for phone in sorted(self._dirty_transcripts):
            transcript = self._transcripts[phone]
            if transcript is None:
                transaction.delete(places.transcript(phone))
            else:
                transaction.set(places.transcript(phone), _transcript_fields(transcript))
        for phone in sorted(self._dirty_handoffs):
            handoff = self._handoffs[phone]
            if handoff is None:
                transaction.delete(places.handoff(phone))
            else:
                transaction.set(places.handoff(phone), _handoff_fields(handoff))
        if self._handoff_number_taken:
            transaction.set(places.handoff_counter, {"last": self._handoff_number})
        for number in sorted(self._rewritten_orders):
            order = self._orders[number]
            assert order is not None
            transaction.update(self._layout.order(number), {
                "status": order.status.value, "phone": order.phone,
                "document": dumps(order.to_dict()),
            })
        for phone in sorted(self._deleted_conversations):
            transaction.delete(self._layout.conversation(phone))
        for ref in self._blanked:
            transaction.update(ref, {"replies": []})


class ChangeWatch:
    """Counts the changes snapshot listeners report on the latest orders, handoffs, availability."""

    def __init__(self, layout: Layout) -> None:
        places = RestaurantLayout(layout)
        self._targets: list[Any] = [
            layout.orders.order_by("number", direction=firestore.Query.DESCENDING)
            .limit(RECENT_ORDERS),
            places.handoffs,
            places.availability,
        ]
        self._lock = threading.Lock()
        self._generation = 0
        self._watches: list[Any] = []
        self._first: list[threading.Event] = []

    def generation(self) -> int:
        """Changes seen since the listeners started (their first snapshots are not changes)."""
        with self._lock:
            starting = not self._watches
            if starting:
                for target in self._targets:
                    first = threading.Event()
                    self._first.append(first)
                    self._watches.append(target.on_snapshot(self._callback(first)))
        if starting and not all(e.wait(FIRST_SNAPSHOT_SECONDS) for e in self._first):
            logger.warning("the panel's listeners have not answered yet; updates may lag")
        with self._lock:
            return self._generation

    def _callback(self, first: threading.Event) -> Any:
        def changed(snapshots: Any, changes: Any, read_time: Any) -> None:
            if not first.is_set():
                first.set()
                return
            with self._lock:
                self._generation += 1

        return changed

    def stop(self) -> None:
        """Stop listening."""
        with self._lock:
            watches, self._watches = self._watches, []
        for watch in watches:
            watch.unsubscribe()


class FirestoreRestaurantQueries:
    """RestaurantQueries, ChangeFeed and PanelSessions, mixed into the Firestore store."""

    layout: Layout
    _changes: ChangeWatch

    @property
    def _places(self) -> RestaurantLayout:
        return RestaurantLayout(self.layout)

    def get_availability(self) -> Availability | None:
        """The restaurant's pause and sold-out items: one small document read."""
        document = _document(self._places.availability.get())
        return Availability.from_dict(document) if document else None

    def orders_created_between(self, start: datetime, end: datetime,
                               limit: int = 2000) -> list[Order]:
        """Orders created in ``[start, end)``, oldest first (``created_at`` is ISO text in UTC)."""
        query = (self.layout.orders
                 .where(filter=firestore.FieldFilter("created_at", ">=", to_iso(start)))
                 .where(filter=firestore.FieldFilter("created_at", "<", to_iso(end)))
                 .order_by("created_at").limit(limit))
        orders = [Order.from_dict(d) for s in query.stream() if (d := _document(s)) is not None]
        return sorted(orders, key=lambda o: (o.created_at, o.number or 0))

    def list_handoffs(self, limit: int = 100) -> list[Handoff]:
        """The most recently active first."""
        query = self._places.handoffs.order_by(
            "updated_at", direction=firestore.Query.DESCENDING).limit(limit)
        return [Handoff.from_dict(d) for s in query.stream() if (d := _document(s)) is not None]

    def list_transcripts(self, limit: int = 50) -> list[Transcript]:
        """The most recently updated first."""
        query = self._places.transcripts.order_by(
            "updated_at", direction=firestore.Query.DESCENDING).limit(limit)
        return [Transcript.from_dict(d) for s in query.stream()
                if (d := _document(s)) is not None]

    def transcript_by_key(self, key: str) -> Transcript | None:
        """The transcript linked under ``key``."""
        query = self._places.transcripts.where(
            filter=firestore.FieldFilter("key", "==", key)).limit(1)
        found = [d for s in query.stream() if (d := _document(s)) is not None]
        return Transcript.from_dict(found[0]) if found else None

    def handoff_by_number(self, number: int) -> Handoff | None:
        """The handoff given this number."""
        query = self._places.handoffs.where(
            filter=firestore.FieldFilter("number", "==", number)).limit(1)
        found = [d for s in query.stream() if (d := _document(s)) is not None]
        return Handoff.from_dict(found[0]) if found else None

    def change_token(self) -> str:
        """How many changes the listeners reported (no read per call)."""
        return str(self._changes.generation())

    def get_panel_session(self, key: str) -> PanelSession | None:
        """The session stored under ``key``."""
        document = _document(self._places.sessions.document(document_id(key)).get())
        return PanelSession.from_dict(document) if document else None

    def save_panel_session(self, session: PanelSession) -> None:
        """Create or replace it (``expires_at`` also serves a TTL policy)."""
        self._places.sessions.document(document_id(session.key)).set(
            {"document": dumps(session.to_dict()), "expires_at": session.expires_at})

    def delete_panel_session(self, key: str) -> None:
        """End it."""
        self._places.sessions.document(document_id(key)).delete()

    def delete_expired_panel_sessions(self, now: datetime) -> int:
        """Delete the sessions that expired before ``now``."""
        query = self._places.sessions.where(
            filter=firestore.FieldFilter("expires_at", "<", now)).limit(500)
        deleted = 0
        for snapshot in query.stream():
            snapshot.reference.delete()
            deleted += 1
        return deleted
