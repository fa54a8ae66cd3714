"""Find item mentions in a token stream and resolve each to one item, several, or none.

A mention is a run of words that all belong to at least one common item ("coca de lata":
both words belong to ``coca_lata``). Words that belong to no common item start a new
mention ("feijoada coca" is two). Ties are settled by an exact name or alias; otherwise
the mention is ambiguous and the assistant asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlu.index import MenuIndex, number_key, phrase_keys
from nlu.lexicon import (
    FUNCTION_WORDS,
    LINKERS,
    NUMBER_SIGNS,
    QUANTITY_WORDS,
    SIZE_LETTERS,
    SIZES,
)
from nlu.normalise import NUMBER, SEP, SPEC, WORD, Token, exact_key, word_key
from nlu.settle import settle, unbundled

__all__ = [
    "Mention", "is_product_word", "make_mention", "match_at", "numeral_mention", "size_mention",
]

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
    head: tuple[str, str] = ("", "")  # (key, exact key) of the first word
    strong: bool = True  # named by a word of its own, not only by a size or a number
    keys: tuple[str, ...] = ()  # the menu keys said
    pool: frozenset[str] = frozenset()  # every item the words fit, before a tie was settled
    # the rest of its own name followed, as a note would ("Frango com Catupiry")
    named_on: bool = False

    @property
    def fits(self) -> frozenset[str]:
        """Every item the words fit (the settled ones when nothing wider was recorded)."""
        return self.pool or frozenset(self.ids)


# Longest item name, in meaningful words, looked for after a count's "x".
_LONGEST_NAME_AFTER_X = 8


def _counts_a_whole_name(tokens: list[Token], j: int, index: MenuIndex) -> bool:
    """Is the "x" at ``j`` a count's ("2x bacon extra", "2x picanha fatiada 500g") because
    the words after it are the whole name of an item of two words or more?"""
    if j == 0 or tokens[j - 1].kind != NUMBER:
        return False
    for end in range(j + 3, min(len(tokens), j + 1 + _LONGEST_NAME_AFTER_X) + 1):
        if tokens[end - 1].kind == SEP:
            break
        keys = phrase_keys(tokens[j + 1:end], exact_key)
        if len(keys) > 1 and keys in index.phrase_owners:
            return True
    return False


def _key_at(
    tokens: list[Token], j: int, index: MenuIndex, started: bool
) -> tuple[str, str, int] | None:
    """(key, exact key, tokens used) of an item word at ``j``, or None."""
    if j >= len(tokens):
        return None
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
        glued = word_key(text + nxt.text)
        if glued in postings and glued not in index.glued and text not in LINKERS \
                and nxt.text not in LINKERS and len(text) > 2 and len(nxt.text) > 1:
            # "milk shake" = "milkshake"; never "p pra" = "ppra"
            return glued, exact_key(text + nxt.text), 2
        if text == "x" and not _counts_a_whole_name(tokens, j, index):
            key = word_key("x" + nxt.text)
            if key in postings and key != "x":  # "1x x-salada": the first x counts
                return key, exact_key("x" + nxt.text), 2
            for bones in sorted(index.skeleton_keys(nxt.text)):  # "x-bcn": x-bacon
                if "x" + bones in postings:
                    return "x" + bones, "x" + bones, 2
            repaired = index.lookup("x" + nxt.text)  # "x bacom": x-bacon
            if repaired is not None and repaired.startswith("x") and repaired != "x":
                return repaired, repaired, 2
        elif text in ("com", "sem") and started:
            word = SIZES.get(nxt.text, nxt.text)
            key = f"{text} {word_key(word)}"
            if key in postings:
                return key, f"{text} {exact_key(word)}", 2
    if text in SIZES:
        key = word_key(SIZES[text])
        return (key, exact_key(SIZES[text]), 1) if key in postings else None
    if text in SIZE_LETTERS and (started or (
            j > 0 and (tokens[j - 1].kind == NUMBER or tokens[j - 1].text in QUANTITY_WORDS)
            and nxt is not None and nxt.text in ("de", "da", "do"))):
        # "2 G de frango": counted and followed by what it is, the letter is the size
        key = word_key(SIZE_LETTERS[text])
        return (key, exact_key(SIZE_LETTERS[text]), 1) if key in postings else None
    if text == "x" and not started and "x" in postings and (
            nxt is None or nxt.kind == SEP or nxt.text in ("e", "ou")):
        return "x", "x", 1  # "um xis", "2 xis e 1 coca": any of the menu's x-
    if text in LINKERS or len(text) < 2:
        return None
    found = index.lookup(text)
    if found is None:
        return None
    exact = exact_key(text) if word_key(text) == found else found
    return found, exact, 1


def _de_for_com(
    tokens: list[Token], j: int, candidates: frozenset[str], index: MenuIndex
) -> tuple[str, str, int] | None:
    """"pamonha de queijo" names the "Pamonha com Queijo": what the menu joins with "com"
    customers often join with "de" (only when the word names nothing on its own)."""
    if j + 1 >= len(tokens):
        return None
    nxt = tokens[j + 1]
    if tokens[j].text not in ("de", "da", "do") or nxt.kind != WORD or nxt.text in LINKERS:
        return None
    key = "com " + word_key(nxt.text)
    if candidates & index.postings.get(key, frozenset()):
        return key, "com " + exact_key(nxt.text), 1
    return None


def match_at(
    tokens: list[Token], i: int, index: MenuIndex, head: tuple[str, str] | None = None
) -> Mention | None:
    """The mention starting at token ``i``, or None when no item word starts there.

    ``head`` is the (key, exact key) of a word said before and left out here: in
    "um pastel de carne e um de queijo" the second mention is "pastel" + "de queijo".
    """
    postings = index.postings
    if head is not None:
        first = _key_at(tokens, i, index, started=True)
        if first is None and i > 0:  # "2 pamonhas de sal e 2 de queijo"
            first = _de_for_com(tokens, i - 1, postings.get(head[0], frozenset()), index)
        if first is None:
            return None
        candidates = frozenset(  # "4 red bull" is no "Combo … + 4 Red Bull"
            item_id for item_id in postings[head[0]] & postings[first[0]]
            if index.items[item_id].bundle_head in (None, head[0])
        )
        if not candidates:
            return None
        keys, exact = [head[0], first[0]], [head[1], first[1]]
    else:
        first = _key_at(tokens, i, index, started=False)
        if first is None:
            return None
        keys, exact = [first[0]], [first[1]]
        candidates = unbundled(postings[first[0]], first[0], index)
    j = i + first[2]
    end = j
    n = len(tokens)
    while j < n:
        step = _key_at(tokens, j, index, started=True) or _skeleton_step(tokens[j], candidates,
                                                                         index)
        skipped = 0
        linker = tokens[j].text in LINKERS and tokens[j].text not in ("com", "sem")
        counted = _count_in_name(tokens, j, index, candidates)
        if step is None and counted is not None:
            step, skipped = counted, 1  # "copo com 2 bolas", "copos de uma bola"
        elif step is None and tokens[j].text == "e" and j + 2 < n \
                and tokens[j + 1].text == "de" and tokens[j + 2].kind in (NUMBER, SPEC):
            # "a vitamina é de 700": the "é" written or read as "e", then the item's size
            step = _key_at(tokens, j + 2, index, started=True)
            if step is None or not candidates & postings.get(step[0], frozenset()):
                break
            skipped = 2
        elif step is None and tokens[j].kind == WORD and linker and j + 1 < n:
            if tokens[j + 1].kind == NUMBER and tokens[j].text != "de":
                break  # "coca 2l e 2 pudins": a new quantity, not part of the name
            step = _key_at(tokens, j + 1, index, started=True) or _de_for_com(
                tokens, j, candidates, index)
            skipped = 1
            if step is not None and tokens[j].text == "e" and step[0] in keys:
                break  # "meia de calabresa e meia de fritas": a name says a word once
        if step is None or (len(candidates) == 1 and step[0].startswith(("com ", "sem "))):
            break  # already one item: "com …" after it is a note or an add-on, not its name
        narrowed = candidates & postings[step[0]]
        if not narrowed and step[0].isalpha():
            # "frango catupiry" names "Frango com Catupiry": the "com" may be left out.
            for joined in ("com " + step[0], "sem " + step[0]):
                if candidates & postings.get(joined, frozenset()):
                    step = (joined, joined.split()[0] + " " + step[1], step[2])
                    narrowed = candidates & postings[joined]
                    break
        if not narrowed:
            if step[0] in index.weak and not skipped and step[0].isalpha():
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
    if all(key in index.owner_keys for key in keys) \
            and (i == 0 or tokens[i - 1].text not in ("do", "da", "dos", "das")):
        return None  # "valeu tonhão" names no "Smash do Tonhão"; "o da casa" does
    if len(candidates) > 1 and _extra_follows(tokens, end):
        # "bacon extra", "cheddar a mais": the add-on, not the dishes made with it
        candidates = candidates & index.add_ons or candidates
    strong = sum(k not in index.weak for k in keys)
    ids = settle(candidates, tuple(exact), index, strong, first=keys[0], said=len(keys))
    mention = _mention(ids, tokens, i, end, (keys[0], exact[0]), index)
    brands = [tok.text for tok in tokens[i:end]
              if tok.kind == WORD and index.lookup(tok.text) in index.brand_stand_ins]
    if brands:
        mention.note = " ".join(brands)  # "coca lata" as a "Refrigerante Lata": which one
    mention.strong = strong > 0
    mention.keys = tuple(keys)
    mention.pool = candidates
    return mention


def _extra_follows(tokens: list[Token], j: int) -> bool:
    """Does "extra", "adicional" or "a mais" come right after position ``j``?"""
    word = tokens[j].text if j < len(tokens) and tokens[j].kind == WORD else ""
    nxt = tokens[j + 1].text if j + 1 < len(tokens) else ""
    return word in ("extra", "adicional") or (word == "a" and nxt == "mais")


def _skeleton_step(
    tok: Token, candidates: frozenset[str], index: MenuIndex
) -> tuple[str, str, int] | None:
    """A vowelless word that fits the item being named ("coca lt": lata, not leite)."""
    if tok.kind != WORD:
        return None
    for key in sorted(index.skeleton_keys(tok.text)):
        if candidates & index.postings[key]:
            return key, key, 1
    return None


def _count_in_name(
    tokens: list[Token], j: int, index: MenuIndex, candidates: frozenset[str]
) -> tuple[str, str, int] | None:
    """A number after "de/com" that is part of the candidates' names ("Copo com 1 Bola"), or
    after a number sign ("marmitex nº 8", "marmitex n 8", "número 8" with "Marmitex nº 8")."""
    if j + 1 >= len(tokens) or tokens[j].kind != WORD \
            or tokens[j].text not in ("de", "com", *NUMBER_SIGNS):
        return None
    tok = tokens[j + 1]
    value = tok.value if tok.kind == NUMBER else QUANTITY_WORDS.get(tok.text)
    if value is None or tok.kind not in (NUMBER, WORD):
        return None
    key = number_key(value)
    return (key, key, 1) if candidates & index.postings.get(key, frozenset()) else None


def _mention(
    ids: set[str], tokens: list[Token], start: int, end: int, head: tuple[str, str],
    index: MenuIndex,
) -> Mention:
    """A mention of the available items among ``ids`` (or of the unavailable ones if none)."""
    available = {item_id for item_id in ids if index.items[item_id].item.available}
    text = " ".join(tok.text for tok in tokens[start:end])
    if available:
        return Mention(index.ordered(available), True, start, end, text, head=head)
    return Mention(index.ordered(ids), False, start, end, text, head=head)


def make_mention(
    ids: set[str], tokens: list[Token], start: int, end: int, head: tuple[str, str],
    index: MenuIndex, keys: tuple[str, ...],
) -> Mention:
    """A mention of these items, settled like any other (see :func:`match_at`)."""
    mention = _mention(ids, tokens, start, end, head, index)
    mention.keys = keys
    return mention


def size_mention(tokens: list[Token], i: int, index: MenuIndex) -> Mention | None:
    """A size standing for an item: "um de 500", "o de 2 litros" (number or size at ``i``)."""
    tok = tokens[i]
    key = number_key(tok.value) if tok.kind == NUMBER else tok.text if tok.kind == SPEC else ""
    if key not in index.postings:
        return None
    mention = match_at(tokens, i + 1, index, head=(key, key))
    if mention is None:
        ids = settle(index.postings[key], (key,), index, strong=0)
        mention = _mention(ids, tokens, i, i + 1, (key, key), index)
        mention.strong = False
        return mention
    mention.start = i
    mention.text = f"{tok.text} {mention.text}"
    return mention


def numeral_mention(tokens: list[Token], i: int, index: MenuIndex) -> Mention | None:
    """A name that opens with a number ("uma 4 queijos"): the number is not a quantity."""
    if not index.numeral_pairs or i + 1 >= len(tokens):
        return None
    tok = tokens[i]
    value = tok.int_value if tok.kind == NUMBER else QUANTITY_WORDS.get(tok.text)
    nxt = _key_at(tokens, i + 1, index, started=True)
    if value is None or nxt is None or (value, nxt[0]) not in index.numeral_pairs:
        return None
    key = number_key(value)
    mention = match_at(tokens, i + 1, index, head=(key, key))
    if mention is not None and not tok.dozens and index.dozen_of:
        # "12 esfihas de carne" are twelve of them; "Dúzia de …" is meant when "dúzia" is said
        dozens = set(index.dozen_of.values())
        mention.ids = tuple(c for c in mention.ids if c not in dozens)
        if not mention.ids:
            return None
    if mention is not None:
        mention.start = i
        mention.text = f"{tok.text} {mention.text}"
    return mention


def is_product_word(tok: Token) -> bool:
    """Could this word name a product (not a function word, number or separator)?"""
    return tok.kind == WORD and len(tok.text) > 2 and tok.text not in FUNCTION_WORDS
