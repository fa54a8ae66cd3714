"""A person takes over a customer's conversation: the handoff and the rules that end it.

A handoff opens when the customer asks for a person, when the assistant keeps not
understanding, or when staff take a conversation over. While it is open the
assistant stays quiet for that customer (their messages are still recorded and
shown to staff). It ends on the panel's button or the kitchen's command, or by
itself when staff have been silent for the idle time. Each opening gets a small
number, which the kitchen types to answer ("responder 3 ...").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from service.domain.conversation import from_iso, to_iso

__all__ = [
    "WHATSAPP_WINDOW",
    "Handoff",
    "HandoffReason",
    "HandoffStatus",
    "within_whatsapp_window",
]

# WhatsApp delivers a free-form business message only within 24 hours of the
# customer's last message; later ones need an approved template.
WHATSAPP_WINDOW = timedelta(hours=24)


def within_whatsapp_window(last_customer_at: datetime | None, now: datetime) -> bool:
    """Whether a free-form message may still reach a customer who last wrote then."""
    return last_customer_at is not None and now - last_customer_at < WHATSAPP_WINDOW


class HandoffStatus(StrEnum):
    """Where a handoff is; stored by value."""

    WAITING = "aguardando"  # asked for; no person has answered yet
    ATTENDING = "em_atendimento"  # a person took it or wrote to the customer
    CLOSED = "encerrado"


class HandoffReason(StrEnum):
    """Why it opened (the values of ``HumanRequested.reason``, plus staff taking over)."""

    ASKED = "asked"
    NOT_UNDERSTOOD = "not_understood"
    STAFF = "staff"
    CHANGE_ADDRESS = "change_address"  # a new address right after the order was placed


@dataclass(frozen=True)
class Handoff:
    """One customer's handoff; ``staff_at`` is when a person last acted (or when it opened)."""

    phone: str
    number: int
    reason: HandoffReason
    status: HandoffStatus
    opened_at: datetime
    staff_at: datetime
    updated_at: datetime
    customer_name: str = ""
    unread: int = 0  # customer messages since staff last acted
    closed_at: datetime | None = None

    @classmethod
    def open(cls, phone: str, number: int, reason: HandoffReason | str, name: str,
             now: datetime) -> Handoff:
        """A new handoff; taken by staff at once when they opened it."""
        why = HandoffReason(reason) if reason in set(HandoffReason) else HandoffReason.ASKED
        status = HandoffStatus.ATTENDING if why is HandoffReason.STAFF else HandoffStatus.WAITING
        return cls(phone, number, why, status, now, now, now, name)

    @property
    def closed(self) -> bool:
        """True once ended."""
        return self.status is HandoffStatus.CLOSED

    def holds(self, now: datetime, idle: timedelta) -> bool:
        """Whether the assistant must stay quiet at ``now``: open, and staff not idle too long."""
        return not self.closed and now - self.staff_at < idle

    def customer_wrote(self, name: str, now: datetime) -> Handoff:
        """A customer message arrived during the handoff."""
        return replace(self, unread=self.unread + 1, updated_at=now,
                       customer_name=name.strip() or self.customer_name)

    def staff_acted(self, now: datetime) -> Handoff:
        """A person took over or wrote: the idle time counts again from now."""
        return replace(self, status=HandoffStatus.ATTENDING, staff_at=now, updated_at=now,
                       unread=0)

    def ended(self, now: datetime) -> Handoff:
        """The conversation goes back to the assistant."""
        return replace(self, status=HandoffStatus.CLOSED, closed_at=now, updated_at=now)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as stores keep it."""
        return {
            "phone": self.phone, "number": self.number, "reason": self.reason.value,
            "status": self.status.value, "opened_at": to_iso(self.opened_at),
            "staff_at": to_iso(self.staff_at), "updated_at": to_iso(self.updated_at),
            "customer_name": self.customer_name, "unread": self.unread,
            "closed_at": to_iso(self.closed_at) if self.closed_at else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Handoff:
        """Inverse of :meth:`to_dict`."""
        closed = data.get("closed_at")
        return cls(
            phone=str(data["phone"]), number=int(data["number"]),
            reason=HandoffReason(data["reason"]), status=HandoffStatus(data["status"]),
            opened_at=from_iso(str(data["opened_at"])), staff_at=from_iso(str(data["staff_at"])),
            updated_at=from_iso(str(data["updated_at"])),
            customer_name=str(data.get("customer_name") or ""), unread=int(data.get("unread", 0)),
            closed_at=from_iso(str(closed)) if closed else None,
        )
