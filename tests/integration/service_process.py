"""Running ``python -m service`` (or ``make run``) as a real process for integration tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
# Start-up takes about a second; this only bounds a broken start.
STARTUP_TIMEOUT_SECONDS = 60.0


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServiceProcess:
    """One server process in its own process group, stopped (or killed) by its own pid."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path, log: Path) -> None:
        self.port = int(env["PORT"])
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("ab")
        self.process = subprocess.Popen(
            args, env=env, cwd=cwd, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.log_path = log

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not answer:\n{self.log_path.read_text()[-3000:]}")

    def kill9(self) -> None:
        """Kill the whole process group with SIGKILL, as a crash would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self._log.close()

    def stop(self) -> None:
        """Ask the group to stop, then make sure it did."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self._log.close()


def service_command(*args: str) -> list[str]:
    """``python -m service ARGS`` with this interpreter."""
    return [sys.executable, "-m", "service", *args]


def base_env(**values: str) -> dict[str, str]:
    """The current environment without any service settings, plus ``values``."""
    names = {
        "ENVIRONMENT", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_PHONE_NUMBER",
        "TWILIO_API_BASE_URL", "KITCHEN_WHATSAPP_NUMBER", "PUBLIC_BASE_URL", "ADMIN_TOKEN",
        "STORAGE_BACKEND", "SQLITE_PATH", "FIREBASE_CREDENTIALS_JSON", "FIRESTORE_PROJECT",
        "MENU_CACHE_SECONDS", "HOST", "PORT", "MENU_FILE", "WEB_CONCURRENCY",
        "FIRESTORE_EMULATOR_HOST", "FIRESTORE_JOURNAL_DIR", "RESTAURANT_ID",
        "FORWARDED_ALLOW_IPS", "LOG_LEVEL",
        "MEDIA_SECRET", "MEDIA_LINK_HOURS",
        "PANEL_PASSWORD", "PANEL_PASSWORD_HASH", "PANEL_SESSION_HOURS", "HANDOFF_IDLE_MINUTES",
        "TRANSCRIPT_MAX_MESSAGES", "TRANSCRIPT_RETENTION_DAYS",
        "OUTBOX_WORKER", "OUTBOX_GIVE_UP_HOURS", "SERVICE_PARENT_PID",
    }
    env = {k: v for k, v in os.environ.items() if k not in names}
    env.update(values)
    return env
