"""Webhook benchmark: the full ``/webhook`` against a bare endpoint on the same server, with wrk.

``python -m benchmarks.webhook`` serves the app the way ``python -m service serve``
does (uvicorn, SQLite, settings from the environment, kitchen messages through the
real twilio client to a local stand-in for Twilio's API), plus ``POST /bare``, which
only reads the form (``await request.form()``) and returns a constant TwiML. wrk
replays correctly signed Twilio requests with a new ``MessageSid`` each, customers
walking through a whole order (9 messages), one connection per wrk thread so each
customer's messages arrive in turn. It prints req/s, p50/p99 and the ratio at 1, 8
and 64 connections with 1 and 2 workers, then the same at 0, 10k and 100k stored
orders. Every answer is checked (200, the reply expected for that step) and every
confirmed order is looked for in the database. Machines are noisy: compare figures
measured in the same run.

``python -m benchmarks.webhook --serve`` only serves (settings from the environment).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi import Request, Response
from twilio.request_validator import RequestValidator

from benchmarks.history import CONVERSATION, EXPECTED, KITCHEN, seed_history, time_steps
from service.adapters.sqlite.store import SqliteStore
from service.application.menus import load_menu_file

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "benchmarks" / "webhook_wrk.lua"
TOKEN = "benchmark-token-0123456789abcdef"
ACCOUNT = "AC" + "b" * 32
PUBLIC = "https://bench.example.com"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response />'
# Prepared messages per wrk thread: what the bare endpoint did at that concurrency,
# times this, is more than the full webhook can answer in the same time.
BUDGET_MARGIN = 1.3


def bench_app() -> Any:
    """The service's app (settings from the environment) plus ``POST /bare``."""
    from service.entrypoints.web import create_app

    app = create_app()

    @app.post("/bare")
    async def bare(request: Request) -> Response:
        await request.form()
        return Response(EMPTY_TWIML, media_type="application/xml")

    return app


def _serve_forever() -> int:
    import uvicorn

    from service.logs import configure_logging
    from service.settings import Settings

    settings = Settings()
    configure_logging(settings.log_level)
    try:
        from service.entrypoints.cli import uvicorn_options
    except ImportError:  # an older tree, to measure "before": its `serve` ran uvicorn so
        options: dict[str, Any] = {"factory": True, "host": settings.host, "port": settings.port,
                                   "workers": settings.web_concurrency, "proxy_headers": True,
                                   "forwarded_allow_ips": settings.forwarded_allow_ips,
                                   "log_level": settings.log_level.lower()}
    else:
        options = uvicorn_options(settings)
    try:  # as `serve` runs it: the outbox in its own process beside the web workers
        from service.entrypoints.processes import serving
    except ImportError:  # an older tree: the outbox ran inside the web workers
        uvicorn.run("benchmarks.webhook:bench_app", **options)
        return 0
    with serving(settings.outbox_worker):
        uvicorn.run("benchmarks.webhook:bench_app", **options)
    return 0


