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
from typing import Any, Protocol, TypeVar, runtime_checkable

from service.domain.availability import Availability
from service.domain.conversation import Conversation, from_iso, to_iso
from service.domain.handoff import Handoff
from service.domain.menu import Menu
from service.domain.order import Order
from service.domain.transcript import Transcript, TranscriptAddition

__all__ = [
    "ChangeFeed",
    "MenuStore",
    "MessageClaims",
    "Messenger",
    "MessengerError",
    "OrderQueries",
    "OutboundMessage",
    "Outbox",
    "PanelSession",
    "PanelSessions",
    "PendingMessage",
    "RestaurantQueries",
    "RestaurantStore",
    "RestaurantTransactions",
    "RestaurantUnitOfWork",
    "RestaurantWork",
    "Store",
    "Transactions",
    "UndeliveredMessage",
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
    order_number: int | None = None  # the order it is about, to mark it when undelivered
    media_url: str | None = None  # an image sent with the body (the body is its caption)


@dataclass(frozen=True)
class PendingMessage:
    """An outbox entry claimed for delivery."""

    id: str
    message: OutboundMessage
    attempts: int  # this claim included
    claim: str = ""  # this claim's token: renewing the lease needs it
    parts_sent: int = 0  # of a long body sent in parts, how many already left
    queued_at: datetime | None = None  # enqueued (or re-driven) at: retries are bounded by age


@dataclass(frozen=True)
class UndeliveredMessage:
    """An outbox entry that has not reached its recipient: still retrying, or given up."""

    id: str
    message: OutboundMessage
    status: str  # "retrying" (it failed and will be tried again) or "failed" (given up)
    attempts: int
    last_error: str | None
    queued_at: datetime
    failed_at: datetime | None = None  # when it was given up
    reported: bool = False  # the kitchen was told it failed


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


@runtime_checkable
class MessageClaims(Protocol):
    """Claiming an inbound message before its transaction, so twin deliveries do not contend.

    Correctness stays with the transaction (``seen_replies``/``mark_seen``); a claim only
    lets a twin wait for the stored replies instead of running the same work alongside.
    """

    def claim_message(self, phone: str, message_id: str, wait: float) -> tuple[str, ...] | None:
        """The stored replies if the message was applied (waiting up to ``wait`` s for a twin
        applying it now); None when the caller should apply it."""
        ...

    def release_message(self, phone: str, message_id: str) -> None:
        """Applying it failed: let a repeated delivery try again at once."""
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
    """Messages waiting to be sent, claimed with a lease so several workers can share it.

    A claim is short and renewed while its holder works, so a dead worker's claim is
    free again within one lease, and a slow send keeps its claim as long as it runs.
    """

    def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[PendingMessage]:
        """Claim up to ``limit`` messages due at ``now``; unclaimed again after ``lease``."""
        ...

    def renew(self, message_id: str, claim: str, until: datetime,
              parts_sent: int | None = None) -> bool:
        """Extend a claim (recording how many parts left); False when the claim was lost."""
        ...

    def mark_sent(self, message_id: str, provider_id: str | None = None) -> None:
        """The message left; never send it again."""
        ...

    def mark_failed(self, message_id: str, error: str, retry_at: datetime | None, *,
                    claim: str | None = None, now: datetime | None = None) -> None:
        """Sending failed: retry at ``retry_at``, or give up when it is None.

        With ``claim``, nothing changes unless that claim still holds the message.
        """
        ...

    def undelivered(self, limit: int = 100) -> list[UndeliveredMessage]:
        """Messages given up or failing, oldest first."""
        ...

    def mark_reported(self, message_ids: Sequence[str], now: datetime) -> None:
        """The kitchen was told these messages failed."""
        ...

    def redrive(self, message_ids: Sequence[str] | None, now: datetime) -> int:
        """Queue these undelivered messages again, due now with a fresh age (None: all of
        them), except those being sent right now; return how many."""
        ...


class Store(Transactions, OrderQueries, MenuStore, Outbox, Protocol):
    """One backend implementing every storage port (and MessageClaims, if its transactions
    run side by side)."""

    def close(self) -> None:
        """Release connections."""
        ...


class MessengerError(Exception):
    """Sending failed; ``retryable`` says whether trying again may help.

    ``retry_after`` is how long the provider asked us to wait (a 429's Retry-After);
    ``status`` its HTTP status, when it answered at all.
    """

    def __init__(self, message: str, *, retryable: bool = True,
                 retry_after: timedelta | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
        self.status = status


class Messenger(Protocol):
    """Sends one WhatsApp message."""

    def send(self, message: OutboundMessage) -> str | None:
        """Send it and return the provider's message id; raise MessengerError on failure."""
        ...


# -- the restaurant's side: availability, handoffs, transcripts, the panel -------------


class RestaurantUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also keeps what the restaurant's side needs, in the same transaction."""

    def get_availability(self) -> Availability | None:
        """The restaurant's pause and sold-out items, or None when never set."""
        ...

    def save_availability(self, availability: Availability) -> None:
        """Replace them."""
        ...

    def get_transcript(self, phone: str) -> Transcript | None:
        """One customer's transcript."""
        ...

    def save_transcript(self, transcript: Transcript) -> None:
        """Replace it."""
        ...

    def add_to_transcript(self, addition: TranscriptAddition) -> None:
        """Add lines to the customer's transcript (``addition.applied`` says what is kept)."""
        ...

    def get_handoff(self, phone: str) -> Handoff | None:
        """The customer's latest handoff (open or closed)."""
        ...

    def save_handoff(self, handoff: Handoff) -> None:
        """Replace it."""
        ...

    def next_handoff_number(self) -> int:
        """A number no handoff was given before (1, 2, 3, ...)."""
        ...

    def customer_orders(self, phone: str) -> list[Order]:
        """Every order placed from this bare phone ("+5511..."), oldest first."""
        ...

    def rewrite_order(self, order: Order) -> None:
        """Replace a stored order, with every field the store indexes it by (phone too)."""
        ...

    def delete_conversation(self, phone: str) -> None:
        """Delete the customer's conversation (nothing happens when there is none)."""
        ...

    def delete_transcript(self, phone: str) -> None:
        """Delete the customer's transcript."""
        ...

    def transcripts_updated_before(self, moment: datetime, limit: int) -> list[str]:
        """Up to ``limit`` phones whose transcript last changed before ``moment``."""
        ...

    def delete_handoff(self, phone: str) -> None:
        """Delete the customer's handoff."""
        ...

    def blank_replies(self, phone: str) -> None:
        """Empty the replies kept with this customer's processed message ids (the ids stay,
        so a redelivered message is still recognised and not applied again)."""
        ...


RestaurantWork = Callable[[RestaurantUnitOfWork], T]


class RestaurantTransactions(Protocol):
    """Runs work atomically on a :class:`RestaurantUnitOfWork`."""

    def run(self, work: RestaurantWork[T]) -> T:
        """Run ``work`` in one transaction and return what it returned; roll back if it raises."""
        ...


class RestaurantQueries(Protocol):
    """Reading the restaurant's side outside any transaction, for the panel."""

    def get_availability(self) -> Availability | None:
        """The restaurant's pause and sold-out items, or None when never set."""
        ...

    def orders_created_between(self, start: datetime, end: datetime,
                               limit: int = 2000) -> list[Order]:
        """Orders created in ``[start, end)``, oldest first."""
        ...

    def list_handoffs(self, limit: int = 100) -> list[Handoff]:
        """Handoffs, the most recently active first."""
        ...

    def list_transcripts(self, limit: int = 50) -> list[Transcript]:
        """Transcripts, the most recently updated first."""
        ...

    def transcript_by_key(self, key: str) -> Transcript | None:
        """The transcript the panel links to under ``key``."""
        ...

    def handoff_by_number(self, number: int) -> Handoff | None:
        """The handoff that was given this number."""
        ...


class ChangeFeed(Protocol):
    """Tells the live panel that something it shows changed, on whichever replica."""

    def change_token(self) -> str:
        """A cheap token that differs whenever orders, handoffs or availability changed."""
        ...


@dataclass(frozen=True)
class PanelSession:
    """A signed-in panel session; ``key`` is the hash of the cookie's token, never the token."""

    key: str
    csrf: str
    created_at: datetime
    seen_at: datetime
    expires_at: datetime

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form, as stores keep it."""
        return {"key": self.key, "csrf": self.csrf, "created_at": to_iso(self.created_at),
                "seen_at": to_iso(self.seen_at), "expires_at": to_iso(self.expires_at)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PanelSession:
        """Inverse of :meth:`to_dict`."""
        return cls(str(data["key"]), str(data["csrf"]), from_iso(str(data["created_at"])),
                   from_iso(str(data["seen_at"])), from_iso(str(data["expires_at"])))


class PanelSessions(Protocol):
    """Where panel sessions live, shared by every replica."""

    def get_panel_session(self, key: str) -> PanelSession | None:
        """The session stored under ``key``."""
        ...

    def save_panel_session(self, session: PanelSession) -> None:
        """Create or replace it."""
        ...

    def delete_panel_session(self, key: str) -> None:
        """End it (nothing happens when there is none)."""
        ...

    def delete_expired_panel_sessions(self, now: datetime) -> int:
        """Delete the sessions that expired before ``now``; return how many."""
        ...


class RestaurantStore(Store, RestaurantTransactions, RestaurantQueries, ChangeFeed,
                      PanelSessions, Protocol):
    """One backend implementing every storage port, the restaurant's side included."""

    def run(self, work: RestaurantWork[T]) -> T:
        """Run ``work`` in one transaction and return what it returned; roll back if it raises."""
        ...
