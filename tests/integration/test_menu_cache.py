"""The menu cache over a real store: reload on a new version, at most every N seconds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from nlu import Context, Intent, Menu, ParseResult
from service.adapters.sqlite.store import SqliteStore
from service.application.menu_cache import MenuCache
from service.domain.menu import parse_menu
from tests.builders import SECOND_MENU, seed_menu


class CountingParser:
    """Records which menu it was built for (by its first item)."""

    built: ClassVar[list[str]] = []

    def __init__(self, menu: Menu) -> None:
        self.menu = menu
        CountingParser.built.append(menu.items[0].name)

    def parse(self, text: str, context: Context | None = None) -> ParseResult:
        return ParseResult(Intent.UNKNOWN)

    def choose(self, text: str, candidate_ids: Sequence[str]) -> str | None:
        return None


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_parser_is_rebuilt_only_when_the_menu_changes_and_checked_every_ttl(tmp_path):
    CountingParser.built = []
    store = SqliteStore(tmp_path / "m.sqlite3")
    ticks = Ticks()
    cache = MenuCache(store, CountingParser, ttl_seconds=30, clock=ticks)
    assert cache.current() is None
    store.save_menu(seed_menu())
    loaded = cache.current()
    assert loaded is not None and loaded[0].restaurant.name == "Cozinha da Cris"
    store.save_menu(parse_menu(SECOND_MENU))
    ticks.now += 10
    still = cache.current()
    assert still is not None and still[0].restaurant.name == "Cozinha da Cris"  # within the TTL
    ticks.now += 30
    fresh = cache.current()
    assert fresh is not None and fresh[0].restaurant.name == "Marmitaria Dona Lurdes"
    ticks.now += 60
    store.save_menu(parse_menu(SECOND_MENU))  # same menu again: same version
    assert cache.current() is fresh
    assert CountingParser.built == [seed_menu().items[0].name, "Frango Assado"]
    store.close()
