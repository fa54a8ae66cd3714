"""Packing reply text into WhatsApp messages: few of them, each within Twilio's limit."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["MAX_MESSAGE_CHARS", "MAX_REPLY_MESSAGES", "pack"]

# Twilio refuses WhatsApp bodies over 1,600 characters.
MAX_MESSAGE_CHARS = 1600
# Messages of one TwiML reply may arrive in any order, so a reply is kept to a few.
MAX_REPLY_MESSAGES = 4


def pack(blocks: Sequence[str], max_messages: int = MAX_REPLY_MESSAGES) -> list[str]:
    """Join text blocks into as few messages as fit MAX_MESSAGE_CHARS each."""
    messages: list[str] = []
    for block in blocks:
        for piece in _split(block):
            if messages and len(messages[-1]) + 2 + len(piece) <= MAX_MESSAGE_CHARS:
                messages[-1] = f"{messages[-1]}\n\n{piece}"
            else:
                messages.append(piece)
    if len(messages) > max_messages:
        messages = messages[:max_messages]
        messages[-1] = messages[-1][: MAX_MESSAGE_CHARS - 2] + "\n…"
    return messages


def _split(block: str) -> list[str]:
    """Cut one block at line breaks so each piece fits a message."""
    pieces: list[str] = []
    current = ""
    for line in block.split("\n"):
        line = line[:MAX_MESSAGE_CHARS]
        if current and len(current) + 1 + len(line) > MAX_MESSAGE_CHARS:
            pieces.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    pieces.append(current)
    return pieces
