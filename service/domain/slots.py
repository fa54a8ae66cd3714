"""The slots of an order — address, payment, change, fulfilment — taken from any message.

"Manda 1 pf pra av. rebouças 1200", "vou pagar no cartão", "troco pra 100", a shared
location, "bairro vila mariana" right after the street: whatever step the
conversation is in, what the message says is kept (and said back), so checkout
never asks for it. A payment the restaurant does not take, or cash that does not
cover the total, is answered and not kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from nlu import Fulfilment, Intent, PaymentMethod, Question
from service.domain import delivery_texts, texts
from service.domain.addresses import (
    AddressKind,
    AddressReading,
    from_location,
    merge,
    read_address,
)
from service.domain.checkout import CHECKOUT_STATES, accepted_methods, total_cents
from service.domain.conversation import NO_CHANGE, Address, Conversation, State
from service.domain.turn import Turn

__all__ = ["ADDRESS_STATES", "SlotNews", "address_follow_up", "address_reading", "fill_slots"]

ADDRESS_STATES = frozenset({State.ASKING_ADDRESS, State.ASKING_ADDRESS_DETAIL})
_QUESTIONS_ABOUT_PAYING = frozenset({Question.PAYMENT_METHODS, Question.PIX_KEY})


@dataclass(frozen=True)
class SlotNews:
    """Which slots one message filled or changed."""

    address: bool = False
    payment: bool = False
    change: bool = False
    refused: bool = False  # something offered was not taken, and the reply says why

    @property
    def any(self) -> bool:
        """Anything was filled."""
        return self.address or self.payment or self.change


def address_follow_up(conv: Conversation, turn: Turn) -> AddressReading | None:
    """A message that completes or corrects the address already given: "apto 42", "bairro
    vila mariana", "perto do posto", "o número é 212" — at checkout whatever the intent
    reads ("bairro centro" is no question about delivery there), before it only alone."""
    parsed = turn.parsed
    if conv.address is None or parsed.question is not None or parsed.items or \
            parsed.ambiguous or parsed.payment:
        return None
    if parsed.intent is not Intent.UNKNOWN and conv.state not in CHECKOUT_STATES:
        return None
    reading = read_address(turn.text)
    if reading.kind is AddressKind.COMPLEMENT or (
        reading.kind is AddressKind.NUMBER and reading.correction
    ):
        return reading
    return None


def address_reading(conv: Conversation, turn: Turn) -> AddressReading | None:
    """What the message says about the address, if anything."""
    parsed = turn.parsed
    if parsed.address:
        reading = read_address(parsed.address)
        if reading.kind is not AddressKind.NONE:
            return reading
    if conv.state in ADDRESS_STATES:
        reading = read_address(turn.text)
        return reading if reading.kind is not AddressKind.NONE else None
    return address_follow_up(conv, turn)


def fill_slots(conv: Conversation, turn: Turn) -> tuple[Conversation, SlotNews]:
    """Keep every slot the message carries; say back what was kept or refused."""
    conv, address = _fill_address(conv, turn)
    conv, payment, refused = _fill_payment(conv, turn)
    conv, change, too_low = _fill_change(conv, turn)
    refused = refused or too_low or _fill_fulfilment(turn)
    if payment and conv.state is not State.ASKING_PAYMENT and conv.payment is not None:
        turn.say(texts.payment_noted(conv.payment))
    return conv, SlotNews(address, payment, change, refused)


def _fill_address(conv: Conversation, turn: Turn) -> tuple[Conversation, bool]:
    location = turn.inbound.location
    if location is not None:
        # A pin without a street and number ("my location") needs them; a place with its
        # address written ("MASP — Av. Paulista, 1578") does not.
        address = from_location(location)
        numbered = read_address(location.address).kind is AddressKind.FULL
        return replace(conv, address=address, address_confirmed=True,
                       address_detail=not numbered), True
    reading = address_reading(conv, turn)
    if reading is None:
        return conv, False
    at_step = conv.state in ADDRESS_STATES
    if reading.kind in (AddressKind.FULL, AddressKind.STREET):
        address = Address(reading.text)
        if not at_step and reading.kind is AddressKind.FULL:
            turn.say(texts.location_saved(address))
        return replace(conv, address=address, address_confirmed=True,
                       address_detail=reading.kind is AddressKind.STREET), True
    if conv.address is None:
        return conv, False  # a number or a complement with no street: the step says what to do
    merged = merge(conv.address, reading)
    still_bare = merged.latitude is None and read_address(merged.text).kind is AddressKind.STREET
    turn.say(texts.address_updated(merged))
    return replace(conv, address=merged, address_confirmed=True,
                   address_detail=still_bare), True


def _fill_payment(conv: Conversation, turn: Turn) -> tuple[Conversation, bool, bool]:
    parsed = turn.parsed
    method = parsed.payment
    if method is None or parsed.question in _QUESTIONS_ABOUT_PAYING:
        return conv, False, False
    if method not in accepted_methods(turn.menu):
        turn.say(delivery_texts.payment_refused(turn.menu.restaurant, method))
        return conv, False, True
    if method is conv.payment:
        return conv, False, False
    change = conv.change_for_cents if method is PaymentMethod.CASH else None
    return replace(conv, payment=method, change_for_cents=change), True, False


def _fill_change(conv: Conversation, turn: Turn) -> tuple[Conversation, bool, bool]:
    """ "Troco pra 100" (cash, implied), "sem troco"; less than the total is refused."""
    parsed = turn.parsed
    if conv.payment not in (None, PaymentMethod.CASH):
        return conv, False, False
    amount = parsed.change_for_cents
    if amount is not None:
        total = total_cents(conv.cart, turn, conv)
        if amount < total:
            turn.say(texts.change_too_low(amount, total, turn.currency))
            return replace(conv, payment=PaymentMethod.CASH, change_for_cents=None), True, True
        change = NO_CHANGE if amount == total else amount
        return replace(conv, payment=PaymentMethod.CASH, change_for_cents=change), True, False
    if parsed.no_change:
        return replace(conv, payment=PaymentMethod.CASH, change_for_cents=NO_CHANGE), True, False
    return conv, False, False


def _fill_fulfilment(turn: Turn) -> bool:
    """ "Vou buscar": answered from the settings; every order is delivered until checkout
    takes pickup orders."""
    if turn.parsed.fulfilment is Fulfilment.PICKUP:
        turn.say(delivery_texts.pickup_answer(turn.menu.restaurant))
        return True
    return False
