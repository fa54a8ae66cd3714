"""One pass over the tokens: mentions with their quantities and notes, bare numbers, change.

Quantities come before ("2 feijoadas", "duas coca") or after ("coca x2", "feijoada 2")
an item; "um de cada" spreads over candidates; a quantity alone after a correction
("4 feijoadas. não, melhor 3") restates the last item; money is never a quantity.
"""

from __future__ import annotations

from functools import lru_cache

from nlu.choose import relative_size, size_variants
from nlu.context import (
    another_item,
    asking,
    counted_in_unit,
    foreign_kind,
    named_with_unit,
    names_a_course,
    note_end,
    pf_is_item,
    same_as_before,
    unknown_flavour,
    unknown_product,
)
from nlu.counting import (
    beneficiary_end,
    container_end,
    count_after_item,
    describes_last,
    name_number_mention,
    size_only_mention,
    talked_about,
)
from nlu.halves import half_and_half
from nlu.index import MenuIndex, number_key, phrase_keys
from nlu.lexicon import (
    ARTICLES,
    BAG_WORDS,
    CHANGE_WORDS,
    CONTAINER_WORDS,
    CORRECTION_WORDS,
    COUNT_UNITS,
    HALF_WORDS,
    LINKERS,
    NOTE_STARTERS,
    QUANTITY_WORDS,
    SIZES,
)
from nlu.mentions import (
    Mention,
    is_product_word,
    make_mention,
    match_at,
    numeral_mention,
    size_mention,
)
from nlu.normalise import MONEY, NUMBER, SEP, SPEC, TIME, WORD, Token, tokenize, word_key
from nlu.numbers import change, flush, number, set_pending
from nlu.scan import Extraction, ScanState, is_note_start, is_quantity, is_sep, word_at

__all__ = ["Extraction", "extract"]

# Words that may follow a quantity written after its item ("feijoada 2 por favor").
POLITE_WORDS = frozenset({"por", "favor", "ai", "obrigado", "obrigada", "tambem", "ok", "so"})
# Words before "de" that point back at the last item's kind ("pelo de maracujá").
_POINTING = frozenset({"pelo", "pela", "pelos", "pelas"})


