"""Two app processes on one Firestore emulator, driven with concurrent signed Twilio webhooks.

Both replicas run ``python -m service serve`` exactly as in production (real
uvicorn, real signature checks against the public URL behind the proxy). The
test sends messages for one customer to both replicas at the same moment,
repeats a delivery on both, runs other customers alongside, and then accounts
for every order, cart line, processed message id and kitchen notification.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from twilio.request_validator import RequestValidator

from service.adapters.firestore.config import FirestoreConfig, make_client
from service.adapters.firestore.store import FirestoreStore
from tests.builders import SEED_MENU_PATH, run_together
from tests.firestore_support import free_port

pytestmark = [pytest.mark.emulator, pytest.mark.slow]

TOKEN = "replicas-test-auth-token"
ADMIN = "replicas-test-admin-token"
PUBLIC_URL = "https://pedidos.cozinhadacris.test"
KITCHEN = "whatsapp:+5511900000000"
STARTUP_SECONDS = 60.0
# The settings the app reads; cleared so the developer's environment cannot leak in.
APP_SETTINGS = (
    "ENVIRONMENT",
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_PHONE_NUMBER",
    "TWILIO_API_BASE_URL",
    "KITCHEN_WHATSAPP_NUMBER",
    "PUBLIC_BASE_URL",
    "ADMIN_TOKEN",
    "STORAGE_BACKEND",
    "SQLITE_PATH",
    "FIREBASE_CREDENTIALS_JSON",
    "FIRESTORE_PROJECT",
    "FIRESTORE_EMULATOR_HOST",
    "MENU_CACHE_SECONDS",
    "HOST",
    "PORT",
    "WEB_CONCURRENCY",
    "MENU_FILE",
    "LOG_LEVEL",
    "RESTAURANT_ID",
    "OUTBOX_WORKER",
    "OUTBOX_GIVE_UP_HOURS",
    "SERVICE_PARENT_PID",
)


def app_environment(emulator_host: str, project: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.upper() not in APP_SETTINGS}
    env.update(
        STORAGE_BACKEND="firestore",
        FIRESTORE_EMULATOR_HOST=emulator_host,
        FIRESTORE_PROJECT=project,
        TWILIO_AUTH_TOKEN=TOKEN,
        PUBLIC_BASE_URL=PUBLIC_URL,
        KITCHEN_WHATSAPP_NUMBER=KITCHEN,
        ADMIN_TOKEN=ADMIN,
        LOG_LEVEL="INFO",
        **extra,
    )
    return env


@dataclass
class Replica:
    """One running app process."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture
def replicas(
    firestore_emulator: Any, firestore_project: str, tmp_path: Path
) -> Iterator[list[Replica]]:
    """The menu seeded with the CLI, then two ``python -m service serve`` processes."""
    env = app_environment(firestore_emulator.host, firestore_project)

    def seed_menu() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "service", "seed-menu", str(SEED_MENU_PATH)],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
        )

    seeded = seed_menu()
    assert seeded.returncode == 0, seeded.stderr
    again = seed_menu()
    assert "sem mudanças" in again.stdout, again.stdout + again.stderr

    started: list[Replica] = []
    try:
        for index in range(2):
            port = free_port()
            log = tmp_path / f"replica{index}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [sys.executable, "-m", "service", "serve"],
                    env={**env, "HOST": "127.0.0.1", "PORT": str(port)},
                    cwd=tmp_path,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                )
            started.append(Replica(f"http://127.0.0.1:{port}", process, log))
        deadline = time.monotonic() + STARTUP_SECONDS
        for replica in started:
            while not _healthy(replica):
                if replica.process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"replica did not start:\n{replica.log.read_text()[-3000:]}")
                time.sleep(0.1)
        yield started
    finally:
        for replica in started:
            stop(replica.process)


