"""A customer's conversation: where they are in the flow, their cart and the slots of the order.

The slots (address, payment, change, fulfilment) are filled by whatever message
carries them, in any step; checkout asks only for the ones still missing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from nlu import Fulfilment, PaymentMethod, Question
from service.domain.cart import Cart

__all__ = [
    "NO_CHANGE",
    "Address",
    "Conversation",
    "Inbound",
    "Location",
    "Offer",
    "PendingChoice",
    "State",
    "from_iso",
    "to_iso",
]

# ``change_for_cents`` when the customer pays cash without needing change ("tenho trocado").
NO_CHANGE = 0


class State(StrEnum):
    """Steps of the conversation, stored by value (``service.domain.steps`` holds their records)."""

    ORDERING = "ordering"
    CHOOSING = "choosing"
    ASKING_ADDRESS = "asking_address"
    ASKING_ADDRESS_DETAIL = "asking_address_detail"  # the house number / complement
    ASKING_BAIRRO = "asking_bairro"  # where the address is: its bairro, or a shared location
    ASKING_PAYMENT = "asking_payment"
    ASKING_CHANGE = "asking_change"
    CONFIRMING = "confirming"
    CONFIRMING_CANCEL = "confirming_cancel"
    CONFIRMING_ORDER_CANCEL = "confirming_order_cancel"  # cancel the order already placed
    CONFIRMING_ERASURE = "confirming_erasure"  # erase the customer's data (LGPD)
    OFFERING_REPEAT = "offering_repeat"  # "o de sempre": the last order, again?


_STATES = frozenset(state.value for state in State)


@lru_cache(maxsize=1024)
def to_iso(moment: datetime) -> str:
    """ISO-8601 in UTC with a fixed width, so stored timestamps sort as strings.

    Remembered: one message stamps the same few moments a dozen times (its own time on
    the conversation, the transcript, the stored replies).
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_iso(text: str) -> datetime:
    """Inverse of :func:`to_iso` (naive strings are taken as UTC)."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Location:
    """A location shared on WhatsApp."""

    latitude: float
    longitude: float
    address: str = ""
    label: str = ""

    @classmethod
    def shared(cls, latitude: str | float | None, longitude: str | float | None,
               address: str = "", label: str = "") -> Location | None:
        """The location as shared, or None when its coordinates cannot be a place on Earth."""
        lat, lon = _coordinate(latitude, 90.0), _coordinate(longitude, 180.0)
        return None if lat is None or lon is None else cls(lat, lon, address, label)


def _coordinate(value: str | float | None, bound: float) -> float | None:
    """A finite number within ±``bound``, or None (NaN, infinity, out of range, not a number)."""
    if value is None:
        return None
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and -bound <= number <= bound else None


@dataclass(frozen=True)
class Inbound:
    """One message as the customer sent it (what the webhook or the terminal received)."""

    phone: str  # the channel address, e.g. "whatsapp:+5511987654321"
    text: str = ""
    message_id: str = ""
    profile_name: str = ""
    media_types: tuple[str, ...] = ()  # content types of attached media
    location: Location | None = None
    truncated: bool = False  # the body was longer than we read
    location_refused: bool = False  # a shared location whose coordinates cannot be real
    media_urls: tuple[str, ...] = ()  # where the provider keeps the media, in the same order


@dataclass(frozen=True)
class Address:
    """Where to deliver: free text, and coordinates when shared as a location."""

    text: str
    latitude: float | None = None
    longitude: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the order's ``address`` field)."""
        return {"text": self.text, "latitude": self.latitude, "longitude": self.longitude}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Address:
        """Inverse of :meth:`to_dict`."""
        return cls(data["text"], data.get("latitude"), data.get("longitude"))


@dataclass(frozen=True)
class PendingChoice:
    """An ambiguous mention waiting for the customer to say which item they meant."""

    candidates: tuple[str, ...]
    quantity: int = 1
    note: str | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "candidates": list(self.candidates),
            "quantity": self.quantity,
            "note": self.note,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PendingChoice:
        """Inverse of :meth:`to_dict`."""
        return cls(
            tuple(data["candidates"]), int(data["quantity"]), data.get("note"), data.get("text", "")
        )


