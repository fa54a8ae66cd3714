"""The conversation engine: a pure function from one message to replies and events.

``step(conversation, inbound, parsed, menu, now)`` reads nothing else and writes
nothing: no I/O, no clock, no logging. A turn runs the pre-step guards in order
(:data:`GUARDS`), then a global command if the step's record lets it apply
(``service.domain.steps``), else the step's handler; last, the bookkeeping every
turn shares (two misunderstandings in a row call a person). The steps and their
transitions are drawn in ``docs/conversation-states.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from nlu import Intent, ParseResult, Question
from service.domain import delivery_texts, hours_texts, texts
from service.domain.addresses import AddressKind, read_address
from service.domain.answers import answer_question, one_more_as_last, take_what_was_asked
from service.domain.checkout import follow_up_over
from service.domain.commands import GLOBAL_COMMANDS
from service.domain.confirmations import ask_erasure, offer_repeat
from service.domain.conversation import Conversation, Inbound, State
from service.domain.events import Event, HumanRequested, PixReceiptReceived
from service.domain.menu import Menu
from service.domain.messages import pack
from service.domain.order import Order
from service.domain.ordering import has_order_content
from service.domain.placed import is_receipt_kind, receipt_for
from service.domain.prompts import reminder
from service.domain.slots import ADDRESS_STATES, address_follow_up, delivery_instead
from service.domain.steps import STEPS, parser_context, step_of
from service.domain.turn import Turn

__all__ = ["GUARDS", "STEPS", "Guard", "StepResult", "needs_last_order", "parser_context",
           "step"]

StepResult = tuple[Conversation, list[str], list[Event]]

# A cart left this long belongs to another meal: start fresh instead of resuming it.
STALE_AFTER = timedelta(hours=12)
# Replies in a row that did not understand the customer before a person is called.
MISUNDERSTOOD_LIMIT = 2


@dataclass(frozen=True)
class Guard:
    """A check run before the step; it may answer the message itself (``turn.done``)."""

    name: str
    run: Callable[[Conversation, Turn], Conversation]


def step(
    conversation: Conversation | None,
    inbound: Inbound,
    parsed: ParseResult,
    menu: Menu,
    now: datetime,
    *,
    choice: str | None = None,
    last_order: Order | None = None,
    taking_orders: bool = True,
) -> StepResult:
    """Apply one customer message: the new conversation, reply messages and events.

    ``taking_orders`` is False while the restaurant paused orders: checkout waits,
    the cart is kept. ``last_order`` is the customer's last order, when
    :func:`needs_last_order` says the message needs it.
    """
    conv = conversation or Conversation(phone=inbound.phone)
    name = inbound.profile_name.strip()
    if name and name != conv.customer_name:
        conv = replace(conv, customer_name=name)
    parsed = one_more_as_last(conv, take_what_was_asked(conv, parsed))
    turn = Turn(inbound=inbound, parsed=parsed, menu=menu, now=now, choice=choice,
                last_order=last_order, taking_orders=taking_orders)
    for guard in GUARDS:
        conv = guard.run(conv, turn)
        if turn.done:
            break
    else:
        conv = _dispatch(conv, turn)
    return _bookkeeping(conv, turn), pack(turn.replies), list(turn.events)


def needs_last_order(conversation: Conversation | None, parsed: ParseResult) -> bool:
    """Whether this message needs the customer's last order (the application loads it)."""
    if conversation is None or conversation.last_order_number is None:
        return False
    return parsed.repeat_last or conversation.state is State.OFFERING_REPEAT


# -- guards, in the order they run ---------------------------------------------------------


def _idle_since(conv: Conversation, turn: Turn) -> datetime | None:
    """When the cart started to wait: the last message, or the opening after it when the
    kitchen was closed then (the customer was told the cart waits until it opens)."""
    since, hours = conv.updated_at, turn.menu.restaurant.hours
    if since is not None and hours is not None and not hours.is_open(since):
        opening = hours.next_opening(since)
        if opening is not None and opening > since:
            return opening
    return since


def _expire_stale(conv: Conversation, turn: Turn) -> Conversation:
    since = _idle_since(conv, turn)
    idle = since is not None and turn.now - since > STALE_AFTER
    if not idle or (conv.cart.empty and conv.state is State.ORDERING):
        return conv
    if not conv.cart.empty:
        turn.say(texts.cart_expired())
    return replace(conv.start_over(), address_confirmed=False)


