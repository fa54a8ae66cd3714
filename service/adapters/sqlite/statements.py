"""What a SQL statement reads and writes, from its text; what a write reaches in the schema.

Enough of SQL for :mod:`.optimistic` to tell a read from a write and to know which
tables a read may look at: comments and strings are skipped, quoted names unquoted,
and every identifier counts (a column named like a table only makes it more careful).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["CONNECTION_STATE", "Statement", "reaches", "statement"]

# Comments and string literals (dropped), quoted identifiers (kept whole), scanned
# left to right so a "--" inside a string is no comment.
_LEXEMES = re.compile(r"--[^\n]*|/\*.*?(?:\*/|\Z)|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|`[^`]*`|"
                      r"\[[^\]]*\]", re.S)
_NAME = r"(?:\"(?:[^\"]|\"\")*\"|`[^`]*`|\[[^\]]*\]|\w+)"
_IDENTIFIER = re.compile(_NAME)
_TARGET = re.compile(
    rf"(?:insert(?:\s+or\s+\w+)?\s+into|replace\s+into|update(?:\s+or\s+\w+)?|delete\s+from)"
    rf"\s+(?:{_NAME}\s*\.\s*)?({_NAME})", re.I)
_READ = re.compile(r"select\b", re.I)
# Functions whose value depends on the connection's own writes, not on the tables.
CONNECTION_STATE = frozenset({"changes", "last_insert_rowid", "total_changes"})
# Distinct statement texts remembered (the store issues a few dozen).
STATEMENT_CACHE = 1024


def _unquote(name: str) -> str:
    if name[:1] in "\"`[":
        name = name[1:-1].replace('""', '"') if name[0] == '"' else name[1:-1]
    return name.lower()


@dataclass(frozen=True)
class Statement:
    """A statement as the speculation sees it."""

    reads: bool  # a SELECT: runs now and is checked again at commit
    names: frozenset[str]  # every identifier in it: the tables it may read, and more
    target: str | None  # the table a write changes; None: a statement not replayed


@lru_cache(maxsize=STATEMENT_CACHE)
def statement(sql: str) -> Statement:
    """What a statement reads and writes, from its text."""
    kept = _LEXEMES.sub(lambda m: m[0] if m[0][0] in "\"`[" else " ", sql).strip()
    names = frozenset(_unquote(m[0]) for m in _IDENTIFIER.finditer(kept))
    if _READ.match(kept):
        return Statement(True, names, None)
    target = _TARGET.match(kept)
    return Statement(False, names, _unquote(target[1]) if target else None)


def reaches(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    """For each table, the tables and views a write to it may change (itself included)."""
    objects = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE type IN ('table', 'view', 'trigger') AND sql IS NOT NULL").fetchall()
    changes: dict[str, set[str]] = {}
    for kind, name, table, sql in objects:
        if kind == "table":
            for reference in conn.execute(f"PRAGMA foreign_key_list({_quote(name)})"):
                changes.setdefault(reference[2].lower(), set()).add(name.lower())
        elif kind == "trigger":
            changes.setdefault(table.lower(), set()).update(statement(sql).names)
        else:
            for read in statement(sql).names:
                changes.setdefault(read, set()).add(name.lower())
    closure: dict[str, frozenset[str]] = {}
    for start in changes:
        seen, todo = {start}, [start]
        while todo:
            for reached in changes.get(todo.pop(), ()):
                if reached not in seen:
                    seen.add(reached)
                    todo.append(reached)
        closure[start] = frozenset(seen)
    return closure


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
