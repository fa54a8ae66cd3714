"""Cart changes from a message: items by name or number, removals, restated amounts, choices."""

from __future__ import annotations

from dataclasses import replace

from nlu import Intent, MenuItem
from service.domain import texts
from service.domain.cart import MAX_LINE_QUANTITY, Cart, PricedLine
from service.domain.conversation import Conversation, PendingChoice, State
from service.domain.turn import Turn

__all__ = ["apply_order_message", "ask_pending", "handle_choosing", "has_order_content"]


def has_order_content(turn: Turn) -> bool:
    """True when the message names items, menu numbers, or things that look like items."""
    parsed = turn.parsed
    return bool(
        parsed.items
        or parsed.then_add
        or parsed.unavailable_items
        or parsed.ambiguous
        or parsed.unknown_items
        or parsed.invalid_quantities
        or parsed.numbers
    )


def ask_pending(conv: Conversation, turn: Turn) -> str:
    """The "which one?" question for the first pending choice."""
    choice = conv.pending[0]
    items = [item for item in (turn.item(c) for c in choice.candidates) if item is not None]
    return texts.which_one(choice.text, items, choice.quantity, turn.currency)


class _CartEdit:
    """Accumulates one message's cart changes and what to say about them."""

    def __init__(self, conv: Conversation, turn: Turn) -> None:
        self.turn = turn
        self.cart: Cart = conv.cart
        self.added: list[PricedLine] = []
        self.notes: list[str] = []
        self.pending: list[PendingChoice] = list(conv.pending)

    def add(self, item: MenuItem, quantity: int, note: str | None) -> None:
        if quantity < 1 or self.cart.quantity_of(item.id) + quantity > MAX_LINE_QUANTITY:
            self.notes.append(texts.invalid_quantity(quantity, item, MAX_LINE_QUANTITY))
            return
        self.cart = self.cart.add(item.id, quantity, note)
        self.added.append(PricedLine(item, quantity, note))

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
        self.cart = self.cart.set_quantity(item.id, quantity, note)
        if quantity == 0:
            self.notes.append(texts.removed(item, had) if had else texts.not_in_cart(item))
        else:
            self.notes.append(texts.quantity_set(item, quantity))


def apply_order_message(conv: Conversation, turn: Turn) -> Conversation:
    """Apply everything the message orders, removes or restates; reply with the result."""
    parsed = turn.parsed
    edit = _CartEdit(conv, turn)
    removing = parsed.intent is Intent.REMOVE_ITEMS
    for line in parsed.items:
        item = _orderable(edit, line.id)
        if item is None:
            continue
        if removing:
            edit.remove(item, line.quantity)
        elif parsed.replace:
            edit.set_quantity(item, line.quantity, line.note)
        else:
            edit.add(item, line.quantity, line.note)
    if not removing:
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
            edit, amb.candidates, amb.quantity, amb.note, amb.text, removing, parsed.replace
        )
    # A swap ("troca a coca por um guaraná"): what comes in place of what was removed.
    for line in parsed.then_add:
        item = _orderable(edit, line.id)
        if item is not None:
            edit.add(item, line.quantity, line.note)
    for amb in parsed.then_add_ambiguous:
        _apply_ambiguity(edit, amb.candidates, amb.quantity, amb.note, amb.text, False, False)
    return _finish(conv, turn, edit)


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
) -> None:
    turn = edit.turn
    options = [item for item in (turn.item(c) for c in candidates) if item is not None]
    if removing or restating:
        # "tira a coca" only needs asking when both cocas are in the cart.
        in_cart = [item for item in options if edit.cart.quantity_of(item.id)]
        if len(in_cart) == 1:
            if removing:
                edit.remove(in_cart[0], quantity)
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
    if len(options) == 1:
        edit.add(options[0], quantity, note)
    elif options:
        choice = PendingChoice(tuple(item.id for item in options), quantity, note, text)
        edit.pending.append(choice)


def _finish(conv: Conversation, turn: Turn, edit: _CartEdit) -> Conversation:
    changed = edit.cart != conv.cart
    new = replace(conv, cart=edit.cart, pending=tuple(edit.pending))
    added = texts.added(edit.added, turn.subtotal(edit.cart), turn.currency) if edit.added else ""
    if turn.parsed.intent is Intent.REMOVE_ITEMS:  # a swap says what left before what came in
        turn.say(*edit.notes, added)
    else:
        turn.say(added, *edit.notes)
    if new.pending:
        new = replace(new, state=State.CHOOSING)
        turn.say(ask_pending(new, turn))
        return new
    if new.state is State.CHOOSING:
        new = replace(new, state=State.ORDERING)
    if changed and not new.cart.empty:
        if not edit.added:
            turn.say(texts.cart(new.cart.priced(turn.menu), turn.subtotal(new.cart), turn.currency))
        turn.say(texts.anything_else())
    elif changed:
        turn.say(texts.cart_empty())
    elif not edit.notes:
        turn.say(texts.not_understood())
    return new


def handle_choosing(conv: Conversation, turn: Turn) -> Conversation:
    """Read the answer to "which one?"; anything else is treated as a new order."""
    if not conv.pending:
        return replace(conv, state=State.ORDERING)
    choice = conv.pending[0]
    options = [c for c in choice.candidates if turn.item(c) is not None]
    parsed = turn.parsed
    picked: str | None = None
    if len(parsed.numbers) == 1 and parsed.numbers[0].quantity == 1:
        number = parsed.numbers[0].number
        picked = options[number - 1] if 1 <= number <= len(options) else None
    if picked is None and turn.choice in options:
        picked = turn.choice
    if picked is None:
        named = [line.id for line in parsed.items if line.id in options]
        picked = named[0] if len(named) == 1 else None
    if picked is not None:
        item = turn.menu[picked]
        rest = replace(conv, pending=conv.pending[1:])
        edit = _CartEdit(rest, turn)
        edit.add(item, choice.quantity, choice.note)
        return _finish(rest, turn, edit)
    if parsed.intent is Intent.DENY:
        turn.say(texts.choice_dropped())
        rest = replace(conv, pending=conv.pending[1:])
        return _after_choice(rest, turn)
    # A bare number here answers the question (out of range), it is not a menu number.
    named_something = parsed.items or parsed.ambiguous or parsed.unknown_items
    if named_something or parsed.invalid_quantities:
        return apply_order_message(conv, turn)
    turn.say(texts.choice_not_understood(), ask_pending(conv, turn))
    return conv


def _after_choice(conv: Conversation, turn: Turn) -> Conversation:
    if conv.pending:
        turn.say(ask_pending(conv, turn))
        return replace(conv, state=State.CHOOSING)
    if not conv.cart.empty:
        turn.say(texts.anything_else())
    return replace(conv, state=State.ORDERING)
