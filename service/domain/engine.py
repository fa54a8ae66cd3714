"""The conversation engine: a pure state machine from one message to replies and events.

``step(conversation, inbound, parsed, menu, now)`` reads nothing else and writes
nothing: no I/O, no clock, no logging. Global commands ("cancelar", "ajuda",
"cardápio", ...) are checked first, then the handler of the current state runs.
The states and their transitions are drawn in ``docs/conversation-states.md``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from nlu import Intent, ParseResult
from service.domain import hours_texts, texts
from service.domain.checkout import (
    address_from_location,
    handle_address,
    handle_change,
    handle_confirming,
    handle_payment,
    start_checkout,
)
from service.domain.commands import GLOBAL_COMMANDS, Handler
from service.domain.conversation import Conversation, Inbound, State
from service.domain.events import Event
from service.domain.menu import Menu
from service.domain.messages import pack
from service.domain.ordering import (
    apply_order_message,
    handle_choosing,
    has_order_content,
)
from service.domain.prompts import cart_text, reminder
from service.domain.turn import Turn

__all__ = ["STATE_HANDLERS", "StepResult", "step"]

StepResult = tuple[Conversation, list[str], list[Event]]

# A cart left this long belongs to another meal: start fresh instead of resuming it.
STALE_AFTER = timedelta(hours=12)
# Checkout steps where a message that names items edits the cart instead of answering.
_EDITABLE_CHECKOUT = frozenset({State.ASKING_PAYMENT, State.ASKING_CHANGE, State.CONFIRMING})


def step(
    conversation: Conversation | None,
    inbound: Inbound,
    parsed: ParseResult,
    menu: Menu,
    now: datetime,
    *,
    choice: str | None = None,
    taking_orders: bool = True,
) -> StepResult:
    """Apply one customer message: the new conversation, reply messages and events.

    ``taking_orders`` is False while the restaurant paused orders: checkout waits,
    the cart is kept.
    """
    conv = conversation or Conversation(phone=inbound.phone)
    if inbound.profile_name:
        conv = replace(conv, customer_name=inbound.profile_name.strip())
    turn = Turn(inbound=inbound, parsed=parsed, menu=menu, now=now, choice=choice,
                taking_orders=taking_orders)
    conv = _expire_stale(conv, turn)
    conv = _drop_unavailable(conv, turn)
    conv = _dispatch(conv, turn)
    return replace(conv, updated_at=now), pack(turn.replies), list(turn.events)


def _expire_stale(conv: Conversation, turn: Turn) -> Conversation:
    idle = conv.updated_at is not None and turn.now - conv.updated_at > STALE_AFTER
    if not idle or (conv.cart.empty and conv.state is State.ORDERING):
        return conv
    if not conv.cart.empty:
        turn.say(texts.cart_expired())
    return conv.start_over()


def _drop_unavailable(conv: Conversation, turn: Turn) -> Conversation:
    cart, dropped = conv.cart.without_unavailable(turn.menu)
    if not dropped:
        return conv
    names = [turn.menu[i].name if i in turn.menu else i for i in dropped]
    turn.say(texts.items_left_menu(names))
    turn.cart_shrank = True
    pending = tuple(
        p for p in conv.pending if sum(1 for c in p.candidates if turn.item(c)) > 1
    )
    conv = replace(conv, cart=cart, pending=pending)
    if cart.empty and conv.state not in (State.ORDERING, State.CHOOSING):
        conv = replace(conv, state=State.ORDERING)
    return conv


def _dispatch(conv: Conversation, turn: Turn) -> Conversation:
    inbound, parsed = turn.inbound, turn.parsed
    first = not conv.greeted
    if first:
        turn.say(texts.greeting(conv.customer_name, turn.menu.restaurant.name))
        hours = turn.menu.restaurant.hours
        if hours is not None and not turn.open_now:
            turn.say(hours_texts.closed_notice(hours, turn.now))
        conv = replace(conv, greeted=True)
    if inbound.truncated:
        turn.say(texts.truncated())
    if inbound.location is not None and conv.state is not State.ASKING_ADDRESS:
        address = address_from_location(inbound.location)
        turn.say(texts.location_saved(address))
        return replace(conv, address=address)
    if inbound.media_types and not turn.text and inbound.location is None:
        turn.say(texts.media_not_supported(inbound.media_types))
        return conv
    if not turn.text and inbound.location is None:
        if not first:
            turn.say(texts.empty_message(), reminder(conv, turn))
        return conv
    if first and parsed.intent in (Intent.GREETING, Intent.UNKNOWN) and not has_order_content(
        turn
    ):
        return conv
    if _only_thanks(conv, turn):
        turn.say(texts.you_are_welcome(), reminder(conv, turn))
        return conv
    command = GLOBAL_COMMANDS.get(parsed.intent)
    if command is not None and _globals_apply(conv, turn):
        return command(conv, turn)
    if conv.state in _EDITABLE_CHECKOUT and (parsed.items or parsed.ambiguous):
        return apply_order_message(replace(conv, state=State.ORDERING), turn)
    return STATE_HANDLERS[conv.state](conv, turn)


def _only_thanks(conv: Conversation, turn: Turn) -> bool:
    """ "obrigado", "valeu": a courtesy to return, unless the message also asks for something."""
    parsed = turn.parsed
    if not parsed.thanks or parsed.intent is not Intent.UNKNOWN or has_order_content(turn):
        return False
    return conv.state is not State.ASKING_ADDRESS or not any(ch.isdigit() for ch in turn.text)


def _globals_apply(conv: Conversation, turn: Turn) -> bool:
    if conv.state is State.CONFIRMING_CANCEL:
        return turn.parsed.intent not in (Intent.CANCEL, Intent.CONFIRM, Intent.DENY)
    if conv.state is State.ASKING_ADDRESS:
        # An address ("Rua da Ajuda, 45") can read like a command; addresses carry numbers.
        return not any(ch.isdigit() for ch in turn.text)
    return True


def handle_ordering(conv: Conversation, turn: Turn) -> Conversation:
    """Browsing and building the cart."""
    intent = turn.parsed.intent
    if has_order_content(turn):
        conv = apply_order_message(conv, turn)
        if intent is Intent.CHECKOUT and conv.state is State.ORDERING:
            return start_checkout(conv, turn)
        return conv
    if intent is Intent.CHECKOUT or (intent is Intent.DENY and not conv.cart.empty):
        return start_checkout(conv, turn)
    if intent is Intent.CONFIRM and not conv.cart.empty:
        turn.say(texts.what_else())
        return conv
    if intent is Intent.REMOVE_ITEMS:
        names = [line.item.name for line in conv.cart.priced(turn.menu)]
        turn.say(texts.which_to_remove(names) if names else texts.cart_empty())
        return conv
    turn.say(texts.not_understood())
    return conv


def handle_cancel_answer(conv: Conversation, turn: Turn) -> Conversation:
    """"sim" clears the cart; "não" returns to the step the customer was in."""
    intent = turn.parsed.intent
    if intent in (Intent.CONFIRM, Intent.CANCEL):
        turn.say(texts.cancelled())
        return conv.start_over()
    if intent is Intent.DENY:
        resumed = replace(conv, state=conv.resume_state or State.ORDERING, resume_state=None)
        turn.say(texts.cancel_kept(), reminder(resumed, turn) or cart_text(resumed, turn))
        return resumed
    turn.say(texts.ask_cancel())
    return conv


STATE_HANDLERS: dict[State, Handler] = {
    State.ORDERING: handle_ordering,
    State.CHOOSING: handle_choosing,
    State.ASKING_ADDRESS: handle_address,
    State.ASKING_PAYMENT: handle_payment,
    State.ASKING_CHANGE: handle_change,
    State.CONFIRMING: handle_confirming,
    State.CONFIRMING_CANCEL: handle_cancel_answer,
}
