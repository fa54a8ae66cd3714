"""Messenger adapter for local runs: writes outgoing WhatsApp messages to a text stream."""

from __future__ import annotations

import sys
import threading
import uuid
from typing import TextIO

from service.application.ports import OutboundMessage

__all__ = ["ConsoleMessenger"]


class ConsoleMessenger:
    """Shows each message instead of sending it (no credentials needed)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, message: OutboundMessage) -> str | None:
        """Write the message with its recipient; return a local id."""
        stream = self._stream or sys.stderr
        with self._lock:
            media = f"\n🖼️ {message.media_url}" if message.media_url else ""
            stream.write(f"\n📤 [{message.purpose} → {message.to}]\n{message.body}{media}\n\n")
            stream.flush()
        return f"console-{uuid.uuid4().hex[:12]}"
