"""What the parser returns for one message: typed, immutable, and serialisable per the contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "Ambiguity",
    "Fulfilment",
    "Intent",
    "InvalidQuantity",
    "ItemLine",
    "NumberRef",
    "ParseResult",
    "PaymentMethod",
    "Question",
    "UnknownMention",
]


class Intent(StrEnum):
    """The fifteen intents of the parser contract."""

    GREETING = "greeting"
    SHOW_MENU = "show_menu"
    ADD_ITEMS = "add_items"
    REMOVE_ITEMS = "remove_items"
    SHOW_CART = "show_cart"
    CHECKOUT = "checkout"
    CONFIRM = "confirm"
    DENY = "deny"
    CANCEL = "cancel"
    HELP = "help"
    HUMAN = "human"
    ASK_HOURS = "ask_hours"
    ASK_DELIVERY = "ask_delivery"
    ORDER_STATUS = "order_status"
    UNKNOWN = "unknown"


class PaymentMethod(StrEnum):
    """How a customer says they will pay."""

    PIX = "pix"
    CARD = "cartao"
    CASH = "dinheiro"
    VOUCHER = "vale_refeicao"  # VR, Alelo, Sodexo, Ticket, on delivery


class Question(StrEnum):
    """A question answered from the restaurant's settings, whatever the intent says."""

    PAYMENT_METHODS = "payment_methods"  # "aceita cartão?" (``payment``: the method, if named)
    PIX_KEY = "pix_key"  # "qual a chave pix?"
    ESTIMATE = "estimate"  # "quanto tempo demora?"
    DELIVERY_AREA = "delivery_area"  # "vocês entregam no Capão Redondo?" (``place``)
    DELIVERY_FEE = "delivery_fee"  # "quanto é a taxa pra Vila Mariana?" (``place``)
    PICKUP = "pickup"  # "posso retirar aí?"
    MINIMUM = "minimum"  # "tem pedido mínimo?"
    ITEM_INFO = "item_info"  # "a lasanha dá pra 2 pessoas?" (``about``): orders nothing
    SPLIT_PAYMENT = "split_payment"  # "metade no pix metade no dinheiro": no method is chosen


class Fulfilment(StrEnum):
    """How the customer gets the food, when they say it ("vou buscar", "é pra entregar")."""

    DELIVERY = "entrega"
    PICKUP = "retirada"


