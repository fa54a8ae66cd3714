"""The slots of an order — address, payment, change, fulfilment — taken from any message.

"Manda 1 pf pra av. rebouças 1200", "vou pagar no cartão", "troco pra 100", a shared
location, "bairro vila mariana" right after the street, "vou buscar aí": whatever step
the conversation is in, what the message says is kept (and said back), so checkout
never asks for it. A payment the restaurant does not take, pickup where there is
none, cash that does not cover the total, or a location that cannot be on Earth is
answered and not kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from nlu import Fulfilment, Intent, PaymentMethod, Question
from service.domain import delivery_texts, texts
from service.domain.addresses import (
    AddressKind,
    AddressReading,
    from_location,
    merge,
    read_address,
    same_street,
)
from service.domain.checkout import CHECKOUT_STATES, accepted_methods, total_cents
from service.domain.conversation import NO_CHANGE, Address, Conversation, State
from service.domain.delivery import NeedsPlace, Served, quote
from service.domain.geo import point_or_none
from service.domain.turn import Turn

__all__ = ["ADDRESS_STATES", "SlotNews", "address_follow_up", "address_reading", "fill_slots"]

ADDRESS_STATES = frozenset({State.ASKING_ADDRESS, State.ASKING_ADDRESS_DETAIL,
                            State.ASKING_BAIRRO})
_QUESTIONS_ABOUT_PAYING = frozenset({Question.PAYMENT_METHODS, Question.PIX_KEY})


@dataclass(frozen=True)
class SlotNews:
    """Which slots one message filled or changed."""

    address: bool = False
    payment: bool = False
    change: bool = False
    fulfilment: bool = False  # pickup chosen, or delivery again after pickup
    refused: bool = False  # something offered was not taken, and the reply says why

    @property
    def any(self) -> bool:
        """Anything was filled."""
        return self.address or self.payment or self.change or self.fulfilment


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
    if reading.kind is AddressKind.NONE and _bairro_after_number(conv, turn):
        return AddressReading(AddressKind.COMPLEMENT, " ".join(turn.text.split()))
    return None


# Words alone that are no bairro: laughter, a hum, a hello.
_NO_BAIRRO = re.compile(r"^(k+|(ha)+|(he)+|rs+|hm+|ah+|eh+|oi+|ola+|opa+|ue+|ne+)$")
# Words no bairro said alone has: a question, a doubt, a pause ("como assim", "sei la", "pera").
_NOT_PLACE_WORDS = frozenset({
    "como", "assim", "que", "qual", "quanto", "quando", "onde", "porque", "pq", "oque", "hein",
    "pera", "espera", "peraí", "perai", "sei", "la", "nao", "não", "sim", "ok", "tipo", "entao",
    "então", "ta", "tá", "to", "tô", "vou", "vai", "quero", "pode", "deixa", "isso", "nada",
    # "tanto faz", "qualquer um", "acho que sim", "valeu": no place either
    "tanto", "faz", "qualquer", "um", "uma", "tudo", "todos", "esse", "essa", "mesmo", "acho",
    "talvez", "sera", "será", "depois", "agora", "hoje", "amanha", "amanhã", "blz", "beleza",
    "certo", "legal", "show", "valeu", "obg", "obrigado", "obrigada", "favor", "pfv", "pf",
    "e", "ai", "aí",
})
# Most words a bairro said alone has ("jardim das flores", "vila nova conceicao").
_BAIRRO_WORDS = 4


def _bairro_after_number(conv: Conversation, turn: Turn) -> bool:
    """ "rua dos timbiras 1500", then "funcionarios" when the payment is asked, on a menu that
    lists no bairros (nothing to ask it against): a few words alone, no order, no payment,
    after a street that ends in its number, are the bairro."""
    parsed, restaurant = turn.parsed, turn.menu.restaurant
    if conv.state is not State.ASKING_PAYMENT or conv.address is None \
            or parsed.intent is not Intent.UNKNOWN or restaurant.delivery_zones \
            or parsed.numbers or parsed.unknown_items or parsed.thanks or parsed.salutation \
            or parsed.waiting or parsed.repeat_last or parsed.fulfilment is not None \
            or parsed.money_cents is not None or parsed.change_for_cents is not None:
        return False
    words = turn.text.lower().split()
    if not 1 <= len(words) <= _BAIRRO_WORDS or not all(word.isalpha() for word in words) \
            or any(_NO_BAIRRO.match(word) or word in _NOT_PLACE_WORDS for word in words):
        return False
    return re.search(r"\d\s*$", conv.address.text) is not None


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
    instead = delivery_instead(conv, turn)
    return instead if instead is not None else address_follow_up(conv, turn)


def delivery_instead(conv: Conversation, turn: Turn) -> AddressReading | None:
    """ "na verdade entrega na rua oscar freire 20" at checkout: said like a question about
    the area, but a street with its number, with no question mark, is where to deliver."""
    parsed = turn.parsed
    if conv.state not in CHECKOUT_STATES or parsed.question is not Question.DELIVERY_AREA \
            or not parsed.place or "?" in turn.text or parsed.items:
        return None
    reading = read_address(parsed.place)
    return reading if reading.kind is AddressKind.FULL else None


def fill_slots(conv: Conversation, turn: Turn) -> tuple[Conversation, SlotNews]:
    """Keep every slot the message carries; say back what was kept or refused."""
    conv, address, bad_location = _fill_address(conv, turn)
    conv, fulfilment, no_pickup = _fill_fulfilment(conv, turn)
    if address and not fulfilment and conv.fulfilment is Fulfilment.PICKUP:
        # An address after choosing pickup ("na verdade manda na Rua X, 10"): delivery.
        turn.say(delivery_texts.delivery_noted())
        conv, fulfilment = replace(conv, fulfilment=Fulfilment.DELIVERY), True
    conv, payment, refused = _fill_payment(conv, turn)
    conv, change, too_low = _fill_change(conv, turn)
    refused = refused or too_low or no_pickup or bad_location
    if payment and conv.state is not State.ASKING_PAYMENT and conv.payment is not None:
        turn.say(texts.payment_noted(conv.payment, conv.change_for_cents if change else None,
                                     turn.currency))
    return conv, SlotNews(address, payment, change, fulfilment, refused)


def _fill_address(conv: Conversation, turn: Turn) -> tuple[Conversation, bool, bool]:
    """The address the message gives; the last flag: a location was refused."""
    location = turn.inbound.location
    if location is not None:
        if point_or_none(location.latitude, location.longitude) is None:
            turn.say(delivery_texts.location_unreadable())  # the address on file stays
            return conv, False, True
        known = conv.address
        if conv.state is State.ASKING_BAIRRO and known is not None and known.latitude is None \
                and not location.address:
            # Asked for the location to tell the area: the street typed before stays.
            pinned = Address(known.text, location.latitude, location.longitude)
            return replace(conv, address=pinned, address_confirmed=True), True, False
        # A pin without a street and number ("my location") needs them; a place with its
        # address written ("MASP — Av. Paulista, 1578") does not.
        address = from_location(location)
        numbered = read_address(location.address).kind is AddressKind.FULL
        return replace(conv, address=address, address_confirmed=True,
                       address_detail=not numbered), True, False
    reading = address_reading(conv, turn)
    if reading is None:
        return conv, False, False
    at_step = conv.state in ADDRESS_STATES
    if reading.kind in (AddressKind.FULL, AddressKind.STREET):
        address = Address(_with_bairro_kept(conv, turn, reading.text))
        if not at_step and reading.kind is AddressKind.FULL:
            turn.say(texts.location_saved(address))
        return replace(conv, address=address, address_confirmed=True,
                       address_detail=reading.kind is AddressKind.STREET), True, False
    if conv.address is None:
        # A number or a complement with no street: the step says what to do.
        return conv, False, False
    merged = merge(conv.address, reading)
    still_bare = merged.latitude is None and read_address(merged.text).kind is AddressKind.STREET
    turn.say(texts.address_updated(merged))
    return replace(conv, address=merged, address_confirmed=True,
                   address_detail=still_bare), True, False


def _with_bairro_kept(conv: Conversation, turn: Turn, text: str) -> str:
    """ "ops, é rua das flores 220" after "rua das flores 200 - centro": the same street
    keeps the bairro said before, when the new text names none."""
    known = conv.address
    restaurant = turn.menu.restaurant
    if known is None or known.latitude is not None or not restaurant.delivery_zones \
            or not same_street(known.text, text):
        return text
    before = quote(restaurant, address=known.text)
    if not isinstance(before, Served) or before.zone is None \
            or not isinstance(quote(restaurant, address=text), NeedsPlace):
        return text
    return f"{text} - {before.zone.bairro}"


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


def _fill_fulfilment(conv: Conversation, turn: Turn) -> tuple[Conversation, bool, bool]:
    """ "Vou buscar aí" (pickup, where the restaurant has it), "é pra entregar" (delivery
    again); the last flag: pickup was asked for where there is none."""
    parsed = turn.parsed
    wanted = parsed.fulfilment
    restaurant = turn.menu.restaurant
    if wanted is None or parsed.question is not None:
        return conv, False, False  # "posso retirar aí?" is a question, answered as one
    if wanted is Fulfilment.PICKUP:
        if not restaurant.pickup:
            turn.say(delivery_texts.pickup_answer(restaurant))
            return conv, False, True
        if conv.fulfilment is Fulfilment.PICKUP:
            return conv, False, False
        turn.say(delivery_texts.pickup_noted(restaurant))
        return replace(conv, fulfilment=Fulfilment.PICKUP), True, False
    if conv.fulfilment is not Fulfilment.PICKUP:
        return conv, False, False  # delivery is what happens anyway
    turn.say(delivery_texts.delivery_noted())
    return replace(conv, fulfilment=Fulfilment.DELIVERY), True, False
