"""The restaurant's side on SQLite: availability, handoffs, transcripts and panel sessions.

:class:`SqliteRestaurantUnitOfWork` adds the verbs to the store's unit of work;
:class:`SqliteRestaurantQueries` is mixed into the store for the panel's reads.
Documents are JSON text, as for conversations and orders.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import datetime
from typing import Any

from service.adapters.documents import dumps, loads
from service.adapters.sqlite.unit_of_work import SqliteUnitOfWork
from service.application.ports import PanelSession
from service.clock import Clock
from service.domain.availability import Availability
from service.domain.conversation import Conversation, from_iso, to_iso
from service.domain.handoff import Handoff
from service.domain.order import Order
from service.domain.transcript import Line, Speaker, Transcript, TranscriptAddition

__all__ = ["SqliteRestaurantQueries", "SqliteRestaurantUnitOfWork"]

# The live panel shows the latest orders; the change token looks at as many.
RECENT_ORDERS = 200


def _documents(rows: Iterator[Any] | list[Any]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield loads(row[0])


def _with_lines(conn: sqlite3.Connection, transcript: Transcript) -> Transcript:
    """The transcript's header with its lines, kept as rows, oldest first."""
    rows = conn.execute(
        "SELECT at, speaker, text FROM transcript_lines WHERE phone = ? ORDER BY seq",
        (transcript.phone,),
    ).fetchall()
    return replace(transcript, lines=tuple(Line(from_iso(at), Speaker(speaker), text, at)
                                           for at, speaker, text in rows))


# A message's first read: whether it was applied, and what handling it reads next (the
# availability, the sender's handoff, conversation and transcript header), in one
# statement instead of five.
_MESSAGE_READS = (
    "SELECT (SELECT replies FROM processed_messages WHERE phone = ?1 AND message_id = ?2), "
    "(SELECT document FROM availability WHERE id = 1), "
    "(SELECT document FROM handoffs WHERE phone = ?1), "
    "(SELECT document FROM conversations WHERE phone = ?1), "
    "(SELECT document FROM transcripts WHERE phone = ?1), "
    "(SELECT next_seq FROM transcripts WHERE phone = ?1)"
)
_AVAILABILITY, _HANDOFF, _CONVERSATION, _TRANSCRIPT = (
    "availability", "handoffs", "conversations", "transcripts")


