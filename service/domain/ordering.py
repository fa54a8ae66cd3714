"""Cart edits from a message: items by name or number, removals, restated amounts, corrections.

:func:`edit_cart` applies everything a message orders, removes or restates and says
what changed; the step that called it decides what to ask next. A correction ("na
verdade faz grande") of an item not in the cart replaces its variant (see
``service.domain.variants``) instead of adding beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from nlu import Intent, MenuItem, ParseResult, Question
from service.domain import texts
from service.domain.cart import MAX_LINE_QUANTITY, Cart, PricedLine
from service.domain.conversation import Conversation, PendingChoice
from service.domain.turn import Turn
from service.domain.variants import closeness, variants_in

__all__ = ["CartNews", "add_choice", "edit_cart", "has_order_content"]


def has_order_content(turn: Turn, *, menu_numbers: bool = True) -> bool:
    """True when the message orders, removes or restates items (a question about one does not)."""
    parsed = turn.parsed
    if parsed.question is Question.ITEM_INFO:
        return False
    return bool(
        parsed.items
        or parsed.then_add
        or parsed.unavailable_items
        or parsed.ambiguous
        or parsed.unknown_items
        or parsed.invalid_quantities
        or (parsed.numbers and menu_numbers)
    )


@dataclass(frozen=True)
class CartNews:
    """What one message did to the cart."""

    changed: bool = False
    added: bool = False
    noted: bool = False  # something was said about a mention (unknown, unavailable, …)
    asked: bool = False  # a new "which one?" is pending
    last_item: str | None = None


class _CartEdit:
    """Accumulates one message's cart changes and what to say about them."""

    def __init__(self, conv: Conversation, turn: Turn) -> None:
        self.turn = turn
        self.cart: Cart = conv.cart
        self.last_item = conv.last_item
        self.added: list[PricedLine] = []
        self.notes: list[str] = []
        self.pending: list[PendingChoice] = list(conv.pending)
        self.named = {line.id for line in turn.parsed.items}

    def add(self, item: MenuItem, quantity: int, note: str | None) -> None:
        if quantity < 1 or self.cart.quantity_of(item.id) + quantity > MAX_LINE_QUANTITY:
            self.notes.append(texts.invalid_quantity(quantity, item, MAX_LINE_QUANTITY))
            return
        self.cart = self.cart.add(item.id, quantity, note)
        self.added.append(PricedLine(item, quantity, note))
        self.last_item = item.id

    def remove(self, item: MenuItem, quantity: int) -> None:
        have = self.cart.quantity_of(item.id)
        if have == 0:
            self.notes.append(texts.not_in_cart(item))
            return
        taken = min(have, max(quantity, 1))
        self.cart = self.cart.remove(item.id, taken)
        self.notes.append(texts.removed(item, taken))

    def set_quantity(self, item: MenuItem, quantity: int, note: str | None) -> None:
        if not 0 <= quantity <= MAX_LINE_QUANTITY:
            self.notes.append(texts.invalid_quantity(quantity, item, MAX_LINE_QUANTITY))
            return
        had = self.cart.quantity_of(item.id)
        if had == 0 and quantity > 0:
            # "então quero uma" after a question about the fajita: a new line, not a correction
            self.add(item, quantity, note)
            return
        self.cart = self.cart.set_quantity(item.id, quantity, note)
        self.last_item = item.id
        if quantity == 0:
            self.notes.append(texts.removed(item, had) if had else texts.not_in_cart(item))
        else:
            self.notes.append(texts.quantity_set(item, quantity))

    def replaced_variant(self, item: MenuItem) -> tuple[str, int] | None:
        """The cart line a correction to ``item`` replaces (its closest variant not named
        now), with how close it is."""
        in_cart = [line.item_id for line in self.cart.lines
                   if line.item_id not in self.named or line.item_id == item.id]
        found = variants_in(item, in_cart, self.turn.menu)
        if not found:
            return None
        chosen = self.last_item if self.last_item in found else found[-1]
        level = closeness(item, self.turn.menu[chosen])
        return (chosen, level) if chosen is not None and level is not None else None

    def correct(self, item: MenuItem, quantity: int, note: str | None) -> None:
        """ "Na verdade são 3" / "na verdade faz grande": restate a line or replace its variant."""
        replaced = None if self.cart.quantity_of(item.id) else self.replaced_variant(item)
        old_id = replaced[0] if replaced else None
        if old_id is None:
            self.set_quantity(item, quantity, note)
            return
        had = self.cart.quantity_of(old_id)
        new_quantity = quantity if quantity > 1 else had
        if not 1 <= new_quantity <= MAX_LINE_QUANTITY:
            self.notes.append(texts.invalid_quantity(new_quantity, item, MAX_LINE_QUANTITY))
            return
        self.cart = self.cart.replace_item(old_id, item.id, new_quantity, note)
        self.last_item = item.id
        self.notes.append(texts.replaced(self.turn.menu[old_id], had, item, new_quantity))


