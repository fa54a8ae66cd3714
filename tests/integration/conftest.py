"""The ``store`` fixture: every contract test runs on SQLite and on the Firestore emulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.adapters.sqlite_store import SqliteStore
from service.ports import Store


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SqliteStore]:
    """A fresh SQLite store in a temporary file."""
    store = SqliteStore(tmp_path / "store.sqlite3")
    yield store
    store.close()


@pytest.fixture(params=["sqlite", pytest.param("firestore", marks=pytest.mark.emulator)])
def store(request: pytest.FixtureRequest) -> Store:
    """Each store implementation in turn."""
    if request.param == "sqlite":
        sqlite: Store = request.getfixturevalue("sqlite_store")
        return sqlite
    firestore: Store = request.getfixturevalue("firestore_store")
    return firestore
