"""The parser's menu: the items of the file, validated; the restaurant block is not its business."""

from __future__ import annotations

import pytest

from nlu import MenuError, parse_menu


def test_the_items_are_read_and_the_restaurant_block_is_left_alone() -> None:
    menu = parse_menu({"restaurant": {"delivery_fee": "not read here"},
                       "items": [{"id": "pf", "name": "PF", "category": "pratos", "price": 20}]})
    assert [item.id for item in menu.items] == ["pf"]
    assert menu["pf"].price_cents == 2000
    assert parse_menu(menu.to_dict()) == menu


def test_a_malformed_item_is_refused_naming_it() -> None:
    with pytest.raises(MenuError, match=r"item 1 \('pf'\): campo 'price'"):
        parse_menu({"items": [{"id": "pf", "name": "PF", "category": "pratos", "price": "20"}]})
