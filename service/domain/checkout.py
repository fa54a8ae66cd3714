"""Checkout: what is still missing (asked once, in order), the summary, and placing the order.

:func:`advance` is the one place that decides the next checkout question: a cart
below every minimum is said at once; then, unless the customer picks up at the
counter, the address (unless it is known and confirmed), whether the restaurant
delivers there (the bairro asked when the address has none; an area not served is
said with where it delivers, the cart kept), its number or complement when a shared
location or a bare street left them out, the minimum for that area; then the
payment, the change for cash, and the summary. Whatever the customer already gave,
in any step, is never asked again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from nlu import Fulfilment, PaymentMethod
from service.domain import delivery_texts, hours_texts, payments, restaurant_texts, texts
from service.domain.cart import Cart
from service.domain.conversation import NO_CHANGE, Address, Conversation, State
from service.domain.delivery import (
    MinimumCheck,
    NeedsPlace,
    NotServed,
    Quote,
    Served,
    Via,
    check_minimum,
    delivers_by_area,
    lowest_minimum,
    quote_address,
)
from service.domain.events import OrderPlaced
from service.domain.menu import Menu
from service.domain.order import Order, OrderLine, Payment
from service.domain.order_status import OrderStatus
from service.domain.turn import Turn

__all__ = [
    "CHECKOUT_STATES",
    "FOLLOW_UP",
    "accepted_methods",
    "address_question",
    "advance",
    "area_quote",
    "delivery_fee_cents",
    "fee_line",
    "follow_up_over",
    "known_fee_cents",
    "order_draft",
    "order_stored",
    "picks_up",
    "place_order",
    "summary_text",
    "total_cents",
]

# The steps after "finalizar": a cart edit or a changed slot here shows the next question
# (or the summary) again instead of going back to the cart.
CHECKOUT_STATES = frozenset({
    State.ASKING_ADDRESS, State.ASKING_ADDRESS_DETAIL, State.ASKING_BAIRRO,
    State.ASKING_PAYMENT, State.ASKING_CHANGE, State.CONFIRMING,
})
# A "sim" to a summary shown while open is still taken this long after closing time,
# as a kitchen serves whoever is already at the counter; later, the cook has gone home.
CONFIRM_GRACE = timedelta(minutes=10)
# The next order this soon after one ("esqueci de pedir uma coca", "manda mais 2 pudins")
# goes where the last one went and is paid the same way; later, checkout asks again.
FOLLOW_UP = timedelta(hours=2)


def accepted_methods(menu: Menu) -> tuple[PaymentMethod, ...]:
    """How this restaurant takes payment, in the order the question lists them."""
    return payments.accepted_methods(menu.restaurant)


def picks_up(conv: Conversation | None, turn: Turn) -> bool:
    """The customer picks the order up at the counter (and the restaurant allows it)."""
    return (conv is not None and conv.fulfilment is Fulfilment.PICKUP
            and turn.menu.restaurant.pickup)


def area_quote(conv: Conversation | None, turn: Turn) -> Quote | None:
    """Whether and on what terms the restaurant delivers to the conversation's address;
    None for pickup or before an address."""
    if conv is None or conv.address is None or picks_up(conv, turn):
        return None
    return quote_address(turn.menu.restaurant, conv.address)


def _served(conv: Conversation | None, turn: Turn) -> Served | None:
    found = area_quote(conv, turn)
    return found if isinstance(found, Served) else None


def known_fee_cents(conv: Conversation | None, turn: Turn) -> int | None:
    """The delivery fee when it is known: none for pickup, always with one fee, else once
    the address says where."""
    restaurant = turn.menu.restaurant
    if picks_up(conv, turn):
        return 0
    if not delivers_by_area(restaurant):
        return restaurant.delivery_fee_cents
    served = _served(conv, turn)
    return served.fee_cents if served is not None else None


def delivery_fee_cents(conv: Conversation | None, turn: Turn) -> int:
    """The delivery fee this order pays: its area's, none for pickup, or the base fee."""
    known = known_fee_cents(conv, turn)
    return known if known is not None else turn.menu.restaurant.delivery_fee_cents


def fee_line(conv: Conversation | None, turn: Turn) -> str | None:
    """The cart's and summary's fee line: "Taxa de entrega (Centro): R$ 5,00"; None for
    pickup, which has no fee."""
    if picks_up(conv, turn):
        return None
    served = _served(conv, turn)
    if served is None:
        served = Served(delivery_fee_cents(conv, turn), 0, "", Via.EVERYWHERE)
    return delivery_texts.fee_line(served, turn.currency)


def total_cents(cart: Cart, turn: Turn, conv: Conversation | None = None) -> int:
    """Subtotal plus the delivery fee."""
    return turn.subtotal(cart) + delivery_fee_cents(conv, turn)


