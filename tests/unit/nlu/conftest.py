"""Parsers for the seed menu and the development menus, built once per test session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from nlu import Context, Parser, load_menu

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "nlu_data"

# Item id → (quantity, note): what a message orders, as tests compare it.
Lines = dict[str, tuple[int, str | None]]


@cache
def parser_for(name: str) -> Parser:
    """A parser over the development menu ``tests/nlu_data/menus/{name}.json``."""
    return Parser(load_menu(DATA / "menus" / f"{name}.json"))


def lines(parser: Parser, text: str, context: Context | None = None) -> Lines:
    """The lines a message orders, with their notes."""
    return {line.id: (line.quantity, line.note) for line in parser.parse(text, context).items}


@pytest.fixture(scope="session")
def seed_parser() -> Parser:
    """A parser over data/menu_seed.json (Cozinha da Cris)."""
    return Parser(load_menu(ROOT / "data" / "menu_seed.json"))


@pytest.fixture(scope="session")
def pizzaria_parser() -> Parser:
    """A parser over the pizzaria development menu."""
    return Parser(load_menu(DATA / "menus" / "pizzaria.json"))


@pytest.fixture(scope="session")
def lanchonete_parser() -> Parser:
    """A parser over the lanchonete development menu (near-duplicate items)."""
    return Parser(load_menu(DATA / "menus" / "lanchonete.json"))


@pytest.fixture(scope="session")
def acai_parser() -> Parser:
    """A parser over the açaí development menu (sizes in ml, add-ons)."""
    return Parser(load_menu(DATA / "menus" / "acai.json"))
