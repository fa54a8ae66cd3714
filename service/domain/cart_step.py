"""The ordering step: building the cart, with anything else the message carries kept too."""

from __future__ import annotations

from datetime import datetime

from nlu import Intent
from service.domain import texts
from service.domain.answers import answer_question
from service.domain.checkout import advance, follow_up_over
from service.domain.choosing import start_choosing
from service.domain.conversation import Conversation
from service.domain.events import HumanRequested
from service.domain.order_status import OPEN_STATUSES
from service.domain.ordering import edit_cart
from service.domain.prompts import cart_text
from service.domain.slots import fill_slots
from service.domain.turn import Turn

__all__ = ["handle_ordering"]


def _delivery_just_placed(conv: Conversation, now: datetime) -> bool:
    """Was an order to deliver placed moments ago (``checkout.FOLLOW_UP``), and is it still
    with the kitchen or on its way? Then an address said now is for it."""
    return (conv.last_order_number is not None and conv.last_order_at is not None
            and not follow_up_over(conv, now) and conv.last_order_status in OPEN_STATUSES
            and not conv.last_order_pickup)


def _new_address_for_order(conv: Conversation, turn: Turn) -> Conversation:
    """"ops, o endereço certo é rua augusta 730" after confirming: the stored order is the
    kitchen's, so a person is called to change it; the new address stays for next time."""
    assert conv.last_order_number is not None and conv.address is not None
    turn.say(texts.address_for_placed_order(conv.last_order_number, conv.address.text))
    turn.events.append(HumanRequested(conv.phone, conv.customer_name, reason="change_address"))
    return conv


def handle_ordering(conv: Conversation, turn: Turn) -> Conversation:
    """Items edit the cart; slots are kept; "só isso" or a bare address/payment moves on."""
    parsed = turn.parsed
    conv, cart = edit_cart(conv, turn)
    conv, slots = fill_slots(conv, turn)
    conv, answered = answer_question(conv, turn)
    if cart.asked:
        return start_choosing(conv, turn)
    wrapping_up = parsed.intent is Intent.CHECKOUT or (
        parsed.intent is Intent.DENY and not cart.changed
    )
    # An address or a payment given on its own, with a cart: the customer is closing the order.
    if not conv.cart.empty and (wrapping_up or (slots.any and not cart.changed)):
        return advance(conv, turn)
    if cart.changed:
        if conv.cart.empty:
            turn.say(texts.cart_empty())
        else:
            if not cart.added:
                turn.say(cart_text(conv, turn))
            turn.say(texts.anything_else())
        return conv
    if wrapping_up:
        turn.say(texts.cart_empty())
        return conv
    if slots.address and not cart.changed and _delivery_just_placed(conv, turn.now):
        return _new_address_for_order(conv, turn)
    if slots.any:
        turn.say(texts.what_to_order())
        return conv
    if answered or cart.noted or slots.refused:
        return conv
    if parsed.intent is Intent.CONFIRM and not conv.cart.empty:
        turn.say(texts.what_else())
        return conv
    if parsed.intent is Intent.CONFIRM and conv.last_order_number is not None:
        turn.say(texts.glad())  # "ok", "chegou, tudo certinho" after an order: nothing to ask
        return conv
    if parsed.intent is Intent.REMOVE_ITEMS:
        names = [line.item.name for line in conv.cart.priced(turn.menu)]
        turn.say(texts.which_to_remove(names) if names else texts.cart_empty())
        return conv
    turn.not_understood(texts.not_understood())
    return conv
