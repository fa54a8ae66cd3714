"""Figures over many scenarios: pass rates, who is at fault, cost in messages, the transcripts."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from service.scenarios.runner import Need, Outcome

__all__ = ["Summary", "compare_messages", "render", "results", "summarise"]


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


def results(summary: Summary) -> dict[str, dict[str, Any]]:
    """Per scenario, what a later run compares against (``--json``)."""
    return {
        real.scenario.id: {
            "passed": real.passed,
            "engine_passed": oracle.passed,
            "completed": real.completed,
            "orders": real.scenario.expected.orders,
            "lines": len(real.scenario.expected.items or {}),
            "assistant_messages": real.assistant_messages,
            "asked_twice": real.asked_twice,
            "problems": real.problems,
        }
        for real, oracle in zip(summary.real, summary.oracle, strict=True)
    }


def compare_messages(summary: Summary, baseline: Mapping[str, Mapping[str, Any]]) -> str:
    """Median assistant messages per completed order, now and in the baseline, paired."""
    now = results(summary)
    both = [sid for sid, row in now.items() if row["completed"] and row["orders"] == 1
            and baseline.get(sid, {}).get("completed")]
    if not both:
        return "messages per order against the baseline: no order completed in both runs"
    lines = ["assistant messages per order completed in both runs (now vs baseline):"]
    for label, ids in (("all", both), ("2 items", [s for s in both if now[s]["lines"] == 2])):
        if ids:
            mine = statistics.median(now[s]["assistant_messages"] for s in ids)
            theirs = statistics.median(baseline[s]["assistant_messages"] for s in ids)
            lines.append(f"  {label}: {len(ids)} orders, median {mine} vs {theirs}")
    return "\n".join(lines)


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
