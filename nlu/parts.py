"""One quantity split over several items of a kind: "1 com açúcar e 1 sem", "30 tradicional e
20 gourmet", "duas águas, uma com gás e uma sem", "2 grandes, uma calabresa e uma portuguesa".

A message is cut into parts, each opening with a quantity ("1 lata", "e 1 de 600"); each
part is read among a known set of items — the options of "qual delas?", the items a
counted heading left open ("duas águas"), or the variants of the line just ordered — by
the words that tell those items apart: a size ("grande", "P"), a flavour, "com X", a bare
"sem" opposite to a "com X" said before, or a word for the plain one ("normal"). A part
that names an item outside the set is not an answer: the message is read as usual.
Nothing here names a dish: the sets and their words come from the loaded menu.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from nlu.choose import relative_size
from nlu.counting import variant_keys
from nlu.index import MenuIndex, phrase_keys
from nlu.lexicon import (
    ARTICLES,
    FUNCTION_WORDS,
    PLAIN_WORDS,
    QUANTITY_WORDS,
    SALE_UNIT_WORDS,
    SIZE_LETTERS,
    SIZES,
)
from nlu.mentions import Mention, make_mention, match_at
from nlu.menu import MenuItem
from nlu.normalise import NUMBER, SEP, SPEC, WORD, Token, tokenize, word_key
from nlu.scan import Extraction, is_quantity, word_at

__all__ = ["Part", "closest_variant", "family", "narrow_to_last", "pick", "quantity_parts",
           "reuse_last_kind", "split_choice", "split_family", "split_headings"]

# Words before a quantity that open a new part ("2 lata e 1 de 600", "1 grande, 1 broto").
_PART_BREAK = frozenset({"e", "mais", "sendo"})
# "com" and "sem" said alone answer with the item that has (or lacks) what was said before.
_MARKERS = frozenset({"com", "sem"})
# Everyday words that still answer on their own: a size, a marker, the plain one.
_SAID_ALONE = frozenset(SIZES) | _MARKERS | PLAIN_WORDS


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a message: its quantity (None when unsaid) and the words after it."""

    quantity: int | None
    at: int  # where the part starts (its quantity, when said)
    start: int  # the first word after the quantity
    end: int


# Below this, "1 g" is one large, not a gram ("1 p e 1 g" answering "P ou G?").
_MAX_GLUED_COUNT = 50


def _glued_size(tok: Token) -> int | None:
    """ "1 g" read as a weight ("1g"): the count of a size letter."""
    if tok.kind != SPEC or tok.text[-1:] not in SIZE_LETTERS or not tok.text[:-1].isdigit():
        return None
    count = int(tok.text[:-1])
    return count if 0 < count < _MAX_GLUED_COUNT else None


def _value(tok: Token) -> int | None:
    if tok.kind == NUMBER:
        return tok.int_value if tok.value == tok.int_value else None
    if tok.kind == SPEC:
        return _glued_size(tok)
    return QUANTITY_WORDS.get(tok.text) if tok.kind == WORD else None


def _opens_part(tokens: list[Token], j: int, first: int) -> bool:
    """Does a quantity at ``j`` open a part ("e 1 de 600"), rather than sit inside one?"""
    if not (is_quantity(tokens[j]) or _glued_size(tokens[j])) or _value(tokens[j]) is None:
        return False
    if word_at(tokens, j + 1) == "de" and word_at(tokens, j + 2) == "cada":
        return False  # "um de cada" spreads over the items, it picks none
    if j == first:
        return True
    before = tokens[j - 1]
    return before.kind == SEP or (before.kind == WORD and before.text in _PART_BREAK)


