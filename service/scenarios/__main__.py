"""``python -m service.scenarios FILE...``: run scenario files and print the figures."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from service.scenarios.report import render, summarise
from service.scenarios.runner import run_scenario
from service.scenarios.script import ScriptError, load_scenarios


def main(argv: Sequence[str] | None = None) -> int:
    """Run the scenarios; exit 1 when one fails, 2 when a file cannot be read."""
    parser = argparse.ArgumentParser(prog="python -m service.scenarios", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path, help="scenario files (TOML)")
    parser.add_argument("-k", dest="only", default="", help="only scenarios whose id holds this")
    parser.add_argument("--quiet", action="store_true", help="figures only, no transcripts")
    parser.add_argument("--needs", action="store_true",
                        help="list every reading the parser gives otherwise than needed")
    parser.add_argument("--show", action="store_true",
                        help="print every transcript (real parser), passing ones too")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.CRITICAL)  # the service's own logs would drown the report
    try:
        scenarios = [s for s in load_scenarios(args.files) if args.only in s.id]
    except ScriptError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2
    real = [run_scenario(s, oracle=False) for s in scenarios]
    oracle = [run_scenario(s, oracle=True) for s in scenarios]
    summary = summarise(real, oracle)
    print(render(summary, transcripts=not args.quiet, needs=args.needs, every=args.show))
    return 0 if summary.passed == summary.total else 1


if __name__ == "__main__":
    sys.exit(main())
