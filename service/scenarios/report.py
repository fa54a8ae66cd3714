"""Figures over many scenarios: pass rates, who is at fault, cost in messages, the transcripts."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from service.scenarios.runner import Need, Outcome

__all__ = ["Summary", "render", "summarise"]


@dataclass(frozen=True)
class Summary:
    """Both runs of every scenario, and what they add up to."""

    real: tuple[Outcome, ...]
    oracle: tuple[Outcome, ...]

    @property
    def total(self) -> int:
        """How many scenarios ran."""
        return len(self.real)

    @property
    def passed(self) -> int:
        """Scenarios exact with the real parser."""
        return sum(o.passed for o in self.real)

    @property
    def engine_passed(self) -> int:
        """Scenarios exact when the parser reads as the scenario needs (the engine's share)."""
        return sum(o.passed for o in self.oracle)

    @property
    def parser_failures(self) -> list[Outcome]:
        """Failing with the real parser, passing with the needed readings."""
        return [r for r, o in zip(self.real, self.oracle, strict=True)
                if not r.passed and o.passed]

    @property
    def engine_failures(self) -> list[Outcome]:
        """Failing even with the needed readings (oracle outcomes)."""
        return [o for o in self.oracle if not o.passed]

    @property
    def asked_twice(self) -> int:
        """Scenarios where the real run asked a customer for something they gave."""
        return sum(bool(o.asked_twice) for o in self.real)

    @property
    def needs(self) -> list[Need]:
        """Every annotated message the real parser reads otherwise."""
        return [need for o in self.real for need in o.needs]

    def median_messages(self, lines: int | None = None) -> float | None:
        """Median assistant messages per completed order (``lines``: orders of that many items)."""
        counts = [
            o.assistant_messages for o in self.real
            if o.completed and o.scenario.expected.orders == 1
            and (lines is None or len(o.scenario.expected.items or {}) == lines)
        ]
        return statistics.median(counts) if counts else None


def summarise(real: Sequence[Outcome], oracle: Sequence[Outcome]) -> Summary:
    """Pair the two runs of each scenario."""
    return Summary(tuple(real), tuple(oracle))


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else "0/0"


def _outcome_block(outcome: Outcome, why: str) -> list[str]:
    lines = [f"--- {outcome.scenario.id} ({outcome.scenario.source.name}) — {why}"]
    lines += [f"  ✗ {problem}" for problem in outcome.problems]
    lines += [f"  ✗ {violation}" for violation in outcome.asked_twice]
    for need in outcome.needs:
        lines.append(f"  parser: {need.text!r} needs {need.needed}, got {need.got}")
    lines += ["  " + line.replace("\n", "\n    ") for line in outcome.transcript]
    return lines


def render(summary: Summary, *, transcripts: bool = True, needs: bool = False,
           every: bool = False) -> str:
    """The report printed by ``python -m service.scenarios``."""
    out = [
        f"scenarios: {summary.total}",
        f"complete and exact (real parser): {_percent(summary.passed, summary.total)}",
        f"complete and exact (needed readings, engine only): "
        f"{_percent(summary.engine_passed, summary.total)}",
        f"failures waiting on the parser: {len(summary.parser_failures)}; "
        f"on the conversation engine: {len(summary.engine_failures)}",
        f"customers asked for something they had given: {summary.asked_twice}",
    ]
    median, two = summary.median_messages(), summary.median_messages(2)
    out.append(
        "assistant messages per completed order, median: "
        f"{median if median is not None else '-'} "
        f"(orders of 2 items: {two if two is not None else '-'})"
    )
    if every:
        for outcome in summary.real:
            out += ["", *_outcome_block(outcome, "passes" if outcome.passed else "fails")]
    elif transcripts:
        for outcome in summary.engine_failures:
            out += ["", *_outcome_block(outcome, "engine (fails with the needed readings)")]
        for outcome in summary.parser_failures:
            out += ["", *_outcome_block(outcome, "parser (passes with the needed readings)")]
    if needs:
        out += ["", f"parser readings the scenarios need ({len(summary.needs)}):"]
        for need in summary.needs:
            out.append(f"  [{need.scenario}] {need.text!r}: needs {need.needed}; got {need.got}")
    return "\n".join(out)
