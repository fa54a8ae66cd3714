"""CPU per webhook message, in one process: steadier than wrk on a shared machine.

``python -m benchmarks.webhook_cpu`` walks new customers through the webhook
benchmark's order (9 messages each, SQLite on a temporary file) twice:

- through ``InboundService.handle``, as the webhook calls it: CPU time per message
  and SQL statements per message;
- through the ASGI app itself (no socket, no uvicorn), correctly signed requests to
  ``/webhook`` alternated, order by order, with the bare endpoint of
  :mod:`benchmarks.webhook` (``await request.form()`` + a constant TwiML): CPU time
  per request of each and their ratio.

CPU time is this thread's (``time.thread_time``) per order, so another process
taking the core counts little; the figures are the 10th percentile, the quartile and
the median over the orders. Every answer is checked.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from twilio.request_validator import RequestValidator

from benchmarks.history import CONVERSATION, KITCHEN
from benchmarks.webhook import ACCOUNT, PUBLIC, TOKEN, _form, bench_app

ROOT = Path(__file__).resolve().parent.parent


def _quantiles(values: Sequence[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    return (ordered[len(ordered) // 10], ordered[len(ordered) // 4],
            statistics.median(ordered))


def _show(label: str, values: Sequence[float], unit: str) -> str:
    p10, p25, median = _quantiles(values)
    return f"| {label} | {p10:,.0f} | {p25:,.0f} | {median:,.0f} | {unit} |"


def _environment(db: Path) -> None:
    os.environ.update({
        "ENVIRONMENT": "production", "TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_PHONE_NUMBER": "whatsapp:+14155238886",
        "TWILIO_API_BASE_URL": "http://127.0.0.1:9", "KITCHEN_WHATSAPP_NUMBER": KITCHEN,
        "PUBLIC_BASE_URL": PUBLIC, "SQLITE_PATH": str(db), "OUTBOX_WORKER": "external",
        "WEB_CONCURRENCY": "1",
    })


def in_process(db: Path, orders: int) -> tuple[list[float], float]:
    """CPU µs per message of each order through InboundService.handle; statements/message."""
    from service.adapters.recording_messenger import RecordingMessenger
    from service.adapters.sqlite.store import SqliteStore
    from service.bootstrap import bootstrap
    from service.domain.conversation import Inbound
    from service.settings import Settings

    store = SqliteStore(db)
    container = bootstrap(Settings(), store=store, messenger=RecordingMessenger())
    statements = 0

    def count(_sql: str) -> None:
        nonlocal statements
        statements += 1

    def order(customer: int) -> None:
        phone = f"whatsapp:+5531{customer:09d}"
        for text, expected in CONVERSATION:
            answer = container.inbound.handle(Inbound(phone, text, uuid.uuid4().hex, "Cliente"))
            if expected not in "\n".join(answer):
                raise RuntimeError(f"{text!r} answered {answer!r}")

    per_message = []
    try:
        for customer in range(20):  # warm: the parser's index, the caches, the file
            order(customer)
        writer = store._writer_conn()
        writer.set_trace_callback(count)
        order(20)
        writer.set_trace_callback(None)
        for customer in range(21, 21 + orders):
            began = time.thread_time()
            order(customer)
            per_message.append((time.thread_time() - began) / len(CONVERSATION) * 1e6)
    finally:
        container.close()
        store.close()
    return per_message, statements / len(CONVERSATION)


class _Asgi:
    """Signed Twilio requests straight into the app, one at a time."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._validator = RequestValidator(TOKEN)

    def order(self, customer: int) -> list[tuple[bytes, str, str]]:
        phone = f"whatsapp:+5532{customer:09d}"
        requests = []
        for step, (text, expected) in enumerate(CONVERSATION, 1):
            sid = f"SM{customer:010d}{step:02d}" + "0" * 20
            form = _form(text, sid, phone)
            signature = self._validator.compute_signature(f"{PUBLIC}/webhook", form)
            requests.append((urllib.parse.urlencode(form).encode(), signature, expected))
        return requests

    async def post(self, path: str, body: bytes, signature: str) -> tuple[int, str]:
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
            "query_string": b"", "root_path": "", "client": ("127.0.0.1", 40000),
            "server": ("127.0.0.1", 8000), "state": {},
            "headers": [(b"host", b"127.0.0.1:8000"),
                        (b"content-type", b"application/x-www-form-urlencoded"),
                        (b"content-length", str(len(body)).encode()),
                        (b"x-twilio-signature", signature.encode())],
        }
        delivered = False

        async def receive() -> dict[str, Any]:
            nonlocal delivered
            if delivered:
                await asyncio.Event().wait()  # no disconnect while answering
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        status, chunks = 0, []

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return status, b"".join(chunks).decode()


async def through_app(orders: int) -> tuple[list[float], list[float]]:
    """CPU µs per request of /webhook and /bare, order by order, alternated."""
    app = bench_app()
    client = _Asgi(app)
    full, bare = [], []

    async def walk(path: str, customer: int) -> float:
        requests = client.order(customer)
        began = time.thread_time()
        for body, signature, expected in requests:
            status, text = await client.post(path, body, signature)
            if status != 200 or (path == "/webhook" and expected not in text):
                raise RuntimeError(f"{path} answered {status}: {text[:300]}")
        return (time.thread_time() - began) / len(requests) * 1e6

    async with app.router.lifespan_context(app):
        for customer in range(20):
            await walk("/webhook", customer)
        for customer in range(20, 20 + orders):
            full.append(await walk("/webhook", customer))
            bare.append(await walk("/bare", customer))
    return full, bare


def main(argv: Sequence[str] | None = None) -> int:
    """Run both measurements and print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--orders", type=int, default=200, help="measured orders per part")
    parser.add_argument("--menu", type=Path, default=ROOT / "data" / "menu_seed.json")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        from service.adapters.sqlite.store import SqliteStore
        from service.application.menus import load_menu_file
        from service.logs import configure_logging

        db = Path(tmp) / "bench.sqlite3"
        _environment(db)
        store = SqliteStore(db)
        store.save_menu(load_menu_file(args.menu))
        store.close()
        # One INFO line per message, as served, into a file rather than the terminal.
        configure_logging("INFO")
        logging.getLogger().handlers[0].setStream(  # type: ignore[attr-defined]
            (Path(tmp) / "log").open("w"))
        handled, statements = in_process(db, args.orders)
        full, bare = asyncio.run(through_app(args.orders))
    print(f"CPU time of this thread per message, {args.orders} orders of "
          f"{len(CONVERSATION)} messages each, SQLite\n\n"
          "| part | p10 | p25 | median | per |\n|---|---|---|---|---|")
    print(_show("InboundService.handle", handled, "message (µs)"))
    print(_show("app: /webhook", full, "request (µs)"))
    print(_show("app: bare endpoint", bare, "request (µs)"))
    ratios = [b / f for f, b in zip(full, bare, strict=True)]
    print(f"\nSQL statements per message: {statements:.2f}; bare/webhook CPU per request, "
          f"median of the orders: {statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
