"""Scenario files: whole conversations, what each message needs understood, the order expected.

A file is TOML::

    menu = "../../data/menu_seed.json"     # relative to the file

    [[scenario]]
    id = "caseira-endereco-em-duas"
    name = "Dona Maria Aparecida"           # the WhatsApp ProfileName
    says = [
      "boa noite",
      "quero 2 strogonoff de frango",
      { say = "na verdade são 4", parse = { intent = "add_items",
        items = [["strogonoff_frango", 4]], replace = true } },
      { say = "no cartão", gives = ["payment"] },
      { location = [-23.56, -46.65, "Av. Paulista, 1578", "MASP"] },
      { say = "aceita vr?", reply = ["vale"], reply_not = ["não entendi"] },
      { wait = 1440, say = "oi" },            # a day later
    ]
    expect = { items = { strogonoff_frango = 4 }, total = 120.60, payment = "cartao",
               address = ["rua das palmeiras 88", "vila mariana"], change = 0 }

A message is a string or a table: ``say`` (text), ``location`` ([lat, lon, address,
label]), ``gives`` (slots it gives: address, payment, change), ``clears`` (slots it
takes back, so asking again is right), ``parse`` (the reading it needs: any
:class:`nlu.ParseResult` field, plus ``choice`` for the answer to "qual?"),
``reply`` / ``reply_not`` (fragments the reply must / must not hold, compared
without accents or case), ``wait`` (minutes before it is sent) and ``kitchen`` (a
message the kitchen's WhatsApp sends instead, e.g. ``"preparando 1"``).

``expect``: ``items`` (id → quantity, the last stored order), ``total`` (reais),
``address`` (fragments), ``payment``, ``change`` (cash handed over, reais; 0 for
none), ``notes`` (id → fragment of its note), ``status``, ``orders`` (how many orders
are stored; default 1 when ``items`` is given, else 0), ``kitchen`` (messages the
kitchen got).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlu import (
    Ambiguity,
    Fulfilment,
    Intent,
    ItemLine,
    NumberRef,
    ParseResult,
    PaymentMethod,
    Question,
    UnknownMention,
)

__all__ = ["SLOTS", "Expected", "Message", "Scenario", "ScriptError", "load_scenarios",
           "reading_result"]

SLOTS = ("address", "payment", "change")
# The WhatsApp ProfileName of a scenario that names none.
DEFAULT_NAME = "Ana Lima"


class ScriptError(ValueError):
    """A scenario file that cannot be read, naming the file, scenario and field."""


@dataclass(frozen=True)
class Message:
    """One customer message and what the scenario knows about it."""

    text: str = ""
    location: tuple[float, float, str, str] | None = None
    gives: frozenset[str] = frozenset()
    clears: frozenset[str] = frozenset()
    reading: dict[str, Any] | None = None  # the ParseResult fields this message needs
    reply: tuple[str, ...] = ()
    reply_not: tuple[str, ...] = ()
    wait_minutes: int = 0
    from_kitchen: bool = False  # sent by the kitchen's WhatsApp ("preparando 1"), not the customer


@dataclass(frozen=True)
class Expected:
    """The outcome a scenario expects in the store."""

    orders: int
    items: dict[str, int] | None = None
    total_cents: int | None = None
    address: tuple[str, ...] = ()
    payment: str | None = None
    change_cents: int | None = None  # 0: no change asked
    notes: dict[str, str] = field(default_factory=dict)
    status: str | None = None
    kitchen: int | None = None


@dataclass(frozen=True)
class Scenario:
    """A whole conversation of one customer with one restaurant."""

    id: str
    menu_path: Path
    name: str
    messages: tuple[Message, ...]
    expected: Expected
    source: Path


def load_scenarios(paths: list[Path]) -> list[Scenario]:
    """Every scenario of the files, in order; ScriptError for a malformed file."""
    scenarios: list[Scenario] = []
    seen: set[str] = set()
    for path in paths:
        for scenario in _load_file(path):
            if scenario.id in seen:
                raise ScriptError(f"{path}: scenario id {scenario.id!r} is repeated")
            seen.add(scenario.id)
            scenarios.append(scenario)
    return scenarios


def _load_file(path: Path) -> list[Scenario]:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ScriptError(f"{path}: {exc}") from exc
    menu = document.get("menu")
    if not isinstance(menu, str):
        raise ScriptError(f"{path}: 'menu' (the menu file, relative to this file) is missing")
    menu_path = (path.parent / menu).resolve()
    if not menu_path.is_file():
        raise ScriptError(f"{path}: menu file {menu_path} does not exist")
    raw = document.get("scenario", [])
    if not isinstance(raw, list) or not raw:
        raise ScriptError(f"{path}: no [[scenario]] in the file")
    return [_scenario(path, menu_path, entry) for entry in raw]


def _scenario(path: Path, menu_path: Path, entry: dict[str, Any]) -> Scenario:
    sid = entry.get("id")
    if not isinstance(sid, str) or not sid:
        raise ScriptError(f"{path}: a scenario has no 'id'")
    where = f"{path}: scenario {sid!r}"
    says = entry.get("says")
    if not isinstance(says, list) or not says:
        raise ScriptError(f"{where}: 'says' must list the customer's messages")
    messages = tuple(_message(where, index, raw) for index, raw in enumerate(says, 1))
    return Scenario(
        id=sid,
        menu_path=Path(entry["menu"]).resolve() if "menu" in entry else menu_path,
        name=str(entry.get("name", DEFAULT_NAME)),
        messages=messages,
        expected=_expected(where, entry.get("expect", {})),
        source=path,
    )


_MESSAGE_KEYS = {"say", "location", "gives", "clears", "parse", "reply", "reply_not", "wait",
                 "kitchen"}


def _message(where: str, index: int, raw: Any) -> Message:
    if isinstance(raw, str):
        return Message(text=raw)
    if not isinstance(raw, dict):
        raise ScriptError(f"{where}, message {index}: a string or a table")
    unknown = set(raw) - _MESSAGE_KEYS
    if unknown:
        raise ScriptError(f"{where}, message {index}: unknown keys {sorted(unknown)}")
    for key in ("gives", "clears"):
        bad = set(raw.get(key, ())) - set(SLOTS)
        if bad:
            raise ScriptError(f"{where}, message {index}: '{key}' names no slot: {sorted(bad)}")
    location = raw.get("location")
    reading = raw.get("parse")
    if reading is not None:
        try:
            reading_result(reading)
        except (KeyError, ValueError, TypeError) as exc:
            raise ScriptError(f"{where}, message {index}: bad 'parse': {exc!r}") from exc
    return Message(
        text=str(raw.get("kitchen", raw.get("say", ""))),
        from_kitchen="kitchen" in raw,
        location=(float(location[0]), float(location[1]), str(location[2]), str(location[3]))
        if location else None,
        gives=frozenset(raw.get("gives", ())),
        clears=frozenset(raw.get("clears", ())),
        reading=reading,
        reply=tuple(raw.get("reply", ())),
        reply_not=tuple(raw.get("reply_not", ())),
        wait_minutes=int(raw.get("wait", 0)),
    )


def _cents(value: Any) -> int:
    return round(float(value) * 100)


def _expected(where: str, raw: Any) -> Expected:
    if not isinstance(raw, dict):
        raise ScriptError(f"{where}: 'expect' must be a table")
    items = raw.get("items")
    if items is not None and not all(isinstance(q, int) for q in items.values()):
        raise ScriptError(f"{where}: 'expect.items' maps ids to whole quantities")
    address = raw.get("address", ())
    return Expected(
        orders=int(raw.get("orders", 1 if items else 0)),
        items=dict(items) if items is not None else None,
        total_cents=_cents(raw["total"]) if "total" in raw else None,
        address=(address,) if isinstance(address, str) else tuple(address),
        payment=raw.get("payment"),
        change_cents=_cents(raw["change"]) if "change" in raw else None,
        notes=dict(raw.get("notes", {})),
        status=raw.get("status"),
        kitchen=raw.get("kitchen"),
    )


def _lines(raw: Any) -> tuple[ItemLine, ...]:
    return tuple(ItemLine(str(r[0]), int(r[1]), str(r[2]) if len(r) > 2 else None) for r in raw)


def reading_result(reading: dict[str, Any]) -> ParseResult:
    """The ParseResult a ``parse`` table describes (fields not named keep their default)."""
    known = {"intent", "items", "ambiguous", "numbers", "replace", "payment", "change_for",
             "money", "no_change", "address", "question", "place", "fulfilment",
             "repeat_last", "erase_data", "salutation", "about", "then_add", "unknown",
             "thanks", "choice"}
    unknown = set(reading) - known
    if unknown:
        raise KeyError(f"unknown fields {sorted(unknown)}")
    return ParseResult(
        intent=Intent(reading.get("intent", "unknown")),
        items=_lines(reading.get("items", ())),
        ambiguous=tuple(
            Ambiguity(tuple(r[0]), int(r[1]), str(r[2]) if len(r) > 2 else "")
            for r in reading.get("ambiguous", ())
        ),
        unknown_items=tuple(
            UnknownMention(str(r[0]), 1, tuple(r[1]) if len(r) > 1 else ())
            for r in reading.get("unknown", ())
        ),
        numbers=tuple(
            NumberRef(n) if isinstance(n, int) else NumberRef(int(n[1]), int(n[0]))
            for n in reading.get("numbers", ())
        ),
        replace=bool(reading.get("replace", False)),
        payment=PaymentMethod(reading["payment"]) if reading.get("payment") else None,
        change_for_cents=_cents(reading["change_for"]) if "change_for" in reading else None,
        money_cents=_cents(reading["money"]) if "money" in reading else None,
        no_change=bool(reading.get("no_change", False)),
        address=reading.get("address"),
        question=Question(reading["question"]) if reading.get("question") else None,
        place=reading.get("place"),
        fulfilment=Fulfilment(reading["fulfilment"]) if reading.get("fulfilment") else None,
        repeat_last=bool(reading.get("repeat_last", False)),
        erase_data=bool(reading.get("erase_data", False)),
        salutation=reading.get("salutation"),
        about=tuple(reading.get("about", ())),
        then_add=_lines(reading.get("then_add", ())),
        thanks=bool(reading.get("thanks", False)),
        rule="scenario",
    )
