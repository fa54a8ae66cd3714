"""Handling one customer message: read it in context, run the engine in one transaction, act.

Inside the transaction: read what is sold out and whether orders are paused, keep
quiet while a person attends the customer (handoff), load the conversation, give
the parser the conversation's context (what the assistant just asked, the options
shown, the last item), load the customer's last
order when the message needs it, run the pure engine (told whether the restaurant
takes orders now), carry out its events (store the order, cancel it, open a
handoff, erase data, pass a Pix receipt on to the kitchen), save, and keep the
exchange in the transcript.

A Pix order's copia-e-cola is the reply's last message, alone, so it can be copied;
its QR image goes through the outbox as WhatsApp media, pointing at the app's own
signed, expiring link (``PUBLIC_BASE_URL`` + ``/media/pix/….png``). The outbox, not
the webhook's reply, carries it: a send that fails is retried for minutes while the
link lasts hours, and the reply stays plain text (a repeated message id is answered
with the stored text alone).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from nlu import Context, Intent, ParseResult
from service.application.availability import AvailabilityService, pause_notice
from service.application.handoff import CarePolicy, hold_for_staff, open_handoff
from service.application.media_links import MediaLinks
from service.application.menu_cache import MenuCache, MessageParser
from service.application.once import apply_once
from service.application.orders import change_status
from service.application.ports import (
    OutboundMessage,
    RestaurantTransactions,
    RestaurantUnitOfWork,
)
from service.application.privacy import erase_customer
from service.application.transcript import record_exchange
from service.clock import Clock, utcnow
from service.domain import delivery_texts, kitchen_texts, restaurant_texts, status_texts, texts
from service.domain.availability import Availability
from service.domain.checkout import order_stored
from service.domain.confirmations import customer_can_cancel
from service.domain.conversation import Conversation, Inbound, State
from service.domain.engine import needs_last_order, parser_context, step
from service.domain.events import (
    DataErasureConfirmed,
    Event,
    HumanRequested,
    OrderCancelRequested,
    OrderPlaced,
    PixReceiptReceived,
)
from service.domain.menu import Menu
from service.domain.messages import MAX_REPLY_MESSAGES, pack
from service.domain.order import Order
from service.domain.order_status import OrderStatus, StatusRefused
from service.domain.placed import placed_messages
from service.logs import mask_phone

__all__ = ["MAX_RECEIPT_IMAGES", "InboundService"]

logger = logging.getLogger(__name__)

# Receipt images passed on to the kitchen per message: a receipt is one or two
# screenshots; more is rarely a receipt and would flood the kitchen's WhatsApp.
MAX_RECEIPT_IMAGES = 3


@dataclass
class _Carried:
    """What carrying out a turn's events adds to the reply."""

    replies: list[str] = field(default_factory=list)  # packed with the engine's replies
    alone: list[str] = field(default_factory=list)  # each a message of its own (the Pix code)


