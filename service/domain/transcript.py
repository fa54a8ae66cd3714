"""A customer's transcript: what they wrote and what we answered, bounded and with an age limit.

One document per customer. ``key`` is an opaque id the panel puts in its links, so
the phone number never appears in a URL (nor in the access logs that record URLs).
``last_customer_at`` dates the customer's last message: WhatsApp accepts a
free-form message from us only within 24 hours of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from service.domain.conversation import from_iso, to_iso

__all__ = ["MAX_LINE_CHARS", "Line", "Speaker", "Transcript", "TranscriptAddition"]

# One WhatsApp message holds at most 1,600 characters, and each line is one message;
# with the longest transcript settings allow (200 lines) a document stays far below
# Firestore's 1 MiB.
MAX_LINE_CHARS = 1600


class Speaker(StrEnum):
    """Who wrote a line; stored by value."""

    CUSTOMER = "cliente"
    BOT = "assistente"
    STAFF = "equipe"


_SPEAKERS = {speaker.value: speaker for speaker in Speaker}


@dataclass(frozen=True, slots=True)
class Line:
    """One message in the transcript."""

    at: datetime
    speaker: Speaker
    text: str
    # ``at`` as stored, when read from a store: every message rewrites the whole
    # transcript, and formatting each old line's time again is most of that cost.
    stamp: str = field(default="", compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"at": self.stamp or to_iso(self.at), "speaker": self.speaker.value,
                "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Line:
        """Inverse of :meth:`to_dict`."""
        stamp = str(data["at"])
        speaker = _SPEAKERS.get(data["speaker"]) or Speaker(data["speaker"])
        return cls(from_iso(stamp), speaker, str(data["text"]), stamp)


@dataclass(frozen=True)
class Transcript:
    """A customer's recent messages, oldest first."""

    phone: str
    key: str
    customer_name: str = ""
    lines: tuple[Line, ...] = ()
    last_customer_at: datetime | None = None
    updated_at: datetime | None = None

    def added(self, lines: Iterable[Line], *, now: datetime, keep: int,
              retention: timedelta) -> Transcript:
        """The transcript with ``lines`` added; lines beyond ``keep`` or ``retention`` go.

        A store that keeps lines as rows applies this to the transcript without its
        lines (the result holds the new lines to append), then deletes its rows beyond
        the newest ``keep`` and those older than ``now - retention``.
        """
        new = tuple(line if len(line.text) <= MAX_LINE_CHARS
                    else replace(line, text=line.text[:MAX_LINE_CHARS])
                    for line in lines if line.text)
        oldest = now - retention
        kept = tuple(line for line in (*self.lines, *new) if line.at >= oldest)
        spoke = [line.at for line in new if line.speaker is Speaker.CUSTOMER]
        return replace(
            self,
            lines=kept[-keep:] if keep > 0 else (),
            last_customer_at=max(spoke) if spoke else self.last_customer_at,
            updated_at=now,
        )

    def recent(self, now: datetime, retention: timedelta) -> tuple[Line, ...]:
        """The lines still within ``retention`` at ``now``."""
        return tuple(line for line in self.lines if now - line.at <= retention)

    def named(self, name: str) -> Transcript:
        """The transcript under the customer's latest WhatsApp name (kept when blank)."""
        name = name.strip()
        return replace(self, customer_name=name) if name and name != self.customer_name else self

    def to_dict(self, *, lines: bool = True) -> dict[str, Any]:
        """JSON-ready form, as stores keep it (``lines=False``: for a store keeping them apart)."""
        return {
            "phone": self.phone,
            "key": self.key,
            "customer_name": self.customer_name,
            "lines": [line.to_dict() for line in self.lines] if lines else [],
            "last_customer_at": to_iso(self.last_customer_at) if self.last_customer_at else None,
            "updated_at": to_iso(self.updated_at) if self.updated_at else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        """Inverse of :meth:`to_dict`."""
        last, updated = data.get("last_customer_at"), data.get("updated_at")
        return cls(
            phone=str(data["phone"]),
            key=str(data["key"]),
            customer_name=str(data.get("customer_name") or ""),
            lines=tuple(Line.from_dict(line) for line in data.get("lines") or ()),
            last_customer_at=from_iso(str(last)) if last else None,
            updated_at=from_iso(str(updated)) if updated else None,
        )


@dataclass(frozen=True)
class TranscriptAddition:
    """Lines to add to a customer's transcript, and how much of it to keep.

    ``key`` is the panel's key for the transcript, used when the customer has none yet.
    """

    phone: str
    name: str
    lines: tuple[Line, ...]
    now: datetime
    keep: int
    retention: timedelta
    key: str

    @property
    def oldest(self) -> datetime:
        """Lines older than this go."""
        return self.now - self.retention

    def applied(self, transcript: Transcript | None) -> Transcript:
        """``transcript`` (or a new one) with the lines added and the bounds applied."""
        base = transcript if transcript is not None else Transcript(self.phone, key=self.key)
        return base.named(self.name).added(self.lines, now=self.now, keep=self.keep,
                                           retention=self.retention)
