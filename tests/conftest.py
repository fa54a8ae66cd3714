"""Shared fixtures: the two menus every flow is tested with, and the Firestore emulator plugin."""

from __future__ import annotations

import pytest

from service.domain.menu import Menu
from tests.builders import second_menu, seed_menu

pytest_plugins = ["tests.firestore_support", "tests.figures"]


@pytest.fixture
def menu() -> Menu:
    """The seed menu (Cozinha da Cris)."""
    return seed_menu()


@pytest.fixture
def other_menu() -> Menu:
    """A second restaurant's menu (Marmitaria Dona Lurdes)."""
    return second_menu()
