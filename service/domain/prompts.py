"""What each step asks, repeated after an aside, and the cart as the customer sees it."""

from __future__ import annotations

from collections.abc import Callable

from service.domain import delivery_texts, texts
from service.domain.checkout import (
    accepted_methods,
    address_question,
    fee_line,
    known_fee_cents,
    picks_up,
    total_cents,
)
from service.domain.choosing import ask_pending
from service.domain.conversation import Conversation, State
from service.domain.delivery import needs_place
from service.domain.turn import Turn

__all__ = ["PROMPTS", "Prompt", "cart_text", "reminder"]

Prompt = Callable[[Conversation, Turn], str]


def _nothing(conv: Conversation, turn: Turn) -> str:
    return ""


def _address(conv: Conversation, turn: Turn) -> str:
    return address_question(conv, turn)


def _bairro(conv: Conversation, turn: Turn) -> str:
    restaurant = turn.menu.restaurant
    return delivery_texts.ask_place(restaurant, needs_place(restaurant)) + \
        delivery_texts.pickup_hint(restaurant)


def _address_detail(conv: Conversation, turn: Turn) -> str:
    address = conv.address
    if address is None or address.latitude is not None:
        return texts.ask_location_detail()
    return texts.ask_house_number(address)


def _payment(conv: Conversation, turn: Turn) -> str:
    total = total_cents(conv.cart, turn, conv)
    return texts.ask_payment(total, turn.currency, accepted_methods(turn.menu),
                             pickup=picks_up(conv, turn))


def _change(conv: Conversation, turn: Turn) -> str:
    return texts.ask_change(total_cents(conv.cart, turn, conv), turn.currency)


def _order_cancel(conv: Conversation, turn: Turn) -> str:
    return texts.ask_cancel_order(conv.last_order_number or 0)


PROMPTS: dict[State, Prompt] = {
    State.ORDERING: _nothing,
    State.CHOOSING: ask_pending,
    State.ASKING_ADDRESS: _address,
    State.ASKING_ADDRESS_DETAIL: _address_detail,
    State.ASKING_BAIRRO: _bairro,
    State.ASKING_PAYMENT: _payment,
    State.ASKING_CHANGE: _change,
    State.CONFIRMING: lambda conv, turn: texts.answer_yes_or_no(),
    State.CONFIRMING_CANCEL: lambda conv, turn: texts.ask_cancel(),
    State.CONFIRMING_ORDER_CANCEL: _order_cancel,
    State.CONFIRMING_ERASURE: lambda conv, turn: texts.ask_erasure(),
    State.OFFERING_REPEAT: lambda conv, turn: texts.answer_sim_or_nao(),
}


def reminder(conv: Conversation, turn: Turn) -> str:
    """What the current step is waiting for, repeated after an aside."""
    return PROMPTS[conv.state](conv, turn)


def cart_text(conv: Conversation, turn: Turn) -> str:
    """The cart with its lines, subtotal, and the delivery fee and total once the fee is known."""
    fee = known_fee_cents(conv, turn)
    return texts.cart(conv.cart.priced(turn.menu), turn.subtotal(conv.cart), turn.currency,
                      fee, fee_line(conv, turn) if fee is not None else "")
