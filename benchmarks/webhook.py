"""Webhook benchmark: full message handling against a bare TwiML endpoint, in one run.

``python -m benchmarks.webhook [--requests N]`` serves the real app (signature check,
parser, engine, SQLite transaction, outbox) and a bare endpoint that only reads the
form and returns empty TwiML, on the same uvicorn, and reports the ratio. Machines
are noisy: compare the ratio, not the absolute numbers.

``python -m benchmarks.webhook --serve PORT`` only serves both endpoints (webhook
unsigned) for ``wrk -s benchmarks/webhook_wrk.lua``, which sends a new MessageSid per
request and walks customers through a whole order.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import Request, Response
from pydantic import SecretStr
from twilio.request_validator import RequestValidator

from service.adapters.recording_messenger import RecordingMessenger
from service.application.menus import load_menu_file as load_menu
from service.bootstrap import bootstrap
from service.entrypoints.web import create_app
from service.settings import Settings

TOKEN = "benchmark-token-0123456789abcdef"
PUBLIC = "https://bench.example.com"
CONVERSATION = ("oi", "quero 2 feijoadas sem farofa e uma coca lata", "carrinho", "finalizar",
                "Rua das Flores, 123, Centro", "pix", "sim")
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response />'


def _form(text: str, sid: int, phone: int) -> dict[str, str]:
    return {"MessageSid": f"SM{sid:032d}", "From": f"whatsapp:+55119{phone:08d}",
            "To": "whatsapp:+14155238886", "Body": text, "NumMedia": "0",
            "ProfileName": "Cliente Teste"}


def _serve(app: Any) -> tuple[str, Callable[[], None]]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="error", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)

    def stop() -> None:
        server.should_exit = True
        thread.join(10)
        sock.close()

    return f"http://127.0.0.1:{sock.getsockname()[1]}", stop


def _round(client: httpx.Client, path: str, count: int, start: int) -> list[float]:
    validator = RequestValidator(TOKEN)
    latencies = []
    for n in range(start, start + count):
        form = _form(CONVERSATION[n % len(CONVERSATION)], n, n // len(CONVERSATION))
        headers = {"X-Twilio-Signature": validator.compute_signature(f"{PUBLIC}{path}", form)}
        began = time.perf_counter()
        response = client.post(path, data=form, headers=headers)
        latencies.append(time.perf_counter() - began)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}: {response.text}")
    return latencies


def _app(tmp: str, menu: Path, *, signed: bool) -> Any:
    """The real app plus ``POST /bare``; without ``signed``, no signature check (for wrk)."""
    values: dict[str, Any] = {
        "environment": "production" if signed else "development",
        "twilio_auth_token": SecretStr(TOKEN) if signed else None,
        "public_base_url": PUBLIC, "kitchen_whatsapp_number": "whatsapp:+5511900000000",
        "sqlite_path": Path(tmp) / "bench.sqlite3",
    }
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
    container = bootstrap(settings, messenger=RecordingMessenger())
    container.store.save_menu(load_menu(menu))
    app = create_app(container)

    @app.post("/bare")
    async def bare(request: Request) -> Response:
        await request.form()
        return Response(EMPTY_TWIML, media_type="application/xml")

    return app


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print requests per second and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--requests", type=int, default=700, help="requests per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--menu", type=Path, default=Path("data/menu_seed.json"))
    parser.add_argument("--serve", type=int, metavar="PORT",
                        help="only serve /bare and /webhook (unsigned) on 127.0.0.1:PORT for wrk")
    args = parser.parse_args(argv)
    if args.serve:
        with tempfile.TemporaryDirectory() as tmp:
            app = _app(tmp, args.menu, signed=False)
            uvicorn.run(app, host="127.0.0.1", port=args.serve, log_level="error")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        url, stop = _serve(_app(tmp, args.menu, signed=True))
        rates: dict[str, list[float]] = {"/bare": [], "/webhook": []}
        webhook_latencies: list[float] = []
        try:
            with httpx.Client(base_url=url, timeout=30) as client:
                _round(client, "/webhook", 50, 10**6)  # warm-up: parser, caches
                for round_number in range(args.rounds):
                    for path in ("/bare", "/webhook"):
                        start = round_number * args.requests
                        latencies = _round(client, path, args.requests, start)
                        rates[path].append(len(latencies) / sum(latencies))
                        if path == "/webhook":
                            webhook_latencies.extend(latencies)
        finally:
            stop()
    bare_rate = statistics.median(rates["/bare"])
    hook_rate = statistics.median(rates["/webhook"])
    ordered = sorted(webhook_latencies)
    p50 = ordered[len(ordered) // 2] * 1000
    p95 = ordered[int(len(ordered) * 0.95)] * 1000
    sys.stdout.write(
        f"bare TwiML endpoint: {bare_rate:8.0f} req/s (median of {args.rounds} rounds)\n"
        f"full /webhook:       {hook_rate:8.0f} req/s, p50 {p50:.1f} ms, p95 {p95:.1f} ms\n"
        f"ratio webhook/bare:  {hook_rate / bare_rate:.2f} (one sequential client, SQLite)\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
