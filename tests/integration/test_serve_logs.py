"""What ``python -m service serve`` logs for a whole order: one line per message, no access log."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fake_twilio import FakeTwilio
from tests.integration.service_process import ROOT, ServiceProcess, service_command
from tests.integration.test_service_process import SID, TOKEN, production_env, say

ORDER = ("oi", "quero 2 feijoadas", "finalizar", "Rua das Flores, 123, Centro", "pix", "sim")


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with FakeTwilio(SID, TOKEN) as server:
        yield server


def serve_and_order(tmp_path: Path, fake: FakeTwilio, **settings: str) -> list[str]:
    """Seed, serve, place a whole order; the log lines written while ordering."""
    env = production_env(tmp_path, fake) | settings
    log = tmp_path / "serve.log"
    seed = ServiceProcess(service_command("seed-menu"), env, ROOT, tmp_path / "seed.log")
    assert seed.process.wait(60) == 0
    server = ServiceProcess(service_command("serve"), env, ROOT, log)
    try:
        server.wait_healthy()
        before = len(log.read_text().splitlines())
        for n, text in enumerate(ORDER):
            say(server, text, f"SM{n:032d}")
        fake.wait_for_messages(1)
        server.stop()
        return log.read_text().splitlines()[before:]
    finally:
        server.stop()


def test_an_order_logs_one_line_per_message_and_the_kitchen_message(tmp_path, fake):
    lines = serve_and_order(tmp_path, fake)
    for n in range(len(ORDER)):
        assert sum(f"SM{n:032d}" in line for line in lines) == 1, lines
    assert not [line for line in lines if "POST /webhook" in line]
    assert not [line for line in lines if "twilio.http_client" in line]
    assert any("sent kitchen message" in line for line in lines)
    assert not [line for line in lines if "+5511987654321" in line]  # phones stay masked


def test_the_access_log_comes_back_with_its_setting(tmp_path, fake):
    lines = serve_and_order(tmp_path, fake, ACCESS_LOG="true")
    assert len([line for line in lines if "POST /webhook" in line]) == len(ORDER)
