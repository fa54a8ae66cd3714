"""The public parser: index a menu once, then turn each message into a :class:`ParseResult`."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from nlu.choose import choose
from nlu.cues import ADDRESS, MENU_OF
from nlu.expectation import Context
from nlu.extract import extract
from nlu.index import MenuIndex
from nlu.intents import MIN_CUE_REPAIR, classify, payment_of, repair_cue, restates
from nlu.lexicon import FUNCTION_WORDS
from nlu.menu import Menu
from nlu.normalise import SEP, WORD, Token, tokenize
from nlu.resolve import ABSURD_QUANTITY, Found, resolve
from nlu.result import Intent, NumberRef, ParseResult, UnknownMention
from nlu.swap import split_swap, swap_pending
from nlu.talk import (
    DENY_ALONE,
    choice_position,
    complains,
    praises,
    says_no_change,
    strip_no_change,
    thanks,
)

__all__ = ["ABSURD_QUANTITY", "Parser"]

logger = logging.getLogger(__name__)

# How many closest items to suggest for a product we do not sell.
MAX_SUGGESTIONS = 3
# Below this similarity (rapidfuzz ratio, 0–100) a spelling is no suggestion. Measured on
# the seed menu: unrelated words score 44–59 ("burguer"/"Brigadeiro" 59, "pizza de
# calabresa"/"Pavê de Chocolate" 57), real misspellings of a name 85–97
# ("mouse de maracuja" 97, "escondidnho de carne" 87); 70 sits between.
SUGGESTION_CUTOFF = 70
# Largest bare number read as cash ("pode ser 100"): nobody pays a delivery with more in
# notes; longer numbers are phone numbers, CEPs or order codes.
MAX_CASH = 1000
# Longest address text passed on (a street, number, complement and reference point).
MAX_ADDRESS_CHARS = 300
# Longer than the longest "none of them" answer ("nenhuma das duas"): no pattern to try.
_LONGEST_DENY = 20
# Words that may stand beside a bare number that points at the menu or an option
# ("número 5", "opção 2", "2x 7"); any other word ("moro no 12", "chego em 5 minutos")
# means the number is about something else.
_NUMBER_REFERENCE_WORDS = frozenset({"numero", "num", "n", "no", "opcao", "item", "x"})
# Suggestions remembered per unknown product text; bounded against floods of random text.
SUGGESTION_CACHE_LIMIT = 10_000
# Nothing added in place of what is removed (most messages): shared, never changed.
_NOTHING = Found()


class Parser:
    """A parser for one menu: build once (the menu is indexed here), then call :meth:`parse`."""

    def __init__(self, menu: Menu) -> None:
        self.menu = menu
        self.index = MenuIndex(menu)
        available = menu.available_items
        self._suggest_ids = [item.id for item in available]
        self._suggest_names = [
            " ".join(tok.text for tok in tokenize(item.name) if tok.kind == WORD)
            for item in available
        ]
        self._suggestion_cache: dict[str, tuple[str, ...]] = {}

    def parse(self, text: str, context: Context | None = None) -> ParseResult:
        """Understand one customer message, in the conversation's ``context`` when given."""
        tokens = tokenize(text)
        ex = extract(tokens, self.index)
        found, then = Found(), _NOTHING
        swap = split_swap(tokens, ex.mentions)
        if swap is None:
            resolve(ex.mentions, ex.numbers, found)
        else:
            then = Found()
            resolve(swap[0], ex.numbers, found)
            resolve(swap[1], (), then)
        unknown = [
            UnknownMention(
                words, quantity,
                ex.suggested.get(position, ())[:MAX_SUGGESTIONS] or self._suggestions(words),
            )
            for position, (words, quantity) in enumerate(ex.unknown)
            if 0 < quantity < ABSURD_QUANTITY
        ]
        joined = " ".join(self._cue_text(tok) for tok in tokens if tok.kind != SEP)
        plain = " ".join(tok.text for tok in tokens if tok.kind != SEP)
        has_items = found.any_item or then.any_item or bool(found.invalid and ex.mentions)
        address = None
        if not has_items and ADDRESS.search(joined):
            # "rua 7 de setembro 100": no product "setembro", no menu number 7.
            unknown, found.numbers = [], []
            address = " ".join(text.split())[:MAX_ADDRESS_CHARS]
        money = ex.money
        if money is None and ex.change_for is None and not has_items and len(found.numbers) == 1 \
                and found.numbers[0].quantity == 1 \
                and len(self.menu.available_items) < found.numbers[0].number <= MAX_CASH:
            money = found.numbers.pop().number  # "pode ser 100": no menu has a number 100
        counted = any(mention.explicit_quantity for mention in ex.mentions)
        intent = classify(
            strip_no_change(joined), has_items, bool(found.numbers), bool(unknown), counted
        )
        position = choice_position(plain) if not has_items else None
        if position is not None:
            intent = Intent.UNKNOWN  # "a segunda" picks an option; it is no weekday
            found.numbers = [NumberRef(position)] if position else []
        elif len(plain) < _LONGEST_DENY and DENY_ALONE.match(plain):
            intent = Intent.DENY
        if complains(plain):
            intent = Intent.HUMAN  # "veio faltando a coca": the restaurant must see it
            unknown = []
        elif intent is Intent.ADD_ITEMS and not counted and praises(plain):
            intent, unknown = Intent.UNKNOWN, []  # "a pizza tava ótima": nothing is ordered
        elif swap is not None and intent in (Intent.ADD_ITEMS, Intent.REMOVE_ITEMS):
            intent = Intent.REMOVE_ITEMS
        elif intent is Intent.ADD_ITEMS and swap_pending(tokens, ex.mentions):
            intent = Intent.REMOVE_ITEMS  # "troca o pudim": it goes; the assistant asks for what
        else:
            swap = None
        if intent is not Intent.UNKNOWN:
            address = None
        elif position is None and found.numbers and self._stray_words(tokens):
            found.numbers = []  # "moro no 12", "chego em 5 minutos": no menu number
        if intent is Intent.ADD_ITEMS and found.ambiguous and MENU_OF.search(joined):
            # "uma pizza e manda o cardápio das bebidas": the part of the menu asked for
            found.ambiguous = [a for a in found.ambiguous if not _menu_part(a.text, joined)]
        about: tuple[str, ...] = ()
        if has_items and intent not in (Intent.ADD_ITEMS, Intent.REMOVE_ITEMS):
            # A question about items orders nothing: "items" stays what is added or removed.
            ids = [*found.items, *then.items,
                   *(i for amb in [*found.ambiguous, *then.ambiguous] for i in amb.candidates)]
            about = tuple(dict.fromkeys(ids))
            found.items, found.ambiguous, then = {}, [], _NOTHING
        elif swap is None and then.any_item:
            for line in then.items.values():  # no swap after all: one list, as before
                found.add(line)
            found.ambiguous.extend(then.ambiguous)
            found.unavailable.extend(then.unavailable)
            then = _NOTHING
        change = round(ex.change_for * 100) if ex.change_for is not None else None
        return ParseResult(
            intent=intent,
            items=tuple(found.items.values()),
            ambiguous=tuple(found.ambiguous),
            unknown_items=tuple(unknown),
            invalid_quantities=tuple([*found.invalid, *then.invalid]),
            numbers=tuple(found.numbers),
            replace=intent is Intent.ADD_ITEMS and bool(found.items or found.ambiguous)
            and restates(joined) and not ex.corrected,
            payment=payment_of(joined),
            change_for_cents=change if change is None or change > 0 else None,
            confidence=0.5 if intent is Intent.UNKNOWN else 1.0,
            unavailable_items=tuple(found.unavailable),
            about=about,
            address=address,
            then_add=tuple(then.items.values()),
            then_add_ambiguous=tuple(then.ambiguous),
            money_cents=round(money * 100) if money is not None and money > 0 else None,
            no_change=says_no_change(plain),
            thanks=thanks(plain),
        )

    def choose(self, text: str, candidate_ids: Sequence[str]) -> str | None:
        """Resolve an answer to "qual? 1) … 2) …" to one of ``candidate_ids``, or None."""
        return choose(self.index, text, candidate_ids)

    def _stray_words(self, tokens: Sequence[Token]) -> bool:
        """True when a word is neither small talk, a menu word, nor a number reference."""
        return any(
            tok.kind == WORD
            and tok.text not in FUNCTION_WORDS
            and tok.text not in _NUMBER_REFERENCE_WORDS
            and self.index.lookup(tok.text) is None
            for tok in tokens
        )

    def _cue_text(self, tok: Token) -> str:
        """A word as the intent rules should read it: misspelt cue words repaired."""
        text = tok.text
        if tok.kind != WORD or len(text) < MIN_CUE_REPAIR or text in FUNCTION_WORDS:
            return text
        return text if self.index.lookup(text) is not None else repair_cue(text)

    def _suggestions(self, words: str) -> tuple[str, ...]:
        """Closest items, best first: those sharing words with it, then similar spellings."""
        cached = self._suggestion_cache.get(words)
        if cached is None:
            cached = self._rank_suggestions(words)
            if len(self._suggestion_cache) < SUGGESTION_CACHE_LIMIT:
                self._suggestion_cache[words] = cached
        return cached

    def _rank_suggestions(self, words: str) -> tuple[str, ...]:
        shared: dict[str, int] = {}
        for tok in tokenize(words):
            key = self.index.lookup(tok.text) if tok.kind == WORD else None
            if key is None or key in self.index.weak:
                continue
            for item_id in self.index.candidates(key):
                if self.menu[item_id].available:
                    shared[item_id] = shared.get(item_id, 0) + 1
        ranked = sorted(shared, key=lambda item_id: (-shared[item_id], self.index.order[item_id]))
        found = process.extract(
            words, self._suggest_names, scorer=fuzz.ratio, limit=MAX_SUGGESTIONS,
            score_cutoff=SUGGESTION_CUTOFF,
        )
        ranked.extend(self._suggest_ids[position] for _, _, position in found)
        return tuple(dict.fromkeys(ranked))[:MAX_SUGGESTIONS]


def _menu_part(words: str, joined: str) -> bool:
    """Do the words name a part of the menu asked for ("o cardápio das bebidas")?"""
    return re.search(MENU_OF.pattern + " " + re.escape(words) + "(?= |$)", joined) is not None
