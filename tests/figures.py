"""Pytest plugin: figures the fault, burst and proxy tests measured, shown in the run's summary.

A test calls :func:`report` with one line (what was measured, under which
conditions); every line appears in a "measured figures" section at the end of
``make test``, whatever the verbosity.
"""

from __future__ import annotations

from typing import Any

__all__ = ["report"]

_FIGURES: list[str] = []


def report(line: str) -> None:
    """Keep one measured figure for the summary."""
    _FIGURES.append(line)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Show the figures measured in this run."""
    if _FIGURES:
        terminalreporter.section("measured figures")
        for line in _FIGURES:
            terminalreporter.write_line(line)
