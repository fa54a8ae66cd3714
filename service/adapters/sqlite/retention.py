"""Forgetting what is no longer needed: old processed-message ids and delivered outbox entries.

A message id only has to be remembered while Twilio may still deliver that message
again (minutes, at most); delivered and abandoned outbox entries only answer support
questions for a while. Orders and conversations are never pruned here. Each call
deletes at most ``limit`` rows of each kind, oldest first, so the caller can keep
every write transaction short.
"""

from __future__ import annotations

import sqlite3

__all__ = ["prune_outbox", "prune_processed_messages"]


def prune_processed_messages(conn: sqlite3.Connection, before: str, limit: int) -> int:
    """Delete message ids recorded before ``before`` (ISO, UTC) among the ``limit`` oldest.

    Rows are numbered in the order they were written (a new rowid is one past the
    largest, and the newest is never deleted), so the oldest are the lowest rowids:
    no index on the time is kept up to date by every message for this.
    """
    cursor = conn.execute(
        "DELETE FROM processed_messages WHERE rowid IN (SELECT rowid FROM processed_messages "
        "ORDER BY rowid LIMIT ?) AND created_at < ?",
        (limit, before),
    )
    return cursor.rowcount


def prune_outbox(conn: sqlite3.Connection, before: str, limit: int) -> int:
    """Delete up to ``limit`` sent or abandoned entries last due before ``before``.

    An entry's ``due_at`` is when it was last tried, so about when it was sent; pending
    entries are never deleted, however old.
    """
    cursor = conn.execute(
        "DELETE FROM outbox WHERE rowid IN (SELECT rowid FROM outbox "
        "WHERE status IN ('sent', 'failed') AND due_at < ? LIMIT ?)",
        (before, limit),
    )
    return cursor.rowcount
