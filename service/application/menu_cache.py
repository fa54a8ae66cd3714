"""The menu in memory: reloaded when the stored version changes, checked at most every N seconds."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

import nlu
from nlu import Context, ParseResult
from service.application.ports import MenuStore
from service.domain.menu import Menu

__all__ = ["MenuCache", "MessageParser", "ParserFactory"]

logger = logging.getLogger(__name__)


class MessageParser(Protocol):
    """What the service needs from ``nlu.Parser``."""

    def parse(self, text: str, context: Context | None = None) -> ParseResult:
        """Understand one message (in the conversation's ``context`` when given)."""
        ...

    def choose(self, text: str, candidate_ids: Sequence[str]) -> str | None:
        """Which candidate an answer to "which one?" names, or None."""
        ...


# Builds the parser for a menu's items; ``nlu.Parser`` itself is one.
ParserFactory = Callable[[nlu.Menu], MessageParser]


class MenuCache:
    """Menu and parser for the current stored menu; the parser is rebuilt only on change."""

    def __init__(
        self,
        store: MenuStore,
        parser_factory: ParserFactory,
        ttl_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._factory = parser_factory
        self._ttl = ttl_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._version: str | None = None
        self._loaded: tuple[Menu, MessageParser] | None = None
        self._checked_at = float("-inf")

    def current(self) -> tuple[Menu, MessageParser] | None:
        """The menu and its parser, or None while no menu is stored."""
        with self._lock:
            now = self._clock()
            if self._loaded is not None and now - self._checked_at < self._ttl:
                return self._loaded
            version = self._store.menu_version()
            self._checked_at = now
            if version is None:
                self._loaded, self._version = None, None
                return None
            if version != self._version or self._loaded is None:
                menu = self._store.load_menu()
                if menu is None:
                    return None
                self._loaded = (menu, self._factory(menu.catalog))
                self._version = version
                logger.info("menu %s loaded: %d items", version, len(menu.items))
            return self._loaded

    def invalidate(self) -> None:
        """Check the store on the next call (after ``seed-menu`` in the same process)."""
        with self._lock:
            self._checked_at = float("-inf")
