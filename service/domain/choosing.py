"""The answer to "qual você quer?": closed by any answer a person would give.

An option's name or number, the parser's pick ("a de lata", "a maior", "tanto faz"),
a mention that fits one option only ("uma calabresa" among the grandes), or several
options for a multi-quantity choice ("3 sucos" → "2 de laranja e 1 de maracujá").
Part of the quantity answered asks for the rest; "não" leaves the item out. The
step the choice interrupted resumes afterwards: the cart, or the checkout.
"""

from __future__ import annotations

from dataclasses import replace

from nlu import Intent, ParseResult
from service.domain import texts
from service.domain.checkout import CHECKOUT_STATES, advance
from service.domain.conversation import Conversation, PendingChoice, State
from service.domain.ordering import add_choice, edit_cart, has_order_content
from service.domain.turn import Turn

__all__ = ["after_choice", "ask_pending", "handle_choosing", "start_choosing"]


def ask_pending(conv: Conversation, turn: Turn) -> str:
    """The "which one?" question for the first pending choice."""
    if not conv.pending:
        return ""
    choice = conv.pending[0]
    items = [item for item in (turn.item(c) for c in choice.candidates) if item is not None]
    return texts.which_one(choice.text, items, choice.quantity, turn.currency)


def start_choosing(conv: Conversation, turn: Turn) -> Conversation:
    """Ask the first pending choice, remembering the step to return to."""
    resume = conv.state if conv.state is not State.CHOOSING else conv.resume_state
    conv = replace(conv, state=State.CHOOSING, resume_state=resume)
    turn.say(ask_pending(conv, turn))
    return conv


def after_choice(conv: Conversation, turn: Turn) -> Conversation:
    """The next pending choice, or back to the step the choice interrupted."""
    if conv.pending:
        return start_choosing(conv, turn)
    resume = conv.resume_state
    conv = replace(conv, state=State.ORDERING, resume_state=None)
    if resume in CHECKOUT_STATES:
        return advance(conv, turn)
    if not conv.cart.empty:
        turn.say(texts.anything_else())
    return conv


def _picks(choice: PendingChoice, options: list[str], turn: Turn) -> list[tuple[str, int]]:
    """(item, quantity) pairs the message answers the choice with; [] when it does not."""
    parsed = turn.parsed
    named = [(line.id, line.quantity) for line in parsed.items if line.id in options]
    for amb in parsed.ambiguous:  # "a de lata" when the options are the cocas
        fits = [c for c in amb.candidates if c in options]
        if len(fits) == 1:
            named.append((fits[0], amb.quantity))
    if len(named) == 1 and named[0][1] == 1:
        return [(named[0][0], choice.quantity)]
    if named:
        return named
    if turn.choice in options:
        return [(turn.choice, choice.quantity)]
    if len(parsed.numbers) == 1 and parsed.numbers[0].quantity == 1:
        number = parsed.numbers[0].number
        if 1 <= number <= len(options):
            return [(options[number - 1], choice.quantity)]
    return []


def _narrowed(choice: PendingChoice, options: list[str], turn: Turn) -> tuple[str, ...]:
    """The options a word of the answer leaves ("lata": the cans), when it leaves
    more than one but fewer than all; () otherwise."""
    parsed = turn.parsed
    if parsed.items or len(parsed.ambiguous) != 1:
        return ()
    mention = parsed.ambiguous[0]
    if mention.quantity not in (1, choice.quantity):
        return ()  # "2 cocas" is another order, not an answer
    fits = tuple(c for c in options if c in mention.candidates)
    return fits if 1 < len(fits) < len(options) else ()


def _takes_back(conv: Conversation, parsed: ParseResult, options: list[str]) -> bool:
    """ "esquece a coca" while asked which coca: the item asked about is left out (nothing
    of it is in the cart to take out)."""
    if parsed.intent is not Intent.REMOVE_ITEMS:
        return False
    named = {line.id for line in parsed.items}
    named.update(c for amb in parsed.ambiguous for c in amb.candidates)
    in_cart = {line.item_id for line in conv.cart.lines}
    return bool(named & set(options)) and not named & in_cart


def handle_choosing(conv: Conversation, turn: Turn) -> Conversation:
    """Read the answer to "which one?"; a new order or an aside keeps the question open."""
    if not conv.pending:
        return after_choice(conv, turn)
    choice = conv.pending[0]
    options = [c for c in choice.candidates if turn.item(c) is not None]
    # taking out what the cart holds ("tira a coca lata") never answers "which one?"
    removing = turn.parsed.intent is Intent.REMOVE_ITEMS and bool(
        {line.id for line in turn.parsed.items} & {line.item_id for line in conv.cart.lines})
    picks = [] if removing else _picks(choice, options, turn)
    if picks:
        return _take(conv, turn, choice, options, picks)
    narrowed = _narrowed(choice, options, turn)
    if narrowed:
        # "lata" among the three sodas: the question again, with the two cans only.
        conv = replace(conv, pending=(replace(choice, candidates=narrowed), *conv.pending[1:]))
        turn.say(ask_pending(conv, turn))
        return conv
    parsed = turn.parsed
    if parsed.intent is Intent.DENY or _takes_back(conv, parsed, options):
        turn.say(texts.choice_dropped(choice.text))
        return after_choice(replace(conv, pending=conv.pending[1:]), turn)
    if has_order_content(turn, menu_numbers=False):
        # Another order while the question is open: take it, then ask again.
        conv, _ = edit_cart(conv, turn, menu_numbers=False)
        return start_choosing(conv, turn)
    turn.not_understood(texts.choice_not_understood(), ask_pending(conv, turn))
    return conv


def _take(conv: Conversation, turn: Turn, choice: PendingChoice, options: list[str],
          picks: list[tuple[str, int]]) -> Conversation:
    rest = replace(conv, pending=conv.pending[1:])
    adding = [(turn.menu[item_id], quantity, choice.note) for item_id, quantity in picks]
    for line in turn.parsed.items:  # "laranja e um pudim": the pudim too
        extra = turn.item(line.id)
        if line.id not in options and extra is not None:
            adding.append((extra, line.quantity, line.note))
    rest, _ = add_choice(rest, turn, adding)
    remaining = choice.quantity - sum(quantity for _, quantity in picks)
    if remaining > 0:
        left = replace(choice, quantity=remaining)
        rest = replace(rest, pending=(left, *rest.pending), state=State.CHOOSING)
        turn.say(texts.which_rest(choice.text, remaining))
        return rest
    return after_choice(rest, turn)
