"""Global commands, checked before the step: finalizar, cancelar, cardápio, atendente, ajuda, …

Each step's record says which of them apply there. A command never loses the cart;
after it answers, the step's own question is asked again (a pending "qual?" too),
except "finalizar", which leaves an open "qual?" out and moves on to checkout, and
"atendente", after which a person answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from nlu import Intent
from service.domain import hours_texts, status_texts, texts
from service.domain.answers import delivery_answer, offered
from service.domain.checkout import CHECKOUT_STATES, advance
from service.domain.confirmations import ask_cart_cancel, cancel_placed_order
from service.domain.conversation import Conversation, State
from service.domain.events import HumanRequested
from service.domain.prompts import cart_text, reminder
from service.domain.turn import Turn

__all__ = ["GLOBAL_COMMANDS", "Handler"]

Handler = Callable[[Conversation, Turn], Conversation]


def _checkout(conv: Conversation, turn: Turn) -> Conversation:
    """ "Finalizar" always works: an unanswered "qual?" is left out, then checkout."""
    for choice in conv.pending:
        turn.say(texts.choice_dropped(choice.text))
    resume = conv.resume_state if conv.state is State.CHOOSING else conv.state
    conv = replace(conv, pending=(), resume_state=None,
                   state=resume if resume in CHECKOUT_STATES else State.ORDERING)
    return advance(conv, turn)


def _cancel(conv: Conversation, turn: Turn) -> Conversation:
    if conv.cart.empty and conv.state in (State.ORDERING, State.CHOOSING):
        conv = replace(conv, state=State.ORDERING, pending=(), resume_state=None)
        if conv.last_order_number is not None:
            return cancel_placed_order(conv, turn)  # "quero cancelar meu pedido"
        turn.say(texts.nothing_to_cancel())
        return conv
    return ask_cart_cancel(conv, turn)


def _help(conv: Conversation, turn: Turn) -> Conversation:
    turn.say(texts.help_text(texts.order_example(turn.menu)), reminder(conv, turn))
    return conv


def _menu(conv: Conversation, turn: Turn) -> Conversation:
    parsed = turn.parsed
    ids = [*parsed.about, *(line.id for line in parsed.unavailable_items)]
    asked = [item for item in (turn.menu.get(i) for i in ids) if item is not None]
    if asked:  # "tem feijoada hoje?" is answered about the feijoada, not with the whole menu
        counts = {line.id: line.quantity for line in parsed.about_counts}
        turn.say(texts.about_items(asked, turn.currency, counts), reminder(conv, turn))
        turn.asked_about = offered(asked, parsed)
        return replace(conv, last_item=asked[0].id)
    turn.say(*texts.menu_messages(turn.menu), reminder(conv, turn))
    turn.menu_shown = True
    return conv


def _cart(conv: Conversation, turn: Turn) -> Conversation:
    turn.say(cart_text(conv, turn))
    if conv.state is State.ORDERING and not conv.cart.empty:
        turn.say(texts.anything_else())
    turn.say(reminder(conv, turn))
    return conv


def _greeting(conv: Conversation, turn: Turn) -> Conversation:
    turn.say(texts.greeting_again(conv.customer_name, turn.parsed.salutation))
    hours = turn.menu.restaurant.hours
    if hours is not None and not turn.open_now:
        turn.say(hours_texts.closed_notice(hours, turn.now))
    if not conv.cart.empty:
        turn.say(cart_text(conv, turn))
    turn.say(reminder(conv, turn))
    return conv


def _human(conv: Conversation, turn: Turn) -> Conversation:
    # A person answers next (the assistant keeps quiet meanwhile), so no question is
    # repeated; an open "qual?" waits for when the assistant is back.
    turn.events.append(HumanRequested(conv.phone, conv.customer_name))
    turn.say(texts.human_requested())
    return conv


def _info(text: Callable[[Conversation, Turn], str]) -> Handler:
    def handler(conv: Conversation, turn: Turn) -> Conversation:
        turn.say(text(conv, turn), reminder(conv, turn))
        return conv

    return handler


GLOBAL_COMMANDS: dict[Intent, Handler] = {
    Intent.CHECKOUT: _checkout,
    Intent.CANCEL: _cancel,
    Intent.HELP: _help,
    Intent.SHOW_MENU: _menu,
    Intent.SHOW_CART: _cart,
    Intent.GREETING: _greeting,
    Intent.HUMAN: _human,
    Intent.ASK_HOURS: _info(
        lambda conv, turn: hours_texts.hours_answer(turn.menu.restaurant.hours, turn.now)
    ),
    Intent.ASK_DELIVERY: _info(delivery_answer),
    Intent.ORDER_STATUS: _info(
        lambda conv, turn: status_texts.order_status(conv.last_order_number,
                                                     conv.last_order_status,
                                                     pickup=conv.last_order_pickup)
    ),
}
