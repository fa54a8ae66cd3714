"""Checkout steps: delivery address, payment, change for cash, the summary and confirmation."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from nlu import Intent, PaymentMethod
from service.domain import hours_texts, restaurant_texts, texts
from service.domain.cart import Cart
from service.domain.conversation import Address, Conversation, Location, State
from service.domain.events import OrderPlaced
from service.domain.order import Order, OrderLine, Payment
from service.domain.turn import Turn

__all__ = [
    "address_from_location",
    "handle_address",
    "handle_change",
    "handle_confirming",
    "handle_payment",
    "start_checkout",
    "summary_text",
    "total_cents",
]

# "Rua A, 10" is about the shortest address a courier can find; shorter answers
# ("ok", "sim", "aqui") are not addresses.
MIN_ADDRESS_CHARS = 8
# Longer than any real address: a pasted paragraph is cut, not stored whole.
MAX_ADDRESS_CHARS = 300
# A "sim" to a summary shown while open is still taken this long after closing time,
# as a kitchen serves whoever is already at the counter; later, the cook has gone home.
CONFIRM_GRACE = timedelta(minutes=10)


def total_cents(cart: Cart, turn: Turn) -> int:
    """Subtotal plus the restaurant's delivery fee."""
    return turn.subtotal(cart) + turn.menu.restaurant.delivery_fee_cents


def start_checkout(conv: Conversation, turn: Turn) -> Conversation:
    """"finalizar": refuse an empty cart, otherwise ask the delivery address."""
    if conv.cart.empty:
        turn.say(texts.cart_empty())
        return replace(conv, state=State.ORDERING)
    hours = turn.menu.restaurant.hours
    if hours is not None and not turn.open_now:
        turn.say(hours_texts.checkout_closed(hours, turn.now))
        return replace(conv, state=State.ORDERING)
    if not turn.taking_orders:
        turn.say(restaurant_texts.checkout_paused())
        return replace(conv, state=State.ORDERING)
    turn.say(texts.ask_address(conv.address))
    return replace(conv, state=State.ASKING_ADDRESS, payment=None, change_for_cents=None)


def _ask_payment(conv: Conversation, turn: Turn, address: Address) -> Conversation:
    turn.say(texts.ask_payment(total_cents(conv.cart, turn), turn.currency))
    return replace(conv, address=address, state=State.ASKING_PAYMENT)


def address_from_location(location: Location) -> Address:
    """A shared WhatsApp location as a delivery address ("MASP — Av. Paulista, 1578")."""
    text = location.address or location.label
    if location.label and location.address and location.label not in location.address:
        text = f"{location.label} — {location.address}"
    text = text or texts.location_label(location.latitude, location.longitude)
    return Address(text[:MAX_ADDRESS_CHARS], location.latitude, location.longitude)


def handle_address(conv: Conversation, turn: Turn) -> Conversation:
    """Take a written address, a shared location, or "sim" for the address used before."""
    if turn.inbound.location is not None:
        return _ask_payment(conv, turn, address_from_location(turn.inbound.location))
    intent = turn.parsed.intent
    if conv.address is not None and intent is Intent.CONFIRM:
        return _ask_payment(conv, turn, conv.address)
    if conv.address is not None and intent is Intent.DENY:
        turn.say(texts.ask_address(None))
        return replace(conv, address=None)
    text = " ".join(turn.text.split())
    if len(text) < MIN_ADDRESS_CHARS or not any(ch.isalpha() for ch in text):
        turn.say(texts.address_too_short())
        return conv
    return _ask_payment(conv, turn, Address(text[:MAX_ADDRESS_CHARS]))


def handle_payment(conv: Conversation, turn: Turn) -> Conversation:
    """Pix, card on delivery, or cash (then ask for change)."""
    parsed = turn.parsed
    method = parsed.payment
    if method is None and len(parsed.numbers) == 1:
        number = parsed.numbers[0].number
        if 1 <= number <= len(texts.PAYMENT_OPTIONS):
            method = texts.PAYMENT_OPTIONS[number - 1]
    if method is None:
        turn.say(texts.ask_payment(total_cents(conv.cart, turn), turn.currency))
        return conv
    conv = replace(conv, payment=method, change_for_cents=None)
    if method is PaymentMethod.CASH:
        if parsed.no_change:
            return _confirm(conv, turn)
        amount = _stated_amount(turn)
        if amount is not None:
            return _take_change(conv, turn, amount)
        turn.say(texts.ask_change(total_cents(conv.cart, turn), turn.currency))
        return replace(conv, state=State.ASKING_CHANGE)
    return _confirm(conv, turn)


