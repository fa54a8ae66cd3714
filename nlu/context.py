"""What surrounds a mention: notes, add-ons and sides, courses, "pf", unknown products.

Small decisions the token walk (``nlu.extract``) asks about the words around an item.
"""

from __future__ import annotations

from nlu.index import MenuIndex
from nlu.lexicon import (
    ARTICLES,
    ORDER_WORDS,
    PRODUCT_KINDS,
    QUANTITY_WORDS,
    SOFT_DRINK_BRANDS,
    SOFT_DRINK_WORDS,
)
from nlu.mentions import Mention, is_product_word, match_at
from nlu.normalise import SEP, WORD, Token, tokenize, word_key
from nlu.scan import Extraction, ScanState, is_note_start, is_quantity, word_at

__all__ = [
    "another_item", "asking", "counted_in_unit", "foreign_kind", "names_a_course", "note_end",
    "pf_is_item",
    "same_as_before", "unknown_flavour", "unknown_product",
]

# Words after which a product-like word is an order for something we may not sell.
_ASKING = ORDER_WORDS | {"tem", "teria", "vende", "vendem", "servem"}
# Verbs followed by an infinitive ("vou esperar", "quero saber").
_AUXILIARIES = frozenset({"vou", "vai", "vamos", "quero", "queria", "gostaria", "posso", "pode",
                          "preciso", "precisa", "tenho", "devo"})
# Closing words of politeness that end a message, after a note.
_POLITE_ENDINGS = frozenset({"pf", "ai", "obrigado", "obrigada", "valeu"})
# Menu sections of what is charged on top of a dish (not its sides).
_EXTRA_CATEGORIES = frozenset({"adicional", "adicionais", "extra", "extras", "acrescimo",
                               "acrescimos"})
# Words after an add-on saying it is ordered besides the dish ("cream cheese extra").
_EXTRA_WORDS = frozenset({"extra", "adicional", "a"})
# How many words an unknown product name may have ("pizza de calabresa").
MAX_UNKNOWN_WORDS = 4


def note_end(tokens: list[Token], j: int, index: MenuIndex) -> int:
    """Where a note starting at ``j`` stops: a separator, or "e" + a new quantity or item.

    A note with "com" lists what goes in the dish: "marmitex com bife e batata frita" keeps
    the fries in the note; only "e" + a quantity starts a new order there. A closing
    "por favor" or "pf" is politeness, never part of the note ("sem salada pf").
    """
    start = j
    end = _note_stop(tokens, j, index)
    while end - start > 1:
        if word_at(tokens, end - 1) in _POLITE_ENDINGS:
            end -= 1
        elif word_at(tokens, end - 1) == "favor" and word_at(tokens, end - 2) == "por":
            end -= 2
        else:
            break
    return end


def _note_stop(tokens: list[Token], j: int, index: MenuIndex) -> int:
    n = len(tokens)
    listing = word_at(tokens, j) == "com"
    start = j
    while j < n and tokens[j].kind != SEP:
        tok = tokens[j]
        if j > start and tok.text == "com" and _add_on_at(tokens, j + 1, index):
            return j  # "frango com catupiry com borda de cheddar": the crust is an item
        if tok.text in ("e", "mais") and j + 1 < n and (
            is_quantity(tokens[j + 1])
            or (not listing and match_at(tokens, j + 1, index) is not None)
            or (listing and _extra_at(tokens, j + 1, index))  # "com carne de sol e farofa"
        ):
            return j
        if is_quantity(tok) and j + 1 < n and match_at(tokens, j + 1, index) is not None:
            return j
        j += 1
    return j


def _add_on_at(tokens: list[Token], j: int, index: MenuIndex) -> bool:
    """Is an add-on of the menu named whole at ``j`` ("borda de cheddar")?"""
    other = match_at(tokens, j, index)
    return other is not None and len(other.ids) == 1 and other.ids[0] in index.add_ons


def _extra_at(tokens: list[Token], j: int, index: MenuIndex) -> bool:
    """Is a paid extra ("adicionais", "extras") named whole at ``j``? Said in the list of what
    goes in a dish it is charged apart; a side ("acompanhamentos": "marmitex com bife e batata
    frita") stays part of the list."""
    other = match_at(tokens, j, index)
    return other is not None and len(other.ids) == 1 and other.ids[0] in index.add_ons \
        and any(tok.text in _EXTRA_CATEGORIES
                for tok in tokenize(index.category_of[other.ids[0]]))


