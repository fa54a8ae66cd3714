"""Numbers in item names: a name that is a number ("Cachaça 51"), or opens with one
("Pizza 4 Queijos", "Quatro Queijos"), so that the number is read as the name, not a count.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from nlu.lexicon import LINKERS, QUANTITY_WORDS
from nlu.menu import Menu, MenuItem
from nlu.normalise import NUMBER, WORD, tokenize, word_key

__all__ = ["name_numbers", "numeral_pairs"]


def name_numbers(menu: Menu) -> dict[int, frozenset[str]]:
    """Numbers in names that count nothing and measure nothing ("Cachaça 51 965ml")."""
    found: dict[int, set[str]] = defaultdict(set)
    for item in menu.items:
        for text in (item.name, *item.aliases):
            tokens = tokenize(text)
            for j, tok in enumerate(tokens):
                nxt = tokens[j + 1] if j + 1 < len(tokens) else None
                before = tokens[j - 1].text if j else ""
                if tok.kind == NUMBER and (nxt is None or nxt.kind != WORD) and j \
                        and before not in LINKERS and before not in ("pra", "com", "+"):
                    found[tok.int_value].add(item.id)
    return {value: frozenset(ids) for value, ids in found.items()}


def numeral_pairs(item: MenuItem) -> set[tuple[int, str]]:
    pairs = set()
    for text in (item.name, *item.aliases):
        tokens = [tok for tok in tokenize(text) if tok.text not in LINKERS]
        for tok, nxt in itertools.pairwise(tokens):
            value = tok.int_value if tok.kind == NUMBER else QUANTITY_WORDS.get(tok.text)
            if value is not None and nxt.kind == WORD:
                pairs.add((value, word_key(nxt.text)))
    return pairs
