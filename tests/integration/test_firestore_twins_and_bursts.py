"""Firestore under twins and bursts: two app processes on the emulator, many customers at once.

Twilio may deliver one message twice, to two processes at the same moment, and a
dinner rush brings many confirmations in the same second. Every customer here
walks a whole order (each message delivered twice, once to each process), then
all the customers say "sim" together. Every order must be taken exactly once,
under a number no other order has, and nobody may get the apology.

The emulator holds every lock conflict for about 2 s (production does not), so a
design that makes confirmations or twins contend shows up here as apologies.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from service.adapters.firestore.config import FirestoreConfig, make_client
from service.adapters.firestore.store import FirestoreStore
from tests.figures import report
from tests.integration.test_firestore_replicas import ADMIN, Replica, Twilio
from tests.integration.test_firestore_replicas import replicas as replicas  # the fixture

pytestmark = [pytest.mark.emulator, pytest.mark.slow]

APOLOGY = "Desculpe, tive um problema"
CONFIRMED = re.compile(r"Pedido #(\d+) confirmado")
WALK = ["quero 1 feijoada", "finalizar", "Rua das Flores, 10, Centro", "pix"]
# Customers walking their order at the same time (each message is two requests).
WALKERS = 25


def phones(count: int, prefix: str) -> list[str]:
    """Distinct customer numbers, none of them the kitchen's."""
    return [f"whatsapp:+55{prefix}9880{n:05d}" for n in range(count)]


