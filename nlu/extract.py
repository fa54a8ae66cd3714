"""One pass over the tokens: mentions with their quantities and notes, bare numbers, change.

Quantities come before ("2 feijoadas", "duas coca") or after ("coca x2", "feijoada 2")
an item; "um de cada" spreads over candidates; a quantity alone after a correction
("4 feijoadas. não, melhor 3") restates the last item; money is never a quantity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nlu.index import MenuIndex
from nlu.lexicon import (
    ARTICLES,
    CHANGE_WORDS,
    CORRECTION_WORDS,
    COUNT_UNITS,
    NOTE_SECOND_WORDS,
    NOTE_STARTERS,
    NUMBER_REF_WORDS,
    ORDER_WORDS,
    QUANTITY_WORDS,
)
from nlu.mentions import Mention, is_product_word, match_at, numeral_mention, size_mention
from nlu.normalise import MONEY, NUMBER, SEP, SPEC, WORD, Token

__all__ = ["Extraction", "extract"]

# Words after which a product-like word is an order for something we may not sell.
_ASKING = ORDER_WORDS | {"tem", "teria", "vende", "vendem", "servem"}
# How many words an unknown product name may have ("pizza de calabresa").
MAX_UNKNOWN_WORDS = 4


@dataclass
class Extraction:
    """What one pass found; quantities are still raw (validated by the parser)."""

    mentions: list[Mention] = field(default_factory=list)
    numbers: list[tuple[int, int]] = field(default_factory=list)  # (number, quantity)
    unknown: list[tuple[str, int]] = field(default_factory=list)  # (text, quantity)
    suggested: dict[int, tuple[str, ...]] = field(default_factory=dict)  # unknown → close ids
    change_for: float | None = None
    corrected: bool = False


@dataclass
class _State:
    pending: int | None = None  # a quantity waiting for its item
    pending_at: int = -1
    pending_is_digit: bool = False
    each: bool = False
    correcting: bool = False
    add_on_quantity: int | None = None  # "2 açaí com morango": morango × 2


def _is_sep(tokens: list[Token], j: int) -> bool:
    return j >= len(tokens) or tokens[j].kind == SEP


def _word(tokens: list[Token], j: int) -> str:
    return tokens[j].text if j < len(tokens) and tokens[j].kind == WORD else ""


def _is_note_start(tokens: list[Token], j: int) -> bool:
    word = _word(tokens, j)
    if word not in NOTE_STARTERS:
        return False
    second = NOTE_SECOND_WORDS.get(word)
    return second is None or _word(tokens, j + 1) in second


def _is_quantity(tok: Token) -> bool:
    return tok.kind == NUMBER or (tok.kind == WORD and tok.text in QUANTITY_WORDS)


def _note_end(tokens: list[Token], j: int, index: MenuIndex) -> int:
    """Where a note starting at ``j`` stops: a separator, or "e" + a new quantity or item."""
    n = len(tokens)
    while j < n and tokens[j].kind != SEP:
        tok = tokens[j]
        if tok.text in ("e", "mais") and j + 1 < n and (
            _is_quantity(tokens[j + 1]) or match_at(tokens, j + 1, index) is not None
        ):
            return j
        if _is_quantity(tok) and j + 1 < n and match_at(tokens, j + 1, index) is not None:
            return j
        j += 1
    return j


def extract(tokens: list[Token], index: MenuIndex) -> Extraction:
    """Walk the tokens once (see the module docstring)."""
    ex = Extraction()
    st = _State()
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        if tok.kind == SEP:
            _flush(ex, st)
            st.add_on_quantity = None
            i += 1
            continue
        if tok.kind == MONEY:
            if _word(tokens, i + 1) == "de" and _word(tokens, i + 2) in CHANGE_WORDS:
                ex.change_for = tok.value
                i += 3
                continue
            i += 1
            continue
        if _is_quantity(tok) and (mention := numeral_mention(tokens, i, index)) is not None:
            i = _attach(tokens, mention, ex, st, index)
            continue
        if tok.kind == NUMBER:
            i = _number(tokens, i, ex, st)
            continue
        if tok.kind != WORD:
            i += 1
            continue
        word = tok.text
        if word in CHANGE_WORDS:
            i = _change(tokens, i, ex, st)
            continue
        if ex.mentions and (
            word in CORRECTION_WORDS
            or (word == "nao" and (_is_sep(tokens, i + 1) or _is_quantity(tokens[i + 1])))
            or (word == "na" and _word(tokens, i + 1) == "verdade")
            or (word == "quer" and _word(tokens, i + 1) == "dizer")
        ):
            _flush(ex, st)
            st.correcting = True
            i += 2 if word in ("na", "quer") else 1
            continue
        if word in QUANTITY_WORDS and not (
            word in ("um", "uma") and st.pending is not None
        ):
            _set_pending(tokens, i, QUANTITY_WORDS[word], ex, st, digit=False)
            i += 3 if st.each and _word(tokens, i + 1) == "de" else 1
            continue
        if (
            word in ("de", "do", "da") and i + 1 < n and tokens[i + 1].kind in (NUMBER, SPEC)
            and (st.pending is not None or _word(tokens, i - 1) in ARTICLES)
            and (sized := size_mention(tokens, i + 1, index)) is not None
        ):
            sized.start = i  # "um de 500", "o de 2 litros"
            i = _attach(tokens, sized, ex, st, index)
            continue
        if word == "pf" and not _pf_is_item(tokens, i):
            i += 1
            continue
        mention = match_at(tokens, i, index)
        if st.pending is not None and ex.mentions and (mention is None or len(mention.ids) > 1):
            # A quantity then part of a name reuses the last item's first word:
            # "10 esfihas de carne e 5 de queijo", "uma marmitex P e uma G",
            # "uma água com gás e uma sem gás".
            skip = 1 if word in ("de", "da", "do") else 0
            headed = match_at(tokens, i + skip, index, head=ex.mentions[-1].head)
            if headed is not None and (mention is None or len(headed.ids) < len(mention.ids)):
                headed.start = i
                mention = headed
        if mention is not None:
            i = _attach(tokens, mention, ex, st, index)
            continue
        if ex.mentions and _is_note_start(tokens, i) and word != "mais":
            end = _note_end(tokens, i, index)
            start = st.pending_at if st.pending is not None else i
            note = " ".join(t.text for t in tokens[start:end])
            last = ex.mentions[-1]
            last.note = f"{last.note}; {note}" if last.note else note
            st.pending = None
            i = end
            continue
        if is_product_word(tok) and (st.pending is not None or _asking(tokens, i)):
            i = _unknown(tokens, i, ex, st)
            continue
        i += 1
    _flush(ex, st)
    return ex


def _asking(tokens: list[Token], i: int) -> bool:
    j = i - 1
    while j >= 0 and tokens[j].kind == WORD and tokens[j].text in ARTICLES:
        j -= 1
    return j >= 0 and tokens[j].kind == WORD and tokens[j].text in _ASKING


def _pf_is_item(tokens: list[Token], i: int) -> bool:
    """"pf" is "prato feito" after a quantity, article or order word, or to open a message."""
    if i == 0 or tokens[i - 1].kind == SEP:
        return True
    prev = tokens[i - 1]
    return (
        _is_quantity(prev) or prev.text in ARTICLES or prev.text in ORDER_WORDS
        or _is_note_start(tokens, i + 1)
    )


def _set_pending(
    tokens: list[Token], i: int, value: int, ex: Extraction, st: _State, digit: bool
) -> None:
    if st.pending is not None:
        _flush(ex, st)
    st.pending, st.pending_at, st.pending_is_digit = value, i, digit
    st.each = _word(tokens, i + 1) == "de" and _word(tokens, i + 2) == "cada"


def _number(tokens: list[Token], i: int, ex: Extraction, st: _State) -> int:
    value = tokens[i].int_value
    between = {t.text for t in tokens[st.pending_at + 1 : i]} if st.pending is not None else set()
    if st.pending is not None and between and between <= {"x", "do", "da", "de", "numero", "o"}:
        ex.numbers.append((value, st.pending))  # "2x 7", "2 do número 7"
        st.pending = None
        return i + 1
    if i > 0 and _word(tokens, i - 1) in NUMBER_REF_WORDS and st.pending is None:
        ex.numbers.append((value, 1))
        return i + 1
    _set_pending(tokens, i, value, ex, st, digit=True)
    j = i + 1
    if _word(tokens, j) in COUNT_UNITS:
        j += 1
    if st.each:
        j += 2
    return j


def _change(tokens: list[Token], i: int, ex: Extraction, st: _State) -> int:
    """"troco pra 100", "troco de 50 reais", "100 de troco" → change, never a quantity."""
    if st.pending is not None and st.pending_is_digit and i - st.pending_at <= 2:
        ex.change_for = float(st.pending)
        st.pending = None
        return i + 1
    for j in range(i + 1, min(i + 4, len(tokens))):
        if tokens[j].kind in (NUMBER, MONEY):
            ex.change_for = tokens[j].value
            return j + 1
    return i + 1


def _attach(
    tokens: list[Token], mention: Mention, ex: Extraction, st: _State, index: MenuIndex
) -> int:
    """Give a mention its quantity (before or after it) and note; return where to go on."""
    n = len(tokens)
    if st.pending is not None:
        mention.quantity, mention.explicit_quantity = st.pending, True
        mention.each = st.each
        st.pending, st.each = None, False
    add_on = len(mention.ids) == 1 and mention.ids[0] in index.add_ons
    if add_on and not mention.explicit_quantity and st.add_on_quantity is not None:
        mention.quantity = st.add_on_quantity
    elif not add_on:
        st.add_on_quantity = None
    j = mention.end
    if _word(tokens, j) == "x" and j + 1 < n and tokens[j + 1].kind == NUMBER:
        mention.quantity, mention.explicit_quantity = tokens[j + 1].int_value, True
        j += 2
    elif not mention.explicit_quantity and j < n and tokens[j].kind == NUMBER:
        after = j + 1
        if _word(tokens, after) in COUNT_UNITS or _word(tokens, after) == "x":
            after += 1
        if _is_sep(tokens, after) or _is_note_start(tokens, after):
            mention.quantity, mention.explicit_quantity = tokens[j].int_value, True
            j = after
    if len(mention.ids) > 1 and (flavour := _unknown_flavour(tokens, j, index)):
        # "uma pizza de atum", "2 cervejas heineken": a kind we do not sell, not "which one?"
        ex.unknown.append((f"{mention.text} {' '.join(flavour)}", mention.quantity))
        ex.suggested[len(ex.unknown) - 1] = mention.ids
        return j + len(flavour)
    if _word(tokens, j) == "com" and _another_item(tokens, j + 1, mention, index):
        j += 1  # "pizza com borda de cheddar", "pf com uma coca": an item, not a note
        if not add_on:
            st.add_on_quantity = mention.quantity
    elif _is_note_start(tokens, j) and _word(tokens, j) != "mais":
        end = _note_end(tokens, j, index)
        mention.note = " ".join(t.text for t in tokens[j:end]) or None
        j = end
    if st.correcting and ex.mentions:
        ex.mentions.pop()
        ex.corrected = True
    st.correcting = False
    ex.mentions.append(mention)
    return j


def _unknown_flavour(tokens: list[Token], j: int, index: MenuIndex) -> list[str]:
    """Words right after a mention that name no item and no note ("de atum"), or []."""
    words = []
    if _word(tokens, j) in ("de", "da", "do"):
        words.append(tokens[j].text)
        j += 1
    if j < len(tokens) and is_product_word(tokens[j]) and not _is_note_start(tokens, j) \
            and tokens[j].text not in QUANTITY_WORDS and index.lookup(tokens[j].text) is None:
        return [*words, tokens[j].text]
    return []


def _another_item(tokens: list[Token], j: int, mention: Mention, index: MenuIndex) -> bool:
    """After "com": a quantity, or a fully named add-on ("borda de cheddar")."""
    if j >= len(tokens):
        return False
    if _is_quantity(tokens[j]):
        return True
    other = match_at(tokens, j, index)
    if other is None or len(other.ids) != 1 or other.ids[0] not in index.add_ons:
        return False
    # "jantinha com espeto de carne": the dish already comes with one; that is a choice.
    return all(other.head[0] not in index.items[item_id].description_keys
               for item_id in mention.ids)


def _unknown(tokens: list[Token], i: int, ex: Extraction, st: _State) -> int:
    words = [tokens[i].text]
    j = i + 1
    while j < len(tokens) and len(words) < MAX_UNKNOWN_WORDS:
        tok = tokens[j]
        linked = tok.text in ("de", "da", "do") and j + 1 < len(tokens)
        if is_product_word(tok) or (linked and is_product_word(tokens[j + 1])):
            words.append(tok.text)
        else:
            break
        j += 1
    ex.unknown.append((" ".join(words), st.pending if st.pending is not None else 1))
    st.pending = None
    return j


def _flush(ex: Extraction, st: _State) -> None:
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
        elif st.pending_is_digit:
            ex.numbers.append((st.pending, 1))
    st.pending, st.each = None, False