def _end_follow_up(conv: Conversation, turn: Turn) -> Conversation:
    """Long after the last order, the next one no longer reuses its payment and place:
    checkout asks them again ("entrego no mesmo endereço?")."""
    if not follow_up_over(conv, turn.now) or not conv.cart.empty \
            or conv.state is not State.ORDERING:
        return conv
    return replace(conv, last_order_at=None, payment=None, change_for_cents=None,
                   fulfilment=None, address_confirmed=False)


def _drop_unavailable(conv: Conversation, turn: Turn) -> Conversation:
    cart, dropped = conv.cart.without_unavailable(turn.menu)
    if not dropped:
        return conv
    names = [turn.menu[i].name if i in turn.menu else i for i in dropped]
    turn.say(texts.items_left_menu(names))
    turn.cart_shrank = True
    pending = tuple(
        p for p in conv.pending if sum(1 for c in p.candidates if turn.item(c)) > 1
    )
    conv = replace(conv, cart=cart, pending=pending)
    if cart.empty and conv.state not in (State.ORDERING, State.CHOOSING):
        conv = replace(conv, state=State.ORDERING)
    return conv


def _greet_first(conv: Conversation, turn: Turn) -> Conversation:
    if conv.greeted:
        return conv
    restaurant = turn.menu.restaurant
    turn.say(texts.greeting(conv.customer_name, restaurant.name, turn.parsed.salutation,
                            texts.order_example(turn.menu)))
    if restaurant.hours is not None and not turn.open_now:
        turn.say(hours_texts.closed_notice(restaurant.hours, turn.now))
    parsed = turn.parsed
    if parsed.intent in (Intent.GREETING, Intent.UNKNOWN) and not (
        has_order_content(turn) or _carries(conv, turn) or parsed.question
        or turn.inbound.location_refused
    ):
        turn.done = True  # "oi": the greeting is the whole answer
        # Words that were no greeting either were not understood, greeting or not.
        turn.misunderstood = parsed.intent is Intent.UNKNOWN and bool(turn.text) and not (
            parsed.salutation or parsed.thanks)
    return replace(conv, greeted=True)


def _truncated(conv: Conversation, turn: Turn) -> Conversation:
    if turn.inbound.truncated:
        turn.say(texts.truncated())
    return conv


def _location_refused(conv: Conversation, turn: Turn) -> Conversation:
    """A shared location that cannot be a real place is said; any text is still answered."""
    if turn.inbound.location_refused:
        turn.say(delivery_texts.location_unreadable())
        turn.done = not turn.text
    return conv


def _pix_receipt(conv: Conversation, turn: Turn) -> Conversation:
    """An image (or PDF) after a Pix order is its receipt: thanked, and the kitchen told."""
    inbound = turn.inbound
    number = receipt_for(conv, inbound, turn.now)
    if number is None:
        return conv
    urls = tuple(url for url, kind in zip(inbound.media_urls, inbound.media_types, strict=False)
                 if is_receipt_kind(kind))
    turn.events.append(PixReceiptReceived(conv.phone, conv.customer_name, number, urls))
    turn.say(delivery_texts.pix_receipt_received(number))
    parsed = turn.parsed
    # "segue o comprovante" says nothing more; "e manda mais uma coca" goes on to the step.
    turn.done = not (has_order_content(turn) or parsed.question or _carries(conv, turn)
                     or parsed.intent not in (Intent.UNKNOWN, Intent.GREETING))
    return conv


def _no_text(conv: Conversation, turn: Turn) -> Conversation:
    inbound = turn.inbound
    if turn.text or inbound.location is not None:
        return conv
    if inbound.media_types:
        turn.say(texts.media_not_supported(inbound.media_types))
    elif conv.updated_at is not None:  # a first, empty message gets the greeting alone
        turn.say(texts.empty_message(), reminder(conv, turn))
    turn.done = True
    return conv


def _only_courtesy(conv: Conversation, turn: Turn) -> Conversation:
    """ "obrigado", "valeu": a courtesy to return; "espera", "peraí, vou ver com meu marido":
    no answer to read yet, the step waits. Unless the message also asks for something."""
    parsed = turn.parsed
    if (parsed.thanks or parsed.waiting) and parsed.intent is Intent.UNKNOWN \
            and not _carries(conv, turn):
        said = texts.you_are_welcome() if parsed.thanks else texts.take_your_time()
        turn.say(said, reminder(conv, turn))
        turn.done = True
    return conv


