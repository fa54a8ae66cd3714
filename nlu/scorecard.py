"""``python -m nlu eval``: the figures, the first-look trend and the ratchet of known failures.

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

from nlu.evaluate import Report, evaluate, load_cases

__all__ = [
    "FIRST_LOOK_PREFIX", "FirstLook", "Ratchet", "check_known", "read_first_look",
    "record_first_look", "run_eval",
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


def _print_figures(report: Report, quiet: bool) -> None:
    if not quiet:
        for failure in report.failures:
            print(failure)
        print()
    print(f"mensagens: {report.total}")
    print(f"intenção correta:      {report.intent_accuracy:7.2%}")
    print(f"itens exatos:          {report.items_accuracy:7.2%}")
    print(
        f"ambiguidade tratada:   {report.ambiguity_accuracy:7.2%} "
        f"({report.ambiguity_ok}/{report.ambiguity_cases})"
    )
    if report.extra_cases:
        print(f"campos extras certos:  {report.extra_ok / report.extra_cases:7.2%} "
              f"({report.extra_ok}/{report.extra_cases})")
    print(f"tudo certo:            {report.all_right:7.2%}")
    print("por intenção (rótulo)    intenção          itens exatos")
    for intent, (count, ok, items_ok) in sorted(report.per_intent.items()):
        print(
            f"  {intent:14} {ok:5}/{count:<5} {ok / count:7.2%}"
            f"   {items_ok:5}/{count:<5} {items_ok / count:7.2%}"
        )


def _print_trend(files: list[str]) -> None:
    """First look beside today, per batch that has one, oldest first, and in total."""
    looks = [(look, file) for file in files if (look := read_first_look(file)) is not None]
    if not looks:
        return
    looks.sort(key=lambda pair: (pair[0].date, pair[1]))
    print()
    print("primeira leitura (antes de qualquer ajuste) × hoje, por lote")
    print(f"  {'lote':34} {'data':10} {'msgs':>5}   {'intenção':>17}   {'itens exatos':>17}")
    weighted = [0.0, 0.0, 0.0, 0.0]
    total = 0
    for look, file in looks:
        today = evaluate(load_cases(file))
        print(f"  {Path(file).name:34} {look.date:10} {look.messages:5}   "
              f"{look.intent:7.2%} → {today.intent_accuracy:7.2%}   "
              f"{look.items:7.2%} → {today.items_accuracy:7.2%}")
        total += look.messages
        for position, value in enumerate((look.intent, today.intent_accuracy,
                                          look.items, today.items_accuracy)):
            weighted[position] += value * look.messages
    first_intent, now_intent, first_items, now_items = (value / total for value in weighted)
    print(f"  {'todos os lotes':34} {'':10} {total:5}   {first_intent:7.2%} → {now_intent:7.2%}"
          f"   {first_items:7.2%} → {now_items:7.2%}")


def run_eval(
    files: list[str], quiet: bool = False, first_look: bool = False,
    known: str | None = None, write_known_to: str | None = None,
) -> int:
    """Print the figures (and record first looks, check or write the known list)."""
    if first_look:
        for file in files:
            try:
                look = record_first_look(file, datetime.date.today())
            except ValueError as exc:
                print(f"erro: {exc}")
                return 2
            print(f"{Path(file).name}: primeira leitura {look.intent:.2%} intenção, "
                  f"{look.items:.2%} itens exatos, {look.all_right:.2%} tudo certo "
                  f"({look.messages} mensagens)")
    report = evaluate(case for file in files for case in load_cases(file))
    _print_figures(report, quiet)
    _print_trend(files)
    if write_known_to is not None:
        write_known(write_known_to, report)
        print(f"\n{len(report.failed_keys)} falhas conhecidas gravadas em {write_known_to}")
    if known is not None:
        ratchet = check_known(report, read_known(known))
        for key in ratchet.new:
            print(f"nova falha (não está em {known}): {key}")
        for key in ratchet.fixed:
            print(f"acerta agora, tire de {known}: {key}")
        if ratchet.new or ratchet.fixed:
            return 1
    return 0
