"""The outbox in Firestore: ``restaurants/{rid}/outbox/{id}``, claimed with leases.

An entry waiting to be sent has a ``due_at`` timestamp; claiming it moves
``due_at`` to the end of a short lease, which its holder renews while it works, so
a worker that dies leaves it to be claimed again within one lease. Sent and
abandoned entries lose ``due_at`` (a missing field never matches the range query),
so the one query ``due_at <= now order by due_at`` needs only Firestore's automatic
single-field index, and they get an ``expire_at`` for a TTL policy to delete them.

Claims and renewals are single-document writes conditioned on the document's last
update time, not transactions: two workers after one entry cost the loser one
failed write, never a lock wait. A snapshot listener (:mod:`.outbox_watch`) tells
the delivering process when entries fall due, so it does not poll Firestore.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from google.api_core import exceptions
from google.cloud import firestore

from service.application.ports import OutboundMessage, PendingMessage, UndeliveredMessage

__all__ = [
    "SENT_RETENTION",
    "Leases",
    "as_utc",
    "claim_due",
    "count_by_status",
    "entry_fields",
    "mark_failed",
    "mark_reported",
    "mark_sent",
    "redrive",
    "renew",
    "undelivered",
]

logger = logging.getLogger(__name__)

STATUSES = ("pending", "sent", "failed")
# Delivered and abandoned entries are kept a week for support questions
# ("did the kitchen get order 42?"), then a TTL policy on expire_at deletes them.
SENT_RETENTION = timedelta(days=7)
# A claim query looks at a few more entries than it needs: the first ones may be
# taken by another worker between the query and the claim.
EXTRA_CANDIDATES = 4
# Pending entries read to find the failing ones; far more than wait at any moment.
PENDING_SCAN = 1000
# Conditional writes lost to another writer: the entry changed since we read it.
_LOST_RACE = (exceptions.FailedPrecondition, exceptions.Aborted, exceptions.NotFound)


def as_utc(moment: datetime) -> datetime:
    """Timestamps are compared in UTC; a naive datetime is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def entry_fields(message: OutboundMessage, now: datetime) -> dict[str, Any]:
    """The document of a new outbox entry, due at once."""
    fields: dict[str, Any] = {
        "to": message.to,
        "body": message.body,
        "purpose": message.purpose,
        "order_number": message.order_number,
        "status": "pending",
        "attempts": 0,
        "parts_sent": 0,
        "due_at": as_utc(now),
        "created_at": as_utc(now),
        "queued_at": as_utc(now),
    }
    if message.media_url:
        fields["media_url"] = message.media_url
    return fields


def _message(data: dict[str, Any]) -> OutboundMessage:
    number = data.get("order_number")
    return OutboundMessage(to=data["to"], body=data["body"],
                           purpose=data.get("purpose") or "customer",
                           order_number=int(number) if number is not None else None,
                           media_url=data.get("media_url") or None)


def _queued_at(data: dict[str, Any]) -> datetime:
    return as_utc(data.get("queued_at") or data["created_at"])


class Leases:
    """The claims this process holds: entry id → (claim token, update time of our last write).

    The update time is the condition of our next write to the entry: if anyone else
    wrote it since, the write fails and the claim is known to be lost.
    """

    def __init__(self) -> None:
        self._held: dict[str, tuple[str, Any]] = {}
        self._lock = threading.Lock()

    def hold(self, entry_id: str, claim: str, update_time: Any) -> None:
        """We claimed (or renewed) ``entry_id``; our write left it at ``update_time``."""
        with self._lock:
            self._held[entry_id] = (claim, update_time)

    def condition(self, entry_id: str, claim: str) -> Any:
        """The update time to write ``entry_id`` under ``claim``, or None when not held."""
        with self._lock:
            held = self._held.get(entry_id)
        return held[1] if held is not None and held[0] == claim else None

    def version(self, entry_id: str) -> Any:
        """The update time of our last write to ``entry_id`` while we hold it, or None."""
        with self._lock:
            held = self._held.get(entry_id)
        return held[1] if held is not None else None

    def drop(self, entry_id: str) -> None:
        """The claim ended (sent, failed, or lost)."""
        with self._lock:
            self._held.pop(entry_id, None)