def _question(conv: Conversation, turn: Turn) -> Conversation:
    """A question alone is answered as what it is; the step's question follows."""
    if turn.parsed.question is None or _carries(conv, turn):
        return conv
    conv, answered = answer_question(conv, turn)
    if answered:
        turn.say(reminder(conv, turn))
        turn.done = True
    return conv


GUARDS: tuple[Guard, ...] = (
    Guard("expire_stale", _expire_stale),
    Guard("end_follow_up", _end_follow_up),
    Guard("drop_unavailable", _drop_unavailable),
    Guard("greet_first", _greet_first),
    Guard("truncated", _truncated),
    Guard("location_refused", _location_refused),
    Guard("pix_receipt", _pix_receipt),
    Guard("no_text", _no_text),
    Guard("only_courtesy", _only_courtesy),
    Guard("question", _question),
)


# -- the step ------------------------------------------------------------------------------


def _carries(conv: Conversation, turn: Turn) -> bool:
    """The message carries content (items or a slot), which outweighs a command word."""
    parsed = turn.parsed
    if conv.state in ADDRESS_STATES and read_address(turn.text).kind is not AddressKind.NONE:
        return True  # "Rua da Ajuda, 45", "rua domingos de morais 1500": addresses
    if address_follow_up(conv, turn) is not None or delivery_instead(conv, turn) is not None:
        return True  # "bairro centro" after the address; "entrega na rua x 20" at checkout
    return bool(
        has_order_content(turn, menu_numbers=False) or parsed.payment or parsed.address
        or parsed.change_for_cents is not None or turn.inbound.location is not None
        or parsed.repeat_last or parsed.erase_data
        or (parsed.fulfilment is not None and parsed.question is None)  # "vou buscar aí"
    )


def _dispatch(conv: Conversation, turn: Turn) -> Conversation:
    record = step_of(conv.state)
    parsed = turn.parsed
    if not record.edits_cart and has_order_content(turn, menu_numbers=False):
        # Ordering instead of answering "sim ou não?": the question is dropped.
        conv = replace(conv, state=conv.resume_state or State.ORDERING, resume_state=None)
        record = step_of(conv.state)
    command = GLOBAL_COMMANDS.get(parsed.intent)
    if command is not None and parsed.intent in record.commands and not _carries(conv, turn):
        return command(conv, turn)
    if conv.state in (State.ORDERING, State.CHOOSING) and (parsed.erase_data or
                                                           parsed.repeat_last):
        return _request(conv, turn)
    return record.handler(conv, turn)


def _request(conv: Conversation, turn: Turn) -> Conversation:
    if turn.parsed.erase_data:
        return ask_erasure(conv, turn)
    return offer_repeat(conv, turn)


def _bookkeeping(conv: Conversation, turn: Turn) -> Conversation:
    misunderstood = conv.misunderstood + 1 if turn.misunderstood else 0
    if misunderstood >= MISUNDERSTOOD_LIMIT:
        turn.events.append(HumanRequested(conv.phone, conv.customer_name,
                                          reason="not_understood"))
        turn.say(texts.human_after_misunderstanding())
        misunderstood = 0
    parsed = turn.parsed
    asked = parsed.question if parsed.intent is Intent.ASK_DELIVERY and parsed.question in (
        Question.DELIVERY_AREA, Question.DELIVERY_FEE) else None
    # Ordering by the menu's numbers keeps them good for the next message ("e mais um 7").
    menu_shown = turn.menu_shown or (conv.menu_shown and bool(parsed.numbers))
    # What was asked about stays on offer across a question that orders nothing
    # ("tem strogonoff?" … "entregam na liberdade?" … "então manda").
    offer = turn.asked_about if turn.asked_about is not None else (
        conv.asked_about if _only_asks(parsed) else ())
    return replace(conv, misunderstood=misunderstood, menu_shown=menu_shown,
                   last_question=asked, asked_about=offer, updated_at=turn.now)


def _only_asks(parsed: ParseResult) -> bool:
    """A question about the restaurant that changes nothing ("vcs entregam no centro?")."""
    if parsed.items or parsed.ambiguous or parsed.numbers or parsed.payment or parsed.address:
        return False
    return parsed.intent in (Intent.ASK_DELIVERY, Intent.ASK_HOURS) or (
        parsed.intent is Intent.UNKNOWN and parsed.question is not None)
