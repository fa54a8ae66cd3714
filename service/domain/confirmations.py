"""Yes-or-no steps: emptying the cart, cancelling the placed order, erasing data, "o de sempre".

Each starts with a question and one step that reads the answer; anything but yes or
no asks again in short, and the step the customer was in resumes after a "não".
"""

from __future__ import annotations

from dataclasses import replace

from nlu import Fulfilment, Intent, PaymentMethod
from service.domain import restaurant_texts, status_texts, texts
from service.domain.cart import Cart
from service.domain.cart_step import handle_ordering
from service.domain.checkout import accepted_methods, advance, total_cents
from service.domain.conversation import NO_CHANGE, Conversation, State
from service.domain.events import DataErasureConfirmed, HumanRequested, OrderCancelRequested
from service.domain.order_status import OrderStatus
from service.domain.ordering import has_order_content
from service.domain.prompts import cart_text, reminder
from service.domain.turn import Turn

__all__ = [
    "ask_cart_cancel",
    "ask_erasure",
    "cancel_placed_order",
    "customer_can_cancel",
    "handle_cancel_answer",
    "handle_erasure_answer",
    "handle_order_cancel_answer",
    "handle_repeat_answer",
    "offer_repeat",
]

_YES = (Intent.CONFIRM,)


def _resume(conv: Conversation) -> Conversation:
    return replace(conv, state=conv.resume_state or State.ORDERING, resume_state=None)


def _ask(conv: Conversation, turn: Turn, state: State, question: str) -> Conversation:
    turn.say(question)
    resume = conv.state if conv.state not in _QUESTIONS else conv.resume_state
    return replace(conv, state=state, resume_state=resume)


def _sim_or_nao(conv: Conversation, turn: Turn) -> Conversation:
    turn.not_understood(texts.answer_sim_or_nao(), reminder(conv, turn))
    return conv


# -- emptying the cart -----------------------------------------------------------


def ask_cart_cancel(conv: Conversation, turn: Turn) -> Conversation:
    """ "Cancelar" with a cart: confirm first."""
    return _ask(conv, turn, State.CONFIRMING_CANCEL, texts.ask_cancel())


def handle_cancel_answer(conv: Conversation, turn: Turn) -> Conversation:
    """ "sim" clears the cart; "não" returns to the step the customer was in."""
    intent = turn.parsed.intent
    if intent in (Intent.CONFIRM, Intent.CANCEL):
        turn.say(texts.cancelled())
        return conv.start_over()
    if intent is Intent.DENY:
        resumed = _resume(conv)
        turn.say(texts.cancel_kept(), reminder(resumed, turn) or cart_text(resumed, turn))
        return resumed
    return _sim_or_nao(conv, turn)


# -- cancelling the order the kitchen has -----------------------------------------


def customer_can_cancel(status: str | None) -> bool:
    """A customer cancels by themselves only while the kitchen has not started (status "novo")."""
    return status in (None, OrderStatus.NEW.value)


def cancel_placed_order(conv: Conversation, turn: Turn) -> Conversation:
    """ "Quero cancelar meu pedido" with an empty cart: the last order, while it is new."""
    number, status = conv.last_order_number, conv.last_order_status
    if number is None or status in (OrderStatus.DELIVERED.value, OrderStatus.CANCELLED.value):
        turn.say(texts.nothing_to_cancel())
        return conv
    if customer_can_cancel(status):
        return _ask(conv, turn, State.CONFIRMING_ORDER_CANCEL, texts.ask_cancel_order(number))
    turn.events.append(HumanRequested(conv.phone, conv.customer_name, reason="cancel_order"))
    turn.say(texts.cancel_too_late(number, status_texts.label(status or "")))
    return conv


