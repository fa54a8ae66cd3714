"""The outbox in Firestore: ``restaurants/{rid}/outbox/{id}``, claimed with leases.

An entry waiting to be sent has a ``due_at`` timestamp; claiming it moves
``due_at`` to the end of the lease, so a worker that dies leaves it to be claimed
again. Sent and abandoned entries lose ``due_at`` (a missing field never matches
the range query), so the one query ``due_at <= now order by due_at`` needs only
Firestore's automatic single-field index, and they get an ``expire_at`` for a
TTL policy to delete them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from google.api_core import exceptions
from google.cloud import firestore

from service.application.ports import OutboundMessage, PendingMessage

__all__ = [
    "SENT_RETENTION",
    "DueHints",
    "claim_due",
    "count_by_status",
    "entry_fields",
    "mark_failed",
    "mark_sent",
]

logger = logging.getLogger(__name__)

STATUSES = ("pending", "sent", "failed")
# Delivered and abandoned entries are kept a week for support questions
# ("did the kitchen get order 42?"), then a TTL policy on expire_at deletes them.
SENT_RETENTION = timedelta(days=7)


def as_utc(moment: datetime) -> datetime:
    """Timestamps are compared in UTC; a naive datetime is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class DueHints:
    """When this process knows outbox entries fall due, so idle polls need not read Firestore.

    The worker polls every second, and an empty Firestore query still costs a
    read, which would dwarf what the messages themselves cost. Entries this process
    enqueued, leased or scheduled for retry are remembered here by id; anything
    else (say, a lease left by a replica that died mid-send) is found by a full
    query at least every ``scan_seconds``.
    """

    def __init__(self, scan_seconds: float,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._scan_seconds = scan_seconds
        self._monotonic = monotonic
        self._due: dict[str, datetime] = {}
        self._last_scan = float("-inf")
        self._lock = threading.Lock()

    def set(self, entry_id: str, due: datetime | None) -> None:
        """Entry ``entry_id`` falls due at ``due``, or never again when it is None."""
        with self._lock:
            if due is None:
                self._due.pop(entry_id, None)
            else:
                self._due[entry_id] = as_utc(due)

    def should_query(self, now: datetime) -> bool:
        """True when something known is due, or a full scan is owed."""
        now = as_utc(now)
        with self._lock:
            if self._monotonic() - self._last_scan >= self._scan_seconds:
                return True
            return any(due <= now for due in self._due.values())

    def queried(self, now: datetime, claimed: list[PendingMessage], lease_end: datetime,
                exhausted: bool) -> None:
        """A query at ``now`` claimed ``claimed``; ``exhausted``: it took all that was due."""
        now = as_utc(now)
        with self._lock:
            self._last_scan = self._monotonic()
            if exhausted:
                self._due = {key: due for key, due in self._due.items() if due > now}
            for pending in claimed:
                self._due[pending.id] = as_utc(lease_end)


def entry_fields(message: OutboundMessage, now: datetime) -> dict[str, Any]:
    """The document of a new outbox entry, due at once."""
    return {
        "to": message.to,
        "body": message.body,
        "purpose": message.purpose,
        "status": "pending",
        "attempts": 0,
        "due_at": as_utc(now),
        "created_at": as_utc(now),
    }


def claim_due(client: firestore.Client, outbox: firestore.CollectionReference,
              now: datetime, limit: int, lease: timedelta) -> list[PendingMessage]:
    """Claim up to ``limit`` due entries in one transaction, leasing them until ``now + lease``."""
    if limit <= 0:
        return []
    now = as_utc(now)
    query = (
        outbox.where(filter=firestore.FieldFilter("due_at", "<=", now))
        .order_by("due_at")
        .limit(limit)
    )

    @firestore.transactional
    def claim(transaction: firestore.Transaction) -> list[PendingMessage]:
        claimed = []
        for snapshot in transaction.get(query):
            data = snapshot.to_dict() or {}
            attempts = int(data.get("attempts") or 0) + 1
            transaction.update(
                snapshot.reference,
                {"due_at": now + lease, "attempts": attempts, "claimed_at": now},
            )
            message = OutboundMessage(
                to=data["to"], body=data["body"], purpose=data.get("purpose") or "customer"
            )
            claimed.append(PendingMessage(id=snapshot.id, message=message, attempts=attempts))
        return claimed

    return claim(client.transaction())


def count_by_status(outbox: firestore.CollectionReference) -> dict[str, int]:
    """Entries per status, with aggregation queries (one read per 1,000 entries counted)."""
    counts = {}
    for status in STATUSES:
        query: Any = outbox.where(filter=firestore.FieldFilter("status", "==", status)).count()
        total = int(query.get()[0][0].value)
        if total:
            counts[status] = total
    return counts


def _update(outbox: firestore.CollectionReference, message_id: str,
            fields: dict[str, Any]) -> None:
    try:
        outbox.document(message_id).update(fields)
    except exceptions.NotFound:
        logger.warning("outbox entry %s not found; nothing to mark", message_id)


def mark_sent(outbox: firestore.CollectionReference, message_id: str,
              provider_id: str | None, now: datetime,
              retention: timedelta = SENT_RETENTION) -> None:
    """The entry left: never claim it again; a TTL policy deletes it after ``retention``."""
    _update(outbox, message_id, {
        "status": "sent",
        "due_at": firestore.DELETE_FIELD,
        "provider_id": provider_id,
        "sent_at": now,
        "expire_at": now + retention,
    })


def mark_failed(outbox: firestore.CollectionReference, message_id: str, error: str,
                retry_at: datetime | None, now: datetime,
                retention: timedelta = SENT_RETENTION) -> None:
    """Sending failed: due again at ``retry_at``, or abandoned when it is None."""
    fields: dict[str, Any] = {"last_error": error[:1000]}
    if retry_at is not None:
        fields.update(status="pending", due_at=as_utc(retry_at))
    else:
        fields.update(status="failed", due_at=firestore.DELETE_FIELD, failed_at=now,
                      expire_at=now + retention)
    _update(outbox, message_id, fields)
