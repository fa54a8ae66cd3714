"""The public parser: index a menu once, then turn each message into a :class:`ParseResult`.

One message goes through a short pipeline: tokenize → extract (one walk over the tokens:
item mentions, quantities, notes, numbers, money) → resolve (mentions into items,
ambiguities and a swap's two sides) → reading (what the rules look at) → decide (the
first rule of ``nlu.rules.RULES`` that applies) → assemble (the result, naming the rule).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from rapidfuzz import fuzz, process

import nlu.phrases as P
from nlu.address import address_span, labelled_alone
from nlu.choose import choose, size_variants
from nlu.copied import CopiedNames
from nlu.counting import variant_keys, variant_of
from nlu.cuewords import repair_cue
from nlu.draft import Draft, assemble
from nlu.expectation import Context, Expecting
from nlu.extract import Extraction, extract
from nlu.index import MenuIndex
from nlu.lexicon import ARTICLES, FUNCTION_WORDS, ORDER_WORDS, QUANTITY_WORDS, SIZE_LETTERS
from nlu.mentions import Mention
from nlu.menu import Menu
from nlu.normalise import NUMBER, SEP, SPEC, TIME, WORD, Token, tokenize, word_key
from nlu.parts import (
    closest_variant,
    family,
    narrow_to_last,
    reuse_last_kind,
    split_choice,
    split_family,
    split_headings,
)
from nlu.reading import Reading
from nlu.resolve import ABSURD_QUANTITY, Found, resolve
from nlu.result import Intent, ItemLine, ParseResult, PaymentMethod, Question, UnknownMention
from nlu.rules import decide
from nlu.scan import is_quantity
from nlu.slots import PAYMENT_LISTS, payment_of, place_words, salutation_of
from nlu.spans import original_text
from nlu.swap import REFERENCE_WORDS as _REFERENCE_WORDS
from nlu.swap import split_swap, swap_last_item, swap_pending

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
# Words that may stand beside a bare number that points at the menu or an option
# ("número 5", "opção 2", "2x 7"); any other word ("moro no 12", "chego em 5 minutos")
# means the number is about something else.
_NUMBER_REFERENCE_WORDS = frozenset({"numero", "num", "n", "no", "opcao", "item", "x"})
# Up to this, "N g" is a count of the size G: nobody orders 3 grams of food.
MAX_COUNT_IN_GRAMS = 20
# Suggestions remembered per unknown product text; bounded against floods of random text.
SUGGESTION_CACHE_LIMIT = 10_000
# Below this length a word is never a misspelt cue word worth looking up.
_MIN_REPAIR = 5


class Parser:
    """A parser for one menu: build once (the menu is indexed here), then call :meth:`parse`."""

    def __init__(self, menu: Menu) -> None:
        self.menu = menu
        self.index = MenuIndex(menu)
        self._copied = CopiedNames(menu, self.index)
        available = menu.available_items
        self._suggest_ids = [item.id for item in available]
        self._suggest_names = [
            " ".join(tok.text for tok in tokenize(item.name) if tok.kind == WORD)
            for item in available
        ]
        self._suggestion_cache: dict[str, tuple[str, ...]] = {}
        # How many people some dish says it serves: "pra 4" alone means people only then.
        self._servings = frozenset(
            n for item_id in self.index.items for n in _served(self.index, item_id))

    def parse(self, text: str, context: Context | None = None) -> ParseResult:
        """Understand one customer message, in the conversation's ``context`` when given."""
        tokens = self._copied.collapse(_size_letter_apart(tokenize(text), self.index))
        street = address_span(tokens)
        order = tokens if street is None else tokens[:street[0]] + tokens[street[1]:]
        people = _people(order, self._servings)
        if people is not None:  # "pra 3 pessoas" is who eats, no "(4 pessoas)" in a name
            order = order[:people[1]] + order[people[1] + people[2]:]
        ex = extract(order, self.index)
        restated = self._split(order, ex, context)
        if context is not None and context.cart and P.RESTATE.search(
                " ".join(tok.text for tok in order if tok.kind == WORD)):
            _restated_in_cart(ex, context.cart)
        draft, swap = self._resolve(order, ex)
        draft.replace = restated
        if context is not None and context.last_item in self.index.items \
                and context.last_item not in context.cart:
            _count_of_focus(order, ex, draft.found, context.last_item)
        if people is not None:
            _serving(self.index, draft.found, people[0])
        if street is not None and ex.mentions:
            where = [tok.text for tok in tokens[street[0]:street[1]] if tok.kind != SEP]
            draft.address_in_order = original_text(text, where)[:MAX_ADDRESS_CHARS]
        # "manda uma pra 2" after asking about a moqueca: the rules read it without "pra 2"
        # ("a lasanha dá pra 2 pessoas?" still asks how many it serves)
        apart = people is not None and street is None and people[1] > 0 \
            and tokens[people[1] - 1].text not in _SERVING_VERBS
        reading = self._read(text, order if apart else tokens, ex, draft, swap, context, order)
        rule = decide(reading)
        if street is not None and not ex.mentions \
                and rule.intent in (Intent.GREETING, Intent.DENY):
            # "boa noite, moro na rua X 800 - aclimação", "não, manda pra av. Y 1000": the
            # address comes with the hello or the correction.
            where = [tok.text for tok in tokens[street[0]:street[1]] if tok.kind != SEP]
            draft.address_in_order = original_text(text, where)[:MAX_ADDRESS_CHARS]
        if rule.effect is not None:
            rule.effect(draft, reading)
            if people is not None:
                _serving(self.index, draft.found, people[0])  # the item in focus, too
        if rule.intent is Intent.REMOVE_ITEMS and context is not None and context.cart:
            _narrow_to_cart(draft.found, context.cart)
            _like_the_one_out(self.index, draft.found, draft.then)
        return assemble(rule.name, rule.intent, rule.question, draft, reading)

    def choose(self, text: str, candidate_ids: Sequence[str]) -> str | None:
        """Resolve an answer to "qual? 1) … 2) …" to one of ``candidate_ids``, or None."""
        return choose(self.index, text, candidate_ids)

    def _split(self, tokens: list[Token], ex: Extraction, context: Context | None) -> bool:
        """One quantity told part by part: an answer to "qual delas?", a counted heading
        ("duas águas, uma com gás e uma sem"), or the line just ordered split over its
        variants (True: that line is restated, not added to)."""
        if context is not None and context.expecting is Expecting.CHOICE and context.options:
            if split_choice(tokens, ex, self.index, context.options):
                return False
        elif context is not None and context.last_item in self.index.items:
            if split_family(tokens, ex, self.index, context.last_item):
                return True
            reuse_last_kind(tokens, ex, self.index, context.last_item)
            narrow_to_last(tokens, ex, self.index, context.last_item)
            taken_out = swap_last_item(tokens, ex.mentions, self.index, context.last_item)
            if taken_out is not None:
                ex.mentions = [taken_out, *ex.mentions]
                ex.unknown = [(words, quantity) for words, quantity in ex.unknown
                              if words not in _REFERENCE_WORDS]
        split_headings(tokens, ex, self.index)
        return False

    def _resolve(self, tokens: list[Token], ex: Extraction) -> tuple[Draft, bool]:
        """Mentions into items and ambiguities (a swap's sides apart), unknown products."""
        found, then = Found(), Found()
        swap = split_swap(tokens, ex.mentions)
        if swap is None:
            resolve(ex.mentions, ex.numbers, found)
        else:
            _same_kind_in(self.index, swap[0], swap[1])
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
        change = round(ex.change_for * 100) if ex.change_for is not None else None
        draft = Draft(found, then, unknown, corrected=ex.corrected, referenced=ex.referenced,
                      change_cents=change if change is None or change > 0 else None)
        return draft, swap is not None

    def _read(
        self, text: str, tokens: list[Token], ex: Extraction, draft: Draft, swap: bool,
        context: Context | None, order: list[Token],
    ) -> Reading:
        """What the rules look at, and the fields every intent carries (payment, thanks…)."""
        found, then = draft.found, draft.then
        words = [word for tok in tokens if tok.kind != SEP
                 for word in (tok.text.split() if tok.kind == TIME else (tok.text,))]
        plain = " ".join(words)
        cue_words = [self._cue_word(tok) for tok in tokens if tok.kind != SEP]
        joined = " ".join(cue_words)
        seen = frozenset(words)
        every = seen.union(cue_words)
        has_items = found.any_item or then.any_item or bool(found.invalid and ex.mentions)
        if not has_items and P.ADDRESS.search(joined, every):
            # "rua 7 de setembro 100": no product "setembro", no menu number 7.
            draft.unknown, found.numbers = [], []
            draft.address = " ".join(text.split())[:MAX_ADDRESS_CHARS]
            street = address_span(tokens)
            if street is not None and labelled_alone(tokens, street):
                # "end: rua x 400, centro. pagamento cartão": the street, not its label
                where = [tok.text for tok in tokens[street[0]:street[1]] if tok.kind != SEP]
                draft.address = original_text(text, where)[:MAX_ADDRESS_CHARS]
        money = ex.money
        if money is None and ex.change_for is None and not has_items and len(found.numbers) == 1 \
                and found.numbers[0].quantity == 1 and not reading_address(context) \
                and len(self.menu.available_items) < found.numbers[0].number <= MAX_CASH:
            money = found.numbers.pop().number  # "pode ser 100": no menu has a number 100
        if money is None and ex.change_for is None and not has_items and len(ex.orphans) == 1 \
                and context is not None and context.expecting is Expecting.CHANGE:
            money, found.numbers = ex.orphans[0], []  # "troco para quanto?" "cem"
        draft.money_cents = round(money * 100) if money is not None and money > 0 else None
        cue_text = joined
        for taken_out in (P.EXACT_AMOUNT, P.PAY_ON_DELIVERY, P.RIGHT_PLACE):  # "o valor certo"
            if taken_out.may_match(every):
                cue_text = taken_out.remove(cue_text)
        reading = Reading(
            text=cue_text, plain=plain, full=joined, written=text, words=every,
            has_items=has_items,
            named=any(mention.strong for mention in ex.mentions),
            counted=any(mention.explicit_quantity for mention in ex.mentions),
            has_numbers=bool(found.numbers), has_unknown=bool(draft.unknown),
            swap=swap, swap_pending=bool(ex.mentions) and swap_pending(order, ex.mentions),
            context=context,
            orphans=tuple(ex.orphans), asks=any(tok.text == "?" for tok in tokens),
            addressed=draft.address is not None,
        )
        if context is not None and context.options:
            reading.option_prices = tuple(
                item.price_cents if (item := self.menu.get(option)) is not None else 0
                for option in context.options
            )
        if context is not None and context.last_item and not reading.named:
            reading.variant = variant_of(self.index, context.last_item,
                                         variant_keys(tokens, self.index))
        if context is not None:
            self._in_context(draft, reading, context)
        if not PAYMENT_LISTS.isdisjoint(reading.tried):
            draft.payment = payment_of(reading.says_in_full)
        if draft.payment is None and reading.expecting(Expecting.PAYMENT) \
                and reading.says(P.VOUCHER_ANSWER):
            draft.payment = PaymentMethod.VOUCHER
        draft.no_change = reading.writes(P.NO_CHANGE)
        draft.thanks = reading.writes(P.THANKS_OR_BYE)
        draft.salutation = salutation_of(plain)
        draft.fulfilment = reading.fulfilment
        draft.question = reading.question
        if draft.question is Question.SPLIT_PAYMENT:
            draft.payment = None  # two methods named, none chosen
        draft.restates = reading.says(P.RESTATE)
        if draft.question in (Question.DELIVERY_AREA, Question.DELIVERY_FEE):
            place = place_words(plain)
            draft.place = original_text(text, place) if place else None
        draft.stray_words = bool(found.numbers) and self._stray_words(tokens)
        if found.ambiguous and reading.says(P.MENU_OF):
            draft.menu_parts = frozenset(
                amb.text for amb in found.ambiguous if _menu_part(amb.text, joined)
            )
        return reading

    def _in_context(self, draft: Draft, reading: Reading, context: Context) -> None:
        """Items read against the cart: "na verdade coca normal" is the variant of the line
        just ordered; whether the items named are all in the cart already."""
        found, last = draft.found, context.last_item
        if last in self.index.items and found.ambiguous and not reading.expecting(
                Expecting.CHOICE) and (reading.says(P.VARIANT_CUE)
                                       or reading.says(P.VARIANT_CUE_START)):
            for amb in list(found.ambiguous):
                if reading.counted and last in amb.candidates:
                    chosen: str | None = last  # "na verdade são 3 caipirinhas": the same ones
                else:
                    chosen = closest_variant(self.index, last, amb.candidates)
                if chosen is None and self._names(last, amb.text):
                    chosen = last  # "na verdade são 2 de frango" after the yakisoba de frango
                if chosen is not None:
                    found.ambiguous.remove(amb)
                    found.add(ItemLine(chosen, amb.quantity, amb.note))
                    draft.replace = True
        if last in context.cart and len(found.items) == 1 and not found.ambiguous \
                and (reading.says(P.VARIANT_CUE) or reading.says(P.VARIANT_CUE_START)):
            (said,) = found.items
            if said != last and said in self.index.items \
                    and size_variants((last, said), self.index):
                draft.replace = True  # "faz de 500 o de morango" after the 300 ml one
        if last in self.index.items and found.ambiguous and not reading.expecting(
                Expecting.CHOICE):
            head = self.index.items[last].head_key
            for amb in list(found.ambiguous):
                same_kind = [c for c in amb.candidates if self.index.items[c].head_key == head]
                if len(same_kind) == 1 and f" de {amb.text} " in f" {reading.full} ":
                    # "uma de camarão" after the moquecas: the moqueca de camarão
                    found.ambiguous.remove(amb)
                    found.add(ItemLine(same_kind[0], amb.quantity, amb.note))
        then = draft.then
        out = list(found.items)
        if then.ambiguous and len(out) == 1 and out[0] in self.index.items:
            # "troca um deles por um de frango" after 2 wraps de carne: a wrap de frango
            head = self.index.items[out[0]].head_key
            for amb in list(then.ambiguous):
                same_kind = [c for c in amb.candidates if self.index.items[c].head_key == head]
                if len(same_kind) == 1 and f" de {amb.text} " in f" {reading.full} ":
                    then.ambiguous.remove(amb)
                    then.add(ItemLine(same_kind[0], amb.quantity, amb.note))
        # "só o suco mesmo" with one of the sucos in the cart: that one
        reading.in_cart = bool(found.items or found.ambiguous) \
            and set(found.items) <= set(context.cart) \
            and all(len(set(amb.candidates) & set(context.cart)) == 1 for amb in found.ambiguous)
        dish = self.index.items.get(last) if last else None
        reading.of_last_dish = dish is not None and not found.ambiguous and all(
            self.index.items[item_id].head_key in dish.description_keys for item_id in found.items
        )
        reading.lists_last_dish = dish is not None and not found.ambiguous \
            and _lists_from(self.index, dish.description_keys, reading.plain)

    def _names(self, item_id: str, text: str) -> bool:
        """Does every menu word of ``text`` belong to the item ("frango": the yakisoba de
        frango)?"""
        keys = [key for tok in tokenize(text) if tok.kind == WORD
                and (key := self.index.lookup(tok.text)) is not None]
        return bool(keys) and set(keys) <= self.index.items[item_id].keys

    def _stray_words(self, tokens: Sequence[Token]) -> bool:
        """True when a word is neither small talk, a menu word, nor a number reference."""
        return any(
            tok.kind == WORD
            and tok.text not in FUNCTION_WORDS
            and tok.text not in _NUMBER_REFERENCE_WORDS
            and self.index.lookup(tok.text) is None
            for tok in tokens
        )

    def _cue_word(self, tok: Token) -> str:
        """A word as the intent rules should read it: misspelt cue words repaired."""
        text = tok.text
        if tok.kind != WORD or len(text) < _MIN_REPAIR or text in FUNCTION_WORDS:
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


