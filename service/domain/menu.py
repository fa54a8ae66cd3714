"""The menu as the service uses it: the restaurant's settings plus the items the parser knows.

The file format (``data/menu_seed.json``) holds both: the ``restaurant`` block is
read here, the ``items`` by ``nlu``. Every store keeps the menu in this format, and
:attr:`Menu.version` is a content hash, so equal menus have equal versions anywhere.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import nlu
from nlu import MenuItem
from service.domain.restaurant import Restaurant, parse_restaurant

__all__ = ["Menu", "MenuChange", "diff_menus", "parse_menu"]


@dataclass(frozen=True)
class Menu:
    """A restaurant and its items, in file order."""

    restaurant: Restaurant
    catalog: nlu.Menu  # the items, as the parser indexes them

    @property
    def items(self) -> tuple[MenuItem, ...]:
        """Every item, in file order."""
        return self.catalog.items

    @property
    def available_items(self) -> tuple[MenuItem, ...]:
        """Items that can be ordered now, in file order."""
        return self.catalog.available_items

    def get(self, item_id: str) -> MenuItem | None:
        """The item with this id, or None."""
        return self.catalog.get(item_id)

    def __getitem__(self, item_id: str) -> MenuItem:
        return self.catalog[item_id]

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.catalog

    def categories(self) -> list[str]:
        """Category names of the available items, in order of first appearance."""
        return self.catalog.categories()

    def numbered(self) -> list[tuple[int, MenuItem]]:
        """Available items numbered from 1, grouped by category, as the menu is shown."""
        return self.catalog.numbered()

    def with_items(self, items: tuple[MenuItem, ...]) -> Menu:
        """The same restaurant selling ``items``."""
        return Menu(self.restaurant, nlu.Menu(items=items))

    def to_dict(self) -> dict[str, Any]:
        """The menu in the file format (prices in reais)."""
        return {"restaurant": self.restaurant.to_dict(), **self.catalog.to_dict()}

    @cached_property
    def version(self) -> str:
        """A content hash: equal menus have equal versions, in every store."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False,
                               separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def parse_menu(data: Any) -> Menu:
    """Validate a decoded menu document; ``MenuError`` names the field and item at fault."""
    restaurant = parse_restaurant(data.get("restaurant")) if isinstance(data, dict) else None
    catalog = nlu.parse_menu(data)  # refuses a document that is not an object
    assert restaurant is not None
    return Menu(restaurant, catalog)


@dataclass(frozen=True)
class MenuChange:
    """What loading a menu changed, item ids in each list."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    restaurant_changed: bool = False

    @property
    def unchanged(self) -> bool:
        """True when the stored menu was already this one."""
        return not (self.added or self.removed or self.changed or self.restaurant_changed)


def diff_menus(old: Menu | None, new: Menu) -> MenuChange:
    """Item ids added, removed and changed from ``old`` (None: nothing stored) to ``new``."""
    old_items = {item.id: item for item in (old.items if old else ())}
    new_items = {item.id: item for item in new.items}
    return MenuChange(
        added=tuple(i for i in new_items if i not in old_items),
        removed=tuple(i for i in old_items if i not in new_items),
        changed=tuple(i for i in new_items if i in old_items and old_items[i] != new_items[i]),
        restaurant_changed=old is not None and old.restaurant != new.restaurant,
    )
