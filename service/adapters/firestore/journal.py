"""The transactions this machine has open on Firestore, so a crash does not leave them locking.

Firestore's server transactions lock what they read. A process killed in the middle
of one (``kill -9``, the OOM killer, a power cut of the container) leaves its locks
behind until Firestore drops them after 60 s of inactivity; meanwhile every message
of the customers whose documents it held waits, and gets an apology. So each open
transaction is noted as an empty file named after its process and its id, removed
when the transaction ends; a process that starts rolls back the transactions of
processes that are gone, which frees their locks at once.

A process is named by its pid and its start time (``/proc/PID/stat``), so a pid used
again after a restart is not taken for the dead one. The journal costs two file
operations per transaction (no fsync: the files only need to outlive a process, not
the machine, and a machine that restarts takes longer than the locks last). When the
directory cannot be written, the journal does nothing and says so once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["TransactionJournal", "process_identity"]

logger = logging.getLogger(__name__)

_SUFFIX = ".tx"


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot, or None when it does not exist."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    except OSError:  # no /proc here: only the pid tells
        return "-" if _pid_alive(pid) else None
    return stat.rsplit(")", 1)[1].split()[19]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def process_identity(pid: int) -> str | None:
    """``PID-STARTTIME`` of a running process, None when there is no such process."""
    started = _start_time(pid)
    return None if started is None else f"{pid}-{started}"


class TransactionJournal:
    """One empty file per open transaction of this process, in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._me = process_identity(os.getpid()) or f"{os.getpid()}--"
        self.enabled = True
        try:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            probe = directory / f".{self._me}.probe"
            probe.touch()
            probe.unlink()
        except OSError as exc:
            self.enabled = False
            logger.warning("cannot keep open Firestore transactions in %s (%s): after a crash, "
                           "their locks last until Firestore drops them (60 s)", directory, exc)

    def _path(self, transaction_id: bytes) -> Path:
        return self.directory / f"{self._me}.{transaction_id.hex()}{_SUFFIX}"

    def opened(self, transaction_id: bytes | None) -> None:
        """Note a transaction that has begun."""
        if not self.enabled or not transaction_id:
            return
        try:
            os.close(os.open(self._path(transaction_id), os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as exc:
            logger.warning("cannot note an open Firestore transaction: %s", exc)

    def closed(self, transaction_ids: Iterable[bytes | None]) -> None:
        """Forget transactions that committed, aborted or were rolled back."""
        if not self.enabled:
            return
        for transaction_id in transaction_ids:
            if transaction_id:
                self._path(transaction_id).unlink(missing_ok=True)

    def orphans(self) -> list[tuple[Path, bytes]]:
        """The files and ids of transactions left open by processes that are gone."""
        if not self.enabled:
            return []
        found = []
        alive: dict[str, bool] = {}
        for path in self.directory.glob(f"*{_SUFFIX}"):
            owner, _, hex_id = path.name.removesuffix(_SUFFIX).partition(".")
            if owner not in alive:
                pid = owner.partition("-")[0]
                alive[owner] = pid.isdigit() and process_identity(int(pid)) == owner
            if alive[owner]:
                continue
            try:
                found.append((path, bytes.fromhex(hex_id)))
            except ValueError:
                path.unlink(missing_ok=True)  # not ours to read
        return found

    def roll_back_orphans(self, roll_back: Callable[[bytes], None]) -> int:
        """Roll back every transaction a dead process left open; return how many were found.

        A transaction Firestore already ended (expired, or committed just before the
        crash) cannot be rolled back; that failure is expected and only logged.
        """
        orphans = self.orphans()
        for path, transaction_id in orphans:
            try:
                roll_back(transaction_id)
            except Exception as exc:  # the lock expires on its own anyway
                logger.info("a Firestore transaction left open could not be rolled back "
                            "(already ended?): %s", exc)
            path.unlink(missing_ok=True)
        if orphans:
            logger.warning("rolled back %d Firestore transaction(s) left open by a process "
                           "that stopped in the middle of them", len(orphans))
        return len(orphans)