def _enumerates_line(tokens: list[Token], i: int) -> bool:
    """A number opening a line and followed by a dot and a word numbers the line ("1. Pudim").

    The menu the assistant sends is numbered that way, and so are lists customers write:
    the number is the line's place, never a quantity nor a second menu reference.
    """
    return (
        (i == 0 or tokens[i - 1].text == "\n")
        and i + 2 < len(tokens) and tokens[i + 1].text == "."
        and (tokens[i + 2].kind == WORD or (  # "2. 3 pamonhas de sal"
            tokens[i + 2].kind == NUMBER and i + 3 < len(tokens) and tokens[i + 3].kind == WORD))
    )


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
        if tok.kind == TIME:
            i += 1  # "pra daqui 1 hora", "pras 19h": when, not how many
            continue
        if tok.kind == MONEY:
            if word_at(tokens, i + 1) == "de" and word_at(tokens, i + 2) in CHANGE_WORDS:
                ex.change_for = tok.value
                i += 3
                continue
            if ex.money is None:
                ex.money = tok.value
            i += 1
            continue
        if ex.mentions and (tok.kind == NUMBER or tok.text in QUANTITY_WORDS) \
                and (count := count_after_item(tokens, i, ex)) is not None:
            ex.mentions[-1].quantity, ex.mentions[-1].explicit_quantity = count, True
            i += 2  # "x-tudo, três unidades"
            continue
        if tok.kind == NUMBER and tok.dozens and index.dozen_of \
                and (dozen := _dozen_mention(tokens, i, index)) is not None:
            set_pending(tokens, i, tok.dozens, ex, st, digit=False)
            i = _attach(tokens, dozen, ex, st, index)  # "uma dúzia de esfiha de carne"
            continue
        if is_quantity(tok) and (mention := numeral_mention(tokens, i, index)) is not None:
            counted = match_at(tokens, i + 1, index)
            if counted is None or counted.end <= mention.end:
                # "uma 4 queijos"; but "5 marmitas de frango com batata doce" is five of them
                i = _attach(tokens, mention, ex, st, index)
                continue
        if tok.kind == SPEC and (st.pending is not None or word_at(tokens, i - 1) in ARTICLES) \
                and (sized := size_mention(tokens, i, index)) is not None:
            i = _attach(tokens, sized, ex, st, index)  # "um 300ml com leite condensado"
            continue
        unit = tok.text.lstrip("0123456789.")
        if tok.kind == SPEC and tok.text not in index.postings \
                and counted_in_unit(tokens, i + 1, unit, index):
            set_pending(tokens, i, tok.int_value, ex, st, digit=False)  # "2 kg de bolo (kg)"
            i += 1
            continue
        if tok.kind == NUMBER and word_at(tokens, i - 1) in PAYING_WORDS:
            i += 1  # "pago 20 no pix e o resto no dinheiro": an amount, never a count
            continue
        if tok.kind == NUMBER and st.pending == 1 and st.pending_at == i - 1 \
                and word_at(tokens, i - 1) in ("um", "uma") and tok.value >= MIN_BARE_SIZE \
                and (sized := size_mention(tokens, i, index)) is not None:
            i = _attach(tokens, sized, ex, st, index)  # "e um 300 pra minha filha"
            continue
        if tok.kind == NUMBER and (named := name_number_mention(tokens, i, index, st)):
            i = _attach(tokens, named, ex, st, index)  # "uma 51"
            continue
        if tok.kind == NUMBER and _enumerates_line(tokens, i):
            i += 2  # "1. Feijoada Completa — R$ 34,90" pasted from the menu: the name decides
            continue
        if tok.kind == NUMBER:
            i = number(tokens, i, ex, st)
            continue
        if tok.kind != WORD:
            i += 1
            continue
        word = tok.text
        if word == "pra" and (end := beneficiary_end(tokens, i)) is not None:
            _portion(tokens, i, ex, st)
            if word_at(tokens, end) == "com" and ex.mentions \
                    and another_item(tokens, end + 1, ex.mentions[-1], index):
                end += 1  # "um 300 pra minha filha com leite ninho": as right after the item
            i = end  # "pra minha esposa": who it is for, no product
            continue
        if word in _NOTE_LABELS and ex.mentions:
            i = _labelled_note(tokens, i, ex, index)  # "Obs: misto bem passado"
            continue
        if word in _SWAP_VERBS and ex.mentions and _one_of_them_swapped(tokens, i, ex):
            i += 1  # "3 fatias de calabresa, e pode trocar uma por portuguesa": 2 and 1
            continue
        if word in _ALL_WORDS and ex.mentions and (said := _said_of_all(tokens, i, ex, index)):
            i = said  # "duas de calabresa e uma de frango, tudo fatia": each one a slice
            continue
        if word in index.inert_words:
            i += 1
            continue
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
        if word in ("cento", "centos") and counted_in_unit(tokens, i + 1, "cento", index):
            i += 1  # "um cento de kibe" with "Kibe de Festa (cento)": one unit of a hundred
            continue
        if word in QUANTITY_WORDS and not (
            word in ("um", "uma") and st.pending is not None and word_at(tokens, i - 1) != "e"
        ) and not (word == "cento" and named_with_unit(tokens, i, word, index)):
            set_pending(tokens, i, QUANTITY_WORDS[word], ex, st, digit=False)
            i += 3 if st.each and word_at(tokens, i + 1) == "de" else 1
            continue
        if (
            word in ("de", "do", "da") and i + 1 < n and tokens[i + 1].kind in (NUMBER, SPEC)
            and (st.pending is not None or word_at(tokens, i - 1) in ARTICLES | _POINTING
                 or word_at(tokens, i - 1) in _SIZE_VERBS)  # "faz de 500 o de morango"
            and (sized := size_mention(tokens, i + 1, index)) is not None
        ):
            sized.start = i  # "um de 500", "o de 2 litros"
            if len(sized.ids) > 1 and ex.mentions and len(ex.mentions[-1].ids) == 1:
                # "2 laranja de 500 e 1 de 300": the size of the item just said
                kept = index.most_alike(ex.mentions[-1].ids[0], sized.ids)
                sized.ids = (kept,) if kept is not None else sized.ids
            i = _attach(tokens, sized, ex, st, index)
            continue
        if word == "pf" and not pf_is_item(tokens, i):
            i += 1
            continue
        if word in CONTAINER_WORDS and (inside := container_end(tokens, i, index)) is not None:
            st.bagged = word in BAG_WORDS
            i = inside  # "um saco de gelo": the gelo
            continue
        if word in SIZES and not ex.mentions \
                and (sized := size_only_mention(tokens, i, index, st)) is not None:
            i = _attach(tokens, sized, ex, st, index)  # "o médio"
            continue
        if word in HALF_WORDS or (word in SIZES and word_at(tokens, i + 1) in HALF_WORDS):
            halved = _halves_at(tokens, i, index)
            if halved is not None:
                i = _attach(tokens, halved, ex, st, index)  # "uma meia calabresa meia frango"
                continue
        mention = _find_mention(tokens, i, ex, st, index)
        if mention is not None and mention.start and (st.pending is None or st.pending == 1) \
                and talked_about(tokens, mention):
            st.pending = None
            i = mention.end  # "ela adora o bolo de fubá", "ela ama um tutu": not ordered
            continue
        if mention is not None and describes_last(mention, ex, st, index):
            i = _note_on_last(tokens, i, ex, st, index)  # "pão de queijo quentinho"
            continue
        if mention is not None and foreign_kind(tokens, mention, index):
            i = unknown_product(tokens, i, ex, st)  # "uma pizza" with only "pastel de pizza"
            ex.suggested[len(ex.unknown) - 1] = mention.ids
            continue
        if mention is not None and names_a_course(tokens, mention, index, st.pending is not None):
            i = mention.end  # "uma broto de chocolate de sobremesa": which course, not an order
            continue
        if mention is not None:
            i = _attach(tokens, mention, ex, st, index)
            continue
        if word == "com" and ex.mentions and (ex.mentions[-1].note or ex.mentions[-1].named_on) \
                and ex.mentions[-1].end < i and not is_quantity(tokens[i - 1]) \
                and another_item(tokens, i + 1, ex.mentions[-1], index):
            i += 1  # "… com catupiry com borda de cheddar": after the note, an add-on
            continue
        if ex.mentions and is_note_start(tokens, i) and word != "mais":
            add_on = _counted_add_on(tokens, i, st, index)
            i = _note_on_last(tokens, i, ex, st, index)  # "2 feijoadas, 1 sem farofa"
            if add_on is not None:
                ex.mentions.append(add_on)  # "2 burgers, um com bacon extra": one bacon too
            continue
        if word == "x" and st.pending is not None and i > 0 and tokens[i - 1].kind == NUMBER \
                and match_at(tokens, i + 1, index) is not None:
            i += 1  # "1x xis salada", "1x x-salada": the x counts, the item follows
            continue
        if is_product_word(tok) and (st.pending is not None or asking(tokens, i)):
            i = unknown_product(tokens, i, ex, st)
            continue
        i += 1
    flush(ex, st)
    return ex


