"""The first-look record of each labelled batch, and the ratchet of known failures.

A labelled batch is scored once, before anything is changed for it, and that first-look
score is written as the batch file's first line (``// first-look: {...}``): it is what the
parser does with messages it has never seen, and no later tuning can improve it. The eval
prints it beside today's figure for the same file.

The known-failures file lists the labelled cases that fail today (one case key a line).
A case that fails and is not listed fails the check, so no regression hides under the
overall percentage; a listed case that now passes must be taken off the list, so the list
only shrinks.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from nlu.labelled import Report, evaluate, load_cases

__all__ = [
    "FIRST_LOOK_PREFIX", "FirstLook", "Ratchet", "check_known", "read_first_look", "read_known",
    "record_first_look", "write_known",
]

FIRST_LOOK_PREFIX = "// first-look: "


@dataclass(frozen=True)
class FirstLook:
    """A batch's score before any change was made for it."""

    date: str
    messages: int
    intent: float
    items: float
    all_right: float


@dataclass(frozen=True)
class Ratchet:
    """Failures not on the known list (regressions) and listed ones that now pass."""

    new: tuple[str, ...]
    fixed: tuple[str, ...]


def read_first_look(path: str | Path) -> FirstLook | None:
    """The first-look record of a batch file, if it has one."""
    with Path(path).open(encoding="utf-8") as handle:
        first = handle.readline()
    if not first.startswith(FIRST_LOOK_PREFIX):
        return None
    raw = json.loads(first[len(FIRST_LOOK_PREFIX):])
    return FirstLook(raw["date"], raw["messages"], raw["intent"], raw["items"], raw["all_right"])


def record_first_look(path: str | Path, today: datetime.date) -> FirstLook:
    """Score a batch never scored before and write the score as its first line."""
    path = Path(path)
    if read_first_look(path) is not None:
        raise ValueError(f"{path.name} já tem a primeira leitura registrada; ela não muda")
    report = evaluate(load_cases(path))
    look = FirstLook(
        today.isoformat(), report.total, round(report.intent_accuracy, 4),
        round(report.items_accuracy, 4), round(report.all_right, 4),
    )
    record = {"date": look.date, "messages": look.messages, "intent": look.intent,
              "items": look.items, "all_right": look.all_right}
    path.write_text(FIRST_LOOK_PREFIX + json.dumps(record) + "\n"
                    + path.read_text(encoding="utf-8"), encoding="utf-8")
    return look


def read_known(path: str | Path) -> frozenset[str]:
    """Case keys listed in a known-failures file (comments start with #)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line.strip() and not line.startswith("#"))


def check_known(report: Report, known: frozenset[str]) -> Ratchet:
    """Compare today's failures with the known list (only cases evaluated count)."""
    failed = set(report.failed_keys)
    evaluated = set(report.keys)
    return Ratchet(
        new=tuple(sorted(failed - known)),
        fixed=tuple(sorted((known & evaluated) - failed)),
    )


_KNOWN_HEADER = (
    "# Casos rotulados que falham hoje (arquivo, texto e contexto em JSON).\n"
    "# Uma falha fora desta lista reprova os testes; um caso que passou a acertar sai daqui.\n"
    "# Regenerar: python -m nlu eval --write-known tests/nlu_data/known_failures.txt "
    "tests/nlu_data/dev*.jsonl\n"
)


def write_known(path: str | Path, report: Report) -> None:
    """Write today's failures as the known list."""
    Path(path).write_text(
        _KNOWN_HEADER + "".join(f"{key}\n" for key in sorted(report.failed_keys)),
        encoding="utf-8",
    )
