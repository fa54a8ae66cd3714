"""Every delivery, pickup, payment and holiday setting survives every store unchanged."""

from __future__ import annotations

import copy
from pathlib import Path

from service.application.menus import load_menu_file
from service.application.menus import seed_menu as save
from service.application.ports import Store
from service.domain.menu import parse_menu
from tests.builders import seed_menu

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "exemplos" / "cardapio-entrega.json"


def test_the_full_example_is_saved_loaded_and_diffed(store: Store):
    example = load_menu_file(EXAMPLE)
    save(store, seed_menu())
    added = save(store, example)
    assert added is not None and added.restaurant_changed
    loaded = store.load_menu()
    assert loaded == example
    assert loaded is not None and loaded.version == example.version
    assert loaded.restaurant.delivery_zones[4].min_order_cents == 4000
    assert loaded.restaurant.hours is not None and loaded.restaurant.hours.special_days
    assert (unchanged := save(store, example)) is not None and unchanged.unchanged

    document = copy.deepcopy(example.to_dict())
    document["restaurant"]["delivery_radius"][1]["fee"] = 10.0
    cheaper = parse_menu(document)
    assert (changed := save(store, cheaper)) is not None and changed.restaurant_changed
    assert store.load_menu() == cheaper
