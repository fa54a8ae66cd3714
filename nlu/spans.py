"""Text as the customer wrote it, for the parts passed on as text (a place, an address).

The parser reads normalised words; a place or an address is handed to the service in
the customer's own spelling ("Capão Redondo", "av. Rebouças 1200, Pinheiros"), found by
matching the normalised words back to the message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlu.normalise import spelled_words

__all__ = ["original_tail", "original_text"]

_WORD = re.compile(r"[^\W_]+")
# Where a piece of text given in passing ends: a question, an exclamation, a new line.
_CLAUSE_END = re.compile(r"[?!\n]")


def _words(text: str) -> list[tuple[str, int, int]]:
    """Normalised words of the text with the span of the written word each comes from."""
    out = []
    for found in _WORD.finditer(text):
        for word in spelled_words(found.group()):
            out.append((word, found.start(), found.end()))
    return out


def _find(text: str, words: Sequence[str], start_at: int = 0) -> tuple[int, int] | None:
    spans = _words(text)
    size = len(words)
    for i in range(start_at, len(spans) - size + 1):
        if all(spans[i + k][0] == words[k] for k in range(size)):
            return spans[i][1], spans[i + size - 1][2]
    return None


def original_text(text: str, words: Sequence[str]) -> str:
    """The customer's spelling of these consecutive normalised words (else the words)."""
    found = _find(text, words) if words else None
    return text[found[0]:found[1]] if found else " ".join(words)


def original_tail(text: str, words: Sequence[str]) -> str:
    """The text from where these words start to the end of their clause, as written."""
    found = _find(text, words) if words else None
    if found is None:
        return " ".join(words)
    rest = text[found[0]:]
    end = _CLAUSE_END.search(rest)
    return " ".join(rest[: end.start() if end else len(rest)].split()).rstrip(" ,.;")
