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


def lines_of(menu: str, text: str) -> list[tuple[str, int, str | None]]:
    result = parser(ROOT / "tests" / "nlu_data" / "menus" / f"{menu}.json").parse(text)
    return [(line.id, line.quantity, line.note) for line in result.items]


@pytest.mark.parametrize(("menu", "text", "expected"), [
    # A brand the menu writes in two words is that brand, never the combo's "refri"
    ("dogueria", "2 coca cola lata e um hot dog de frango com catupiry",
     [("coca_lata", 2, None), ("dog_frango", 1, None)]),
    ("dogueria", "uma cocacola", [("coca_lata", 1, None)]),
    ("hamburgueria", "uma coca cola", [("coca_1l", 1, None)]),
    # A count's x before a whole name; "2x bacon" stays the X-Bacon
    ("lanche_de_rua", "2x bacon extra", [("bacon_extra", 2, None)]),
    ("lanche_de_rua", "2x bacon", [("x_bacon", 2, None)]),
    ("churrascaria", "2x picanha fatiada 500g", [("picanha", 2, None)]),
    # Dozens counted with an x
    ("esfiharia", "2x duzia de esfiha aberta de carne", [("duzia_carne", 2, None)]),
    # Words of the name are no note; other words still are
    ("mexicana", "2 agua sem gas 500ml", [("agua", 2, None)]),
    ("mineira", "frango com quiabo sem pimenta", [("frango_quiabo", 1, "sem pimenta")]),
    ("arabe", "arroz com lentilha bem quentinho", [("arroz_lentilha", 1, "bem quentinho")]),
    # A pasted name with its parts is one item, and the next item is still read
    ("lanche_de_rua", "2 combo casal (2 x-salada + fritas g + refri 2l) e 1 x-bacon",
     [("combo_casal", 2, None), ("x_bacon", 1, None)]),
    ("mexicana", "churros com doce de leite (5 un) x2", [("churros", 2, None)]),
    # What tells two items apart may be in the details ("(serve 2)" beside "(serve 4)")
    ("moquecaria", "2 moqueca mista (serve 4)", [("moqueca_mista_4", 2, None)]),
])
def test_names_read_whole(menu: str, text: str, expected: list) -> None:
    assert lines_of(menu, text) == expected


def test_a_dish_asked_the_other_way_than_its_name_keeps_what_was_said() -> None:
    # "com gás" of an "Água sem Gás" is not its name: the kitchen must see it
    [(item, _, note)] = lines_of("mexicana", "uma agua com gas")
    assert item == "agua" and note == "com gas"


def test_a_name_with_a_question_mark_after_it_is_still_asked() -> None:
    path = ROOT / "tests" / "nlu_data" / "menus" / "moquecaria.json"
    result = parser(path).parse("a moqueca mista serve 2?")
    assert not result.items and result.question is not None
