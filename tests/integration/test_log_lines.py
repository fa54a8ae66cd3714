"""The real server's log: a value holding a line break cannot forge a line."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import httpx
import pytest

from tests.builders import SEED_MENU_PATH, sign, twilio_form
from tests.fake_twilio import FakeTwilio
from tests.integration.service_process import (
    ServiceProcess,
    base_env,
    free_port,
    service_command,
)

SID = "AC" + "7" * 32
TOKEN = "5e6f7a8b" * 4
PUBLIC = "https://pedidos.exemplo.com.br"
FORGED = "2026-03-06 19:30:00,000 ERROR service.entrypoints.routes: FORJADO"


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with FakeTwilio(SID, TOKEN) as server:
        yield server


def test_line_breaks_in_a_from_or_a_path_stay_inside_one_log_line(tmp_path, fake):
    env = base_env(
        ENVIRONMENT="production", TWILIO_ACCOUNT_SID=SID, TWILIO_AUTH_TOKEN=TOKEN,
        TWILIO_PHONE_NUMBER="whatsapp:+14155238886", TWILIO_API_BASE_URL=fake.url,
        KITCHEN_WHATSAPP_NUMBER="whatsapp:+5511900000000", PUBLIC_BASE_URL=PUBLIC,
        SQLITE_PATH=str(tmp_path / "log.sqlite3"), PORT=str(free_port()),
        MENU_FILE=str(SEED_MENU_PATH), LOG_LEVEL="INFO",
        ACCESS_LOG="true",  # off by default (nginx logs requests); its lines are escaped too
    )
    subprocess.run(service_command("seed-menu"), env=env, cwd=tmp_path, check=True,
                   capture_output=True, timeout=60)
    server = ServiceProcess(service_command("serve"), env, tmp_path, tmp_path / "server.log")
    try:
        server.wait_healthy()
        form = twilio_form("oi", "SMforged", phone=f"whatsapp:+5511987654321\n{FORGED}")
        response = httpx.post(f"{server.url}/webhook", data=form, timeout=30, headers={
            "X-Twilio-Signature": sign(TOKEN, f"{PUBLIC}/webhook", form)})
        assert response.status_code == 200
        unsigned = twilio_form("oi", "SMforged2", phone=f"whatsapp:+5511\r\n{FORGED}")
        assert httpx.post(f"{server.url}/webhook", data=unsigned, timeout=30).status_code == 403
        assert httpx.get(f"{server.url}/healthz%0A{FORGED.replace(' ', '%20')}",
                         timeout=30).status_code == 404
    finally:
        server.stop()
    lines = (tmp_path / "server.log").read_text(encoding="utf-8").splitlines()
    carrying = [line for line in lines if "FORJADO" in line]
    assert len(carrying) == 2  # the message's line and the access line, nothing more
    # Each is the line of the record that quoted it, not a line of its own.
    assert "message SMforged from whatsapp:" in carrying[0] and "\\n" in carrying[0]
    assert "uvicorn.access" in carrying[1] and "GET /healthz%0A" in carrying[1]
