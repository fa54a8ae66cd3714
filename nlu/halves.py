"""Half and half: "uma pizza grande meio calabresa meio mussarela", "meia portuguesa e meia
frango", "meio a meio calabresa e quatro queijos".

One item is ordered: of the two halves' items in the same size (names equal but for the
flavour), the pricier one, as pizzerias charge; the note says both halves as written. When
no size narrows the halves, every size both come in is an option and the assistant asks.
Nothing here names a dish: the halves and their sizes come from the loaded menu.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from nlu.index import MenuIndex
from nlu.lexicon import HALF_WORDS, SIZES
from nlu.mentions import Mention, match_at, numeral_mention
from nlu.normalise import SEP, Token, word_key
from nlu.scan import word_at

__all__ = ["Halves", "half_and_half"]

_OF = frozenset({"de", "da", "do"})
_BETWEEN = frozenset({"e", "com"})
_HALF = frozenset({"meio", "meia"})


@dataclass(frozen=True, slots=True)
class Halves:
    """The item (or, with no size said, the options) a half-and-half order stands for."""

    ids: tuple[str, ...]
    end: int  # the token after the construction
    note: str  # "meio calabresa, meio mussarela"


def _skip(tokens: list[Token], j: int, words: Collection[str]) -> int:
    while j < len(tokens) and (tokens[j].kind == SEP or word_at(tokens, j) in words):
        j += 1
    return j


def _flavour(tokens: list[Token], j: int, index: MenuIndex) -> Mention | None:
    j = _skip(tokens, j, _OF)
    mention = numeral_mention(tokens, j, index) if j < len(tokens) else None
    mention = mention or match_at(tokens, j, index)  # "quatro queijos", "calabresa"
    return mention if mention is not None and mention.strong else None


def _two_halves(tokens: list[Token], i: int,
                index: MenuIndex) -> tuple[Mention, Mention, int] | None:
    """The two halves said from ``i``: "meio X (e) meio Y", or "meio a meio X e Y" (also
    "meia-meia", "meio meio")."""
    joined = 1 + (word_at(tokens, i + 1) == "a")
    if word_at(tokens, i) in _HALF and word_at(tokens, i + joined) in _HALF:
        first = _flavour(tokens, i + joined + 1, index)
        if first is None:
            return None
        second = _flavour(tokens, _skip(tokens, first.end, _BETWEEN), index)
        return (first, second, second.end) if second is not None else None
    if word_at(tokens, i) not in HALF_WORDS:
        return None
    first = _flavour(tokens, i + 1, index)
    if first is None:
        return None
    j = _skip(tokens, first.end, ("e",))
    if word_at(tokens, j) not in HALF_WORDS:
        return None
    second = _flavour(tokens, j + 1, index)
    return (first, second, second.end) if second is not None else None


def _variable(index: MenuIndex, fits: Collection[str]) -> dict[str, frozenset[str]]:
    """What tells a half's items apart (their size): each name without the words all share."""
    names = [index.items[c].name_keys for c in fits]
    common = frozenset.intersection(*names) if names else frozenset()
    return {c: index.items[c].name_keys - common for c in fits}


def _same_size(index: MenuIndex, one: str, other: str, first: frozenset[str],
               second: frozenset[str]) -> bool:
    """Are the two items the same but for the flavour? A half that fits one item only
    goes with the other half's item in its size."""
    if index.category_of[one] != index.category_of[other]:
        return False
    if len(first) == 1 or len(second) == 1:
        single, rest, rest_fits = (one, other, second) if len(first) == 1 else (
            other, one, first)
        if len(rest_fits) == 1:
            return True
        return _variable(index, rest_fits)[rest] <= index.items[single].name_keys
    return _variable(index, first)[one] == _variable(index, second)[other]


def _same_kind(index: MenuIndex, fits: frozenset[str], other: frozenset[str]) -> frozenset[str]:
    """The items a half fits that are of a kind the other half has ("frango com catupiry"
    beside "mussarela" is the pizza, not the Lasanha de Frango com Catupiry)."""
    kinds = {index.category_of[c] for c in other}
    return frozenset(c for c in fits if index.category_of[c] in kinds) or fits


def half_and_half(tokens: list[Token], i: int, index: MenuIndex,
                  within: Collection[str] = ()) -> Halves | None:
    """The half-and-half order starting at ``i``, if one does; ``within`` is what the words
    before it already narrowed to ("pizza grande")."""
    found = _two_halves(tokens, i, index)
    if found is None:
        return None
    first, second, end = found
    allowed = set(within)
    if word_at(tokens, end) in SIZES:  # "meia calabresa meia mussarela grande"
        size = index.postings.get(word_key(SIZES[word_at(tokens, end)]), frozenset())
        allowed = allowed & size if allowed else set(size)
        end += 1
    first_fits = _same_kind(index, first.fits, second.fits)
    second_fits = _same_kind(index, second.fits, first.fits)
    ones = [c for c in index.ordered(first_fits) if not allowed or c in allowed]
    others = [c for c in index.ordered(second_fits) if not allowed or c in allowed]
    chosen: list[str] = []
    for one in ones:
        for other in others:
            if one == other or _same_size(index, one, other, first_fits, second_fits):
                price = index.items[one].item.price_cents
                dearer = other if index.items[other].item.price_cents > price else one
                if dearer not in chosen:
                    chosen.append(dearer)
    if not chosen:
        return None
    half = word_at(tokens, i) if word_at(tokens, i) in HALF_WORDS - {"metade"} else "meio"
    note = f"{half} {first.text}, {half} {second.text}"
    return Halves(index.ordered(set(chosen)), end, note)
