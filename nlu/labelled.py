"""A labelled set (JSON lines) and how the parser scores on it.

Each line: ``{"menu": "menus/pizzaria.json", "text": "…", "intent": "add_items",
"items": {"id": quantity}, "ambiguous": [["id", "id"]]}``; ``menu`` is relative to the
file; ``items`` and ``ambiguous`` default to none expected. Items match when the
{id: quantity} multiset is equal; ambiguity when the sets of candidates are equal.
Optional labels, checked only where given: ``then_add`` ({id: quantity} added in a swap),
``money_cents``, ``no_change``, ``thanks``, ``numbers`` (list), ``unknown`` (texts of
unknown products), ``suggestions`` ({text: [ids]}), ``notes`` ({id: note}), ``question``,
``place``, ``fulfilment``, ``repeat_last``, ``erase_data``, ``salutation``, ``address``,
``payment``, ``change_for_cents``, ``replace`` and ``about`` (ids, any order). A
``context`` object (``expecting``, ``options``, ``last_item``, ``cart``) is what the
conversation was waiting for when the message came.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlu.expectation import Context, context_of
from nlu.menu import load_menu
from nlu.parser import Parser
from nlu.result import ParseResult

__all__ = ["Case", "Report", "case_key", "evaluate", "load_cases"]


@dataclass(frozen=True)
class Case:
    """One labelled message."""

    menu: Path
    text: str
    intent: str
    items: dict[str, int]
    ambiguous: frozenset[frozenset[str]]
    where: str
    extra: dict[str, Any] = field(default_factory=dict)
    context: Context | None = None
    key: str = ""  # file name, text and context: names the case in the known-failures list


@dataclass
class Report:
    """Counts per metric and the failures, for printing or asserting."""

    total: int = 0
    intent_ok: int = 0
    items_ok: int = 0
    ambiguity_cases: int = 0
    ambiguity_ok: int = 0
    extra_cases: int = 0
    extra_ok: int = 0
    # intent → [messages, intent right, items right]
    per_intent: dict[str, list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0, 0])
    )
    failures: list[str] = field(default_factory=list)
    failed_keys: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # every case evaluated

    @property
    def intent_accuracy(self) -> float:
        """Share of messages whose intent is right."""
        return self.intent_ok / self.total if self.total else 0.0

    @property
    def items_accuracy(self) -> float:
        """Share of messages whose {id: quantity} multiset is exactly right."""
        return self.items_ok / self.total if self.total else 0.0

    @property
    def all_right(self) -> float:
        """Share of messages right in every labelled field."""
        return 1 - len(self.failures) / self.total if self.total else 0.0

    @property
    def ambiguity_accuracy(self) -> float:
        """Share of messages labelled ambiguous whose candidate sets are exactly right."""
        return self.ambiguity_ok / self.ambiguity_cases if self.ambiguity_cases else 1.0


def load_cases(path: str | Path) -> list[Case]:
    """Read a labelled JSONL file."""
    path = Path(path)
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        raw: dict[str, Any] = json.loads(line)
        cases.append(
            Case(
                menu=(path.parent / raw["menu"]).resolve(),
                text=raw["text"],
                intent=raw["intent"],
                items={str(k): int(v) for k, v in raw.get("items", {}).items()},
                ambiguous=frozenset(frozenset(c) for c in raw.get("ambiguous", [])),
                where=f"{path.name}:{number}",
                extra={key: _label(key, raw[key]) for key in EXTRA_LABELS if key in raw},
                context=_context(raw.get("context")),
                key=case_key(path.name, raw["text"], raw.get("context")),
            )
        )
    return cases


# Labels beyond the contract's three, compared only on the cases that give them.
EXTRA_LABELS = (
    "then_add", "money_cents", "no_change", "thanks", "numbers", "unknown", "suggestions",
    "notes", "question", "place", "fulfilment", "repeat_last", "erase_data", "salutation",
    "address", "payment", "change_for_cents", "replace", "about",
)
# Free text compared without regard to case and spacing.
_TEXT_LABELS = frozenset({"place", "address", "salutation"})


def case_key(file: str, text: str, context: Any = None) -> str:
    """One line naming a case whatever its line number: file, text and context as JSON."""
    key = f"{file}\t{json.dumps(text, ensure_ascii=False)}"
    if context is not None:
        key += "\t" + json.dumps(context, ensure_ascii=False, sort_keys=True)
    return key


def _label(key: str, value: Any) -> Any:
    """A label in the shape it is compared in."""
    if key in _TEXT_LABELS and isinstance(value, str):
        return _plain(value)
    if key == "about":
        return sorted(value)
    return value


def _plain(text: str | None) -> str | None:
    return " ".join(text.split()).casefold() if text is not None else None


def _context(raw: Any) -> Context | None:
    """The labelled conversation context, if the case gives one."""
    return None if raw is None else context_of(raw)


def _extra_of(result: ParseResult, keys: Iterable[str]) -> dict[str, Any]:
    """The optional labelled fields as the parser filled them, in the labels' shape."""
    values: dict[str, Any] = {
        "then_add": {line.id: line.quantity for line in result.then_add},
        "money_cents": result.money_cents,
        "no_change": result.no_change,
        "thanks": result.thanks,
        "numbers": [ref.number for ref in result.numbers],
        "unknown": [mention.text for mention in result.unknown_items],
        "suggestions": {m.text: list(m.suggestions) for m in result.unknown_items},
        "notes": {line.id: line.note for line in result.items if line.note},
        "question": result.question.value if result.question else None,
        "place": _plain(result.place),
        "fulfilment": result.fulfilment.value if result.fulfilment else None,
        "repeat_last": result.repeat_last,
        "erase_data": result.erase_data,
        "salutation": _plain(result.salutation),
        "address": _plain(result.address),
        "payment": result.payment.value if result.payment else None,
        "change_for_cents": result.change_for_cents,
        "replace": result.replace,
        "about": sorted(result.about),
    }
    return {key: values[key] for key in keys}


