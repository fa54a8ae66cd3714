"""The composition root: builds the store, messenger, menu cache and services from settings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from nlu.menu import Menu
from service.adapters.console_messenger import ConsoleMessenger
from service.adapters.sqlite_store import SqliteStore
from service.adapters.twilio_messenger import TwilioMessenger
from service.application.inbound import InboundService
from service.application.kitchen import KitchenService
from service.application.menu_cache import MenuCache, MessageParser, ParserFactory
from service.application.outbox_worker import OutboxWorker
from service.ports import Messenger, Store
from service.settings import Settings, is_placeholder

__all__ = ["Container", "bootstrap", "build_messenger", "build_store", "default_parser"]

logger = logging.getLogger(__name__)


@dataclass
class Container:
    """Everything the entry points use, built once per process."""

    settings: Settings
    store: Store
    messenger: Messenger
    menus: MenuCache
    inbound: InboundService
    outbox_worker: OutboxWorker
    kitchen: KitchenService
    owned: bool = field(default=True)  # close the store on shutdown

    def close(self) -> None:
        """Stop the worker and release the store."""
        self.outbox_worker.stop()
        if self.owned:
            self.store.close()


def default_parser(menu: Menu) -> MessageParser:
    """The real parser for a menu."""
    from nlu import Parser  # type: ignore[attr-defined,unused-ignore]

    parser: MessageParser = Parser(menu)
    return parser


def build_store(settings: Settings) -> Store:
    """The configured store: SQLite (default) or Firestore."""
    if settings.storage_backend == "firestore":
        from service.adapters.firestore_store import build_firestore_store

        store: Store = build_firestore_store(settings)
        return store
    logger.info("SQLite store at %s", settings.sqlite_path)
    return SqliteStore(settings.sqlite_path)


def build_messenger(settings: Settings) -> Messenger:
    """Twilio when credentials are set, otherwise the console."""
    if settings.can_send_whatsapp:
        assert settings.twilio_account_sid and settings.auth_token and settings.twilio_phone_number
        return TwilioMessenger(
            settings.twilio_account_sid,
            settings.auth_token,
            settings.twilio_phone_number,
            api_base_url=settings.twilio_api_base_url,
        )
    return ConsoleMessenger()


def bootstrap(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    messenger: Messenger | None = None,
    parser_factory: ParserFactory | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Container:
    """Wire the service; tests pass their own store, messenger or clock."""
    settings = settings or Settings()
    owned = store is None
    store = store or build_store(settings)
    messenger = messenger or build_messenger(settings)
    menus = MenuCache(store, parser_factory or default_parser, settings.menu_cache_seconds)
    kitchen = settings.kitchen_whatsapp_number
    kitchen = None if is_placeholder(kitchen) else kitchen
    if clock is None:
        inbound = InboundService(store, menus, kitchen)
        worker = OutboxWorker(store, messenger)
        commands = KitchenService(store, kitchen)
    else:
        inbound = InboundService(store, menus, kitchen, clock=clock)
        worker = OutboxWorker(store, messenger, clock=clock)
        commands = KitchenService(store, kitchen, clock=clock)
    return Container(settings, store, messenger, menus, inbound, worker, commands, owned)
