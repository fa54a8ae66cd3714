"""The processes of ``serve``: children that exit with it, and the outbox's own process.

``serve`` runs uvicorn (its web workers are child processes when WEB_CONCURRENCY > 1)
and, by default, one outbox process that delivers the WhatsApp notices, so sending
never runs in a web worker. Every child asks the kernel to end it when ``serve``
dies, even by ``kill -9``: no worker keeps serving (or holding the port, which
would make a restart fail with "Address already in use") without its master.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator

__all__ = ["PARENT_ENV", "OutboxProcess", "exit_with_parent", "run_until_signalled", "serving"]

logger = logging.getLogger(__name__)

# Set by ``serve`` for its children: the pid whose death ends them.
PARENT_ENV = "SERVICE_PARENT_PID"
_PR_SET_PDEATHSIG = 1
# Without prctl (not Linux), children look for their parent this often.
_PARENT_POLL_SECONDS = 1.0
# A crashed outbox process is started again after this long, doubling up to the maximum.
RESTART_FIRST_SECONDS = 1.0
RESTART_MAX_SECONDS = 30.0
HEALTHY_RUN_SECONDS = 60.0
# On shutdown the outbox finishes the message in hand for this long, then is killed.
STOP_TIMEOUT_SECONDS = 15.0
# A process run by run_until_signalled exits this long after SIGTERM whatever it is
# waiting for: within STOP_TIMEOUT_SECONDS, so serve never has to kill it.
SHUTDOWN_SECONDS = 10.0
_STOP_SIGNALS = frozenset({signal.SIGTERM, signal.SIGINT})


def _end_now() -> None:
    os.kill(os.getpid(), signal.SIGTERM)


def exit_with_parent() -> None:
    """In a child of ``serve``: get SIGTERM when ``serve`` dies (a graceful stop).

    A child that starts after ``serve`` already died (killed while the child was
    still starting) stops at once.
    """
    expected = os.environ.get(PARENT_ENV, "")
    if not expected.isdigit() or int(expected) == os.getpid():
        return  # not started by serve, or serve itself (a single web worker)
    del os.environ[PARENT_ENV]  # only serve's own children, not theirs
    parent = int(expected)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                         name="parent-watch").start()
    if os.getppid() != parent:  # it died before the request could take effect
        _end_now()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL_SECONDS)
    _end_now()


def _flush_and_exit(code: int) -> None:
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def run_until_signalled(start: Callable[[], Callable[[], None]], *,
                        shutdown_seconds: float = SHUTDOWN_SECONDS) -> int:
    """Run a background service until SIGTERM or SIGINT, then stop it, in bounded time.

    ``start`` builds and starts the service and returns the function that stops it.
    The signals are taken by a thread of their own (``sigwait``), so they are seen
    even while the main thread is inside a call that never returns (a store that
    stopped answering, reached while starting). From the signal on, the process has
    ``shutdown_seconds`` to stop; past them it exits anyway (status 1, with a
    warning). Once stopped it exits at once: the interpreter's own exit would wait
    for the threads of a client library that may retry forever against a store that
    is gone. An exception from ``start`` propagates as usual.
    """
    # Threads started from now on (the store client's too) inherit the blocked signals:
    # only the waiting thread below ever takes them.
    signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    stopping = threading.Event()
    stopped = threading.Event()

    def wait_for_signal() -> None:
        signum = signal.sigwait(_STOP_SIGNALS)
        logger.info("%s received: stopping", signal.Signals(signum).name)
        stopping.set()
        if stopped.wait(shutdown_seconds):
            return
        logger.warning("did not stop within %.0f s of %s (a call that does not return); "
                       "exiting anyway", shutdown_seconds, signal.Signals(signum).name)
        _flush_and_exit(1)

    threading.Thread(target=wait_for_signal, name="stop-signal", daemon=True).start()
    close = start()
    try:
        stopping.wait()
    finally:
        close()
    stopped.set()
    _flush_and_exit(0)
    return 0  # not reached; for the type checker and tests that patch the exit


class OutboxProcess:
    """``python -m service outbox`` as a child of this process, started again if it crashes."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._monitor: threading.Thread | None = None

    def start(self) -> None:
        """Start the child and a thread that restarts it when it dies unexpectedly."""
        self._spawn()
        self._monitor = threading.Thread(target=self._watch, name="outbox-supervisor",
                                         daemon=True)
        self._monitor.start()

    def _spawn(self) -> None:
        env = {**os.environ, PARENT_ENV: str(os.getpid())}
        with self._lock:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "service", "outbox"], env=env, stdin=subprocess.DEVNULL,
            )
        logger.info("outbox process started (pid %d)", self._process.pid)

    def _watch(self) -> None:
        delay = RESTART_FIRST_SECONDS
        while not self._stopping.is_set():
            with self._lock:
                process = self._process
            assert process is not None
            started = time.monotonic()
            code = process.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started > HEALTHY_RUN_SECONDS:
                delay = RESTART_FIRST_SECONDS  # it ran well for a while: no backoff owed
            logger.error("outbox process exited (code %s); starting it again in %.0f s",
                         code, delay)
            if self._stopping.wait(delay):
                return
            self._spawn()
            delay = min(delay * 2, RESTART_MAX_SECONDS)

    def stop(self) -> None:
        """Ask the child to finish the message in hand and exit; kill it if it does not."""
        self._stopping.set()
        with self._lock:
            process = self._process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            process.wait(5)


@contextlib.contextmanager
def serving(outbox_worker: str) -> Iterator[None]:
    """While uvicorn runs: the outbox process (OUTBOX_WORKER=process) beside the web
    workers, which then only enqueue, and every child set to exit with this process."""
    outbox = None
    if outbox_worker == "process":
        outbox = OutboxProcess()
        outbox.start()
        os.environ["OUTBOX_WORKER"] = "external"  # the web workers only enqueue
    os.environ[PARENT_ENV] = str(os.getpid())  # web workers exit with this process
    try:
        yield
    finally:
        if outbox is not None:
            outbox.stop()
