"""``python -m service notices``: the operator sees what did not arrive and sends it again."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from service.adapters.sqlite.store import SqliteStore
from service.application.ports import OutboundMessage, UnitOfWork
from tests.integration.service_process import base_env, service_command

KITCHEN = "whatsapp:+5511900000000"
CUSTOMER = "whatsapp:+5511987654321"


def notices(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = base_env(ENVIRONMENT="production", SQLITE_PATH=str(tmp_path / "db.sqlite3"))
    return subprocess.run(service_command("notices", *args), env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)


def test_the_operator_lists_and_re_drives_undelivered_notices(tmp_path):
    store = SqliteStore(tmp_path / "db.sqlite3")
    def enqueue(uow: UnitOfWork) -> None:
        uow.enqueue(OutboundMessage(KITCHEN, "Novo pedido #12", "kitchen", 12))
        uow.enqueue(OutboundMessage(CUSTOMER, "saiu", "customer", 12))
        uow.enqueue(OutboundMessage(CUSTOMER, "saiu", "customer", 13))

    store.run(enqueue)
    now = datetime.now(UTC) + timedelta(seconds=1)
    given_up, retrying, fine = store.claim_due(now, 3, timedelta(seconds=5))
    store.mark_failed(given_up.id, "Twilio recusou (401, código 20003): Authenticate", None,
                      claim=given_up.claim, now=now)
    store.mark_failed(retrying.id, "Twilio inacessível", now + timedelta(minutes=1),
                      claim=retrying.claim, now=now)
    store.mark_sent(fine.id, "SMok")

    listed = notices(tmp_path)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert any(given_up.id in line and "pedido #12" in line and "a cozinha" in line
               and "desistiu" in line and "20003" in line for line in lines)
    assert any(retrying.id in line and "o cliente" in line and "ainda tentando" in line
               for line in lines)
    assert CUSTOMER not in listed.stdout  # phones masked
    assert "pedido #13" not in listed.stdout  # delivered
    assert "Nenhum aviso" in notices(tmp_path, "--order", "13").stdout

    again = notices(tmp_path, "retry", given_up.id)
    assert again.returncode == 0 and "1 aviso(s) de volta" in again.stdout
    [queued] = store.claim_due(datetime.now(UTC) + timedelta(seconds=1), 3, timedelta(seconds=5))
    assert (queued.id, queued.attempts) == (given_up.id, 1)
    assert "Nenhum aviso para reenviar" in notices(tmp_path, "retry", "nao-existe").stdout
    store.close()