def _restated_in_cart(ex: Extraction, cart: Sequence[str]) -> None:
    """A correction is about what was ordered: "na verdade são 4 doce" after 3 pamonhas doces
    is the Pamonha Doce of the cart, not the Doce de Leite the word alone would be."""
    for mention in ex.mentions:
        if set(mention.ids) & set(cart):
            continue
        held = [c for c in mention.fits if c in cart]
        if len(held) == 1:
            mention.ids = (held[0],)


def _narrow_to_cart(found: Found, cart: Sequence[str]) -> None:
    """What is taken out is in the cart: "esquece a coca" with only the lata in it is the
    lata, whatever other cocas the menu sells."""
    for amb in list(found.ambiguous):
        held = [c for c in amb.candidates if c in cart]
        if len(held) == 1:
            found.ambiguous.remove(amb)
            found.add(ItemLine(held[0], amb.quantity, amb.note))


def _size_letter_apart(tokens: list[Token], index: MenuIndex) -> list[Token]:
    """ "2 tacacá P e 1 G": "1 g" is one of the size G, not a gram, when the menu sells
    sizes G and nothing by the gram."""
    grande = word_key(SIZE_LETTERS["g"])
    if grande not in index.postings:
        return tokens
    apart: list[Token] = []
    for tok in tokens:
        if tok.kind == SPEC and tok.text.endswith("g") and tok.text[:-1].isdigit() \
                and tok.value <= MAX_COUNT_IN_GRAMS and tok.text not in index.postings:
            apart += [Token(NUMBER, tok.text[:-1], tok.value), Token(WORD, "g")]
        else:
            apart.append(tok)
    return apart


