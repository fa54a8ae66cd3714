"""Running one scenario: the real service on a memory store, a clock that moves per message.

What counts as *asked twice*: after a turn the conversation is at the step that asks
for a slot (``asking_address``, ``asking_payment``, ``asking_change``) although an
earlier message of the same visit gave that slot — annotated with ``gives``, or seen
in the stored conversation (the slot's value changed, or the change question was
answered). A message annotated with ``clears`` takes the slot back, and a pause
(``wait``) starts a new visit.
"""

from __future__ import annotations

import traceback
import unicodedata
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import nlu
from nlu import Context, ParseResult
from service.application.menus import load_menu_file, seed_menu
from service.application.ports import OutboundMessage
from service.bootstrap import Container, bootstrap, build_store, default_parser
from service.domain.conversation import Inbound, Location
from service.domain.menu import Menu
from service.scenarios.script import Message, Scenario, reading_result
from service.settings import Settings

__all__ = ["KITCHEN", "Channel", "ChannelFactory", "Need", "Outcome", "direct", "run_scenario"]

KITCHEN = "whatsapp:+5511900000000"
# A Friday at 19:00 in São Paulo: dinner time, every kitchen open.
START = datetime(2026, 3, 6, 22, 0, tzinfo=UTC)
_ASKS = {"asking_address": "address", "asking_payment": "payment", "asking_change": "change"}


@dataclass(frozen=True)
class Need:
    """A message whose reading by the real parser differs from what the scenario needs."""

    scenario: str
    text: str
    needed: dict[str, Any]
    got: dict[str, Any]


@dataclass
class Outcome:
    """How one scenario went."""

    scenario: Scenario
    oracle: bool
    problems: list[str] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)
    assistant_messages: int = 0
    completed: bool = False  # the expected order was stored
    asked_twice: list[str] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Exact order, every reply check held, nobody asked twice."""
        return not self.problems and not self.asked_twice


class ScriptedParser:
    """The real parser; when a reading is set, that reading replaces the parser's own."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.reading: dict[str, Any] | None = None
        self.last_real: ParseResult | None = None
        self.last_choice: str | None = None

    def parse(self, text: str, context: Context | None = None) -> ParseResult:
        """The real reading (kept for comparison), or the scripted one."""
        self.last_real = self.real.parse(text, context)
        if self.reading is None:
            return self.last_real
        return reading_result(self.reading)

    def choose(self, text: str, candidate_ids: Sequence[str]) -> str | None:
        """The real answer to "qual?", or the scripted ``choice``."""
        self.last_choice = self.real.choose(text, candidate_ids)
        if self.reading is not None and "choice" in self.reading:
            chosen: str | None = self.reading["choice"]
            return chosen
        return self.last_choice


class _Capture:
    """A messenger that keeps what the outbox sends."""

    def __init__(self) -> None:
        self.sent: list[OutboundMessage] = []

    def send(self, message: OutboundMessage) -> str | None:
        self.sent.append(message)
        return f"scenario-{len(self.sent)}"


class Channel(Protocol):
    """How the scenario's messages reach the service, and the replies come back."""

    def customer(self, inbound: Inbound) -> Sequence[str]:
        """A customer's message; the replies."""

    def kitchen(self, inbound: Inbound) -> Sequence[str]:
        """A message from the kitchen's WhatsApp; the replies."""


# Opened on the scenario's container, for the whole scenario (its checks included).
ChannelFactory = Callable[[Container], AbstractContextManager[Channel]]


@dataclass
class _Direct:
    container: Container

    def customer(self, inbound: Inbound) -> Sequence[str]:
        return self.container.inbound.handle(inbound)

    def kitchen(self, inbound: Inbound) -> Sequence[str]:
        return self.container.kitchen.handle(inbound)


@contextmanager
def direct(container: Container) -> Iterator[Channel]:
    """The service's use cases called in this process (what the webhook calls)."""
    yield _Direct(container)


class _Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@lru_cache(maxsize=32)
def _menu(path: Path) -> tuple[Menu, Any]:
    menu = load_menu_file(path)
    return menu, default_parser(menu.catalog)


def plain(text: str) -> str:
    """Lowercase, without accents, punctuation as single spaces: for loose comparisons."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join("".join(ch if ch.isalnum() else " " for ch in bare).split())


def holds(text: str, fragment: str) -> bool:
    """Do the fragment's words appear, in order and as whole words, in the text (loosely)?"""
    return f" {plain(fragment)} " in f" {plain(text)} "


def _phone(scenario_id: str) -> str:
    return f"whatsapp:+55119{zlib.crc32(scenario_id.encode()) % 10**8:08d}"


