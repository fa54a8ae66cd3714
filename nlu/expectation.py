"""What the conversation is waiting for, given to the parser so a reply is read in context.

A bare "2" answers "qual delas?" with option 2, restates the quantity of the line just
ordered, or is a menu number only when the menu was just shown; "rua das flores 200" is
an address when one was asked for. The conversation (``service``) builds a
:class:`Context` for each message; without one the parser reads the message alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Context", "Expecting"]


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