def names_a_course(
    tokens: list[Token], mention: Mention, index: MenuIndex, quantity_said: bool
) -> bool:
    """A lone word saying what for orders nothing: "de sobremesa", "pra festa", "como entrada"."""
    if mention.end - mention.start != 1 or quantity_said:
        return False
    before = word_at(tokens, mention.start - 1)
    return before in ("pra", "como") or (
        before == "de" and mention.head[0] in index.category_keys
    )


_KIND_KEYS = frozenset(word_key(word) for word in PRODUCT_KINDS)


def foreign_kind(tokens: list[Token], mention: Mention, index: MenuIndex) -> bool:
    """"uma pizza" where the menu only has "Pastel de Pizza": a dish we do not sell."""
    key, exact = mention.head
    if mention.end - mention.start != 1 or key not in _KIND_KEYS or (exact,) in index.phrase_owners:
        return False
    if word_at(tokens, mention.start - 1) in ("de", "da", "do", "com", "sem"):
        return False  # "pastel de pizza", "um de pizza": the flavour itself
    return key not in index.category_keys and all(
        index.items[item_id].head_key != key for item_id in mention.ids
    )


def counted_in_unit(
    tokens: list[Token], j: int, unit: str, index: MenuIndex
) -> bool:
    """Is the item named from ``j`` sold by this unit ("Kibe de Festa (cento)", "Bolo (kg)")?"""
    if word_at(tokens, j) in ("de", "da", "do"):
        j += 1
    mention = match_at(tokens, j, index) if j < len(tokens) else None
    key = word_key(unit)
    return mention is not None and all(
        key in index.items[item_id].name_keys for item_id in mention.ids
    )


def named_with_unit(tokens: list[Token], i: int, unit: str, index: MenuIndex) -> bool:
    """Does the unit at ``i`` open an item's own name ("cento de coxinha" with a "Cento de
    Coxinha" beside the Coxinha (unidade))? Then it is no quantity."""
    mention = match_at(tokens, i, index)
    key = word_key(unit)
    # The name goes on past the unit ("cento de brigadeiro" is no "Kibe de Festa (cento)").
    return mention is not None and mention.end > i + 1 and all(
        key in index.items[item_id].name_keys for item_id in mention.ids
    )


def asking(tokens: list[Token], i: int) -> bool:
    """Does an order or question word come right before position ``i``?"""
    j = i - 1
    while j >= 0 and tokens[j].kind == WORD and tokens[j].text in ARTICLES:
        j -= 1
    if j >= 0 and tokens[j].text in _AUXILIARIES and tokens[i].text.endswith(("ar", "er", "ir")):
        return False  # "vou esperar", "quero pagar": a verb after an auxiliary, not a product
    return j >= 0 and tokens[j].kind == WORD and tokens[j].text in _ASKING


def pf_is_item(tokens: list[Token], i: int) -> bool:
    """"pf" is "prato feito" after a quantity ("2 pf", "1x pf"), article or order word, or to
    open a message."""
    if i == 0 or tokens[i - 1].kind == SEP:
        return True
    prev = tokens[i - 1]
    return (
        is_quantity(prev) or prev.text in ARTICLES or prev.text in ORDER_WORDS
        or (prev.text == "x" and i >= 2 and is_quantity(tokens[i - 2]))  # "1x pf"
        or is_note_start(tokens, i + 1)
        or (prev.text == "de" and word_at(tokens, i - 2) in ORDER_WORDS)  # "vou de pf"
    )


def same_as_before(
    tokens: list[Token], mention: Mention, ex: Extraction, index: MenuIndex
) -> Mention | None:
    """The earlier mention that "a salada" (definite article, no quantity) points back to.

    Either the same item ("uma salada, a salada sem cebola") or a part of an earlier dish
    ("feijoada, mas a farofa separada" when the feijoada comes with farofa).
    """
    if mention.explicit_quantity or not mention.note or word_at(tokens, mention.start - 1) not in (
        "o", "a", "os", "as"
    ):
        return None
    for earlier in ex.mentions:
        if earlier.ids == mention.ids or all(
            mention.head[0] in index.items[item_id].description_keys for item_id in earlier.ids
        ):
            return earlier
    return None


