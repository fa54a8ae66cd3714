"""The checkout steps: address, its number or complement, its bairro, payment, change, summary.

Every checkout step reads a message the same way first: items edit the cart, slots
are kept, a question is answered; any of that shows the next question (or the
summary) again, so a change at the summary never re-asks what is known. Then the
step reads what only it understands: "sim" to the address used before, "vila mariana"
for the bairro asked, "2" for the second payment option, "50" for the change, "sim"
to the summary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from nlu import Intent, PaymentMethod
from service.domain import delivery_texts, texts
from service.domain.addresses import AddressKind, place_and_complement, read_address
from service.domain.answers import answer_question
from service.domain.checkout import (
    accepted_methods,
    address_question,
    advance,
    place_order,
    total_cents,
)
from service.domain.choosing import start_choosing
from service.domain.conversation import NO_CHANGE, Address, Conversation, State
from service.domain.delivery import NeedsPlace, NotServed, Served, quote
from service.domain.ordering import edit_cart
from service.domain.prompts import cart_text, reminder
from service.domain.slots import ADDRESS_STATES, fill_slots
from service.domain.turn import Turn

__all__ = [
    "MAX_BAIRRO_ANSWER_CHARS",
    "handle_address",
    "handle_address_detail",
    "handle_bairro",
    "handle_change",
    "handle_confirming",
    "handle_payment",
]

# A bairro's name is a few words; a longer answer is something else said.
MAX_BAIRRO_ANSWER_CHARS = 60

# What a step understands on its own; None when the message meant nothing to it.
Own = Callable[[Conversation, Turn], Conversation | None]


def _checkout_turn(conv: Conversation, turn: Turn, own: Own, fallback: str,
                   first: Own | None = None) -> Conversation:
    if first is not None and (answered_first := first(conv, turn)) is not None:
        return answered_first
    shaped = conv.state in ADDRESS_STATES and read_address(turn.text).kind in (
        AddressKind.FULL, AddressKind.STREET)
    cart_changed = asked = False
    if not shaped:  # "Rua Coca-Cola 10" is an address, not a coca
        conv, cart = edit_cart(conv, turn, menu_numbers=False)
        cart_changed, asked = cart.changed, cart.asked
    conv, slots = fill_slots(conv, turn)
    conv, answered = answer_question(conv, turn)
    if asked:
        return start_choosing(conv, turn)
    if cart_changed or slots.any:
        return advance(conv, turn)
    handled = own(conv, turn)
    if handled is not None:
        return handled
    if answered or slots.refused:
        turn.say(reminder(conv, turn))
        return conv
    turn.not_understood(fallback, reminder(conv, turn))
    return conv


# -- address ------------------------------------------------------------------------


def _address_own(conv: Conversation, turn: Turn) -> Conversation | None:
    intent = turn.parsed.intent
    if conv.address is not None and not conv.address_confirmed:
        if intent is Intent.CONFIRM:  # "sim" to "entrego no mesmo endereço?"
            return advance(replace(conv, address_confirmed=True), turn)
        if intent is Intent.DENY:
            conv = replace(conv, address=None, address_confirmed=True)
            turn.say(address_question(conv, turn))
            return conv
    if read_address(turn.text).kind is AddressKind.COMPLEMENT:
        turn.say(texts.complement_needs_street())
        return conv
    return None


def handle_address(conv: Conversation, turn: Turn) -> Conversation:
    """A street with its number, a CEP, a shared location, or "sim" for the address used before."""
    return _checkout_turn(conv, turn, _address_own, texts.address_not_understood())


def _detail_own(conv: Conversation, turn: Turn) -> Conversation | None:
    # "não tem", "é casa", or anything else: the number was asked once, never again.
    return advance(replace(conv, address_detail=False), turn)


def handle_address_detail(conv: Conversation, turn: Turn) -> Conversation:
    """The number or complement a shared location or a bare street left out."""
    return _checkout_turn(conv, turn, _detail_own, "")


def _bairro_own(conv: Conversation, turn: Turn) -> Conversation | None:
    """The answer to "qual é o seu bairro?": a bairro served joins the address; one not
    served is said, with where the restaurant delivers (the cart and address stay)."""
    text, address = turn.text, conv.address
    if address is None or not text or len(text) > MAX_BAIRRO_ANSWER_CHARS or \
            turn.parsed.intent in (Intent.CONFIRM, Intent.DENY):
        return None
    restaurant = turn.menu.restaurant
    place, complement = place_and_complement(text)
    found = quote(restaurant, place=place)
    if complement and not (isinstance(found, Served) and found.zone is not None):
        complement = ""  # the split was wrong: the whole answer names the place
        found = quote(restaurant, place=text)
    if isinstance(found, Served) and found.zone is not None:
        # "bela vista, apto 41": the complement said with the bairro stays with it.
        extra = f", {complement}" if complement else ""
        bairro = Address(f"{address.text} - {found.zone.bairro}{extra}", address.latitude,
                         address.longitude)
        return advance(replace(conv, address=bairro), turn)
    if isinstance(found, NotServed):
        turn.say(delivery_texts.not_served(restaurant, found, cart_kept=True))
        return conv
    if isinstance(found, NeedsPlace) and found.place:  # distances only: the location tells
        turn.say(delivery_texts.ask_place(restaurant, found))
        return conv
    return None


def _bairro_named(conv: Conversation, turn: Turn) -> Conversation | None:
    """A bairro served, named as the answer, is the answer before anything its words could
    order: "butanta" answering "qual é o seu bairro?" is Butantã, not a batata."""
    if conv.address is None or not turn.text or len(turn.text) > MAX_BAIRRO_ANSWER_CHARS:
        return None
    place, _ = place_and_complement(turn.text)
    found = quote(turn.menu.restaurant, place=place)
    if isinstance(found, Served) and found.zone is not None:
        return _bairro_own(conv, turn)
    return None


def handle_bairro(conv: Conversation, turn: Turn) -> Conversation:
    """Where the address is: its bairro (or a shared location), another address, or pickup."""
    return _checkout_turn(conv, turn, _bairro_own, texts.bairro_not_understood(),
                          first=_bairro_named)


# -- payment and change ---------------------------------------------------------------


def _payment_own(conv: Conversation, turn: Turn) -> Conversation | None:
    parsed = turn.parsed
    methods = accepted_methods(turn.menu)
    if len(parsed.numbers) == 1 and 1 <= parsed.numbers[0].number <= len(methods):
        method = methods[parsed.numbers[0].number - 1]  # "2": the second option listed
        change = conv.change_for_cents if method is PaymentMethod.CASH else None
        return advance(replace(conv, payment=method, change_for_cents=change), turn)
    return None


def handle_payment(conv: Conversation, turn: Turn) -> Conversation:
    """Pix, card on delivery, or cash (then the change), by name or option number."""
    return _checkout_turn(conv, turn, _payment_own, texts.payment_not_understood())


def _take_amount(conv: Conversation, turn: Turn, amount: int) -> Conversation:
    total = total_cents(conv.cart, turn, conv)
    if amount < total:
        turn.say(texts.change_too_low(amount, total, turn.currency))
        return conv
    change = NO_CHANGE if amount == total else amount
    return advance(replace(conv, change_for_cents=change), turn)


def _change_own(conv: Conversation, turn: Turn) -> Conversation | None:
    parsed = turn.parsed
    amount = parsed.money_cents
    if amount is None and len(parsed.numbers) == 1:
        amount = parsed.numbers[0].number * 100  # "50" answering "troco para quanto?"
    if amount is not None:
        return _take_amount(conv, turn, amount)
    if parsed.intent is Intent.DENY:  # "não preciso"
        return advance(replace(conv, change_for_cents=NO_CHANGE), turn)
    return None


# A message that is only an amount ("50", "R$ 100", "100,00", "50 reais") answering
# "troco para quanto?": the cash handed over, whatever else a number could mean.
_BARE_AMOUNT = re.compile(
    r"^\s*(?:r\$\s*)?(\d{1,4})(?:[.,](\d{2}))?\s*(?:reais|real|conto|pila)?\s*[.!]?\s*$",
    re.IGNORECASE,
)


def _bare_amount(conv: Conversation, turn: Turn) -> Conversation | None:
    match = _BARE_AMOUNT.match(turn.text)
    if match is None:
        return None
    return _take_amount(conv, turn, int(match.group(1)) * 100 + int(match.group(2) or 0))


def handle_change(conv: Conversation, turn: Turn) -> Conversation:
    """ "Troco pra 100" (refusing less than the total), or "não preciso"."""
    return _checkout_turn(conv, turn, _change_own, texts.change_not_understood(),
                          first=_bare_amount)


# -- the summary ------------------------------------------------------------------------


def _confirming_own(conv: Conversation, turn: Turn) -> Conversation | None:
    intent = turn.parsed.intent
    if intent is Intent.CONFIRM:
        return place_order(conv, turn)
    if intent is Intent.DENY:
        turn.say(cart_text(conv, turn), texts.back_to_cart())
        return replace(conv, state=State.ORDERING)
    return None


def handle_confirming(conv: Conversation, turn: Turn) -> Conversation:
    """ "sim" places the order; a change shows the summary again; "não" goes back to the cart."""
    return _checkout_turn(conv, turn, _confirming_own, "")