def claim_due(client: firestore.Client, outbox: firestore.CollectionReference,
              now: datetime, limit: int, lease: timedelta,
              leases: Leases) -> list[PendingMessage]:
    """Claim up to ``limit`` due entries, each by a conditional write, until ``now + lease``."""
    if limit <= 0:
        return []
    now = as_utc(now)
    query = (
        outbox.where(filter=firestore.FieldFilter("due_at", "<=", now))
        .order_by("due_at")
        .limit(limit + EXTRA_CANDIDATES)
    )
    claimed: list[PendingMessage] = []
    for snapshot in query.stream():
        if len(claimed) >= limit:
            break
        data = snapshot.to_dict() or {}
        if data.get("status") != "pending":
            continue
        attempts = int(data.get("attempts") or 0) + 1
        claim = uuid.uuid4().hex
        try:
            result = snapshot.reference.update(
                {"due_at": now + lease, "attempts": attempts, "claim": claim, "claimed_at": now},
                option=client.write_option(last_update_time=snapshot.update_time),
            )
        except _LOST_RACE:
            continue  # another worker claimed it first
        leases.hold(snapshot.id, claim, result.update_time)
        claimed.append(PendingMessage(
            id=snapshot.id, message=_message(data), attempts=attempts, claim=claim,
            parts_sent=int(data.get("parts_sent") or 0), queued_at=_queued_at(data),
        ))
    return claimed


def renew(client: firestore.Client, outbox: firestore.CollectionReference, message_id: str,
          claim: str, until: datetime, parts_sent: int | None, leases: Leases) -> bool:
    """Move the lease to ``until`` if ``claim`` still holds the entry."""
    condition = leases.condition(message_id, claim)
    if condition is None:
        return False
    fields: dict[str, Any] = {"due_at": as_utc(until)}
    if parts_sent is not None:
        fields["parts_sent"] = parts_sent
    try:
        result = outbox.document(message_id).update(
            fields, option=client.write_option(last_update_time=condition))
    except _LOST_RACE:
        leases.drop(message_id)
        return False
    leases.hold(message_id, claim, result.update_time)
    return True


def count_by_status(outbox: firestore.CollectionReference) -> dict[str, int]:
    """Entries per status, with aggregation queries (one read per 1,000 entries counted)."""
    counts = {}
    for status in STATUSES:
        query: Any = outbox.where(filter=firestore.FieldFilter("status", "==", status)).count()
        total = int(query.get()[0][0].value)
        if total:
            counts[status] = total
    return counts


def mark_sent(outbox: firestore.CollectionReference, message_id: str,
              provider_id: str | None, now: datetime, leases: Leases,
              retention: timedelta = SENT_RETENTION) -> Any:
    """The entry left: never claim it again; a TTL policy deletes it after ``retention``.

    Returns the update time of the write (None: the entry was not found)."""
    leases.drop(message_id)
    try:
        result = outbox.document(message_id).update({
            "status": "sent",
            "due_at": firestore.DELETE_FIELD,
            "claim": firestore.DELETE_FIELD,
            "provider_id": provider_id,
            "sent_at": now,
            "expire_at": now + retention,
        })
    except exceptions.NotFound:
        logger.warning("outbox entry %s not found; nothing to mark", message_id)
        return None
    return result.update_time


