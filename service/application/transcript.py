"""Recording what customers write and what they are answered, and reading it back for the panel.

Lines are recorded inside the transaction that applies the message, so a repeated
delivery records nothing twice. Each transcript keeps at most ``keep`` lines, none
older than ``retention``; :meth:`TranscriptService.purge` deletes the transcripts
of customers who have not written for longer than that.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from service.application.ports import (
    RestaurantQueries,
    RestaurantTransactions,
    RestaurantUnitOfWork,
)
from service.clock import Clock, utcnow
from service.domain.conversation import Inbound
from service.domain.transcript import Line, Speaker, Transcript, TranscriptAddition

__all__ = [
    "TranscriptPolicy",
    "TranscriptService",
    "inbound_text",
    "record",
    "record_exchange",
]

logger = logging.getLogger(__name__)

# Deleting stale transcripts in batches keeps each transaction small (Firestore
# allows 500 writes in one).
PURGE_BATCH = 200


@dataclass(frozen=True)
class TranscriptPolicy:
    """How much of each customer's transcript is kept."""

    keep: int = 100
    retention: timedelta = field(default=timedelta(days=30))


def inbound_text(inbound: Inbound) -> str:
    """What the customer sent, as a transcript line: the text, or what was attached."""
    parts = [inbound.text.strip()] if inbound.text.strip() else []
    if inbound.location is not None:
        where = inbound.location.address or inbound.location.label
        place = f" ({where})" if where else ""
        parts.append(f"[localização {inbound.location.latitude:.5f},"
                     f"{inbound.location.longitude:.5f}{place}]")
    parts += [f"[anexo {kind}]" for kind in inbound.media_types]
    return "\n".join(parts)


def record(uow: RestaurantUnitOfWork, phone: str, name: str,
           lines: Sequence[tuple[Speaker, str]], now: datetime,
           policy: TranscriptPolicy) -> None:
    """Append ``lines`` (speaker, text) to the customer's transcript inside ``uow``."""
    uow.add_to_transcript(TranscriptAddition(
        phone, name, tuple(Line(now, speaker, text) for speaker, text in lines), now,
        policy.keep, policy.retention, key=secrets.token_urlsafe(12)))


def record_exchange(uow: RestaurantUnitOfWork, inbound: Inbound, replies: Sequence[str],
                    now: datetime, policy: TranscriptPolicy) -> None:
    """Record a customer message and the assistant's replies to it."""
    lines = [(Speaker.CUSTOMER, inbound_text(inbound)), *((Speaker.BOT, r) for r in replies)]
    record(uow, inbound.phone, inbound.profile_name, lines, now, policy)


class TranscriptStore(RestaurantTransactions, RestaurantQueries, Protocol):
    """What reading and purging transcripts needs from the store."""


class TranscriptService:
    """The panel's reads of transcripts, and their purge after the retention period."""

    def __init__(self, store: TranscriptStore, policy: TranscriptPolicy,
                 clock: Clock = utcnow) -> None:
        self._store = store
        self.policy = policy
        self._clock = clock

    def recent(self, limit: int = 50) -> list[Transcript]:
        """The customers who wrote last, first."""
        return self._store.list_transcripts(limit)

    def by_key(self, key: str) -> Transcript | None:
        """The transcript the panel links to under ``key``."""
        return self._store.transcript_by_key(key) if key else None

    def lines(self, transcript: Transcript) -> tuple[Line, ...]:
        """The lines still within the retention period."""
        return transcript.recent(self._clock(), self.policy.retention)

    def purge(self) -> int:
        """Delete the transcripts nobody added to within the retention period; return how many."""
        cutoff = self._clock() - self.policy.retention

        def batch(uow: RestaurantUnitOfWork) -> int:
            phones = uow.transcripts_updated_before(cutoff, PURGE_BATCH)
            for phone in phones:
                uow.delete_transcript(phone)
            return len(phones)

        deleted = 0
        while True:
            count = self._store.run(batch)
            deleted += count
            if count < PURGE_BATCH:
                break
        if deleted:
            logger.info("deleted %d transcript%s older than %s", deleted,
                        "" if deleted == 1 else "s", self.policy.retention)
        return deleted