# Verbs that follow a dish in a question about it ("a moqueca serve quantos?", "a lasanha
# vem com o quê?"): no flavour the menu lacks.
_ASKING_VERBS = frozenset({
    "serve", "servem", "rende", "rendem", "alimenta", "vem", "leva", "levam",
    "acompanha", "acompanham", "custa", "custam", "fica", "ficam", "sai", "saem", "tem",
    "esta", "estao", "ta", "tao",
})


def unknown_flavour(tokens: list[Token], j: int, index: MenuIndex) -> list[str]:
    """Words right after a mention that name no item and no note ("de atum"), or []."""
    words = []
    if word_at(tokens, j) in ("de", "da", "do"):
        words.append(tokens[j].text)
        j += 1
    if j < len(tokens) and is_product_word(tokens[j]) and not is_note_start(tokens, j) \
            and tokens[j].text not in QUANTITY_WORDS and index.lookup(tokens[j].text) is None \
            and not (not words and tokens[j].text in _ASKING_VERBS):
        return [*words, tokens[j].text]
    return []


_BRAND_KEYS = frozenset(word_key(brand) for brand in SOFT_DRINK_BRANDS)
_SOFT_DRINK_KEYS = frozenset(word_key(word) for word in SOFT_DRINK_WORDS)


def another_item(tokens: list[Token], j: int, mention: Mention, index: MenuIndex) -> bool:
    """After "com": a quantity, an add-on, or an item of another kind ("lasanha com suco")."""
    if j >= len(tokens):
        return False
    if is_quantity(tokens[j]):
        return True
    other = match_at(tokens, j, index)
    if other is None:
        return False
    if len(other.ids) == 1 and (word_at(tokens, other.end) in ("separado", "separada") or (
        word_at(tokens, other.end) == "a" and word_at(tokens, other.end + 1) == "parte"
    )):
        return True  # "galinhada com farofa à parte": a side ordered on its own
    extra = word_at(tokens, other.end) in _EXTRA_WORDS
    if not extra and all(
        ("com " + key) in index.items[item_id].keys or key in index.items[item_id].keys
        for item_id in mention.ids for key in other.keys
    ):
        return False  # "homus com pão sírio" is the homus's own name, not a second order
    # "jantinha com espeto de carne": the dish already comes with one; that is a choice; so
    # is "combo calzone com guaraná" when the combo comes with "um refrigerante lata".
    described = any(other.head[0] in index.items[item_id].description_keys or (
        other.head[0] in _BRAND_KEYS and index.items[item_id].description_keys & _SOFT_DRINK_KEYS)
        for item_id in mention.ids)
    if len(other.ids) == 1 and other.ids[0] in index.add_ons:
        # "bibimbap com ovo extra" with an "Ovo Extra" on the menu: the add-on named whole,
        # even when the dish already comes with an egg ("marmita com farofa extra", when
        # the farofa on the menu is another dish, stays a note: more of what it comes with).
        named_extra = any(tok.text in ("extra", "adicional")
                          for tok in tokens[other.start:other.end])
        return named_extra or not described
    return not described and _other_kind(mention, other, index)


def _other_kind(mention: Mention, other: Mention, index: MenuIndex) -> bool:
    """Is what follows "com" a drink beside a dish (or a dish beside a drink)?

    "uma lasanha com suco de laranja", "pizza com guaraná", "um expresso com croissant":
    two orders. Between two dishes "com" says what goes in: "marmita grande com frango
    grelhado" is one marmita. Drinks are the menu's parts sold by volume (ml, litros).
    """
    mine = {index.category_of[item_id] for item_id in mention.ids}
    theirs = {index.category_of[item_id] for item_id in other.ids}
    if mine & theirs:
        return False
    drinks = index.drink_categories
    return theirs <= drinks or mine <= drinks

def unknown_product(tokens: list[Token], i: int, ex: Extraction, st: ScanState) -> int:
    """Record words that look like a product we do not sell; return where they end."""
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
