"""One pass over the tokens: mentions with their quantities and notes, bare numbers, change.

Quantities come before ("2 feijoadas", "duas coca") or after ("coca x2", "feijoada 2")
an item; "um de cada" spreads over candidates; a quantity alone after a correction
("4 feijoadas. não, melhor 3") restates the last item; money is never a quantity.
"""

from __future__ import annotations

from nlu.index import MenuIndex
from nlu.lexicon import (
    ARTICLES,
    CHANGE_WORDS,
    CORRECTION_WORDS,
    COUNT_UNITS,
    ORDER_WORDS,
    QUANTITY_WORDS,
)
from nlu.mentions import Mention, is_product_word, match_at, numeral_mention, size_mention
from nlu.normalise import MONEY, NUMBER, SEP, SPEC, WORD, Token
from nlu.numbers import change, flush, number, set_pending
from nlu.scan import Extraction, ScanState, is_note_start, is_quantity, is_sep, word_at

__all__ = ["Extraction", "extract"]

# Words after which a product-like word is an order for something we may not sell.
_ASKING = ORDER_WORDS | {"tem", "teria", "vende", "vendem", "servem"}
# Words that may follow a quantity written after its item ("feijoada 2 por favor").
POLITE_WORDS = frozenset({"por", "favor", "ai", "obrigado", "obrigada", "tambem", "ok", "so"})
# Verbs followed by an infinitive ("vou esperar", "quero saber").
_AUXILIARIES = frozenset({"vou", "vai", "vamos", "quero", "queria", "gostaria", "posso", "pode",
                          "preciso", "precisa", "tenho", "devo"})
# How many words an unknown product name may have ("pizza de calabresa").
MAX_UNKNOWN_WORDS = 4


def _note_end(tokens: list[Token], j: int, index: MenuIndex) -> int:
    """Where a note starting at ``j`` stops: a separator, or "e" + a new quantity or item."""
    n = len(tokens)
    while j < n and tokens[j].kind != SEP:
        tok = tokens[j]
        if tok.text in ("e", "mais") and j + 1 < n and (
            is_quantity(tokens[j + 1]) or match_at(tokens, j + 1, index) is not None
        ):
            return j
        if is_quantity(tok) and j + 1 < n and match_at(tokens, j + 1, index) is not None:
            return j
        j += 1
    return j