# "dá pra 2 pessoas?", "serve pra 4?": a question about the dish, not who eats it.
_SERVING_VERBS = frozenset({"da", "serve", "servem", "rende", "rendem", "alimenta",
                            "satisfaz", "chega", "basta"})


def _people(tokens: list[Token], servings: frozenset[int] = frozenset()
            ) -> tuple[int, int, int] | None:
    """How many people the order is for ("pra 3 pessoas", "para duas pessoas"; "pra 4",
    "p/ 2" alone when some dish says it serves that many), where those words start and how
    many they are, if said."""
    for k in range(len(tokens) - 1):
        word = tokens[k].text
        at = k + 2 if word == "p" and tokens[k + 1].text == "/" else k + 1
        if word not in ("pra", "para", "p") or at >= len(tokens) or not is_quantity(tokens[at]):
            continue
        said = tokens[at]
        count = said.int_value if said.kind == NUMBER else QUANTITY_WORDS[said.text]
        after = tokens[at + 1] if at + 1 < len(tokens) else None
        if after is not None and after.text in ("pessoa", "pessoas"):
            return count, k, at + 2 - k
        if count not in servings or k == 0 or tokens[k - 1].text in ("troco", "trocado"):
            continue
        if word == "p" and at == k + 1 and after is not None and after.kind != SEP \
                and after.text not in ("e", "com", "por"):
            continue  # "marmita p 4 coca": the size P, then four cocas
        return count, k, at + 1 - k
    return None


