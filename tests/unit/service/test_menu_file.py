"""Loading a menu file: a malformed one is refused naming the field and the item."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nlu import MenuError
from service.application.menus import load_menu_file as load_menu
from service.domain.menu import parse_menu

ROOT = Path(__file__).resolve().parents[3]


def menu_with(**item: Any) -> dict[str, Any]:
    base = {"id": "feijoada", "name": "Feijoada", "category": "pratos", "price": 34.9}
    base.update(item)
    return {"restaurant": {"name": "Cozinha"}, "items": [base]}


def test_the_seed_menu_follows_the_contract() -> None:
    menu = load_menu(ROOT / "data" / "menu_seed.json")
    assert menu.restaurant.name == "Cozinha da Cris"
    assert menu.restaurant.delivery_fee_cents == 500
    assert 25 <= len(menu.items) <= 40
    assert {"coca_lata", "coca_2l"} <= {item.id for item in menu.items}
    assert any(not item.available for item in menu.items)
    assert menu["feijoada"].price_cents == 3490


@pytest.mark.parametrize(
    ("menu", "words"),
    [
        (menu_with(name=""), ["item 1", "'feijoada'", "'name'"]),
        (menu_with(price="34,90"), ["'feijoada'", "'price'"]),
        (menu_with(price=-1), ["'feijoada'", "'price'"]),
        (menu_with(price=1.999), ["'feijoada'", "'price'"]),
        (menu_with(id="Feijoada Completa"), ["item 1", "'id'"]),
        (menu_with(category=None), ["'feijoada'", "'category'"]),
        (menu_with(aliases="feijuca"), ["'feijoada'", "'aliases'"]),
        (menu_with(available="sim"), ["'feijoada'", "'available'"]),
        ({"restaurant": {}, "items": []}, ["'restaurant.name'"]),
        ({"restaurant": {"name": "X"}}, ["'items'"]),
        ({"restaurant": {"name": "X", "delivery_fee": "5"}, "items": []},
         ["'restaurant.delivery_fee'"]),
        ({"restaurant": {"name": "X", "pix_key": 11999998888}, "items": []},
         ["'restaurant.pix_key'"]),
        ({"restaurant": {"name": "X", "pix_key": "   "}, "items": []}, ["'restaurant.pix_key'"]),
    ],
)
def test_malformed_menus_name_the_field_and_item(menu: dict[str, Any], words: list[str]) -> None:
    with pytest.raises(MenuError) as error:
        parse_menu(menu)
    for word in words:
        assert word in str(error.value)


def test_a_repeated_id_is_named() -> None:
    menu = menu_with()
    menu["items"].append(dict(menu["items"][0]))
    with pytest.raises(MenuError, match=r"item 2 \('feijoada'\): campo 'id' repetido"):
        parse_menu(menu)


def test_unreadable_and_invalid_json_files(tmp_path: Path) -> None:
    with pytest.raises(MenuError, match="não foi possível ler"):
        load_menu(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"restaurant": ', encoding="utf-8")
    with pytest.raises(MenuError, match="não é JSON válido"):
        load_menu(broken)


def test_unknown_fields_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "menu.json"
    path.write_text(json.dumps(menu_with(spicy=True, options=[1, 2])), encoding="utf-8")
    assert load_menu(path)["feijoada"].name == "Feijoada"


def test_the_pix_key_is_optional_and_kept_when_the_menu_is_saved() -> None:
    data: dict[str, Any] = {"restaurant": {"name": "X", "pix_key": " pix@cozinha.com.br "},
            "items": [{"id": "pf", "name": "PF", "category": "pratos", "price": 20}]}
    menu = parse_menu(data)
    assert menu.restaurant.pix_key == "pix@cozinha.com.br"
    assert parse_menu(menu.to_dict()) == menu
    del data["restaurant"]["pix_key"]
    assert parse_menu(data).restaurant.pix_key is None

