"""Quantities waiting for their item, bare numbers (menu references) and change for cash."""

from __future__ import annotations

from nlu.lexicon import (
    ANOTHER_WORDS,
    ARTICLES,
    COUNT_UNITS,
    NUMBER_REF_WORDS,
    ORDER_WORDS,
    QUANTITY_WORDS,
)
from nlu.normalise import MONEY, NUMBER, WORD, Token
from nlu.scan import Extraction, ScanState, word_at

__all__ = ["change", "flush", "number", "set_pending"]

# Smallest amount said in words after "troco pra" ("troco pra dez"): "troco pra um" is none.
MIN_CHANGE_WORD = 5


def set_pending(
    tokens: list[Token], i: int, value: int, ex: Extraction, st: ScanState, digit: bool
) -> None:
    """Hold a quantity until its item comes (a held one with no item is flushed first)."""
    if st.pending is not None:
        flush(ex, st)
    st.pending, st.pending_at, st.pending_is_digit = value, i, digit
    st.each = word_at(tokens, i + 1) == "de" and word_at(tokens, i + 2) == "cada"
    word = word_at(tokens, i)
    st.pending_another = (word in ANOTHER_WORDS and word_at(tokens, i - 1) not in ARTICLES) or (
        word in ("um", "uma") and word_at(tokens, i - 1) == "mais"
    )  # "o outro" is the other one, not one more
    st.pending_ordered = word_at(tokens, i - 1) in ORDER_WORDS


def number(tokens: list[Token], i: int, ex: Extraction, st: ScanState) -> int:
    """A number: a menu reference ("2x 7", "número 3") or a quantity held for its item."""
    value = tokens[i].int_value
    between = {t.text for t in tokens[st.pending_at + 1 : i]} if st.pending is not None else set()
    if st.pending is not None and between and between <= {"x", "do", "da", "de", "numero", "o"}:
        ex.numbers.append((value, st.pending))  # "2x 7", "2 do número 7"
        st.pending = None
        return i + 1
    if i > 0 and word_at(tokens, i - 1) in NUMBER_REF_WORDS and st.pending is None:
        ex.numbers.append((value, 1))
        ex.referenced = True
        return i + 1
    if st.pending is None and word_at(tokens, i - 1) in ("o", "a") and (
        i + 1 == len(tokens) or tokens[i + 1].kind != WORD or word_at(tokens, i + 1) == "e"
    ):
        ex.numbers.append((value, 1))  # "o 7 e uma água": the 7th of the menu, one of it
        return i + 1
    set_pending(tokens, i, value, ex, st, digit=True)
    j = i + 1
    if word_at(tokens, j) in COUNT_UNITS:
        j += 1
    if st.each:
        j += 2
    return j


def change(tokens: list[Token], i: int, ex: Extraction, st: ScanState) -> int:
    """"troco pra 100", "troco de 50 reais", "100 de troco" → change, never a quantity."""
    if st.pending is not None and st.pending_is_digit and i - st.pending_at <= 2:
        ex.change_for = float(st.pending)
        st.pending = None
        return i + 1
    for j in range(i + 1, min(i + 4, len(tokens))):
        tok = tokens[j]
        if tok.kind in (NUMBER, MONEY):
            ex.change_for = tok.value
            return j + 1
        if tok.kind == WORD and QUANTITY_WORDS.get(tok.text, 0) >= MIN_CHANGE_WORD:
            ex.change_for = QUANTITY_WORDS[tok.text]  # "troco pra cinquenta"
            return j + 1
    return i + 1


def flush(ex: Extraction, st: ScanState) -> None:
    """A quantity that found no item: a correction, "um de cada", or a menu number."""
    if st.pending is not None:
        if st.correcting and ex.mentions:
            ex.mentions[-1].quantity = st.pending
            ex.mentions[-1].explicit_quantity = True
            ex.corrected = True
            st.correcting = False
        elif st.each:
            for mention in ex.mentions:
                if not mention.explicit_quantity:
                    mention.quantity, mention.explicit_quantity = st.pending, True
        elif st.pending_another and ex.mentions:
            # "uma feijoada pra mim e outra pra minha esposa": one more of the same
            ex.mentions[-1].quantity += st.pending
            ex.mentions[-1].explicit_quantity = True
        elif st.pending_ordered and len(ex.mentions) == 1 and \
                not ex.mentions[0].explicit_quantity and ex.mentions[0].end <= st.pending_at:
            # "quanto é a tapioca de frango? quero duas": how many of the one item named
            ex.mentions[0].quantity, ex.mentions[0].explicit_quantity = st.pending, True
        else:
            ex.orphans.append(st.pending)
            if st.pending_is_digit:
                ex.numbers.append((st.pending, 1))
    st.pending, st.each, st.pending_another = None, False, False
    st.pending_ordered = False
