"""Checkout: what is still missing (asked once, in order), the summary, and placing the order.

:func:`advance` is the one place that decides the next checkout question: the
address (unless it is known and confirmed), its number or complement when a shared
location or a bare street left them out, the payment, the change for cash, then
the summary. Whatever the customer already gave, in any step, is never asked again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from nlu import PaymentMethod
from service.domain import hours_texts, payments, restaurant_texts, texts
from service.domain.cart import Cart
from service.domain.conversation import NO_CHANGE, Conversation, State
from service.domain.delivery import Served, delivers_by_area, quote_address
from service.domain.events import OrderPlaced
from service.domain.menu import Menu
from service.domain.order import Order, OrderLine, Payment
from service.domain.turn import Turn

__all__ = [
    "CHECKOUT_STATES",
    "accepted_methods",
    "advance",
    "delivery_fee_cents",
    "known_fee_cents",
    "order_draft",
    "place_order",
    "summary_text",
    "total_cents",
]

# The steps after "finalizar": a cart edit or a changed slot here shows the next question
# (or the summary) again instead of going back to the cart.
CHECKOUT_STATES = frozenset({
    State.ASKING_ADDRESS, State.ASKING_ADDRESS_DETAIL, State.ASKING_PAYMENT,
    State.ASKING_CHANGE, State.CONFIRMING,
})
# A "sim" to a summary shown while open is still taken this long after closing time,
# as a kitchen serves whoever is already at the counter; later, the cook has gone home.
CONFIRM_GRACE = timedelta(minutes=10)


def accepted_methods(menu: Menu) -> tuple[PaymentMethod, ...]:
    """How this restaurant takes payment, in the order the question lists them."""
    return payments.accepted_methods(menu.restaurant)


def _served(conv: Conversation | None, turn: Turn) -> Served | None:
    if conv is None or conv.address is None:
        return None
    found = quote_address(turn.menu.restaurant, conv.address)
    return found if isinstance(found, Served) else None


def known_fee_cents(conv: Conversation | None, turn: Turn) -> int | None:
    """The delivery fee when it is known: always with one fee, else once the address says."""
    restaurant = turn.menu.restaurant
    if not delivers_by_area(restaurant):
        return restaurant.delivery_fee_cents
    served = _served(conv, turn)
    return served.fee_cents if served is not None else None


def delivery_fee_cents(conv: Conversation | None, turn: Turn) -> int:
    """The delivery fee this order pays: its area's, or the restaurant's base fee."""
    known = known_fee_cents(conv, turn)
    return known if known is not None else turn.menu.restaurant.delivery_fee_cents


def total_cents(cart: Cart, turn: Turn, conv: Conversation | None = None) -> int:
    """Subtotal plus the delivery fee."""
    return turn.subtotal(cart) + delivery_fee_cents(conv, turn)


def advance(conv: Conversation, turn: Turn) -> Conversation:
    """Ask the first thing still missing for this order, or show the summary."""
    if conv.cart.empty:
        turn.say(texts.cart_empty())
        return replace(conv, state=State.ORDERING)
    hours = turn.menu.restaurant.hours
    if hours is not None and not turn.open_now and conv.state not in CHECKOUT_STATES:
        # Closed: checkout does not start. One already under way ends at the summary,
        # where "sim" is refused unless it comes moments after closing time.
        turn.say(hours_texts.checkout_closed(hours, turn.now))
        return replace(conv, state=State.ORDERING)
    if not turn.taking_orders and conv.state not in CHECKOUT_STATES:
        turn.say(restaurant_texts.checkout_paused())  # paused: the cart waits
        return replace(conv, state=State.ORDERING)
    total = total_cents(conv.cart, turn, conv)
    if conv.payment is PaymentMethod.CASH and conv.change_for_cents \
            and conv.change_for_cents < total:
        turn.say(texts.change_too_low(conv.change_for_cents, total, turn.currency))
        conv = replace(conv, change_for_cents=None)
    address = conv.address
    if address is None or not conv.address_confirmed:
        turn.say(texts.ask_address(address))
        return replace(conv, state=State.ASKING_ADDRESS)
    if conv.address_detail:
        turn.say(texts.ask_location_detail() if address.latitude is not None
                 else texts.ask_house_number(address))
        return replace(conv, state=State.ASKING_ADDRESS_DETAIL)
    if conv.payment is None:
        turn.say(texts.ask_payment(total, turn.currency, accepted_methods(turn.menu)))
        return replace(conv, state=State.ASKING_PAYMENT)
    if conv.payment is PaymentMethod.CASH and conv.change_for_cents is None:
        turn.say(texts.ask_change(total, turn.currency))
        return replace(conv, state=State.ASKING_CHANGE)
    turn.say(summary_text(conv, turn))
    return replace(conv, state=State.CONFIRMING)


def summary_text(conv: Conversation, turn: Turn) -> str:
    """Items, subtotal, fee, total, address and payment, asking "Confirma?"."""
    assert conv.address is not None and conv.payment is not None
    return texts.summary(_order_text(conv, turn), conv.address, _payment_text(conv, turn))


def _order_text(conv: Conversation, turn: Turn) -> str:
    return texts.order_lines(
        conv.cart.priced(turn.menu),
        turn.subtotal(conv.cart),
        delivery_fee_cents(conv, turn),
        turn.currency,
    )


def _payment_text(conv: Conversation, turn: Turn) -> str:
    assert conv.payment is not None
    total = total_cents(conv.cart, turn, conv)
    return texts.payment_text(conv.payment, conv.change_for_cents, total, turn.currency)


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
    turn.events.append(OrderPlaced(
        order=order_draft(conv, turn),
        order_text=_order_text(conv, turn),
        payment_text=_payment_text(conv, turn),
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
    assert conv.address is not None and conv.payment is not None
    change = conv.change_for_cents
    return Order(
        phone=conv.phone.removeprefix("whatsapp:"),
        customer_name=conv.customer_name,
        lines=tuple(
            OrderLine(line.item.id, line.item.name, line.quantity, line.item.price_cents,
                      line.note)
            for line in conv.cart.priced(turn.menu)
        ),
        delivery_fee_cents=delivery_fee_cents(conv, turn),
        address=conv.address,
        payment=Payment(conv.payment, change if change and change != NO_CHANGE else None),
        created_at=turn.now,
    )
