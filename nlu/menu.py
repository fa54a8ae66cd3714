"""The menu's items: the ``items`` of ``data/menu_seed.json``, validated into typed objects.

The parser needs only the items; the ``restaurant`` block (fees, hours, Pix) belongs
to the service, which reads it from the same document. Money is kept in integer
cents. A malformed file raises :class:`MenuError` with a message naming the field
and the item at fault.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Menu", "MenuError", "MenuItem", "load_menu", "parse_menu", "read_menu_document",
    "reais_to_cents",
]

_ITEM_ID = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")


class MenuError(ValueError):
    """A menu file that cannot be used; the message names the field and the item."""


@dataclass(frozen=True)
class MenuItem:
    """One thing a customer can order."""

    id: str
    name: str
    category: str
    price_cents: int
    aliases: tuple[str, ...] = ()
    description: str = ""
    available: bool = True


@dataclass(frozen=True)
class Menu:
    """The items a restaurant sells, in file order: what the parser needs to understand orders."""

    items: tuple[MenuItem, ...]
    _by_id: Mapping[str, MenuItem] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {item.id: item for item in self.items})

    def get(self, item_id: str) -> MenuItem | None:
        """The item with this id, or None."""
        return self._by_id.get(item_id)

    def __getitem__(self, item_id: str) -> MenuItem:
        return self._by_id[item_id]

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._by_id

    @property
    def available_items(self) -> tuple[MenuItem, ...]:
        """Items that can be ordered now, in file order."""
        return tuple(item for item in self.items if item.available)

    def categories(self) -> list[str]:
        """Category names of the available items, in order of first appearance."""
        seen: dict[str, None] = {}
        for item in self.available_items:
            seen.setdefault(item.category, None)
        return list(seen)

    def numbered(self) -> list[tuple[int, MenuItem]]:
        """Available items numbered from 1, grouped by category, as the menu is shown."""
        ordered = [
            item
            for category in self.categories()
            for item in self.available_items
            if item.category == category
        ]
        return list(enumerate(ordered, start=1))

    def to_dict(self) -> dict[str, Any]:
        """The ``items`` of the file format (prices in reais)."""
        return {
            "items": [
                {
                    "id": item.id,
                    "name": item.name,
                    "category": item.category,
                    "price": item.price_cents / 100,
                    "aliases": list(item.aliases),
                    "description": item.description,
                    "available": item.available,
                }
                for item in self.items
            ],
        }


def read_menu_document(path: str | Path) -> Any:
    """Read a menu file as decoded JSON, refusing unreadable files and invalid JSON."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise MenuError(
            f"não foi possível ler o arquivo de cardápio {path}: {exc.strerror}"
        ) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise MenuError(
            f"o arquivo de cardápio {path} não é JSON válido (linha {exc.lineno}, "
            f"coluna {exc.colno}): {exc.msg}"
        ) from exc


def load_menu(path: str | Path) -> Menu:
    """Read and validate the items of a menu file."""
    return parse_menu(read_menu_document(path))


def parse_menu(data: Any) -> Menu:
    """Validate a decoded menu document into a :class:`Menu`."""
    if not isinstance(data, dict):
        raise MenuError("o cardápio deve ser um objeto JSON com 'restaurant' e 'items'")
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        raise MenuError("campo 'items' ausente ou não é uma lista")
    items: list[MenuItem] = []
    seen: set[str] = set()
    for position, raw in enumerate(raw_items, start=1):
        item = _parse_item(raw, position)
        if item.id in seen:
            raise MenuError(f"item {position} ('{item.id}'): campo 'id' repetido")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise MenuError("campo 'items': o cardápio não tem nenhum item")
    return Menu(items=tuple(items))


def _parse_item(raw: Any, position: int) -> MenuItem:
    where = f"item {position}"
    if not isinstance(raw, dict):
        raise MenuError(f"{where}: deve ser um objeto JSON")
    item_id = raw.get("id")
    if not isinstance(item_id, str) or not _ITEM_ID.fullmatch(item_id):
        raise MenuError(
            f"{where}: campo 'id' ausente ou inválido (use letras minúsculas, números e _)"
        )
    where = f"item {position} ('{item_id}')"
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise MenuError(f"{where}: campo 'name' ausente ou vazio")
    category = raw.get("category")
    if not isinstance(category, str) or not category.strip():
        raise MenuError(f"{where}: campo 'category' ausente ou vazio")
    if "price" not in raw:
        raise MenuError(f"{where}: campo 'price' ausente")
    price = reais_to_cents(raw["price"], f"{where}: campo 'price'")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(
        isinstance(alias, str) and alias.strip() for alias in aliases
    ):
        raise MenuError(f"{where}: campo 'aliases' deve ser uma lista de textos")
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise MenuError(f"{where}: campo 'description' deve ser um texto")
    available = raw.get("available", True)
    if not isinstance(available, bool):
        raise MenuError(f"{where}: campo 'available' deve ser true ou false")
    return MenuItem(
        id=item_id,
        name=name.strip(),
        category=category.strip(),
        price_cents=price,
        aliases=tuple(alias.strip() for alias in aliases),
        description=description.strip(),
        available=available,
    )


def reais_to_cents(value: Any, what: str) -> int:
    """Reais as a JSON number → integer cents, refusing negatives and fractions of a cent."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MenuError(f"{what} deve ser um número (em reais, ex.: 34.9)")
    if not math.isfinite(value) or value < 0:
        raise MenuError(f"{what} deve ser um valor em reais maior ou igual a zero")
    cents = round(value * 100)
    if abs(value * 100 - cents) > 1e-6:
        raise MenuError(f"{what} tem mais de duas casas decimais")
    return int(cents)
