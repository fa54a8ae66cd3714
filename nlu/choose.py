"""Answers to "qual? 1) … 2) …": an ordinal, a position, a distinguishing word, a size."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from nlu.index import MenuIndex, number_key, phrase_keys
from nlu.lexicon import SIZE_LETTERS, SIZES
from nlu.normalise import NUMBER, SPEC, WORD, Token, tokenize, word_key

__all__ = ["choose", "relative_size", "size_variants"]

_ORDINALS = {
    "primeira": 1, "primeiro": 1, "segunda": 2, "segundo": 2, "terceira": 3, "terceiro": 3,
    "quarta": 4, "quarto": 4, "quinta": 5, "quinto": 5, "sexta": 6, "sexto": 6,
}
_BIGGER = frozenset({"maior", "grandona", "grandao", "familia"})
_SMALLER = frozenset({"menor", "pequenininha", "pequenininho", "mini"})


def choose(index: MenuIndex, text: str, candidate_ids: Sequence[str]) -> str | None:
    """Resolve an answer to "qual? 1) … 2) …" to one of ``candidate_ids``, or None."""
    candidates = [item_id for item_id in candidate_ids if item_id in index.items]
    if not candidates:
        return None
    tokens = tokenize(text)
    texts = [tok.text for tok in tokens if tok.kind == WORD]
    words = set(texts)
    for word, position in _ORDINALS.items():
        if word in words and position <= len(candidates):
            return candidates[position - 1]
    if words & {"ultima", "ultimo"} or _said(texts, "de", "baixo"):
        return candidates[-1]
    if _said(texts, "de", "cima"):
        return candidates[0]  # "o de cima": the first option listed
    keys = set(phrase_keys(tokens))
    keys |= {word_key("x" + tok.text) for tok in tokens if tok.kind == WORD}  # "o tudo": xis tudo
    for tok in tokens:
        if tok.kind == WORD and tok.text in SIZE_LETTERS and len(tokens) <= 2:
            keys.add(word_key(SIZE_LETTERS[tok.text]))  # "g" answering "P, M ou G?"
        elif tok.kind == WORD and (key := index.lookup(tok.text)) is not None:
            keys.add(key)
        elif tok.kind == NUMBER:
            keys.add(number_key(tok.value))
        elif tok.kind == SPEC:
            keys.add(tok.text)
    scores = {item_id: len(keys & index.items[item_id].keys) for item_id in candidates}
    best = max(scores.values())
    winners = [item_id for item_id, score in scores.items() if score == best]
    if best > 0 and len(winners) == 1:
        return winners[0]
    numbers = [tok.int_value for tok in tokens if tok.kind == NUMBER]
    if len(numbers) == 1 and 1 <= numbers[0] <= len(candidates) \
            and not _names_another(index, tokens, candidates):
        return candidates[numbers[0] - 1]
    prices = sorted(candidates, key=lambda item_id: index.items[item_id].item.price_cents)
    if words & _BIGGER:
        return prices[-1]
    if words & _SMALLER:
        return prices[0]
    return relative_size(texts, candidates, index)


def _names_another(index: MenuIndex, tokens: Sequence[Token], candidates: Sequence[str]) -> bool:
    """Does a word name an item that is none of the options? Then a number beside it is how
    many of that item ("2 chocolate quente" while asked which café), not an option."""
    options = set(candidates)
    for tok in tokens:
        key = index.lookup(tok.text) if tok.kind == WORD else None
        if key is not None and key not in index.weak \
                and not index.postings.get(key, frozenset()) & options:
            return True
    return False


def relative_size(words: Sequence[str], candidates: Sequence[str],
                  index: MenuIndex) -> str | None:
    """ "o grande" among a 300 ml and a 500 ml: a size word no option is named with picks by
    size, and a bigger serving costs more — the dearest, the cheapest, or the middle one."""
    sizes = {SIZES[word] for word in words if word in SIZES}
    if len(sizes) != 1 or len(candidates) < 2:
        return None
    size = sizes.pop()
    if any(word_key(size) in index.items[item_id].keys for item_id in candidates):
        return None  # the options are named by that size: the key says which
    prices = sorted(candidates, key=lambda item_id: index.items[item_id].item.price_cents)
    if size in ("grande", "gigante", "familia"):
        return prices[-1]
    if size == "pequeno":
        return prices[0]
    if size == "medio" and len(prices) == 3:
        return prices[1]
    return None


def size_variants(candidates: Sequence[str], index: MenuIndex) -> bool:
    """Are these one dish in several sizes ("Caldo Verde 300ml", "Caldo Verde 500ml"): the
    same name but for a volume, a number or a size word?"""
    names = {frozenset(key for key in index.items[item_id].name_keys
                       if not _is_size_key(key)) for item_id in candidates}
    return len(candidates) > 1 and len(names) == 1 and bool(next(iter(names)))


def _is_size_key(key: str) -> bool:
    return key.startswith("#") or any(ch.isdigit() for ch in key) or key in _SIZE_KEYS


_SIZE_KEYS = frozenset(word_key(size) for size in SIZES.values())


def _said(words: list[str], first: str, second: str) -> bool:
    """Do the two words come one right after the other?"""
    return any(a == first and b == second for a, b in itertools.pairwise(words))