def mark_failed(client: firestore.Client, outbox: firestore.CollectionReference,
                message_id: str, error: str, retry_at: datetime | None, now: datetime, *,
                claim: str | None, leases: Leases,
                retention: timedelta = SENT_RETENTION) -> Any:
    """Due again at ``retry_at``, or abandoned when it is None; only while still pending
    (and, with ``claim``, still held by it). Returns the update time of the write, or
    None when nothing was written."""
    reference = outbox.document(message_id)
    if claim is not None:
        condition = leases.condition(message_id, claim)
        leases.drop(message_id)
        if condition is None:
            return None  # the claim was lost: whoever holds the entry now decides
    else:
        snapshot = reference.get()
        if not snapshot.exists or (snapshot.to_dict() or {}).get("status") != "pending":
            return None
        condition = snapshot.update_time
    fields: dict[str, Any] = {"last_error": error[:1000], "claim": firestore.DELETE_FIELD}
    if retry_at is not None:
        fields["due_at"] = as_utc(retry_at)
    else:
        fields.update(status="failed", due_at=firestore.DELETE_FIELD, failed_at=now,
                      expire_at=now + retention)
    try:
        result = reference.update(fields,
                                  option=client.write_option(last_update_time=condition))
    except _LOST_RACE:
        logger.warning("outbox entry %s changed meanwhile; its failure is not recorded",
                       message_id)
        return None
    return result.update_time


def _undelivered(snapshot: Any) -> UndeliveredMessage | None:
    data = snapshot.to_dict() or {}
    status = data.get("status")
    if status == "pending" and data.get("last_error"):
        shown = "retrying"
    elif status == "failed":
        shown = "failed"
    else:
        return None
    failed_at = data.get("failed_at")
    return UndeliveredMessage(
        id=snapshot.id, message=_message(data), status=shown,
        attempts=int(data.get("attempts") or 0), last_error=data.get("last_error"),
        queued_at=_queued_at(data), failed_at=as_utc(failed_at) if failed_at else None,
        reported=data.get("reported_at") is not None,
    )


def _undelivered_snapshots(outbox: firestore.CollectionReference, limit: int) -> list[Any]:
    """Failed entries and pending ones that failed at least once, oldest first."""
    found: list[Any] = []
    for status, bound in (("failed", limit), ("pending", PENDING_SCAN)):
        query = outbox.where(filter=firestore.FieldFilter("status", "==", status)).limit(bound)
        found.extend(s for s in query.stream() if _undelivered(s) is not None)
    found.sort(key=lambda s: as_utc((s.to_dict() or {})["created_at"]))
    return found[:limit]


def undelivered(outbox: firestore.CollectionReference, limit: int) -> list[UndeliveredMessage]:
    """Messages given up or failing, oldest first."""
    return [u for s in _undelivered_snapshots(outbox, limit) if (u := _undelivered(s))]


def mark_reported(client: firestore.Client, outbox: firestore.CollectionReference,
                  message_ids: Iterable[str], now: datetime) -> None:
    """The kitchen was told these entries failed."""
    batch = client.batch()
    for message_id in message_ids:
        batch.update(outbox.document(message_id), {"reported_at": now})
    batch.commit()


def redrive(client: firestore.Client, outbox: firestore.CollectionReference,
            message_ids: Sequence[str] | None, now: datetime) -> list[str]:
    """Queue undelivered entries again, due now, with a fresh age (not those in flight);
    return their ids."""
    now = as_utc(now)
    if message_ids is None:
        snapshots = _undelivered_snapshots(outbox, PENDING_SCAN)
    else:
        snapshots = [s for s in client.get_all([outbox.document(i) for i in message_ids])
                     if s.exists and _undelivered(s) is not None]
    queued = []
    for snapshot in snapshots:
        data = snapshot.to_dict() or {}
        due = data.get("due_at")
        if data.get("claim") and due is not None and as_utc(due) > now:
            continue  # a worker is sending it right now
        try:
            snapshot.reference.update({
                "status": "pending", "due_at": now, "queued_at": now, "attempts": 0,
                "parts_sent": data.get("parts_sent") or 0,
                "last_error": firestore.DELETE_FIELD, "failed_at": firestore.DELETE_FIELD,
                "reported_at": firestore.DELETE_FIELD, "expire_at": firestore.DELETE_FIELD,
                "claim": firestore.DELETE_FIELD,
            }, option=client.write_option(last_update_time=snapshot.update_time))
        except _LOST_RACE:
            continue
        queued.append(snapshot.id)
    return queued
