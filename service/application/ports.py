"""Ports: the small protocols the use cases need from storage and messaging.

A store runs a piece of work in one atomic transaction (:class:`Transactions`),
handing it a :class:`UnitOfWork` with storage verbs only: get and save a
conversation, get, add and save an order, enqueue a message, remember that a
message was applied. No business rule lives behind these verbs; the use cases in
this package decide, the stores keep documents. Adapters (SQLite, Firestore,
in-memory; Twilio, console, recording) implement them; ``service.bootstrap``
picks one per port from the settings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from service.domain.conversation import Conversation
from service.domain.menu import Menu
from service.domain.order import Order

__all__ = [
    "MenuStore",
    "Messenger",
    "MessengerError",
    "OrderQueries",
    "OutboundMessage",
    "Outbox",
    "PendingMessage",
    "Store",
    "Transactions",
    "UnitOfWork",
    "Work",
]

T = TypeVar("T")


@dataclass(frozen=True)
class OutboundMessage:
    """A WhatsApp message to send after the transaction that decided it commits."""

    to: str  # "whatsapp:+5511999999999"
    body: str
    purpose: str = "customer"  # "customer" or "kitchen": for logs and retries policy


@dataclass(frozen=True)
class PendingMessage:
    """An outbox entry claimed for delivery."""

    id: str
    message: OutboundMessage
    attempts: int


class UnitOfWork(Protocol):
    """What one transaction may read and change; everything commits together or not at all.

    Reads see this transaction's own writes. Writes may be buffered until the work
    returns (Firestore), so nothing here is visible to others before the commit.
    """

    def seen_replies(self, phone: str, message_id: str) -> tuple[str, ...] | None:
        """The replies recorded when this message was applied, or None if it never was."""
        ...

    def mark_seen(self, phone: str, message_id: str, replies: Sequence[str]) -> None:
        """Remember that this message was applied, with the replies it got."""
        ...

    def get_conversation(self, phone: str) -> Conversation | None:
        """The customer's conversation, or None for a new customer."""
        ...

    def save_conversation(self, conversation: Conversation) -> None:
        """Replace the customer's conversation."""
        ...

    def get_order(self, number: int) -> Order | None:
        """One order by its number."""
        ...

    def add_order(self, order: Order) -> Order:
        """Store a new order under the next number; return it with that number."""
        ...

    def save_order(self, order: Order) -> None:
        """Replace a stored order (same number)."""
        ...

    def enqueue(self, message: OutboundMessage) -> None:
        """Put a message in the outbox, to be sent once this transaction commits."""
        ...


# Work done in one transaction. It may run more than once (Firestore retries a
# contended transaction), so it must have no effect outside the unit of work.
Work = Callable[[UnitOfWork], T]


class Transactions(Protocol):
    """Runs work atomically."""

    def run(self, work: Work[T]) -> T:
        """Run ``work`` in one transaction and return what it returned; roll back if it raises."""
        ...


class OrderQueries(Protocol):
    """Reading orders outside any transaction, for the restaurant."""

    def list_orders(self, limit: int = 100) -> list[Order]:
        """The most recent orders first."""
        ...

    def get_order(self, number: int) -> Order | None:
        """One order by its number."""
        ...


class MenuStore(Protocol):
    """Where the menu lives."""

    def load_menu(self) -> Menu | None:
        """The stored menu, or None when none was loaded yet."""
        ...

    def save_menu(self, menu: Menu) -> None:
        """Replace the stored menu (writing nothing when it is the same)."""
        ...

    def menu_version(self) -> str | None:
        """A cheap token that changes whenever the stored menu changes."""
        ...


class Outbox(Protocol):
    """Messages waiting to be sent, claimed with a lease so several workers can share it."""

    def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[PendingMessage]:
        """Claim up to ``limit`` messages due at ``now``; unclaimed again after ``lease``."""
        ...

    def mark_sent(self, message_id: str, provider_id: str | None = None) -> None:
        """The message left; never send it again."""
        ...

    def mark_failed(self, message_id: str, error: str, retry_at: datetime | None) -> None:
        """Sending failed: retry at ``retry_at``, or give up when it is None."""
        ...


class Store(Transactions, OrderQueries, MenuStore, Outbox, Protocol):
    """One backend implementing every storage port."""

    def close(self) -> None:
        """Release connections."""
        ...


class MessengerError(Exception):
    """Sending failed; ``retryable`` says whether trying again may help."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


class Messenger(Protocol):
    """Sends one WhatsApp message."""

    def send(self, message: OutboundMessage) -> str | None:
        """Send it and return the provider's message id; raise MessengerError on failure."""
        ...
