"""Which items a mention means when several fit: settled by the menu, or left to ask.

An exact name or alias wins; a bare word that is the kind of some items means those (in
their part of the menu); otherwise the plainest item when more than the kind was said
("coca lata": the plain one, not the zero); otherwise the assistant asks. A combo ("Combo
Smirnoff + 4 Red Bull") is meant only when its own word ("combo") is said.
"""

from __future__ import annotations

import re

from nlu.index import MenuIndex, phrase_keys
from nlu.lexicon import SALE_UNIT_WORDS
from nlu.normalise import SPEC, WORD, tokenize, word_key

__all__ = ["settle", "unbundled"]

# "coca lata", "caldo 500" (two words) may settle on the plainest items; "coxinha" alone
# (only the kind of product) never does.
MIN_WORDS_FOR_PLAINEST = 2
_PARENTHESES = re.compile(r"\([^)]*\)")


def unbundled(candidates: frozenset[str], first: str, index: MenuIndex) -> frozenset[str]:
    """Without the bundles ("Combo Smirnoff + 4 Red Bull") whose own word was not said."""
    kept = frozenset(
        item_id for item_id in candidates
        if index.items[item_id].bundle_head in (None, first)
    )
    return kept or candidates


def settle(
    candidates: frozenset[str], exact: tuple[str, ...], index: MenuIndex, strong: int,
    first: str = "", said: int = 0,
) -> set[str]:
    """Settle a tie: an item named exactly so ("arroz" → the alias), else the plainest one.

    "coca lata" with a Coca-Cola Lata and a Coca-Cola Zero Lata means the plain one: a
    customer who wants the zero says so; so does "frango" with Espetinho de Frango and
    Espetinho de Frango com Bacon. Not when only the kind of product is said: a bare
    "coxinha" (Coxinha de Frango, Coxinha de Frango com Catupiry) still asks which.
    """
    if len(candidates) == 1:
        return set(candidates)
    # A name or alias said whole wins, before anything else: "kimchi", the Porção de
    # Kimchi's alias, is not the Kimchi Jjigae that starts with the word.
    owners = index.phrase_owners.get(exact)
    if owners and not _opposites(candidates, exact, index):
        named = candidates & owners
        if named:
            return set(named)
    if said == 1:
        # "um café" names the items called Café … in its part of the menu, not the
        # "Combo Café da Manhã" among the combos (but "frango" still asks between the
        # Frango Grelhado and the Strogonoff de Frango of the same part of the menu)
        headed = frozenset(c for c in candidates if index.items[c].head_key == first)
        sections = {index.category_of[c] for c in headed}
        kept = frozenset(c for c in candidates if index.category_of[c] in sections)
        if headed and len(kept) < len(candidates):
            candidates = kept
            if len(candidates) == 1:
                return set(candidates)
        if headed and len(headed) < len(candidates) and all(
            _accompanies(index, c, first) for c in candidates - headed
        ):
            # "um guacamole": the Guacamole com Tortilhas, not the Nachos com Cheddar e
            # Guacamole, which only comes with it.
            return set(headed)
    kinds = {index.items[item_id].head_key for item_id in candidates}
    if said >= MIN_WORDS_FOR_PLAINEST or (strong and first not in kinds):
        # Drop every candidate that is another one plus extra words ("com limão", "zero").
        plainest = _plainest({c: index.items[c].name_keys for c in candidates})
        if len(plainest) > 1:
            # Still a tie: what the names say in parentheses is a description ("Yakisoba
            # Misto (carne e frango)" is no more than the "Yakisoba Família Misto").
            plainest = _plainest({c: _plain_name_keys(index, c) for c in plainest}) or plainest
        if plainest:
            return plainest
    return set(candidates)


def _plainest(names: dict[str, frozenset[str]]) -> set[str]:
    """The items no other one is contained in (none: another one plus extra words)."""
    return {
        item_id for item_id, keys in names.items()
        if not any(other < keys for other_id, other in names.items() if other_id != item_id)
    }


def _plain_name_keys(index: MenuIndex, item_id: str) -> frozenset[str]:
    """The name's keys without what it says in parentheses ("Yakisoba Misto (carne e
    frango)": a description of the dish, not more of its name)."""
    name = index.items[item_id].item.name
    if "(" not in name or any(
        (tok.kind == WORD and tok.text in SALE_UNIT_WORDS) or tok.kind == SPEC
        for said in _PARENTHESES.findall(name) for tok in tokenize(said)
    ):
        # "Bolo de Chocolate (fatia)" beside the "Bolo de Chocolate Inteiro", "Chicha Morada
        # (jarra 1 litro)" beside the "(copo 400ml)": how it is sold (a volume too) is part
        # of the name, and "um bolo de chocolate" asks which
        return index.items[item_id].name_keys
    bare = _PARENTHESES.sub(" ", name)
    return frozenset(phrase_keys(tokenize(bare))) or index.items[item_id].name_keys


def _accompanies(index: MenuIndex, item_id: str, key: str) -> bool:
    """Is ``key`` in the item's name only after its "com" ("Nachos com Cheddar e
    Guacamole": the guacamole comes with the nachos)?"""
    words = [tok.text for tok in tokenize(index.items[item_id].item.name) if tok.kind == WORD]
    keys = [word_key(word) for word in words]
    if "com" not in words or key not in keys:
        return False
    return keys.index(key) > words.index("com")


def _opposites(candidates: frozenset[str], exact: tuple[str, ...], index: MenuIndex) -> bool:
    """Do candidates differ by an unsaid "com X"/"sem X"? Then no alias chooses ("2 águas")."""
    keys = [key for item_id in candidates for key in index.items[item_id].name_keys]
    both = {k[4:] for k in keys if k[:4] == "com "} & {k[4:] for k in keys if k[:4] == "sem "}
    return bool(both) and not any(f"{w} {rest}" in exact for rest in both for w in ("com", "sem"))
