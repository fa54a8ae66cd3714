"""After "sim": what a placed order sends, and the Pix receipt that may follow it.

The application calls :func:`placed_messages` once the store has numbered the
order. The confirmation says when the food arrives (the area's estimate) or where
and when to pick it up; paying by Pix, it says how, and the BR Code goes in a
message of its own so it can be copied whole (WhatsApp copies a whole message, not
part of one). The kitchen's message says RETIRADA for a pickup, the fee with its
area, and "aguardando comprovante Pix".

A customer's image (or PDF) within :data:`RECEIPT_WINDOW` of a Pix order is that
order's receipt (:func:`receipt_for`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from nlu import PaymentMethod
from service.domain import delivery_texts, kitchen_texts, payments, texts
from service.domain.conversation import Conversation, Inbound
from service.domain.events import OrderPlaced
from service.domain.order import Order
from service.domain.order_status import OrderStatus
from service.domain.restaurant import Restaurant

__all__ = ["RECEIPT_WINDOW", "PlacedMessages", "is_receipt_kind", "placed_messages",
           "receipt_for"]

# A receipt comes within minutes of the order; a day covers paying late at night,
# while an image weeks later is something else (a photo of the food, a complaint).
RECEIPT_WINDOW = timedelta(hours=24)
# What a receipt is sent as: a screenshot or photo, or the bank's PDF.
_RECEIPT_TYPES = ("image/", "application/pdf")


@dataclass(frozen=True)
class PlacedMessages:
    """What goes out for one placed order."""

    confirmation: str  # joins the turn's replies
    pix_code: str | None  # the copia-e-cola, alone in its own message
    qr_caption: str | None  # the caption of the QR image, when the image is sent
    kitchen: str


def placed_messages(order: Order, restaurant: Restaurant, event: OrderPlaced, *,
                    qr: bool) -> PlacedMessages:
    """The confirmation, the Pix code and the kitchen's message of a numbered order.

    ``qr``: the QR image of the code will be sent too (the app can serve it).
    """
    assert order.number is not None
    number, currency, total = order.number, restaurant.currency, order.total_cents
    code: str | None = None
    payment = pix_line = ""
    if order.payment.method is PaymentMethod.PIX:
        code = payments.pix_code(restaurant, total, number)
        payment = (delivery_texts.pix_copy_paste(total, currency, qr=qr) if code is not None
                   else delivery_texts.pix_key_only(restaurant.pix_key, total, currency))
        pix_line = delivery_texts.kitchen_pix_pending(key_sent=restaurant.pix_key is not None)
    pickup = delivery_texts.pickup_confirmed(restaurant) if order.pickup else ""
    confirmation = texts.order_confirmed(number, order.customer_name, event.estimate,
                                         pickup=pickup, payment=payment)
    kitchen = kitchen_texts.kitchen_order(
        number, order.customer_name, order.phone, event.order_text,
        None if order.pickup else order.address, event.payment_text, pix_line=pix_line,
    ) + "\n\n" + kitchen_texts.kitchen_hint(number, pickup=order.pickup)
    caption = (delivery_texts.pix_qr_caption(number, total, currency)
               if code is not None and qr else None)
    return PlacedMessages(confirmation, code, caption, kitchen)


def is_receipt_kind(content_type: str) -> bool:
    """An image or a PDF, as receipts are sent."""
    return content_type.lower().startswith(_RECEIPT_TYPES)


def receipt_for(conv: Conversation, inbound: Inbound, now: datetime) -> int | None:
    """The Pix order this message's image is the receipt of, or None."""
    number, since = conv.pix_due, conv.pix_due_since
    if number is None or since is None or not any(map(is_receipt_kind, inbound.media_types)):
        return None
    if now - since > RECEIPT_WINDOW or conv.last_order_status == OrderStatus.CANCELLED.value:
        return None
    return number
