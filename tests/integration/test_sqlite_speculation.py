"""The speculating connection over any SQL: reads run and are recorded, writes are buffered,
and whatever needs an executed write (or reads one) gives the speculation up."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from service.adapters.sqlite.optimistic import Optimistic, Speculation
from service.adapters.sqlite.schema import connect
from service.adapters.sqlite.statements import reaches

SCHEMA = """
CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE children (id INTEGER PRIMARY KEY,
                       parent INTEGER REFERENCES parents (id) ON DELETE CASCADE);
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE audit (body TEXT NOT NULL);
CREATE TRIGGER notes_audited AFTER INSERT ON notes BEGIN
    INSERT INTO audit (body) VALUES (new.body);
END;
CREATE VIEW named AS SELECT id, name FROM parents;
INSERT INTO parents (id, name) VALUES (1, 'um'), (2, 'dois'), (3, 'três');
INSERT INTO children (id, parent) VALUES (10, 1), (20, 2);
"""

Work = Callable[[sqlite3.Connection], Any]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "x.sqlite3"
    conn = connect(path)
    conn.executescript(SCHEMA)
    conn.close()
    return path


@pytest.fixture
def reader(path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(path)
    yield conn
    conn.close()


@pytest.fixture
def writer(path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(path)
    yield conn
    conn.close()


@pytest.fixture
def optimistic(reader: sqlite3.Connection) -> Optimistic:
    return Optimistic(reaches(reader))


def commit(speculation: Speculation[Any], writer: sqlite3.Connection) -> bool:
    writer.execute("BEGIN IMMEDIATE")
    try:
        done = speculation.commit(writer)
    finally:
        writer.execute("COMMIT")
    return done


def names(writer: sqlite3.Connection) -> list[str]:
    return [row[0] for row in writer.execute("SELECT name FROM parents ORDER BY id")]


def test_reads_are_answered_and_writes_wait_for_the_commit(
        optimistic: Optimistic, reader: sqlite3.Connection, writer: sqlite3.Connection):
    def work(conn: sqlite3.Connection) -> list[str]:
        first = conn.execute("SELECT name FROM parents WHERE id = ?", (1,)).fetchone()
        rest = [row[0] for row in conn.execute("SELECT name FROM parents WHERE id > 1")]
        conn.execute("UPDATE parents SET name = ? WHERE id = ?", (first[0].upper(), 1))
        conn.executemany("INSERT INTO notes (body) VALUES (?)", [(n,) for n in rest])
        return [first[0], *rest]

    speculation = optimistic.speculate(reader, work)
    assert speculation is not None and speculation.result == ["um", "dois", "três"]
    assert names(writer) == ["um", "dois", "três"]  # nothing written yet
    assert commit(speculation, writer)
    assert names(writer) == ["UM", "dois", "três"]
    assert [row[0] for row in writer.execute("SELECT body FROM audit")] == ["dois", "três"]
    assert not reader.in_transaction  # the snapshot ended with the speculation


def test_a_changed_read_fails_the_commit_and_writes_nothing(
        optimistic: Optimistic, reader: sqlite3.Connection, writer: sqlite3.Connection):
    def rename(conn: sqlite3.Connection) -> None:
        [(name,)] = conn.execute("SELECT name FROM parents WHERE id = 2").fetchall()
        conn.execute("UPDATE parents SET name = ? WHERE id = 1", (name,))

    speculation = optimistic.speculate(reader, rename)
    assert speculation is not None
    writer.execute("UPDATE parents SET name = 'DOIS' WHERE id = 2")
    assert not commit(speculation, writer)
    assert names(writer) == ["um", "DOIS", "três"]
    assert optimistic.stats.conflicts == 1


def test_only_the_rows_the_work_looked_at_are_checked(
        optimistic: Optimistic, reader: sqlite3.Connection, writer: sqlite3.Connection):
    def first_only(conn: sqlite3.Connection) -> None:
        conn.execute("SELECT name FROM parents ORDER BY id").fetchone()
        conn.execute("INSERT INTO notes (body) VALUES ('x')")

    speculation = optimistic.speculate(reader, first_only)
    assert speculation is not None
    writer.execute("UPDATE parents SET name = 'TRÊS' WHERE id = 3")  # a row it never fetched
    assert commit(speculation, writer)


def test_a_replayed_write_that_fails_writes_nothing(
        optimistic: Optimistic, reader: sqlite3.Connection, writer: sqlite3.Connection):
    def blind(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO notes (body) VALUES ('antes')")
        conn.execute("INSERT INTO parents (id, name) VALUES (4, 'quatro')")

    speculation = optimistic.speculate(reader, blind)
    assert speculation is not None
    writer.execute("INSERT INTO parents (id, name) VALUES (4, 'outro')")
    writer.execute("BEGIN IMMEDIATE")
    assert not speculation.commit(writer)
    assert writer.in_transaction  # begun again, for the work to run in
    writer.execute("ROLLBACK")
    assert writer.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0
    assert optimistic.stats.conflicts == 1


@pytest.mark.parametrize("work", [
    pytest.param(lambda c: c.execute("UPDATE parents SET name = 'x'").rowcount, id="rowcount"),
    pytest.param(lambda c: c.execute("INSERT INTO notes (body) VALUES ('x')").lastrowid,
                 id="lastrowid"),
    pytest.param(lambda c: c.execute("INSERT INTO notes (body) VALUES ('x') RETURNING id")
                 .fetchone(), id="returning"),
    pytest.param(lambda c: list(c.execute("DELETE FROM notes RETURNING id")), id="iterating"),
    pytest.param(lambda c: c.executescript("DELETE FROM notes;"), id="script"),
    pytest.param(lambda c: c.execute("SELECT last_insert_rowid()").fetchone(),
                 id="the connection's own changes"),
    pytest.param(lambda c: c.execute("WITH a AS (SELECT 1) DELETE FROM notes"),
                 id="a statement of no known shape"),
    pytest.param(lambda c: (c.execute("UPDATE parents SET name = 'x' WHERE id = 1"),
                            c.execute("SELECT name FROM parents").fetchall()),
                 id="reading a table it wrote"),
    pytest.param(lambda c: (c.execute('UPDATE "Parents" SET name = \'x\''),
                            c.execute("SELECT * FROM [parents]").fetchall()),
                 id="quoted names"),
    pytest.param(lambda c: (c.execute("DELETE FROM parents WHERE id = 1"),
                            c.execute("SELECT COUNT(*) FROM children").fetchone()),
                 id="a table a foreign key cascades to"),
    pytest.param(lambda c: (c.execute("INSERT INTO notes (body) VALUES ('x')"),
                            c.execute("SELECT body FROM audit").fetchall()),
                 id="a table a trigger writes"),
    pytest.param(lambda c: (c.execute("UPDATE parents SET name = 'x'"),
                            c.execute("SELECT name FROM named").fetchall()),
                 id="a view of a table it wrote"),
    pytest.param(lambda c: c.in_transaction, id="anything else of the connection"),
])
def test_what_needs_an_executed_write_abandons_the_speculation(
        optimistic: Optimistic, reader: sqlite3.Connection, writer: sqlite3.Connection,
        work: Work):
    assert optimistic.speculate(reader, work) is None
    assert optimistic.stats.abandoned == 1
    assert not reader.in_transaction
    assert names(writer) == ["um", "dois", "três"]
    assert writer.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0


def test_reading_a_table_it_did_not_write_goes_on(
        optimistic: Optimistic, reader: sqlite3.Connection):
    def work(conn: sqlite3.Connection) -> int:
        conn.execute("UPDATE parents SET name = 'x' WHERE id = 1")
        # A string naming the written table is no read of it.
        return int(conn.execute("SELECT COUNT(*) FROM notes WHERE body != 'parents' -- parents"
                                ).fetchone()[0])

    speculation = optimistic.speculate(reader, work)
    assert speculation is not None and speculation.result == 0


def test_the_reads_of_one_speculation_see_one_snapshot(
        optimistic: Optimistic, reader: sqlite3.Connection, writer: sqlite3.Connection):
    def twice(conn: sqlite3.Connection) -> tuple[str, str]:
        before = conn.execute("SELECT name FROM parents WHERE id = 1").fetchone()[0]
        writer.execute("UPDATE parents SET name = 'mudou' WHERE id = 1")
        after = conn.execute("SELECT name FROM parents WHERE id = 1").fetchone()[0]
        return before, after

    speculation = optimistic.speculate(reader, twice)
    assert speculation is not None and speculation.result == ("um", "um")
    assert optimistic.stats.read_only == 1


def test_a_work_that_raises_is_counted_and_leaves_no_snapshot_open(
        optimistic: Optimistic, reader: sqlite3.Connection):
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("SELECT name FROM parents").fetchone()
        raise KeyError("x")

    assert optimistic.speculate(reader, broken) is None
    assert optimistic.stats.raised == 1
    assert not reader.in_transaction
