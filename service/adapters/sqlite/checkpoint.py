"""Copying the write-ahead log back into the database file, in a thread of its own.

SQLite does this inside the commit that fills the log past 1,000 pages, which then
waits for the copy and an fsync: every few hundred messages one answer took
milliseconds longer, and on the event loop every request behind it waited too. Here
the writer connection only does it as a safety net, far later, and a background
thread checkpoints (PASSIVE: never blocking a writer) every ``every`` commits.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from service.adapters.sqlite.schema import connect

__all__ = ["CHECKPOINT_EVERY_COMMITS", "Checkpointer"]

logger = logging.getLogger(__name__)

# A message's transaction writes about five pages: a checkpoint every 100 commits keeps
# the log near 500 pages, far below where the writer would checkpoint by itself
# (schema.WRITER_AUTOCHECKPOINT_PAGES).
CHECKPOINT_EVERY_COMMITS = 100


class Checkpointer:
    """Checkpoints ``path`` in the background after every ``every`` commits reported to it."""

    def __init__(self, path: Path, every: int = CHECKPOINT_EVERY_COMMITS) -> None:
        self._path = path
        self._every = every
        self._commits = 0
        self._due = threading.Event()
        self._closing = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.checkpoints = 0  # completed, for tests

    def committed(self) -> None:
        """One more commit; wake the thread when a checkpoint is due."""
        self._commits += 1
        if self._commits < self._every:
            return
        self._commits = 0
        with self._lock:
            if self._closing.is_set():
                return
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint",
                                                daemon=True)
                self._thread.start()
        self._due.set()

    def _run(self) -> None:
        conn = connect(self._path)
        try:
            while True:
                self._due.wait()
                self._due.clear()
                if self._closing.is_set():
                    return
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.checkpoints += 1
                except Exception:
                    # The writer's own checkpoint still bounds the log.
                    logger.exception("background checkpoint failed")
        finally:
            conn.close()

    def close(self) -> None:
        """Stop the thread (a checkpoint under way finishes first)."""
        with self._lock:
            self._closing.set()
            thread = self._thread
        self._due.set()
        if thread is not None:
            thread.join(30)
