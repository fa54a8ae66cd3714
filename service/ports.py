"""Ports: the small protocols the application needs from storage and messaging.

Adapters (SQLite, Firestore, Twilio, console, in-memory) implement them; the
composition root picks one per port from the settings. Conversations and orders
cross these ports as JSON-ready dicts so every store keeps them the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from nlu.menu import Menu

__all__ = [
    "ConversationStore",
    "InboundOutcome",
    "InboundTransaction",
    "InboundWork",
    "MenuChange",
    "MenuStore",
    "Messenger",
    "MessengerError",
    "OrderStore",
    "OutboundMessage",
    "Outbox",
    "PendingMessage",
    "StatusUpdate",
    "Store",
]


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


@dataclass(frozen=True)
class StatusUpdate:
    """An order after a status change; ``changed`` is False when it already had that status."""

    order: dict[str, Any]
    previous_status: str
    changed: bool
    customer_notified: bool  # a message to the customer went to the outbox


@dataclass(frozen=True)
class InboundOutcome:
    """What to answer an inbound message with; ``duplicate`` when it was applied before."""

    replies: tuple[str, ...]
    duplicate: bool = False


@dataclass(frozen=True)
class MenuChange:
    """What loading a menu changed, item ids in each list."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    restaurant_changed: bool = False

    @property
    def unchanged(self) -> bool:
        """True when the stored menu was already this one."""
        return not (self.added or self.removed or self.changed or self.restaurant_changed)


class InboundTransaction(Protocol):
    """What handling one inbound message may read and change; all of it commits atomically."""

    def load_conversation(self) -> dict[str, Any] | None:
        """The customer's saved conversation, or None for a new customer."""
        ...

    def save_conversation(self, state: dict[str, Any]) -> None:
        """Replace the customer's conversation."""
        ...

    def place_order(self, order: dict[str, Any]) -> int:
        """Store an order under the next sequential number; return that number."""
        ...

    def enqueue(self, message: OutboundMessage) -> None:
        """Record a message in the outbox, to be sent after commit."""
        ...

    def change_order_status(self, number: int, status: str) -> StatusUpdate | None:
        """Move an order (see ``OrderStore.update_order_status``) inside this transaction."""
        ...


# The work done for one message. It may run more than once (transaction retries),
# so it must have no effect outside the transaction it is given.
InboundWork = Callable[[InboundTransaction], Sequence[str]]


class ConversationStore(Protocol):
    """Applies each inbound message exactly once, atomically."""

    def apply_inbound(self, phone: str, message_id: str, work: InboundWork) -> InboundOutcome:
        """Run ``work`` in one transaction unless ``message_id`` was already applied.

        The message id and the replies are recorded in the same transaction, so a
        repeated delivery gets the stored replies back with ``duplicate=True``.
        """
        ...


class MenuStore(Protocol):
    """Where the menu lives."""

    def load_menu(self) -> Menu | None:
        """The stored menu, or None when none was loaded yet."""
        ...

    def save_menu(self, menu: Menu) -> MenuChange:
        """Replace the stored menu, reporting what changed (idempotent)."""
        ...

    def menu_version(self) -> str | None:
        """A cheap token that changes whenever the stored menu changes."""
        ...


class OrderStore(Protocol):
    """Confirmed orders, for the restaurant."""

    def list_orders(self, limit: int = 100) -> list[dict[str, Any]]:
        """The most recent orders first."""
        ...

    def get_order(self, number: int) -> dict[str, Any] | None:
        """One order by its number."""
        ...

    def update_order_status(self, number: int, status: str) -> StatusUpdate | None:
        """Move an order to ``status`` in one transaction; None when there is no such order.

        The same transaction keeps ``last_order_status`` in the customer's conversation
        (when this is their last order) and puts the customer's message in the outbox.
        A refused change raises ``StatusRefused`` and changes nothing; repeating the
        current status changes nothing and tells nobody.
        """
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


class Store(ConversationStore, MenuStore, OrderStore, Outbox, Protocol):
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
