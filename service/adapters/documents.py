"""How stores encode documents: compact JSON text, accents as they are (orjson)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

__all__ = ["dumps", "loads"]


def dumps(document: dict[str, Any] | list[Any] | Sequence[str]) -> str:
    """A document as compact JSON text."""
    return orjson.dumps(document).decode()


def loads(text: str | bytes) -> Any:
    """Inverse of :func:`dumps`."""
    return orjson.loads(text)
