"""Questions answered as what they are, in any step: payment, Pix key, time, area, pickup, items.

The answers come from the restaurant's settings (the sentences live in
``service.domain.delivery_texts``, with the rest of delivery and payment); a
question never orders anything and never moves the conversation: the step's own
question follows it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from nlu import Ambiguity, Intent, ItemLine, MenuItem, ParseResult, Question
from service.domain import delivery_texts, status_texts, texts
from service.domain.checkout import CHECKOUT_STATES, area_quote, picks_up
from service.domain.conversation import Conversation, Offer, State
from service.domain.delivery import NeedsPlace, Quote, Served, quote
from service.domain.order_status import OPEN_STATUSES
from service.domain.turn import Turn

__all__ = ["answer_question", "asked_items", "delivery_answer", "estimate_answer",
           "offered", "one_more_as_last", "take_what_was_asked"]

# Said alone right after the assistant answered that an item is sold, these take it:
# "então manda", "pode ser", "fechou, manda" (confirmations) and "quero" (an order verb).
_TAKING_INTENTS = frozenset({Intent.CONFIRM})
_TAKING_RULES = frozenset({"order_verb_alone"})


def asked_items(turn: Turn) -> list[str]:
    """The items a question is about ("a lasanha dá pra 2?", "tem feijoada?")."""
    parsed = turn.parsed
    ids = [*parsed.about, *(line.id for line in parsed.unavailable_items)]
    if parsed.question is Question.ITEM_INFO:
        ids += [line.id for line in parsed.items]
        ids += [c for amb in parsed.ambiguous for c in amb.candidates]
    return [i for i in dict.fromkeys(ids) if i in turn.menu]


def offered(items: list[MenuItem], parsed: ParseResult) -> tuple[Offer, ...]:
    """What an answer said is sold, with the count asked ("quanto fica 3 pudins?"); a
    mention that fits several ("tem coca?") stays one offer of them all, to be chosen."""
    sold = {item.id for item in items if item.available}
    counts = {line.id: line.quantity for line in parsed.about_counts}
    offers: list[Offer] = []
    chosen: set[str] = set()
    for choice in parsed.about_choices:
        candidates = tuple(c for c in choice.candidates if c in sold)
        chosen.update(choice.candidates)
        if candidates:
            offers.append(Offer(candidates, choice.quantity, choice.text))
    offers += [Offer((item.id,), counts.get(item.id, 1)) for item in items
               if item.id in sold and item.id not in chosen]
    return tuple(offers)


def take_what_was_asked(conv: Conversation, parsed: ParseResult) -> ParseResult:
    """ "Então manda" right after "Temos sim!": the items asked about, as many as asked
    (one of several, as asked: "tem coca?" then "manda" asks which).

    Only a message that orders nothing else and says yes (or "quero") alone; anything else
    ("não, quero 1 pf", "manda 2") is read as it is.
    """
    if not conv.asked_about or conv.state is not State.ORDERING:
        return parsed
    if parsed.items or parsed.ambiguous or parsed.numbers or parsed.unavailable_items \
            or parsed.unknown_items or parsed.question is not None:
        return parsed
    if parsed.intent not in _TAKING_INTENTS and parsed.rule not in _TAKING_RULES:
        return parsed
    lines = tuple(ItemLine(offer.candidates[0], offer.quantity) for offer in conv.asked_about
                  if len(offer.candidates) == 1)
    choices = tuple(Ambiguity(offer.candidates, offer.quantity, offer.text)
                    for offer in conv.asked_about if len(offer.candidates) > 1)
    return replace(parsed, intent=Intent.ADD_ITEMS, items=lines, ambiguous=choices,
                   rule="takes_what_was_asked")


def one_more_as_last(conv: Conversation, parsed: ParseResult) -> ParseResult:
    """ "Mais um igual", "o mesmo pra minha esposa": the line copied keeps its note (the
    molho, the pimenta), when the cart's newest line of the item has one."""
    if parsed.rule != "another_of_last" or len(parsed.items) != 1 or parsed.items[0].note:
        return parsed
    line = parsed.items[0]
    notes = [cart_line.note for cart_line in conv.cart.lines if cart_line.item_id == line.id]
    if not notes or not notes[-1]:
        return parsed
    return replace(parsed, items=(replace(line, note=notes[-1]),))


