"""The composition root: builds the store, messenger, menu cache and use cases from settings."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TextIO

import nlu
from service.adapters.console_messenger import ConsoleMessenger
from service.adapters.memory.store import MemoryStore
from service.adapters.sqlite.store import SqliteStore
from service.adapters.twilio_messenger import TwilioMessenger
from service.application.inbound import InboundService
from service.application.kitchen import KitchenService
from service.application.menu_cache import MenuCache, MessageParser, ParserFactory
from service.application.orders import OrderService
from service.application.outbox_worker import OutboxWorker
from service.application.ports import Messenger, Store
from service.clock import Clock, utcnow
from service.settings import Settings, is_placeholder

__all__ = [
    "CONSOLE_KITCHEN",
    "Container",
    "bootstrap",
    "build_messenger",
    "build_store",
    "default_parser",
]

logger = logging.getLogger(__name__)

# Where kitchen messages go when nothing is sent to WhatsApp and no kitchen number is
# set: the console shows them under this name, so `make run` shows what the kitchen
# would get.
CONSOLE_KITCHEN = "cozinha (console)"


@dataclass
class Container:
    """Everything the entry points use, built once per process."""

    settings: Settings
    store: Store
    messenger: Messenger
    menus: MenuCache
    inbound: InboundService
    orders: OrderService
    outbox_worker: OutboxWorker
    kitchen: KitchenService
    owned: bool = field(default=True)  # close the store on shutdown
    # The store answers in well under a millisecond (SQLite, memory): the webhook then
    # handles a message on the event loop instead of a trip to the threadpool. A store
    # behind the network (Firestore) keeps the loop free for other requests.
    handles_inline: bool = field(default=False)

    def close(self) -> None:
        """Stop the worker and release the store."""
        self.outbox_worker.stop()
        if self.owned:
            self.store.close()


def default_parser(catalog: nlu.Menu) -> MessageParser:
    """The real parser for a menu's items."""
    return nlu.Parser(catalog)


def build_store(settings: Settings, *, memory: bool = False) -> Store:
    """The configured store: SQLite (default) or Firestore; ``memory`` for a throwaway one."""
    if memory:
        return MemoryStore(message_ids_retention=settings.message_ids_retention,
                           outbox_retention=settings.outbox_retention)
    if settings.storage_backend == "firestore":
        from service.adapters.firestore.store import build_firestore_store

        store: Store = build_firestore_store(settings)
        return store
    logger.info("SQLite store at %s", settings.sqlite_path)
    return SqliteStore(settings.sqlite_path, message_ids_retention=settings.message_ids_retention,
                       outbox_retention=settings.outbox_retention)


def build_messenger(settings: Settings, console: TextIO | None = None, *,
                    console_only: bool = False) -> Messenger:
    """Twilio when credentials are set (unless ``console_only``), else the console (or stderr)."""
    if settings.can_send_whatsapp and not console_only:
        assert settings.twilio_account_sid and settings.auth_token and settings.twilio_phone_number
        return TwilioMessenger(
            settings.twilio_account_sid,
            settings.auth_token,
            settings.twilio_phone_number,
            api_base_url=settings.twilio_api_base_url,
        )
    return ConsoleMessenger(console)


def _kitchen_address(settings: Settings, messenger: Messenger) -> str | None:
    number = settings.kitchen_whatsapp_number
    if not is_placeholder(number):
        return number
    if isinstance(messenger, ConsoleMessenger):
        return CONSOLE_KITCHEN
    return None


def bootstrap(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    messenger: Messenger | None = None,
    parser_factory: ParserFactory | None = None,
    clock: Clock = utcnow,
) -> Container:
    """Wire the service; tests pass their own store, messenger or clock."""
    settings = settings or Settings()
    owned = store is None
    store = store or build_store(settings)
    messenger = messenger or build_messenger(settings)
    menus = MenuCache(store, parser_factory or default_parser, settings.menu_cache_seconds)
    kitchen = _kitchen_address(settings, messenger)
    return Container(
        settings=settings,
        store=store,
        messenger=messenger,
        menus=menus,
        inbound=InboundService(store, menus, kitchen, clock=clock),
        orders=OrderService(store, clock=clock),
        outbox_worker=OutboxWorker(store, messenger, clock=clock),
        kitchen=KitchenService(store, kitchen, clock=clock),
        owned=owned,
        handles_inline=isinstance(store, SqliteStore | MemoryStore),
    )
