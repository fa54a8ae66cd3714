"""Variants of a dish, read off the menu's own names: the same dish in another size or flavour.

Two items of the same category are variants when their names differ in one word
("Pizza Calabresa Média" / "Pizza Calabresa Grande", "Coca-Cola Lata" / "Coca-Cola
Zero Lata") — the closest kind — or, less close, when they start with the same
word ("Bolo de Cenoura com Chocolate (fatia)" / "Bolo de Cenoura Inteiro", "Cuscuz
com Ovo" / "Cuscuz Nordestino"). Small words (de, com, e…) do not count. A
correction ("na verdade faz grande") replaces the closest variant in the cart
instead of adding beside it. Items of different categories are variants only when their
names are the same but for the size or unit they are sold by (``nlu.sold_apart``: "Bolo
de Laranja (fatia)" / "Bolo de Laranja Inteiro"). No dish is listed here: any menu's names give its
families.
"""

from __future__ import annotations

import re
import unicodedata

from nlu import MenuItem, sold_apart
from service.domain.menu import Menu

__all__ = ["CLOSE", "SAME_DISH", "are_variants", "closeness", "variants_in"]

CLOSE = 1  # one word apart
SAME_DISH = 2  # the same first word
_SMALL_WORDS = frozenset({"a", "o", "as", "os", "de", "da", "do", "das", "dos", "com", "e",
                          "em", "na", "no", "ao", "à"})


def _words(name: str) -> tuple[str, ...]:
    decomposed = unicodedata.normalize("NFKD", name.lower())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return tuple(w for w in re.findall(r"[a-z0-9]+", bare) if w not in _SMALL_WORDS)


def _one_word_apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One word replaced (keeping another), added or dropped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):  # one-word names share nothing: "Pudim" is no size of "Brigadeiro"
        return len(a) > 1 and sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def closeness(a: MenuItem, b: MenuItem) -> int | None:
    """CLOSE, SAME_DISH, or None when the items are no variants of each other."""
    if a.id == b.id:
        return None
    if a.category != b.category:
        # "Bolo de Laranja (fatia)" and "Bolo de Laranja Inteiro", listed apart
        return CLOSE if sold_apart(a, b) else None
    wa, wb = _words(a.name), _words(b.name)
    if _one_word_apart(wa, wb):
        return CLOSE
    if wa and wb and wa[0] == wb[0] and len(wa) > 1 and len(wb) > 1:
        return SAME_DISH
    return None


def are_variants(a: MenuItem, b: MenuItem) -> bool:
    """One word apart, or the same dish in another form."""
    return closeness(a, b) is not None


def variants_in(item: MenuItem, ids: list[str], menu: Menu) -> list[str]:
    """The ids among ``ids`` that are variants of ``item``: the closest kind only, in order."""
    found: dict[int, list[str]] = {}
    for other_id in ids:
        other = menu.get(other_id)
        level = closeness(item, other) if other is not None else None
        if level is not None:
            found.setdefault(level, []).append(other_id)
    return found[min(found)] if found else []