def _find_mention(
    tokens: list[Token], i: int, ex: Extraction, st: ScanState, index: MenuIndex
) -> Mention | None:
    """The item mention at ``i``; after a quantity, maybe with the last item's kind left out.

    "10 esfihas de carne e 5 de queijo", "uma marmitex P e uma G", "uma água com gás e uma
    sem gás": the second mention reuses what the first one said; so does "troca o suco de
    laranja pelo de maracujá".
    """
    skip = 1 if word_at(tokens, i) in ("de", "da", "do") else 0
    reuses = st.pending is not None or (skip and word_at(tokens, i - 1) in _POINTING)
    mention = match_at(tokens, i + skip, index) if skip and reuses else None
    mention = mention or match_at(tokens, i, index)
    reused = False
    if reuses and ex.mentions and (mention is None or len(mention.ids) > 1 or skip):
        last = ex.mentions[-1]
        for head in (last.head, _kind(last, index)):
            headed = match_at(tokens, i + skip, index, head=head)
            if headed is not None and (
                mention is None or len(headed.ids) < len(mention.ids)
                or (skip and len(headed.ids) == len(mention.ids))  # "2 espetos de X e 3 de Y"
            ):
                headed.start = i
                mention, reused = headed, True
    if reuses and mention is not None and len(mention.ids) > 1 and ex.mentions \
            and len(ex.mentions[-1].ids) == 1 and (reused or all(
                key == mention.head[0] or key in index.weak for key in mention.keys)):
        # "2 marmitas P de frango e 1 M", "uma G de bife e uma de frango": what the second
        # one leaves unsaid stays as the first one said it
        kept = index.most_alike(ex.mentions[-1].ids[0], mention.ids)
        if kept is not None:
            mention.ids = (kept,)
    return mention


