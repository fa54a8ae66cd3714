"""A process killed in the middle of a Firestore transaction: the next one frees its locks.

A child process runs a real message transaction through ``FirestoreStore`` with a
journal and kills itself with SIGKILL while the transaction holds the customer's
conversation. Left alone, the emulator keeps that lock for 60 s, as Firestore does;
the store started afterwards rolls the dead transaction back, and the customer's
next message goes through at once.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from service.adapters.firestore.config import FirestoreConfig, make_client
from service.adapters.firestore.journal import TransactionJournal
from service.adapters.firestore.store import FirestoreContentionError, FirestoreStore
from service.domain.conversation import Conversation
from tests.integration.service_process import ROOT

pytestmark = [pytest.mark.emulator, pytest.mark.slow]

PHONE = "whatsapp:+5511987654321"

DIES_MID_TRANSACTION = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from service.adapters.firestore.config import FirestoreConfig, make_client
    from service.adapters.firestore.journal import TransactionJournal
    from service.adapters.firestore.store import FirestoreStore

    project, host, journal, phone = sys.argv[1:]
    store = FirestoreStore(make_client(FirestoreConfig(project, emulator_host=host)),
                           journal=TransactionJournal(Path(journal)))

    def work(uow):
        uow.get_conversation(phone)  # the transaction now holds the conversation
        os.kill(os.getpid(), signal.SIGKILL)

    store.run(work)
""")


def save(store: FirestoreStore, text: str) -> None:
    store.run(lambda uow: uow.save_conversation(Conversation(phone=PHONE, customer_name=text)))


def kill_a_process_mid_transaction(project: str, host: str, journal: Path) -> None:
    died = subprocess.run([sys.executable, "-c", DIES_MID_TRANSACTION, project, host,
                           str(journal), PHONE], cwd=ROOT, capture_output=True, timeout=60)
    assert died.returncode == -9, died.stderr.decode()


@pytest.fixture
def client_config(firestore_emulator: Any, firestore_project: str) -> FirestoreConfig:
    return FirestoreConfig(firestore_project, emulator_host=firestore_emulator.host)


def test_the_next_process_rolls_back_what_a_killed_one_left_open(
    client_config: FirestoreConfig, tmp_path: Path
) -> None:
    journal_dir = tmp_path / "journal"
    first = FirestoreStore(make_client(client_config), journal=TransactionJournal(journal_dir))
    save(first, "antes")
    assert list(journal_dir.iterdir()) == []  # a finished transaction leaves nothing
    first.close()
    kill_a_process_mid_transaction(client_config.project, str(client_config.emulator_host),
                                   journal_dir)
    [left] = list(journal_dir.iterdir())

    # Without the journal, a store keeps running into the dead transaction's lock.
    blind = FirestoreStore(make_client(client_config), transaction_attempts=1,
                           inbound_deadline=3.0)
    with pytest.raises(FirestoreContentionError):
        save(blind, "bloqueado")
    blind.close()

    restarted = FirestoreStore(make_client(client_config), transaction_attempts=1,
                               inbound_deadline=3.0, journal=TransactionJournal(journal_dir))
    assert restarted.roll_back_orphans() == 1
    assert not left.exists()
    save(restarted, "depois")  # at once: the lock is gone
    conversation = restarted.run(lambda uow: uow.get_conversation(PHONE))
    assert conversation is not None and conversation.customer_name == "depois"
    assert restarted.roll_back_orphans() == 0
    restarted.close()


def test_a_live_process_transactions_are_left_alone(
    client_config: FirestoreConfig, tmp_path: Path
) -> None:
    journal = TransactionJournal(tmp_path)
    journal.opened(b"\x01\x02")  # this process, still running
    other = TransactionJournal(tmp_path)  # a sibling worker of the same process starting
    assert other.orphans() == []
    assert FirestoreStore(make_client(client_config), journal=other).roll_back_orphans() == 0
    assert len(list(tmp_path.glob("*.tx"))) == 1
