"""Global commands, checked before the current step: cancel, help, menu, cart, greeting, ..."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from nlu import Intent
from service.domain import hours_texts, status_texts, texts
from service.domain.conversation import Conversation, State
from service.domain.events import HumanRequested
from service.domain.prompts import cart_text, reminder
from service.domain.turn import Turn

__all__ = ["GLOBAL_COMMANDS", "Handler"]

Handler = Callable[[Conversation, Turn], Conversation]


def _cancel(conv: Conversation, turn: Turn) -> Conversation:
    if conv.cart.empty and conv.state in (State.ORDERING, State.CHOOSING):
        turn.say(texts.nothing_to_cancel())
        return replace(conv, state=State.ORDERING, pending=())
    turn.say(texts.ask_cancel())
    return replace(conv, state=State.CONFIRMING_CANCEL, resume_state=conv.state)


def _help(conv: Conversation, turn: Turn) -> Conversation:
    turn.say(texts.help_text(), reminder(conv, turn))
    return conv


def _menu(conv: Conversation, turn: Turn) -> Conversation:
    parsed = turn.parsed
    ids = [*parsed.about, *(line.id for line in parsed.unavailable_items)]
    asked = [item for item in (turn.menu.get(i) for i in ids) if item is not None]
    if asked:  # "tem feijoada hoje?" is answered about the feijoada, not with the whole menu
        turn.say(texts.about_items(asked, turn.currency), reminder(conv, turn))
        return conv
    turn.say(*texts.menu_messages(turn.menu), reminder(conv, turn))
    return conv


def _cart(conv: Conversation, turn: Turn) -> Conversation:
    turn.say(cart_text(conv, turn))
    if conv.state is State.ORDERING and not conv.cart.empty:
        turn.say(texts.anything_else())
    turn.say(reminder(conv, turn))
    return conv


def _greeting(conv: Conversation, turn: Turn) -> Conversation:
    turn.say(texts.greeting_again(conv.customer_name))
    hours = turn.menu.restaurant.hours
    if hours is not None and not turn.open_now:
        turn.say(hours_texts.closed_notice(hours, turn.now))
    if not conv.cart.empty:
        turn.say(cart_text(conv, turn))
    turn.say(reminder(conv, turn))
    return conv


def _human(conv: Conversation, turn: Turn) -> Conversation:
    turn.events.append(HumanRequested(conv.phone, conv.customer_name))
    turn.say(texts.human_requested())
    return conv


def _info(text: Callable[[Conversation, Turn], str]) -> Handler:
    def handler(conv: Conversation, turn: Turn) -> Conversation:
        turn.say(text(conv, turn), reminder(conv, turn))
        return conv

    return handler


GLOBAL_COMMANDS: dict[Intent, Handler] = {
    Intent.CANCEL: _cancel,
    Intent.HELP: _help,
    Intent.SHOW_MENU: _menu,
    Intent.SHOW_CART: _cart,
    Intent.GREETING: _greeting,
    Intent.HUMAN: _human,
    Intent.ASK_HOURS: _info(
        lambda conv, turn: hours_texts.hours_answer(turn.menu.restaurant.hours, turn.now)
    ),
    Intent.ASK_DELIVERY: _info(
        lambda conv, turn: texts.delivery_info(
            turn.menu.restaurant.delivery_fee_cents, turn.currency
        )
    ),
    Intent.ORDER_STATUS: _info(
        lambda conv, turn: status_texts.order_status(conv.last_order_number,
                                                     conv.last_order_status)
    ),
}