def _halves_at(tokens: list[Token], i: int, index: MenuIndex) -> Mention | None:
    """A half-and-half order from ``i`` with no item named before it (a size may open it)."""
    size = word_at(tokens, i)
    within: frozenset[str] = frozenset()
    start = i
    if size in SIZES and word_at(tokens, i + 1) in HALF_WORDS:
        within = index.postings.get(word_key(SIZES[size]), frozenset())
        i += 1
    halves = half_and_half(tokens, i, index, within)
    if halves is None:
        return None
    key = index.items[halves.ids[0]].head_key
    mention = make_mention(set(halves.ids), tokens, start, halves.end, (key, key), index, ())
    mention.note = halves.note
    return mention


def _counted_add_on(
    tokens: list[Token], i: int, st: ScanState, index: MenuIndex
) -> Mention | None:
    """ "um com bacon extra" after "2 burgers": the add-on sold on its own, for that many.

    The words stay a note on the dish (which of them gets it); the add-on is charged once
    for each one counted."""
    if st.pending is None or word_at(tokens, i) != "com":
        return None
    add_on = match_at(tokens, i + 1, index)
    if add_on is None or len(add_on.ids) != 1 or add_on.ids[0] not in index.add_ons:
        return None
    add_on.quantity, add_on.explicit_quantity = st.pending, True
    return add_on


def _note_on_last(
    tokens: list[Token], i: int, ex: Extraction, st: ScanState, index: MenuIndex
) -> int:
    """A note with no item of its own belongs to the last item; return where it ends."""
    end = note_end(tokens, i, index)
    if st.pending is not None and st.pending_another \
            and word_at(tokens, st.pending_at + 1) == "pra":
        flush(ex, st)  # "uma pra minha filha sem farofa": one more of it, and its note
    start = st.pending_at if st.pending is not None else i
    last = ex.mentions[-1]
    said = tokens[start:end]
    if len(last.ids) > 1:
        said = _size_in_note(said, last, index)  # "vitamina de banana sem aveia 300"
    note = " ".join(t.text for t in said)
    last.note = f"{last.note}; {note}" if last.note else note
    st.pending = None
    return end


# "Obs: capricha no pirão": what follows, to the end of its line, is a note, never an order.
_NOTE_LABELS = frozenset({"obs", "observacao", "observacoes"})


def _labelled_note(tokens: list[Token], i: int, ex: Extraction, index: MenuIndex) -> int:
    """The note after "obs:" goes on the item it names, else on the last one; return where
    its line ends."""
    end = next((j for j in range(i + 1, len(tokens)) if tokens[j].text == "\n"), len(tokens))
    said = [tok for tok in tokens[i + 1:end] if tok.kind != SEP]
    if not said:
        return end
    target = ex.mentions[-1]
    for j in range(i + 1, end):
        named = match_at(tokens, j, index)
        if named is not None:
            owners = [m for m in ex.mentions if set(m.ids) & set(named.ids)]
            if owners:
                target = owners[-1]
            break
    note = " ".join(tok.text for tok in said)
    target.note = f"{target.note}; {note}" if target.note else note
    return end


_SWAP_VERBS = frozenset({"troca", "trocar", "troque", "trocaria"})
# "faz de 500", "muda pra de 700": a size said for a line, never a count of 500.
_SIZE_VERBS = frozenset({"faz", "faca", "muda", "mude", "quero", "manda", "poe", "bota"})