def _served(index: MenuIndex, item_id: str) -> set[int]:
    """How many people the item's name or description says it serves ("(serve 3)", "4
    pessoas")."""
    item = index.items[item_id].item
    words = [tok for tok in tokenize(f"{item.name} {item.description or ''}") if tok.kind != SEP]
    counts = set()
    for k in range(len(words) - 1):
        if words[k].text in ("serve", "servem") and words[k + 1].kind == NUMBER:
            counts.add(words[k + 1].int_value)
        elif words[k].kind == NUMBER and words[k + 1].text in ("pessoa", "pessoas"):
            counts.add(words[k].int_value)
    return counts


def _serves(index: MenuIndex, item_id: str, people: int) -> bool:
    """Does the item's name or description say it serves that many?"""
    return people in _served(index, item_id)


def _serving(index: MenuIndex, found: Found, people: int) -> None:
    """ "um pato no tucupi pra 3 pessoas": the variant that serves three, when one does."""
    for item_id, line in list(found.items.items()):
        kin = [c for c in family(index, item_id) if _serves(index, c, people)]
        if len(kin) > 1:  # the moqueca de camarão for 2, of the moquecas for 2
            kin = [alike] if (alike := index.most_alike(item_id, kin)) is not None else kin
        if len(kin) == 1 and kin[0] != item_id and not _serves(index, item_id, people):
            del found.items[item_id]
            found.add(ItemLine(kin[0], line.quantity, line.note))
    for amb in list(found.ambiguous):
        kin = [c for c in amb.candidates if _serves(index, c, people)]
        if len(kin) == 1:
            found.ambiguous.remove(amb)
            found.add(ItemLine(kin[0], amb.quantity, amb.note))


