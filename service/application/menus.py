"""Loading a menu file into the store: validated first, saved only when it changed."""

from __future__ import annotations

from pathlib import Path

import nlu
from service.application.ports import MenuStore
from service.domain.menu import Menu, MenuChange, diff_menus, parse_menu

__all__ = ["load_menu_file", "seed_menu"]


def load_menu_file(path: str | Path) -> Menu:
    """Read and validate a menu file; ``MenuError`` names the field and item at fault."""
    return parse_menu(nlu.read_menu_document(path))


def seed_menu(store: MenuStore, menu: Menu, *, if_empty: bool = False) -> MenuChange | None:
    """Make ``menu`` the stored one and say what changed; None when ``if_empty`` kept the old."""
    if if_empty and store.menu_version() is not None:
        return None
    old = store.load_menu()
    change = diff_menus(old, menu)
    if old is None or old.version != menu.version:
        store.save_menu(menu)
    return change
