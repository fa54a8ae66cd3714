"""Understanding Portuguese WhatsApp orders: one message plus a menu → a :class:`ParseResult`.

Pure Python; no I/O beyond reading a menu file. Build a :class:`Parser` once per menu,
then call :meth:`Parser.parse` per message.
"""

from nlu.expectation import Context, Expecting
from nlu.menu import (
    Menu,
    MenuError,
    MenuItem,
    load_menu,
    parse_menu,
    read_menu_document,
    reais_to_cents,
)
from nlu.parser import Parser
from nlu.parts import sold_apart
from nlu.result import (
    Ambiguity,
    Fulfilment,
    Intent,
    InvalidQuantity,
    ItemLine,
    NumberRef,
    ParseResult,
    PaymentMethod,
    Question,
    UnknownMention,
)

__all__ = [
    "Ambiguity",
    "Context",
    "Expecting",
    "Fulfilment",
    "Intent",
    "InvalidQuantity",
    "ItemLine",
    "Menu",
    "MenuError",
    "MenuItem",
    "NumberRef",
    "ParseResult",
    "Parser",
    "PaymentMethod",
    "Question",
    "UnknownMention",
    "load_menu",
    "parse_menu",
    "read_menu_document",
    "reais_to_cents",
    "sold_apart",
]