def run_scenario(scenario: Scenario, *, oracle: bool, channel: ChannelFactory = direct,
                 settings: dict[str, Any] | None = None) -> Outcome:
    """Drive the scenario through the real service and check what it stored.

    ``channel`` carries the messages (by default, straight to the use cases; a test may
    post them to the webhook); ``settings`` adds to the development settings used.
    """
    outcome = Outcome(scenario, oracle)
    try:
        _run(scenario, outcome, channel, settings or {})
    except Exception:
        outcome.problems.append("the service raised:\n" + traceback.format_exc(limit=6))
    return outcome


def _run(scenario: Scenario, outcome: Outcome, channel: ChannelFactory,
         overrides: dict[str, Any]) -> None:
    menu, real_parser = _menu(scenario.menu_path)
    settings = Settings(_env_file=None, environment="development",  # type: ignore[call-arg]
                        kitchen_whatsapp_number=KITCHEN, **overrides)
    clock = _Clock()
    store = build_store(settings, memory=True, clock=clock)
    seed_menu(store, menu)
    parser = ScriptedParser(real_parser)
    messenger = _Capture()
    container = bootstrap(settings, store=store, messenger=messenger,
                          parser_factory=lambda catalog: parser, clock=clock)
    with channel(container) as carrier:
        _converse(scenario, outcome, container, carrier, clock, parser, messenger)
        _check_orders(outcome, store, messenger)
    container.close()


def _converse(scenario: Scenario, outcome: Outcome, container: Container, carrier: Channel,
              clock: _Clock, parser: ScriptedParser, messenger: _Capture) -> None:
    store = container.store
    phone = _phone(scenario.id)
    given: dict[str, int] = {}
    for number, message in enumerate(scenario.messages, 1):
        clock.now += timedelta(minutes=1 + message.wait_minutes)
        if message.from_kitchen:
            answer = carrier.kitchen(Inbound(KITCHEN, message.text, f"k-{number}"))
            container.outbox_worker.run_once()
            outcome.transcript.append(f"🍳 {message.text} → {' / '.join(answer)}")
            continue
        if message.wait_minutes:
            given.clear()  # another visit: slots may be confirmed again
        before = _conversation(store, phone)
        parser.reading = message.reading if outcome.oracle else None
        parser.last_real, parser.last_choice = None, None
        replies = carrier.customer(_inbound(phone, scenario, number, message))
        parser.reading = None
        already = len(messenger.sent)
        container.outbox_worker.run_once()
        pushed = [m.body for m in messenger.sent[already:] if m.to == phone]
        kitchen = [m.body for m in messenger.sent[already:] if m.to == KITCHEN]
        after = _conversation(store, phone)
        outcome.assistant_messages += len(replies) + len(pushed)
        _transcribe(outcome, message, replies, pushed, kitchen)
        said = "\n".join([*replies, *pushed])
        _check_replies(outcome, number, message, said)
        _check_asked(outcome, number, message, before, after, given)
        if not outcome.oracle and message.reading is not None:
            _compare_reading(outcome, message, parser)


def _inbound(phone: str, scenario: Scenario, number: int, message: Message) -> Inbound:
    # As the webhook reads a shared location: coordinates that cannot be a place are refused.
    location = Location.shared(*message.location) if message.location else None
    return Inbound(phone, message.text, f"{scenario.id}-{number}", scenario.name,
                   location=location,
                   location_refused=message.location is not None and location is None)


def _conversation(store: Any, phone: str) -> dict[str, Any]:
    conv = store.run(lambda uow: uow.get_conversation(phone))
    return conv.to_dict() if conv is not None else {}


def _transcribe(outcome: Outcome, message: Message, replies: Sequence[str],
                pushed: Sequence[str], kitchen: Sequence[str]) -> None:
    said = message.text or (f"📍 {message.location}" if message.location else "")
    outcome.transcript.append(f"👤 {said}")
    outcome.transcript.extend(f"🤖 {reply}" for reply in [*replies, *pushed])
    outcome.transcript.extend(f"   [cozinha] {body}" for body in kitchen)


def _check_replies(outcome: Outcome, number: int, message: Message, said: str) -> None:
    for fragment in message.reply:
        if not holds(said, fragment):
            outcome.problems.append(f"message {number}: the reply lacks {fragment!r}")
    for fragment in message.reply_not:
        if holds(said, fragment):
            outcome.problems.append(f"message {number}: the reply says {fragment!r}")


def _check_asked(outcome: Outcome, number: int, message: Message, before: dict[str, Any],
                 after: dict[str, Any], given: dict[str, int]) -> None:
    for slot in message.clears:
        given.pop(slot, None)
    filled = set(message.gives)
    for slot, key in (("address", "address"), ("payment", "payment"),
                      ("change", "change_for_cents")):
        if after.get(key) is not None and after.get(key) != before.get(key):
            filled.add(slot)
    if before.get("state") == "asking_change" and after.get("state") == "confirming":
        filled.add("change")
    pickup = nlu.Fulfilment.PICKUP.value
    if after.get("fulfilment") == pickup and before.get("fulfilment") != pickup:
        filled.add("address")  # "vou buscar": asking where to deliver is asking again
    asked = _ASKS.get(str(after.get("state")))
    if asked is not None and asked in given:
        outcome.asked_twice.append(
            f"message {number}: asked for the {asked} again (given in message {given[asked]})"
        )
    for slot in filled:
        given.setdefault(slot, number)


