"""Pytest plugin: the real Firestore emulator for the test session, and a fresh store per test.

The emulator JVM is started once per session on a free port and stopped by its
own pid at the end. Each test gets its own project id, so tests never see each
other's documents. Without the emulator the tests skip with the reason shown,
except in CI (``CI`` set), where a missing emulator is a failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

from service.adapters.firestore.config import FirestoreConfig, make_client
from service.adapters.firestore.store import FirestoreStore

EMULATOR_JAR = Path(
    os.environ.get(
        "FIRESTORE_EMULATOR_JAR",
        "/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar",
    )
)
# The install commands are kept in one place: the script `make test` runs first.
INSTALL_HINT = "scripts/check-firestore-emulator.sh prints how to install it and Java 17+"
# The JVM is ready in about 1 s on these machines; a loaded CI runner may need far more.
STARTUP_TIMEOUT_SECONDS = 60.0
START_TRIES = 3  # another process may grab the free port between our probe and the JVM's bind
# The emulator holds every lock conflict for about 2 s (production resolves them in
# milliseconds), and a loaded test machine adds to that: give contended messages
# more time here than the 10 s the service allows in production.
EMULATOR_INBOUND_DEADLINE_SECONDS = 30.0
# A snapshot listener reports an edit within milliseconds on the emulator; a loaded
# test machine may take seconds.
LISTENER_TIMEOUT_SECONDS = 10.0
POLL_SECONDS = 0.02

T = TypeVar("T")


def wait_for(check: Callable[[], T | None], what: str,
             timeout: float = LISTENER_TIMEOUT_SECONDS) -> T:
    """Poll ``check`` until it returns something true and return that; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout:.0f} s: {what} (last seen: {result!r})")
        time.sleep(POLL_SECONDS)


@dataclass(frozen=True)
class FirestoreEmulator:
    """A running emulator: ``host`` is what FIRESTORE_EMULATOR_HOST takes."""

    host: str
    pid: int

    def new_project(self) -> str:
        """A project id no other test uses."""
        return f"test-{uuid.uuid4().hex[:12]}"

    def wipe(self, project: str) -> None:
        """Delete every document of ``project``."""
        url = f"http://{self.host}/emulator/v1/projects/{project}/databases/(default)/documents"
        request = urllib.request.Request(url, method="DELETE")
        with urllib.request.urlopen(request, timeout=10):
            pass


def in_ci() -> bool:
    """True when the CI variable says so (CI=true, CI=1; not CI=false or unset)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> None:
    if in_ci():
        pytest.fail(f"Firestore emulator required in CI: {reason} ({INSTALL_HINT})", pytrace=False)
    pytest.skip(f"Firestore emulator not available: {reason} ({INSTALL_HINT})")


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers_ok(host: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://{host}/", timeout=1) as response:
            return bool(response.read(16).strip() == b"Ok")
    except (OSError, urllib.error.URLError):
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _start(log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    java = shutil.which("java")
    if java is None:
        _unavailable("no java on PATH")
    if not EMULATOR_JAR.is_file():
        _unavailable(
            f"{EMULATOR_JAR} is missing (Debian package google-cloud-cli-firestore-emulator)"
        )
    for _ in range(START_TRIES):
        host = f"127.0.0.1:{free_port()}"
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                [str(java), "-Duser.language=en", "-cp", str(EMULATOR_JAR),
                 "com.google.cloud.datastore.emulator.firestore.CloudFirestore",
                 "start", f"--host={host.split(':')[0]}", f"--port={host.split(':')[1]}"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline and process.poll() is None:
            if _answers_ok(host):
                return process, host
            time.sleep(0.1)
        _stop(process)
    tail = log_path.read_text(errors="replace")[-2000:]
    pytest.fail(f"the Firestore emulator did not start; its log ends with:\n{tail}")


@pytest.fixture(scope="session")
def firestore_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FirestoreEmulator]:
    """The real emulator JVM, started for this session and stopped by its pid afterwards."""
    log_path = tmp_path_factory.mktemp("firestore-emulator") / "emulator.log"
    process, host = _start(log_path)
    try:
        yield FirestoreEmulator(host=host, pid=process.pid)
    finally:
        _stop(process)


@pytest.fixture
def own_emulator(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """An emulator JVM for one test alone (it may be paused with SIGSTOP): process, host."""
    process, host = _start(tmp_path / "emulator.log")
    try:
        yield process, host
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)
        _stop(process)


@pytest.fixture
def firestore_project(firestore_emulator: FirestoreEmulator) -> Iterator[str]:
    """A project id of its own for one test, wiped afterwards."""
    project = firestore_emulator.new_project()
    yield project
    firestore_emulator.wipe(project)


@pytest.fixture
def firestore_store(
    firestore_emulator: FirestoreEmulator, firestore_project: str
) -> Iterator[FirestoreStore]:
    """A fresh FirestoreStore on the emulator, in a project no other test touches."""
    config = FirestoreConfig(firestore_project, emulator_host=firestore_emulator.host)
    store = FirestoreStore(
        make_client(config),
        restaurant_id="default",
        inbound_deadline=EMULATOR_INBOUND_DEADLINE_SECONDS,
    )
    yield store
    store.close()
