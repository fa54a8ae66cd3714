"""Every storage port in memory, for one process: use-case tests and the terminal chat.

A transaction works on copies of the tables and swaps them in when the work
returns, so a failing piece of work leaves nothing behind, as on a real store.
Conversations and orders are immutable values, so copying a table is copying a dict.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TypeVar

from service.adapters.memory.restaurant import (
    MemoryRestaurantQueries,
    MemoryRestaurantVerbs,
    RestaurantTables,
)
from service.application.ports import (
    OutboundMessage,
    PendingMessage,
    RestaurantWork,
    UndeliveredMessage,
)
from service.clock import Clock, utcnow
from service.domain.conversation import Conversation
from service.domain.menu import Menu
from service.domain.order import Order

__all__ = ["MemoryStore"]

T = TypeVar("T")

# As in the SQLite store: defaults of the retention settings, and how often to prune.
MESSAGE_IDS_RETENTION = timedelta(hours=72)
OUTBOX_RETENTION = timedelta(days=7)
PRUNE_INTERVAL = timedelta(minutes=10)


@dataclass(frozen=True)
class _Entry:
    """One outbox entry."""

    message: OutboundMessage
    seq: int
    due_at: datetime
    queued_at: datetime
    status: str = "pending"
    attempts: int = 0
    lease_until: datetime | None = None
    claim: str | None = None
    parts_sent: int = 0
    last_error: str | None = None
    provider_id: str | None = None
    failed_at: datetime | None = None
    reported_at: datetime | None = None

    def undelivered(self, entry_id: str) -> UndeliveredMessage | None:
        """This entry as an undelivered message, or None when it left or never failed."""
        if self.status == "failed":
            status = "failed"
        elif self.status == "pending" and self.last_error is not None:
            status = "retrying"
        else:
            return None
        return UndeliveredMessage(entry_id, self.message, status, self.attempts,
                                  self.last_error, self.queued_at, self.failed_at,
                                  self.reported_at is not None)


@dataclass
class _Tables:
    conversations: dict[str, Conversation]
    orders: dict[int, Order]
    seen: dict[tuple[str, str], tuple[str, ...]]  # (sender, MessageSid) → replies
    outbox: dict[str, _Entry]
    restaurant: RestaurantTables = field(default_factory=RestaurantTables)
    seen_at: dict[tuple[str, str], datetime] = field(default_factory=dict)  # for pruning

    def copy(self) -> _Tables:
        return _Tables(dict(self.conversations), dict(self.orders), dict(self.seen),
                       dict(self.outbox), self.restaurant.copy(), dict(self.seen_at))


class _MemoryUnitOfWork(MemoryRestaurantVerbs):
    """Storage verbs on a private copy of the tables."""

    tables: _Tables

    def __init__(self, tables: _Tables, now: datetime) -> None:
        self.tables = tables
        self._now = now

    def seen_replies(self, phone: str, message_id: str) -> tuple[str, ...] | None:
        return self.tables.seen.get((phone, message_id))

    def mark_seen(self, phone: str, message_id: str, replies: Sequence[str]) -> None:
        self.tables.seen[(phone, message_id)] = tuple(replies)
        self.tables.seen_at[(phone, message_id)] = self._now

    def get_conversation(self, phone: str) -> Conversation | None:
        return self.tables.conversations.get(phone)

    def save_conversation(self, conversation: Conversation) -> None:
        self.tables.conversations[conversation.phone] = conversation

    def get_order(self, number: int) -> Order | None:
        return self.tables.orders.get(number)

    def add_order(self, order: Order) -> Order:
        numbered = order.numbered(max(self.tables.orders, default=0) + 1)
        assert numbered.number is not None
        self.tables.orders[numbered.number] = numbered
        return numbered

    def save_order(self, order: Order) -> None:
        assert order.number in self.tables.orders, "only a stored order can be saved"
        self.tables.orders[order.number] = order

    def enqueue(self, message: OutboundMessage) -> None:
        seq = max((entry.seq for entry in self.tables.outbox.values()), default=0) + 1
        self.tables.outbox[uuid.uuid4().hex] = _Entry(message, seq, self._now, self._now)


class MemoryStore(MemoryRestaurantQueries):
    """Store (all ports) in this process's memory; thread-safe, lost when the process ends."""

    _tables: _Tables

    def __init__(
        self,
        *,
        clock: Clock = utcnow,
        message_ids_retention: timedelta = MESSAGE_IDS_RETENTION,
        outbox_retention: timedelta = OUTBOX_RETENTION,
    ) -> None:
        self._clock = clock
        self.message_ids_retention = message_ids_retention
        self.outbox_retention = outbox_retention
        self._lock = threading.RLock()
        self._tables = _Tables({}, {}, {}, {})
        self._menu: Menu | None = None
        self._next_prune: datetime | None = None

    def run(self, work: RestaurantWork[T]) -> T:
        """Run ``work`` on a copy of the tables; keep the copy only if it returns."""
        with self._lock:
            now = self._clock()
            uow = _MemoryUnitOfWork(self._tables.copy(), now)
            result = work(uow)
            self._tables = uow.tables
            if self._next_prune is None or now >= self._next_prune:
                self._next_prune = now + PRUNE_INTERVAL
                self.prune(now)
            return result

    def prune(self, now: datetime | None = None) -> dict[str, int]:
        """Forget message ids and delivered outbox entries past their retention; count them."""
        with self._lock:
            now = now or self._clock()
            tables = self._tables
            ids_before = now - self.message_ids_retention
            outbox_before = now - self.outbox_retention
            old_ids = [key for key, at in tables.seen_at.items() if at < ids_before]
            for key in old_ids:
                del tables.seen[key], tables.seen_at[key]
            old_entries = [entry_id for entry_id, entry in tables.outbox.items()
                           if entry.status != "pending" and entry.due_at < outbox_before]
            for entry_id in old_entries:
                del tables.outbox[entry_id]
            return {"processed_messages": len(old_ids), "outbox": len(old_entries)}

    def load_menu(self) -> Menu | None:
        """The stored menu, or None."""
        return self._menu

    def save_menu(self, menu: Menu) -> None:
        """Replace the menu."""
        with self._lock:
            self._menu = menu

    def menu_version(self) -> str | None:
        """The stored menu's content hash."""
        menu = self._menu
        return menu.version if menu is not None else None

    def list_orders(self, limit: int = 100) -> list[Order]:
        """Most recent orders first."""
        with self._lock:
            numbers = sorted(self._tables.orders, reverse=True)[:limit]
            return [self._tables.orders[number] for number in numbers]

    def get_order(self, number: int) -> Order | None:
        """One order by number."""
        return self._tables.orders.get(number)

    def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[PendingMessage]:
        """Lease up to ``limit`` due messages, oldest first."""
        with self._lock:
            due = sorted(
                (entry.seq, entry_id) for entry_id, entry in self._tables.outbox.items()
                if entry.status == "pending" and entry.due_at <= now
                and (entry.lease_until is None or entry.lease_until <= now)
            )[:max(limit, 0)]
            claimed = []
            for _, entry_id in due:
                entry = self._tables.outbox[entry_id]
                entry = replace(entry, attempts=entry.attempts + 1, lease_until=now + lease,
                                claim=uuid.uuid4().hex)
                self._tables.outbox[entry_id] = entry
                assert entry.claim is not None
                claimed.append(PendingMessage(entry_id, entry.message, entry.attempts,
                                              entry.claim, entry.parts_sent, entry.queued_at))
            return claimed

    def renew(self, message_id: str, claim: str, until: datetime,
              parts_sent: int | None = None) -> bool:
        """Extend the lease while ``claim`` still holds the message."""
        with self._lock:
            entry = self._tables.outbox.get(message_id)
            if entry is None or entry.claim != claim or entry.status != "pending":
                return False
            if parts_sent is not None:
                entry = replace(entry, parts_sent=parts_sent)
            self._tables.outbox[message_id] = replace(entry, lease_until=until)
            return True

    def mark_sent(self, message_id: str, provider_id: str | None = None) -> None:
        """Never send this message again."""
        self._update(message_id, status="sent", provider_id=provider_id, lease_until=None,
                     claim=None)

    def mark_failed(self, message_id: str, error: str, retry_at: datetime | None, *,
                    claim: str | None = None, now: datetime | None = None) -> None:
        """Retry at ``retry_at``, or give up for good when it is None."""
        with self._lock:
            entry = self._tables.outbox.get(message_id)
            if entry is None or entry.status != "pending":
                return
            if claim is not None and entry.claim != claim:
                return
            if retry_at is None:
                entry = replace(entry, status="failed", failed_at=now or self._clock())
            else:
                entry = replace(entry, due_at=retry_at)
            self._tables.outbox[message_id] = replace(entry, last_error=error, lease_until=None,
                                                      claim=None)

    def undelivered(self, limit: int = 100) -> list[UndeliveredMessage]:
        """Messages given up or failing, oldest first."""
        with self._lock:
            found = [
                (entry.seq, undelivered) for entry_id, entry in self._tables.outbox.items()
                if (undelivered := entry.undelivered(entry_id)) is not None
            ]
        return [undelivered for _, undelivered in sorted(found, key=lambda f: f[0])][:limit]

    def mark_reported(self, message_ids: Sequence[str], now: datetime) -> None:
        """The kitchen was told these messages failed."""
        for message_id in message_ids:
            self._update(message_id, reported_at=now)

    def redrive(self, message_ids: Sequence[str] | None, now: datetime) -> int:
        """Queue undelivered messages again, due now, with a fresh age (not those in flight)."""
        with self._lock:
            chosen = [
                entry_id for entry_id, entry in self._tables.outbox.items()
                if entry.undelivered(entry_id) is not None
                and (entry.lease_until is None or entry.lease_until <= now)
                and (message_ids is None or entry_id in message_ids)
            ]
            for entry_id in chosen:
                self._tables.outbox[entry_id] = replace(
                    self._tables.outbox[entry_id], status="pending", due_at=now, queued_at=now,
                    attempts=0, last_error=None, failed_at=None, reported_at=None,
                    lease_until=None, claim=None,
                )
            return len(chosen)

    def _update(self, message_id: str, **fields: object) -> None:
        with self._lock:
            entry = self._tables.outbox.get(message_id)
            if entry is not None:
                self._tables.outbox[message_id] = replace(entry, **fields)  # type: ignore[arg-type]

    def outbox_status(self) -> dict[str, int]:
        """Count of outbox messages per status (for health checks and tests)."""
        counts: dict[str, int] = {}
        for entry in self._tables.outbox.values():
            counts[entry.status] = counts.get(entry.status, 0) + 1
        return counts

    def close(self) -> None:
        """Nothing to release."""
