"""The menu in Firestore: one document per item, and a version on the restaurant document.

``restaurants/{rid}`` holds the ``restaurant`` block of the menu file (name, currency,
delivery fee, opening hours, Pix key, as in the file) and ``menu_version`` (a hash of
the whole menu), so checking for a change is one small read;
``restaurants/{rid}/menu_items/{item_id}`` holds each item with its ``position`` in the file.
"""

from __future__ import annotations

from typing import Any

from google.cloud import firestore

from nlu.menu import Menu, MenuItem, parse_restaurant
from service.adapters.menu_diff import diff_menus
from service.adapters.menu_diff import menu_version as shared_menu_version
from service.ports import MenuChange

__all__ = ["load_menu", "menu_version", "save_menu", "version_of"]

MENU_ITEMS = "menu_items"


def version_of(menu: Menu) -> str:
    """The same content hash every store uses, so saving an equal menu is a no-op."""
    return shared_menu_version(menu.to_dict())


def _item_doc(item: MenuItem, position: int) -> dict[str, Any]:
    return {
        "name": item.name,
        "category": item.category,
        "price_cents": item.price_cents,
        "aliases": list(item.aliases),
        "description": item.description,
        "available": item.available,
        "position": position,
    }


def menu_version(restaurant_ref: firestore.DocumentReference) -> str | None:
    """The stored menu's version: one document read."""
    snapshot = restaurant_ref.get(field_paths=["menu_version"])
    if not snapshot.exists:
        return None
    version = snapshot.get("menu_version")
    return str(version) if version else None


def _menu_from(data: dict[str, Any], item_snapshots: Any) -> Menu:
    items = []
    for item_snapshot in item_snapshots:
        item = item_snapshot.to_dict() or {}
        items.append(
            MenuItem(
                id=item_snapshot.id,
                name=item["name"],
                category=item["category"],
                price_cents=int(item["price_cents"]),
                aliases=tuple(item.get("aliases") or ()),
                description=item.get("description") or "",
                available=bool(item.get("available", True)),
            )
        )
    return Menu(restaurant=parse_restaurant(data["restaurant"]), items=tuple(items))


def load_menu(restaurant_ref: firestore.DocumentReference) -> Menu | None:
    """The stored menu, or None when none was saved: the restaurant document plus one per item."""
    snapshot = restaurant_ref.get()
    data = snapshot.to_dict() if snapshot.exists else None
    if not data or not data.get("menu_version"):
        return None
    return _menu_from(data, restaurant_ref.collection(MENU_ITEMS).order_by("position").stream())


def save_menu(client: firestore.Client, restaurant_ref: firestore.DocumentReference,
              menu: Menu) -> MenuChange:
    """Replace the stored menu in one transaction; nothing is written when it is unchanged."""
    version = version_of(menu)
    wanted = {item.id: _item_doc(item, position) for position, item in enumerate(menu.items)}
    items_ref = restaurant_ref.collection(MENU_ITEMS)

    @firestore.transactional
    def replace(transaction: firestore.Transaction) -> MenuChange:
        current = next(iter(transaction.get(restaurant_ref)))
        current_data = (current.to_dict() or {}) if current.exists else {}
        if current_data.get("menu_version") == version:
            return MenuChange()  # the same content: one read, no writes
        stored_items = list(transaction.get(items_ref.order_by("position")))
        stored = {snap.id: snap.to_dict() or {} for snap in stored_items}
        old = None
        if current_data.get("menu_version"):
            old = _menu_from(current_data, stored_items).to_dict()
        change = diff_menus(old, menu.to_dict())
        for item_id in stored:
            if item_id not in wanted:
                transaction.delete(items_ref.document(item_id))
        for item_id, doc in wanted.items():
            if stored.get(item_id) != doc:  # new, edited or moved
                transaction.set(items_ref.document(item_id), doc)
        # Listed fields are replaced whole (a field dropped from the file goes away);
        # anything else on the document is kept.
        transaction.set(
            restaurant_ref,
            {
                "restaurant": menu.restaurant.to_dict(),
                "menu_version": version,
                "menu_updated_at": firestore.SERVER_TIMESTAMP,
            },
            merge=["restaurant", "menu_version", "menu_updated_at"],
        )
        return change

    return replace(client.transaction())
