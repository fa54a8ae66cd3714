"""The customer's cart: lines of menu items with quantities and notes, priced from the menu."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from nlu import MenuItem
from service.domain.menu import Menu

__all__ = ["MAX_LINE_QUANTITY", "Cart", "CartLine", "PricedLine"]

# A home kitchen cooks a few dozen portions a night; more than this on one line is
# almost certainly a typo ("100" for "10") and is asked about instead of accepted.
MAX_LINE_QUANTITY = 50


@dataclass(frozen=True)
class CartLine:
    """One item in the cart; the same item with another note is another line."""

    item_id: str
    quantity: int
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"item_id": self.item_id, "quantity": self.quantity, "note": self.note}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CartLine:
        """Inverse of :meth:`to_dict`."""
        return cls(item_id=data["item_id"], quantity=int(data["quantity"]), note=data.get("note"))


@dataclass(frozen=True)
class PricedLine:
    """A cart line with the menu item it refers to and its total in cents."""

    item: MenuItem
    quantity: int
    note: str | None

    @property
    def total_cents(self) -> int:
        """Unit price times quantity."""
        return self.item.price_cents * self.quantity


@dataclass(frozen=True)
class Cart:
    """An immutable cart; every change returns a new cart."""

    lines: tuple[CartLine, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing is in the cart."""
        return not self.lines

    def quantity_of(self, item_id: str) -> int:
        """Total quantity of one item over all its lines."""
        return sum(line.quantity for line in self.lines if line.item_id == item_id)

    def add(self, item_id: str, quantity: int, note: str | None = None) -> Cart:
        """Add to the line with the same item and note, or append a new line."""
        lines = list(self.lines)
        for index, line in enumerate(lines):
            if line.item_id == item_id and line.note == note:
                lines[index] = replace(line, quantity=line.quantity + quantity)
                return Cart(tuple(lines))
        return Cart((*lines, CartLine(item_id, quantity, note)))

    def remove(self, item_id: str, quantity: int | None = None) -> Cart:
        """Remove ``quantity`` of an item (all of it when None), newest lines first."""
        remaining = self.quantity_of(item_id) if quantity is None else quantity
        lines: list[CartLine] = []
        for line in reversed(self.lines):
            if line.item_id == item_id and remaining > 0:
                taken = min(remaining, line.quantity)
                remaining -= taken
                if line.quantity > taken:
                    lines.append(replace(line, quantity=line.quantity - taken))
                continue
            lines.append(line)
        return Cart(tuple(reversed(lines)))

    def set_quantity(self, item_id: str, quantity: int, note: str | None = None) -> Cart:
        """Make the item's total quantity exactly ``quantity`` on a single line."""
        first = next((line for line in self.lines if line.item_id == item_id), None)
        keep_note = note if note is not None else (first.note if first else None)
        without = tuple(line for line in self.lines if line.item_id != item_id)
        if quantity <= 0:
            return Cart(without)
        new_line = CartLine(item_id, quantity, keep_note)
        if first is None:
            return Cart((*without, new_line))
        position = self.lines.index(first)
        before = tuple(line for line in self.lines[:position] if line.item_id != item_id)
        after = tuple(line for line in self.lines[position:] if line.item_id != item_id)
        return Cart((*before, new_line, *after))

    def replace_item(self, old_id: str, new_id: str, quantity: int,
                     note: str | None = None) -> Cart:
        """Put ``new_id`` where ``old_id`` was (a size or flavour changed), merging equal lines."""
        first = next((line for line in self.lines if line.item_id == old_id), None)
        if first is None:
            return self.add(new_id, quantity, note)
        keep_note = note if note is not None else first.note
        position = self.lines.index(first)
        before = [line for line in self.lines[:position] if line.item_id not in (old_id, new_id)]
        after = [line for line in self.lines[position:] if line.item_id not in (old_id, new_id)]
        merged = quantity + self.quantity_of(new_id)
        return Cart((*before, CartLine(new_id, merged, keep_note), *after))

    def priced(self, menu: Menu) -> list[PricedLine]:
        """Lines that still exist on the menu, with their items and totals."""
        result: list[PricedLine] = []
        for line in self.lines:
            item = menu.get(line.item_id)
            if item is not None:
                result.append(PricedLine(item, line.quantity, line.note))
        return result

    def subtotal_cents(self, menu: Menu) -> int:
        """Sum of the line totals."""
        return sum(line.total_cents for line in self.priced(menu))

    def without_unavailable(self, menu: Menu) -> tuple[Cart, list[str]]:
        """Drop lines whose item left the menu or is unavailable; return the dropped ids."""
        kept: list[CartLine] = []
        dropped: list[str] = []
        for line in self.lines:
            item = menu.get(line.item_id)
            if item is not None and item.available:
                kept.append(line)
            elif line.item_id not in dropped:
                dropped.append(line.item_id)
        return Cart(tuple(kept)), dropped

    def to_dict(self) -> list[dict[str, Any]]:
        """JSON-ready form."""
        return [line.to_dict() for line in self.lines]

    @classmethod
    def from_dict(cls, data: list[dict[str, Any]]) -> Cart:
        """Inverse of :meth:`to_dict`."""
        return cls(tuple(CartLine.from_dict(line) for line in data))