@dataclass(frozen=True, slots=True)
class Offer:
    """Something the assistant said is sold, as the customer asked about it."""

    candidates: tuple[str, ...]  # one item, or the variants it may be ("coca": lata, 2 L)
    quantity: int = 1
    text: str = ""  # the words said, for "qual coca?"

    def to_dict(self) -> dict[str, Any]:
        return {"candidates": list(self.candidates), "quantity": self.quantity,
                "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Offer | None:
        candidates = data.get("candidates")
        quantity = data.get("quantity", 1)
        if not isinstance(candidates, list) or not candidates or not isinstance(quantity, int):
            return None
        return cls(tuple(str(c) for c in candidates), quantity, str(data.get("text", "")))


@dataclass(frozen=True)
class Conversation:
    """Everything remembered about one customer between messages."""

    phone: str
    state: State = State.ORDERING
    customer_name: str = ""
    greeted: bool = False
    cart: Cart = field(default_factory=Cart)
    pending: tuple[PendingChoice, ...] = ()
    address: Address | None = None
    # False for an address kept from an earlier order: checkout asks "same address?" once.
    address_confirmed: bool = True
    # The address lacks the house number or complement (a shared location, a bare street).
    address_detail: bool = False
    payment: PaymentMethod | None = None
    change_for_cents: int | None = None  # cash handed over; NO_CHANGE: exact amount
    fulfilment: Fulfilment | None = None  # None: delivery, unless the customer says otherwise
    resume_state: State | None = None  # the step a yes/no question or a choice returns to
    last_order_number: int | None = None
    last_order_status: str | None = None  # kept by the store when the kitchen moves the order
    last_order_pickup: bool = False  # the last order is picked up at the counter
    last_item: str | None = None  # the item last added, changed or asked about
    # What the last reply said is sold, as asked about ("tem feijoada?", "quanto fica 3
    # pudins?"): "então manda" takes it. Each offer: the items it may be (one, or the
    # variants of "tem coca?"), how many, and the words said.
    asked_about: tuple[Offer, ...] = ()
    menu_shown: bool = False  # the numbered menu was the last thing sent
    # The delivery question the last reply answered ("e pra vila mariana?" asks it again).
    last_question: Question | None = None
    misunderstood: int = 0  # replies in a row that did not understand the customer
    # The Pix order whose receipt may still come (an image then is taken as the receipt).
    pix_due: int | None = None
    pix_due_since: datetime | None = None
    # When the last order was placed: for a while after it, the next one reuses its address,
    # pickup and payment ("esqueci de pedir uma coca"; ``checkout.FOLLOW_UP``).
    last_order_at: datetime | None = None
    updated_at: datetime | None = None

    def start_over(self) -> Conversation:
        """An empty cart at the ordering step; who the customer is and where they live stay."""
        return replace(
            self, state=State.ORDERING, cart=Cart(), pending=(), payment=None,
            change_for_cents=None, fulfilment=None, resume_state=None, last_item=None,
            address_detail=False, asked_about=(),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as stores keep it."""
        return {
            "phone": self.phone,
            "state": self.state.value,
            "customer_name": self.customer_name,
            "greeted": self.greeted,
            "cart": self.cart.to_dict(),
            "pending": [choice.to_dict() for choice in self.pending],
            "address": self.address.to_dict() if self.address else None,
            "address_confirmed": self.address_confirmed,
            "address_detail": self.address_detail,
            "payment": self.payment.value if self.payment else None,
            "change_for_cents": self.change_for_cents,
            "fulfilment": self.fulfilment.value if self.fulfilment else None,
            "resume_state": self.resume_state.value if self.resume_state else None,
            "last_order_number": self.last_order_number,
            "last_order_status": self.last_order_status,
            "last_order_pickup": self.last_order_pickup,
            "last_item": self.last_item,
            "asked_about": [offer.to_dict() for offer in self.asked_about],
            "menu_shown": self.menu_shown,
            "last_question": self.last_question.value if self.last_question else None,
            "misunderstood": self.misunderstood,
            "pix_due": self.pix_due,
            "pix_due_since": to_iso(self.pix_due_since) if self.pix_due_since else None,
            "last_order_at": to_iso(self.last_order_at) if self.last_order_at else None,
            "updated_at": to_iso(self.updated_at) if self.updated_at else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Conversation:
        """Inverse of :meth:`to_dict`; unknown states fall back to ORDERING."""
        try:
            state = State(data.get("state", State.ORDERING))
        except ValueError:
            state = State.ORDERING
        resume = data.get("resume_state")
        payment = data.get("payment")
        fulfilment = data.get("fulfilment")
        return cls(
            phone=data["phone"],
            state=state,
            customer_name=data.get("customer_name", ""),
            greeted=bool(data.get("greeted", False)),
            cart=Cart.from_dict(data.get("cart", [])),
            pending=tuple(PendingChoice.from_dict(c) for c in data.get("pending", [])),
            address=Address.from_dict(data["address"]) if data.get("address") else None,
            # Stored before this field: an address seen at the ordering step is an old one.
            address_confirmed=bool(data.get(
                "address_confirmed", state not in (State.ORDERING, State.CHOOSING,
                                                   State.ASKING_ADDRESS))),
            address_detail=bool(data.get("address_detail", False)),
            payment=PaymentMethod(payment) if payment else None,
            change_for_cents=data.get("change_for_cents"),
            fulfilment=Fulfilment(fulfilment) if fulfilment else None,
            resume_state=State(resume) if isinstance(resume, str) and resume in _STATES else None,
            last_order_number=data.get("last_order_number"),
            last_order_status=data.get("last_order_status"),
            last_order_pickup=bool(data.get("last_order_pickup", False)),
            last_item=data.get("last_item"),
            asked_about=_asked_about(data.get("asked_about")),
            menu_shown=bool(data.get("menu_shown", False)),
            last_question=_question(data.get("last_question")),
            misunderstood=int(data.get("misunderstood", 0)),
            pix_due=data.get("pix_due"),
            pix_due_since=from_iso(data["pix_due_since"]) if data.get("pix_due_since") else None,
            last_order_at=from_iso(data["last_order_at"]) if data.get("last_order_at") else None,
            updated_at=from_iso(data["updated_at"]) if data.get("updated_at") else None,
        )


def _asked_about(raw: Any) -> tuple[Offer, ...]:
    if not isinstance(raw, list):
        return ()
    offers = (Offer.from_dict(entry) for entry in raw if isinstance(entry, dict))
    return tuple(offer for offer in offers if offer is not None)


def _question(value: object) -> Question | None:
    """A stored question, or None when it is missing or no longer known."""
    try:
        return Question(value) if isinstance(value, str) else None
    except ValueError:
        return None
