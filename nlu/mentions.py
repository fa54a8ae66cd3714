"""Find item mentions in a token stream and resolve each to one item, several, or none.

A mention is a run of words that all belong to at least one common item ("coca de lata":
both words belong to ``coca_lata``). Words that belong to no common item start a new
mention ("feijoada coca" is two). Ties are settled by an exact name or alias; otherwise
the mention is ambiguous and the assistant asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlu.index import MenuIndex, number_key
from nlu.lexicon import FUNCTION_WORDS, LINKERS, SIZE_LETTERS, SIZES
from nlu.normalise import NUMBER, SPEC, WORD, Token, exact_key, word_key

__all__ = ["Mention", "match_at"]


@dataclass(slots=True)
class Mention:
    """A resolved run of item words: ``ids`` are the candidates left (one when settled)."""

    ids: tuple[str, ...]
    available: bool
    start: int
    end: int  # index after the last token used
    text: str
    quantity: int = 1
    explicit_quantity: bool = False
    note: str | None = None
    each: bool = False


def _key_at(
    tokens: list[Token], j: int, index: MenuIndex, started: bool
) -> tuple[str, str, int] | None:
    """(key, exact key, tokens used) of an item word at ``j``, or None."""
    tok = tokens[j]
    postings = index.postings
    if tok.kind == SPEC:
        return (tok.text, tok.text, 1) if tok.text in postings else None
    if tok.kind == NUMBER:
        key = number_key(tok.value)
        return (key, key, 1) if started and key in postings else None
    if tok.kind != WORD:
        return None
    text = tok.text
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    if nxt is not None and nxt.kind == WORD:
        if text == "x":
            key = word_key("x" + nxt.text)
            if key in postings:
                return key, exact_key("x" + nxt.text), 2
        elif text in ("com", "sem") and started:
            word = SIZES.get(nxt.text, nxt.text)
            key = f"{text} {word_key(word)}"
            if key in postings:
                return key, f"{text} {exact_key(word)}", 2
    if text in SIZES:
        key = word_key(SIZES[text])
        return (key, exact_key(SIZES[text]), 1) if key in postings else None
    if started and text in SIZE_LETTERS:
        key = word_key(SIZE_LETTERS[text])
        return (key, exact_key(SIZE_LETTERS[text]), 1) if key in postings else None
    if text in LINKERS or len(text) < 2:
        return None
    found = index.lookup(text)
    if found is None:
        return None
    exact = exact_key(text) if word_key(text) == found else found
    return found, exact, 1


def match_at(tokens: list[Token], i: int, index: MenuIndex) -> Mention | None:
    """The mention starting at token ``i``, or None when no item word starts there."""
    first = _key_at(tokens, i, index, started=False)
    if first is None:
        return None
    postings = index.postings
    keys = [first[0]]
    exact = [first[1]]
    candidates = postings[first[0]]
    j = i + first[2]
    end = j
    n = len(tokens)
    while j < n:
        step = _key_at(tokens, j, index, started=True)
        skipped = 0
        if step is None and tokens[j].kind == WORD and tokens[j].text in LINKERS and j + 1 < n:
            step = _key_at(tokens, j + 1, index, started=True)
            skipped = 1
        if step is None:
            break
        narrowed = candidates & postings[step[0]]
        if not narrowed:
            if step[0] in index.weak and not skipped and " " not in step[0]:
                j += step[2]  # a size or common word that fits none of them: not a new item
                end = j
                continue
            break
        candidates = narrowed
        keys.append(step[0])
        exact.append(step[1])
        j += skipped + step[2]
        end = j
    if all(key in index.weak for key in keys) and tuple(exact) not in index.phrase_owners:
        return None
    ids = _settle(candidates, tuple(exact), index)
    available = [item_id for item_id in ids if index.items[item_id].item.available]
    text = " ".join(tok.text for tok in tokens[i:end])
    if available:
        return Mention(index.ordered(set(available)), True, i, end, text)
    return Mention(index.ordered(set(ids)), False, i, end, text)


def _settle(candidates: frozenset[str], exact: tuple[str, ...], index: MenuIndex) -> set[str]:
    """Among items sharing all the words, prefer those named exactly so ("arroz" → the alias)."""
    if len(candidates) == 1:
        return set(candidates)
    owners = index.phrase_owners.get(exact)
    if owners:
        named = candidates & owners
        if named:
            return set(named)
    return set(candidates)


def is_product_word(tok: Token) -> bool:
    """Could this word name a product (not a function word, number or separator)?"""
    return tok.kind == WORD and len(tok.text) > 2 and tok.text not in FUNCTION_WORDS
