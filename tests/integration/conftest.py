"""The ``store`` fixture: each contract test runs in memory, on SQLite and on the emulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.adapters.memory.store import MemoryStore
from service.adapters.sqlite.store import SqliteStore
from service.application.ports import RestaurantStore


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SqliteStore]:
    """A fresh SQLite store in a temporary file."""
    store = SqliteStore(tmp_path / "store.sqlite3")
    yield store
    store.close()


@pytest.fixture
def optimistic_sqlite_store(tmp_path: Path) -> Iterator[SqliteStore]:
    """A fresh SQLite store running transactions optimistically, as several web workers do."""
    store = SqliteStore(tmp_path / "store.sqlite3", optimistic=True)
    yield store
    store.close()


@pytest.fixture(
    params=["memory", "sqlite", "sqlite-optimistic",
            pytest.param("firestore", marks=pytest.mark.emulator)]
)
def store(request: pytest.FixtureRequest) -> RestaurantStore:
    """Each store implementation in turn (SQLite with and without optimistic transactions)."""
    if request.param == "memory":
        return MemoryStore()
    if request.param in ("sqlite", "sqlite-optimistic"):
        name = "sqlite_store" if request.param == "sqlite" else "optimistic_sqlite_store"
        sqlite: RestaurantStore = request.getfixturevalue(name)
        return sqlite
    firestore: RestaurantStore = request.getfixturevalue("firestore_store")
    return firestore