def _count_of_focus(tokens: list[Token], ex: Extraction, found: Found, last: str) -> None:
    """ "manda 2 e uma meia de isca" after asking the price of the caipirinha: the count said
    first, alone before "e" and the next item's own count, is of the item in focus (asked
    about, not yet in the cart)."""
    words = [tok for tok in tokens if tok.kind != SEP]
    k = 0
    while k < len(words) and words[k].text in ORDER_WORDS:
        k += 1
    if k + 2 >= len(words) or words[k + 1].text != "e" \
            or not is_quantity(words[k]) or not is_quantity(words[k + 2]):
        return
    count = words[k].int_value if words[k].kind == NUMBER else QUANTITY_WORDS[words[k].text]
    if count not in ex.orphans or last in found.items or not found.items:
        return
    ex.orphans.remove(count)
    found.numbers = [ref for ref in found.numbers if ref.number != count]
    named, found.items = found.items, {}
    found.add(ItemLine(last, count))  # said first, listed first
    found.items.update(named)


def _same_kind_in(index: MenuIndex, out: Sequence[Mention], put_in: Sequence[Mention]) -> None:
    """ "troca o temaki skin por um hot": among the items the words fit (the Temaki Hot and
    the Hot Roll), the one of the kind taken out, when one is."""
    taken = {mention.ids[0] for mention in out if len(mention.ids) == 1}
    if len(taken) != 1:
        return
    head = index.items[next(iter(taken))].head_key
    for mention in put_in:
        if len(mention.ids) != 1 or index.items[mention.ids[0]].head_key == head:
            continue
        same = [c for c in mention.pool if index.items[c].head_key == head]
        if len(same) == 1:
            mention.ids = (same[0],)