class SqliteRestaurantUnitOfWork(SqliteUnitOfWork):
    """The store's unit of work with the restaurant's verbs.

    :meth:`seen_replies` reads, in the same statement, the rows handling the message
    reads next; until this unit of work writes one of them, it is answered from there.
    """

    def __init__(self, conn: sqlite3.Connection, now: datetime) -> None:
        super().__init__(conn, now)
        # (table, key) → the row's document (None: no row) as seen_replies read it;
        # for a transcript, (header document, next_seq).
        self._read: dict[tuple[str, object], Any] = {}

    def _forget(self, table: str, key: object) -> None:
        self._read.pop((table, key), None)

    def seen_replies(self, phone: str, message_id: str) -> tuple[str, ...] | None:
        row = self._conn.execute(_MESSAGE_READS, (phone, message_id)).fetchone()
        replies, availability, handoff, conversation, transcript, next_seq = row
        self._read[_AVAILABILITY, 1] = availability
        self._read[_HANDOFF, phone] = handoff
        self._read[_CONVERSATION, phone] = conversation
        self._read[_TRANSCRIPT, phone] = (transcript, next_seq) if transcript else None
        return tuple(loads(replies)) if replies is not None else None

    def _one(self, sql: str, *params: object) -> dict[str, Any] | None:
        row = self._conn.execute(sql, params).fetchone()
        return loads(row[0]) if row else None

    def _known(self, table: str, key: object, sql: str, *params: object) -> dict[str, Any] | None:
        """The row's document (None: no row) as seen_replies read it, or read now."""
        if (table, key) in self._read:
            text = self._read[table, key]
            return loads(text) if text else None
        return self._one(sql, *params)

    def get_conversation(self, phone: str) -> Conversation | None:
        document = self._known(_CONVERSATION, phone,
                               "SELECT document FROM conversations WHERE phone = ?", phone)
        return Conversation.from_dict(document) if document else None

    def save_conversation(self, conversation: Conversation) -> None:
        self._forget(_CONVERSATION, conversation.phone)
        super().save_conversation(conversation)

    def get_availability(self) -> Availability | None:
        document = self._known(_AVAILABILITY, 1, "SELECT document FROM availability WHERE id = 1")
        return Availability.from_dict(document) if document else None

    def save_availability(self, availability: Availability) -> None:
        self._forget(_AVAILABILITY, 1)
        self._conn.execute(
            "INSERT INTO availability (id, document, updated_at) VALUES (1, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET document = excluded.document, "
            "updated_at = excluded.updated_at",
            (dumps(availability.to_dict()), self._now),
        )

    def get_transcript(self, phone: str) -> Transcript | None:
        document = self._one("SELECT document FROM transcripts WHERE phone = ?", phone)
        return _with_lines(self._conn, Transcript.from_dict(document)) if document else None

    def save_transcript(self, transcript: Transcript) -> None:
        self._forget(_TRANSCRIPT, transcript.phone)
        self._conn.execute("DELETE FROM transcript_lines WHERE phone = ?", (transcript.phone,))
        self._save_header(transcript, 0)
        self._append_lines(transcript.phone, 0, transcript.lines)

    def add_to_transcript(self, addition: TranscriptAddition) -> None:
        # Lines are rows: only the new ones are written, and rows beyond the bounds
        # ``applied`` keeps (the newest ``keep``, none older than ``oldest``) deleted.
        key = (_TRANSCRIPT, addition.phone)
        row = self._read.pop(key) if key in self._read else self._conn.execute(
            "SELECT document, next_seq FROM transcripts WHERE phone = ?",
            (addition.phone,)).fetchone()
        header = Transcript.from_dict(loads(row[0])) if row else None
        first = int(row[1]) if row else 0
        added = addition.applied(header)
        if header is not None and added.key == header.key:
            # The key's unique index is left alone (an upsert would rewrite it).
            self._conn.execute(
                "UPDATE transcripts SET document = ?, updated_at = ?, next_seq = ? "
                "WHERE phone = ?", (*self._header_values(added, first)[2:], added.phone))
        else:
            self._save_header(added, first)
        self._append_lines(addition.phone, first, added.lines)
        if row is not None:
            self._conn.execute(
                "DELETE FROM transcript_lines WHERE phone = ? AND (seq < ? OR at < ?)",
                (addition.phone, first + len(added.lines) - max(addition.keep, 0),
                 to_iso(addition.oldest)))

    def _save_header(self, transcript: Transcript, first: int) -> None:
        self._conn.execute(
            "INSERT INTO transcripts (phone, key, document, updated_at, next_seq) "
            "VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (phone) DO UPDATE SET key = excluded.key, document = excluded.document, "
            "updated_at = excluded.updated_at, next_seq = excluded.next_seq",
            self._header_values(transcript, first),
        )

    def _header_values(self, transcript: Transcript, first: int) -> tuple[str, str, str, str, int]:
        """phone, key, document, updated_at, next_seq of the header row."""
        return (transcript.phone, transcript.key, dumps(transcript.to_dict(lines=False)),
                to_iso(transcript.updated_at) if transcript.updated_at else self._now,
                first + len(transcript.lines))

    def _append_lines(self, phone: str, first: int, lines: tuple[Line, ...]) -> None:
        self._conn.executemany(
            "INSERT INTO transcript_lines (phone, seq, at, speaker, text) VALUES (?, ?, ?, ?, ?)",
            [(phone, first + offset, line.stamp or to_iso(line.at), line.speaker.value, line.text)
             for offset, line in enumerate(lines)])

    def delete_transcript(self, phone: str) -> None:
        self._forget(_TRANSCRIPT, phone)
        self._conn.execute("DELETE FROM transcripts WHERE phone = ?", (phone,))
        self._conn.execute("DELETE FROM transcript_lines WHERE phone = ?", (phone,))

    def transcripts_updated_before(self, moment: datetime, limit: int) -> list[str]:
        rows = self._conn.execute(
            "SELECT phone FROM transcripts WHERE updated_at < ? ORDER BY updated_at LIMIT ?",
            (to_iso(moment), limit),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def get_handoff(self, phone: str) -> Handoff | None:
        document = self._known(_HANDOFF, phone, "SELECT document FROM handoffs WHERE phone = ?",
                               phone)
        return Handoff.from_dict(document) if document else None

    def save_handoff(self, handoff: Handoff) -> None:
        self._forget(_HANDOFF, handoff.phone)
        self._conn.execute(
            "INSERT INTO handoffs (phone, number, document, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (phone) DO UPDATE SET number = excluded.number, "
            "document = excluded.document, updated_at = excluded.updated_at",
            (handoff.phone, handoff.number, dumps(handoff.to_dict()), to_iso(handoff.updated_at)),
        )

    def delete_handoff(self, phone: str) -> None:
        self._forget(_HANDOFF, phone)
        self._conn.execute("DELETE FROM handoffs WHERE phone = ?", (phone,))

    def next_handoff_number(self) -> int:
        row = self._conn.execute(
            "INSERT INTO counters (name, value) VALUES ('handoffs', 1) "
            "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value"
        ).fetchone()
        return int(row[0])

    def customer_orders(self, phone: str) -> list[Order]:
        rows = self._conn.execute(
            "SELECT document FROM orders WHERE phone = ? ORDER BY number", (phone,)
        ).fetchall()
        return [Order.from_dict(document) for document in _documents(rows)]

    def rewrite_order(self, order: Order) -> None:
        self._conn.execute(
            "UPDATE orders SET status = ?, phone = ?, document = ? WHERE number = ?",
            (order.status.value, order.phone, dumps(order.to_dict()), order.number),
        )

    def delete_conversation(self, phone: str) -> None:
        self._forget(_CONVERSATION, phone)
        self._conn.execute("DELETE FROM conversations WHERE phone = ?", (phone,))

    def blank_replies(self, phone: str) -> None:
        self._conn.execute("UPDATE processed_messages SET replies = '[]' WHERE phone = ?",
                           (phone,))


class SqliteRestaurantQueries:
    """RestaurantQueries, ChangeFeed and PanelSessions, mixed into the SQLite store."""

    _clock: Clock

    def _conn(self) -> sqlite3.Connection:
        raise NotImplementedError  # the store provides its thread's connection

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # the store provides its write transaction

    def get_availability(self) -> Availability | None:
        """The restaurant's pause and sold-out items."""
        row = self._conn().execute("SELECT document FROM availability WHERE id = 1").fetchone()
        return Availability.from_dict(loads(row[0])) if row else None

    def orders_created_between(self, start: datetime, end: datetime,
                               limit: int = 2000) -> list[Order]:
        """Orders created in ``[start, end)``, oldest first."""
        rows = self._conn().execute(
            "SELECT document FROM orders WHERE created_at >= ? AND created_at < ? "
            "ORDER BY created_at, number LIMIT ?",
            (to_iso(start), to_iso(end), limit),
        ).fetchall()
        return [Order.from_dict(document) for document in _documents(rows)]

    def list_handoffs(self, limit: int = 100) -> list[Handoff]:
        """The most recently active first."""
        rows = self._conn().execute(
            "SELECT document FROM handoffs ORDER BY updated_at DESC LIMIT ?", (limit,)
        ).fetchall()
        return [Handoff.from_dict(document) for document in _documents(rows)]

    def list_transcripts(self, limit: int = 50) -> list[Transcript]:
        """The most recently updated first."""
        rows = self._conn().execute(
            "SELECT document FROM transcripts ORDER BY updated_at DESC LIMIT ?", (limit,)
        ).fetchall()
        conn = self._conn()
        return [_with_lines(conn, Transcript.from_dict(document))
                for document in _documents(rows)]

    def transcript_by_key(self, key: str) -> Transcript | None:
        """The transcript linked under ``key``."""
        row = self._conn().execute(
            "SELECT document FROM transcripts WHERE key = ?", (key,)
        ).fetchone()
        return _with_lines(self._conn(), Transcript.from_dict(loads(row[0]))) if row else None

    def handoff_by_number(self, number: int) -> Handoff | None:
        """The handoff given this number."""
        row = self._conn().execute(
            "SELECT document FROM handoffs WHERE number = ?", (number,)
        ).fetchone()
        return Handoff.from_dict(loads(row[0])) if row else None

    def change_token(self) -> str:
        """A digest of the latest orders' statuses, the handoffs and the availability."""
        conn = self._conn()
        orders = conn.execute(
            "SELECT group_concat(number || ':' || status, ',') FROM "
            "(SELECT number, status FROM orders ORDER BY number DESC LIMIT ?)",
            (RECENT_ORDERS,),
        ).fetchone()
        handoffs = conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(updated_at), '') FROM handoffs"
        ).fetchone()
        availability = conn.execute("SELECT updated_at FROM availability WHERE id = 1").fetchone()
        seen = f"{orders[0]}|{handoffs[0]}|{handoffs[1]}|{availability[0] if availability else ''}"
        return hashlib.sha256(seen.encode()).hexdigest()[:16]

    def get_panel_session(self, key: str) -> PanelSession | None:
        """The session stored under ``key``."""
        row = self._conn().execute(
            "SELECT document FROM panel_sessions WHERE key = ?", (key,)
        ).fetchone()
        return PanelSession.from_dict(loads(row[0])) if row else None

    def save_panel_session(self, session: PanelSession) -> None:
        """Create or replace it."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO panel_sessions (key, document, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET document = excluded.document, "
                "expires_at = excluded.expires_at",
                (session.key, dumps(session.to_dict()), to_iso(session.expires_at)),
            )

    def delete_panel_session(self, key: str) -> None:
        """End it."""
        with self._write() as conn:
            conn.execute("DELETE FROM panel_sessions WHERE key = ?", (key,))

    def delete_expired_panel_sessions(self, now: datetime) -> int:
        """Delete the sessions that expired before ``now``."""
        with self._write() as conn:
            return conn.execute(
                "DELETE FROM panel_sessions WHERE expires_at < ?", (to_iso(now),)
            ).rowcount
