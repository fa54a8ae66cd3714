"""Optimistic transactions: the work runs outside the write lock, and commits if what it read holds.

Web workers sharing one file take turns on its write lock, and most of a message's
work (the parser, the conversation engine) needs no lock. So the work runs first on
the thread's reader connection, in one snapshot, against a connection that records
every read (statement, parameters, rows fetched) and buffers every write. Then,
under the write lock, the reads run again: if each gives the rows the work saw, the
work would do the same now, and its writes are replayed and committed. If one
differs, the work runs again inside the lock, in the same transaction (it has only
read so far). A work that wrote nothing is done at once: its reads were one snapshot.

A speculation is abandoned (the work then runs inside the lock) when the work asks for
what only an executed write gives (``rowcount``, ``lastrowid``, the rows of
``RETURNING``, a script), reads a table it wrote (named in the statement, or reached
from a written table by a trigger, a foreign key or a view), runs a statement other
than SELECT, INSERT, REPLACE, UPDATE and DELETE, or raises.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, NoReturn, TypeVar, cast

from service.adapters.sqlite.statements import CONNECTION_STATE, Statement, statement

__all__ = ["Optimistic", "Speculation", "SpeculationStats"]

T = TypeVar("T")
Row = Any
Parameters = Any  # a sequence or a mapping, as sqlite3 takes them


def _kept(parameters: Parameters) -> Parameters:
    """The parameters as they are now (a list the caller changes later stays as it was)."""
    if isinstance(parameters, Mapping):
        return dict(parameters)
    return tuple(parameters)


class Abandon(BaseException):
    """The speculation cannot go on (not an Exception: a work's ``except Exception``
    must not swallow it)."""


@dataclass
class _Read:
    sql: str
    parameters: Parameters
    rows: list[Row] = field(default_factory=list)
    complete: bool = False  # the work saw the end of the result


@dataclass
class _Write:
    sql: str
    parameters: Parameters
    many: bool


class Speculation(Generic[T]):
    """One run of a work on the reader: its reads, its buffered writes and its result."""

    def __init__(self, reader: sqlite3.Connection, reach: Mapping[str, frozenset[str]],
                 stats: SpeculationStats) -> None:
        self._reader = reader
        self._reach = reach
        self._stats = stats
        self.reads: list[_Read] = []
        self.writes: list[_Write] = []
        self._written: set[str] = set()
        self._cursors: list[sqlite3.Cursor] = []
        self._began = False  # this speculation opened the reader's snapshot
        self.abandoned: str | None = None  # why, once it was
        self.result: T

    def abandon(self, why: str) -> NoReturn:
        """Stop here: the work must run inside the lock."""
        self.abandoned = self.abandoned or why
        raise Abandon(why)

    def execute(self, sql: str, parameters: Parameters = ()) -> Any:
        if self.abandoned:
            self.abandon(self.abandoned)
        parsed = statement(sql)
        if parsed.reads:
            if parsed.names & self._written:
                self.abandon("read a table it wrote")
            if parsed.names & CONNECTION_STATE:
                self.abandon("read the connection's own changes")
            read = _Read(sql, _kept(parameters))
            cursor = self._reader.execute(sql, read.parameters)
            self._cursors.append(cursor)
            self.reads.append(read)
            return _ReadCursor(self, cursor, read)
        self._buffer(parsed, _Write(sql, _kept(parameters), many=False))
        return _WriteCursor(self)

    def executemany(self, sql: str, parameters: Iterable[Parameters]) -> Any:
        if self.abandoned:
            self.abandon(self.abandoned)
        parsed = statement(sql)
        if parsed.reads:
            self.abandon("executemany of a read")
        self._buffer(parsed, _Write(sql, [_kept(p) for p in parameters], many=True))
        return _WriteCursor(self)

    def _buffer(self, parsed: Statement, write: _Write) -> None:
        if parsed.target is None:
            self.abandon("a statement other than a read or a write of one table")
        self._written |= self._reach.get(parsed.target, frozenset({parsed.target}))
        self.writes.append(write)

    def unchanged(self, conn: sqlite3.Connection) -> bool:
        """Whether every read gives, on ``conn`` now, the rows the work saw."""
        for read in self.reads:
            if not read.rows and not read.complete:
                continue  # nothing of it was looked at
            cursor = conn.execute(read.sql, read.parameters)
            try:
                rows = cursor.fetchall() if read.complete else cursor.fetchmany(len(read.rows))
            finally:
                cursor.close()
            if rows != read.rows:
                return False
        return True

    def commit(self, conn: sqlite3.Connection) -> bool:
        """In ``conn``'s write transaction: replay the writes if every read still holds.

        False: nothing was written, and the work must run in this transaction.
        """
        if not self.unchanged(conn):
            self._stats.count("conflicts")
            return False
        try:
            self.replay(conn)
        except sqlite3.Error:
            # The work never saw this write fail: run it again to let it see.
            conn.execute("ROLLBACK")
            conn.execute("BEGIN IMMEDIATE")
            self._stats.count("conflicts")
            return False
        self._stats.count("committed")
        return True

    def replay(self, conn: sqlite3.Connection) -> None:
        """Execute the buffered writes on ``conn``, in order."""
        for write in self.writes:
            if write.many:
                conn.executemany(write.sql, write.parameters)
            else:
                conn.execute(write.sql, write.parameters).fetchall()  # RETURNING runs out

    def __enter__(self) -> Speculation[T]:
        self._began = not self._reader.in_transaction
        if self._began:
            self._reader.execute("BEGIN")  # every read in one snapshot
        return self

    def __exit__(self, *exc: object) -> None:
        for cursor in self._cursors:
            cursor.close()
        self._cursors.clear()
        if self._began and self._reader.in_transaction:
            self._reader.execute("ROLLBACK")


class _Connection:
    """What the unit of work gets as its connection while it speculates."""

    def __init__(self, speculation: Speculation[Any]) -> None:
        self.execute = speculation.execute
        self.executemany = speculation.executemany
        self._speculation = speculation

    def __getattr__(self, name: str) -> Any:
        self._speculation.abandon(f"connection.{name}")


class _ReadCursor:
    """A read's cursor that records each row the work fetches."""

    def __init__(self, speculation: Speculation[Any], cursor: sqlite3.Cursor,
                 read: _Read) -> None:
        self._speculation = speculation
        self._cursor = cursor
        self._read = read

    @property
    def description(self) -> Any:
        return self._cursor.description

    def fetchone(self) -> Row | None:
        row = self._cursor.fetchone()
        if row is None:
            self._read.complete = True
        else:
            self._read.rows.append(row)
        return row

    def fetchmany(self, size: int | None = None) -> list[Row]:
        size = self._cursor.arraysize if size is None else size
        rows = self._cursor.fetchmany(size)
        self._read.rows.extend(rows)
        self._read.complete = self._read.complete or len(rows) < size
        return rows

    def fetchall(self) -> list[Row]:
        rows = self._cursor.fetchall()
        self._read.rows.extend(rows)
        self._read.complete = True
        return rows

    def __iter__(self) -> Iterator[Row]:
        while (row := self.fetchone()) is not None:
            yield row

    def close(self) -> None:
        self._cursor.close()

    def __getattr__(self, name: str) -> Any:
        self._speculation.abandon(f"cursor.{name} of a read")


