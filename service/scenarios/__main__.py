"""``python -m service.scenarios FILE...``: run scenario files and print the figures."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from service.scenarios.report import compare_messages, render, results, summarise
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
    parser.add_argument("--json", type=Path, help="write per-scenario results to this file")
    parser.add_argument("--baseline", type=Path,
                        help="results of an earlier run (--json): compare messages per order")
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
    if args.json:
        args.json.write_text(json.dumps(results(summary), ensure_ascii=False, indent=1),
                             encoding="utf-8")
    if args.baseline:
        print(compare_messages(summary, json.loads(args.baseline.read_text(encoding="utf-8"))))
    return 0 if summary.passed == summary.total else 1


if __name__ == "__main__":
    sys.exit(main())
