"""The result of one message while it is being put together, and the last step: assemble.

The token walk fills a :class:`Draft` (items found, a swap's two sides, unknown products,
money); the rule that decided the intent may adjust it (a complaint orders nothing, a
restated quantity replaces a line); :func:`assemble` turns it into the public result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nlu.expectation import Expecting
from nlu.reading import Reading
from nlu.resolve import Found
from nlu.result import (
    Ambiguity,
    Fulfilment,
    Intent,
    ItemLine,
    NumberRef,
    ParseResult,
    PaymentMethod,
    Question,
    UnknownMention,
)

__all__ = ["Draft", "assemble"]

# Intents whose items are what is ordered or removed; with any other, named items are
# only what the message is about ("tem feijoada?").
_EDITING = frozenset({Intent.ADD_ITEMS, Intent.REMOVE_ITEMS})
# A question about the restaurant's settings is passed on with these intents; with any other
# ("qual o total com a entrega?" is show_cart) the intent says what to answer.
_QUESTION_INTENTS = frozenset({Intent.ASK_DELIVERY, Intent.UNKNOWN, Intent.ADD_ITEMS,
                               Intent.GREETING})


@dataclass(slots=True)
class Draft:
    """Everything read from one message, before the rule's intent shapes the result."""

    found: Found
    then: Found  # a swap's replacement ("troca a coca por um guaraná": the guaraná)
    unknown: list[UnknownMention] = field(default_factory=list)
    keep_swap: bool = False
    address: str | None = None  # the whole message when it reads as an address
    address_in_order: str | None = None  # "… pra av. Rebouças 1200": kept with any intent
    money_cents: int | None = None
    change_cents: int | None = None
    corrected: bool = False  # "4 feijoadas. não, melhor 3": already the right quantity
    restates: bool = False  # "na verdade são 3 cocas"
    stray_words: bool = False  # words beside a bare number that make it no menu number
    payment: PaymentMethod | None = None
    no_change: bool = False
    thanks: bool = False
    waiting: bool = False  # "espera", "peraí": the customer needs a moment
    salutation: str | None = None
    fulfilment: Fulfilment | None = None
    question: Question | None = None
    place: str | None = None
    about: tuple[str, ...] = ()
    replace: bool = False
    repeat_last: bool = False
    erase_data: bool = False
    menu_parts: frozenset[str] = frozenset()  # ambiguous words naming a part of the menu
    referenced: bool = False  # a number said with "número"/"opção"
    numbers: list[NumberRef] | None = None  # set by a rule: the numbers the message means


def assemble(name: str, intent: Intent, question: Question | None, draft: Draft,
             reading: Reading) -> ParseResult:
    """The public result for the rule ``name`` that decided ``intent``."""
    found, then = draft.found, draft.then
    if not draft.keep_swap and then.any_item:
        for line in then.items.values():  # no swap after all: one list
            found.add(line)
        found.ambiguous.extend(then.ambiguous)
        found.unavailable.extend(then.unavailable)
        then = Found(invalid=then.invalid)
    about = draft.about
    about_counts: tuple[ItemLine, ...] = ()
    about_choices: tuple[Ambiguity, ...] = ()
    if reading.has_items and intent not in _EDITING:
        # A question about items orders nothing: "items" stays what is added or removed.
        ids = [*found.items, *then.items,
               *(i for amb in [*found.ambiguous, *then.ambiguous] for i in amb.candidates),
               *(line.id for line in found.unavailable)]  # "tem canelone?" when it is out
        about = about or tuple(dict.fromkeys(ids))
        about_counts = tuple(line for line in found.items.values()
                             if line.quantity > 1 and line.id in about)
        about_choices = tuple(amb for amb in [*found.ambiguous, *then.ambiguous]
                              if set(amb.candidates) <= set(about))
        found.items, found.ambiguous, then = {}, [], Found(invalid=then.invalid)
    if intent is Intent.ADD_ITEMS and draft.menu_parts:
        found.ambiguous = [a for a in found.ambiguous if a.text not in draft.menu_parts]
    numbers = found.numbers if draft.numbers is None else draft.numbers
    if draft.numbers is None and intent is Intent.UNKNOWN and draft.stray_words:
        numbers = []  # "moro no 12", "chego em 5 minutos": no menu number
    if draft.numbers is None and reading.context is not None \
            and not _numbers_expected(reading, draft):
        numbers = []
    address = draft.address if intent is Intent.UNKNOWN else None
    address = address or draft.address_in_order
    question = question or (draft.question if intent in _QUESTION_INTENTS else None)
    replace = draft.replace or (
        intent is Intent.ADD_ITEMS and bool(found.items or found.ambiguous)
        and draft.restates and not draft.corrected
    )
    understood = bool(
        question or address or draft.payment or draft.money_cents or draft.change_cents
        or draft.fulfilment or draft.thanks or draft.waiting or draft.repeat_last
        or draft.erase_data or numbers or draft.no_change
    )
    return ParseResult(
        intent=intent,
        items=tuple(found.items.values()),
        ambiguous=tuple(found.ambiguous),
        unknown_items=tuple(draft.unknown),
        invalid_quantities=tuple([*found.invalid, *then.invalid]),
        numbers=tuple(numbers),
        replace=replace,
        payment=draft.payment,
        change_for_cents=draft.change_cents,
        confidence=0.5 if intent is Intent.UNKNOWN and not understood else 1.0,
        unavailable_items=tuple(found.unavailable),
        about=about,
        about_counts=about_counts,
        about_choices=about_choices,
        address=address,
        then_add=tuple(then.items.values()),
        then_add_ambiguous=tuple(then.ambiguous),
        money_cents=draft.money_cents,
        no_change=draft.no_change,
        thanks=draft.thanks,
        waiting=draft.waiting,
        rule=name,
        question=question,
        place=draft.place if question in (Question.DELIVERY_AREA, Question.DELIVERY_FEE) else None,
        fulfilment=draft.fulfilment,
        repeat_last=draft.repeat_last,
        erase_data=draft.erase_data,
        salutation=draft.salutation,
    )


def _numbers_expected(reading: Reading, draft: Draft) -> bool:
    """With a context, a bare number is a menu number or an option only when one was asked
    for (the numbered menu, "qual delas?", the ways to pay) or the customer says
    "número"/"opção"."""
    return reading.expecting(Expecting.MENU_NUMBER, Expecting.CHOICE, Expecting.PAYMENT) \
        or draft.referenced


def lines(item_id: str, quantity: int) -> dict[str, ItemLine]:
    """One item line keyed by its id, as :class:`Found` keeps them."""
    return {item_id: ItemLine(item_id, quantity)}