def _one_of_them_swapped(tokens: list[Token], i: int, ex: Extraction) -> bool:
    """ "3 fatias de calabresa, e pode trocar uma por portuguesa": in the same message, some
    of those just counted become the other; the count comes off the line before it."""
    k = i + 1
    if k < len(tokens) and tokens[k].text in ("so", "apenas"):
        k += 1
    if k + 1 >= len(tokens) or not is_quantity(tokens[k]):
        return False
    after = k + 2 if tokens[k + 1].text in ("delas", "deles", "dessas", "desses") else k + 1
    if after >= len(tokens) or tokens[after].text not in ("por", "pela", "pelo"):
        return False
    said = tokens[k]
    count = said.int_value if said.kind == NUMBER else QUANTITY_WORDS[said.text]
    last = ex.mentions[-1]
    if not last.explicit_quantity or last.quantity <= count:
        return False
    last.quantity -= count
    return True


# "tudo fatia", "todos de 500", "todas grandes": said once of every item before.
_ALL_WORDS = frozenset({"tudo", "todos", "todas", "todo", "toda", "ambos", "ambas"})
_ALL_LINKS = frozenset({"de", "da", "do", "na", "no", "em"})


def _said_of_all(tokens: list[Token], i: int, ex: Extraction, index: MenuIndex) -> int:
    """Where "tudo fatia" ends, when the word after it chooses, in every mention still open
    between items, the one it names; 0 when it chooses in none."""
    j = i + 1
    while j < len(tokens) and tokens[j].text in _ALL_LINKS:
        j += 1
    if j >= len(tokens) or tokens[j].kind not in (WORD, NUMBER, SPEC):
        return 0
    tok = tokens[j]
    keys = _size_keys(tok) if tok.kind in (NUMBER, SPEC) else (
        word_key(tok.text), word_key(SIZES.get(tok.text, tok.text)))
    chosen = False
    for mention in ex.mentions:
        if len(mention.ids) < 2:
            continue
        for key in keys:
            narrowed = set(mention.ids) & index.postings.get(key, frozenset())
            if len(narrowed) == 1:
                mention.ids, chosen = tuple(narrowed), True
                break
        else:
            sized = relative_size([tok.text], mention.ids, index) \
                if size_variants(mention.ids, index) else None
            if sized is not None:  # "todas grandes" among 300, 500 and 700 ml
                mention.ids, chosen = (sized,), True
    return j + 1 if chosen else 0


def _size_keys(tok: Token) -> tuple[str, ...]:
    """Keys a number or a size may have in the menu ("300" is "#300" or "300ml")."""
    if tok.kind == NUMBER:
        return (number_key(tok.value), f"{tok.int_value}ml")
    return (tok.text,)


def _size_in_note(said: list[Token], last: Mention, index: MenuIndex) -> list[Token]:
    """A size said after the note of a mention left open between sizes chooses the one of
    that size, and leaves the note: "vitamina de banana sem aveia 300"."""
    for k in range(len(said) - 1, -1, -1):
        tok = said[k]
        if tok.kind not in (NUMBER, SPEC):
            continue
        for key in _size_keys(tok):
            sized = set(last.ids) & index.postings.get(key, frozenset())
            if len(sized) == 1:
                last.ids = tuple(sized)
                return said[:k] + said[k + 1:]
        return said
    return said


def _kind(mention: Mention, index: MenuIndex) -> tuple[str, str]:
    """The kind of product a mention named ("esfiha", "marmitex"), to reuse when left out."""
    # a dozen ("Dúzia de Esfiha de Carne") is of the kind of what it counts
    kinds = {index.items[index.dozen_base.get(item_id, item_id)].head_key
             for item_id in mention.ids}
    if len(kinds) == 1 and (kind := kinds.pop()):
        return kind, kind
    return mention.head


