"""Sold-out items and the store's pause: the use cases behind the panel and the kitchen's WhatsApp.

Each change is one transaction on the availability document, and states what it
wants ("esgotado", "disponível", "pausado até 20:30") instead of flipping, so a
double click or two staff at once change it once. :class:`AvailabilityService`
also gives each customer message the menu as offered right now (sold-out items
unavailable), with a parser built for it and kept while it stays the same.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from service.application.menu_cache import MessageParser, ParserFactory
from service.application.ports import (
    RestaurantQueries,
    RestaurantTransactions,
    RestaurantUnitOfWork,
)
from service.clock import Clock, utcnow
from service.domain import restaurant_texts
from service.domain.availability import MAX_PAUSE_MESSAGE_CHARS, Availability, Pause
from service.domain.local_time import restaurant_zone
from service.domain.menu import Menu

__all__ = [
    "AvailabilityService",
    "ItemUpdate",
    "PauseUpdate",
    "mark_item",
    "pause_notice",
    "pause_orders",
    "resume_orders",
]

# Offered menus kept with their parsers: one per distinct set of sold-out items seen
# lately, so switching an item back and forth does not rebuild the parser each time.
MAX_OFFERS = 8


@dataclass(frozen=True)
class ItemUpdate:
    """An item after a sold-out change; ``changed`` is False when it already was so."""

    item_id: str
    name: str
    sold_out: bool
    changed: bool


@dataclass(frozen=True)
class PauseUpdate:
    """The pause after a change; ``changed`` is False when nothing was different."""

    pause: Pause | None
    changed: bool


def mark_item(uow: RestaurantUnitOfWork, menu: Menu, item_id: str, sold_out: bool,
              now: datetime) -> ItemUpdate | None:
    """Mark ``item_id`` sold out (or back) inside ``uow``; None when the menu has no such item."""
    item = menu.get(item_id)
    if item is None:
        return None
    current = uow.get_availability() or Availability()
    if (item_id in current.sold_out) == sold_out:
        return ItemUpdate(item_id, item.name, sold_out, changed=False)
    uow.save_availability(current.with_item(item_id, sold_out, now))
    return ItemUpdate(item_id, item.name, sold_out, changed=True)


def pause_orders(uow: RestaurantUnitOfWork, until: datetime | None, message: str,
                 now: datetime) -> PauseUpdate:
    """Stop taking orders now, until ``until`` (None: until resumed), telling ``message``."""
    current = uow.get_availability() or Availability()
    text = " ".join(message.split())[:MAX_PAUSE_MESSAGE_CHARS]
    active = current.active_pause(now)
    if active is not None and active.until == until and active.message == text:
        return PauseUpdate(active, changed=False)
    since = active.since if active is not None else now
    pause = Pause(since, until, text)
    uow.save_availability(current.paused(pause, now))
    return PauseUpdate(pause, changed=True)


def resume_orders(uow: RestaurantUnitOfWork, now: datetime) -> PauseUpdate:
    """Take orders again; unchanged when no pause was in force."""
    current = uow.get_availability() or Availability()
    if current.pause is None:
        return PauseUpdate(None, changed=False)
    uow.save_availability(current.resumed(now))
    # A pause whose until-time passed had already ended for customers.
    return PauseUpdate(None, changed=current.active_pause(now) is not None)


def pause_notice(availability: Availability, menu: Menu, now: datetime) -> str | None:
    """What every customer message is told while orders are paused, or None."""
    pause = availability.active_pause(now)
    if pause is None:
        return None
    return restaurant_texts.pause_notice(menu.restaurant.name, pause.until, pause.message,
                                         restaurant_zone(menu))


class AvailabilityStore(RestaurantTransactions, RestaurantQueries, Protocol):
    """What the availability use cases need from the store."""


class AvailabilityService:
    """The restaurant's availability: read for each customer message, changed by staff."""

    def __init__(self, store: AvailabilityStore, parser_factory: ParserFactory,
                 clock: Clock = utcnow) -> None:
        self._store = store
        self._factory = parser_factory
        self._clock = clock
        self._lock = threading.Lock()
        self._offers: dict[tuple[str, frozenset[str]], tuple[Menu, MessageParser]] = {}

    def current(self) -> Availability:
        """As stored now (one small read), or nothing paused nor sold out."""
        return self._store.get_availability() or Availability()

    def offer(self, menu: Menu, parser: MessageParser,
              availability: Availability) -> tuple[Menu, MessageParser]:
        """The menu with the sold-out items unavailable, and a parser for it."""
        offered = availability.offer(menu)
        if offered is menu:
            return menu, parser
        key = (menu.version, frozenset(i for i in availability.sold_out if i in menu))
        with self._lock:
            found = self._offers.get(key)
        if found is not None:
            return found
        built = (offered, self._factory(offered.catalog))
        with self._lock:
            if len(self._offers) >= MAX_OFFERS:
                self._offers.pop(next(iter(self._offers)))
            self._offers[key] = built
        return built

    def mark_item(self, menu: Menu, item_id: str, sold_out: bool) -> ItemUpdate | None:
        """Mark an item sold out or back, in its own transaction."""
        now = self._clock()
        return self._store.run(lambda uow: mark_item(uow, menu, item_id, sold_out, now))

    def pause(self, until: datetime | None, message: str) -> PauseUpdate:
        """Pause orders, in its own transaction."""
        now = self._clock()
        return self._store.run(lambda uow: pause_orders(uow, until, message, now))

    def resume(self) -> PauseUpdate:
        """Resume orders, in its own transaction."""
        now = self._clock()
        return self._store.run(lambda uow: resume_orders(uow, now))
