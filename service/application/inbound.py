"""Handling one inbound message: parse, run the engine in a store transaction, act on events."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from nlu.menu import Menu
from nlu.result import Intent, ParseResult, PaymentMethod
from service.application.menu_cache import MenuCache, MessageParser
from service.domain import status_texts, texts
from service.domain.conversation import Address, Conversation, Inbound, State
from service.domain.engine import step
from service.domain.events import Event, HumanRequested, OrderPlaced
from service.domain.messages import pack
from service.domain.order_status import OrderStatus
from service.logs import mask_phone
from service.ports import ConversationStore, InboundTransaction, OutboundMessage

__all__ = ["InboundService"]

logger = logging.getLogger(__name__)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class InboundService:
    """Turns a customer message into replies, stored state, orders and outbox messages."""

    def __init__(
        self,
        store: ConversationStore,
        menus: MenuCache,
        kitchen_number: str | None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._store = store
        self._menus = menus
        self._kitchen = kitchen_number or None
        self._clock = clock
        if not self._kitchen:
            logger.warning("KITCHEN_WHATSAPP_NUMBER is not set: the kitchen gets no messages")

    def handle(self, inbound: Inbound) -> tuple[str, ...]:
        """Apply the message once (a repeated message id gets the stored replies)."""
        loaded = self._menus.current()
        if loaded is None:
            logger.error("no menu stored: run `python -m service seed-menu`")
            return (texts.no_menu(),)
        menu, parser = loaded
        text = inbound.text.strip()
        parsed = parser.parse(text) if text else ParseResult(Intent.UNKNOWN)
        now = self._clock()
        message_id = inbound.message_id or f"local-{uuid.uuid4().hex}"

        def work(tx: InboundTransaction) -> Sequence[str]:
            return self._apply(tx, inbound, parsed, parser, menu, now)

        outcome = self._store.apply_inbound(inbound.phone, message_id, work)
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
        tx: InboundTransaction,
        inbound: Inbound,
        parsed: ParseResult,
        parser: MessageParser,
        menu: Menu,
        now: datetime,
    ) -> list[str]:
        raw = tx.load_conversation()
        conv = Conversation.from_dict(raw) if raw else None
        choice = None
        if conv is not None and conv.state is State.CHOOSING and conv.pending and inbound.text:
            choice = parser.choose(inbound.text.strip(), list(conv.pending[0].candidates))
        conv, replies, events = step(conv, inbound, parsed, menu, now, choice=choice)
        conv, extra = self._carry_out(tx, conv, events, menu)
        tx.save_conversation(conv.to_dict())
        # Every step answers today; this keeps a future handler from leaving silence.
        return pack([*replies, *extra]) or [texts.not_understood()]

    def _carry_out(
        self, tx: InboundTransaction, conv: Conversation, events: Sequence[Event], menu: Menu
    ) -> tuple[Conversation, list[str]]:
        replies: list[str] = []
        for event in events:
            if isinstance(event, OrderPlaced):
                number = tx.place_order(event.order)
                conv = replace(conv, last_order_number=number,
                               last_order_status=OrderStatus.NEW.value)
                pix = ""
                if event.order["payment"]["method"] == PaymentMethod.PIX.value:
                    pix = texts.pix_instructions(
                        menu.restaurant.pix_key, int(event.order["total_cents"]),
                        menu.restaurant.currency,
                    )
                replies.append(texts.order_confirmed(number, conv.customer_name, pix))
                if self._kitchen:
                    body = texts.kitchen_order(
                        number,
                        conv.customer_name,
                        str(event.order["phone"]),
                        event.order_text,
                        conv.address or _no_address(),
                        event.payment_text,
                    ) + "\n\n" + status_texts.kitchen_hint(number)
                    tx.enqueue(OutboundMessage(self._kitchen, body, "kitchen"))
            elif isinstance(event, HumanRequested) and self._kitchen:
                phone = event.phone.removeprefix("whatsapp:")
                body = texts.kitchen_human(event.customer_name, phone)
                tx.enqueue(OutboundMessage(self._kitchen, body, "kitchen"))
        return conv, replies


def _no_address() -> Address:
    return Address("(sem endereço)")