def address_question(conv: Conversation, turn: Turn) -> str:
    """ "Qual o endereço de entrega?" (or "entrego no mesmo endereço?"), offering pickup
    when the restaurant has it."""
    known = conv.address if not conv.address_confirmed else None
    return texts.ask_address(known) + delivery_texts.pickup_hint(turn.menu.restaurant)


def advance(conv: Conversation, turn: Turn) -> Conversation:
    """Ask the first thing still missing for this order, or show the summary."""
    if conv.cart.empty:
        turn.say(texts.cart_empty())
        return replace(conv, state=State.ORDERING)
    restaurant = turn.menu.restaurant
    hours = restaurant.hours
    if hours is not None and not turn.open_now and conv.state not in CHECKOUT_STATES:
        # Closed: checkout does not start. One already under way ends at the summary,
        # where "sim" is refused unless it comes moments after closing time.
        turn.say(hours_texts.checkout_closed(hours, turn.now))
        return replace(conv, state=State.ORDERING)
    if not turn.taking_orders and conv.state not in CHECKOUT_STATES:
        turn.say(restaurant_texts.checkout_paused())  # paused: the cart waits
        return replace(conv, state=State.ORDERING)
    subtotal = turn.subtotal(conv.cart)
    if subtotal < lowest_minimum(restaurant):  # short wherever it goes: said before asking
        return _below_minimum(conv, turn, check_minimum(subtotal, lowest_minimum(restaurant)))
    served: Served | None = None
    if not picks_up(conv, turn):
        asked = _ask_where(conv, turn)
        if not isinstance(asked, Served):
            return asked
        served = asked
    minimum = check_minimum(subtotal, served.min_order_cents if served is not None
                            else restaurant.min_order_cents)
    if not minimum.ok:
        return _below_minimum(conv, turn, minimum, served)
    total = total_cents(conv.cart, turn, conv)
    if conv.payment is PaymentMethod.CASH and conv.change_for_cents \
            and conv.change_for_cents < total:
        turn.say(texts.change_too_low(conv.change_for_cents, total, turn.currency))
        conv = replace(conv, change_for_cents=None)
    pickup = picks_up(conv, turn)
    if conv.payment is None:
        turn.say(texts.ask_payment(total, turn.currency, accepted_methods(turn.menu),
                                   pickup=pickup))
        return replace(conv, state=State.ASKING_PAYMENT)
    if conv.payment is PaymentMethod.CASH and conv.change_for_cents is None:
        turn.say(texts.ask_change(total, turn.currency))
        return replace(conv, state=State.ASKING_CHANGE)
    turn.say(summary_text(conv, turn))
    return replace(conv, state=State.CONFIRMING)


def _ask_where(conv: Conversation, turn: Turn) -> Conversation | Served:
    """The delivery's address, area and number, asking the first one missing; the
    area's terms once all is known."""
    restaurant = turn.menu.restaurant
    address = conv.address
    if address is None or not conv.address_confirmed:
        turn.say(address_question(conv, turn))
        return replace(conv, state=State.ASKING_ADDRESS)
    found = quote_address(restaurant, address)
    if isinstance(found, NotServed):
        # Said before the number is asked: no point completing an address not served.
        turn.say(delivery_texts.not_served(restaurant, found, cart_kept=True))
        return replace(conv, state=State.ASKING_BAIRRO)
    if conv.address_detail:
        turn.say(texts.ask_location_detail() if address.latitude is not None
                 else texts.ask_house_number(address))
        return replace(conv, state=State.ASKING_ADDRESS_DETAIL)
    if isinstance(found, NeedsPlace):
        turn.say(delivery_texts.ask_place(restaurant, found))
        return replace(conv, state=State.ASKING_BAIRRO)
    return found


def _below_minimum(conv: Conversation, turn: Turn, check: MinimumCheck,
                   served: Served | None = None) -> Conversation:
    """Short of the minimum: how much is missing; the cart and every slot stay."""
    turn.say(delivery_texts.minimum_missing(check, turn.currency, served))
    return replace(conv, state=State.ORDERING)


def _ready(conv: Conversation, turn: Turn) -> bool:
    """The order can go as the summary showed it: a place served, the minimum met."""
    restaurant = turn.menu.restaurant
    subtotal = turn.subtotal(conv.cart)
    if picks_up(conv, turn):
        return subtotal >= restaurant.min_order_cents
    served = _served(conv, turn)
    return served is not None and subtotal >= served.min_order_cents


def summary_text(conv: Conversation, turn: Turn) -> str:
    """Items, subtotal, fee, total, where (address or pickup) and payment: "Confirma?"."""
    assert conv.payment is not None
    if picks_up(conv, turn):
        where = delivery_texts.pickup_summary_line(turn.menu.restaurant)
    else:
        assert conv.address is not None
        where = f"📍 {conv.address.text}"
    summary = texts.summary(_order_text(conv, turn), where, _payment_text(conv, turn))
    if conv.last_order_number is not None and conv.last_order_at is not None \
            and not follow_up_over(conv, turn.now):
        return f"{texts.follow_up_notice(conv.last_order_number)}\n\n{summary}"
    return summary


