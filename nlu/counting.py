"""How many, and of what, when it is not said the plain way.

"x-tudo, três unidades" (the quantity after the item), "um saco de gelo" (a container
around the item), "uma 51" (a number that is the item's name), "o médio" (only a size,
when one kind of item comes in that size), "ela adora o bolo de fubá" (an item talked
about, not ordered), "pra minha esposa" (who it is for), "pão de queijo quentinho" (a
word describing the item). Small questions the token walk (``nlu.extract``) asks.
"""

from __future__ import annotations

from nlu.index import MenuIndex, number_key
from nlu.lexicon import (
    ARTICLES,
    BENEFICIARY_WORDS,
    CONTAINER_WORDS,
    COUNT_UNITS,
    MAX_BENEFICIARY_WORDS,
    NOT_ORDERING,
    QUANTITY_WORDS,
    SIZE_LETTERS,
    SIZES,
)
from nlu.mentions import Mention, make_mention, match_at
from nlu.normalise import NUMBER, SEP, SPEC, WORD, Token, word_key
from nlu.scan import Extraction, ScanState, is_note_start, is_quantity, is_sep, word_at

__all__ = [
    "beneficiary_end", "container_end", "count_after_item", "describes_last",
    "name_number_mention", "size_only_mention", "talked_about", "variant_keys", "variant_of",
]


def _value(tok: Token) -> int | None:
    if tok.kind == NUMBER:
        return tok.int_value
    return QUANTITY_WORDS.get(tok.text) if tok.kind == WORD else None


def count_after_item(tokens: list[Token], i: int, ex: Extraction) -> int | None:
    """ "x-tudo, três unidades": the quantity of the item just named, said after it."""
    if not ex.mentions or not is_quantity(tokens[i]):
        return None
    if ex.mentions[-1].explicit_quantity and ex.mentions[-1].quantity != 1:
        return None  # "2 x-tudo, 3 unidades" says two things; "um x-tudo, 3 unidades" one
    last = ex.mentions[-1]
    between = tokens[last.end:i]
    if any(tok.kind != SEP or tok.text not in (",", "-") for tok in between):
        return None
    if word_at(tokens, i + 1) not in COUNT_UNITS or not is_sep(tokens, i + 2):
        return None
    return _value(tokens[i])


def container_end(tokens: list[Token], i: int, index: MenuIndex) -> int | None:
    """ "um saco de gelo", "uma garrafa de coca": where the item starts after its container."""
    word = word_at(tokens, i)
    if word not in CONTAINER_WORDS or index.lookup(word) is not None:
        return None
    if word_at(tokens, i + 1) not in ("de", "da", "do") or match_at(tokens, i + 2, index) is None:
        return None
    return i + 2


def name_number_mention(
    tokens: list[Token], i: int, index: MenuIndex, st: ScanState
) -> Mention | None:
    """ "uma 51": a number that is part of one item's name, after an article or a quantity."""
    tok = tokens[i]
    ids = index.name_numbers.get(tok.int_value) if tok.kind == NUMBER else None
    if not ids:
        return None
    said_as_item = (st.pending is not None and not st.pending_is_digit) or \
        word_at(tokens, i - 1) in ARTICLES
    if not said_as_item or match_at(tokens, i + 1, index) is not None:
        return None
    key = number_key(tok.value)
    return make_mention(set(ids), tokens, i, i + 1, (key, key), index, (key,))


def size_only_mention(
    tokens: list[Token], i: int, index: MenuIndex, st: ScanState
) -> Mention | None:
    """ "o médio", "a grande": a size standing for the one kind of item sold in it."""
    word = word_at(tokens, i)
    ends = is_sep(tokens, i + 1) or is_quantity(tokens[i + 1])  # "2 grandes: 1 portuguesa …"
    if word not in SIZES or not ends:
        return None
    if st.pending is None and word_at(tokens, i - 1) not in ARTICLES:
        return None
    key = word_key(SIZES[word])
    ids = index.postings.get(key, frozenset())
    kinds = {index.items[item_id].head_key for item_id in ids}
    if not ids or len(kinds) != 1:
        return None
    mention = make_mention(set(ids), tokens, i, i + 1, (key, key), index, (key,))
    mention.strong = False
    return mention


def talked_about(tokens: list[Token], mention: Mention) -> bool:
    """ "ela adora o bolo de fubá", "comi a lasanha ontem": an item talked about, not ordered."""
    j = mention.start - 1
    while j >= 0 and word_at(tokens, j) in ARTICLES:
        j -= 1
    return word_at(tokens, j) in NOT_ORDERING


def describes_last(mention: Mention, ex: Extraction, st: ScanState, index: MenuIndex) -> bool:
    """A lone word right after an item that names no kind of item: it describes the item."""
    if not ex.mentions or st.pending is not None or mention.start != ex.mentions[-1].end:
        return False
    if mention.end - mention.start != 1:
        return False
    return all(index.items[item_id].head_key != mention.head[0] for item_id in mention.ids)


def beneficiary_end(tokens: list[Token], i: int) -> int | None:
    """Where "pra mim", "pra minha esposa", "pra a gente" ends, if one starts at ``i``."""
    j = i + 1
    if word_at(tokens, j) == "a" and word_at(tokens, j + 1) == "gente":
        j += 1
    if word_at(tokens, j) not in BENEFICIARY_WORDS:
        return None
    end = j + 1
    while end < len(tokens) and end - i <= MAX_BENEFICIARY_WORDS and tokens[end].kind == WORD \
            and tokens[end].text != "e" and not is_quantity(tokens[end]) \
            and not is_note_start(tokens, end):  # "pra mim sem cebola": a note on the dish
        end += 1
    return end


def variant_keys(tokens: list[Token], index: MenuIndex, start: int = 0) -> list[str]:
    """The menu keys a message says, from token ``start``, that may tell one variant from
    another ("grande", "500")."""
    keys = []
    for j, tok in enumerate(tokens[start:], start):
        if tok.kind == SPEC:
            keys.append(tok.text)
        elif tok.kind == NUMBER and word_at(tokens, j - 1) in ("de", "da", "do"):
            keys.append(number_key(tok.value))  # "o de 500"; a bare "2" is a quantity
        elif tok.kind == WORD and tok.text in SIZES:
            keys.append(word_key(SIZES[tok.text]))
        elif tok.kind == WORD and tok.text in SIZE_LETTERS:
            keys.append(word_key(SIZE_LETTERS[tok.text]))
        elif tok.kind == WORD and (key := index.lookup(tok.text)) is not None:
            keys.append(key)
    return keys


def variant_of(index: MenuIndex, item_id: str, keys: list[str]) -> str | None:
    """The item that is ``item_id`` with one of its words replaced by a word said.

    "Pizza Calabresa Média" + "grande" → "Pizza Calabresa Grande"; "Açaí 300ml" + "500" →
    "Açaí 500ml"; the item's whole name and more, "Lasanha à Bolonhesa" + "família" →
    "Lasanha à Bolonhesa Família (4 pessoas)". None when no such item, or more than one.
    """
    mine = index.items.get(item_id)
    if mine is None:
        return None
    found = set()
    for key in keys:
        if key in mine.keys:
            continue
        for other_id in index.postings.get(key, ()):
            other = index.items[other_id]
            if other_id != item_id and key in other.keys and other.head_key == mine.head_key \
                    and (len(other.name_keys - mine.name_keys) == 1
                         or mine.name_keys < other.name_keys):
                found.add(other_id)  # "… Média" → "… Grande"; "Lasanha" → "Lasanha Família"
    return found.pop() if len(found) == 1 else None