class _WriteCursor:
    """A buffered write's cursor: it has no result until the write runs."""

    def __init__(self, speculation: Speculation[Any]) -> None:
        self._speculation = speculation

    def close(self) -> None:
        """Nothing to release."""

    def __iter__(self) -> Iterator[Row]:
        self._speculation.abandon("the rows of a write")

    def __getattr__(self, name: str) -> Any:
        self._speculation.abandon(f"cursor.{name} of a write")


_OUTCOMES = ("committed", "read_only", "conflicts", "abandoned", "raised")


class SpeculationStats:
    """How speculations ended, since the store opened (thread-safe counters)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.committed = 0  # its writes replayed and committed
        self.read_only = 0  # wrote nothing: done without the lock
        self.conflicts = 0  # a read gave other rows at commit, or a replayed write failed
        self.abandoned = 0  # needed an executed write, or read what it wrote
        self.raised = 0  # the work raised: it ran again inside the lock, to raise for real

    def count(self, outcome: str) -> None:
        with self._lock:
            setattr(self, outcome, getattr(self, outcome) + 1)

    def counts(self) -> dict[str, int]:
        """Each outcome's count, by name."""
        with self._lock:
            return {name: getattr(self, name) for name in _OUTCOMES}

    @property
    def fallen_back(self) -> int:
        """Speculations whose work ran again inside the lock."""
        return self.conflicts + self.abandoned + self.raised

    def __str__(self) -> str:
        return (f"{self.committed} committed, {self.read_only} read-only, {self.fallen_back} "
                f"ran again inside the lock ({self.conflicts} conflicts, {self.abandoned} "
                f"abandoned, {self.raised} raised)")


class Optimistic:
    """Speculates works on a reader connection; counts how the speculations end."""

    def __init__(self, reach: Mapping[str, frozenset[str]]) -> None:
        self._reach = reach
        self.stats = SpeculationStats()

    def speculate(self, reader: sqlite3.Connection,
                  work: Callable[[sqlite3.Connection], T]) -> Speculation[T] | None:
        """Run ``work`` on ``reader``, its writes buffered; None when it must run in the lock."""
        speculation: Speculation[T] = Speculation(reader, self._reach, self.stats)
        connection = cast(sqlite3.Connection, _Connection(speculation))
        try:
            with speculation:
                speculation.result = work(connection)
        except Abandon:
            self.stats.count("abandoned")
            return None
        except Exception:
            self.stats.count("raised")
            return None
        if speculation.abandoned:  # the work caught Abandon and went on
            self.stats.count("abandoned")
            return None
        if not speculation.writes:
            self.stats.count("read_only")
        return speculation

