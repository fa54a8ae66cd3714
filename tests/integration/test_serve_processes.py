"""The processes of ``python -m service serve`` and ``outbox``, killed as a crash would.

- A delivery process killed with ``kill -9`` while a request to Twilio is in flight:
  another one delivers everything, and only that one notice may reach Twilio twice.
- Killing only the uvicorn master (not its group) ends its web workers and its
  outbox process within seconds, and a restart binds the same port again.
- The outbox process of ``serve`` is started again when it dies.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service.adapters.sqlite.store import SqliteStore
from service.application.outbox_worker import LEASE
from service.application.ports import OutboundMessage
from tests.api.conftest import replies_of
from tests.builders import SEED_MENU_PATH, sign, twilio_form
from tests.fake_twilio import FakeTwilio
from tests.figures import report
from tests.integration.service_process import (
    ServiceProcess,
    base_env,
    free_port,
    service_command,
)

pytestmark = pytest.mark.slow

SID = "AC" + "6" * 32
TOKEN = "1a2b3c4d" * 4
KITCHEN = "whatsapp:+5511900000000"
PUBLIC = "https://pedidos.exemplo.com.br"
# Bounds for things that take a second or two; they only end a broken run.
EXIT_TIMEOUT = 15.0
STARTUP_BOUND = 60.0
DELIVERY_TIMEOUT = 60.0


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with FakeTwilio(SID, TOKEN) as server:
        yield server


def environment(tmp_path: Path, fake: FakeTwilio, **extra: str) -> dict[str, str]:
    return base_env(
        ENVIRONMENT="production", TWILIO_ACCOUNT_SID=SID, TWILIO_AUTH_TOKEN=TOKEN,
        TWILIO_PHONE_NUMBER="whatsapp:+14155238886", TWILIO_API_BASE_URL=fake.url,
        KITCHEN_WHATSAPP_NUMBER=KITCHEN, PUBLIC_BASE_URL=PUBLIC,
        SQLITE_PATH=str(tmp_path / "db" / "cozinha.sqlite3"), PORT=str(free_port()),
        MENU_FILE=str(SEED_MENU_PATH), **extra,
    )


def start_outbox(env: dict[str, str], tmp_path: Path, name: str) -> subprocess.Popen[bytes]:
    with (tmp_path / f"{name}.log").open("ab") as log:
        return subprocess.Popen(service_command("outbox"), env=env, cwd=tmp_path, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)


def stop_group(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(check, what: str, timeout: float) -> float:
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            pytest.fail(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.05)
    return time.monotonic() - started


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def test_kill_9_of_a_delivery_process_mid_send_loses_nothing(tmp_path, fake):
    env = environment(tmp_path, fake)
    store = SqliteStore(tmp_path / "db" / "cozinha.sqlite3")
    bodies = [f"🛎️ Novo pedido #{n}" for n in range(1, 11)]

    def enqueue(uow):
        for number, body in enumerate(bodies, 1):
            uow.enqueue(OutboundMessage(KITCHEN, body, "kitchen", number))

    store.run(enqueue)
    store.close()
    fake.hold()  # Twilio takes the request and does not answer yet
    first = start_outbox(env, tmp_path, "first")
    second = None
    try:
        assert fake.wait_for_held(1, timeout=DELIVERY_TIMEOUT), (tmp_path / "first.log").read_text()
        os.killpg(first.pid, signal.SIGKILL)  # mid-send: one request in flight
        first.wait(EXIT_TIMEOUT)
        killed = time.monotonic()
        second = start_outbox(env, tmp_path, "second")
        fake.release()  # the dead worker's request reaches Twilio all the same
        fake.wait_for_messages(11, timeout=DELIVERY_TIMEOUT)
        accepted = fake.accepted_bodies()
        [(twice, _)] = [(body, n) for body, n in accepted.items() if n == 2]
        again = [r.at for r in fake.requests if r.status == 201 and r.form["Body"] == twice][1]
        others = [r.at for r in fake.requests if r.status == 201 and r.form["Body"] != twice]
    finally:
        stop_group(first)
        if second is not None:
            stop_group(second)
    assert set(accepted) == set(bodies)
    assert sorted(accepted.values()) == [1] * 9 + [2]  # only the one in flight, once more
    reclaimed = again - killed
    assert reclaimed < LEASE.total_seconds() + 10
    report(f"outbox, kill -9 mid-send (1 request in flight): 10/10 delivered, 1 twice (the "
           f"one in flight); the other 9 within {max(others) - killed:.1f} s, the dead "
           f"worker's notice re-sent {reclaimed:.1f} s after the kill (lease "
           f"{LEASE.total_seconds():.0f} s)")


def say(url: str, text: str, sid: str) -> str:
    form = twilio_form(text, sid)
    response = httpx.post(f"{url}/webhook", data=form, timeout=30,
                          headers={"X-Twilio-Signature": sign(TOKEN, f"{PUBLIC}/webhook", form)})
    assert response.status_code == 200, response.text
    return "\n".join(replies_of(response))


@pytest.mark.parametrize("when", ["serving", "starting"])
def test_killing_only_the_master_ends_its_workers_and_the_port_binds_again(tmp_path, fake, when):
    env = environment(tmp_path, fake, WEB_CONCURRENCY="2")
    subprocess.run(service_command("seed-menu"), env=env, cwd=tmp_path, check=True,
                   capture_output=True, timeout=60)
    port = int(env["PORT"])
    server = ServiceProcess(service_command("serve"), env, tmp_path, tmp_path / "a.log")
    try:
        master = server.process.pid
        if when == "serving":
            server.wait_healthy()
            wait_until(lambda: len(children(master)) >= 3, "two web workers and the outbox", 30)
        else:  # killed while its workers are still starting up
            wait_until(lambda: len(children(master)) >= 2, "the first children", 30)
        workers = children(master)
        os.kill(master, signal.SIGKILL)  # the master alone, as an OOM kill would
        server.process.wait(EXIT_TIMEOUT)
        # A worker still starting notices once its imports are done (a few seconds).
        gone = wait_until(lambda: not any(alive(pid) for pid in workers),
                          "the workers to exit with their master",
                          EXIT_TIMEOUT if when == "serving" else STARTUP_BOUND)
        freed = wait_until(lambda: port_is_free(port), "the port to be free", EXIT_TIMEOUT)
    finally:
        server.kill9()
        with contextlib.suppress(ProcessLookupError):  # children that outlived the master
            os.killpg(server.process.pid, signal.SIGKILL)
    again = ServiceProcess(service_command("serve"), env, tmp_path, tmp_path / "b.log")
    try:
        again.wait_healthy()
        assert "Cozinha da Cris" in say(again.url, "oi", "SMrestart")
    finally:
        again.stop()
    assert "Address already in use" not in (tmp_path / "b.log").read_text()
    report(f"serve, kill -9 of the uvicorn master alone while {when}: its {len(workers)} "
           f"children (web workers, the outbox, multiprocessing's tracker) gone {gone:.1f} s "
           f"later, the port free after {freed:.1f} s, a restart serves at once")


def test_the_outbox_process_of_serve_is_started_again_when_it_dies(tmp_path, fake):
    env = environment(tmp_path, fake)
    subprocess.run(service_command("seed-menu"), env=env, cwd=tmp_path, check=True,
                   capture_output=True, timeout=60)
    server = ServiceProcess(service_command("serve"), env, tmp_path, tmp_path / "s.log")
    try:
        server.wait_healthy()
        master = server.process.pid
        wait_until(lambda: len(children(master)) == 1, "the outbox process", 30)
        [outbox] = children(master)
        os.kill(outbox, signal.SIGKILL)
        wait_until(lambda: bool(children(master) - {outbox}), "a new outbox process", 30)
        for n, text in enumerate(["quero 2 feijoadas", "finalizar", "Rua Goiás, 15, Centro",
                                  "pix"]):
            say(server.url, text, f"SMre{n}")
        assert "Pedido #1 confirmado" in say(server.url, "sim", "SMre9")
        [kitchen] = fake.wait_for_messages(1, timeout=DELIVERY_TIMEOUT)
        assert "Novo pedido #1" in kitchen["Body"]
    finally:
        server.stop()
    assert "outbox process exited" in (tmp_path / "s.log").read_text()