def quantity_parts(tokens: list[Token], start: int = 0,
                   end: int | None = None) -> list[Part]:
    """The parts from ``start``: each opens with a quantity; words before the first quantity
    form a part of their own with no quantity ("a de lata")."""
    end = len(tokens) if end is None else end
    first = start
    while first < end and (tokens[first].kind == SEP or word_at(tokens, first) in _PART_BREAK):
        first += 1
    opens = [j for j in range(first, end) if _opens_part(tokens, j, first)]
    parts: list[Part] = []
    if first < end and (not opens or opens[0] != first):
        parts.append(Part(None, first, first, opens[0] if opens else end))
    for position, j in enumerate(opens):
        stop = opens[position + 1] if position + 1 < len(opens) else end
        glued = tokens[j].kind == SPEC  # "1g": the letter is the part's word
        parts.append(Part(_value(tokens[j]), j, j if glued else j + 1, stop))
    return parts


def _words(tokens: list[Token]) -> list[Token]:
    """The part's own tokens: no separators, joining words or articles at its edges."""
    kept = [tok for tok in tokens if tok.kind != SEP]
    while kept and kept[-1].kind == WORD and kept[-1].text in _PART_BREAK | ARTICLES:
        kept.pop()
    while kept and kept[0].kind == WORD and kept[0].text in ARTICLES:
        kept.pop(0)
    return kept


def _keys(tokens: list[Token], index: MenuIndex) -> set[str]:
    """The menu keys a part says: names, sizes (words and letters), volumes, "com X"."""
    keys = {key for key in phrase_keys(tokens) if key in index.postings}
    glued = bool(tokens) and _glued_size(tokens[0]) is not None
    if glued:
        keys.add(word_key(SIZE_LETTERS[tokens[0].text[-1]]))
    keys.update(variant_keys(tokens, index, start=1 if glued else 0))
    return keys


def _has(index: MenuIndex, item_id: str, key: str) -> bool:
    """Is the key one of the item's, alone or as the "com/sem X" the item is named with?"""
    keys = index.items[item_id].keys
    return item_id in index.postings.get(key, ()) or f"com {key}" in keys \
        or f"sem {key}" in keys


def _plainest(ids: Collection[str], index: MenuIndex) -> list[str]:
    """The items that are no other item plus words ("Coca-Cola Lata" beside the Zero Lata)."""
    names = {item_id: index.items[item_id].name_keys for item_id in ids}
    return [item_id for item_id, keys in names.items()
            if not any(other < keys for other_id, other in names.items() if other_id != item_id)]


def _by_marker(marker: str, candidates: Sequence[str], index: MenuIndex) -> str | None:
    """A bare "sem" (or "com"): the item named with "sem X", or the one without a "com X"."""
    marked = [c for c in candidates
              if any(key.startswith(marker + " ") for key in index.items[c].name_keys)]
    if len(marked) == 1:
        return marked[0]
    if marker == "sem" and not marked:
        plain = [c for c in candidates
                 if not any(key.startswith("com ") for key in index.items[c].name_keys)]
        if len(plain) == 1 and len(candidates) > 1:
            return plain[0]
    return None


def pick(tokens: list[Token], candidates: Sequence[str], index: MenuIndex,
         prefer: str | None = None) -> str | None:
    """The one candidate a part's words choose, or None (``prefer`` breaks a tie of plain
    items: the line the customer just ordered)."""
    words = _words(tokens)
    if not words or not candidates:
        return None
    keys = _keys(words, index)
    for key in keys:
        owners = index.postings.get(key)
        if owners and key not in index.weak and not any(_has(index, c, key) for c in candidates):
            return None  # "1 guaraná" among the cocas names something else
    scores = {c: sum(_has(index, c, key) for key in keys) for c in candidates}
    best = max(scores.values())
    if best > 0:
        top = [c for c in candidates if scores[c] == best]
        if len(top) == 1:
            return top[0]
        plain = _plainest(top, index)
        if len(plain) == 1 and len(keys) > 0:
            return plain[0]
        return prefer if prefer in plain else None
    said = [tok.text for tok in words if tok.kind == WORD and (
        tok.text not in FUNCTION_WORDS or tok.text in _SAID_ALONE)]  # "pode ser o grande"
    if said and all(word in SIZES for word in said):
        return relative_size(said, candidates, index)  # "o grande" among 300 ml and 500 ml
    if len(said) == 1 and said[0] in _MARKERS:
        return _by_marker(said[0], candidates, index)
    if said and all(word in PLAIN_WORDS for word in said):
        plain = _plainest(candidates, index)
        if len(plain) == 1:
            return plain[0]
        return prefer if prefer in plain else None
    return None