def handle_change(conv: Conversation, turn: Turn) -> Conversation:
    """"Troco para 100" (refusing less than the total), or "não preciso"."""
    parsed = turn.parsed
    if parsed.no_change:
        return _confirm(replace(conv, change_for_cents=None), turn)
    amount = _stated_amount(turn)
    if amount is None and len(parsed.numbers) == 1:
        amount = parsed.numbers[0].number * 100
    if amount is not None:
        return _take_change(conv, turn, amount)
    if parsed.intent is Intent.DENY:
        return _confirm(replace(conv, change_for_cents=None), turn)
    if parsed.payment is not None and parsed.payment is not PaymentMethod.CASH:
        return handle_payment(conv, turn)
    turn.say(texts.ask_change(total_cents(conv.cart, turn), turn.currency))
    return conv


def _stated_amount(turn: Turn) -> int | None:
    """Cash the customer will hand over: "troco pra 100", "R$ 50", "cinquenta reais"."""
    parsed = turn.parsed
    return parsed.change_for_cents if parsed.change_for_cents is not None else parsed.money_cents


def _take_change(conv: Conversation, turn: Turn, amount: int) -> Conversation:
    total = total_cents(conv.cart, turn)
    if amount < total:
        turn.say(texts.change_too_low(amount, total, turn.currency))
        return replace(conv, state=State.ASKING_CHANGE)
    change = amount if amount > total else None
    return _confirm(replace(conv, change_for_cents=change), turn)


def _confirm(conv: Conversation, turn: Turn) -> Conversation:
    turn.say(summary_text(conv, turn))
    return replace(conv, state=State.CONFIRMING)


def summary_text(conv: Conversation, turn: Turn) -> str:
    """Items, subtotal, fee, total, address and payment, asking "Confirma?"."""
    assert conv.address is not None and conv.payment is not None
    return texts.summary(_order_text(conv, turn), conv.address, _payment_text(conv, turn))


def _order_text(conv: Conversation, turn: Turn) -> str:
    return texts.order_lines(
        conv.cart.priced(turn.menu),
        turn.subtotal(conv.cart),
        turn.menu.restaurant.delivery_fee_cents,
        turn.currency,
    )


def _payment_text(conv: Conversation, turn: Turn) -> str:
    assert conv.payment is not None
    total = total_cents(conv.cart, turn)
    return texts.payment_text(conv.payment, conv.change_for_cents, total, turn.currency)


def handle_confirming(conv: Conversation, turn: Turn) -> Conversation:
    """"sim" places the order; "não" goes back to the cart."""
    intent = turn.parsed.intent
    hours = turn.menu.restaurant.hours
    if intent is Intent.CONFIRM and hours is not None and not _still_taking(conv, turn):
        turn.say(hours_texts.confirm_closed(hours, turn.now))
        return replace(conv, state=State.ORDERING)
    if intent is Intent.CONFIRM and not turn.taking_orders:
        turn.say(restaurant_texts.checkout_paused())
        return replace(conv, state=State.ORDERING)
    if intent is Intent.CONFIRM and turn.cart_shrank:
        turn.say(summary_text(conv, turn))  # the "sim" was to a summary that no longer holds
        return conv
    if intent is Intent.CONFIRM:
        placed = OrderPlaced(
            order=order_draft(conv, turn),
            order_text=_order_text(conv, turn),
            payment_text=_payment_text(conv, turn),
        )
        turn.events.append(placed)
        return conv.start_over()
    if intent is Intent.DENY:
        priced = conv.cart.priced(turn.menu)
        turn.say(texts.cart(priced, turn.subtotal(conv.cart), turn.currency), texts.back_to_cart())
        return replace(conv, state=State.ORDERING)
    turn.say(texts.answer_yes_or_no())
    return conv


def _still_taking(conv: Conversation, turn: Turn) -> bool:
    """Open now, or the summary was shown while open and closing time was moments ago."""
    hours = turn.menu.restaurant.hours
    if turn.open_now or hours is None:
        return True
    shown = conv.updated_at
    return shown is not None and hours.is_open(shown) and turn.now - shown <= CONFIRM_GRACE


def order_draft(conv: Conversation, turn: Turn) -> Order:
    """The order as confirmed (without its number, which the store allocates)."""
    assert conv.address is not None and conv.payment is not None
    return Order(
        phone=conv.phone.removeprefix("whatsapp:"),
        customer_name=conv.customer_name,
        lines=tuple(
            OrderLine(line.item.id, line.item.name, line.quantity, line.item.price_cents,
                      line.note)
            for line in conv.cart.priced(turn.menu)
        ),
        delivery_fee_cents=turn.menu.restaurant.delivery_fee_cents,
        address=conv.address,
        payment=Payment(conv.payment, conv.change_for_cents),
        created_at=turn.now,
    )