def _order_text(conv: Conversation, turn: Turn) -> str:
    return texts.order_lines(
        conv.cart.priced(turn.menu),
        turn.subtotal(conv.cart),
        delivery_fee_cents(conv, turn),
        turn.currency,
        fee_line(conv, turn),
    )


def _payment_text(conv: Conversation, turn: Turn) -> str:
    assert conv.payment is not None
    total = total_cents(conv.cart, turn, conv)
    return texts.payment_text(conv.payment, conv.change_for_cents, total, turn.currency,
                              pickup=picks_up(conv, turn))


def _estimate(conv: Conversation, turn: Turn) -> str:
    restaurant = turn.menu.restaurant
    if picks_up(conv, turn):
        return restaurant.pickup_estimate or ""
    served = _served(conv, turn)
    return served.estimate if served is not None else restaurant.delivery_estimate


def place_order(conv: Conversation, turn: Turn) -> Conversation:
    """ "Sim" to the summary: the order goes to the kitchen (unless the kitchen has closed)."""
    hours = turn.menu.restaurant.hours
    if hours is not None and not _still_taking(conv, turn):
        turn.say(hours_texts.confirm_closed(hours, turn.now))
        return replace(conv, state=State.ORDERING)
    if not turn.taking_orders:
        turn.say(restaurant_texts.checkout_paused())
        return replace(conv, state=State.ORDERING)
    if turn.cart_shrank:
        turn.say(summary_text(conv, turn))  # the "sim" was to a summary that no longer holds
        return conv
    if not _ready(conv, turn):
        return advance(conv, turn)  # the settings changed since the summary: say what is off
    turn.events.append(OrderPlaced(
        order=order_draft(conv, turn),
        order_text=_order_text(conv, turn),
        payment_text=_payment_text(conv, turn),
        estimate=_estimate(conv, turn),
    ))
    # The next order may go elsewhere: "entrego no mesmo endereço?" is asked then.
    return replace(conv.start_over(), address_confirmed=False)


def _still_taking(conv: Conversation, turn: Turn) -> bool:
    """Open now, or the summary was shown while open and closing time was moments ago."""
    hours = turn.menu.restaurant.hours
    if turn.open_now or hours is None:
        return True
    shown = conv.updated_at
    return shown is not None and hours.is_open(shown) and turn.now - shown <= CONFIRM_GRACE


def order_draft(conv: Conversation, turn: Turn) -> Order:
    """The order as confirmed (without its number, which the store allocates)."""
    assert conv.payment is not None
    change = conv.change_for_cents
    pickup = picks_up(conv, turn)
    served = None if pickup else _served(conv, turn)
    if not pickup:
        assert conv.address is not None
    return Order(
        phone=conv.phone.removeprefix("whatsapp:"),
        customer_name=conv.customer_name,
        lines=tuple(
            OrderLine(line.item.id, line.item.name, line.quantity, line.item.price_cents,
                      line.note)
            for line in conv.cart.priced(turn.menu)
        ),
        delivery_fee_cents=delivery_fee_cents(conv, turn),
        address=Address("") if pickup or conv.address is None else conv.address,
        payment=Payment(conv.payment, change if change and change != NO_CHANGE else None),
        created_at=turn.now,
        fulfilment=Fulfilment.PICKUP if pickup else Fulfilment.DELIVERY,
        delivery_area=served.area if served is not None and served.via is not Via.EVERYWHERE
        else None,
    )


def order_stored(conv: Conversation, order: Order, now: datetime) -> Conversation:
    """The conversation once the store numbered the order: it is the customer's last one,
    and after a Pix order an image is taken as its receipt.

    For ``FOLLOW_UP`` after it, another order ("esqueci de pedir uma coca") goes to the same
    address (or is picked up too) and is paid the same way, without asking again: the
    summary shows both, and any of them can still be changed there.
    """
    assert order.number is not None
    pix = order.payment.method is PaymentMethod.PIX
    pickup = order.fulfilment is Fulfilment.PICKUP
    return replace(conv, last_order_number=order.number,
                   last_order_status=OrderStatus.NEW.value,
                   pix_due=order.number if pix else None, pix_due_since=now if pix else None,
                   last_order_pickup=pickup, last_order_at=now, payment=order.payment.method,
                   fulfilment=Fulfilment.PICKUP if pickup else None,
                   address_confirmed=conv.address_confirmed if pickup else True)


def follow_up_over(conv: Conversation, now: datetime) -> bool:
    """Has the while after the last order, when the next one reuses its details, passed?"""
    return conv.last_order_at is not None and now - conv.last_order_at > FOLLOW_UP
