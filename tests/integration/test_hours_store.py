"""Opening hours survive every store, and a change of hours is a change of the restaurant."""

from __future__ import annotations

from service.application.menus import seed_menu as save
from service.application.ports import Store
from tests.builders import menu_with_hours, seed_menu

HOURS = {
    "timezone": "America/Sao_Paulo",
    "seg": "fechado",
    "ter": "11:00-15:00",
    "qui": "11:00-15:00,18:00-02:00",
    "dom": "11:00-15:00",
}


def test_hours_are_saved_loaded_and_reported_as_a_restaurant_change(store: Store):
    save(store, seed_menu())
    with_hours = menu_with_hours(HOURS)
    added = save(store, with_hours)
    assert added is not None and added.restaurant_changed
    assert not (added.added or added.removed or added.changed)
    loaded = store.load_menu()
    assert loaded == with_hours
    assert loaded is not None and loaded.restaurant.hours is not None
    assert loaded.restaurant.hours.to_dict()["qui"] == "11:00-15:00,18:00-02:00"
    assert (unchanged := save(store, with_hours)) is not None and unchanged.unchanged

    later = menu_with_hours({**HOURS, "seg": "11:00-15:00"})
    assert (changed := save(store, later)) is not None and changed.restaurant_changed
    assert store.load_menu() == later

    removed = save(store, seed_menu())
    assert removed is not None and removed.restaurant_changed
    assert store.load_menu() == seed_menu()
