"""Reading a SQL statement's text: a read or a write, of which table, naming which tables."""

from __future__ import annotations

import pytest

from service.adapters.sqlite.statements import statement


@pytest.mark.parametrize(("sql", "reads", "target"), [
    ("SELECT document FROM orders WHERE number = ?", True, None),
    ("  -- the next number\n /* a note */ select max(number) from orders", True, None),
    ("INSERT INTO outbox (id, seq) VALUES (?, (SELECT MAX(seq) + 1 FROM outbox))", False,
     "outbox"),
    ("INSERT OR IGNORE INTO processed_messages VALUES (?)", False, "processed_messages"),
    ("REPLACE INTO menu VALUES (1)", False, "menu"),
    ("UPDATE OR ROLLBACK orders SET status = ?", False, "orders"),
    ('UPDATE "Panel Sessions" SET key = ?', False, "panel sessions"),
    ("DELETE FROM main.[handoffs] WHERE phone = ?", False, "handoffs"),
    ("WITH last AS (SELECT 1) DELETE FROM orders", False, None),  # no known shape
    ("PRAGMA table_info(orders)", False, None),
])
def test_a_statement_is_a_read_or_a_write_of_one_table(sql: str, reads: bool,
                                                       target: str | None):
    parsed = statement(sql)
    assert (parsed.reads, parsed.target) == (reads, target)


def test_strings_and_comments_name_no_table():
    parsed = statement("SELECT body FROM notes WHERE body = 'orders' -- and outbox")
    assert "notes" in parsed.names
    assert not parsed.names & {"orders", "outbox"}


def test_quoted_names_are_read_as_names():
    assert {"panel sessions", "orders"} <= statement(
        'SELECT * FROM "Panel Sessions" JOIN `orders` USING (key)').names
