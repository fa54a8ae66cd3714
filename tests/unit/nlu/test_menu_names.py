"""Every item of every test menu, asked for by its own full name, is that item and nothing else.

Customers copy names from the menu the assistant sends, or type them out without
accents: "2x combo dog + batata p + refri lata", "me ve uma coca-cola lata 350ml pfv",
"quero 2 arroz com lentilha". The whole name orders that one item, in the quantity said,
with no note made of the name's own words ("com lentilha") and none of the other items
its words mention. Where two items share a name up to a word, asking which one is right.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import pytest

from nlu import Parser, load_menu

ROOT = Path(__file__).resolve().parents[3]
MENUS = sorted([
    *(ROOT / "tests" / "nlu_data" / "menus").glob("*.json"),
    *(ROOT / "tests" / "scenarios" / "menus").glob("*.json"),
    ROOT / "data" / "menu_seed.json",
])
# How the name is asked for, and the quantity that says.
ASKING = (("{}", 1), ("quero 2 {}", 2), ("me ve uma {} pfv", 1), ("2x {}", 2))


def typed(name: str) -> str:
    """The name as typed on a phone: lower case, no accents."""
    plain = unicodedata.normalize("NFD", name)
    return "".join(c for c in plain if unicodedata.category(c) != "Mn").lower()


@cache
def parser(path: Path) -> Parser:
    return Parser(load_menu(path))


def misread(path: Path) -> list[str]:
    reader = parser(path)
    wrong = []
    for item in reader.menu.available_items:
        for template, quantity in ASKING:
            text = template.format(typed(item.name))
            result = reader.parse(text)
            lines = [(line.id, line.quantity, line.note) for line in result.items]
            asked = not lines and any(item.id in a.candidates for a in result.ambiguous)
            if lines != [(item.id, quantity, None)] and not asked:
                choices = [a.candidates for a in result.ambiguous]
                wrong.append(f"{text!r} -> {lines} {choices or ''}")
    return wrong


@pytest.mark.parametrize("path", MENUS, ids=lambda path: path.stem)
def test_an_item_asked_for_by_its_full_name_is_that_item(path: Path) -> None:
    wrong = misread(path)
    assert not wrong, "\n".join(wrong)
