"""Command line: ``python -m nlu parse | eval | rules | bench`` (see docs/nlu.md)."""

from __future__ import annotations

import argparse
import io
import json
import runpy
import sys
from collections.abc import Sequence
from pathlib import Path

from nlu.expectation import context_of
from nlu.menu import MenuError, load_menu
from nlu.parser import Parser
from nlu.result import Intent, ParseResult

__all__ = ["main"]

# The seed menu beside the package (a checkout), else in the current directory.
_BESIDE_PACKAGE = Path(__file__).resolve().parent.parent / "data" / "menu_seed.json"
DEFAULT_MENU = _BESIDE_PACKAGE if _BESIDE_PACKAGE.exists() else Path("data/menu_seed.json")


def _utf8_streams() -> None:
    """Read and write UTF-8 whatever the locale says (messages carry accents and emoji)."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors="replace")


def _parse(args: argparse.Namespace) -> int:
    _utf8_streams()
    try:
        parser = Parser(load_menu(args.menu))
    except MenuError as exc:
        print(f"erro no cardápio: {exc}", file=sys.stderr)
        return 2
    try:
        context = context_of(json.loads(args.context)) if args.context else None
    except ValueError as exc:
        print(f"erro em --context: {exc}", file=sys.stderr)
        return 2
    if args.text:
        result = parser.parse(" ".join(args.text), context)
        print(json.dumps(result.to_dict(), ensure_ascii=False))
        return 0
    for number, line in enumerate(sys.stdin, start=1):
        line = line.rstrip("\r\n").lstrip("\ufeff")
        text = line
        here = context
        if args.jsonl:
            try:
                record = json.loads(line)
                text = record["text"] if isinstance(record, dict) else None
                if not isinstance(text, str):
                    raise ValueError("campo 'text' ausente ou não é texto")
                if isinstance(record, dict) and record.get("context") is not None:
                    here = context_of(record["context"])
            except (ValueError, KeyError) as exc:
                # Keep going, one object per input line: a bad line reads as an unknown
                # message with the reason, so the output keeps the contract's shape.
                error = f"linha {number}: {exc}"
                print(f"aviso: {error}", file=sys.stderr)
                bad = {**ParseResult(Intent.UNKNOWN).to_dict(), "error": error}
                print(json.dumps(bad, ensure_ascii=False), flush=True)
                continue
        print(json.dumps(parser.parse(text, here).to_dict(), ensure_ascii=False), flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    cli = argparse.ArgumentParser(prog="python -m nlu", description="Entende pedidos em português.")
    sub = cli.add_subparsers(dest="command", required=True)
    parse = sub.add_parser("parse", help="interpreta mensagens e imprime JSON")
    parse.add_argument("--menu", default=str(DEFAULT_MENU), help="arquivo de cardápio (JSON)")
    parse.add_argument("--jsonl", action="store_true",
                       help='cada linha é {"text": "...", "context": {...}} (context opcional)')
    parse.add_argument("--context", metavar="JSON",
                       help='o que a conversa esperava, ex.: \'{"last_item": "feijoada"}\'')
    parse.add_argument("text", nargs="*", help="a mensagem (sem ela, lê a entrada padrão)")
    evaluate = sub.add_parser("eval", help="mede o parser num conjunto rotulado (JSONL)")
    evaluate.add_argument("files", nargs="+", help="arquivos JSONL do conjunto rotulado")
    evaluate.add_argument("--quiet", action="store_true", help="não lista as falhas")
    evaluate.add_argument("--first-look", action="store_true",
                          help="registra a primeira leitura de lotes novos (uma vez por lote)")
    evaluate.add_argument("--known", metavar="ARQUIVO",
                          help="falha se houver falha fora desta lista de falhas conhecidas")
    evaluate.add_argument("--write-known", metavar="ARQUIVO",
                          help="grava as falhas de hoje como a lista de falhas conhecidas")
    sub.add_parser("rules", help="lista as regras que decidem a intenção, na ordem")
    bench = sub.add_parser("bench", help="mede o tempo por mensagem")
    bench.add_argument("--menu", default=str(DEFAULT_MENU))
    bench.add_argument("--rounds", type=int, default=20, help="passadas por mensagem")
    args = cli.parse_args(argv)
    if args.command == "parse":
        return _parse(args)
    if args.command == "eval":
        from nlu.evaluate import run_eval

        return run_eval(args.files, quiet=args.quiet, first_look=args.first_look,
                        known=args.known, write_known_to=args.write_known)
    if args.command == "rules":
        return _rules()
    return _bench(args)


def _rules() -> int:
    """Print the rule table: order, name, intent and the first example of each rule."""
    from nlu.rules import RULES

    for position, rule in enumerate(RULES, start=1):
        example = rule.examples[0]
        text = repr(example) if isinstance(example, str) else f"{example[0]!r} (em contexto)"
        print(f"{position:3} {rule.name:30} {rule.intent.value:13} {text}")
    return 0


def _bench(args: argparse.Namespace) -> int:
    """Run ``benchmarks/nlu_parse.py`` of the checkout (benchmarks are not installed)."""
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "nlu_parse.py"
    if not script.exists():
        print(f"erro: o benchmark fica em benchmarks/nlu_parse.py do repositório ({script} "
              "não existe)", file=sys.stderr)
        return 2
    run_bench = runpy.run_path(str(script))["run_bench"]
    return int(run_bench(args.menu, rounds=args.rounds))
