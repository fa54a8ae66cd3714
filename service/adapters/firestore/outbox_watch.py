"""When outbox entries fall due, known in the delivering process without polling Firestore.

:class:`DueHints` remembers, by entry id, when each known entry falls due; the
worker queries Firestore only when one does, or when a periodic scan is owed.
:class:`OutboxWatch` feeds it from a snapshot listener on the pending entries.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from google.cloud import firestore

from service.adapters.firestore.outbox import as_utc
from service.application.ports import PendingMessage

__all__ = ["DueHints", "OutboxWatch", "version_of"]


def version_of(update_time: Any) -> int | None:
    """A document's update time as nanoseconds since the epoch, to compare versions.

    Firestore's times carry nanoseconds that a datetime comparison would drop.
    """
    if update_time is None:
        return None
    timestamp_pb = getattr(update_time, "timestamp_pb", None)
    if timestamp_pb is not None:
        stamp = timestamp_pb()
        return int(stamp.seconds) * 1_000_000_000 + int(stamp.nanos)
    if isinstance(update_time, datetime):
        return round(as_utc(update_time).timestamp() * 1_000_000) * 1000
    return int(update_time.seconds) * 1_000_000_000 + int(update_time.nanos)


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
        # Entry id → the newest update time a hint about it came from.
        self._versions: dict[str, int] = {}
        self._last_scan = float("-inf")
        self._lock = threading.Lock()

    def set(self, entry_id: str, due: datetime | None, version: Any = None) -> bool:
        """Entry ``entry_id`` falls due at ``due``, or never again when it is None.

        ``version`` is the update time of the entry this comes from (None: unknown, a
        write whose time Firestore did not return); a version older than one already
        applied is ignored. True when applied.
        """
        stamp = version_of(version)
        with self._lock:
            known = self._versions.get(entry_id)
            if stamp is not None and known is not None and stamp < known:
                return False
            if stamp is not None:
                self._versions[entry_id] = stamp
            if due is None:
                self._due.pop(entry_id, None)
            else:
                self._due[entry_id] = as_utc(due)
            self._forget_versions()
            return True

    def _forget_versions(self) -> None:
        """Drop the versions of entries no longer hinted, once they outnumber the hints."""
        if len(self._versions) > 2 * len(self._due) + 1000:
            self._versions = {key: stamp for key, stamp in self._versions.items()
                              if key in self._due}

    def should_query(self, now: datetime) -> bool:
        """True when something known is due, or a full scan is owed."""
        now = as_utc(now)
        with self._lock:
            if self._monotonic() - self._last_scan >= self._scan_seconds:
                return True
            return any(due <= now for due in self._due.values())

    def queried(self, now: datetime, claimed: list[PendingMessage], lease_end: datetime,
                exhausted: bool, versions: Mapping[str, Any] | None = None) -> None:
        """A query at ``now`` claimed ``claimed`` (our claims' update times in
        ``versions``); ``exhausted``: it took all that was due."""
        now = as_utc(now)
        with self._lock:
            self._last_scan = self._monotonic()
            if exhausted:
                self._due = {key: due for key, due in self._due.items() if due > now}
        for pending in claimed:
            self.set(pending.id, lease_end, (versions or {}).get(pending.id))


class OutboxWatch:
    """Follows the pending entries with a snapshot listener and tells :class:`DueHints`.

    Started by the process that delivers, on its first poll: from then on it knows
    when every pending entry falls due (another process's too, or a dead worker's
    lease), at one read per change instead of a query per poll.
    """

    def __init__(self, outbox: firestore.CollectionReference, hints: DueHints) -> None:
        self._outbox = outbox
        self._hints = hints
        self._lock = threading.Lock()
        self._watch: Any = None

    def start(self) -> None:
        """Start listening (once)."""
        with self._lock:
            if self._watch is None:
                pending = self._outbox.where(filter=firestore.FieldFilter("status", "==",
                                                                          "pending"))
                self._watch = pending.on_snapshot(self._changed)

    def _changed(self, snapshots: Any, changes: Any, read_time: Any) -> None:
        for change in changes:
            document = change.document
            due = (document.to_dict() or {}).get("due_at")
            removed = change.type.name == "REMOVED"
            self._hints.set(document.id, None if removed or due is None else due,
                            document.update_time)

    def stop(self) -> None:
        """Stop listening."""
        with self._lock:
            watch, self._watch = self._watch, None
        if watch is not None:
            watch.unsubscribe()