@dataclass
class _Reading:
    """The parser's reading of one message, per parser and context: a retry reuses it."""

    text: str
    parser: MessageParser | None = None  # the offered menu's, set in each attempt
    last: ParseResult | None = None
    _parsed: dict[tuple[MessageParser, Context], ParseResult] = field(default_factory=dict)

    def parse(self, context: Context) -> ParseResult:
        if not self.text or self.parser is None:
            self.last = ParseResult(Intent.UNKNOWN)
        else:
            key = (self.parser, context)
            if key not in self._parsed:
                self._parsed[key] = self.parser.parse(self.text, context)
            self.last = self._parsed[key]
        return self.last

    def choose(self, candidates: Sequence[str]) -> str | None:
        if not self.text or self.parser is None:
            return None
        return self.parser.choose(self.text, list(candidates))


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
        media_links: MediaLinks | None = None,
        public_base_url: str | None = None,
    ) -> None:
        self._store = store
        self._menus = menus
        self._kitchen = kitchen_number or None
        self._clock = clock
        self._availability = availability
        self._care = care or CarePolicy()
        # The Pix QR image needs a link Twilio can fetch: the public URL and a signer.
        self._links = media_links if public_base_url else None
        self._base_url = public_base_url or ""
        if not self._kitchen:
            logger.warning("KITCHEN_WHATSAPP_NUMBER is not set: the kitchen gets no messages")

    def handle(self, inbound: Inbound) -> tuple[str, ...]:
        """Apply the message once (a repeated message id gets the stored replies)."""
        loaded = self._menus.current()
        if loaded is None:
            logger.error("no menu stored: run `python -m service seed-menu`")
            return (texts.no_menu(),)
        reading = _Reading(inbound.text.strip())
        now = self._clock()
        message_id = inbound.message_id or f"local-{uuid.uuid4().hex}"

        def work(uow: RestaurantUnitOfWork) -> Sequence[str]:
            # Read in the transaction: an item sold out a moment ago is never ordered.
            menu, reading.parser = loaded
            offered = Availability()
            if self._availability is not None:
                offered = uow.get_availability() or offered
                menu, reading.parser = self._availability.offer(menu, reading.parser, offered)
            return self._apply(uow, inbound, reading, menu, now, offered)

        outcome = apply_once(self._store, inbound.phone, message_id, work)
        if outcome.duplicate:
            logger.info("repeated message %s from %s: answered again, not applied",
                        message_id, mask_phone(inbound.phone))
        else:
            intent = reading.last.intent.value if reading.last else "-"
            logger.info("message %s from %s: intent %s, %d repl%s", message_id,
                        mask_phone(inbound.phone), intent, len(outcome.replies),
                        "y" if len(outcome.replies) == 1 else "ies")
        return outcome.replies

    def _apply(self, uow: RestaurantUnitOfWork, inbound: Inbound, reading: _Reading,
               menu: Menu, now: datetime, offered: Availability) -> list[str]:
        hold = hold_for_staff(uow, inbound, now, self._care, self._kitchen)
        if hold.quiet:
            return []  # a person attends this customer; the message is recorded for them
        conv = uow.get_conversation(inbound.phone)
        parsed = reading.parse(parser_context(conv))
        choice = None
        if conv is not None and conv.state is State.CHOOSING and conv.pending:
            choice = reading.choose(conv.pending[0].candidates)
        last_order = self._last_order(uow, conv, parsed)
        conv, replies, events = step(conv, inbound, parsed, menu, now, choice=choice,
                                     last_order=last_order,
                                     taking_orders=offered.taking_orders(now))
        if any(isinstance(event, DataErasureConfirmed) for event in events):
            return self._erase(uow, inbound)
        conv, extra = self._carry_out(uow, conv, events, menu, now)
        uow.save_conversation(conv)
        notices = [hold.notice, pause_notice(offered, menu, now)]
        blocks = [*(n for n in notices if n), *replies, *extra.replies]
        # Every step answers today; this keeps a future handler from leaving silence.
        answer = (pack(blocks, MAX_REPLY_MESSAGES - len(extra.alone)) + extra.alone
                  or [texts.not_understood()])
        record_exchange(uow, inbound, answer, now, self._care.transcript)
        return answer

    def _erase(self, uow: RestaurantUnitOfWork, inbound: Inbound) -> list[str]:
        """The customer confirmed: erase their data (nothing of this message is kept either)."""
        erasure = erase_customer(uow, inbound.phone)
        logger.info("erased the data of %s at their request (%d orders anonymised)",
                    mask_phone(inbound.phone), erasure.orders_anonymised)
        return [restaurant_texts.data_erased()]

    def _last_order(self, uow: RestaurantUnitOfWork, conv: Conversation | None,
                    parsed: ParseResult) -> Order | None:
        """The customer's last order, read only for the messages that need it ("o de sempre")."""
        if conv is None or conv.last_order_number is None or not needs_last_order(conv, parsed):
            return None
        order = uow.get_order(conv.last_order_number)
        return order if order is not None and order.phone == conv.phone.removeprefix(
            "whatsapp:") else None

    def _carry_out(
        self, uow: RestaurantUnitOfWork, conv: Conversation, events: Sequence[Event],
        menu: Menu, now: datetime,
    ) -> tuple[Conversation, _Carried]:
        carried = _Carried()
        for event in events:
            if isinstance(event, OrderPlaced):
                conv = self._place(uow, conv, event, menu, now, carried)
            elif isinstance(event, HumanRequested):
                self._call_person(uow, event, now)
            elif isinstance(event, OrderCancelRequested):
                conv = self._cancel_order(uow, conv, event, now, carried.replies)
            elif isinstance(event, PixReceiptReceived):
                self._pass_receipt_on(uow, event)
        return conv, carried

    def _place(self, uow: RestaurantUnitOfWork, conv: Conversation, event: OrderPlaced,
               menu: Menu, now: datetime, carried: _Carried) -> Conversation:
        order = uow.add_order(event.order)
        conv = order_stored(conv, order, now)
        sent = placed_messages(order, menu.restaurant, event, qr=self._links is not None)
        carried.replies.append(sent.confirmation)
        if sent.pix_code is not None:
            carried.alone.append(sent.pix_code)
            if self._links is not None and sent.qr_caption is not None:
                image = self._links.pix_url(self._base_url, sent.pix_code)
                uow.enqueue(OutboundMessage(order.customer_address, sent.qr_caption, "customer",
                                            order.number, media_url=image))
        if self._kitchen:
            uow.enqueue(OutboundMessage(self._kitchen, sent.kitchen, "kitchen", order.number))
        return conv

    def _pass_receipt_on(self, uow: RestaurantUnitOfWork, event: PixReceiptReceived) -> None:
        """Tell the kitchen a Pix receipt arrived, and pass the images on."""
        if not self._kitchen:
            return
        # Twilio keeps the customer's media at https links it fetches again to send them.
        images = [url for url in event.media_urls if url.startswith("https://")]
        images = images[:MAX_RECEIPT_IMAGES]
        phone = event.phone.removeprefix("whatsapp:")
        who = f"{event.customer_name} ({phone})" if event.customer_name else phone
        uow.enqueue(OutboundMessage(
            self._kitchen, delivery_texts.kitchen_pix_receipt(event.number, who, len(images)),
            "kitchen", event.number))
        caption = delivery_texts.kitchen_receipt_caption(event.number)
        for url in images:
            uow.enqueue(OutboundMessage(self._kitchen, caption, "kitchen", event.number,
                                        media_url=url))
        logger.info("Pix receipt for order %d from %s passed on (%d image%s)", event.number,
                    mask_phone(event.phone), len(images), "" if len(images) == 1 else "s")

    def _call_person(self, uow: RestaurantUnitOfWork, event: HumanRequested,
                     now: datetime) -> None:
        """A handoff: the kitchen is told, and the transcript shows staff what was said."""
        open_handoff(uow, event.phone, event.customer_name, event.reason, now, self._care,
                     self._kitchen)

    def _cancel_order(self, uow: RestaurantUnitOfWork, conv: Conversation,
                      event: OrderCancelRequested, now: datetime,
                      replies: list[str]) -> Conversation:
        """The customer's own cancellation: only while new; later, a person decides."""
        order = uow.get_order(event.number)
        if order is None:
            replies.append(texts.nothing_to_cancel())
            return conv
        if order.status is OrderStatus.CANCELLED:
            replies.append(texts.order_cancelled(event.number))
            return conv
        update = None
        if customer_can_cancel(order.status.value):
            try:
                update = change_status(uow, event.number, OrderStatus.CANCELLED, now,
                                       notify_customer=False)
            except StatusRefused:
                update = None
        if update is None or update.order.status is not OrderStatus.CANCELLED:
            replies.append(texts.cancel_too_late(event.number, status_texts.label(
                order.status.value)))
            self._call_person(uow, HumanRequested(conv.phone, conv.customer_name,
                                                  reason="cancel_order"), now)
            return replace(conv, last_order_status=order.status.value)
        replies.append(texts.order_cancelled(event.number))
        if self._kitchen:
            body = kitchen_texts.kitchen_order_cancelled(event.number, order.customer_name,
                                                         order.phone)
            uow.enqueue(OutboundMessage(self._kitchen, body, "kitchen", event.number))
        return replace(conv, last_order_status=OrderStatus.CANCELLED.value)