def _mention(item_id: str, part: Part, tokens: list[Token], index: MenuIndex) -> Mention:
    text = " ".join(tok.text for tok in tokens[part.at:part.end] if tok.kind != SEP)
    first = index.items[item_id].head_key
    mention = Mention((item_id,), index.items[item_id].item.available, part.at, part.end,
                      text, head=(first, first))
    if part.quantity is not None:
        mention.quantity, mention.explicit_quantity = part.quantity, True
    mention.pool = frozenset((item_id,))
    return mention


def _inside(mention: Mention, parts: Sequence[Part]) -> bool:
    return any(part.at <= mention.start < part.end for part in parts)


def _each_list(tokens: list[Token]) -> list[Part]:
    """ "1 de cada: carne, frango e pastor": the same quantity for each option listed."""
    j = 0
    while j < len(tokens) and tokens[j].kind == SEP:
        j += 1
    quantity = _value(tokens[j]) if j < len(tokens) else None
    if quantity is None or word_at(tokens, j + 1) != "de" or word_at(tokens, j + 2) != "cada":
        return []
    parts: list[Part] = []
    start = j + 3
    for k in range(j + 3, len(tokens) + 1):
        if k == len(tokens) or tokens[k].kind == SEP or word_at(tokens, k) == "e":
            if k > start:
                parts.append(Part(quantity, start, start, k))
            start = k + 1
    return parts


def _one_each(tokens: list[Token], part: Part, options: Sequence[str],
              index: MenuIndex) -> list[Part]:
    """A listed part as it picks: whole, or word by word when its words name one option
    each ("carne frango")."""
    if pick(tokens[part.start:part.end], options, index) is not None:
        return [part]
    words = [Part(part.quantity, j, j, j + 1) for j in range(part.start, part.end)
             if tokens[j].kind == WORD]
    if len(words) > 1 and all(pick(tokens[w.start:w.end], options, index) for w in words):
        return words
    return [part]


def split_choice(tokens: list[Token], ex: Extraction, index: MenuIndex,
                 options: Sequence[str]) -> bool:
    """Answering "qual delas?": each part that picks an option becomes that option.

    Parts that pick none must name another item the walk found ("2 de laranja e um
    pudim"); otherwise the message is left as read. True when the answer was split.
    """
    options = [o for o in options if o in index.items]
    each = _each_list(tokens)
    if each:  # "1 de cada: carne frango e pastor": a word per option, commas or not
        parts = [word for part in each for word in _one_each(tokens, part, options, index)]
    else:
        parts = quantity_parts(tokens)
    if not options or not parts:
        return False
    if len(parts) == 1 and any(set(m.ids) <= set(options) for m in ex.mentions):
        return False  # "a de lata": the walk already found the option
    picked: list[Mention] = []
    rest: list[Part] = []
    for part in parts:
        chosen = pick(tokens[part.start:part.end], options, index)
        if chosen is not None:
            picked.append(_mention(chosen, part, tokens, index))
        elif any(part.at <= m.start < part.end and not set(m.fits) & set(options)
                 for m in ex.mentions):
            rest.append(part)
        else:
            return False
    if not picked:
        return False
    kept = [m for m in ex.mentions if _inside(m, rest)]
    ex.mentions = sorted([*picked, *kept], key=lambda m: m.start)
    ex.numbers, ex.orphans, ex.unknown, ex.suggested = [], [], [], {}
    return True