def _items_of(result: ParseResult) -> dict[str, int]:
    return {line.id: line.quantity for line in result.items}


def evaluate(cases: Iterable[Case]) -> Report:
    """Parse every case with a parser built once per menu and count what is right."""
    parsers: dict[Path, Parser] = {}
    report = Report()
    for case in cases:
        parser = parsers.get(case.menu)
        if parser is None:
            parser = parsers[case.menu] = Parser(load_menu(case.menu))
        result = parser.parse(case.text, case.context)
        report.total += 1
        report.keys.append(case.key)
        got_items = _items_of(result)
        got_amb = frozenset(frozenset(amb.candidates) for amb in result.ambiguous)
        intent_ok = result.intent.value == case.intent
        items_ok = Counter(got_items) == Counter(case.items)
        amb_ok = got_amb == case.ambiguous
        got_extra = _extra_of(result, case.extra)
        extra_ok = got_extra == case.extra
        if case.extra:
            report.extra_cases += 1
            report.extra_ok += extra_ok
        report.intent_ok += intent_ok
        report.items_ok += items_ok
        stats = report.per_intent[case.intent]
        stats[0] += 1
        stats[1] += intent_ok
        stats[2] += items_ok
        if case.ambiguous:
            report.ambiguity_cases += 1
            report.ambiguity_ok += amb_ok
        if not (intent_ok and items_ok and amb_ok and extra_ok):
            report.failed_keys.append(case.key)
            report.failures.append(
                f"{case.where} {case.text!r}\n"
                f"    esperado: {case.intent} {case.items} {_fmt(case.ambiguous)}"
                f" {case.extra or ''}\n"
                f"    obtido:   {result.intent.value} {got_items} {_fmt(got_amb)}"
                f" {got_extra or ''}"
            )
    return report


def _fmt(ambiguous: frozenset[frozenset[str]]) -> str:
    return str(sorted(sorted(c) for c in ambiguous)) if ambiguous else ""
