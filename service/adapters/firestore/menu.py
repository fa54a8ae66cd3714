"""The menu in Firestore: one document per item, the restaurant block and a version beside.

``restaurants/{rid}`` holds the ``restaurant`` block of the menu file (name, currency,
delivery fee, opening hours, Pix key, as in the file) and ``menu_version`` (the
hash of the menu last saved); ``restaurants/{rid}/menu_items/{item_id}`` holds each
item with its ``position`` in the file. The restaurant may edit an item in the
Firestore console (``name``, ``category``, ``price_cents``, ``available``,
``description``, ``aliases``); a :class:`MenuWatch` listening to the items
collection makes such an edit reach the assistant within seconds. An item that
a console edit made invalid is left out, and logged, so the rest keeps selling.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from google.cloud import firestore

import nlu
from nlu import MenuError, MenuItem
from service.adapters.firestore.layout import Layout
from service.domain.menu import Menu
from service.domain.restaurant import parse_restaurant

__all__ = ["MenuWatch", "load_menu", "menu_version", "save_menu"]

logger = logging.getLogger(__name__)

# Far more items than any kitchen sells; a bound for the query that reads them all.
MAX_MENU_ITEMS = 10_000
# The listener's first snapshot arrives in milliseconds; the first menu check waits
# this long for it, so the change count starts from the menu as it is.
FIRST_SNAPSHOT_SECONDS = 5.0


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


def _item(item_id: str, doc: dict[str, Any]) -> MenuItem | None:
    """An item document validated as the file's items are; None (logged) when invalid."""
    price = doc.get("price_cents")
    if isinstance(price, float) and price.is_integer():
        price = int(price)  # a number typed in the console may arrive as 3990.0
    if isinstance(price, bool) or not isinstance(price, int):
        logger.error("menu item %s left out of the menu: price_cents %r is not a whole number "
                     "of centavos", item_id, price)
        return None
    as_file = {
        "id": item_id,
        "name": doc.get("name"),
        "category": doc.get("category"),
        "price": price / 100,  # the file says reais; negatives are refused as the file's are
        "aliases": doc.get("aliases") or [],
        "description": doc.get("description") or "",
        "available": doc.get("available", True),
    }
    try:
        return nlu.parse_menu({"items": [as_file]}).items[0]
    except MenuError as exc:
        logger.error("menu item %s left out of the menu: %s", item_id, exc)
        return None


def menu_version(layout: Layout) -> str | None:
    """The version of the menu last saved: one small document read."""
    snapshot = layout.root.get(field_paths=["menu_version"])
    if not snapshot.exists:
        return None
    version = snapshot.get("menu_version")
    return str(version) if version else None


def _menu_from(data: dict[str, Any], item_snapshots: Any) -> Menu:
    items = [
        item for item in (_item(snap.id, snap.to_dict() or {}) for snap in item_snapshots)
        if item is not None
    ]
    return Menu(parse_restaurant(data["restaurant"]), nlu.Menu(items=tuple(items)))


def load_menu(layout: Layout) -> Menu | None:
    """The stored menu, or None when none was saved: the restaurant document plus one per item."""
    snapshot = layout.root.get()
    data = snapshot.to_dict() if snapshot.exists else None
    if not data or not data.get("menu_version"):
        return None
    return _menu_from(data, layout.menu_items.order_by("position").stream())


def save_menu(client: firestore.Client, layout: Layout, menu: Menu) -> None:
    """Make the stored menu ``menu`` in one transaction, writing only the documents that differ.

    Item documents edited in the console are compared too, so saving the file's menu
    again puts its content back.
    """
    wanted = {item.id: _item_doc(item, position) for position, item in enumerate(menu.items)}
    items_ref = layout.menu_items

    @firestore.transactional
    def replace(transaction: firestore.Transaction) -> None:
        every_item = items_ref.limit(MAX_MENU_ITEMS)  # also documents without a position
        stored = {snap.id: snap.to_dict() or {} for snap in transaction.get(every_item)}
        for item_id in stored:
            if item_id not in wanted:
                transaction.delete(items_ref.document(item_id))
        for item_id, doc in wanted.items():
            if stored.get(item_id) != doc:  # new, edited or moved
                transaction.set(items_ref.document(item_id), doc)
        # Listed fields are replaced whole (a field dropped from the file goes away);
        # anything else on the document is kept.
        transaction.set(
            layout.root,
            {
                "restaurant": menu.restaurant.to_dict(),
                "menu_version": menu.version,
                "menu_updated_at": firestore.SERVER_TIMESTAMP,
            },
            merge=["restaurant", "menu_version", "menu_updated_at"],
        )

    replace(client.transaction())


class MenuWatch:
    """Counts changes to the item documents, as a snapshot listener reports them.

    The stored ``menu_version`` changes only when ``seed-menu`` saves; an edit in the
    console changes an item document alone. The listener is started on first use
    and costs one read per changed document, not a poll of the whole menu.
    """

    def __init__(self, layout: Layout) -> None:
        self._layout = layout
        self._lock = threading.Lock()
        self._generation = 0
        self._watch: Any = None
        self._listening = threading.Event()

    def generation(self) -> int:
        """How many changes arrived since the listener started (its first snapshot is not one)."""
        with self._lock:
            starting = self._watch is None
            if starting:
                self._watch = self._layout.menu_items.on_snapshot(self._changed)
        if starting and not self._listening.wait(FIRST_SNAPSHOT_SECONDS):
            logger.warning("the menu listener has not answered yet; console edits may lag")
        with self._lock:
            return self._generation

    def _changed(self, snapshots: Any, changes: Any, read_time: Any) -> None:
        if not self._listening.is_set():
            self._listening.set()  # the state when listening began, not a change
            return
        with self._lock:
            self._generation += 1

    def stop(self) -> None:
        """Stop listening."""
        with self._lock:
            watch, self._watch = self._watch, None
        if watch is not None:
            watch.unsubscribe()
