"""The menu, indexed once: word keys → items, the phrases that name each item, and typo repair.

Everything item-related is derived here from the menu's names, aliases and categories:
the words that tell items apart, sizes ("lata", "2 litros", "grande"), numbers that belong
to a name ("350ml"), and "com/sem" words that are part of a name ("água sem gás").
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from rapidfuzz import process
from rapidfuzz.distance import OSA

from nlu.lexicon import (
    ADD_ON_CATEGORIES,
    FUNCTION_WORDS,
    LINKERS,
    NOT_MISSPELLINGS,
    QUANTITY_WORDS,
    SIZE_LETTERS,
    SIZES,
    SOFT_DRINK_BRANDS,
    SOFT_DRINK_WORDS,
    STEERING_WORDS,
)
from nlu.menu import Menu, MenuItem
from nlu.names import name_numbers, numeral_pairs
from nlu.normalise import NUMBER, SEP, SPEC, WORD, Token, exact_key, tokenize, word_key
from nlu.spellings import (
    Spellings,
    augmentative_postings,
    cedilla_postings,
    cedilla_words,
    written_words,
)

__all__ = ["MenuIndex", "max_edits"]

# Shorter words are too easy to confuse ("bolo"/"bola", German "bitte"/"bife"): below this
# length only exact keys (which already fold accents, plurals and spelling variants) count.
MIN_FUZZY_LENGTH = 5
# Cache of repaired words per menu; bounded so a flood of random text cannot grow memory.
FUZZY_CACHE_LIMIT = 50_000

_SOFT_DRINK_BRAND_KEYS = frozenset(word_key(word) for word in SOFT_DRINK_BRANDS)
_SOFT_DRINK_KEYS = frozenset(word_key(word) for word in SOFT_DRINK_WORDS)
_FUNCTION_KEYS = frozenset(word_key(word) for word in FUNCTION_WORDS)
# Names that open with a container hold several of another item ("Balde Heineken (5 long
# necks)", "Combo Café da Manhã"): meant only when the container is said.
_BUNDLE_HEAD_KEYS = frozenset(word_key(word) for word in (
    "combo", "kit", "balde", "baldinho", "pack", "fardo", "engradado"))
_SIZE_KEYS = frozenset(word_key(size) for size in SIZES.values())


def max_edits(length: int) -> int:
    """Typos tolerated in a word of this length: one up to 6 letters, two up to 11, then 3."""
    return 1 if length <= 6 else 2 if length <= 11 else 3


def number_key(value: float) -> str:
    """Key of a bare number that is part of an item's name ("coca de 2" → "#2")."""
    return f"#{int(value)}" if value == int(value) else f"#{value}"


def phrase_keys(
    tokens: list[Token], keyfn: Callable[[str], str] = word_key
) -> tuple[str, ...]:
    """Keys of the meaningful words of a name, alias or mention, in order."""
    keys: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.kind == SPEC:
            keys.append(tok.text)
        elif tok.kind == NUMBER:
            keys.append(number_key(tok.value))
        elif tok.kind == WORD:
            text = tok.text
            nxt = tokens[i + 1] if i + 1 < n else None
            if text in ("com", "sem") and nxt is not None and nxt.kind == WORD:
                keys.append(f"{text} {keyfn(SIZES.get(nxt.text, nxt.text))}")
                i += 2
                continue
            if text == "x" and nxt is not None and nxt.kind == WORD:
                keys.append(keyfn("x" + nxt.text))
                i += 2
                continue
            if text in LINKERS:
                pass
            elif text in SIZES:
                keys.append(keyfn(SIZES[text]))
            elif len(text) == 1 and text in SIZE_LETTERS and keys:
                keys.append(keyfn(SIZE_LETTERS[text]))
            elif len(text) > 1 or keys:
                keys.append(keyfn(text))
        i += 1
    return tuple(keys)


@dataclass(frozen=True, slots=True)
class IndexedItem:
    """An item with the exact phrases that name it (name and aliases) and its word keys."""

    item: MenuItem
    phrases: tuple[tuple[str, ...], ...]
    keys: frozenset[str]
    name_keys: frozenset[str]
    head_key: str  # the first word of the name: the kind of product ("coxinha", "pizza")
    description_keys: frozenset[str]  # what the dish already comes with
    bundle_head: str | None  # "Combo Smirnoff + 4 Red Bull": named only with "combo"
    # the flavours a description offers as alternatives ("Laranja, limão ou maracujá")
    choice_keys: frozenset[str] = frozenset()

    @property
    def sold_by_weight(self) -> bool:
        """Is a weight part of the name ("Gelo em Cubos 5kg", "Amendoim 150g")?"""
        return any(key[0].isdigit() and key.endswith("g") for key in self.name_keys)


