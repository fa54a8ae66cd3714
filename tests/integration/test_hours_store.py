"""Opening hours survive every store, and a change of hours is a change of the restaurant."""

from __future__ import annotations

from service.ports import Store
from tests.builders import menu_with_hours, seed_menu

HOURS = {
    "timezone": "America/Sao_Paulo",
    "seg": "fechado",
    "ter": "11:00-15:00",
    "qui": "11:00-15:00,18:00-02:00",
    "dom": "11:00-15:00",
}


def test_hours_are_saved_loaded_and_reported_as_a_restaurant_change(store: Store):
    store.save_menu(seed_menu())
    with_hours = menu_with_hours(HOURS)
    added = store.save_menu(with_hours)
    assert added.restaurant_changed and not (added.added or added.removed or added.changed)
    loaded = store.load_menu()
    assert loaded == with_hours
    assert loaded is not None and loaded.restaurant.hours is not None
    assert loaded.restaurant.hours.to_dict()["qui"] == "11:00-15:00,18:00-02:00"
    assert store.save_menu(with_hours).unchanged

    later = menu_with_hours({**HOURS, "seg": "11:00-15:00"})
    assert store.save_menu(later).restaurant_changed
    assert store.load_menu() == later

    removed = store.save_menu(seed_menu())
    assert removed.restaurant_changed
    assert store.load_menu() == seed_menu()
