"""The public parser: index a menu once, then turn each message into a :class:`ParseResult`."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from nlu.cues import ADDRESS
from nlu.extract import extract
from nlu.index import MenuIndex, number_key, phrase_keys
from nlu.intents import MIN_CUE_REPAIR, classify, payment_of, repair_cue, restates
from nlu.lexicon import FUNCTION_WORDS, SIZE_LETTERS
from nlu.menu import Menu
from nlu.normalise import NUMBER, SEP, SPEC, WORD, Token, tokenize, word_key
from nlu.result import (
    Ambiguity,
    Intent,
    InvalidQuantity,
    ItemLine,
    NumberRef,
    ParseResult,
    UnknownMention,
)
from nlu.scan import Extraction

__all__ = ["ABSURD_QUANTITY", "Parser"]

logger = logging.getLogger(__name__)

# This many of one thing is a typo or a joke ("1000 coxinhas"): the assistant asks instead
# of adding. Below it stay real party orders, which Brazilians place by the hundred
# ("um cento de salgados", "200 brigadeiros").
ABSURD_QUANTITY = 1000
# How many closest items to suggest for a product we do not sell.
MAX_SUGGESTIONS = 3
# Below this similarity (0–100) an item is not worth suggesting for an unknown product.
SUGGESTION_CUTOFF = 55
# Longest address text passed on (a street, number, complement and reference point).
MAX_ADDRESS_CHARS = 300
# Suggestions remembered per unknown product text; bounded against floods of random text.
SUGGESTION_CACHE_LIMIT = 10_000
_ORDINALS = {
    "primeira": 1, "primeiro": 1, "segunda": 2, "segundo": 2, "terceira": 3, "terceiro": 3,
    "quarta": 4, "quarto": 4, "quinta": 5, "quinto": 5, "sexta": 6, "sexto": 6,
}
_BIGGER = frozenset({"maior", "grandona", "grandao", "familia"})
_SMALLER = frozenset({"menor", "pequenininha", "pequenininho", "mini"})


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

    def parse(self, text: str) -> ParseResult:
        """Understand one customer message."""
        tokens = tokenize(text)
        ex = extract(tokens, self.index)
        found = _Found()
        _resolve(ex, found)
        unknown = [
            UnknownMention(
                words, quantity,
                ex.suggested.get(position, ())[:MAX_SUGGESTIONS] or self._suggestions(words),
            )
            for position, (words, quantity) in enumerate(ex.unknown)
            if 0 < quantity < ABSURD_QUANTITY
        ]
        joined = " ".join(self._cue_text(tok) for tok in tokens if tok.kind != SEP)
        has_items = found.any_item or bool(found.invalid and ex.mentions)
        address = None
        if not has_items and ADDRESS.search(joined):
            # "rua 7 de setembro 100": no product "setembro", no menu number 7.
            unknown, found.numbers = [], []
            address = " ".join(text.split())[:MAX_ADDRESS_CHARS]
        counted = any(mention.explicit_quantity for mention in ex.mentions)
        intent = classify(joined, has_items, bool(found.numbers), bool(unknown), counted)
        if intent is not Intent.UNKNOWN:
            address = None
        about: tuple[str, ...] = ()
        if has_items and intent not in (Intent.ADD_ITEMS, Intent.REMOVE_ITEMS):
            # A question about items orders nothing: "items" stays what is added or removed.
            ids = [*found.items, *(i for amb in found.ambiguous for i in amb.candidates)]
            about = tuple(dict.fromkeys(ids))
            found.items, found.ambiguous = {}, []
        change = round(ex.change_for * 100) if ex.change_for is not None else None
        return ParseResult(
            intent=intent,
            items=tuple(found.items.values()),
            ambiguous=tuple(found.ambiguous),
            unknown_items=tuple(unknown),
            invalid_quantities=tuple(found.invalid),
            numbers=tuple(found.numbers),
            replace=intent is Intent.ADD_ITEMS and bool(found.items or found.ambiguous)
            and restates(joined) and not ex.corrected,
            payment=payment_of(joined),
            change_for_cents=change if change is None or change > 0 else None,
            confidence=0.5 if intent is Intent.UNKNOWN else 1.0,
            unavailable_items=tuple(found.unavailable),
            about=about,
            address=address,
        )

    def choose(self, text: str, candidate_ids: Sequence[str]) -> str | None:
        """Resolve an answer to "qual? 1) … 2) …" to one of ``candidate_ids``, or None."""
        candidates = [item_id for item_id in candidate_ids if item_id in self.index.items]
        if not candidates:
            return None
        tokens = tokenize(text)
        words = {tok.text for tok in tokens if tok.kind == WORD}
        for word, position in _ORDINALS.items():
            if word in words and position <= len(candidates):
                return candidates[position - 1]
        if "ultima" in words or "ultimo" in words:
            return candidates[-1]
        keys = set(phrase_keys(tokens))
        for tok in tokens:
            if tok.kind == WORD and tok.text in SIZE_LETTERS and len(tokens) <= 2:
                keys.add(word_key(SIZE_LETTERS[tok.text]))  # "g" answering "P, M ou G?"
            elif tok.kind == WORD and (key := self.index.lookup(tok.text)) is not None:
                keys.add(key)
            elif tok.kind == NUMBER:
                keys.add(number_key(tok.value))
            elif tok.kind == SPEC:
                keys.add(tok.text)
        scores = {
            item_id: len(keys & self.index.items[item_id].keys) for item_id in candidates
        }
        best = max(scores.values())
        winners = [item_id for item_id, score in scores.items() if score == best]
        if best > 0 and len(winners) == 1:
            return winners[0]
        numbers = [tok.int_value for tok in tokens if tok.kind == NUMBER]
        if len(numbers) == 1 and 1 <= numbers[0] <= len(candidates):
            return candidates[numbers[0] - 1]
        prices = sorted(candidates, key=lambda item_id: self.menu[item_id].price_cents)
        if words & _BIGGER:
            return prices[-1]
        if words & _SMALLER:
            return prices[0]
        return None

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


@dataclass
class _Found:
    """Mentions and numbers sorted into what the result reports."""

    items: dict[str, ItemLine] = field(default_factory=dict)
    ambiguous: list[Ambiguity] = field(default_factory=list)
    unavailable: list[ItemLine] = field(default_factory=list)
    invalid: list[InvalidQuantity] = field(default_factory=list)
    numbers: list[NumberRef] = field(default_factory=list)

    @property
    def any_item(self) -> bool:
        """Was any menu item named (settled, ambiguous or unavailable)?"""
        return bool(self.items or self.ambiguous or self.unavailable)


def _resolve(ex: Extraction, found: _Found) -> None:
    """Sort mentions into items, ambiguities, unavailable and absurd quantities."""
    named = {m.ids[0] for m in ex.mentions if len(m.ids) == 1}
    for mention in ex.mentions:
        single = mention.ids[0] if len(mention.ids) == 1 else None
        if single is None and not mention.explicit_quantity and named & set(mention.ids):
            continue  # "sobremesa: um pudim e um pavê" — the heading is not an order
        if not 0 < mention.quantity < ABSURD_QUANTITY:
            found.invalid.append(InvalidQuantity(mention.quantity, single, mention.text))
        elif not mention.available:
            found.unavailable.extend(ItemLine(i, mention.quantity) for i in mention.ids)
        elif single is not None:
            _add(found.items, single, mention.quantity, mention.note)
        elif mention.each:
            for item_id in mention.ids:
                _add(found.items, item_id, mention.quantity, mention.note)
        else:
            found.ambiguous.append(
                Ambiguity(mention.ids, mention.quantity, mention.text, mention.note)
            )
    for number, quantity in ex.numbers:
        if 0 < quantity < ABSURD_QUANTITY:
            found.numbers.append(NumberRef(number, quantity))
        else:
            found.invalid.append(InvalidQuantity(quantity, None, str(number)))


def _add(items: dict[str, ItemLine], item_id: str, quantity: int, note: str | None) -> None:
    """Sum quantities per id, keeping every note."""
    old = items.get(item_id)
    if old is None:
        items[item_id] = ItemLine(item_id, quantity, note)
        return
    notes = "; ".join(part for part in (old.note, note) if part) or None
    items[item_id] = ItemLine(item_id, old.quantity + quantity, notes)