@dataclass(frozen=True)
class ItemLine:
    """A menu item mentioned with its quantity and an optional note ("sem cebola")."""

    id: str
    quantity: int = 1
    note: str | None = None
    # No quantity was said ("tira a coca"): when taking out, all of it goes, not one.
    unsaid: bool = field(default=False, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Contract JSON for one item."""
        data: dict[str, Any] = {"id": self.id, "quantity": self.quantity}
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class Ambiguity:
    """A mention that fits several items equally well: the assistant must ask which."""

    candidates: tuple[str, ...]
    quantity: int = 1
    text: str = ""
    note: str | None = None
    unsaid: bool = field(default=False, compare=False, repr=False)  # as in ItemLine

    def to_dict(self) -> dict[str, Any]:
        """Contract JSON for one ambiguous mention."""
        data: dict[str, Any] = {"candidates": list(self.candidates), "quantity": self.quantity}
        if self.text:
            data["text"] = self.text
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class UnknownMention:
    """Words that look like an ordered product but match nothing on the menu."""

    text: str
    quantity: int = 1
    suggestions: tuple[str, ...] = ()  # closest item ids, best first

    def to_dict(self) -> dict[str, Any]:
        """JSON for one unknown mention."""
        return {"text": self.text, "quantity": self.quantity, "suggestions": list(self.suggestions)}


@dataclass(frozen=True)
class InvalidQuantity:
    """An absurd quantity (0, negative, thousands): never returned as an item, asked about."""

    quantity: int
    id: str | None = None  # the item it was attached to, when one was recognised
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON for one invalid quantity."""
        return {"quantity": self.quantity, "id": self.id, "text": self.text}


@dataclass(frozen=True)
class NumberRef:
    """A bare number the customer wrote, e.g. a menu number: "2x 7" → number 7, quantity 2."""

    number: int
    quantity: int = 1

    def to_dict(self) -> dict[str, Any]:
        """JSON for one number reference."""
        return {"number": self.number, "quantity": self.quantity}


@dataclass(frozen=True)
class ParseResult:
    """Everything understood in one message.

    ``items`` are summed per menu id. ``replace`` is true when the customer restates a
    quantity ("na verdade são 3 cocas") rather than adding to it. ``numbers`` carries
    bare numbers so the conversation can read them as menu numbers or option choices.
    """

    intent: Intent
    items: tuple[ItemLine, ...] = ()
    ambiguous: tuple[Ambiguity, ...] = ()
    unknown_items: tuple[UnknownMention, ...] = ()
    invalid_quantities: tuple[InvalidQuantity, ...] = ()
    numbers: tuple[NumberRef, ...] = ()
    replace: bool = False
    payment: PaymentMethod | None = None
    change_for_cents: int | None = None
    confidence: float = 1.0
    extras: dict[str, Any] = field(default_factory=dict)
    unavailable_items: tuple[ItemLine, ...] = ()  # on the menu but not available now
    # Items a question is about without ordering them ("tem feijoada?", "cadê a pizza?").
    about: tuple[str, ...] = ()
    # The count a question says of an item it is about ("quanto fica 3 feijoadas?"): more than 1.
    about_counts: tuple[ItemLine, ...] = ()
    # What a question is about that fits several items ("tem coca?" with the lata and the 2 L).
    about_choices: tuple[Ambiguity, ...] = ()
    # The message looks like a delivery address ("rua 7 de setembro, 100"): its text.
    address: str | None = None
    # A swap ("troca a coca por um guaraná"): ``items`` are removed, these added in their place.
    then_add: tuple[ItemLine, ...] = ()
    then_add_ambiguous: tuple[Ambiguity, ...] = ()
    # An amount of money stated on its own ("R$ 50", "cinquenta reais", "pode ser 100").
    money_cents: int | None = None
    # The customer pays the exact amount: "sem troco", "tenho trocado".
    no_change: bool = False
    # Thanks or a closing ("obrigado", "valeu", "tmj"), whatever the intent.
    thanks: bool = False
    # The name of the rule that decided the intent, for tracing and for the labelled set.
    rule: str = ""
    # A question about the restaurant's settings, and the place it names ("pro centro?").
    question: Question | None = None
    place: str | None = None
    # Delivery or pickup, when the customer says which.
    fulfilment: Fulfilment | None = None
    # "o de sempre", "repete o último pedido": the customer's last order again.
    repeat_last: bool = False
    # "apaga meus dados", "quero excluir meu cadastro" (LGPD): erase what is kept about them.
    erase_data: bool = False
    # The salutation the customer used, to answer in kind: "bom dia", "boa tarde", "boa noite".
    salutation: str | None = None
    # "espera", "peraí, vou ver com meu marido": the customer needs a moment.
    waiting: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object (extra fields beyond intent/items/ambiguous included)."""
        data: dict[str, Any] = {
            "intent": self.intent.value,
            "items": [item.to_dict() for item in self.items],
            "ambiguous": [amb.to_dict() for amb in self.ambiguous],
            "unknown_items": [mention.to_dict() for mention in self.unknown_items],
            "invalid_quantities": [bad.to_dict() for bad in self.invalid_quantities],
            "numbers": [ref.to_dict() for ref in self.numbers],
            "replace": self.replace,
            "payment": self.payment.value if self.payment else None,
            "change_for": (
                self.change_for_cents / 100 if self.change_for_cents is not None else None
            ),
            "confidence": round(self.confidence, 3),
            "unavailable_items": [item.to_dict() for item in self.unavailable_items],
            "about": list(self.about),
            "about_counts": [item.to_dict() for item in self.about_counts],
            "about_choices": [amb.to_dict() for amb in self.about_choices],
            "address": self.address,
            "then_add": [item.to_dict() for item in self.then_add],
            "then_add_ambiguous": [amb.to_dict() for amb in self.then_add_ambiguous],
            "money_cents": self.money_cents,
            "no_change": self.no_change,
            "thanks": self.thanks,
            "rule": self.rule,
            "question": self.question.value if self.question else None,
            "place": self.place,
            "fulfilment": self.fulfilment.value if self.fulfilment else None,
            "repeat_last": self.repeat_last,
            "erase_data": self.erase_data,
            "salutation": self.salutation,
            "waiting": self.waiting,
        }
        data.update(self.extras)
        return data
