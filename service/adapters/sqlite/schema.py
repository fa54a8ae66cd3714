"""The SQLite schema and connection settings of the embedded store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from service.adapters.documents import dumps, loads

__all__ = ["INDEXES", "SCHEMA", "connect", "migrate", "tune_writer"]

# Several web workers share one file: a writer waits this long for the lock
# before giving up (a transaction here takes well under a millisecond). Below
# Twilio's 15 s webhook timeout, so a stuck lock still ends in an apology.
BUSY_TIMEOUT_SECONDS = 10.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS menu (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    document TEXT NOT NULL,
    version TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS conversations (
    phone TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS processed_messages (
    message_id TEXT NOT NULL,
    phone TEXT NOT NULL,
    replies TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (phone, message_id)
);
CREATE TABLE IF NOT EXISTS orders (
    number INTEGER PRIMARY KEY,
    status TEXT NOT NULL,
    phone TEXT NOT NULL,
    document TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    id TEXT PRIMARY KEY,
    recipient TEXT NOT NULL,
    body TEXT NOT NULL,
    purpose TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    due_at TEXT NOT NULL,
    lease_until TEXT,
    last_error TEXT,
    provider_id TEXT,
    created_at TEXT NOT NULL,
    seq INTEGER NOT NULL,
    media_url TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, due_at);
CREATE INDEX IF NOT EXISTS orders_created ON orders (created_at);
CREATE INDEX IF NOT EXISTS orders_phone ON orders (phone);
CREATE TABLE IF NOT EXISTS availability (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    document TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS transcripts (
    phone TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    document TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    next_seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS transcript_lines (
    phone TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    speaker TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (phone, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS transcripts_updated ON transcripts (updated_at);
CREATE TABLE IF NOT EXISTS handoffs (
    phone TEXT PRIMARY KEY,
    number INTEGER NOT NULL,
    document TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS handoffs_updated ON handoffs (updated_at);
CREATE INDEX IF NOT EXISTS handoffs_number ON handoffs (number);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS panel_sessions (
    key TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
"""


# Made by migrate() on new and older files alike, once a rebuilt table is in place.
# ``outbox_seq`` keeps numbering a new outbox entry (MAX(seq) + 1) one index lookup
# however long the outbox. (Old message ids are pruned in rowid order: see retention.py.)
INDEXES = """
CREATE INDEX IF NOT EXISTS outbox_seq ON outbox (seq);
"""


# Outbox columns added after the first release, with what older rows get. queued_at
# NULL means created_at; claim is the token of the worker holding the lease.
_OUTBOX_COLUMNS = {
    "order_number": "INTEGER",
    "claim": "TEXT",
    "parts_sent": "INTEGER NOT NULL DEFAULT 0",
    "queued_at": "TEXT",
    "failed_at": "TEXT",
    "reported_at": "TEXT",
    "media_url": "TEXT",
}


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, int]:
    """Column name → its position in the primary key (0: not in it)."""
    return {row[1]: row[5] for row in conn.execute(f"PRAGMA table_info({table})")}


def _statements(script: str) -> list[str]:
    """The complete SQL statements of ``script``, in order."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [statement for statement in statements if statement.rstrip(";").strip()]


def migrate(conn: sqlite3.Connection) -> None:
    """Create the schema, bringing a file made by an older version up to date (idempotent).

    Runs under ``BEGIN IMMEDIATE``, so processes starting together migrate once.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        processed = _columns(conn, "processed_messages")
        if processed and not processed.get("phone"):
            # Applied message ids were once keyed by MessageSid alone; now by sender too.
            conn.execute("ALTER TABLE processed_messages RENAME TO processed_messages_old")
            processed = {}
        for statement in _statements(SCHEMA):
            conn.execute(statement)
        if _columns(conn, "processed_messages_old"):
            conn.execute(
                "INSERT OR IGNORE INTO processed_messages (message_id, phone, replies, "
                "created_at) SELECT message_id, phone, replies, created_at "
                "FROM processed_messages_old"
            )
            conn.execute("DROP TABLE processed_messages_old")
        # The primary key (phone, message_id) already finds a sender's messages.
        conn.execute("DROP INDEX IF EXISTS processed_messages_phone")
        # Old message ids are pruned in rowid order, which is the order they came in.
        conn.execute("DROP INDEX IF EXISTS processed_messages_created")
        if "next_seq" not in _columns(conn, "transcripts"):
            _move_transcript_lines(conn)
        outbox = _columns(conn, "outbox")
        for name, definition in _OUTBOX_COLUMNS.items():
            if name not in outbox:
                conn.execute(f"ALTER TABLE outbox ADD COLUMN {name} {definition}")
        for statement in _statements(INDEXES):
            conn.execute(statement)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _move_transcript_lines(conn: sqlite3.Connection) -> None:
    """Transcripts once kept their lines inside the document: one row per line now."""
    conn.execute("ALTER TABLE transcripts ADD COLUMN next_seq INTEGER NOT NULL DEFAULT 0")
    for phone, text in conn.execute("SELECT phone, document FROM transcripts").fetchall():
        document = loads(text)
        lines = document.pop("lines", None) or []
        conn.executemany(
            "INSERT INTO transcript_lines (phone, seq, at, speaker, text) VALUES (?, ?, ?, ?, ?)",
            [(phone, seq, line["at"], line["speaker"], line["text"])
             for seq, line in enumerate(lines)])
        conn.execute("UPDATE transcripts SET document = ?, next_seq = ? WHERE phone = ?",
                     (dumps({**document, "lines": []}), len(lines), phone))


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL journal."""
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    conn.execute("PRAGMA journal_mode=WAL")
    # WAL with synchronous=NORMAL survives a killed process; a power loss may drop the
    # last commits. A transaction that places an order is followed by an fsync of the
    # log, as synchronous=FULL would do (SqliteStore.run): a confirmed order and its
    # number survive that too.
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


# Pages the writer connection keeps in memory: every transaction touches the same
# few tables, so a warm cache saves rereading them (negative: KiB, here 16 MiB).
WRITER_CACHE_KIB = 16 * 1024
# The writer checkpoints inside a commit only past this many log pages (SQLite's
# default is 1,000): a background thread (checkpoint.py) normally does it long before.
WRITER_AUTOCHECKPOINT_PAGES = 4000


def tune_writer(conn: sqlite3.Connection) -> None:
    """Settings of the one connection that writes, per process."""
    conn.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KIB}")
    conn.execute(f"PRAGMA wal_autocheckpoint={WRITER_AUTOCHECKPOINT_PAGES}")
