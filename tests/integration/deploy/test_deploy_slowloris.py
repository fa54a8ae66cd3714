"""Slow clients against the real nginx: one address holding many slow connections while
Twilio's signed webhooks still get through.

The attacker connects from 127.0.0.2 (another loopback address, so nginx sees another
client), Twilio from 127.0.0.1. The attacker keeps its count up: every connection nginx
closes is opened again. Most send their headers a byte at a time on the plain-HTTP
port (any port's connections use the same worker pool); some do it over TLS; some send
complete headers and then trickle a body to /webhook, which is what the per-address
connection limit is for. Bounded in count and duration, on loopback only.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx
import pytest

from tests.figures import report
from tests.integration.deploy.deploy_env import post_webhook, signed, webhook_form

pytestmark = [pytest.mark.nginx, pytest.mark.slow]

ATTACKER = "127.0.0.2"
SLOW_HEADERS_PLAIN = 1900
SLOW_HEADERS_TLS = 250
SLOW_BODIES = 250
TOTAL = SLOW_HEADERS_PLAIN + SLOW_HEADERS_TLS + SLOW_BODIES
WEBHOOKS = 30
# A byte every this many seconds: slower than any real client, faster than the body timeout.
TRICKLE_SECONDS = 1.0
OPENING_AT_ONCE = 100
RAMP_UP_SECONDS = 10.0
ATTACK_SECONDS = 60.0


@dataclass
class Attack:
    """What the slow clients saw."""

    open_now: int = 0
    most_open: int = 0
    opened: int = 0
    closed_by_server: Counter[str] = field(default_factory=Counter)
    failed_to_open: int = 0
    ready: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)


async def slow_client(attack: Attack, port: int, tls: ssl.SSLContext | None, body: bool,
                      gate: asyncio.Semaphore) -> None:
    while not attack.stop.is_set():
        try:
            async with gate:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(
                    "127.0.0.1", port, local_addr=(ATTACKER, 0), ssl=tls,
                    server_hostname="localhost" if tls else None), timeout=10)
        except (TimeoutError, OSError):
            attack.failed_to_open += 1
            await asyncio.sleep(0.5)
            continue
        attack.opened += 1
        attack.open_now += 1
        attack.most_open = max(attack.most_open, attack.open_now)
        try:
            if body:
                writer.write(b"POST /webhook HTTP/1.1\r\nHost: localhost\r\n"
                             b"Content-Type: application/x-www-form-urlencoded\r\n"
                             b"Content-Length: 60000\r\n\r\n")
            else:
                writer.write(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
            while not attack.stop.is_set():
                await writer.drain()
                try:
                    answer = await asyncio.wait_for(reader.read(64), timeout=TRICKLE_SECONDS)
                except TimeoutError:
                    writer.write(b"a" if body else b"X-Lento: 1\r\n")
                    continue
                status = answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/") else (
                    "closed")
                attack.closed_by_server[status] += 1
                break
        except (OSError, ssl.SSLError):
            attack.closed_by_server["reset"] += 1
        finally:
            attack.open_now -= 1
            writer.close()
            with contextlib.suppress(OSError, ssl.SSLError, asyncio.TimeoutError):
                await asyncio.wait_for(writer.wait_closed(), timeout=1)


async def run_attack(attack: Attack, http_port: int, https_port: int) -> None:
    tls = ssl.create_default_context()
    tls.check_hostname = False
    tls.verify_mode = ssl.CERT_NONE
    gate = asyncio.Semaphore(OPENING_AT_ONCE)
    clients = (
        [slow_client(attack, http_port, None, False, gate) for _ in range(SLOW_HEADERS_PLAIN)]
        + [slow_client(attack, https_port, tls, False, gate) for _ in range(SLOW_HEADERS_TLS)]
        + [slow_client(attack, https_port, tls, True, gate) for _ in range(SLOW_BODIES)]
    )
    tasks = [asyncio.ensure_future(client) for client in clients]
    started = time.monotonic()
    # Ready once (nearly) every connection is open, or after the ramp-up time if the
    # proxy cannot take them all; then held until the test is done (or the bound).
    while time.monotonic() - started < ATTACK_SECONDS and not attack.stop.is_set():
        if attack.most_open >= TOTAL * 0.9 or time.monotonic() - started > RAMP_UP_SECONDS:
            attack.ready.set()
        await asyncio.sleep(0.1)
    attack.ready.set()
    attack.stop.set()
    await asyncio.wait(tasks, timeout=15)


def test_slow_clients_of_one_address_do_not_keep_signed_webhooks_out(stack):
    attack = Attack()
    attacker = threading.Thread(
        target=lambda: asyncio.run(run_attack(attack, stack.http_port, stack.https_port)),
        daemon=True)
    attacker.start()
    try:
        assert attack.ready.wait(RAMP_UP_SECONDS + 5)
        held_when_sending = attack.open_now
        statuses: list[int | str] = []
        timings: list[float] = []
        url = f"{stack.base_url}/webhook"
        for n in range(WEBHOOKS):
            form = webhook_form(f"quero {n + 1} pudins")
            started = time.monotonic()
            try:
                with stack.client() as client:  # a new connection each time
                    answer = post_webhook(client, form, signed(stack.auth_token, url, form))
                statuses.append(answer.status_code)
            except httpx.HTTPError as exc:  # counted: the proxy refused or dropped it
                statuses.append(type(exc).__name__)
            timings.append(time.monotonic() - started)
            time.sleep(0.2)
        held_at_end = attack.open_now
    finally:
        attack.stop.set()
        attacker.join(30)
    timings.sort()
    report(f"nginx, {TOTAL} slow connections from one address ({SLOW_HEADERS_PLAIN} slow "
           f"headers on http, {SLOW_HEADERS_TLS} over TLS, {SLOW_BODIES} slow bodies): "
           f"{held_when_sending}-{held_at_end} open while Twilio sent, at most "
           f"{attack.most_open}; closed by nginx {dict(attack.closed_by_server)}, reopened "
           f"{attack.opened - TOTAL} times; signed webhooks {statuses.count(200)}/{WEBHOOKS} "
           f"answered 200, p50 {timings[len(timings) // 2] * 1000:.0f} ms, "
           f"max {timings[-1] * 1000:.0f} ms")
    assert statuses == [200] * WEBHOOKS
    assert attack.most_open >= TOTAL * 0.9  # the attack really held its connections
    # Slow headers are cut by the header timeout; bodies past the per-address limit at once.
    cut = sum(attack.closed_by_server[kind] for kind in ("408", "closed", "reset"))
    assert cut >= SLOW_HEADERS_PLAIN  # each slow-header connection was cut at least once
    assert attack.closed_by_server["429"] > 0