def family(index: MenuIndex, item_id: str) -> tuple[str, ...]:
    """The item and its variants: the same part of the menu and the same kind of dish, or a
    name one word apart ("Temaki de Salmão", "… com Cream Cheese", "Temaki Skin")."""
    mine = index.items.get(item_id)
    if mine is None:
        return ()
    found = [item_id]
    bare = _bare_name(mine.name_keys)
    for other_id, other in index.items.items():
        if other_id == item_id:
            continue
        if other.item.category != mine.item.category:
            if bare and _bare_name(other.name_keys) == bare:
                found.append(other_id)  # "Bolo de Laranja (fatia)", "Bolo de Laranja Inteiro"
            continue
        apart = mine.name_keys ^ other.name_keys
        if (mine.head_key and other.head_key == mine.head_key) or (
            len(apart) <= 2 and mine.name_keys & other.name_keys
        ):
            found.append(other_id)
    return tuple(found)


_SALE_KEYS = frozenset(word_key(SIZES.get(word, word)) for word in SALE_UNIT_WORDS)


def _bare_name(keys: frozenset[str]) -> frozenset[str]:
    """A name's keys without the size or unit it is sold by: one dish, listed apart per size
    ("Pizza Calabresa Grande" under "pizzas grandes") or per unit ("(fatia)", "Inteiro")."""
    return frozenset(key for key in keys if key not in _SALE_KEYS
                     and not key.startswith("#") and not any(ch.isdigit() for ch in key))


def sold_apart(a: MenuItem, b: MenuItem) -> bool:
    """Are the two one dish sold in two sizes or units, whatever part of the menu lists each
    ("Bolo de Laranja (fatia)" under bolos em fatia, "Bolo de Laranja Inteiro" under bolos
    inteiros): the same name once the size or unit words are left out?"""
    bare_a = _bare_name(frozenset(phrase_keys(tokenize(a.name))))
    bare_b = _bare_name(frozenset(phrase_keys(tokenize(b.name))))
    return a.id != b.id and bool(bare_a) and bare_a == bare_b


def closest_variant(index: MenuIndex, item_id: str, ids: Collection[str]) -> str | None:
    """Among ``ids``, the one variant of ``item_id`` sharing most words with it, if one."""
    kin = set(family(index, item_id)) - {item_id}
    return index.most_alike(item_id, [c for c in ids if c in kin])


def split_family(tokens: list[Token], ex: Extraction, index: MenuIndex, last: str) -> bool:
    """ "um normal e um com cream cheese" right after "2 temakis de salmão": the line just
    ordered, split over its variants (it restates that line, the caller replaces it)."""
    if tokens and tokens[0].kind != NUMBER and word_at(tokens, 0) not in QUANTITY_WORDS:
        return False  # "e 2 de frango": more of them, not the same ones split
    parts = quantity_parts(tokens)
    kin = family(index, last)
    if len(parts) < 2 or len(kin) < 2 or any(part.quantity is None for part in parts):
        return False
    picked = []
    for part in parts:
        chosen = pick(tokens[part.start:part.end], kin, index, prefer=last)
        if chosen is None:
            return False
        picked.append(_mention(chosen, part, tokens, index))
    if last not in {m.ids[0] for m in picked}:
        return False
    ex.mentions = picked
    ex.numbers, ex.orphans, ex.unknown, ex.suggested = [], [], [], {}
    return True