def edit_cart(conv: Conversation, turn: Turn, *,
              menu_numbers: bool = True) -> tuple[Conversation, CartNews]:
    """Apply what the message orders, removes or restates; say what changed."""
    parsed = turn.parsed
    if not has_order_content(turn, menu_numbers=menu_numbers):
        return conv, CartNews()
    edit = _CartEdit(conv, turn)
    removing = parsed.intent is Intent.REMOVE_ITEMS
    # "tira a coca" with two in the cart takes both out; "tira uma coca", one; a swap
    # ("troca a coca por um guaraná") takes out what it says.
    whole = removing and not parsed.then_add and not parsed.then_add_ambiguous
    swapped = 0  # how many went out of a swap that counts neither side
    for line in parsed.items:
        item = _orderable(edit, line.id)
        if item is None:
            continue
        if removing:
            had = edit.cart.quantity_of(item.id)
            uncounted = removing and _swap_counts_nothing(parsed)
            every = whole or uncounted or _swapped_for_as_many(parsed, had)
            edit.remove(item, had if every and line.unsaid else line.quantity)
            swapped = had if uncounted else 0
        elif parsed.replace:
            had = edit.cart.quantity_of(item.id)
            # "uma sem feijão" right after "2 marmitex": a note on the line, still two
            keep = had if line.unsaid and line.note and had else line.quantity
            edit.correct(item, keep, line.note)
        else:
            edit.add(item, line.quantity, line.note)
    if not removing and menu_numbers:
        numbered = dict(turn.menu.numbered())
        for ref in parsed.numbers:
            item = numbered.get(ref.number)
            if item is None:
                edit.notes.append(texts.number_not_on_menu(ref.number, len(numbered)))
            else:
                edit.add(item, ref.quantity, None)
    for line in parsed.unavailable_items:
        _orderable(edit, line.id)  # notes that it is off the menu today
    for bad in parsed.invalid_quantities:
        known = turn.item(bad.id) if bad.id else None
        edit.notes.append(texts.invalid_quantity(bad.quantity, known, MAX_LINE_QUANTITY))
    for mention in parsed.unknown_items:
        suggestions = [s for s in (turn.item(i) for i in mention.suggestions) if s is not None]
        edit.notes.append(texts.unknown_item(mention.text, suggestions[:3], turn.currency))
    for amb in parsed.ambiguous:
        _apply_ambiguity(
            edit, amb.candidates, amb.quantity, amb.note, amb.text, removing, parsed.replace,
            whole=whole and amb.unsaid,
        )
    # A swap ("troca a coca por um guaraná"): what comes in place of what was removed.
    for line in parsed.then_add:
        item = _orderable(edit, line.id)
        if item is not None:
            edit.add(item, swapped or line.quantity, line.note)
    for amb in parsed.then_add_ambiguous:
        _apply_ambiguity(edit, amb.candidates, amb.quantity, amb.note, amb.text, False, False)
    return _report(conv, turn, edit)


