"""The write lock that processes sharing one SQLite file take before ``BEGIN IMMEDIATE``.

SQLite makes a writer that finds the file locked sleep and retry (1 ms, then 2, 5,
10 ms and up), while a transaction here holds the lock for a fraction of a
millisecond: two web workers lose most of their time sleeping. An ``flock`` on a
file beside the database, tried again at much shorter intervals, hands the lock over
within a few tens of microseconds, so SQLite's own wait is then almost never met. It
only orders writers: SQLite's locking still guarantees correctness, for programs that
do not take this lock too. Where ``flock`` does not exist it does nothing.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from types import TracebackType

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux or macOS
    fcntl = None  # type: ignore[assignment]

__all__ = ["ProcessLock"]

# The first retry comes after this, doubling up to the cap: a writer waits about one
# transaction (~0.1-0.3 ms here) for its turn, never a millisecond more than needed.
FIRST_RETRY_SECONDS = 0.00002
MAX_RETRY_SECONDS = 0.001


class ProcessLock:
    """An exclusive lock on ``path`` across processes; not reentrant, one holder per process."""

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self._timeout = timeout
        self._fd: int | None = None
        if fcntl is not None:
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)

    def _try(self) -> bool:
        assert fcntl is not None and self._fd is not None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def acquire(self) -> None:
        """Wait for the lock; past the timeout, fail as SQLite would ("database is locked")."""
        if self._fd is None or self._try():
            return
        deadline = time.monotonic() + self._timeout
        delay = FIRST_RETRY_SECONDS
        while True:
            time.sleep(delay)
            if self._try():
                return
            if time.monotonic() > deadline:
                raise sqlite3.OperationalError("database is locked (another process holds it)")
            delay = min(delay * 2, MAX_RETRY_SECONDS)

    def release(self) -> None:
        """Let the next process write."""
        if self._fd is not None and fcntl is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def __enter__(self) -> ProcessLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()

    def close(self) -> None:
        """Close the lock file (releasing the lock if held)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
