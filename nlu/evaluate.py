"""``python -m nlu eval FILE…``: the figures, the first-look trend and the known failures.

See ``nlu.labelled`` for the file format and ``nlu.scorecard`` for first looks and the
ratchet of known failures.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from nlu.labelled import Case, Report, evaluate, load_cases
from nlu.scorecard import (
    check_known,
    read_first_look,
    read_known,
    record_first_look,
    write_known,
)

__all__ = ["Case", "Report", "evaluate", "load_cases", "run_eval"]


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
