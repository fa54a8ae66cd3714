"""One turn of the conversation: the inputs of a step and the replies and events it gathers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from nlu import MenuItem, ParseResult
from service.domain.cart import Cart
from service.domain.conversation import Inbound, Offer
from service.domain.events import Event
from service.domain.menu import Menu
from service.domain.order import Order

__all__ = ["Turn"]


@dataclass
class Turn:
    """Inputs of one step plus what it has decided so far (local to the step, so still pure)."""

    inbound: Inbound
    parsed: ParseResult
    menu: Menu
    now: datetime
    choice: str | None = None  # the parser's reading of an answer to "which one?"
    last_order: Order | None = None  # the customer's last order, when the step needs it
    taking_orders: bool = True  # False while the restaurant paused orders (panel or kitchen)
    cart_shrank: bool = False  # items ran out since the last message and left the cart
    replies: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    done: bool = False  # a guard answered the message: no command or step runs
    misunderstood: bool = False  # the reply says the message was not understood
    menu_shown: bool = False  # the numbered menu went out in this turn
    # The items this turn's reply said are sold, as asked about (None: no such answer).
    asked_about: tuple[Offer, ...] | None = None

    @property
    def currency(self) -> str:
        """The menu's currency code."""
        return self.menu.restaurant.currency

    @property
    def text(self) -> str:
        """The message text, stripped."""
        return self.inbound.text.strip()

    def say(self, *texts: str) -> None:
        """Queue reply blocks (they are packed into few messages later)."""
        self.replies.extend(text for text in texts if text)

    def not_understood(self, *texts: str) -> None:
        """Say that the message was not understood (two in a row call a person)."""
        self.misunderstood = True
        self.say(*texts)

    def item(self, item_id: str) -> MenuItem | None:
        """An orderable menu item, or None when unknown or unavailable."""
        item = self.menu.get(item_id)
        return item if item is not None and item.available else None

    @property
    def open_now(self) -> bool:
        """Whether the kitchen takes orders at this turn's instant (always, without hours)."""
        hours = self.menu.restaurant.hours
        return hours is None or hours.is_open(self.now)

    def subtotal(self, cart: Cart) -> int:
        """The cart's subtotal at this menu's prices."""
        return cart.subtotal_cents(self.menu)
