"""The restaurant's side in memory: availability, handoffs, transcripts and panel sessions.

Mixed into :mod:`service.adapters.memory.store`: the verbs work on the
transaction's copy of the tables, the queries on the committed tables under the
store's lock.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from service.application.ports import PanelSession
from service.domain.availability import Availability
from service.domain.handoff import Handoff
from service.domain.order import Order
from service.domain.transcript import Transcript, TranscriptAddition

if TYPE_CHECKING:
    from service.domain.conversation import Conversation

__all__ = ["MemoryRestaurantQueries", "MemoryRestaurantVerbs", "RestaurantTables"]

# The live panel shows the latest orders; the change token looks at as many.
RECENT_ORDERS = 200
_EPOCH = datetime.min.replace(tzinfo=UTC)


@dataclass
class RestaurantTables:
    """The restaurant's documents, copied with the rest of the tables in each transaction."""

    availability: Availability | None = None
    transcripts: dict[str, Transcript] = field(default_factory=dict)
    handoffs: dict[str, Handoff] = field(default_factory=dict)
    handoff_counter: int = 0
    sessions: dict[str, PanelSession] = field(default_factory=dict)

    def copy(self) -> RestaurantTables:
        """A copy whose dicts can change without touching these."""
        return RestaurantTables(self.availability, dict(self.transcripts), dict(self.handoffs),
                                self.handoff_counter, dict(self.sessions))


class _HasTables(Protocol):
    conversations: dict[str, Conversation]
    orders: dict[int, Order]
    seen: dict[tuple[str, str], tuple[str, ...]]  # (sender, MessageSid) → replies
    restaurant: RestaurantTables


class MemoryRestaurantVerbs:
    """The RestaurantUnitOfWork verbs on ``self.tables`` (a transaction's private copy)."""

    tables: _HasTables

    def get_availability(self) -> Availability | None:
        return self.tables.restaurant.availability

    def save_availability(self, availability: Availability) -> None:
        self.tables.restaurant.availability = availability

    def get_transcript(self, phone: str) -> Transcript | None:
        return self.tables.restaurant.transcripts.get(phone)

    def save_transcript(self, transcript: Transcript) -> None:
        self.tables.restaurant.transcripts[transcript.phone] = transcript

    def add_to_transcript(self, addition: TranscriptAddition) -> None:
        self.save_transcript(addition.applied(self.get_transcript(addition.phone)))

    def delete_transcript(self, phone: str) -> None:
        self.tables.restaurant.transcripts.pop(phone, None)

    def transcripts_updated_before(self, moment: datetime, limit: int) -> list[str]:
        stale = [t for t in self.tables.restaurant.transcripts.values()
                 if t.updated_at is None or t.updated_at < moment]
        return [t.phone for t in stale][:limit]

    def get_handoff(self, phone: str) -> Handoff | None:
        return self.tables.restaurant.handoffs.get(phone)

    def save_handoff(self, handoff: Handoff) -> None:
        self.tables.restaurant.handoffs[handoff.phone] = handoff

    def delete_handoff(self, phone: str) -> None:
        self.tables.restaurant.handoffs.pop(phone, None)

    def next_handoff_number(self) -> int:
        self.tables.restaurant.handoff_counter += 1
        return self.tables.restaurant.handoff_counter

    def customer_orders(self, phone: str) -> list[Order]:
        orders = self.tables.orders
        return [orders[n] for n in sorted(orders) if orders[n].phone == phone]

    def rewrite_order(self, order: Order) -> None:
        assert order.number in self.tables.orders, "only a stored order can be rewritten"
        self.tables.orders[order.number] = order

    def delete_conversation(self, phone: str) -> None:
        self.tables.conversations.pop(phone, None)

    def blank_replies(self, phone: str) -> None:
        for key in self.tables.seen:
            if key[0] == phone:
                self.tables.seen[key] = ()


class MemoryRestaurantQueries:
    """RestaurantQueries, ChangeFeed and PanelSessions on the committed tables."""

    _tables: _HasTables
    _lock: threading.RLock

    def get_availability(self) -> Availability | None:
        """The restaurant's pause and sold-out items."""
        return self._tables.restaurant.availability

    def orders_created_between(self, start: datetime, end: datetime,
                               limit: int = 2000) -> list[Order]:
        """Orders created in ``[start, end)``, oldest first."""
        with self._lock:
            orders = sorted(self._tables.orders.values(), key=lambda o: (o.created_at, o.number))
        return [o for o in orders if start <= o.created_at < end][:limit]

    def list_handoffs(self, limit: int = 100) -> list[Handoff]:
        """The most recently active first."""
        with self._lock:
            handoffs = list(self._tables.restaurant.handoffs.values())
        return sorted(handoffs, key=lambda h: h.updated_at, reverse=True)[:limit]

    def list_transcripts(self, limit: int = 50) -> list[Transcript]:
        """The most recently updated first."""
        with self._lock:
            transcripts = list(self._tables.restaurant.transcripts.values())
        return sorted(transcripts, key=lambda t: t.updated_at or _EPOCH,
                      reverse=True)[:limit]

    def transcript_by_key(self, key: str) -> Transcript | None:
        """The transcript linked under ``key``."""
        with self._lock:
            return next((t for t in self._tables.restaurant.transcripts.values()
                         if t.key == key), None)

    def handoff_by_number(self, number: int) -> Handoff | None:
        """The handoff given this number."""
        with self._lock:
            return next((h for h in self._tables.restaurant.handoffs.values()
                         if h.number == number), None)

    def change_token(self) -> str:
        """A digest of the latest orders' statuses, the handoffs and the availability."""
        with self._lock:
            tables = self._tables
            numbers = sorted(tables.orders, reverse=True)[:RECENT_ORDERS]
            parts = [f"{n}:{tables.orders[n].status.value}" for n in numbers]
            parts += [f"{h.phone}:{h.updated_at.isoformat()}"
                      for h in tables.restaurant.handoffs.values()]
            availability = tables.restaurant.availability
            if availability is not None and availability.updated_at is not None:
                parts.append(availability.updated_at.isoformat())
        return hashlib.sha256("|".join(sorted(parts)).encode()).hexdigest()[:16]

    def get_panel_session(self, key: str) -> PanelSession | None:
        """The session stored under ``key``."""
        return self._tables.restaurant.sessions.get(key)

    def save_panel_session(self, session: PanelSession) -> None:
        """Create or replace it."""
        with self._lock:
            self._tables.restaurant.sessions[session.key] = session

    def delete_panel_session(self, key: str) -> None:
        """End it."""
        with self._lock:
            self._tables.restaurant.sessions.pop(key, None)

    def delete_expired_panel_sessions(self, now: datetime) -> int:
        """Delete the sessions that expired before ``now``."""
        with self._lock:
            sessions = self._tables.restaurant.sessions
            expired = [key for key, s in sessions.items() if s.expires_at < now]
            for key in expired:
                del sessions[key]
        return len(expired)