_COMPARED = {
    "intent": "intent", "items": "items", "ambiguous": "ambiguous", "numbers": "numbers",
    "replace": "replace", "payment": "payment", "change_for": "change_for",
    "money": "money_cents", "no_change": "no_change", "question": "question",
    "fulfilment": "fulfilment", "repeat_last": "repeat_last", "erase_data": "erase_data",
    "salutation": "salutation", "about": "about", "then_add": "then_add",
    "unknown": "unknown_items", "thanks": "thanks",
}
# Cart content the parser must not invent where the scenario names none.
_CONTENT = ("items", "ambiguous", "numbers", "then_add")


def _shape(key: str, value: Any) -> Any:
    if key == "ambiguous":
        return sorted((sorted(a["candidates"]), a["quantity"]) for a in value)
    if key in ("items", "then_add"):
        return sorted((line["id"], line["quantity"]) for line in value)
    if key == "numbers":
        return sorted((ref["number"], ref["quantity"]) for ref in value)
    if key == "unknown_items":
        return sorted(mention["text"] for mention in value)
    if key == "about":
        return sorted(value)
    return value


def _compare_reading(outcome: Outcome, message: Message, parser: ScriptedParser) -> None:
    assert message.reading is not None
    got_result = parser.last_real
    if got_result is None:
        return  # the service did not parse this message (a location, an empty text)
    needed = reading_result(message.reading).to_dict()
    got = got_result.to_dict()
    wrong_needed: dict[str, Any] = {}
    wrong_got: dict[str, Any] = {}
    keys = {_COMPARED[k] for k in message.reading if k in _COMPARED}
    keys |= {k for k in _CONTENT if got.get(k)}
    for key in sorted(keys):
        if _shape(key, needed.get(key)) != _shape(key, got.get(key)):
            wrong_needed[key], wrong_got[key] = needed.get(key), got.get(key)
    for key in ("address", "place"):
        if key in message.reading and bool(got.get(key)) != bool(message.reading[key]):
            wrong_needed[key], wrong_got[key] = message.reading[key], got.get(key)
    if "choice" in message.reading and parser.last_choice != message.reading["choice"]:
        wrong_needed["choice"], wrong_got["choice"] = message.reading["choice"], \
            parser.last_choice
    if wrong_needed:
        outcome.needs.append(Need(outcome.scenario.id, message.text, wrong_needed, wrong_got))


def _check_orders(outcome: Outcome, store: Any, messenger: _Capture) -> None:
    expected = outcome.scenario.expected
    orders = store.list_orders(100)
    problems = outcome.problems
    start = len(problems)
    if len(orders) != expected.orders:
        problems.append(f"{len(orders)} orders stored, expected {expected.orders}")
    kitchen = sum(1 for m in messenger.sent if m.to == KITCHEN)
    if expected.kitchen is not None and kitchen != expected.kitchen:
        problems.append(f"the kitchen got {kitchen} messages, expected {expected.kitchen}")
    if not orders or expected.orders == 0:
        return
    order = orders[0]
    items: dict[str, int] = {}
    for line in order.lines:
        items[line.item_id] = items.get(line.item_id, 0) + line.quantity
    if expected.items is not None and items != expected.items:
        problems.append(f"items {items}, expected {expected.items}")
    if expected.total_cents is not None and order.total_cents != expected.total_cents:
        problems.append(f"total {order.total_cents / 100:.2f}, "
                        f"expected {expected.total_cents / 100:.2f}")
    for fragment in expected.address:
        if not holds(order.address.text, fragment):
            problems.append(f"address {order.address.text!r} lacks {fragment!r}")
    if expected.payment is not None and order.payment.method.value != expected.payment:
        problems.append(f"payment {order.payment.method.value}, expected {expected.payment}")
    change = order.payment.change_for_cents or 0
    if expected.change_cents is not None and change != expected.change_cents:
        problems.append(f"change for {change / 100:.2f}, "
                        f"expected {expected.change_cents / 100:.2f}")
    for item_id, fragment in expected.notes.items():
        notes = " ".join(line.note or "" for line in order.lines if line.item_id == item_id)
        if not holds(notes, fragment):
            problems.append(f"note of {item_id} is {notes!r}, expected {fragment!r}")
    if expected.status is not None and order.status.value != expected.status:
        problems.append(f"status {order.status.value}, expected {expected.status}")
    outcome.completed = len(problems) == start


def catalog_of(path: Path) -> nlu.Menu:
    """The items of a scenario's menu (for tools that list ids)."""
    return _menu(path)[0].catalog
