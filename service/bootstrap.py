"""The composition root: builds the store, messenger, menu cache and use cases from settings."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TextIO

from pydantic import SecretStr

import nlu
from service.adapters.console_messenger import ConsoleMessenger
from service.adapters.memory.store import MemoryStore
from service.adapters.sqlite.store import PendingSync, SqliteStore
from service.adapters.twilio_messenger import TwilioMessenger
from service.application.availability import AvailabilityService
from service.application.handoff import CarePolicy, HandoffService
from service.application.housekeeping import Housekeeper
from service.application.inbound import InboundService
from service.application.kitchen import KitchenService
from service.application.media_links import MediaLinks
from service.application.menu_cache import MenuCache, MessageParser, ParserFactory
from service.application.notices import NoticeService
from service.application.orders import OrderService
from service.application.outbox_worker import OutboxWorker, RetryPolicy
from service.application.panel_access import (
    LoginThrottle,
    PanelGate,
    PasswordHash,
    PasswordHashError,
    SessionService,
)
from service.application.ports import Messenger, RestaurantStore
from service.application.privacy import PrivacyService
from service.application.sales import SalesService
from service.application.transcript import TranscriptPolicy, TranscriptService
from service.clock import Clock, utcnow
from service.domain.menu import Menu
from service.settings import Settings, SettingsError, is_placeholder

__all__ = [
    "CONSOLE_KITCHEN",
    "Container",
    "bootstrap",
    "build_media_links",
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
    store: RestaurantStore
    messenger: Messenger
    menus: MenuCache
    inbound: InboundService
    orders: OrderService
    outbox_worker: OutboxWorker
    kitchen: KitchenService
    media_links: MediaLinks
    availability: AvailabilityService
    handoffs: HandoffService
    transcripts: TranscriptService
    privacy: PrivacyService
    sales: SalesService
    panel: PanelGate
    housekeeper: Housekeeper
    notices: NoticeService
    clock: Clock = field(default=utcnow)  # what every use case reads the time from
    owned: bool = field(default=True)  # close the store on shutdown
    # The store answers in well under a millisecond (SQLite, memory): the webhook then
    # handles a message on the event loop instead of a trip to the threadpool. A store
    # behind the network (Firestore) keeps the loop free for other requests.
    handles_inline: bool = field(default=False)
    # Twilio waits 15 s for the webhook's answer: a message still being handled after this
    # long (the store hangs) is answered "um instante" and its replies follow by the API.
    answer_within: float = field(default=12.0)

    @contextmanager
    def sync_later(self) -> Iterator[PendingSync | None]:
        """Inside, a store syncing its commits to disk on the caller's time (SQLite) leaves
        the wait to ``PendingSync.wait``, for the caller to run off the event loop
        before answering; None when the store has nothing to wait for."""
        if isinstance(self.store, SqliteStore):
            with self.store.sync_later() as pending:
                yield pending
        else:
            yield None

    def current_menu(self) -> Menu | None:
        """The stored menu as loaded now (sold-out items still available in it)."""
        loaded = self.menus.current()
        return loaded[0] if loaded is not None else None

    def close(self) -> None:
        """Stop the background threads and release the store."""
        self.outbox_worker.stop()
        self.housekeeper.stop()
        if self.owned:
            self.store.close()


def default_parser(catalog: nlu.Menu) -> MessageParser:
    """The real parser for a menu's items."""
    return nlu.Parser(catalog)


def build_store(settings: Settings, *, memory: bool = False, clock: Clock = utcnow,
                web_worker: bool = False) -> RestaurantStore:
    """The configured store: SQLite (default) or Firestore; ``memory`` for a throwaway one
    (on ``clock``, so its outbox agrees with a test's clock). In a ``web_worker`` of
    several (WEB_CONCURRENCY > 1) SQLite runs transactions optimistically: the workers
    then run the conversation engine side by side instead of waiting for the file's lock."""
    if memory:
        return MemoryStore(clock=clock, message_ids_retention=settings.message_ids_retention,
                           outbox_retention=settings.outbox_retention)
    if settings.storage_backend == "firestore":
        from service.adapters.firestore.store import build_firestore_store

        store: RestaurantStore = build_firestore_store(settings)
        return store
    logger.info("SQLite store at %s", settings.sqlite_path)
    return SqliteStore(settings.sqlite_path, message_ids_retention=settings.message_ids_retention,
                       outbox_retention=settings.outbox_retention,
                       optimistic=web_worker and settings.web_concurrency > 1)