def split_headings(tokens: list[Token], ex: Extraction, index: MenuIndex) -> None:
    """ "duas águas, uma com gás e uma sem": a counted heading left open, told part by part."""
    for position, heading in enumerate(ex.mentions):
        if len(heading.ids) < 2 or not heading.explicit_quantity or heading.quantity < 2:
            continue
        start = heading.end
        while start < len(tokens) and (tokens[start].kind == SEP
                                       or word_at(tokens, start) == "sendo"):
            start += 1
        if word_at(tokens, start) in ("e", "mais"):
            continue  # "2 cervejas e 2 heineken": more of them, not the heading told apart
        parts = quantity_parts(tokens, start)
        if not parts or parts[0].quantity is None:
            continue
        picked: list[Mention] = []
        total = 0
        for part in parts:
            if total >= heading.quantity:
                break
            chosen = pick(tokens[part.start:part.end], heading.ids, index)
            if chosen is None:
                break
            picked.append(_mention(chosen, part, tokens, index))
            total += part.quantity or 0
        if not picked or total != heading.quantity:
            continue
        end = picked[-1].end
        before = ex.mentions[:position]
        after = [m for m in ex.mentions[position + 1:] if m.start >= end]
        ex.mentions = [*before, *picked, *after]
        return


def reuse_last_kind(tokens: list[Token], ex: Extraction, index: MenuIndex, last: str) -> None:
    """ "de chocolate" right after talking of a croissant, "e um de maracujá" after a suco:
    a message that opens with "de …" leaves out the kind of the item just talked about."""
    j = 0
    quantity: int | None = None
    while j < len(tokens) and (word_at(tokens, j) in _PART_BREAK | ARTICLES | {"tambem"}
                               or tokens[j].kind == SEP):
        j += 1
    if j < len(tokens) and _value(tokens[j]) is not None and word_at(tokens, j) not in ARTICLES:
        quantity = _value(tokens[j])
        j += 1
    if word_at(tokens, j) not in ("de", "da", "do") or j + 1 >= len(tokens) \
            or tokens[j + 1].kind != WORD:
        return
    head = index.items[last].head_key
    headed = match_at(tokens, j + 1, index, head=(head, head))
    if headed is None or not headed.strong or len(headed.keys) < 2:
        return
    first = next((m for m in ex.mentions if j <= m.start <= j + 1), None)
    if first is not None and set(first.ids) <= set(headed.ids):
        return  # the words alone already named one of that kind
    headed.start = j
    if first is not None:
        headed.quantity, headed.explicit_quantity = first.quantity, first.explicit_quantity
        headed.note = first.note
        ex.mentions = [headed if m is first else m for m in ex.mentions]
    else:
        if quantity is not None:
            headed.quantity, headed.explicit_quantity = quantity, True
        ex.mentions = sorted([*ex.mentions, headed], key=lambda m: m.start)
        ex.unknown, ex.suggested = [], {}


def narrow_to_last(tokens: list[Token], ex: Extraction, index: MenuIndex, last: str) -> None:
    """ "quero 2 de 300" after asking about the caldo de feijão, "manda uma meia" after the
    isca de peixe: a size said with no name of its own is the item just talked about, in
    that size (itself, or its variant closest to it)."""
    for mention in ex.mentions:
        if mention.strong or len(mention.ids) < 2:
            continue
        near = last if last in mention.ids else closest_variant(index, last, mention.ids)
        if near is not None:
            mention.ids, mention.pool = (near,), frozenset((near,))
    if ex.mentions or len(ex.unknown) != 1:
        return
    words, quantity = ex.unknown[0]
    said = words.split()
    if not said or any(word not in SIZES for word in said):
        return
    keys = {word_key(SIZES[word]) for word in said}
    fits = [c for c in (last, *family(index, last)) if keys <= index.items[c].keys]
    near = last if last in fits else closest_variant(index, last, fits)
    at = next((j for j, tok in enumerate(tokens) if tok.text == said[0]), None)
    if near is None or at is None:
        return
    key = index.items[near].head_key
    mention = make_mention({near}, tokens, at, at + len(said), (key, key), index, tuple(keys))
    mention.quantity, mention.explicit_quantity = quantity, True
    mention.strong = False
    ex.mentions, ex.unknown, ex.suggested = [mention], [], {}
