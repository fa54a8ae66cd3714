"""The conversation as data: one record per step, all in one table.

A step says how a message is read there (its handler), what it asks (its prompt,
repeated after an aside), what the parser should expect, whether a message that
names items edits the cart, and which global commands apply. Adding a step is one
record here and its handler (the bairro's was). The states and their
transitions are drawn in ``docs/conversation-states.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlu import Context, Expecting, Intent
from service.domain.cart_step import handle_ordering
from service.domain.checkout_steps import (
    handle_address,
    handle_address_detail,
    handle_bairro,
    handle_change,
    handle_confirming,
    handle_payment,
)
from service.domain.choosing import handle_choosing
from service.domain.commands import Handler
from service.domain.confirmations import (
    handle_cancel_answer,
    handle_erasure_answer,
    handle_order_cancel_answer,
    handle_repeat_answer,
)
from service.domain.conversation import Conversation, State
from service.domain.prompts import PROMPTS, Prompt

__all__ = ["EVERY_COMMAND", "STEPS", "Step", "parser_context", "step_of"]

EVERY_COMMAND = frozenset({
    Intent.CHECKOUT, Intent.CANCEL, Intent.HELP, Intent.SHOW_MENU, Intent.SHOW_CART,
    Intent.GREETING, Intent.HUMAN, Intent.ASK_HOURS, Intent.ASK_DELIVERY, Intent.ORDER_STATUS,
})
# At a yes-or-no question, "cancelar" and "finalizar" are answers, not commands.
ASIDES = EVERY_COMMAND - {Intent.CHECKOUT, Intent.CANCEL}


@dataclass(frozen=True)
class Step:
    """One step of the conversation."""

    state: State
    handler: Handler  # reads a message at this step
    prompt: Prompt  # what the step asks
    expecting: Expecting  # what the parser is told the assistant waits for
    edits_cart: bool  # a message naming items edits the cart here
    commands: frozenset[Intent]  # global commands checked before the handler


STEPS: tuple[Step, ...] = (
    Step(State.ORDERING, handle_ordering, PROMPTS[State.ORDERING], Expecting.NOTHING,
         edits_cart=True, commands=EVERY_COMMAND),
    Step(State.CHOOSING, handle_choosing, PROMPTS[State.CHOOSING], Expecting.CHOICE,
         edits_cart=True, commands=EVERY_COMMAND),
    Step(State.ASKING_ADDRESS, handle_address, PROMPTS[State.ASKING_ADDRESS],
         Expecting.ADDRESS, edits_cart=True, commands=EVERY_COMMAND),
    Step(State.ASKING_ADDRESS_DETAIL, handle_address_detail,
         PROMPTS[State.ASKING_ADDRESS_DETAIL], Expecting.ADDRESS, edits_cart=True,
         commands=EVERY_COMMAND),
    Step(State.ASKING_BAIRRO, handle_bairro, PROMPTS[State.ASKING_BAIRRO], Expecting.ADDRESS,
         edits_cart=True, commands=EVERY_COMMAND),
    Step(State.ASKING_PAYMENT, handle_payment, PROMPTS[State.ASKING_PAYMENT],
         Expecting.PAYMENT, edits_cart=True, commands=EVERY_COMMAND),
    Step(State.ASKING_CHANGE, handle_change, PROMPTS[State.ASKING_CHANGE], Expecting.CHANGE,
         edits_cart=True, commands=EVERY_COMMAND),
    Step(State.CONFIRMING, handle_confirming, PROMPTS[State.CONFIRMING],
         Expecting.CONFIRMATION, edits_cart=True, commands=EVERY_COMMAND),
    Step(State.CONFIRMING_CANCEL, handle_cancel_answer, PROMPTS[State.CONFIRMING_CANCEL],
         Expecting.YES_NO, edits_cart=False, commands=ASIDES),
    Step(State.CONFIRMING_ORDER_CANCEL, handle_order_cancel_answer,
         PROMPTS[State.CONFIRMING_ORDER_CANCEL], Expecting.YES_NO, edits_cart=False,
         commands=ASIDES),
    Step(State.CONFIRMING_ERASURE, handle_erasure_answer, PROMPTS[State.CONFIRMING_ERASURE],
         Expecting.YES_NO, edits_cart=False, commands=ASIDES),
    Step(State.OFFERING_REPEAT, handle_repeat_answer, PROMPTS[State.OFFERING_REPEAT],
         Expecting.YES_NO, edits_cart=True, commands=ASIDES),
)

_BY_STATE = {step.state: step for step in STEPS}


def step_of(state: State) -> Step:
    """The record of a state."""
    return _BY_STATE[state]


def parser_context(conv: Conversation | None) -> Context:
    """What the parser should keep in mind reading the next message of this conversation."""
    if conv is None:
        return Context()
    step = step_of(conv.state)
    expecting = step.expecting
    if expecting is Expecting.NOTHING and conv.menu_shown:
        expecting = Expecting.MENU_NUMBER
    options = conv.pending[0].candidates if conv.state is State.CHOOSING and conv.pending else ()
    return Context(
        expecting=expecting,
        options=tuple(options),
        last_item=conv.last_item,
        cart=tuple(dict.fromkeys(line.item_id for line in conv.cart.lines)),
        asked=conv.last_question,
    )
