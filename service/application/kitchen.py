"""The kitchen's WhatsApp: messages from KITCHEN_WHATSAPP_NUMBER are commands, not orders.

Each command is applied like a customer message: once per MessageSid, in one store
transaction, so a repeated delivery answers the same and never notifies the
customer twice. Moving an order is the same use case the API and the panel call
(:func:`service.application.orders.change_status`), inside that transaction.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Protocol

from service.application.handoff import CarePolicy
from service.application.kitchen_desk import (
    DESK_ACTIONS,
    Prepared,
    apply_desk_command,
    prepare_desk_command,
)
from service.application.menu_cache import MenuCache
from service.application.once import apply_once
from service.application.orders import change_status
from service.application.ports import (
    OrderQueries,
    RestaurantQueries,
    RestaurantTransactions,
    RestaurantUnitOfWork,
)
from service.clock import Clock, utcnow
from service.domain import kitchen_texts, status_texts
from service.domain.conversation import Inbound
from service.domain.kitchen_commands import KitchenAction, KitchenCommand, parse_kitchen_command
from service.domain.order_status import OPEN_STATUSES, StatusRefused
from service.logs import mask_phone

__all__ = ["KitchenService", "same_whatsapp_number"]

logger = logging.getLogger(__name__)

# "Today" for the kitchen is the Brazilian day; Brasília time has had no daylight
# saving since 2019, so a fixed offset is exact and needs no tz database in the image.
KITCHEN_TIMEZONE = timezone(timedelta(hours=-3))
# "pedidos" looks at this many recent orders: far more than one kitchen opens in a day.
OPEN_ORDERS_SCAN = 200
_DIGITS = re.compile(r"\d")


def _comparable(phone: str) -> str:
    digits = "".join(_DIGITS.findall(phone))
    # Brazilian mobiles may reach us with or without the ninth digit after the area
    # code (WhatsApp keeps the old 12-digit form for some accounts): compare without it.
    if len(digits) == 13 and digits.startswith("55") and digits[4] == "9":
        digits = digits[:4] + digits[5:]
    return digits


def same_whatsapp_number(a: str, b: str) -> bool:
    """True when two WhatsApp addresses are the same phone, however written."""
    left, right = _comparable(a), _comparable(b)
    return bool(left) and left == right


class KitchenStore(RestaurantTransactions, OrderQueries, RestaurantQueries, Protocol):
    """What the kitchen's commands need from the store (any full store fits)."""


class KitchenService:
    """Answers the kitchen's WhatsApp commands: orders, availability, pause, handoffs."""

    def __init__(self, store: KitchenStore, kitchen_number: str | None,
                 clock: Clock = utcnow, *, menus: MenuCache | None = None,
                 care: CarePolicy | None = None) -> None:
        self._store = store
        self._kitchen = kitchen_number or None
        self._clock = clock
        self._menus = menus
        self._care = care or CarePolicy()

    def is_kitchen(self, phone: str) -> bool:
        """True when ``phone`` is the configured kitchen number."""
        return self._kitchen is not None and same_whatsapp_number(phone, self._kitchen)

    def handle(self, inbound: Inbound) -> tuple[str, ...]:
        """Apply one kitchen message once (a repeated MessageSid gets the stored reply)."""
        command = parse_kitchen_command(inbound.text)
        message_id = inbound.message_id or f"local-{uuid.uuid4().hex}"
        listing = self._open_orders() if command.action is KitchenAction.LIST_OPEN else ""
        desk: Prepared | None = None
        if command.action in DESK_ACTIONS and self._menus is not None:
            desk = prepare_desk_command(command, self._store, self._menus)

        now = self._clock()

        def work(uow: RestaurantUnitOfWork) -> Sequence[str]:
            if desk is not None:
                return [apply_desk_command(uow, command, desk, now, self._care)]
            return [listing or self._apply(uow, command, now)]

        outcome = apply_once(self._store, inbound.phone, message_id, work)
        logger.info("kitchen message %s from %s: %s%s", message_id, mask_phone(inbound.phone),
                    command.action.value, " (repeated)" if outcome.duplicate else "")
        return outcome.replies

    def _apply(self, uow: RestaurantUnitOfWork, command: KitchenCommand, now: datetime) -> str:
        if command.action is KitchenAction.HELP:
            return kitchen_texts.kitchen_help()
        if command.action is not KitchenAction.SET_STATUS or command.status is None:
            return kitchen_texts.kitchen_not_understood()
        if not command.numbers:
            return kitchen_texts.kitchen_missing_number(command.status.value)
        if len(set(command.numbers)) > 1:
            return kitchen_texts.kitchen_one_number()
        number = command.numbers[0]
        try:
            update = change_status(uow, number, command.status, now,
                                   reason=command.text or None)
        except StatusRefused as refused:
            return str(refused)
        if update is None:
            return status_texts.not_found(number)
        if not update.changed:
            return kitchen_texts.kitchen_unchanged(number, update.order.status)
        logger.info("order %d: %s → %s (kitchen WhatsApp)", number, update.previous_status,
                    update.order.status)
        return kitchen_texts.kitchen_done(number, update.order.status, update.customer_notified)

    def _open_orders(self) -> str:
        today = self._clock().astimezone(KITCHEN_TIMEZONE).date()
        open_today = [
            order for order in self._store.list_orders(OPEN_ORDERS_SCAN)
            if order.status in OPEN_STATUSES
            and order.created_at.astimezone(KITCHEN_TIMEZONE).date() == today
        ]
        return kitchen_texts.kitchen_open_orders(list(reversed(open_today)))
