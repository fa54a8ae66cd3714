"""What the conversation is waiting for, given to the parser so a reply is read in context.

A bare "2" answers "qual delas?" with option 2, restates the quantity of the line just
ordered, or is a menu number only when the menu was just shown; "rua das flores 200" is
an address when one was asked for. The conversation (``service``) builds a
:class:`Context` for each message; without one the parser reads the message alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from nlu.result import Question

__all__ = ["Context", "Expecting", "context_of"]


class Expecting(StrEnum):
    """What the assistant's last message asked for."""

    NOTHING = "nothing"  # browsing or building the cart
    MENU_NUMBER = "menu_number"  # the numbered menu was just shown
    CHOICE = "choice"  # "qual delas? 1) … 2) …": ``Context.options`` lists them
    ADDRESS = "address"
    PAYMENT = "payment"
    CHANGE = "change"
    CONFIRMATION = "confirmation"  # the order summary: sim / não / a change
    YES_NO = "yes_no"  # any other yes-or-no question (cancel, erase data, repeat the order)


@dataclass(frozen=True)
class Context:
    """The conversation as a human attendant keeps it in mind while reading the next message."""

    expecting: Expecting = Expecting.NOTHING
    options: tuple[str, ...] = ()  # item ids of the numbered options, when CHOICE
    last_item: str | None = None  # the item of the cart line last added or changed
    cart: tuple[str, ...] = ()  # item ids in the cart
    # The question the assistant's last message answered ("e pra vila mariana?" asks it
    # again, of another place).
    asked: Question | None = None


def context_of(raw: object) -> Context:
    """A context from decoded JSON (``expecting``, ``options``, ``last_item``, ``cart``,
    ``asked``);
    anything else is refused with a ValueError saying what is wrong, in Portuguese."""
    if not isinstance(raw, dict):
        raise ValueError("o contexto deve ser um objeto JSON")
    unknown = set(raw) - {"expecting", "options", "last_item", "cart", "asked"}
    if unknown:
        raise ValueError(f"campos desconhecidos no contexto: {', '.join(sorted(unknown))}")
    try:
        expecting = Expecting(raw.get("expecting", Expecting.NOTHING.value))
    except ValueError:
        choices = ", ".join(e.value for e in Expecting)
        raise ValueError(f"'expecting' deve ser um de: {choices}") from None
    options, cart, last = raw.get("options", []), raw.get("cart", []), raw.get("last_item")
    if not all(isinstance(x, list) and all(isinstance(i, str) for i in x) for x in (options, cart)):
        raise ValueError("'options' e 'cart' devem ser listas de ids")
    if last is not None and not isinstance(last, str):
        raise ValueError("'last_item' deve ser um id")
    asked = raw.get("asked")
    try:
        question = Question(asked) if asked is not None else None
    except ValueError:
        choices = ", ".join(q.value for q in Question)
        raise ValueError(f"'asked' deve ser um de: {choices}") from None
    return Context(expecting, tuple(options), last, tuple(cart), question)
