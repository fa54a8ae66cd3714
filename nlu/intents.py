"""What the customer wants to do: cue phrases per intent, weighed with what the message holds.

Look-alikes are told apart by order of the checks and by what else is said: "meu pedido"
(show_cart) vs "cadê meu pedido" (order_status); "manda o menu" vs "manda 2 feijoadas"
vs "pode mandar"; "cancela a lasanha" (an item: remove_items) vs "cancela tudo" (cancel).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from nlu.cues import (
    ADDRESS,
    CANCEL,
    CANCEL_VERB,
    CART_TOTAL,
    CHECKOUT,
    CHECKOUT_FIRST,
    CONFIRM,
    CONFIRM_FIRST,
    DELIVERY,
    DENY,
    DENY_START,
    GREETING,
    GREETING_START,
    HAVE_QUESTION,
    HELP,
    HOURS,
    HUMAN,
    INFO_QUESTION,
    JUST_THAT,
    MENU_OF,
    NEGATED_HUMAN,
    NOTHING_MORE,
    ORDER_STATUS,
    ORDER_VERB,
    PAY_ON_DELIVERY,
    PAYMENT,
    REMOVE,
    REMOVE_ALONE,
    RESTATE,
    SHOW_CART,
    SHOW_MENU,
    STRONG_CONFIRM,
    STRONG_DENY,
    THANKS,
    WANT_TO_ORDER,
)
from nlu.result import Intent, PaymentMethod

__all__ = ["CUE_WORDS", "MIN_CUE_REPAIR", "classify", "payment_of", "repair_cue", "restates"]


_ALL_CUES = (
    REMOVE, CANCEL, ORDER_STATUS, HOURS, DELIVERY, SHOW_CART, SHOW_MENU, CHECKOUT,
    HELP, HUMAN, CONFIRM, DENY, GREETING,
)
# Every cue word long enough to be misspelt recognisably ("finalisar", "atendenti").
CUE_WORDS = frozenset(
    # whole words only: "confus" in "confus[oa]" is no word to repair "confuso" into
    word for pattern in _ALL_CUES
    for word in re.findall(r"(?<![a-z\]])[a-z]{5,}(?=[ |)$]|$)", pattern.pattern)
)
_CUE_LIST = sorted(CUE_WORDS)
# Only words this long are repaired: shorter ones are too often other words ("canela").
MIN_CUE_REPAIR = 7
# Typos forgiven: one edit, two from this length on ("finalisar" → "finalizar").
LONG_CUE = 10


@lru_cache(maxsize=20_000)
def repair_cue(word: str) -> str:
    """The cue word a misspelt word stands for ("atendenti" → "atendente"), else the word."""
    if len(word) < MIN_CUE_REPAIR or word in CUE_WORDS:
        return word
    found = process.extractOne(
        word, _CUE_LIST, scorer=Levenshtein.distance, score_cutoff=2 if len(word) >= LONG_CUE else 1
    )
    return found[0] if found is not None and found[0][0] == word[0] else word


def payment_of(text: str) -> PaymentMethod | None:
    """The payment method named in the message, if any."""
    for pattern, method in PAYMENT:
        if pattern.search(text):
            return method
    return None


def restates(text: str) -> bool:
    """True when the customer restates quantities instead of adding ("na verdade são 3")."""
    return RESTATE.search(text) is not None


def classify(
    text: str, has_items: bool, has_numbers: bool, has_unknown: bool, counted: bool = False
) -> Intent:
    """The intent of a normalised message (words joined by single spaces).

    ``counted`` says an item came with a quantity ("2 feijoadas"): that is an order even
    when the message also talks about delivery.
    """
    text = PAY_ON_DELIVERY.sub(" ", text).strip()
    if not text:
        return Intent.UNKNOWN
    if has_items:
        return _with_items(text, counted)
    if HUMAN.search(text) and not NEGATED_HUMAN.search(text):
        return Intent.HUMAN
    if NOTHING_MORE.search(text) and not CANCEL_VERB.search(text):
        return Intent.CHECKOUT  # "não quero mais nada": nothing else, not "cancel it"
    if CANCEL.search(text) and not has_unknown:
        return Intent.CANCEL
    if REMOVE_ALONE.search(text) or (REMOVE.search(text) and has_unknown):
        return Intent.REMOVE_ITEMS  # "tira isso", "remove o último": the assistant asks which
    if WANT_TO_ORDER.search(text):
        return Intent.GREETING if GREETING_START.search(text) else Intent.SHOW_MENU
    for pattern, intent in (
        (ORDER_STATUS, Intent.ORDER_STATUS),
        (CART_TOTAL, Intent.SHOW_CART),
        (CHECKOUT_FIRST, Intent.CHECKOUT),
        (HOURS, Intent.ASK_HOURS),
        (DELIVERY, Intent.ASK_DELIVERY),
        (SHOW_CART, Intent.SHOW_CART),
        (SHOW_MENU, Intent.SHOW_MENU),
        (HELP, Intent.HELP),
    ):
        if pattern.search(text):
            return intent
    if has_unknown:
        if HAVE_QUESTION.search(text):
            return Intent.UNKNOWN  # "tem pizza?" where there is none: answered "não temos"
        return Intent.SHOW_MENU if INFO_QUESTION.search(text) else Intent.ADD_ITEMS
    if has_numbers and ORDER_VERB.search(text):
        return Intent.ADD_ITEMS
    if STRONG_DENY.search(text):
        return Intent.DENY
    if GREETING_START.search(text):
        return Intent.GREETING  # "opa, blz?" is hello, not yes
    if CONFIRM_FIRST.search(text) and not DENY_START.search(text):
        return Intent.CONFIRM
    if CHECKOUT.search(text):
        return Intent.CHECKOUT
    if NEGATED_HUMAN.search(text) or DENY_START.search(text):
        return Intent.DENY
    if THANKS.search(text) and not STRONG_CONFIRM.search(text):
        return Intent.UNKNOWN  # "ok, obrigada!" closes the talk; it answers no question
    if CONFIRM.search(text):
        return Intent.CONFIRM
    if GREETING.search(text):
        return Intent.GREETING
    return Intent.UNKNOWN


def _with_items(text: str, counted: bool) -> Intent:
    if REMOVE.search(text) or text.startswith("sem "):
        return Intent.REMOVE_ITEMS
    if not counted and JUST_THAT.search(text):
        return Intent.CHECKOUT  # "não, só a pizza mesmo": what is in the cart, nothing more
    if not counted and MENU_OF.search(text) and not ORDER_VERB.search(MENU_OF.sub(" ", text)):
        return Intent.SHOW_MENU  # "me manda o cardápio das sobremesas"
    if ORDER_STATUS.search(text) and not ORDER_VERB.search(text):
        return Intent.ORDER_STATUS
    if DELIVERY.search(text) and not ORDER_VERB.search(text) and not counted \
            and not ADDRESS.search(text):  # "x bacon, entrega no bloco 3": where, not whether
        return Intent.ASK_DELIVERY  # "entregam pão de manhã cedo?"
    if HELP.search(text) and not ORDER_VERB.search(text) and not counted:
        return Intent.HELP  # "como funciona o kit?"
    if INFO_QUESTION.search(text) and not ORDER_VERB.search(text):
        return Intent.SHOW_MENU
    return Intent.ADD_ITEMS
