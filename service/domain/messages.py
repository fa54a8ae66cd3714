"""Packing reply text into WhatsApp messages: few of them, each within Twilio's limit."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["MAX_MESSAGE_CHARS", "MAX_REPLY_MESSAGES", "pack", "split_message"]

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
    if len(block) <= MAX_MESSAGE_CHARS:
        return [block]
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


def split_message(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters, in order, losing nothing.

    Cuts fall at line breaks where they can, else at spaces, else anywhere; a text
    that fits is one piece. For notices that must arrive whole (the kitchen's).
    """
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit + 1)
            cut = cut if cut > 0 else limit
            head, line = line[:cut], line[cut:].lstrip(" ")
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
        if current and len(current) + 1 + len(line) > limit:
            pieces.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        pieces.append(current)
    return pieces