def build_messenger(settings: Settings, console: TextIO | None = None, *,
                    console_only: bool = False) -> Messenger:
    """Twilio when credentials are set (unless ``console_only``), else the console (or stderr)."""
    if settings.can_send_whatsapp and not console_only:
        assert settings.twilio_account_sid and settings.auth_token and settings.twilio_phone_number
        return TwilioMessenger(
            settings.twilio_account_sid,
            settings.auth_token,
            settings.twilio_phone_number.strip(),
            api_base_url=settings.twilio_api_base_url,
        )
    return ConsoleMessenger(console)


def _kitchen_address(settings: Settings, messenger: Messenger) -> str | None:
    number = settings.kitchen_whatsapp_number
    if number is not None and not is_placeholder(number):
        return number.strip()
    if isinstance(messenger, ConsoleMessenger):
        return CONSOLE_KITCHEN
    return None


def build_media_links(settings: Settings, clock: Clock = utcnow) -> MediaLinks:
    """Signed media links; without a configured key, one valid only in this process."""
    key = settings.media_key or secrets.token_bytes(32)
    return MediaLinks(key, timedelta(hours=settings.media_link_hours), clock=clock)


def panel_password(settings: Settings) -> PasswordHash | None:
    """The panel's password as a hash; the settings keep the hash instead of the password."""
    secret = settings.panel_secret
    if secret is None:
        return None
    kind, text = secret
    try:
        hashed = PasswordHash.parse(text) if kind == "hash" else PasswordHash.create(text)
    except PasswordHashError as exc:
        raise SettingsError(str(exc)) from None
    settings.panel_password = None
    settings.panel_password_hash = SecretStr(hashed.encode())
    return hashed


def bootstrap(
    settings: Settings | None = None,
    *,
    store: RestaurantStore | None = None,
    messenger: Messenger | None = None,
    parser_factory: ParserFactory | None = None,
    clock: Clock = utcnow,
    web_worker: bool = False,
) -> Container:
    """Wire the service (``web_worker``: for a web worker of ``serve``); tests pass their own
    store, messenger or clock."""
    settings = settings or Settings()
    owned = store is None
    store = store or build_store(settings, web_worker=web_worker)
    messenger = messenger or build_messenger(settings)
    factory = parser_factory or default_parser
    menus = MenuCache(store, factory, settings.menu_cache_seconds)
    kitchen = _kitchen_address(settings, messenger)
    care = CarePolicy(
        idle=timedelta(minutes=settings.handoff_idle_minutes),
        transcript=TranscriptPolicy(keep=settings.transcript_max_messages,
                                    retention=timedelta(days=settings.transcript_retention_days)),
    )
    availability = AvailabilityService(store, factory, clock=clock)
    transcripts = TranscriptService(store, care.transcript, clock=clock)
    sessions = SessionService(store, timedelta(hours=settings.panel_session_hours), clock=clock)

    def menu() -> Menu | None:
        loaded = menus.current()
        return loaded[0] if loaded is not None else None

    media_links = build_media_links(settings, clock)

    return Container(
        settings=settings,
        store=store,
        messenger=messenger,
        menus=menus,
        inbound=InboundService(store, menus, kitchen, clock=clock, availability=availability,
                               care=care, media_links=media_links,
                               public_base_url=settings.public_base_url),
        orders=OrderService(store, clock=clock),
        outbox_worker=OutboxWorker(
            store, messenger, clock=clock, kitchen=kitchen,
            policy=RetryPolicy(timedelta(hours=settings.outbox_give_up_hours)),
        ),
        media_links=media_links,
        kitchen=KitchenService(store, kitchen, clock=clock, menus=menus, care=care),
        availability=availability,
        handoffs=HandoffService(store, care, menu, clock=clock),
        transcripts=transcripts,
        privacy=PrivacyService(store, clock=clock),
        sales=SalesService(store),
        panel=PanelGate(panel_password(settings), sessions, LoginThrottle()),
        housekeeper=Housekeeper([transcripts.purge, sessions.purge]),
        notices=NoticeService(store, clock=clock),
        clock=clock,
        owned=owned,
        handles_inline=isinstance(store, SqliteStore | MemoryStore),
    )