def _own_name_end(tokens: list[Token], j: int, mention: Mention, index: MenuIndex) -> int:
    """After the words at ``j`` that are the rest of the mention's own name, or ``j``."""
    end = note_end(tokens, j, index)
    own = next((k for k in range(end, j, -1)
                if tokens[k - 1].text not in LINKERS and tokens[k - 1].text not in NOTE_STARTERS
                and _in_own_name(tokens[j:k], mention.ids, index)), j)
    if own > j and word_at(tokens, j) == "com" and another_item(tokens, j + 1, mention, index):
        other = match_at(tokens, j + 1, index)
        if other is None or other.end > own:
            return j  # "temaki filadélfia com cream cheese extra": the add-on, said whole
    return own


@lru_cache(maxsize=4096)
def _name_phrases(name: str, aliases: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The word keys of an item's name and aliases, in order (read once per name)."""
    return tuple(phrase_keys(tokenize(text)) for text in (name, *aliases))


def _in_own_name(said: list[Token], ids: tuple[str, ...], index: MenuIndex) -> bool:
    """Are these words the rest of the name of every item the mention may be ("arroz com
    lentilha" for the Arroz com Lentilha, "água sem gás 500ml")? Then they are no note."""
    keys = phrase_keys(said)
    if not keys or not ids:
        return False
    width = len(keys)
    for item_id in ids:
        item = index.items[item_id].item
        names = _name_phrases(item.name, item.aliases)
        if not any(name[at:at + width] == keys for name in names
                   for at in range(len(name) - width + 1)):
            return False
    return True


def _dozen_mention(tokens: list[Token], i: int, index: MenuIndex) -> Mention | None:
    """The menu's own dozen of what follows a number said in dozens ("uma dúzia de esfiha
    de carne" with a "Dúzia de Esfiha de Carne" on the menu), or None: then it is 12 units."""
    j = i + 2 if word_at(tokens, i + 1) in ("de", "da", "do") else i + 1
    mention = match_at(tokens, j, index) if j < len(tokens) else None
    if mention is None:
        return None
    dozens = tuple(dict.fromkeys(
        index.dozen_of[c] for c in mention.ids if c in index.dozen_of))
    if not dozens:
        return None
    mention.ids, mention.pool, mention.start = dozens, frozenset(dozens), i
    return mention


def _choice_at(tokens: list[Token], j: int, mention: Mention, index: MenuIndex) -> int:
    """How many tokens from ``j`` say one of the flavours the item's description offers
    ("de laranja", "laranja"); 0 when none does."""
    if len(mention.ids) != 1 or not (choices := index.items[mention.ids[0]].choice_keys):
        return 0
    skip = 1 if word_at(tokens, j) in ("de", "da", "do", "sabor", "ao") else 0
    if word_at(tokens, j) == "nivel" and word_at(tokens, j + 1) in ("de", "da", "do"):
        skip = 2  # "nível de pimenta leve"
    word = word_at(tokens, j + skip)
    if not word or word_key(word) not in choices:
        return 0
    end = j + skip + 1
    while True:  # "pimenta leve", "molho branco", "recheado de ninho": the choice said whole
        linked = 1 if word_at(tokens, end) in ("de", "da", "do") else 0
        more = word_at(tokens, end + linked)
        if not more or word_key(more) not in choices:
            break
        other = match_at(tokens, end + linked, index)
        if other is not None and mention.ids[0] not in other.ids:
            break  # "pad thai ovo arroz frito": another dish begins
        end += linked + 1
    return end - j


# "pago 20 no pix": the number after these is money paid.
PAYING_WORDS = frozenset({"pago", "pagar", "pagando", "pagaria"})
# "um 300", "uma 600": a volume said bare after "um" (ml, never a count after "um").
MIN_BARE_SIZE = 100


def _portion(tokens: list[Token], i: int, ex: Extraction, st: ScanState) -> None:
    """A count said for someone, at the "pra" of "pra minha filha" (``i``).

    "uma feijoada pra mim e uma pra minha filha": the item's own count was one person's, so
    the next person's count is more of it (as "outra" is). "duas marmitas, uma pra mim e outra
    pra minha esposa": the counts share out the two already said, and add nothing.
    """
    if not ex.mentions:
        return
    last = ex.mentions[-1]
    if last.end == i:
        st.portioned_at = last.start
        return
    if st.pending is None or st.pending_at != i - 1 \
            or word_at(tokens, st.pending_at - 1) == "mais":
        return  # "e mais uma pra minha mãe" is one more, whatever came before
    if st.portioned_at == last.start or last.quantity == 1:
        st.pending_another = True
    elif word_at(tokens, st.pending_at) in ("um", "uma", "outro", "outra"):
        st.pending, st.pending_another = None, False


def _attach(
    tokens: list[Token], mention: Mention, ex: Extraction, st: ScanState, index: MenuIndex
) -> int:
    """Give a mention its quantity (before or after it) and note; return where to go on."""
    n = len(tokens)
    if st.bagged and len(mention.ids) > 1:
        weighed = tuple(c for c in mention.ids if index.items[c].sold_by_weight)
        mention.ids = weighed or mention.ids  # "um saco de gelo": the gelo sold by the kilo
    st.bagged = False
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
    if is_note_start(tokens, j) and (own := _own_name_end(tokens, j, mention, index)) > j:
        mention.named_on, j = True, own  # "frango com quiabo" for the Frango com Quiabo
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
    halves = half_and_half(tokens, j, index, mention.fits) if word_at(tokens, j) in HALF_WORDS \
        else None
    if halves is not None:  # "uma pizza grande meio calabresa meio mussarela"
        mention.ids, mention.pool = halves.ids, frozenset(halves.ids)
        mention.note, mention.end = halves.note, halves.end
        mention.text = " ".join(tok.text for tok in tokens[mention.start:halves.end])
        j = halves.end
    if len(mention.ids) > 1 and word_at(tokens, j) in SIZES \
            and size_variants(mention.ids, index) \
            and (sized := relative_size([word_at(tokens, j)], mention.ids, index)) is not None:
        # "2 mocotó grande" between the 300 ml and the 500 ml: the bigger serving
        mention.ids, mention.end = (sized,), j + 1
        mention.text = " ".join(tok.text for tok in tokens[mention.start:j + 1])
        j += 1
    if len(mention.ids) > 1 and (flavour := unknown_flavour(tokens, j, index)):
        # "uma pizza de atum", "2 cervejas heineken": a kind we do not sell, not "which one?"
        ex.unknown.append((f"{mention.text} {' '.join(flavour)}", mention.quantity))
        ex.suggested[len(ex.unknown) - 1] = mention.ids
        return j + len(flavour)
    choice = _choice_at(tokens, j, mention, index)
    if choice:  # "suco de laranja" for a "Suco Natural" of laranja, limão ou maracujá
        said = " ".join(t.text for t in tokens[j:j + choice])
        mention.note = "; ".join(part for part in (mention.note, said) if part)
        j += choice
    if word_at(tokens, j) in ("de", "da", "do") and j + 1 < n and not is_quantity(tokens[j + 1]) \
            and match_at(tokens, j + 1, index) is not None:
        # "5 coração de frango": "de frango" says which coração, it is no second order.
        end = note_end(tokens, j, index)
        mention.note = " ".join(t.text for t in tokens[j:end])
        j = end
    elif word_at(tokens, j) == "com" and another_item(tokens, j + 1, mention, index):
        j += 1  # "pizza com borda de cheddar", "pf com uma coca": an item, not a note
        if not add_on:
            st.add_on_quantity = mention.quantity
    elif is_note_start(tokens, j) and word_at(tokens, j) != "mais":
        end = note_end(tokens, j, index)
        noted = tokens[j:end]
        if len(mention.ids) > 1:
            noted = _size_in_note(noted, mention, index)  # "vitamina … sem aveia 300"
        said = " ".join(t.text for t in noted)
        mention.note = "; ".join(part for part in (mention.note, said) if part) or None
        j = end
    if st.correcting and ex.mentions:
        ex.mentions.pop()
        ex.corrected = True
    st.correcting = False
    earlier = same_as_before(tokens, mention, ex, index)
    if earlier is not None:
        # "uma feijoada e uma salada, a salada sem cebola": a note on the salad already asked.
        note = mention.note if earlier.ids == mention.ids else f"{mention.text} {mention.note}"
        earlier.note = "; ".join(part for part in (earlier.note, note) if part)
        return j
    ex.mentions.append(mention)
    return j


