"""The kitchen's WhatsApp for the restaurant's side: sold out and back, pause, replies, handoffs.

What must be looked up first (which items "acabou a feijoada" names, which customer
"responder 3" means) is read before the transaction; the change itself runs inside
the kitchen message's transaction, through the same use cases the panel calls, so
a repeated delivery of the message changes nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from service.application.availability import mark_item, pause_orders, resume_orders
from service.application.handoff import CarePolicy, ReplyRefused, end_handoff, staff_reply
from service.application.menu_cache import MenuCache
from service.application.ports import RestaurantQueries, RestaurantUnitOfWork
from service.domain import kitchen_texts, restaurant_texts
from service.domain.handoff import Handoff
from service.domain.kitchen_commands import KitchenAction, KitchenCommand
from service.domain.local_time import next_clock_time, restaurant_zone
from service.domain.menu import Menu

__all__ = ["DESK_ACTIONS", "Prepared", "apply_desk_command", "prepare_desk_command"]

DESK_ACTIONS = frozenset({
    KitchenAction.SOLD_OUT, KitchenAction.BACK_IN, KitchenAction.PAUSE, KitchenAction.RESUME,
    KitchenAction.REPLY, KitchenAction.RELEASE,
})


@dataclass(frozen=True)
class Prepared:
    """What a desk command needs, read before its transaction; ``refusal`` ends it early."""

    menu: Menu | None = None
    item_ids: tuple[str, ...] = ()
    handoff: Handoff | None = None
    refusal: str | None = None


def _items(command: KitchenCommand, menus: MenuCache) -> Prepared:
    loaded = menus.current()
    if loaded is None:
        return Prepared(refusal=restaurant_texts.item_unknown(command.text))
    menu, parser = loaded
    if not command.text:
        return Prepared(menu, refusal=kitchen_texts.kitchen_item_missing())
    parsed = parser.parse(command.text)
    ids = [line.id for line in (*parsed.items, *parsed.unavailable_items)]
    if not ids and parsed.ambiguous:
        names = [menu[c].name for c in parsed.ambiguous[0].candidates if c in menu]
        return Prepared(menu, refusal=restaurant_texts.items_ambiguous(names))
    if not ids:
        return Prepared(menu, refusal=restaurant_texts.item_unknown(command.text))
    return Prepared(menu, item_ids=tuple(dict.fromkeys(ids)))


def prepare_desk_command(command: KitchenCommand, store: RestaurantQueries,
                         menus: MenuCache) -> Prepared:
    """Look up what the command names."""
    if command.action in (KitchenAction.SOLD_OUT, KitchenAction.BACK_IN):
        return _items(command, menus)
    loaded = menus.current()
    menu = loaded[0] if loaded is not None else None
    if command.action in (KitchenAction.REPLY, KitchenAction.RELEASE):
        if not command.numbers or (command.action is KitchenAction.REPLY and not command.text):
            number = command.numbers[0] if command.numbers else None
            return Prepared(menu, refusal=kitchen_texts.kitchen_reply_missing_text(number))
        handoff = store.handoff_by_number(command.numbers[0])
        if handoff is None:
            return Prepared(menu, refusal=kitchen_texts.kitchen_unknown_handoff(
                command.numbers[0]))
        return Prepared(menu, handoff=handoff)
    return Prepared(menu)


def _pause_until(command: KitchenCommand, menu: Menu | None, now: datetime) -> datetime | None:
    if command.until is not None:
        return next_clock_time(now, restaurant_zone(menu), *command.until)
    if command.minutes:
        return now + timedelta(minutes=command.minutes)
    return None


def apply_desk_command(uow: RestaurantUnitOfWork, command: KitchenCommand, prepared: Prepared,
                       now: datetime, policy: CarePolicy) -> str:
    """Carry out the command inside ``uow``; the kitchen's answer."""
    if prepared.refusal is not None:
        return prepared.refusal
    action, menu = command.action, prepared.menu
    if action in (KitchenAction.SOLD_OUT, KitchenAction.BACK_IN):
        assert menu is not None
        sold_out = action is KitchenAction.SOLD_OUT
        answers = []
        for item_id in prepared.item_ids:
            update = mark_item(uow, menu, item_id, sold_out, now)
            assert update is not None
            answers.append(restaurant_texts.item_changed(update.name, sold_out) if update.changed
                           else restaurant_texts.item_already(update.name, sold_out))
        return "\n".join(answers)
    if action is KitchenAction.PAUSE:
        until = _pause_until(command, menu, now)
        paused = pause_orders(uow, until, command.text, now)
        clock = None
        if until is not None:
            local = until.astimezone(restaurant_zone(menu))
            clock = f"{local.hour:02d}:{local.minute:02d}"
        return kitchen_texts.kitchen_paused(clock, paused.changed)
    if action is KitchenAction.RESUME:
        return kitchen_texts.kitchen_resumed(resume_orders(uow, now).changed)
    handoff = prepared.handoff
    assert handoff is not None
    if action is KitchenAction.RELEASE:
        _, changed = end_handoff(uow, handoff.phone, now)
        return kitchen_texts.kitchen_handoff_closed(handoff.number, changed)
    try:
        attended = staff_reply(uow, handoff.phone, command.text, now, policy, menu)
    except ReplyRefused as refused:
        return str(refused)
    return kitchen_texts.kitchen_reply_sent(attended.number, attended.customer_name)