def _swapped_for_as_many(parsed: ParseResult, had: int) -> bool:
    """ "troca os suco por 2 refri" with two sucos: as many come in as the line has, so the
    whole line goes (one of two would leave a suco nobody asked for)."""
    coming = sum(line.quantity for line in parsed.then_add)
    return had > 1 and len(parsed.items) == 1 and not parsed.then_add_ambiguous \
        and coming == had


def _swap_counts_nothing(parsed: ParseResult) -> bool:
    """ "troca os de goiabada por nutella" with two de goiabada: no count on either side, so
    the line is swapped whole, as "tira os de goiabada" takes it all out."""
    return len(parsed.items) == 1 and parsed.items[0].unsaid and len(parsed.then_add) == 1 \
        and parsed.then_add[0].unsaid and not parsed.then_add_ambiguous


def add_choice(conv: Conversation, turn: Turn,
               picks: list[tuple[MenuItem, int, str | None]]) -> tuple[Conversation, CartNews]:
    """Add the items a "which one?" was answered with: (item, quantity, note) each."""
    edit = _CartEdit(conv, turn)
    for item, quantity, note in picks:
        edit.add(item, quantity, note)
    return _report(conv, turn, edit)


def _orderable(edit: _CartEdit, item_id: str) -> MenuItem | None:
    """The available item, or None after noting why it cannot be ordered."""
    turn = edit.turn
    item = turn.item(item_id)
    if item is None:
        known = turn.menu.get(item_id)
        edit.notes.append(
            texts.item_unavailable(known.name)
            if known
            else texts.unknown_item(item_id, [], turn.currency)
        )
    return item


def _apply_ambiguity(
    edit: _CartEdit,
    candidates: tuple[str, ...],
    quantity: int,
    note: str | None,
    text: str,
    removing: bool,
    restating: bool,
    whole: bool = False,
) -> None:
    turn = edit.turn
    options = [item for item in (turn.item(c) for c in candidates) if item is not None]
    if removing or restating:
        # "tira a coca" only needs asking when both cocas are in the cart.
        in_cart = [item for item in options if edit.cart.quantity_of(item.id)]
        if len(in_cart) == 1:
            if removing:
                edit.remove(in_cart[0],
                            edit.cart.quantity_of(in_cart[0].id) if whole else quantity)
            else:
                edit.set_quantity(in_cart[0], quantity, note)
            return
        if removing:
            edit.notes.append(
                texts.which_to_remove([item.name for item in in_cart])
                if in_cart
                else texts.mention_not_in_cart(text or (options[0].name if options else ""))
            )
            return
        # "na verdade quero de mussarela": the option closest to a line in the cart.
        levels = {item.id: found[1] for item in options
                  if (found := edit.replaced_variant(item)) is not None}
        closest = [item for item in options if levels.get(item.id) == min(levels.values(),
                                                                          default=None)]
        if len(closest) == 1:
            edit.correct(closest[0], quantity, note)
            return
    if len(options) == 1:
        edit.add(options[0], quantity, note)
    elif options:
        choice = PendingChoice(tuple(item.id for item in options), quantity, note, text)
        edit.pending.append(choice)


def _report(conv: Conversation, turn: Turn, edit: _CartEdit) -> tuple[Conversation, CartNews]:
    asked = len(edit.pending) > len(conv.pending)
    new = replace(conv, cart=edit.cart, pending=tuple(edit.pending), last_item=edit.last_item)
    added = texts.added(edit.added, turn.subtotal(edit.cart), turn.currency) if edit.added else ""
    if turn.parsed.intent is Intent.REMOVE_ITEMS:  # a swap says what left before what came in
        turn.say(*edit.notes, added)
    else:
        turn.say(added, *edit.notes)
    news = CartNews(
        changed=edit.cart != conv.cart,
        added=bool(edit.added),
        noted=bool(edit.notes),
        asked=asked,
        last_item=edit.last_item,
    )
    return new, news
