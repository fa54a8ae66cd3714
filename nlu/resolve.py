"""Mentions and bare numbers sorted into what a result reports: items, ambiguities, numbers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from nlu.mentions import Mention
from nlu.result import Ambiguity, InvalidQuantity, ItemLine, NumberRef

__all__ = ["ABSURD_QUANTITY", "Found", "resolve"]

# This many of one thing is a typo or a joke ("1000 coxinhas"): the assistant asks instead
# of adding. Below it stay real party orders, which Brazilians place by the hundred
# ("um cento de salgados", "200 brigadeiros").
ABSURD_QUANTITY = 1000


@dataclass(slots=True)
class Found:
    """Mentions and numbers sorted into what the result reports."""

    items: dict[str, ItemLine] = field(default_factory=dict)
    ambiguous: list[Ambiguity] = field(default_factory=list)
    unavailable: list[ItemLine] = field(default_factory=list)
    invalid: list[InvalidQuantity] = field(default_factory=list)
    numbers: list[NumberRef] = field(default_factory=list)

    @property
    def any_item(self) -> bool:
        """Was any menu item named (settled, ambiguous or unavailable)?"""
        return bool(self.items or self.ambiguous or self.unavailable)

    def add(self, line: ItemLine) -> None:
        """Add one item line, summing with the same id."""
        _add(self.items, line.id, line.quantity, line.note)


def resolve(
    mentions: list[Mention], numbers: Iterable[tuple[int, int]], found: Found
) -> None:
    """Sort mentions into items, ambiguities, unavailable and absurd quantities."""
    named = {m.ids[0] for m in mentions if len(m.ids) == 1}
    for mention in mentions:
        single = mention.ids[0] if len(mention.ids) == 1 else None
        if single is None and not mention.explicit_quantity and named & set(mention.ids):
            continue  # "sobremesa: um pudim e um pavê" — the heading is not an order
        if not 0 < mention.quantity < ABSURD_QUANTITY:
            found.invalid.append(InvalidQuantity(mention.quantity, single, mention.text))
        elif not mention.available:
            found.unavailable.extend(ItemLine(i, mention.quantity) for i in mention.ids)
        elif single is not None:
            _add(found.items, single, mention.quantity, mention.note,
                 unsaid=not mention.explicit_quantity)
        elif mention.each:
            for item_id in mention.ids:
                _add(found.items, item_id, mention.quantity, mention.note)
        else:
            found.ambiguous.append(Ambiguity(mention.ids, mention.quantity, mention.text,
                                             mention.note,
                                             unsaid=not mention.explicit_quantity))
    for number, quantity in numbers:
        if 0 < quantity < ABSURD_QUANTITY:
            found.numbers.append(NumberRef(number, quantity))
        else:
            found.invalid.append(InvalidQuantity(quantity, None, str(number)))


def _add(items: dict[str, ItemLine], item_id: str, quantity: int, note: str | None,
         unsaid: bool = False) -> None:
    """Sum quantities per id, keeping every note."""
    old = items.get(item_id)
    if old is None:
        items[item_id] = ItemLine(item_id, quantity, note, unsaid=unsaid)
        return
    notes = "; ".join(part for part in (old.note, note) if part) or None
    items[item_id] = ItemLine(item_id, old.quantity + quantity, notes)
