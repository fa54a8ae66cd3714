"""The real server process: restart mid-order (kill -9), seed-menu, chat and ``make run``."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from service.adapters.sqlite.store import SqliteStore
from tests.api.conftest import replies_of
from tests.builders import SECOND_MENU, SEED_MENU_PATH, sign, twilio_form, write_menu
from tests.fake_twilio import FakeTwilio
from tests.figures import report
from tests.integration.service_process import (
    ROOT,
    ServiceProcess,
    base_env,
    free_port,
    service_command,
)

SID = "AC" + "3" * 32
TOKEN = "0a1b2c3d" * 4
KITCHEN = "whatsapp:+5511900000000"
PUBLIC = "https://pedidos.exemplo.com.br"
ADMIN = "admin-token-for-the-process-tests"


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with FakeTwilio(SID, TOKEN) as server:
        yield server


def production_env(tmp_path: Path, fake: FakeTwilio) -> dict[str, str]:
    return base_env(
        ENVIRONMENT="production", TWILIO_ACCOUNT_SID=SID, TWILIO_AUTH_TOKEN=TOKEN,
        TWILIO_PHONE_NUMBER="whatsapp:+14155238886", TWILIO_API_BASE_URL=fake.url,
        KITCHEN_WHATSAPP_NUMBER=KITCHEN, PUBLIC_BASE_URL=PUBLIC,
        SQLITE_PATH=str(tmp_path / "db" / "cozinha.sqlite3"), PORT=str(free_port()),
        MENU_FILE=str(SEED_MENU_PATH),
    )


def say(server: ServiceProcess, text: str, sid: str) -> str:
    form = twilio_form(text, sid)
    signature = sign(TOKEN, f"{PUBLIC}/webhook", form)
    response = httpx.post(f"{server.url}/webhook", data=form,
                          headers={"X-Twilio-Signature": signature}, timeout=30)
    assert response.status_code == 200, response.text
    return "\n".join(replies_of(response))


@pytest.mark.slow
def test_kill_9_in_the_middle_of_an_order_and_the_customer_continues(tmp_path, fake):
    env = production_env(tmp_path, fake)
    seeded = subprocess.run(service_command("seed-menu"), env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert seeded.returncode == 0, seeded.stderr
    first = ServiceProcess(service_command("serve"), env, tmp_path, tmp_path / "a.log")
    try:
        first.wait_healthy()
        say(first, "oi", "SM01")
        say(first, "quero 2 feijoadas sem farofa", "SM02")
        assert "endereço" in say(first, "finalizar", "SM03")
    finally:
        first.kill9()
    second = ServiceProcess(service_command("serve"), env, tmp_path, tmp_path / "b.log")
    try:
        second.wait_healthy()
        assert "Como vai pagar" in say(second, "Rua Goiás, 15, Centro", "SM04")
        assert "Confirma o pedido?" in say(second, "pix", "SM05")
        assert "Pedido #1 confirmado" in say(second, "sim", "SM06")
        [kitchen] = fake.wait_for_messages(1)
        assert "2x Feijoada Completa" in kitchen["Body"] and "sem farofa" in kitchen["Body"]
    finally:
        second.stop()


@pytest.mark.slow
def test_several_worker_processes_share_one_sqlite_file_safely(tmp_path, fake):
    env = {**production_env(tmp_path, fake), "WEB_CONCURRENCY": "2"}
    subprocess.run(service_command("seed-menu"), env=env, cwd=tmp_path, check=True,
                   capture_output=True, timeout=60)
    server = ServiceProcess(service_command("serve"), env, tmp_path, tmp_path / "w.log")
    try:
        server.wait_healthy()
        phones = [f"whatsapp:+55119100000{n:02d}" for n in range(4)]  # not the kitchen

        def order(phone: str) -> str:
            replies = []
            for step, text in enumerate(["oi", "3 pudins", "finalizar", "Rua Acre, 5, Centro",
                                         "pix", "sim"]):
                form = twilio_form(text, f"SM{phone[-2:]}{step}", phone=phone)
                signature = sign(TOKEN, f"{PUBLIC}/webhook", form)
                for _ in range(2):  # every message delivered twice
                    response = httpx.post(f"{server.url}/webhook", data=form, timeout=30,
                                          headers={"X-Twilio-Signature": signature})
                    assert response.status_code == 200
                replies.append("".join(replies_of(response)))
            return replies[-1]

        with ThreadPoolExecutor(len(phones)) as pool:
            confirmations = list(pool.map(order, phones))
        numbers = sorted(int(c.split("#")[1].split()[0]) for c in confirmations)
        assert numbers == [1, 2, 3, 4]
        store = SqliteStore(tmp_path / "db" / "cozinha.sqlite3")
        orders = [stored.to_dict() for stored in store.list_orders()]
        store.close()
        assert len(orders) == 4
        assert all(o["items"][0]["quantity"] == 3 for o in orders)
        assert len(fake.wait_for_messages(4)) == 4
    finally:
        server.stop()
    assert len(fake.wait_for_messages(5, timeout=1.0)) == 4  # one kitchen message per order


def test_serve_refuses_production_without_public_base_url(tmp_path, fake):
    env = production_env(tmp_path, fake)
    env.pop("PUBLIC_BASE_URL")
    result = subprocess.run(service_command("serve"), env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "PUBLIC_BASE_URL" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("trusted", "status"), [("127.0.0.1", 200), ("10.9.8.7", 403)])
def test_in_development_serve_trusts_forwarded_headers_only_from_the_proxy(
    tmp_path, fake, trusted, status
):
    # Without PUBLIC_BASE_URL (development only) the signed URL is rebuilt from the proxy's
    # forwarded headers, which count only from FORWARDED_ALLOW_IPS.
    env = {**production_env(tmp_path, fake), "FORWARDED_ALLOW_IPS": trusted,
           "ENVIRONMENT": "development"}
    env.pop("PUBLIC_BASE_URL")
    subprocess.run(service_command("seed-menu"), env=env, cwd=tmp_path, check=True,
                   capture_output=True, timeout=60)
    server = ServiceProcess(service_command("serve"), env, tmp_path, tmp_path / "p.log")
    try:
        server.wait_healthy()
        form = twilio_form("oi", "SM-proxy")
        signature = sign(TOKEN, "https://pedidos.exemplo.com.br/webhook", form)
        response = httpx.post(f"{server.url}/webhook", data=form, timeout=30, headers={
            "X-Twilio-Signature": signature, "X-Forwarded-Proto": "https",
            "Host": "pedidos.exemplo.com.br"})
        assert response.status_code == status
    finally:
        server.stop()


def test_serve_refuses_production_without_auth_token(tmp_path):
    env = base_env(ENVIRONMENT="production", SQLITE_PATH=str(tmp_path / "x.sqlite3"))
    result = subprocess.run(service_command("serve"), env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "TWILIO_AUTH_TOKEN" in result.stderr


@pytest.mark.parametrize(
    ("command", "settings", "message"),
    [
        ("seed-menu", {"STORAGE_BACKEND": "mongodb"}, "STORAGE_BACKEND"),
        ("serve", {"PORT": "oito mil"}, "PORT"),
        ("seed-menu", {"STORAGE_BACKEND": "firestore", "FIRESTORE_PROJECT": "demo-x",
                       "FIRESTORE_EMULATOR_HOST": "127.0.0.1:9"}, "não responde"),
        ("chat", {"STORAGE_BACKEND": "firestore", "FIREBASE_CREDENTIALS_JSON": "{nada"},
         "FIREBASE_CREDENTIALS_JSON"),
    ],
)
def test_bad_configuration_is_refused_with_a_message_not_a_traceback(
    tmp_path, command, settings, message
):
    env = base_env(ENVIRONMENT="development", SQLITE_PATH=str(tmp_path / "x.sqlite3"),
                   **settings)
    result = subprocess.run(service_command(command), env=env, cwd=tmp_path, input="",
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_seed_menu_reports_changes_and_refuses_a_malformed_file(tmp_path):
    db = tmp_path / "m.sqlite3"
    env = base_env(SQLITE_PATH=str(db))

    def seed(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(service_command("seed-menu", *args), env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)

    first = seed(str(SEED_MENU_PATH))
    assert first.returncode == 0 and "31 novos" in first.stdout
    assert "sem mudanças" in seed(str(SEED_MENU_PATH)).stdout
    assert "nada foi alterado" in seed("--if-empty", str(SEED_MENU_PATH)).stdout
    store = SqliteStore(db)
    before = store.menu_version()
    store.close()

    broken = json.loads(SEED_MENU_PATH.read_text())
    del broken["items"][2]["price"]
    bad = seed(str(write_menu(tmp_path / "ruim.json", broken)))
    assert bad.returncode == 2
    assert "item 3 ('frango_grelhado'): campo 'price' ausente" in bad.stderr
    not_json = tmp_path / "quebrado.json"
    not_json.write_text("{ isto não é json", encoding="utf-8")
    assert seed(str(not_json)).returncode == 2
    store = SqliteStore(db)
    assert store.menu_version() == before
    store.close()

    other = seed(str(write_menu(tmp_path / "lurdes.json", SECOND_MENU)))
    assert other.returncode == 0
    assert "6 novos" in other.stdout and "31 removidos" in other.stdout


def test_chat_is_a_customer_in_the_terminal(tmp_path):
    env = base_env(ENVIRONMENT="development", SQLITE_PATH=str(tmp_path / "c.sqlite3"),
                   MENU_FILE=str(SEED_MENU_PATH), KITCHEN_WHATSAPP_NUMBER=KITCHEN)
    script = "\n".join(["oi", "2 feijoadas", "finalizar", "Rua Amapá, 9, Vila Nova", "pix",
                        "sim"]) + "\n"
    result = subprocess.run(service_command("chat", "--name", "João"), env=env, cwd=tmp_path,
                            input=script, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Olá, João!" in result.stdout
    assert "Pedido #1 confirmado" in result.stdout
    assert f"[kitchen → {KITCHEN}]" in result.stdout and "Novo pedido #1" in result.stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_serves_in_development_mode_with_the_seed_menu(tmp_path):
    port = free_port()
    env = base_env(SQLITE_PATH=str(tmp_path / "run.sqlite3"), PORT=str(port))
    server = ServiceProcess(["make", "--no-print-directory", "run", f"PORT={port}"], env, ROOT,
                            tmp_path / "make.log")
    try:
        server.wait_healthy()
        response = httpx.post(f"{server.url}/webhook", data=twilio_form("oi", "SM1"), timeout=30)
        assert response.status_code == 200
        assert "Cozinha da Cris" in "".join(replies_of(response))
        for n, text in enumerate(["2 feijoadas", "finalizar", "Rua Amapá, 9, Vila Nova", "pix",
                                  "sim"], start=2):
            reply = httpx.post(f"{server.url}/webhook", data=twilio_form(text, f"SM{n}"),
                               timeout=30)
        assert "Pedido #1 confirmado" in "".join(replies_of(reply))
        deadline = time.monotonic() + 10
        while "Novo pedido #1" not in (tmp_path / "make.log").read_text():
            assert time.monotonic() < deadline, "the kitchen message never reached the console"
            time.sleep(0.1)
    finally:
        server.stop()
    log = (tmp_path / "make.log").read_text()
    assert "NÃO são verificadas" in log
    # Without credentials nor KITCHEN_WHATSAPP_NUMBER, the kitchen's message is shown as such.
    assert "[kitchen → cozinha (console)]" in log


def test_chat_in_memory_writes_nothing(tmp_path):
    db = tmp_path / "never.sqlite3"
    env = base_env(ENVIRONMENT="development", SQLITE_PATH=str(db), MENU_FILE=str(SEED_MENU_PATH))
    script = "\n".join(["oi", "2 feijoadas", "finalizar", "Rua Amapá, 9, Vila Nova", "pix",
                        "sim"]) + "\n"
    result = subprocess.run(service_command("chat", "--memory"), env=env, cwd=tmp_path,
                            input=script, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Pedido #1 confirmado" in result.stdout
    assert "[kitchen → cozinha (console)]" in result.stdout
    assert not db.exists()


# Customers ordering at once while the whole service is killed with SIGKILL again and again,
# Twilio's API failing now and then, and every webhook delivered again when its answer was
# lost (Twilio's retry: the same MessageSid) and sometimes twice anyway.
CHAOS_CUSTOMERS = 12
CHAOS_KILLS = 4
CHAOS_STEPS = [("oi", "cardápio"), ("2 feijoadas e 1 coca lata", "R$\u00a075,80"),
               ("finalizar", "endereço"), ("Rua Goiás, 15, Centro", "Como vai pagar"),
               ("pix", "Confirma o pedido?"), ("sim", "confirmado")]


@pytest.mark.slow
@pytest.mark.parametrize("backend",
                         ["sqlite", pytest.param("firestore", marks=pytest.mark.emulator)])
def test_orders_survive_repeated_kill_9_of_every_process_under_load(
        tmp_path, fake, backend, request):
    env = {**production_env(tmp_path, fake), "WEB_CONCURRENCY": "2", "ADMIN_TOKEN": ADMIN}
    if backend == "firestore":
        emulator = request.getfixturevalue("firestore_emulator")
        env.update(STORAGE_BACKEND="firestore", FIRESTORE_EMULATOR_HOST=emulator.host,
                   FIRESTORE_PROJECT=request.getfixturevalue("firestore_project"))
    subprocess.run(service_command("seed-menu"), env=env, cwd=tmp_path, check=True,
                   capture_output=True, timeout=60)
    chance = random.Random(11)
    lock = threading.Lock()
    servers = [ServiceProcess(service_command("serve"), env, tmp_path, tmp_path / "s0.log")]
    servers[0].wait_healthy()
    url = servers[0].url
    deliveries = {"lost": 0, "twice": 0}

    def deliver(form: dict[str, str]) -> str:
        signature = sign(TOKEN, f"{PUBLIC}/webhook", form)
        deadline = time.monotonic() + 120
        while True:
            try:
                response = httpx.post(f"{url}/webhook", data=form, timeout=10,
                                      headers={"X-Twilio-Signature": signature})
                if response.status_code == 200:
                    return "\n".join(replies_of(response))
                raise AssertionError(f"{response.status_code}: {response.text}")
            except httpx.HTTPError:
                with lock:
                    deliveries["lost"] += 1
                assert time.monotonic() < deadline, "the service never came back"
                time.sleep(0.2)

    def customer(index: int) -> list[str]:
        phone = f"whatsapp:+551191234{index:04d}"
        answers = []
        for step, (text, _) in enumerate(CHAOS_STEPS):
            form = twilio_form(text, f"SMchaos{index:03d}{step:02d}", phone=phone)
            answer = deliver(form)
            with lock:
                twice = chance.random() < 0.2
                deliveries["twice"] += twice
            if twice:
                assert deliver(form) == answer  # a repeated delivery is answered the same
            answers.append(answer)
            time.sleep(chance.random() * 0.3)
        return answers

    try:
        with ThreadPoolExecutor(CHAOS_CUSTOMERS) as pool:
            futures = [pool.submit(customer, n) for n in range(CHAOS_CUSTOMERS)]
            for kill in range(1, CHAOS_KILLS + 1):
                time.sleep(1.0 + chance.random())
                if kill % 2:
                    fake.fail_next(3)  # Twilio's API fails for the next few notices
                servers[-1].kill9()
                servers.append(ServiceProcess(service_command("serve"), env, tmp_path,
                                              tmp_path / f"s{kill}.log"))
                servers[-1].wait_healthy()
            conversations = [future.result(timeout=300) for future in futures]
        kitchen = fake.wait_for_messages(CHAOS_CUSTOMERS, timeout=60)
        orders = httpx.get(f"{url}/api/orders", timeout=30,
                           headers={"Authorization": f"Bearer {ADMIN}"}).json()
    finally:
        servers[-1].stop()
    for answers in conversations:
        for answer, (text, expected) in zip(answers, CHAOS_STEPS, strict=True):
            assert expected in answer, (text, answer)
    confirmed = [re.search(r"#(\d+)", answers[-1]) for answers in conversations]
    numbers = sorted(int(found[1]) for found in confirmed if found)
    assert len(set(numbers)) == CHAOS_CUSTOMERS  # one order each, no number twice
    if backend == "sqlite":  # numbered inside the transaction: none skipped
        assert numbers == list(range(1, CHAOS_CUSTOMERS + 1))
    else:  # a number a killed process had taken for its order is skipped, never reused
        assert max(numbers) <= CHAOS_CUSTOMERS + CHAOS_KILLS * 2
    assert len(orders) == CHAOS_CUSTOMERS
    assert len({o["phone"] for o in orders}) == CHAOS_CUSTOMERS
    assert all(sorted((i["id"], i["quantity"]) for i in o["items"])
               == [("coca_lata", 1), ("feijoada", 2)] for o in orders)
    notified = Counter(int(found[1]) for m in kitchen
                       if (found := re.search(r"Novo pedido #(\d+)", m["Body"])))
    assert set(notified) == set(numbers)  # every order reached the kitchen
    # Only a notice in flight when its process was killed may arrive twice.
    assert sum(notified.values()) - len(notified) <= CHAOS_KILLS
    assert deliveries["lost"] > 0  # the kills did land in the middle of conversations
    logs = "".join(server.log_path.read_text() for server in servers)
    assert "failed handling message" not in logs and "Traceback" not in logs
    report(f"{backend}: kill -9 of the whole service {CHAOS_KILLS}× under {CHAOS_CUSTOMERS} "
           f"customers (2 workers, Twilio failing): {len(orders)}/{CHAOS_CUSTOMERS} orders, "
           f"numbered {numbers[0]}–{numbers[-1]}; {deliveries['lost']} webhook attempts failed "
           f"while it was down (then delivered again), {deliveries['twice']} messages "
           f"delivered twice; kitchen notices {sum(notified.values())} for {len(notified)} orders")