def twins(twilio: Twilio, phone: str, sid: str, body: str) -> list[tuple[str, ...]]:
    """One message delivered twice at the same moment, once to each process."""
    barrier = threading.Barrier(2)
    answers: list[Any] = [None, None]

    def deliver(replica: int) -> None:
        barrier.wait()
        answers[replica] = twilio.send(replica, phone, sid, body)

    threads = [threading.Thread(target=deliver, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return answers


def walk_to_confirmation(twilio: Twilio, customers: list[str], *, twinned: bool) -> None:
    """Every customer fills a cart and reaches "Confirma o pedido?"."""

    def walk(phone: str) -> None:
        for step, body in enumerate(WALK):
            sid = f"SM{phone[-7:]}w{step}"
            if twinned:
                first, second = twins(twilio, phone, sid, body)
                assert first == second, (phone, body, first, second)
                last = first
            else:
                last = twilio.send(step % 2, phone, sid, body)
        assert "Confirma o pedido?" in "\n".join(last), (phone, last)

    with ThreadPoolExecutor(WALKERS) as pool:
        list(pool.map(walk, customers))


def every_reply(twilio: Twilio) -> list[str]:
    return [reply for answers in twilio.answers.values() for a in answers for reply in a]


def stored_orders(replica: Replica) -> list[dict[str, Any]]:
    response = httpx.get(f"{replica.url}/api/orders", params={"limit": 1000},
                         headers={"Authorization": f"Bearer {ADMIN}"}, timeout=30)
    assert response.status_code == 200, response.text
    orders: list[dict[str, Any]] = response.json()
    return orders


def kitchen_notices(emulator: Any, project: str, expected: int,
                    timeout: float = 60.0) -> list[str]:
    """Bodies of the kitchen's outbox entries, once the processes delivered ``expected``."""
    store = FirestoreStore(make_client(FirestoreConfig(project, emulator_host=emulator.host)))
    try:
        deadline = time.monotonic() + timeout
        while True:
            entries = [s.to_dict() or {} for s in store.layout.outbox.stream()]
            kitchen = [e for e in entries if e.get("purpose") == "kitchen"]
            sent = [e["body"] for e in kitchen if e.get("status") == "sent"]
            if len(sent) >= expected or time.monotonic() > deadline:
                assert len(kitchen) == expected, [e.get("status") for e in kitchen]
                assert len(sent) == expected, [e.get("status") for e in kitchen]
                return sent
            time.sleep(0.2)
    finally:
        store.close()


def test_fifty_customers_confirm_at_once_each_message_twice(
    replicas: list[Replica], firestore_emulator: Any, firestore_project: str
) -> None:
    twilio = Twilio(replicas)
    customers = phones(50, "21")
    started = time.monotonic()
    walk_to_confirmation(twilio, customers, twinned=True)
    walked = time.monotonic()

    barrier = threading.Barrier(len(customers) * 2)
    answered: dict[str, list[tuple[float, tuple[str, ...]]]] = {p: [] for p in customers}
    lock = threading.Lock()

    def confirm(phone: str, replica: int) -> None:
        barrier.wait()
        replies = twilio.send(replica, phone, f"SM{phone[-7:]}sim", "sim")
        with lock:
            answered[phone].append((time.monotonic(), replies))

    with ThreadPoolExecutor(len(customers) * 2) as pool:
        list(pool.map(lambda job: confirm(*job),
                      [(phone, replica) for phone in customers for replica in (0, 1)]))
    burst = max(at for pairs in answered.values() for at, _ in pairs) - walked

    apologies = [reply for reply in every_reply(twilio) if APOLOGY in reply]
    numbers: dict[str, set[int]] = {}
    for phone, pairs in answered.items():
        for _, replies in pairs:
            numbers.setdefault(phone, set()).update(
                int(m.group(1)) for reply in replies if (m := CONFIRMED.search(reply)))
    taken = sorted(n for found in numbers.values() for n in found)
    orders = stored_orders(replicas[0])
    per_phone = Counter(order["phone"] for order in orders)
    report(f"Firestore emulator, 50 customers x 2 deliveries on 2 processes: "
           f"{len(orders)}/50 orders, {len(apologies)} apologies, numbers "
           f"{min(taken, default=0)}..{max(taken, default=0)}; walk {walked - started:.1f} s, "
           f"confirmation burst {burst:.1f} s")

    assert apologies == []
    assert all(len(found) == 1 for found in numbers.values()), numbers  # twins agree
    assert len(taken) == len(set(taken)) == 50  # one number per customer, none shared
    assert len(orders) == 50
    assert set(per_phone) == {p.removeprefix("whatsapp:") for p in customers}
    assert set(per_phone.values()) == {1}
    assert sorted(order["number"] for order in orders) == taken
    assert max(taken) < 1000  # short enough to say over the phone
    kitchen = kitchen_notices(firestore_emulator, firestore_project, expected=50)
    told = [re.search(r"pedido #(\d+)", body) for body in kitchen]
    assert sorted(int(m.group(1)) for m in told if m) == taken


def test_thirty_two_confirmations_in_the_same_second_are_all_taken(
    replicas: list[Replica], firestore_emulator: Any, firestore_project: str
) -> None:
    twilio = Twilio(replicas)
    customers = phones(32, "31")
    walk_to_confirmation(twilio, customers, twinned=False)

    barrier = threading.Barrier(len(customers))
    sent_at: list[float] = []
    lock = threading.Lock()

    def confirm(index: int) -> tuple[str, ...]:
        barrier.wait()
        with lock:
            sent_at.append(time.monotonic())
        return twilio.send(index % 2, customers[index], f"SM{index:04d}sim32", "sim")

    with ThreadPoolExecutor(len(customers)) as pool:
        answers = list(pool.map(confirm, range(len(customers))))
    finished = time.monotonic()
    spread = max(sent_at) - min(sent_at)
    confirmed = [m.group(1) for replies in answers for r in replies
                 if (m := CONFIRMED.search(r))]
    report(f"Firestore emulator, 32 confirmations sent within {spread * 1000:.0f} ms on 2 "
           f"processes: {len(confirmed)}/32 taken, last answer after "
           f"{finished - min(sent_at):.1f} s")

    assert spread < 1.0
    assert not [r for r in every_reply(twilio) if APOLOGY in r]
    assert len(confirmed) == len(set(confirmed)) == 32
    assert len(stored_orders(replicas[1])) == 32
