"""A scripted customer for engine tests: feeds parse results through ``step``."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from nlu import Parser
from nlu.result import ParseResult
from service.domain.conversation import Conversation, State
from service.domain.engine import step
from service.domain.events import Event
from service.domain.menu import Menu
from service.domain.order import Order
from service.domain.steps import parser_context
from tests.builders import NOW, inbound, parsed, seed_menu


def P(intent: str = "unknown", items: Any = (), **fields: Any) -> ParseResult:
    """A reading: ``tests.builders.parsed`` plus any other ParseResult field by name."""
    base = {k: fields.pop(k) for k in ("ambiguous", "numbers", "replace", "payment",
                                        "change_for") if k in fields}
    return replace(parsed(intent, items, **base), **fields)


def brl(amount: str) -> str:
    """Money as Babel writes it for pt_BR: brl("34,90") → "R$ 34,90" with a no-break space."""
    return f"R$\xa0{amount}"


class Chat:
    """One customer's conversation with the pure engine."""

    def __init__(self, menu: Menu | None = None) -> None:
        self.menu = menu or seed_menu()
        self.conv: Conversation | None = None
        self.events: list[Event] = []
        self.last: list[str] = []

    def state(self) -> State:
        """The current step (a call, so type checkers do not narrow it between messages)."""
        assert self.conv is not None
        return self.conv.state

    def send(self, p: ParseResult, text: str = "mensagem", *, choice: str | None = None,
             last_order: Order | None = None, **inbound_args: Any) -> str:
        """Send one message; return the replies joined by blank lines."""
        self.conv, self.last, events = step(
            self.conv, inbound(text, **inbound_args), p, self.menu, NOW, choice=choice,
            last_order=last_order,
        )
        self.events.extend(events)
        return "\n\n".join(self.last)

    def say(self, parser: Parser, text: str) -> str:
        """Send a message as the customer writes it, read by the real parser in the
        conversation's context, as the service reads it."""
        return self.send(parser.parse(text, parser_context(self.conv)), text)

    def cart(self) -> dict[str, int]:
        """Item id → quantity in the cart."""
        assert self.conv is not None
        return {line.item.id: line.quantity for line in self.conv.cart.priced(self.menu)}
