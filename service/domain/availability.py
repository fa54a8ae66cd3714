"""What the restaurant offers right now: whether it takes orders, and which items ran out.

One small document per restaurant, changed from the panel or the kitchen's WhatsApp
and read before every customer message, so a change reaches every replica at the
next message. A pause may end by itself at ``until``; sold-out items are kept apart
from the menu file, so loading the menu again does not bring a dish back that ran out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from service.domain.conversation import from_iso, to_iso
from service.domain.menu import Menu

__all__ = ["MAX_PAUSE_MESSAGE_CHARS", "Availability", "Pause"]

# A pause message is read on WhatsApp beside our own notice: a sentence or two.
MAX_PAUSE_MESSAGE_CHARS = 200


@dataclass(frozen=True)
class Pause:
    """The restaurant stopped taking orders at ``since``, until ``until`` (None: until resumed)."""

    since: datetime
    until: datetime | None = None
    message: str = ""

    def over(self, now: datetime) -> bool:
        """True once the until-time has passed."""
        return self.until is not None and now >= self.until

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"since": to_iso(self.since),
                "until": to_iso(self.until) if self.until else None,
                "message": self.message}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pause:
        """Inverse of :meth:`to_dict`."""
        until = data.get("until")
        return cls(from_iso(str(data["since"])), from_iso(str(until)) if until else None,
                   str(data.get("message") or ""))


@dataclass(frozen=True)
class Availability:
    """The pause (if any) and the ids of items that ran out."""

    pause: Pause | None = None
    sold_out: frozenset[str] = frozenset()
    updated_at: datetime | None = None

    def active_pause(self, now: datetime) -> Pause | None:
        """The pause in force at ``now`` (one whose until-time passed is over)."""
        if self.pause is None or self.pause.over(now):
            return None
        return self.pause

    def taking_orders(self, now: datetime) -> bool:
        """False while a pause is in force."""
        return self.active_pause(now) is None

    def offer(self, menu: Menu) -> Menu:
        """``menu`` with the sold-out items unavailable (the same menu when none is)."""
        if not any(item.available and item.id in self.sold_out for item in menu.items):
            return menu
        return menu.with_items(tuple(
            replace(item, available=False) if item.id in self.sold_out else item
            for item in menu.items
        ))

    def with_item(self, item_id: str, sold_out: bool, now: datetime) -> Availability:
        """The same availability with ``item_id`` sold out, or back."""
        ids = self.sold_out | {item_id} if sold_out else self.sold_out - {item_id}
        return replace(self, sold_out=frozenset(ids), updated_at=now)

    def paused(self, pause: Pause, now: datetime) -> Availability:
        """Orders stop now (replacing any earlier pause)."""
        return replace(self, pause=pause, updated_at=now)

    def resumed(self, now: datetime) -> Availability:
        """Orders are taken again."""
        return replace(self, pause=None, updated_at=now)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as stores keep it."""
        return {"pause": self.pause.to_dict() if self.pause else None,
                "sold_out": sorted(self.sold_out),
                "updated_at": to_iso(self.updated_at) if self.updated_at else None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Availability:
        """Inverse of :meth:`to_dict`."""
        pause = data.get("pause")
        updated = data.get("updated_at")
        return cls(Pause.from_dict(pause) if pause else None,
                   frozenset(str(i) for i in data.get("sold_out") or ()),
                   from_iso(str(updated)) if updated else None)
