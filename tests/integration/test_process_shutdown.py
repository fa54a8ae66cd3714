"""A process that delivers the outbox stops on SIGTERM in bounded time, whatever it waits for.

Its store's client may be inside a call that never returns (a Firestore that stopped
answering) or keep threads of its own that retry forever: the process must still end,
or it lives on after ``serve`` is gone, spinning, holding connections. Each case runs
``run_until_signalled`` in a child process of its own, as ``python -m service outbox``
does, and signals it as ``serve`` (or the kernel, when ``serve`` dies) does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from service.entrypoints.processes import STOP_TIMEOUT_SECONDS

# Generous: a loaded machine starts Python slowly; the bound under test is much shorter.
READY_TIMEOUT = 60.0

CHILD = textwrap.dedent("""
    import logging, sys, threading
    from service.entrypoints.processes import run_until_signalled

    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    case = sys.argv[1]

    def forever():
        threading.Event().wait()

    def start():
        if case == "start-hangs":
            print("ready", flush=True)
            forever()  # building the service never returns (a call to a store that hangs)
        # a client library's worker thread that never ends (not a daemon)
        threading.Thread(target=forever, name="client-retry").start()
        print("ready", flush=True)
        if case == "close-hangs":
            return forever
        return lambda: print("closed", flush=True)

    sys.exit(run_until_signalled(start, shutdown_seconds=1.0))
""")


def start_child(case: str) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", CHILD, case], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=Path.cwd())
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


def wait(process: subprocess.Popen[str], timeout: float = READY_TIMEOUT) -> tuple[str, str]:
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"the process did not exit within {timeout:.0f} s of the signal")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stops_at_once_though_a_client_thread_never_ends(signum) -> None:
    process = start_child("clean")
    process.send_signal(signum)
    out, err = wait(process)
    assert process.returncode == 0, err
    assert "closed" in out
    assert "stopping" in err and "exiting anyway" not in err


@pytest.mark.parametrize("case", ["close-hangs", "start-hangs"])
def test_exits_anyway_when_stopping_or_starting_hangs(case) -> None:
    process = start_child(case)
    process.terminate()
    out, err = wait(process)
    assert process.returncode == 1, err
    assert "closed" not in out
    assert "did not stop within 1 s of SIGTERM" in err


def test_a_second_signal_while_stopping_changes_nothing() -> None:
    process = start_child("close-hangs")
    process.terminate()
    time.sleep(0.2)
    process.send_signal(signal.SIGINT)  # blocked now, as every stop signal is: no traceback
    _, err = wait(process)
    assert process.returncode == 1
    assert "Traceback" not in err


@pytest.mark.emulator
@pytest.mark.slow
def test_the_outbox_process_stops_while_firestore_does_not_answer(tmp_path, own_emulator):
    emulator, host = own_emulator
    env = {**os.environ, "ENVIRONMENT": "development", "STORAGE_BACKEND": "firestore",
           "FIRESTORE_PROJECT": "shutdown-test", "FIRESTORE_EMULATOR_HOST": host,
           "RESTAURANT_ID": "cozinha", "TWILIO_AUTH_TOKEN": "", "LOG_LEVEL": "INFO",
           "FIRESTORE_JOURNAL_DIR": str(tmp_path / "journal")}
    log = tmp_path / "outbox.log"
    with log.open("w") as sink:
        outbox = subprocess.Popen([sys.executable, "-m", "service", "outbox"], env=env,
                                  cwd=Path.cwd(), stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while "outbox worker delivering" not in log.read_text():
            assert outbox.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        os.kill(emulator.pid, signal.SIGSTOP)  # calls now neither succeed nor fail
        time.sleep(1.0)
        outbox.terminate()
        try:
            code = outbox.wait(STOP_TIMEOUT_SECONDS)  # serve kills it after this long
        except subprocess.TimeoutExpired:
            pytest.fail(f"the outbox process outlived serve's grace period:\n{log.read_text()}")
        assert code in (0, 1), log.read_text()
        assert "Traceback" not in log.read_text()
    finally:
        if outbox.poll() is None:
            outbox.kill()
            outbox.wait()