class MenuIndex:
    """Word keys → items, built once per menu; answers "which items have all these words"."""

    def _dozens(self, menu: Menu) -> dict[str, str]:
        """Item sold by the unit → the item that is a dozen of it ("Dúzia de Esfiha de Carne")."""
        dozen_of: dict[str, str] = {}
        for item in menu.items:
            tokens = tokenize(item.name)
            if not tokens or tokens[0].kind != NUMBER or tokens[0].dozens != 1:
                continue
            rest = phrase_keys(tokens[1:])
            for base in self.phrase_owners.get(rest, frozenset()):
                if base != item.id:
                    dozen_of.setdefault(base, item.id)
        return dozen_of

    def __init__(self, menu: Menu) -> None:
        self.menu = menu
        self.items: dict[str, IndexedItem] = {}
        postings: dict[str, set[str]] = defaultdict(set)
        for item in menu.items:
            indexed = _index_item(item)
            self.items[item.id] = indexed
            for key in indexed.keys:
                postings[key].add(item.id)
        # A category word ("bebidas", "marmitas") finds its items, unless some item is called
        # that: then "açaí" means the items called Açaí, not everything in the "açaí" category.
        named = {indexed.head_key for indexed in self.items.values()}
        category_keys: set[str] = set()
        for item in menu.items:
            for tok in tokenize(item.category):
                key = word_key(tok.text)
                if tok.kind == WORD and tok.text not in LINKERS and key not in named:
                    postings[key].add(item.id)
                    category_keys.add(key)
        self.category_keys = frozenset(category_keys)
        named_words = set(postings)
        for item in menu.items:  # "Xis Salada" is keyed "xsalada"; "um xis" is any of them,
            for text in (item.name, *item.aliases):  # and "salada" answering "qual xis?" it
                words = [tok for tok in tokenize(text) if tok.kind != SEP]
                if len(words) > 1 and words[0].text == "x" and words[1].kind == WORD:
                    postings["x"].add(item.id)
                    bare = word_key(words[1].text)
                    if bare not in named_words and bare not in _FUNCTION_KEYS:
                        postings[bare].add(item.id)
        # Words a name has only after "do"/"da" ("Smash do Tonhão", "Farofa da Casa"): whose
        # it is, never the item alone ("valeu tonhão", "casa 2").
        owner: set[str] = set()
        for item in menu.items:
            tokens = tokenize(item.name)
            owner.update(phrase_keys(tokens[len(_before_owner(tokens)):]))
        named_apart = {
            key for item in menu.items for text in (item.name, *item.aliases)
            for key in phrase_keys(_before_owner(tokenize(text)))
        }
        self.owner_keys = frozenset(owner - named_apart - category_keys)
        # A soft-drink brand no item is named by ("uma coca" where the menu sells
        # "Refrigerante Lata") finds the soft drinks sold without a brand; the brand is the note.
        generic = {
            item_id for item_id, indexed in self.items.items()
            if indexed.name_keys & _SOFT_DRINK_KEYS and not indexed.keys & _SOFT_DRINK_BRAND_KEYS
        }
        # A brand the menu writes in two words ("Coca-Cola") is named too: "cocacola" then
        # finds those items (below, with the other names written as one word).
        written_apart = {
            word_key(tok.text + nxt.text) for item in menu.items
            for text in (item.name, *item.aliases)
            for tok, nxt in itertools.pairwise(tokenize(text)) if tok.kind == WORD == nxt.kind
        }
        self.brand_stand_ins = frozenset(
            key for key in _SOFT_DRINK_BRAND_KEYS
            if generic and key not in postings and key not in written_apart
        )
        for key in self.brand_stand_ins:
            postings[key] = set(generic)
        self.order = {item.id: position for position, item in enumerate(menu.items)}
        self.add_ons = frozenset(
            item.id for item in menu.items
            if any(tok.text in ADD_ON_CATEGORIES for tok in tokenize(item.category))
        )
        texts = [(item.id, text) for item in menu.items for text in (item.name, *item.aliases)]
        for key, ids in cedilla_postings(texts).items():  # "muçarela" is also "musarela"
            postings[key] |= ids
        bigger = augmentative_postings(texts)  # "lanchão", "pratão"
        self.augmentative_keys = frozenset(key for key in bigger if key not in postings)
        for key in self.augmentative_keys:
            postings[key] = bigger[key]
        self.postings: dict[str, frozenset[str]] = {
            key: frozenset(ids) for key, ids in postings.items()
        }
        self.category_of = {item.id: item.category for item in menu.items}
        # Categories sold by volume ("350ml", "2 litros"): drinks, never part of a dish.
        self.drink_categories = frozenset(
            item.category for item in menu.items
            if any(key[0].isdigit() and key.endswith(("ml", "l"))
                   for key in self.items[item.id].keys)
        )
        self.weak = frozenset(
            key for key in self.postings
            if key in _FUNCTION_KEYS or key in _SIZE_KEYS or key[0].isdigit()
            or key.startswith(("#", "com ", "sem "))
        )
        owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for indexed in self.items.values():
            for phrase in indexed.phrases:
                owners[phrase].add(indexed.item.id)
        self.phrase_owners = {phrase: frozenset(ids) for phrase, ids in owners.items()}
        self.dozen_of = self._dozens(menu)
        self.dozen_base = {dozen: base for base, dozen in self.dozen_of.items()}
        self._fuzzy_vocab = sorted(  # augmentatives match exactly, never as a near spelling
            key for key in self.postings
            if key.isalpha() and len(key) >= MIN_FUZZY_LENGTH and key not in self.weak
            and key not in self.augmentative_keys
        )
        self._repair_cache: dict[str, str | None] = {}
        written = [text for _, text in texts]
        written += [variant for text in written for variant in cedilla_words(text)]
        self.spellings = Spellings(
            (word, key) for word, key in written_words(written)
            if key in self.postings and key not in self.weak and key not in self.augmentative_keys
        )
        # Two words of a name written as one ("cocacola", "hotdog"): found by a lookup of
        # the glued word, never used to glue two words the customer wrote apart.
        glued: dict[str, set[str]] = defaultdict(set)
        for item in menu.items:
            for text in (item.name, *item.aliases):
                for tok, nxt in itertools.pairwise(tokenize(text)):
                    if tok.kind == WORD == nxt.kind and len(tok.text) > 2 \
                            and tok.text not in LINKERS and nxt.text not in LINKERS:
                        glued[word_key(tok.text + nxt.text)].add(item.id)
        self.glued = frozenset(key for key in glued if key not in self.postings)
        self.postings.update({key: frozenset(glued[key]) for key in self.glued})
        # A name the menu writes as one word for one item ("padthai de frango") and apart for
        # another ("Pad Thai de Tofu"): the glued word is both items' word.
        for key, ids in glued.items():
            if key not in self.glued and key not in self.weak:
                self.postings[key] = self.postings[key] | ids
                for item_id in ids:
                    indexed = self.items[item_id]
                    self.items[item_id] = replace(indexed, keys=indexed.keys | {key})
        # Everyday words that name nothing on this menu and steer nothing in a message:
        # the token walk passes them by without trying a mention.
        self.inert_words = frozenset(
            word for word in FUNCTION_WORDS - STEERING_WORDS
            if word_key(word) not in self.postings and len(word) > 1
        )
        # Numbers that are a name, or part of one ("Cachaça 51"): "uma 51".
        self.name_numbers = name_numbers(menu)
        # Numbers that open a name ("4 queijos", "Quatro Queijos"): (value, next key).
        self.numeral_pairs: frozenset[tuple[int, str]] = frozenset(
            pair for indexed in self.items.values() for pair in numeral_pairs(indexed.item)
        )

    def ordered(self, ids: frozenset[str] | set[str]) -> tuple[str, ...]:
        """Item ids in menu order."""
        return tuple(sorted(ids, key=self.order.__getitem__))

    def most_alike(self, item_id: str, ids: Iterable[str]) -> str | None:
        """Among ``ids``, the one whose name shares the most words with ``item_id``'s, if
        one: what a customer leaves unsaid stays as it was ("troca a linguiça pela de
        frango" after the marmita G de linguiça is the marmita G de frango)."""
        mine = self.items[item_id].name_keys
        shared = {c: len(self.items[c].name_keys & mine) for c in ids}
        best = max(shared.values(), default=0)
        top = [c for c, n in shared.items() if n == best]
        return top[0] if best > 0 and len(top) == 1 else None

    def lookup(self, word: str) -> str | None:
        """The menu key for a message word: exact key first, then a close spelling, else None."""
        key = word_key(word)
        if key in self.postings:
            return key
        if word.endswith("s") and len(word) <= 4 and word[:-1] in self.postings:
            return word[:-1]  # "pfs": plural of a short alias, too short to be stemmed
        if word in FUNCTION_WORDS or word in NOT_MISSPELLINGS:
            return None
        cached = self._repair_cache.get(word, "")
        if cached != "":
            return cached
        repaired = self._respell(word, key)
        if len(self._repair_cache) < FUZZY_CACHE_LIMIT:
            self._repair_cache[word] = repaired
        return repaired

    def skeleton_keys(self, word: str) -> frozenset[str]:
        """Keys a vowelless word may stand for ("lt": lata, or leite where both are sold)."""
        return self.spellings.by_skeleton(word)

    def _respell(self, word: str, key: str) -> str | None:
        """A word written another way: a brand plural, a skeleton, a loose sound, a typo."""
        if word.endswith("s") and word_key(word[:-1]) in self.postings:
            return word_key(word[:-1])  # "heinekens", "redbulls": brands take a plain -s
        if word.endswith("s") and word_key(word[:-1] + "z") in self.postings:
            return word_key(word[:-1] + "z")  # "arros", "cuscus": the final z written as s
        bones = self.spellings.by_skeleton(word)
        if bones:
            return next(iter(bones)) if len(bones) == 1 else None
        sound = self.spellings.by_sound(word)
        if sound is not None:
            return sound
        if len(key) < MIN_FUZZY_LENGTH or not key.isalpha():
            return self._final_vowel_dropped(word)
        found = process.extractOne(
            key, self._fuzzy_vocab, scorer=OSA.distance,
            score_cutoff=max_edits(len(key)),
        )
        repaired = found[0] if found is not None and found[0][0] == key[0] else None
        if repaired is not None and len(repaired) == len(key) and OSA.distance(key, repaired) > 1:
            repaired = None  # two letters replaced in place: another word ("lasanha"/"laranja")
        return repaired

    def _final_vowel_dropped(self, word: str) -> str | None:
        """A short word cut before its last vowel ("crep" for crepe, "chop" for chope): no
        Portuguese word ends in such a consonant, so the cut word is read as the menu word."""
        if len(word) < 4 or not word.isalpha() or word[-1] in "aeiourslzmnx":
            return None
        key = word_key(word + "e")
        return key if key in self.postings and key not in self.weak else None

    def candidates(self, key: str) -> frozenset[str]:
        """Ids of the items whose names, aliases or category contain this key."""
        return self.postings.get(key, frozenset())


