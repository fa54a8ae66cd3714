"""The journal of open Firestore transactions: what a dead process left is found, nothing else."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.adapters.firestore.journal import TransactionJournal, process_identity


def dead_pid() -> int:
    """The pid of a process that has ended."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    return int(child.stdout)


def test_an_open_transaction_is_one_file_until_it_closes(tmp_path: Path) -> None:
    journal = TransactionJournal(tmp_path)
    journal.opened(b"\xab\xcd")
    [path] = tmp_path.glob("*.tx")
    assert path.name == f"{process_identity(os.getpid())}.abcd.tx"
    journal.closed([b"\xab\xcd", None])
    assert list(tmp_path.iterdir()) == []
    journal.closed([b"\xab\xcd"])  # twice is harmless


def test_only_transactions_of_dead_processes_are_orphans(tmp_path: Path) -> None:
    mine = TransactionJournal(tmp_path)
    mine.opened(b"\x01")
    gone = dead_pid()
    (tmp_path / f"{gone}-12345.0203.tx").touch()
    # The same pid as this process but another start time: a process before a restart.
    (tmp_path / f"{os.getpid()}-1.0405.tx").touch()
    found = sorted(transaction for _, transaction in TransactionJournal(tmp_path).orphans())
    assert found == [b"\x02\x03", b"\x04\x05"]


def test_rolling_back_orphans_removes_them_even_when_firestore_refuses(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    gone = dead_pid()
    for transaction in ("0a", "0b"):
        (tmp_path / f"{gone}-7.{transaction}.tx").touch()
    (tmp_path / f"{gone}-7.not-hex.tx").touch()
    rolled: list[bytes] = []

    def roll_back(transaction: bytes) -> None:
        rolled.append(transaction)
        if transaction == b"\x0b":
            raise ValueError("transaction expired")

    with caplog.at_level(logging.INFO):
        assert TransactionJournal(tmp_path).roll_back_orphans(roll_back) == 2
    assert sorted(rolled) == [b"\x0a", b"\x0b"]
    assert list(tmp_path.iterdir()) == []
    assert "could not be rolled back" in caplog.text
    assert "rolled back 2 Firestore transaction(s)" in caplog.text


def test_a_directory_that_cannot_be_written_disables_the_journal_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with caplog.at_level(logging.WARNING):
        journal = TransactionJournal(blocker / "journal")
    assert not journal.enabled
    assert "60 s" in caplog.text
    journal.opened(b"\x01")
    journal.closed([b"\x01"])
    assert journal.roll_back_orphans(lambda _: None) == 0
