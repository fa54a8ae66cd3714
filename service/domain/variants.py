"""Variants of a dish, read off the menu's own names: items that differ in one word.

"Pizza Calabresa Média" and "Pizza Calabresa Grande" differ in the size word,
"Pizza Calabresa Grande" and "Pizza Mussarela Grande" in the flavour, "Coca-Cola
Lata" and "Coca-Cola Zero Lata" by one word more. Two items of the same category
whose names are one word apart are variants, so a correction ("na verdade faz
grande") replaces the cart line instead of adding beside it. No dish is listed
here: any menu's names give its families.
"""

from __future__ import annotations

import re
import unicodedata

from nlu import MenuItem
from service.domain.menu import Menu

__all__ = ["are_variants", "variants_in"]


def _words(name: str) -> tuple[str, ...]:
    decomposed = unicodedata.normalize("NFKD", name.lower())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return tuple(re.findall(r"[a-z0-9]+", bare))


def _one_word_apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One word replaced (keeping another), added or dropped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):  # one-word names share nothing: "Pudim" is no size of "Brigadeiro"
        return len(a) > 1 and sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def are_variants(a: MenuItem, b: MenuItem) -> bool:
    """Same category, names one word apart."""
    return a.id != b.id and a.category == b.category and _one_word_apart(
        _words(a.name), _words(b.name)
    )


def variants_in(item: MenuItem, ids: list[str], menu: Menu) -> list[str]:
    """The ids among ``ids`` that are variants of ``item``, in their order."""
    found = []
    for other_id in ids:
        other = menu.get(other_id)
        if other is not None and are_variants(item, other):
            found.append(other_id)
    return found