def handle_order_cancel_answer(conv: Conversation, turn: Turn) -> Conversation:
    """ "sim": the application cancels the order (and says how it went); "não" keeps it."""
    intent = turn.parsed.intent
    number = conv.last_order_number
    if number is None:
        return _resume(conv)
    if intent in (Intent.CONFIRM, Intent.CANCEL):
        turn.events.append(OrderCancelRequested(conv.phone, number))
        return _resume(conv)
    if intent is Intent.DENY:
        turn.say(texts.order_kept(number))
        return _resume(conv)
    return _sim_or_nao(conv, turn)


# -- erasing the customer's data (LGPD) ----------------------------------------------


def ask_erasure(conv: Conversation, turn: Turn) -> Conversation:
    """ "Apaga meus dados": confirm first."""
    return _ask(conv, turn, State.CONFIRMING_ERASURE, texts.ask_erasure())


def handle_erasure_answer(conv: Conversation, turn: Turn) -> Conversation:
    """ "sim": the data goes (the application erases it); "não" keeps everything."""
    intent = turn.parsed.intent
    if intent in _YES:
        turn.events.append(DataErasureConfirmed(conv.phone))
        turn.say(restaurant_texts.data_erased())
        return Conversation(phone=conv.phone, greeted=True)
    if intent is Intent.DENY:
        resumed = _resume(conv)
        turn.say(texts.erasure_kept(), reminder(resumed, turn))
        return resumed
    return _sim_or_nao(conv, turn)


# -- "o de sempre" ----------------------------------------------------------------


def offer_repeat(conv: Conversation, turn: Turn) -> Conversation:
    """Show the last order at today's prices and ask whether to repeat it."""
    order = turn.last_order
    if order is None:
        turn.say(texts.no_last_order())
        return conv
    cart = _cart_of_last_order(turn)
    if cart.empty:
        turn.say(texts.last_order_gone())
        return conv
    again = _as_last_order(conv, turn, cart)
    offer = texts.offer_repeat(cart.priced(turn.menu), total_cents(cart, turn, again),
                               turn.currency, None if order.pickup else order.address,
                               order.payment.method, pickup=order.pickup)
    return _ask(conv, turn, State.OFFERING_REPEAT, offer)


def _cart_of_last_order(turn: Turn) -> Cart:
    cart = Cart()
    if turn.last_order is not None:
        for line in turn.last_order.lines:
            if turn.item(line.item_id) is not None:
                cart = cart.add(line.item_id, line.quantity, line.note)
    return cart


def _as_last_order(conv: Conversation, turn: Turn, cart: Cart) -> Conversation:
    """The conversation with the last order's items, address (or pickup) and payment."""
    order = turn.last_order
    assert order is not None
    payment = order.payment.method
    pickup = order.pickup and turn.menu.restaurant.pickup
    return replace(
        conv, cart=cart, pending=(),
        address=conv.address if order.pickup else order.address,
        address_confirmed=True if not order.pickup else conv.address_confirmed,
        address_detail=False,
        fulfilment=Fulfilment.PICKUP if pickup else None,
        payment=payment if payment in accepted_methods(turn.menu) else None,
        change_for_cents=(order.payment.change_for_cents or NO_CHANGE)
        if payment is PaymentMethod.CASH else None,
    )


def handle_repeat_answer(conv: Conversation, turn: Turn) -> Conversation:
    """ "sim": the last order's items, address and payment, straight to the summary."""
    order, intent = turn.last_order, turn.parsed.intent
    if has_order_content(turn):
        return handle_ordering(_resume(conv), turn)  # ordered something else instead
    if intent in _YES and order is not None:
        return advance(_as_last_order(_resume(conv), turn, _cart_of_last_order(turn)), turn)
    if intent is Intent.DENY or order is None:
        turn.say(texts.repeat_declined())
        return _resume(conv)
    return _sim_or_nao(conv, turn)


_QUESTIONS = frozenset({
    State.CONFIRMING_CANCEL, State.CONFIRMING_ORDER_CANCEL, State.CONFIRMING_ERASURE,
    State.OFFERING_REPEAT,
})
