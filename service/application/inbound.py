"""Handling one customer message: parse, run the engine in one transaction, act on its events."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from nlu import Intent, ParseResult, PaymentMethod
from service.application.availability import AvailabilityService, pause_notice
from service.application.handoff import CarePolicy, hold_for_staff, open_handoff
from service.application.menu_cache import MenuCache, MessageParser
from service.application.once import apply_once
from service.application.ports import OutboundMessage, RestaurantTransactions, RestaurantUnitOfWork
from service.application.privacy import erase_customer
from service.application.transcript import record_exchange
from service.clock import Clock, utcnow
from service.domain import kitchen_texts, restaurant_texts, texts
from service.domain.availability import Availability
from service.domain.conversation import Conversation, Inbound, State
from service.domain.engine import step
from service.domain.events import DataErasureConfirmed, Event, HumanRequested, OrderPlaced
from service.domain.menu import Menu
from service.domain.messages import pack
from service.domain.order_status import OrderStatus
from service.logs import mask_phone

__all__ = ["InboundService"]

logger = logging.getLogger(__name__)


class InboundService:
    """Turns a customer message into replies, stored state, orders and outbox messages."""

    def __init__(
        self,
        store: RestaurantTransactions,
        menus: MenuCache,
        kitchen_number: str | None,
        clock: Clock = utcnow,
        *,
        availability: AvailabilityService | None = None,
        care: CarePolicy | None = None,
    ) -> None:
        self._store = store
        self._menus = menus
        self._kitchen = kitchen_number or None
        self._clock = clock
        self._availability = availability
        self._care = care or CarePolicy()
        if not self._kitchen:
            logger.warning("KITCHEN_WHATSAPP_NUMBER is not set: the kitchen gets no messages")

    def handle(self, inbound: Inbound) -> tuple[str, ...]:
        """Apply the message once (a repeated message id gets the stored replies)."""
        loaded = self._menus.current()
        if loaded is None:
            logger.error("no menu stored: run `python -m service seed-menu`")
            return (texts.no_menu(),)
        menu, parser = loaded
        offered = self._availability.current() if self._availability else Availability()
        if self._availability is not None:
            menu, parser = self._availability.offer(menu, parser, offered)
        text = inbound.text.strip()
        parsed = parser.parse(text) if text else ParseResult(Intent.UNKNOWN)
        now = self._clock()
        message_id = inbound.message_id or f"local-{uuid.uuid4().hex}"

        def work(uow: RestaurantUnitOfWork) -> Sequence[str]:
            return self._apply(uow, inbound, parsed, parser, menu, now, offered)

        outcome = apply_once(self._store, inbound.phone, message_id, work)
        if outcome.duplicate:
            logger.info("repeated message %s from %s: answered again, not applied",
                        message_id, mask_phone(inbound.phone))
        else:
            logger.info("message %s from %s: intent %s, %d repl%s", message_id,
                        mask_phone(inbound.phone), parsed.intent.value, len(outcome.replies),
                        "y" if len(outcome.replies) == 1 else "ies")
        return outcome.replies

    def _apply(
        self,
        uow: RestaurantUnitOfWork,
        inbound: Inbound,
        parsed: ParseResult,
        parser: MessageParser,
        menu: Menu,
        now: datetime,
        offered: Availability,
    ) -> list[str]:
        hold = hold_for_staff(uow, inbound, now, self._care, self._kitchen)
        if hold.quiet:
            return []  # a person attends this customer; the message is recorded for them
        conv = uow.get_conversation(inbound.phone)
        choice = None
        if conv is not None and conv.state is State.CHOOSING and conv.pending and inbound.text:
            choice = parser.choose(inbound.text.strip(), list(conv.pending[0].candidates))
        conv, replies, events = step(conv, inbound, parsed, menu, now, choice=choice,
                                     taking_orders=offered.taking_orders(now))
        if any(isinstance(event, DataErasureConfirmed) for event in events):
            return self._erase(uow, inbound)
        conv, extra = self._carry_out(uow, conv, events, menu, now)
        uow.save_conversation(conv)
        notices = [hold.notice, pause_notice(offered, menu, now)]
        # Every step answers today; this keeps a future handler from leaving silence.
        answer = pack([*(n for n in notices if n), *replies, *extra]) or [texts.not_understood()]
        record_exchange(uow, inbound, answer, now, self._care.transcript)
        return answer

    def _erase(self, uow: RestaurantUnitOfWork, inbound: Inbound) -> list[str]:
        """The customer confirmed: erase their data (nothing of this message is kept either)."""
        erasure = erase_customer(uow, inbound.phone)
        logger.info("erased the data of %s at their request (%d orders anonymised)",
                    mask_phone(inbound.phone), erasure.orders_anonymised)
        return [restaurant_texts.data_erased()]

    def _carry_out(
        self, uow: RestaurantUnitOfWork, conv: Conversation, events: Sequence[Event], menu: Menu,
        now: datetime,
    ) -> tuple[Conversation, list[str]]:
        replies: list[str] = []
        for event in events:
            if isinstance(event, OrderPlaced):
                order = uow.add_order(event.order)
                assert order.number is not None
                number = order.number
                conv = replace(conv, last_order_number=number,
                               last_order_status=OrderStatus.NEW.value)
                pix = ""
                if order.payment.method is PaymentMethod.PIX:
                    pix = texts.pix_instructions(
                        menu.restaurant.pix_key, order.total_cents, menu.restaurant.currency
                    )
                replies.append(texts.order_confirmed(number, conv.customer_name, pix))
                if self._kitchen:
                    body = kitchen_texts.kitchen_order(
                        number, order.customer_name, order.phone, event.order_text,
                        order.address, event.payment_text,
                    ) + "\n\n" + kitchen_texts.kitchen_hint(number)
                    uow.enqueue(OutboundMessage(self._kitchen, body, "kitchen"))
            elif isinstance(event, HumanRequested):
                open_handoff(uow, event.phone, event.customer_name, event.reason, now,
                             self._care, self._kitchen)
        return conv, replies
