"""The ordering step: building the cart, with anything else the message carries kept too."""

from __future__ import annotations

from nlu import Intent
from service.domain import texts
from service.domain.answers import answer_question
from service.domain.checkout import advance
from service.domain.choosing import start_choosing
from service.domain.conversation import Conversation
from service.domain.ordering import edit_cart
from service.domain.prompts import cart_text
from service.domain.slots import fill_slots
from service.domain.turn import Turn

__all__ = ["handle_ordering"]


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