_OWNER_LINKS = frozenset({"do", "da", "dos", "das"})


def _before_owner(tokens: list[Token]) -> list[Token]:
    """The tokens of a name before its first "do"/"da" (all of them when it has none)."""
    cut = next((n for n, tok in enumerate(tokens) if tok.text in _OWNER_LINKS), len(tokens))
    return tokens[:cut]


def _index_item(item: MenuItem) -> IndexedItem:
    texts = [tokenize(text) for text in (item.name, *item.aliases)]
    keys: set[str] = set()
    for tokens in texts:
        keys.update(phrase_keys(tokens))
    exact = tuple(dict.fromkeys(phrase_keys(tokens, exact_key) for tokens in texts))
    for tokens in texts:
        for tok in tokens:
            if tok.kind == WORD and tok.text in QUANTITY_WORDS:
                keys.add(number_key(QUANTITY_WORDS[tok.text]))  # "Quatro Queijos" = "4 queijos"
    if keys & (_SOFT_DRINK_BRAND_KEYS | _SOFT_DRINK_KEYS):
        keys.update(word_key(word) for word in SOFT_DRINK_WORDS)
    # A size "2l" is also asked for as a bare "2" ("coca de 2", "uma coca 350").
    for key in list(keys):
        if key[0].isdigit():
            number = key.rstrip("abcdefghijklmnopqrstuvwxyz")
            keys.add("#" + number)
    name_phrase = phrase_keys(texts[0])
    name_keys = frozenset(name_phrase)
    phrases = tuple(phrase for phrase in exact if phrase)
    described = frozenset(
        word_key(tok.text) for tok in tokenize(item.description)
        if tok.kind == WORD and tok.text not in LINKERS
    )
    head = name_phrase[0] if name_phrase else ""
    bundle = head if "+" in item.name or head in _BUNDLE_HEAD_KEYS else None
    described_words = [tok.text for tok in tokenize(item.description) if tok.kind == WORD]
    choices = frozenset(
        word_key(word) for word in described_words
        if word not in LINKERS and word not in FUNCTION_WORDS and word != "ou"
    ) if "ou" in described_words else frozenset()  # "uma mistura: …": "uma" is no flavour
    return IndexedItem(item, phrases, frozenset(keys), name_keys, head, described, bundle,
                       choices)
