"""Periodic clean-up: transcripts past their retention period and expired panel sessions."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

__all__ = ["Housekeeper"]

logger = logging.getLogger(__name__)

# Retention is counted in days; looking once an hour deletes a transcript at most
# an hour late, for a handful of reads.
EVERY_SECONDS = 3600.0


class Housekeeper:
    """Runs each chore at start and then every ``every`` seconds, in a background thread."""

    def __init__(self, chores: Sequence[Callable[[], int]], every: float = EVERY_SECONDS) -> None:
        self._chores = tuple(chores)
        self._every = every
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        """Run every chore now; return how many things they deleted."""
        done = 0
        for chore in self._chores:
            try:
                done += chore()
            except Exception:  # one failing chore must not stop the others, nor the thread
                logger.exception("housekeeping chore %s failed", getattr(chore, "__name__", chore))
        return done

    def start(self) -> None:
        """Run in a background thread until :meth:`stop`."""
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name="housekeeper", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the current chore."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stopping.is_set():
            self.run_once()
            self._stopping.wait(self._every)