def _healthy(replica: Replica) -> bool:
    try:
        return httpx.get(f"{replica.url}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


class Twilio:
    """Sends signed WhatsApp webhooks the way Twilio does, and records every answer."""

    def __init__(self, replicas: list[Replica]) -> None:
        self.replicas = replicas
        self.validator = RequestValidator(TOKEN)
        self.sent: list[str] = []
        self.answers: dict[str, list[tuple[str, ...]]] = {}
        self._lock = threading.Lock()

    def send(self, replica: int, phone: str, sid: str, body: str) -> tuple[str, ...]:
        params = {
            "MessageSid": sid,
            "SmsMessageSid": sid,
            "AccountSid": "AC" + "0" * 32,
            "From": phone,
            "To": "whatsapp:+14155238886",
            "Body": body,
            "ProfileName": "Cliente " + phone[-4:],
            "WaId": phone.removeprefix("whatsapp:+"),
            "NumMedia": "0",
        }
        signature = self.validator.compute_signature(f"{PUBLIC_URL}/webhook", params)
        response = httpx.post(
            f"{self.replicas[replica].url}/webhook",
            data=params,
            headers={"X-Twilio-Signature": signature},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        replies = tuple(m.text or "" for m in ElementTree.fromstring(response.text).iter("Message"))
        with self._lock:
            self.sent.append(sid)
            self.answers.setdefault(sid, []).append(replies)
        return replies


ANA, BETO, CAIO = "whatsapp:+5511911110001", "whatsapp:+5521922220002", "whatsapp:+5531933330003"
ORDER_NUMBER = re.compile(r"[Pp]edido #(\d+)")
CHECKOUT = ["finalizar", "Rua das Flores, 123, Pinheiros", "pix", "sim"]


def test_two_replicas_lose_no_update_and_apply_no_message_twice(
    replicas: list[Replica], firestore_emulator: Any, firestore_project: str
) -> None:
    twilio = Twilio(replicas)

    # Ana's two messages reach different replicas at the same moment; Beto and Caio
    # write at that moment too.
    run_together(
        lambda: twilio.send(0, ANA, "SMana1", "quero 2 feijoadas"),
        lambda: twilio.send(1, ANA, "SMana2", "e uma coca lata"),
        lambda: twilio.send(0, BETO, "SMbeto1", "boa noite, me vê 1 feijoada"),
        lambda: twilio.send(1, CAIO, "SMcaio1", "quero 2 pudins"),
    )
    # Twilio delivers one of Ana's messages twice, once to each replica.
    repeated = run_together(
        lambda: twilio.send(0, ANA, "SMana3", "e um pudim"),
        lambda: twilio.send(1, ANA, "SMana3", "e um pudim"),
    )
    assert repeated[0] == repeated[1]

    def checkout(phone: str, first_replica: int, prefix: str) -> list[tuple[str, ...]]:
        return [
            twilio.send((first_replica + step) % 2, phone, f"{prefix}c{step}", text)
            for step, text in enumerate(CHECKOUT)
        ]

    confirmations = run_together(
        lambda: checkout(ANA, 0, "SMana"),
        lambda: checkout(BETO, 1, "SMbeto"),
        lambda: checkout(CAIO, 0, "SMcaio"),
    )

    every_reply = [r for answers in twilio.answers.values() for a in answers for r in a]
    assert not [r for r in every_reply if "Desculpe, tive um problema" in r]
    numbers = sorted(
        int(match.group(1))
        for conversation in confirmations
        for reply in conversation[-1]
        if (match := ORDER_NUMBER.search(reply))
    )
    assert numbers == [1, 2, 3]

    orders = httpx.get(
        f"{replicas[1].url}/api/orders",
        headers={"Authorization": f"Bearer {ADMIN}"},
        timeout=10,
    ).json()
    lines = {
        order["phone"].removeprefix("whatsapp:"): Counter(
            {item["id"]: item["quantity"] for item in order["items"]}
        )
        for order in orders
    }
    assert sorted(order["number"] for order in orders) == [1, 2, 3]
    assert lines == {
        ANA.removeprefix("whatsapp:"): Counter(feijoada=2, coca_lata=1, pudim=1),
        BETO.removeprefix("whatsapp:"): Counter(feijoada=1),
        CAIO.removeprefix("whatsapp:"): Counter(pudim=2),
    }

    store = FirestoreStore(
        make_client(FirestoreConfig(firestore_project, emulator_host=firestore_emulator.host))
    )
    try:
        processed = {s.id for s in store.client.collection_group("messages").stream()}
        assert processed == set(twilio.sent)
        assert len(twilio.sent) == len(processed) + 1  # SMana3 arrived twice
        kitchen = _wait_for_sent(store, expected=3)
        assert sorted(int(m.group(1)) for b in kitchen if (m := ORDER_NUMBER.search(b))) == [
            1,
            2,
            3,
        ]
    finally:
        store.close()


def _wait_for_sent(store: FirestoreStore, expected: int, timeout: float = 30.0) -> list[str]:
    """Bodies of delivered outbox entries, once the replicas' workers sent ``expected``."""
    deadline = time.monotonic() + timeout
    while True:
        entries = [s.to_dict() or {} for s in store.layout.outbox.stream()]
        sent = [e["body"] for e in entries if e.get("status") == "sent"]
        if len(sent) >= expected or time.monotonic() > deadline:
            assert len(entries) == expected, entries
            assert len(sent) == expected, entries
            return sent
        time.sleep(0.2)