def extract(tokens: list[Token], index: MenuIndex) -> Extraction:
    """Walk the tokens once (see the module docstring)."""
    ex = Extraction()
    st = ScanState()
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        if tok.kind == SEP:
            flush(ex, st)
            st.add_on_quantity = None
            i += 1
            continue
        if tok.kind == MONEY:
            if word_at(tokens, i + 1) == "de" and word_at(tokens, i + 2) in CHANGE_WORDS:
                ex.change_for = tok.value
                i += 3
                continue
            i += 1
            continue
        if is_quantity(tok) and (mention := numeral_mention(tokens, i, index)) is not None:
            i = _attach(tokens, mention, ex, st, index)
            continue
        if tok.kind == SPEC and (st.pending is not None or word_at(tokens, i - 1) in ARTICLES) \
                and (sized := size_mention(tokens, i, index)) is not None:
            i = _attach(tokens, sized, ex, st, index)  # "um 300ml com leite condensado"
            continue
        if tok.kind == NUMBER:
            i = number(tokens, i, ex, st)
            continue
        if tok.kind != WORD:
            i += 1
            continue
        word = tok.text
        if word in CHANGE_WORDS:
            i = change(tokens, i, ex, st)
            continue
        if ex.mentions and (
            word in CORRECTION_WORDS
            or (word == "nao" and (is_sep(tokens, i + 1) or is_quantity(tokens[i + 1])))
            or (word == "na" and word_at(tokens, i + 1) == "verdade")
            or (word == "quer" and word_at(tokens, i + 1) == "dizer")
        ):
            flush(ex, st)
            st.correcting = True
            i += 2 if word in ("na", "quer") else 1
            continue
        if word in QUANTITY_WORDS and not (
            word in ("um", "uma") and st.pending is not None
        ):
            set_pending(tokens, i, QUANTITY_WORDS[word], ex, st, digit=False)
            i += 3 if st.each and word_at(tokens, i + 1) == "de" else 1
            continue
        if (
            word in ("de", "do", "da") and i + 1 < n and tokens[i + 1].kind in (NUMBER, SPEC)
            and (st.pending is not None or word_at(tokens, i - 1) in ARTICLES)
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
        if mention is not None and _names_a_course(tokens, mention, index):
            i = mention.end  # "uma broto de chocolate de sobremesa": which course, not an order
            continue
        if mention is not None:
            i = _attach(tokens, mention, ex, st, index)
            continue
        if ex.mentions and is_note_start(tokens, i) and word != "mais":
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
    flush(ex, st)
    return ex


def _names_a_course(tokens: list[Token], mention: Mention, index: MenuIndex) -> bool:
    """A lone category word after "de/pra/como" ("de sobremesa", "pra beber") orders nothing."""
    return (
        mention.end - mention.start == 1 and mention.head[0] in index.category_keys
        and word_at(tokens, mention.start - 1) in ("de", "pra", "como")
    )


def _asking(tokens: list[Token], i: int) -> bool:
    j = i - 1
    while j >= 0 and tokens[j].kind == WORD and tokens[j].text in ARTICLES:
        j -= 1
    if j >= 0 and tokens[j].text in _AUXILIARIES and tokens[i].text.endswith(("ar", "er", "ir")):
        return False  # "vou esperar", "quero pagar": a verb after an auxiliary, not a product
    return j >= 0 and tokens[j].kind == WORD and tokens[j].text in _ASKING


def _pf_is_item(tokens: list[Token], i: int) -> bool:
    """"pf" is "prato feito" after a quantity, article or order word, or to open a message."""
    if i == 0 or tokens[i - 1].kind == SEP:
        return True
    prev = tokens[i - 1]
    return (
        is_quantity(prev) or prev.text in ARTICLES or prev.text in ORDER_WORDS
        or is_note_start(tokens, i + 1)
        or (prev.text == "de" and word_at(tokens, i - 2) in ORDER_WORDS)  # "vou de pf"
    )


def _attach(
    tokens: list[Token], mention: Mention, ex: Extraction, st: ScanState, index: MenuIndex
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
    if word_at(tokens, j) == "x" and j + 1 < n and tokens[j + 1].kind == NUMBER:
        mention.quantity, mention.explicit_quantity = tokens[j + 1].int_value, True
        j += 2
    elif not mention.explicit_quantity and j < n and tokens[j].kind == NUMBER:
        after = j + 1
        if word_at(tokens, after) in COUNT_UNITS or word_at(tokens, after) == "x":
            after += 1
        if is_sep(tokens, after) or is_note_start(tokens, after) or \
                word_at(tokens, after) in POLITE_WORDS:
            mention.quantity, mention.explicit_quantity = tokens[j].int_value, True
            j = after
    if len(mention.ids) > 1 and (flavour := _unknown_flavour(tokens, j, index)):
        # "uma pizza de atum", "2 cervejas heineken": a kind we do not sell, not "which one?"
        ex.unknown.append((f"{mention.text} {' '.join(flavour)}", mention.quantity))
        ex.suggested[len(ex.unknown) - 1] = mention.ids
        return j + len(flavour)
    if word_at(tokens, j) in ("de", "da", "do") and not is_quantity(tokens[j + 1]) \
            and match_at(tokens, j + 1, index) is not None:
        # "5 coração de frango": "de frango" says which coração, it is no second order.
        end = _note_end(tokens, j, index)
        mention.note = " ".join(t.text for t in tokens[j:end])
        j = end
    elif word_at(tokens, j) == "com" and _another_item(tokens, j + 1, mention, index):
        j += 1  # "pizza com borda de cheddar", "pf com uma coca": an item, not a note
        if not add_on:
            st.add_on_quantity = mention.quantity
    elif is_note_start(tokens, j) and word_at(tokens, j) != "mais":
        end = _note_end(tokens, j, index)
        mention.note = " ".join(t.text for t in tokens[j:end]) or None
        j = end
    if st.correcting and ex.mentions:
        ex.mentions.pop()
        ex.corrected = True
    st.correcting = False
    earlier = _same_as_before(tokens, mention, ex)
    if earlier is not None:
        # "uma feijoada e uma salada, a salada sem cebola": a note on the salad already asked.
        earlier.note = "; ".join(part for part in (earlier.note, mention.note) if part)
        return j
    ex.mentions.append(mention)
    return j


def _same_as_before(tokens: list[Token], mention: Mention, ex: Extraction) -> Mention | None:
    """The earlier mention that "a salada" (definite article, no quantity) points back to."""
    if mention.explicit_quantity or not mention.note or word_at(tokens, mention.start - 1) not in (
        "o", "a", "os", "as"
    ):
        return None
    return next((m for m in ex.mentions if m.ids == mention.ids), None)


def _unknown_flavour(tokens: list[Token], j: int, index: MenuIndex) -> list[str]:
    """Words right after a mention that name no item and no note ("de atum"), or []."""
    words = []
    if word_at(tokens, j) in ("de", "da", "do"):
        words.append(tokens[j].text)
        j += 1
    if j < len(tokens) and is_product_word(tokens[j]) and not is_note_start(tokens, j) \
            and tokens[j].text not in QUANTITY_WORDS and index.lookup(tokens[j].text) is None:
        return [*words, tokens[j].text]
    return []


def _another_item(tokens: list[Token], j: int, mention: Mention, index: MenuIndex) -> bool:
    """After "com": a quantity, or a fully named add-on ("borda de cheddar")."""
    if j >= len(tokens):
        return False
    if is_quantity(tokens[j]):
        return True
    other = match_at(tokens, j, index)
    if other is None or len(other.ids) != 1:
        return False
    if word_at(tokens, other.end) in ("separado", "separada") or (
        word_at(tokens, other.end) == "a" and word_at(tokens, other.end + 1) == "parte"
    ):
        return True  # "galinhada com farofa à parte": a side ordered on its own
    if other.ids[0] not in index.add_ons:
        return False
    # "jantinha com espeto de carne": the dish already comes with one; that is a choice.
    return all(other.head[0] not in index.items[item_id].description_keys
               for item_id in mention.ids)


def _unknown(tokens: list[Token], i: int, ex: Extraction, st: ScanState) -> int:
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