class TwilioStandIn:
    """Twilio's Messages endpoint, as cheaply as possible: a 201 for every POST, counted."""

    def __init__(self) -> None:
        self.sent = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.url = ""

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            asyncio.start_server(self._connection, "127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        self._ready.set()
        self._loop.run_forever()

    async def _connection(self, reader: asyncio.StreamReader,
                          writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                await reader.readexactly(length)
                self.sent += 1
                sid = f"SM{self.sent:032d}"
                body = json.dumps({"sid": sid, "account_sid": ACCOUNT, "status": "queued",
                                   "api_version": "2010-04-01"}).encode()
                writer.write(b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                             b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    def __enter__(self) -> TwilioStandIn:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A running ``--serve`` process on a SQLite file."""

    url: str
    db: Path
    log: Path
    process: subprocess.Popen[bytes]
    in_flight_bound: int = 0  # requests left unanswered when wrk stopped, at most
    confirmed: int = 0  # confirmations wrk saw answered
    answered: int = 0
    orders_before: int = 0  # stored before the server started

    def orders(self) -> int:
        with sqlite3.connect(self.db) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0])


@contextmanager
def serve(workdir: Path, db: Path, workers: int, twilio_url: str,
          extra_env: dict[str, str]) -> Iterator[Server]:
    """Start the benchmark app in its own process group; stop it afterwards."""
    port = _free_port()
    env = {
        **os.environ, "PYTHONPATH": str(ROOT), "ENVIRONMENT": "production",
        "TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_PHONE_NUMBER": "whatsapp:+14155238886", "TWILIO_API_BASE_URL": twilio_url,
        "KITCHEN_WHATSAPP_NUMBER": KITCHEN, "PUBLIC_BASE_URL": PUBLIC,
        "SQLITE_PATH": str(db), "WEB_CONCURRENCY": str(workers), "HOST": "127.0.0.1",
        "PORT": str(port), **extra_env,
    }
    log = workdir / f"server-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.webhook", "--serve"], cwd=workdir, env=env,
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", db, log, process)
    server.orders_before = server.orders()
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.1)
        yield server
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def _form(text: str, sid: str, phone: str) -> dict[str, str]:
    """The fields Twilio posts for an inbound WhatsApp text."""
    return {"SmsMessageSid": sid, "NumMedia": "0", "ProfileName": "Cliente",
            "MessageType": "text", "SmsSid": sid, "WaId": phone.removeprefix("whatsapp:+"),
            "SmsStatus": "received", "Body": text, "To": "whatsapp:+14155238886",
            "NumSegments": "1", "ReferralNumMedia": "0", "MessageSid": sid,
            "AccountSid": ACCOUNT, "From": phone, "ApiVersion": "2010-04-01"}


_run_ids = iter(range(10, 100))


def prepare(directory: Path, threads: int, per_thread: int) -> None:
    """Signed requests for each wrk thread: whole orders of new customers, in order."""
    directory.mkdir(parents=True)
    validator = RequestValidator(TOKEN)
    url = f"{PUBLIC}/webhook"
    run = next(_run_ids)
    with (directory / "expect.tsv").open("w") as out:
        for step, text in enumerate(EXPECTED, 1):
            out.write(f"{step}\t{text}\n")
    customers = math.ceil(per_thread / len(CONVERSATION))
    for thread in range(1, threads + 1):
        with (directory / f"thread-{thread}.tsv").open("w") as out:
            for customer in range(customers):
                phone = f"whatsapp:+55{run}9{thread:02d}{customer:06d}"
                for step, (text, _) in enumerate(CONVERSATION, 1):
                    sid = f"SM{run}{thread:03d}{customer:07d}{step:02d}" + "0" * 18
                    form = _form(text, sid, phone)
                    signature = validator.compute_signature(url, form)
                    out.write(f"{step}\t{signature}\t{urllib.parse.urlencode(form)}\n")


def _cpu_seconds(pid: int, *, outbox: bool | None = None) -> float:
    """CPU time (user + system) of ``pid`` and its children, from /proc; with ``outbox``
    True only the outbox process's (``python -m service outbox``), False all but it."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return 0.0
    if outbox is not None and command[1:4] == [b"-m", b"service", b"outbox"]:
        return _cpu_seconds(pid) if outbox else 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return (0.0 if outbox else own) + sum(_cpu_seconds(int(child), outbox=outbox)
                                         for child in children)


@dataclass
class Figures:
    """One wrk run."""

    rate: float
    p50_ms: float
    p99_ms: float
    cpu_us: float  # the server's CPU time per answered request
    outbox_cpu_us: float  # of which the outbox process's (sending the kitchen messages)
    raw: dict[str, Any] = field(repr=False)


def wrk(server: Server, path: str, connections: int, seconds: int, directory: Path,
        mode: str) -> Figures:
    """Run wrk against ``path`` with one connection per thread; check every answer."""
    command = ["wrk", f"-t{connections}", f"-c{connections}", f"-d{seconds}s",
               "--timeout", "10s", "-s", str(LUA), server.url + path, "--", str(directory),
               mode]
    cpu_before = _cpu_seconds(server.process.pid)
    outbox_before = _cpu_seconds(server.process.pid, outbox=True)
    done = subprocess.run(command, capture_output=True, text=True)
    cpu = _cpu_seconds(server.process.pid) - cpu_before
    outbox_cpu = _cpu_seconds(server.process.pid, outbox=True) - outbox_before
    line = next((line for line in done.stdout.splitlines() if line.startswith("WRK ")), None)
    if line is None:
        raise RuntimeError(f"wrk said:\n{done.stdout}\n{done.stderr}")
    raw = json.loads(line.removeprefix("WRK "))
    if raw["bad"] or raw["status_errors"] or raw["timeouts"]:
        raise RuntimeError(f"{path}: wrong answers: {raw}")
    if mode == "once":
        server.in_flight_bound += connections
        server.confirmed += raw["confirmed"]
        server.answered += raw["ok"]
    rate = raw["requests"] / (raw["duration_us"] / 1e6)
    return Figures(rate, raw["p50_us"] / 1000, raw["p99_us"] / 1000,
                   cpu / max(raw["requests"], 1) * 1e6, outbox_cpu / max(raw["requests"], 1) * 1e6,
                   raw)


@dataclass
class Cell:
    """Bare and full webhook alternated for some rounds on one server; medians of each."""

    bare: list[Figures] = field(default_factory=list)
    full: list[Figures] = field(default_factory=list)

    def median(self, which: str, figure: str) -> float:
        runs = self.bare if which == "bare" else self.full
        return statistics.median(getattr(run, figure) for run in runs)

    @property
    def ratio(self) -> float:
        """Full over bare req/s, the median of the rounds' ratios."""
        return statistics.median(f.rate / b.rate for b, f in zip(self.bare, self.full,
                                                                 strict=True))


def measure(server: Server, connections: int, seconds: int, scratch: Path,
            rounds: int = 1) -> Cell:
    """Bare endpoint then webhook, ``rounds`` times; enough prepared messages for each run."""
    cell = Cell()
    for _ in range(rounds):
        bare_dir = scratch / f"bare-{connections}-{time.monotonic_ns()}"
        prepare(bare_dir, connections, 2 * len(CONVERSATION))
        bare = wrk(server, "/bare", connections, seconds, bare_dir, "cycle")
        budget = bare.rate * seconds * BUDGET_MARGIN / connections + len(CONVERSATION)
        while True:
            hook_dir = scratch / f"hook-{connections}-{time.monotonic_ns()}"
            prepare(hook_dir, connections, math.ceil(budget))
            full = wrk(server, "/webhook", connections, seconds, hook_dir, "once")
            if not full.raw["extra"]:
                break
            budget *= 2  # ran out of prepared messages: never seen at these margins
        cell.bare.append(bare)
        cell.full.append(full)
    return cell


def verify(server: Server, twilio: TwilioStandIn, before_sent: int, *,
           through_twilio: bool = True) -> str:
    """Every confirmation answered is an order stored; each order's kitchen message left."""
    orders = server.orders() - server.orders_before
    deadline = time.monotonic() + 30
    while through_twilio and twilio.sent - before_sent < orders and time.monotonic() < deadline:
        time.sleep(0.2)
    kitchen = twilio.sent - before_sent if through_twilio else orders  # else: to the console
    lines = server.log.read_text(errors="replace").count("\n")
    ok = server.confirmed <= orders <= server.confirmed + server.in_flight_bound
    verdict = "ok" if ok and kitchen >= orders else "MISMATCH"
    return (f"{server.answered} answers checked; {server.confirmed} confirmations answered, "
            f"{orders} orders stored (at most {server.in_flight_bound} in flight at stops), "
            f"{kitchen} kitchen messages sent: {verdict}; "
            f"{lines / max(server.answered, 1):.1f} log lines per message")


def _speculations(log: Path) -> list[str]:
    """What each web worker's store logged of its optimistic transactions as it closed."""
    mark = "optimistic transactions: "
    return [line.split(mark, 1)[1].strip() for line in
            log.read_text(errors="replace").splitlines() if mark in line]


def _through_twilio(extra_env: dict[str, str]) -> bool:
    """False when the settings leave the twilio client out (kitchen messages to the console)."""
    return extra_env.get("TWILIO_ACCOUNT_SID", ACCOUNT).strip() != ""


def _row(label: str, cell: Cell) -> str:
    def fig(which: str) -> str:
        return (f"{cell.median(which, 'rate'):,.0f} | {cell.median(which, 'p50_ms'):.1f} / "
                f"{cell.median(which, 'p99_ms'):.1f} | {cell.median(which, 'cpu_us'):,.0f}")

    outbox = f" (outbox {cell.median('full', 'outbox_cpu_us'):,.0f})"
    return f"| {label} | {fig('bare')} | {fig('full')}{outbox} | {cell.ratio:.2f} |"


HEADER = ("| {} | bare req/s | bare p50 / p99 ms | bare CPU µs/req | /webhook req/s "
          "| /webhook p50 / p99 ms | /webhook CPU µs/req (of which the outbox process) "
          "| full/bare |\n"
          "|---|---|---|---|---|---|---|---|")


def scaling(args: argparse.Namespace, twilio: TwilioStandIn, scratch: Path,
            extra_env: dict[str, str]) -> None:
    """1 and 2 workers at each connection count; then 2 workers against 1."""
    menu = load_menu_file(args.menu)
    results: dict[tuple[int, int], Cell] = {}
    print(HEADER.format("workers, connections"), flush=True)
    for workers in args.workers:
        db = scratch / f"scaling-{workers}.sqlite3"
        store = SqliteStore(db)
        store.save_menu(menu)
        store.close()
        sent = twilio.sent
        with serve(scratch, db, workers, twilio.url, extra_env) as server:
            measure(server, 8, 2, scratch)  # warm-up: every worker's parser and caches
            for connections in args.connections:
                cell = measure(server, connections, args.seconds, scratch, args.rounds)
                results[workers, connections] = cell
                print(_row(f"{workers}, {connections}", cell), flush=True)
            check = verify(server, twilio, sent, through_twilio=_through_twilio(extra_env))
            print(f"checks ({workers} worker{'s' if workers > 1 else ''}): {check}", flush=True)
        speculations = _speculations(server.log)
        if speculations:
            print(f"optimistic transactions ({workers} workers), per web worker: "
                  f"{'; '.join(speculations)}", flush=True)
    if 1 in args.workers and 2 in args.workers:
        print("\n| connections | 2 workers / 1: bare | /webhook | /webhook p99, 1 → 2 workers |"
              "\n|---|---|---|---|")
        for connections in args.connections:
            one, two = results[1, connections], results[2, connections]

            def gain(which: str, one: Cell = one, two: Cell = two) -> str:
                return f"×{two.median(which, 'rate') / one.median(which, 'rate'):.2f}"

            print(f"| {connections} | {gain('bare')} | {gain('full')} | "
                  f"{one.median('full', 'p99_ms'):.1f} → {two.median('full', 'p99_ms'):.1f} ms |",
                  flush=True)


def history(args: argparse.Namespace, twilio: TwilioStandIn, scratch: Path,
            extra_env: dict[str, str]) -> None:
    """The same message mix over a database already holding N orders, 1 worker."""
    menu = load_menu_file(args.menu)
    connections = 8
    print(f"\n| stored orders | seeded in | confirmation step (in-process median) | "
          f"other steps (median) | /webhook req/s, {connections} conn. | p50 / p99 ms | "
          f"CPU µs/req | full/bare |\n|---|---|---|---|---|---|---|---|", flush=True)
    first: Cell | None = None
    for orders in args.history:
        db = scratch / f"history-{orders}.sqlite3"
        seeded = seed_history(db, menu, orders)
        steps = time_steps(db)
        sent = twilio.sent
        with serve(scratch, db, 1, twilio.url, extra_env) as server:
            measure(server, connections, 2, scratch)
            cell = measure(server, connections, args.seconds, scratch, args.rounds)
            check = verify(server, twilio, sent, through_twilio=_through_twilio(extra_env))
        first = first or cell

        def versus(figure: str, cell: Cell = cell, base: Cell = first) -> str:
            return f"×{cell.median('full', figure) / base.median('full', figure):.2f}"

        print(f"| {orders:,} | {seeded:.1f} s | {steps[-1]:.2f} ms | "
              f"{statistics.median(steps[:-1]):.2f} ms | {cell.median('full', 'rate'):,.0f} "
              f"({versus('rate')}) | {cell.median('full', 'p50_ms'):.1f} / "
              f"{cell.median('full', 'p99_ms'):.1f} | {cell.median('full', 'cpu_us'):,.0f} "
              f"({versus('cpu_us')}) | {cell.ratio:.2f} |", flush=True)
        print(f"checks: {check}", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--serve", action="store_true",
                        help="only serve the app and /bare (settings from the environment)")
    parser.add_argument("--seconds", type=int, default=4, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=3,
                        help="bare and full alternated this many times per cell (medians)")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--connections", type=int, nargs="*", default=[1, 8, 64])
    parser.add_argument("--history", type=int, nargs="*", default=[0, 10_000, 100_000],
                        help="stored orders for the history table (none: skip it)")
    parser.add_argument("--menu", type=Path, default=ROOT / "data" / "menu_seed.json")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra setting for the served app (repeatable)")
    args = parser.parse_args(argv)
    if args.serve:
        return _serve_forever()
    extra_env = dict(item.split("=", 1) for item in args.env)
    print(f"wrk, {args.rounds} rounds of {args.seconds} s per endpoint and cell (medians), "
          f"one connection per wrk thread, SQLite, "
          f"{os.cpu_count()} CPUs" + (f", {' '.join(args.env)}" if args.env else ""))
    with tempfile.TemporaryDirectory() as tmp, TwilioStandIn() as twilio:
        scratch = Path(tmp)
        if args.workers and args.connections:
            scaling(args, twilio, scratch, extra_env)
        if args.history:
            history(args, twilio, scratch, extra_env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
