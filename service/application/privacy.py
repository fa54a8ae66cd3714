"""The customer's data rights (LGPD): erase it, or hand it over.

Erasing deletes the conversation (name, saved address, cart), the transcript and
the handoff, empties the replies kept with the customer's processed message ids,
and keeps their past orders for the restaurant's accounts without name, phone or
address. It runs in one transaction, from the customer's confirmed request
(``DataErasureConfirmed``, inside the message's own transaction) or from the panel.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from service.application.ports import RestaurantTransactions, RestaurantUnitOfWork
from service.clock import Clock, utcnow
from service.domain.conversation import to_iso
from service.logs import mask_phone

__all__ = ["Erasure", "PrivacyService", "erase_customer", "export_customer"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Erasure:
    """What erasing found: whether anything personal was kept, how many orders were anonymised."""

    found: bool
    orders_anonymised: int


def erase_customer(uow: RestaurantUnitOfWork, phone: str) -> Erasure:
    """Erase everything personal kept about the WhatsApp address ``phone`` inside ``uow``."""
    found = any((uow.get_conversation(phone), uow.get_transcript(phone), uow.get_handoff(phone)))
    uow.delete_conversation(phone)
    uow.delete_transcript(phone)
    uow.delete_handoff(phone)
    uow.blank_replies(phone)
    anonymised = 0
    for order in uow.customer_orders(phone.removeprefix("whatsapp:")):
        if not order.anonymous:
            uow.rewrite_order(order.anonymised())
            anonymised += 1
    return Erasure(found or anonymised > 0, anonymised)


def export_customer(uow: RestaurantUnitOfWork, phone: str, now: datetime) -> dict[str, Any]:
    """Everything kept about ``phone``, as one JSON-ready document."""
    conversation = uow.get_conversation(phone)
    transcript = uow.get_transcript(phone)
    handoff = uow.get_handoff(phone)
    return {
        "exported_at": to_iso(now),
        "whatsapp": phone,
        "conversation": conversation.to_dict() if conversation else None,
        "transcript": [line.to_dict() for line in transcript.lines] if transcript else [],
        "handoff": handoff.to_dict() if handoff else None,
        "orders": [order.to_dict()
                   for order in uow.customer_orders(phone.removeprefix("whatsapp:"))],
    }


class PrivacyService:
    """Erasure and export for the panel, each in its own transaction."""

    def __init__(self, store: RestaurantTransactions, clock: Clock = utcnow) -> None:
        self._store = store
        self._clock = clock

    def erase(self, phone: str) -> Erasure:
        """Erase one customer's data."""
        erasure = self._store.run(lambda uow: erase_customer(uow, phone))
        logger.info("erased the data of %s (%d orders anonymised)", mask_phone(phone),
                    erasure.orders_anonymised)
        return erasure

    def export(self, phone: str) -> dict[str, Any]:
        """One customer's data as a JSON-ready document."""
        now = self._clock()
        return self._store.run(lambda uow: export_customer(uow, phone, now))