def _like_the_one_out(index: MenuIndex, found: Found, then: Found) -> None:
    """What a swap puts in keeps what it does not say of what it takes out: "troca a
    linguiça pela de frango" after the marmita G de linguiça is the marmita G de frango."""
    out = list(found.items)
    if len(out) != 1 or out[0] not in index.items:
        return
    for amb in list(then.ambiguous):
        kept = index.most_alike(out[0], amb.candidates)
        if kept is not None:
            then.ambiguous.remove(amb)
            then.add(ItemLine(kept, amb.quantity, amb.note))


def reading_address(context: Context | None) -> bool:
    """Was an address asked for? Then a bare number is the house number, never money."""
    return context is not None and context.expecting is Expecting.ADDRESS


def _menu_part(words: str, joined: str) -> bool:
    """Do the words name a part of the menu asked for ("o cardápio das bebidas")?"""
    found = P.MENU_OF.find(joined)
    while found is not None:
        rest = joined[found.end():].lstrip()
        if rest == words or rest.startswith(words + " "):
            return True
        found = P.MENU_OF.pattern.search(joined, found.end())
    return False


# Words that may open a message before what goes in the dish ("e com bastante alho").
_LISTING_OPENERS = frozenset({"e", "ah", "ok", "mas", "so"})
# How much of it, said with what goes in ("com bastante alho", "com pimenta extra").
_LISTING_AMOUNTS = frozenset({"bastante", "extra", "caprichado", "caprichada", "pouquinho"})


def _lists_from(index: MenuIndex, described: frozenset[str], plain: str) -> bool:
    """Is ``plain`` words all from the description, opened by "com" or by a word of it that
    names nothing on the menu ("com bife e linguiça" for a marmita of "uma mistura: frango
    grelhado, bife acebolado, linguiça…"; "as guarnição fritas e purê" for a dish with
    "duas guarnições: fritas, purê ou espaguete", though Fritas are also sold apart)?"""
    words = plain.split()
    while words and (words[0] in _LISTING_OPENERS or words[0] in ARTICLES):
        words = words[1:]
    if len(words) < 2 or not (words[0] == "com" or (
            word_key(words[0]) in described and index.lookup(words[0]) is None)):
        return False
    keys = {word_key(word) for word in words[1:]
            if word not in FUNCTION_WORDS and word not in _LISTING_AMOUNTS}
    return bool(keys) and keys <= described
