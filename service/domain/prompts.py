"""What a step is waiting for, repeated after an aside, and the cart as the customer sees it."""

from __future__ import annotations

from service.domain import texts
from service.domain.checkout import total_cents
from service.domain.conversation import Conversation, State
from service.domain.ordering import ask_pending
from service.domain.turn import Turn

__all__ = ["cart_text", "reminder"]


def reminder(conv: Conversation, turn: Turn) -> str:
    """What the current step is waiting for, repeated after an aside."""
    total = total_cents(conv.cart, turn)
    if conv.state is State.CHOOSING and conv.pending:
        return ask_pending(conv, turn)
    if conv.state is State.ASKING_ADDRESS:
        return texts.ask_address(conv.address)
    if conv.state is State.ASKING_PAYMENT:
        return texts.ask_payment(total, turn.currency)
    if conv.state is State.ASKING_CHANGE:
        return texts.ask_change(total, turn.currency)
    if conv.state is State.CONFIRMING:
        return texts.answer_yes_or_no()
    if conv.state is State.CONFIRMING_CANCEL:
        return texts.ask_cancel()
    return ""


def cart_text(conv: Conversation, turn: Turn) -> str:
    """The cart with its lines and subtotal."""
    return texts.cart(conv.cart.priced(turn.menu), turn.subtotal(conv.cart), turn.currency)
