"""Messenger adapter keeping messages in memory, optionally failing: for tests and the terminal."""

from __future__ import annotations

import threading

from service.application.ports import MessengerError, OutboundMessage

__all__ = ["RecordingMessenger"]


class RecordingMessenger:
    """Records every message sent; ``fail_next(n)`` makes the next n sends fail."""

    def __init__(self) -> None:
        self.sent: list[OutboundMessage] = []
        self._failures = 0
        self._retryable = True
        self._lock = threading.Lock()

    def fail_next(self, count: int, *, retryable: bool = True) -> None:
        """Make the next ``count`` sends raise MessengerError."""
        with self._lock:
            self._failures = count
            self._retryable = retryable

    def send(self, message: OutboundMessage) -> str | None:
        """Record the message, or fail when asked to."""
        with self._lock:
            if self._failures > 0:
                self._failures -= 1
                raise MessengerError("falha simulada", retryable=self._retryable)
            self.sent.append(message)
            return f"rec-{len(self.sent)}"
