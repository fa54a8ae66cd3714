"""Questions answered as what they are, in any step: payment, Pix key, time, area, pickup, items.

The answers come from the restaurant's settings (the sentences live in
``service.domain.delivery_texts``, with the rest of delivery and payment); a
question never orders anything and never moves the conversation: the step's own
question follows it.
"""

from __future__ import annotations

from dataclasses import replace

from nlu import Question
from service.domain import delivery_texts, texts
from service.domain.conversation import Conversation
from service.domain.delivery import quote, quote_address
from service.domain.turn import Turn

__all__ = ["answer_question", "asked_items"]


def asked_items(turn: Turn) -> list[str]:
    """The items a question is about ("a lasanha dá pra 2?", "tem feijoada?")."""
    parsed = turn.parsed
    ids = [*parsed.about, *(line.id for line in parsed.unavailable_items)]
    if parsed.question is Question.ITEM_INFO:
        ids += [line.id for line in parsed.items]
        ids += [c for amb in parsed.ambiguous for c in amb.candidates]
    return [i for i in dict.fromkeys(ids) if i in turn.menu]


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
        turn.say(texts.about_items(items, turn.currency))
        return replace(conv, last_item=items[0].id), True
    if question is Question.PAYMENT_METHODS:
        turn.say(delivery_texts.accepts_answer(restaurant, turn.parsed.payment))
    elif question is Question.PIX_KEY:
        turn.say(delivery_texts.pix_key_answer(restaurant))
    elif question is Question.ESTIMATE:
        turn.say(delivery_texts.estimate_answer(restaurant))
    elif question in (Question.DELIVERY_AREA, Question.DELIVERY_FEE):
        place = turn.parsed.place
        if place:
            turn.say(delivery_texts.delivery_answer(restaurant, quote(restaurant, place=place)))
        elif conv.address is not None:
            turn.say(delivery_texts.delivery_answer(restaurant,
                                                    quote_address(restaurant, conv.address)))
        else:
            turn.say(delivery_texts.delivery_overview(restaurant))
    elif question is Question.PICKUP:
        turn.say(delivery_texts.pickup_answer(restaurant))
    elif question is Question.MINIMUM:
        turn.say(delivery_texts.minimum_answer(restaurant))
    else:  # a question added to the parser before its answer is written here
        return conv, False
    return conv, True
