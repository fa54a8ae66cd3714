"""Firestore cost per inbound message: document reads, writes, commits and round trips.

Drives the real service (parser, engine, inbound handling) against the Firestore
emulator through whole conversations, counting at the client's RPC layer what
each message asks of Firestore. Usage:

    .venv/bin/python benchmarks/firestore_cost.py [--customers N] [--json]

Uses ``FIRESTORE_EMULATOR_HOST`` when set; otherwise starts the emulator JVM on
a free port and stops it at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.firestore_meter import MeterReading, install_meter  # noqa: E402
from service.adapters.firestore.config import FirestoreConfig, make_client  # noqa: E402
from service.adapters.firestore.store import FirestoreStore  # noqa: E402
from service.application.availability import AvailabilityService  # noqa: E402
from service.application.inbound import InboundService  # noqa: E402
from service.application.menu_cache import MenuCache  # noqa: E402
from service.application.menus import load_menu_file as load_menu  # noqa: E402
from service.bootstrap import default_parser  # noqa: E402
from service.domain.conversation import Inbound  # noqa: E402

EMULATOR_JAR = (
    "/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar"
)
KITCHEN = "whatsapp:+5511900000000"
LEASE = timedelta(seconds=60)

# A typical order, message by message, with the kind of step each one is.
CONVERSATION = [
    ("saudação", "boa noite"),
    ("cardápio", "cardápio"),
    ("adicionar itens", "quero 2 feijoadas e uma coca lata"),
    ("adicionar itens", "e um pudim"),
    ("finalizar", "só isso"),
    ("endereço", "Rua das Flores, 123, Pinheiros"),
    ("pagamento", "pix"),
    ("confirmar (pedido gravado)", "sim"),
]


@contextmanager
def emulator() -> Iterator[str]:
    """The emulator host: the configured one, or a JVM started here and stopped by its pid."""
    configured = os.environ.get("FIRESTORE_EMULATOR_HOST")
    if configured:
        yield configured
        return
    java = shutil.which("java")
    if java is None or not Path(EMULATOR_JAR).is_file():
        sys.exit("Firestore emulator not installed: set FIRESTORE_EMULATOR_HOST")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [java, "-Duser.language=en", "-cp", EMULATOR_JAR,
         "com.google.cloud.datastore.emulator.firestore.CloudFirestore",
         "start", "--host=127.0.0.1", f"--port={port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    host = f"127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"http://{host}/", timeout=1) as response:
                    if response.read().strip() == b"Ok":
                        break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("the Firestore emulator did not start")
        yield host
    finally:
        process.terminate()
        process.wait(timeout=10)


def measure(host: str, customers: int) -> dict[str, dict[str, float]]:
    """Average cost of each kind of step over ``customers`` whole conversations."""
    client = make_client(FirestoreConfig(f"bench-{uuid.uuid4().hex[:8]}", emulator_host=host))
    meter = install_meter(client)
    store = FirestoreStore(client)
    costs: dict[str, list[MeterReading]] = defaultdict(list)

    before = meter.reading()
    store.save_menu(load_menu(ROOT / "data" / "menu_seed.json"))
    costs["seed-menu (primeira carga)"].append(meter.reading() - before)
    before = meter.reading()
    store.save_menu(load_menu(ROOT / "data" / "menu_seed.json"))
    costs["seed-menu (sem mudança)"].append(meter.reading() - before)
    before = meter.reading()
    store.load_menu()
    costs["recarregar o cardápio (por processo, só quando a versão muda)"].append(
        meter.reading() - before
    )
    before = meter.reading()
    store.menu_version()
    costs["checar versão do cardápio (por processo, a cada MENU_CACHE_SECONDS)"].append(
        meter.reading() - before
    )

    # A long cache: menu checks are counted separately above, not in each message.
    menus = MenuCache(store, default_parser, ttl_seconds=3600)
    menus.current()
    # As the service composes it: the restaurant's availability is read before each message.
    service = InboundService(store, menus, KITCHEN,
                             availability=AvailabilityService(store, default_parser))
    for customer in range(customers):
        phone = f"whatsapp:+55119{customer:08d}"
        for index, (kind, text) in enumerate(CONVERSATION):
            inbound = Inbound(phone, text, f"SM{customer}x{index}", "Maria")
            before = meter.reading()
            service.handle(inbound)
            costs[kind].append(meter.reading() - before)
        before = meter.reading()
        service.handle(Inbound(phone, "sim", f"SM{customer}x{len(CONVERSATION) - 1}", "Maria"))
        costs["mensagem repetida pela Twilio"].append(meter.reading() - before)
        before = meter.reading()
        for pending in store.claim_due(datetime.now(UTC) + timedelta(seconds=1), 10, LEASE):
            store.mark_sent(pending.id, "SMsent")
        costs["enviar o aviso à cozinha (reservar + marcar enviado)"].append(
            meter.reading() - before
        )
        before = meter.reading()
        store.claim_due(datetime.now(UTC), 10, LEASE)
        costs["consulta ociosa do worker da outbox (a cada 1 s)"].append(meter.reading() - before)
    scanner = FirestoreStore(client, outbox_scan_seconds=0)
    before = meter.reading()
    scanner.claim_due(datetime.now(UTC), 10, LEASE)
    costs["varredura da outbox sem nada pendente (a cada 30 s por processo)"].append(
        meter.reading() - before
    )
    store.close()
    return {
        kind: {
            name: sum(getattr(r, name) for r in readings) / len(readings)
            for name in asdict(readings[0])
        }
        for kind, readings in costs.items()
    }


def main() -> None:
    """Print the cost table."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--customers", type=int, default=5)
    options.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = options.parse_args()
    with emulator() as host:
        results = measure(host, args.customers)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    columns = ["reads", "writes", "commits", "transactions", "round_trips"]
    print(f"{'passo':<70} " + " ".join(f"{c:>12}" for c in columns))
    for kind, cost in results.items():
        print(f"{kind:<70} " + " ".join(f"{cost[c]:>12.1f}" for c in columns))


if __name__ == "__main__":
    main()