def answer_question(conv: Conversation, turn: Turn) -> tuple[Conversation, bool]:
    """Answer the message's question, if it asks one; the conversation keeps the item asked."""
    question = turn.parsed.question
    if question is None:
        return conv, False
    restaurant = turn.menu.restaurant
    if question is Question.ITEM_INFO:
        items = [turn.menu[i] for i in asked_items(turn)]
        if not items:
            return conv, False
        turn.say(texts.item_info(items, turn.currency))
        turn.asked_about = offered(items, turn.parsed)
        return replace(conv, last_item=items[0].id), True
    if question is Question.PAYMENT_METHODS:
        turn.say(delivery_texts.accepts_answer(restaurant, turn.parsed.payment))
    elif question is Question.PIX_KEY:
        turn.say(delivery_texts.pix_key_answer(restaurant))
    elif question is Question.ESTIMATE:
        turn.say(estimate_answer(conv, turn))
    elif question in (Question.DELIVERY_AREA, Question.DELIVERY_FEE):
        turn.say(delivery_answer(conv, turn))
    elif question is Question.PICKUP:
        turn.say(delivery_texts.pickup_answer(restaurant,
                                              at_checkout=conv.state in CHECKOUT_STATES))
    elif question is Question.MINIMUM:
        turn.say(delivery_texts.minimum_answer(restaurant))
    elif question is Question.SPLIT_PAYMENT:
        turn.say(delivery_texts.split_payment_answer(restaurant))
    else:  # a question added to the parser before its answer is written here
        return conv, False
    return conv, True


def delivery_answer(conv: Conversation, turn: Turn) -> str:
    """ "Vocês entregam no X?", "quanto é a taxa pro X?": from the zones for the place
    named; for the customer's address when none is; else where the restaurant delivers."""
    restaurant = turn.menu.restaurant
    place = turn.parsed.place
    found: Quote | None = None
    if place:
        found = quote(restaurant, place=place)
    else:
        # A bairro served, or one marked as such ("bairro X"), written in the question.
        in_text = quote(restaurant, address=turn.text) if turn.text else None
        if in_text is not None and not isinstance(in_text, NeedsPlace) and not (
            isinstance(in_text, Served) and in_text.zone is None
        ):
            found = in_text
        else:
            found = area_quote(conv, turn)
    if found is None:
        return delivery_texts.delivery_overview(restaurant)
    return delivery_texts.delivery_answer(restaurant, found)


def estimate_answer(conv: Conversation, turn: Turn) -> str:
    """ "Quanto tempo demora?": for pickup, for the customer's area once known, or for all;
    right after an order, where that order is first ("demora muito ainda?")."""
    restaurant = turn.menu.restaurant
    if picks_up(conv, turn):
        return delivery_texts.pickup_estimate_answer(restaurant)
    found = area_quote(conv, turn)
    served = found if isinstance(found, Served) else None
    estimate = delivery_texts.estimate_answer(restaurant, served)
    if _order_in_flight(conv, turn):
        status = status_texts.order_status(conv.last_order_number, conv.last_order_status,
                                           pickup=conv.last_order_pickup)
        return f"{status}\n\n{estimate}"
    return estimate


# A question about time this soon after the last message, with nothing new in the cart,
# is about the order just placed.
ORDER_IN_FLIGHT = timedelta(hours=3)


def _order_in_flight(conv: Conversation, turn: Turn) -> bool:
    return (conv.last_order_number is not None and conv.last_order_status in OPEN_STATUSES
            and conv.cart.empty and conv.updated_at is not None
            and turn.now - conv.updated_at <= ORDER_IN_FLIGHT)
