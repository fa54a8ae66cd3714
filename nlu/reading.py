"""The reading of one message: what the rule table decides on.

Built once per message from its tokens, what the token walk found (items, unknown
products, bare numbers) and the conversation's context; each phrase list is tested at most
once per message, and only when the message has one of the words the list needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import nlu.phrases as P
from nlu.expectation import Context, Expecting
from nlu.patterns import Phrases
from nlu.result import Fulfilment, Question
from nlu.slots import (
    FULFILMENT_LISTS,
    PAYMENT_LISTS,
    QUESTION_LISTS,
    choice_position,
    follow_up_place,
    fulfilment_of,
    question_of,
)

__all__ = ["Reading"]

# Longer than the longest "none of them" answer ("nenhuma das duas"): no pattern to try.
LONGEST_DENY = 20
# The most words of a short question about a dish ("a lasanha de frango é com molho branco?").
BRIEF_WORDS = 8
# Questions answered from the delivery settings (the others are about payment).
DELIVERY_QUESTIONS = frozenset({
    Question.DELIVERY_AREA, Question.DELIVERY_FEE, Question.PICKUP, Question.ESTIMATE,
    Question.MINIMUM,
})


@dataclass(slots=True)
class Reading:
    """A message as the rules see it (see the module docstring)."""

    text: str  # normalised words, misspelt cue words repaired, amounts and "pagar na entrega" out
    plain: str  # normalised words as written
    full: str = ""  # normalised words, misspelt cue words repaired, nothing taken out
    written: str = ""  # the message as the customer wrote it
    has_items: bool = False  # a menu item was named (or a swap's replacement)
    named: bool = False  # an item was named by a word of its own, not only by a size
    counted: bool = False  # an item came with its quantity ("2 feijoadas")
    has_numbers: bool = False
    has_unknown: bool = False  # a product we do not sell
    swap: bool = False  # "troca X por Y": both sides name items
    swap_pending: bool = False  # "troca o pudim": the replacement is not said yet
    context: Context | None = None
    orphans: tuple[int, ...] = ()  # quantities that found no item ("são 4")
    variant: str | None = None  # the last item in the size said ("faz grande" → the grande)
    option_prices: tuple[int, ...] = ()  # prices of the options listed, in their order
    in_cart: bool = False  # every item named is in the cart already (the context says)
    # every item named (none too) is what the last line's dish comes with ("sem farofa")
    of_last_dish: bool = False
    # "com pimenta" alone: words all from the last line's description, its choices
    lists_last_dish: bool = False
    asks: bool = False  # a question mark
    addressed: bool = False  # the message reads as an address (a street and its number)
    words: frozenset[str] = frozenset()  # every word, as written and repaired
    tried: frozenset[str] = field(init=False)  # the lists whose words the message has
    _said: dict[str, object] = field(init=False, default_factory=dict)  # answers, computed once

    def __post_init__(self) -> None:
        if not self.words:
            self.words = frozenset(self.full.split()) | frozenset(self.plain.split())
        tried = set(P.ALWAYS_TRIED)
        anchors = P.ANCHORS
        for word in self.words:
            names = anchors.get(word)
            if names is not None:
                tried |= names
        self.tried = frozenset(tried)

    def says(self, phrases: Phrases) -> bool:
        """Does the (repaired) text hold one of the phrases?"""
        if phrases.name not in self.tried:
            return False
        said = self._said.get(phrases.name)
        if said is None:
            said = self._said[phrases.name] = phrases.pattern.search(self.text) is not None
        return said is True

    def says_besides(self, phrases: Phrases, other: Phrases) -> bool:
        """Do the phrases occur outside what ``other`` says? ("2 pf pra retirar": the
        "retirar" of a pickup is not a removal.)"""
        if not self.says(phrases):
            return False
        if not self.says(other):
            return True
        key = f"{phrases.name}-{other.name}"
        said = self._said.get(key)
        if said is None:
            said = self._said[key] = phrases.pattern.search(other.remove(self.text)) is not None
        return said is True

    def writes(self, phrases: Phrases) -> bool:
        """Does the text as written (not repaired, amounts kept) hold one of the phrases?"""
        if phrases.name not in self.tried:
            return False
        key = "plain:" + phrases.name
        said = self._said.get(key)
        if said is None:
            said = self._said[key] = phrases.pattern.search(self.plain) is not None
        return said is True

    def says_in_full(self, phrases: Phrases) -> bool:
        """Does the text, amounts and "pagar na entrega" included, hold one of the phrases?"""
        if phrases.name not in self.tried:
            return False
        key = "full:" + phrases.name
        said = self._said.get(key)
        if said is None:
            said = self._said[key] = phrases.pattern.search(self.full) is not None
        return said is True

    @property
    def empty(self) -> bool:
        """No words at all."""
        return not self.text

    @property
    def position(self) -> int | None:
        """The option a whole message chooses by position ("a segunda"), if it does."""
        if "_position" not in self._said:
            self._said["_position"] = choice_position(self.plain) if not self.has_items else None
        return self._said["_position"]  # type: ignore[return-value]

    @property
    def short(self) -> bool:
        """Short enough to be a whole-message answer such as "nenhuma das duas"."""
        return len(self.plain) < LONGEST_DENY

    @property
    def question(self) -> Question | None:
        """A question about the restaurant's settings, if the message asks one."""
        if "_question" not in self._said:
            asked = None if QUESTION_LISTS.isdisjoint(self.tried) else question_of(self.says)
            if asked is Question.DELIVERY_AREA and self.addressed and not self.asks:
                asked = None  # "entrega na rua X 1800 água verde": where to deliver, no question
            self._said["_question"] = asked
        return self._said["_question"]  # type: ignore[return-value]

    @property
    def follow_up_place(self) -> tuple[str, ...]:
        """ "e pra vila mariana?" right after a delivery area or fee answer: the place."""
        if "_follow_up" not in self._said:
            asked = self.context.asked if self.context is not None else None
            self._said["_follow_up"] = tuple(
                follow_up_place(self.plain)
                if asked in (Question.DELIVERY_AREA, Question.DELIVERY_FEE)
                and not self.has_items and PAYMENT_LISTS.isdisjoint(self.tried) else ()
            )
        return self._said["_follow_up"]  # type: ignore[return-value]

    @property
    def delivery_question(self) -> bool:
        """Is it a question about delivery, pickup, estimate or minimum?"""
        return self.question in DELIVERY_QUESTIONS

    @property
    def fulfilment(self) -> Fulfilment | None:
        """Pickup or delivery, when said."""
        if "_fulfilment" not in self._said:
            self._said["_fulfilment"] = (
                None if FULFILMENT_LISTS.isdisjoint(self.tried) else fulfilment_of(self.says)
            )
        return self._said["_fulfilment"]  # type: ignore[return-value]

    def expecting(self, *what: Expecting) -> bool:
        """Was the conversation waiting for one of these?"""
        return self.context is not None and self.context.expecting in what

    @property
    def last_item(self) -> str | None:
        """The item of the cart line just ordered or changed, if the context says."""
        return self.context.last_item if self.context is not None else None

    @property
    def brief(self) -> bool:
        """A short question's length ("a lasanha de frango é com molho branco?")."""
        return len(self.plain.split()) <= BRIEF_WORDS

    @property
    def bare(self) -> bool:
        """The message is one word or number and nothing else ("2", "cem")."""
        return len(self.plain.split()) == 1

    @property
    def quantity_only(self) -> bool:
        """The message says a quantity and names nothing ("na verdade são 4", "4")."""
        return not self.has_items and not self.has_unknown and len(self.orphans) == 1


def greeted(reading: Reading) -> bool:
    """Does the message open with a greeting?"""
    return reading.says(P.GREETING_START)
