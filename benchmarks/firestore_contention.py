"""Contended Firestore transactions: N messages of one customer at once, from N clients.

Each message runs in its own client (as separate app replicas would) against the
emulator; the script prints when each one was applied, for several client attempts
per round, so the retry policy can be chosen from figures. Usage:

    .venv/bin/python benchmarks/firestore_contention.py [--messages 6] [--runs 3]

The emulator holds each lock conflict for about 2 s, so absolute times here are
far above production's; compare the policies with each other.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
import uuid
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.firestore_cost import emulator  # noqa: E402
from service.adapters.firestore.config import FirestoreConfig, make_client  # noqa: E402
from service.adapters.firestore.store import FirestoreStore  # noqa: E402
from service.application.once import apply_once  # noqa: E402
from service.application.ports import UnitOfWork  # noqa: E402
from service.domain.conversation import Conversation  # noqa: E402

PHONE = "whatsapp:+5511987654321"


def count_message(uow: UnitOfWork) -> list[str]:
    """Add a pudim to the conversation's cart: a lost update shows as a wrong total."""
    conv = uow.get_conversation(PHONE) or Conversation(PHONE)
    conv = replace(conv, cart=conv.cart.add("pudim", 1))
    uow.save_conversation(conv)
    return [str(conv.cart.quantity_of("pudim"))]


def one_run(host: str, messages: int, attempts: int) -> tuple[list[float], int]:
    """Seconds until each message was applied, and the final count."""
    project = f"contention-{uuid.uuid4().hex[:8]}"
    config = FirestoreConfig(project, emulator_host=host)
    stores = [
        FirestoreStore(make_client(config), transaction_attempts=attempts, inbound_deadline=120)
        for _ in range(messages)
    ]
    barrier = threading.Barrier(messages)
    times: list[float] = []

    def deliver(index: int) -> None:
        barrier.wait()
        started = time.monotonic()
        apply_once(stores[index], PHONE, f"SM{index}", count_message)
        times.append(time.monotonic() - started)

    threads = [threading.Thread(target=deliver, args=(i,)) for i in range(messages)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    conv = stores[0].run(lambda uow: uow.get_conversation(PHONE))
    total = conv.cart.quantity_of("pudim") if conv else 0
    for store in stores:
        store.close()
    return sorted(times), int(total)


def main() -> None:
    """Print the completion times per policy."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--messages", type=int, default=6)
    options.add_argument("--runs", type=int, default=3)
    options.add_argument("--attempts", type=int, nargs="+", default=[1, 5])
    args = options.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with emulator() as host:
        one_run(host, args.messages, args.attempts[0])  # warm-up: a fresh JVM is slow at first
        for attempts in args.attempts:
            for run in range(args.runs):
                times, total = one_run(host, args.messages, attempts)
                shown = " ".join(f"{t:.1f}" for t in times)
                print(f"client attempts per round={attempts} run={run + 1}: applied after "
                      f"[{shown}] s; count={total}/{args.messages}; slowest {times[-1]:.1f} s")


if __name__ == "__main__":
    main()
