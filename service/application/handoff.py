"""A person attends a customer through the bot's number: opening, holding, replying, ending.

The rules (see :mod:`service.domain.handoff`) run inside the store transaction of
the message or action that triggers them. A staff reply goes to the outbox, so it
leaves once the transaction commits; it is applied once per request id (a double
click, a repeated kitchen message), and refused outside WhatsApp's 24-hour window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from service.application.once import apply_once
from service.application.ports import (
    OutboundMessage,
    RestaurantQueries,
    RestaurantTransactions,
    RestaurantUnitOfWork,
)
from service.application.transcript import TranscriptPolicy, inbound_text, record
from service.clock import Clock, utcnow
from service.domain import kitchen_texts, restaurant_texts
from service.domain.conversation import Inbound
from service.domain.handoff import Handoff, HandoffReason, within_whatsapp_window
from service.domain.local_time import restaurant_zone
from service.domain.menu import Menu
from service.domain.transcript import Speaker
from service.logs import mask_phone

__all__ = [
    "MAX_REPLY_CHARS",
    "CarePolicy",
    "HandoffService",
    "Hold",
    "ReplyOutcome",
    "ReplyRefused",
    "end_handoff",
    "hold_for_staff",
    "open_handoff",
    "staff_reply",
    "take_over",
]

logger = logging.getLogger(__name__)

# One WhatsApp message.
MAX_REPLY_CHARS = 1600


@dataclass(frozen=True)
class CarePolicy:
    """How long staff may stay silent before the assistant answers again; transcript bounds."""

    idle: timedelta = timedelta(minutes=30)
    transcript: TranscriptPolicy = field(default_factory=TranscriptPolicy)


@dataclass(frozen=True)
class Hold:
    """Whether the assistant stays quiet for this message, or a notice to say before it answers."""

    quiet: bool
    notice: str | None = None


class ReplyRefused(ValueError):
    """A staff reply that cannot be sent; ``str()`` is the Portuguese reason."""


def _bare(phone: str) -> str:
    return phone.removeprefix("whatsapp:")


def hold_for_staff(uow: RestaurantUnitOfWork, inbound: Inbound, now: datetime,
                   policy: CarePolicy, kitchen: str | None) -> Hold:
    """While a person attends this customer, record the message for them and keep quiet."""
    handoff = uow.get_handoff(inbound.phone)
    if handoff is None or handoff.closed:
        return Hold(quiet=False)
    if not handoff.holds(now, policy.idle):
        uow.save_handoff(handoff.ended(now))
        logger.info("handoff %d ended: staff idle for %s", handoff.number, policy.idle)
        return Hold(quiet=False, notice=restaurant_texts.bot_back())
    handoff = handoff.customer_wrote(inbound.profile_name, now)
    uow.save_handoff(handoff)
    text = inbound_text(inbound)
    record(uow, inbound.phone, inbound.profile_name, [(Speaker.CUSTOMER, text)], now,
           policy.transcript)
    if kitchen and text:
        body = kitchen_texts.kitchen_customer_wrote(handoff.number, handoff.customer_name, text)
        uow.enqueue(OutboundMessage(kitchen, body, "kitchen"))
    return Hold(quiet=True)


def open_handoff(uow: RestaurantUnitOfWork, phone: str, name: str, reason: str,
                 now: datetime, policy: CarePolicy, kitchen: str | None) -> Handoff:
    """Open a handoff for ``phone`` (the one already open stays) and tell the kitchen."""
    current = uow.get_handoff(phone)
    if current is not None and current.holds(now, policy.idle):
        return current
    handoff = Handoff.open(phone, uow.next_handoff_number(), reason, name, now)
    uow.save_handoff(handoff)
    if kitchen and handoff.reason is not HandoffReason.STAFF:
        body = kitchen_texts.kitchen_handoff(handoff.number, name, _bare(phone),
                                             handoff.reason.value)
        uow.enqueue(OutboundMessage(kitchen, body, "kitchen"))
    return handoff


def take_over(uow: RestaurantUnitOfWork, phone: str, name: str, now: datetime,
              policy: CarePolicy) -> Handoff:
    """Staff take the conversation: the assistant goes quiet for this customer from now."""
    handoff = open_handoff(uow, phone, name, HandoffReason.STAFF, now, policy, None)
    handoff = handoff.staff_acted(now)
    uow.save_handoff(handoff)
    return handoff


def end_handoff(uow: RestaurantUnitOfWork, phone: str,
                now: datetime) -> tuple[Handoff | None, bool]:
    """Give the conversation back to the assistant; (handoff, whether it was open)."""
    handoff = uow.get_handoff(phone)
    if handoff is None or handoff.closed:
        return handoff, False
    handoff = handoff.ended(now)
    uow.save_handoff(handoff)
    return handoff, True


def staff_reply(uow: RestaurantUnitOfWork, phone: str, text: str, now: datetime,
                policy: CarePolicy, menu: Menu | None) -> Handoff:
    """Send ``text`` to the customer as staff; raise ReplyRefused (and change nothing)."""
    body = text.strip()
    if not body:
        raise ReplyRefused(restaurant_texts.reply_empty())
    if len(body) > MAX_REPLY_CHARS:
        raise ReplyRefused(restaurant_texts.reply_too_long(MAX_REPLY_CHARS))
    transcript = uow.get_transcript(phone)
    last = transcript.last_customer_at if transcript is not None else None
    if not within_whatsapp_window(last, now):
        raise ReplyRefused(restaurant_texts.reply_outside_window(last, restaurant_zone(menu)))
    name = transcript.customer_name if transcript is not None else ""
    handoff = take_over(uow, phone, name, now, policy)
    uow.enqueue(OutboundMessage(phone, body, "customer"))
    record(uow, phone, "", [(Speaker.STAFF, body)], now, policy.transcript)
    return handoff


class HandoffStore(RestaurantTransactions, RestaurantQueries, Protocol):
    """What the handoff use cases need from the store."""


@dataclass(frozen=True)
class ReplyOutcome:
    """A staff reply: the handoff after it, and whether this request was applied before."""

    handoff: Handoff | None
    duplicate: bool


class HandoffService:
    """The panel's and the kitchen's operations on handoffs, each in its own transaction."""

    def __init__(self, store: HandoffStore, policy: CarePolicy,
                 menu: Callable[[], Menu | None], clock: Clock = utcnow) -> None:
        self._store = store
        self.policy = policy
        self._menu = menu
        self._clock = clock

    def holding(self, handoff: Handoff) -> bool:
        """Whether the assistant is quiet for this handoff's customer now."""
        return handoff.holds(self._clock(), self.policy.idle)

    def inbox(self, limit: int = 100) -> list[Handoff]:
        """Handoffs still holding the assistant, the most recently active first."""
        now = self._clock()
        return [h for h in self._store.list_handoffs(limit) if h.holds(now, self.policy.idle)]

    def by_number(self, number: int) -> Handoff | None:
        """The handoff given this number."""
        return self._store.handoff_by_number(number)

    def of(self, phone: str) -> Handoff | None:
        """The customer's latest handoff."""
        return self._store.run(lambda uow: uow.get_handoff(phone))

    def take_over(self, phone: str, name: str) -> Handoff:
        """Staff take the conversation now."""
        now = self._clock()
        return self._store.run(lambda uow: take_over(uow, phone, name, now, self.policy))

    def release(self, phone: str) -> tuple[Handoff | None, bool]:
        """The conversation goes back to the assistant; (handoff, whether it was open)."""
        now = self._clock()
        return self._store.run(lambda uow: end_handoff(uow, phone, now))

    def reply(self, phone: str, text: str, request_id: str) -> ReplyOutcome:
        """Send a staff reply once per ``request_id``; raise ReplyRefused."""
        now = self._clock()
        menu = self._menu()
        done: list[Handoff] = []

        def work(uow: RestaurantUnitOfWork) -> list[str]:
            done[:] = [staff_reply(uow, phone, text, now, self.policy, menu)]
            return []

        outcome = apply_once(self._store, phone, f"staff-reply:{request_id}", work)
        if outcome.duplicate:
            return ReplyOutcome(self.of(phone), duplicate=True)
        logger.info("staff reply to %s sent to the outbox", mask_phone(phone))
        return ReplyOutcome(done[0], duplicate=False)
