"""A confirmed order is on disk before the customer reads its number, and waiting for the
disk never holds up other customers' messages."""

from __future__ import annotations

import asyncio
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.api.conftest import LiveApp

OTHER = "whatsapp:+5511911112222"


def _order_up_to_the_summary(app: LiveApp) -> None:
    app.say("2 pudins")
    app.say("finalizar")
    app.say("Rua Ceará, 45, Pinheiros")
    assert "Confirma" in app.say("pix")


def _on_an_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def test_the_confirmation_waits_for_the_log_to_reach_the_disk_off_the_event_loop(
    app: LiveApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    _order_up_to_the_summary(app)
    synced: list[tuple[str, bool]] = []
    real = os.fsync

    def recording(fd: int) -> None:
        synced.append((os.readlink(f"/proc/self/fd/{fd}"), _on_an_event_loop()))
        real(fd)

    monkeypatch.setattr(os, "fsync", recording)
    assert "Pedido #1 confirmado" in app.say("sim")
    assert synced == [(f"{app.db}-wal", False)]
    app.say("obrigada")  # no order placed: nothing waits for the disk
    assert len(synced) == 1


def test_other_customers_are_answered_while_a_confirmation_waits_for_the_disk(
    app: LiveApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    _order_up_to_the_summary(app)
    syncing, release = threading.Event(), threading.Event()
    real = os.fsync

    def slow_disk(fd: int) -> None:
        syncing.set()
        assert release.wait(10)
        real(fd)

    monkeypatch.setattr(os, "fsync", slow_disk)
    with ThreadPoolExecutor(1) as pool:
        confirmation = pool.submit(app.say, "sim")
        assert syncing.wait(10)
        assert "Cozinha da Cris" in app.say("oi", phone=OTHER)  # answered meanwhile
        assert not confirmation.done()  # the confirmation still waits for the disk
        release.set()
        assert "Pedido #1 confirmado" in confirmation.result(10)
    assert [order["number"] for order in app.orders()] == [1]
