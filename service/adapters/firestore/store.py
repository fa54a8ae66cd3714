"""The Firestore store: production storage shared by several app processes.

Each piece of work is one Firestore transaction (:mod:`.transaction`); when
replicas contend for the same documents it is tried again in rounds with
jittered backoff until a deadline, then a clear ``FirestoreContentionError``.
An inbound message is claimed with ``create()`` before its transaction, so a twin
delivery waits for the stored replies instead of contending; order numbers are
taken outside the transaction (:mod:`.numbers`). Where the documents live:
:mod:`.layout`.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from google.api_core import exceptions
from google.cloud import firestore

from service.adapters.firestore import menu as firestore_menu
from service.adapters.firestore import outbox as firestore_outbox
from service.adapters.firestore.claims import HeldClaims, MessageClaimer
from service.adapters.firestore.config import (
    FirestoreConfigError,
    make_client,
    probe,
    read_config,
)
from service.adapters.firestore.journal import TransactionJournal
from service.adapters.firestore.layout import Layout, loads
from service.adapters.firestore.numbers import NumberReservations, OrderNumbers
from service.adapters.firestore.outbox_watch import DueHints, OutboxWatch
from service.adapters.firestore.restaurant import (
    ChangeWatch,
    FirestoreRestaurantQueries,
    FirestoreRestaurantUnitOfWork,
)
from service.adapters.firestore.transaction import (
    MESSAGE_ID_RETENTION,
    FirestoreContentionError,
    is_contended,
    run_in_rounds,
    run_once,
)
from service.application.ports import PendingMessage, RestaurantWork, UndeliveredMessage, UnitOfWork
from service.clock import Clock, utcnow
from service.domain.menu import Menu
from service.domain.order import Order
from service.settings import Settings

__all__ = [
    "FirestoreConfigError",
    "FirestoreContentionError",
    "FirestoreStore",
    "build_firestore_store",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Commit attempts the client makes per round before we back off. The client
# retries at once, so contenders collide again; our rounds wait a jittered delay
# instead. On the emulator, 6 concurrent messages of one customer were all applied
# within 2.3-6.8 s with 1 attempt per round, 8.4-20.7 s with the client's default 5
# (benchmarks/firestore_contention.py).
TRANSACTION_ATTEMPTS = 1
# Twilio gives the webhook 15 s; stop retrying after 10 s so the customer still
# gets an apology in the same response instead of a timeout.
INBOUND_DEADLINE_SECONDS = 10.0
# Rolling back a transaction a dead process left open is one short call.
ROLLBACK_TIMEOUT_SECONDS = 5.0
# Outbox entries this process does not know of (a replica died holding a lease)
# are looked for this often; known ones are claimed as soon as they fall due.
OUTBOX_SCAN_SECONDS = 30.0


def _order(snapshot: Any) -> Order | None:
    document = loads((snapshot.to_dict() or {}).get("document")) if snapshot.exists else None
    return Order.from_dict(document) if document else None


class FirestoreStore(FirestoreRestaurantQueries):
    """Every storage port on one Firestore database, for one restaurant."""

    def __init__(
        self,
        client: firestore.Client,
        restaurant_id: str = "default",
        *,
        transaction_attempts: int = TRANSACTION_ATTEMPTS,
        inbound_deadline: float = INBOUND_DEADLINE_SECONDS,
        clock: Clock = utcnow,
        outbox_scan_seconds: float = OUTBOX_SCAN_SECONDS,
        message_ids_retention: timedelta = MESSAGE_ID_RETENTION,
        outbox_retention: timedelta = firestore_outbox.SENT_RETENTION,
        journal: TransactionJournal | None = None,
    ) -> None:
        self.client = client
        self.journal = journal
        # Kept until then by the expire_at field, which a TTL policy acts on.
        self.message_ids_retention = message_ids_retention
        self.outbox_retention = outbox_retention
        self.restaurant_id = restaurant_id
        self.transaction_attempts = transaction_attempts
        self.inbound_deadline = inbound_deadline
        self._clock = clock
        self.layout = Layout.of(client, restaurant_id)
        self._due = DueHints(outbox_scan_seconds)
        self._leases = firestore_outbox.Leases()
        self._outbox_watch = OutboxWatch(self.layout.outbox, self._due)
        self._menu_watch = firestore_menu.MenuWatch(self.layout)
        self._changes = ChangeWatch(self.layout)
        self._numbers = OrderNumbers(self.layout)
        self._held = HeldClaims()
        self._claims = MessageClaimer(client, self.layout, self._held, clock=clock,
                                      deadline=inbound_deadline)

    # -- transactions -------------------------------------------------------

    def run(self, work: RestaurantWork[T]) -> T:
        """Run ``work`` in one transaction, in rounds while contended, up to the deadline."""
        numbers = NumberReservations(lambda: self._numbers.take(self._clock()))

        def on_restaurant_uow(uow: UnitOfWork) -> T:
            assert isinstance(uow, FirestoreRestaurantUnitOfWork)
            return work(uow)

        def round_once() -> T:
            try:
                result, enqueued = run_once(self.client, self.layout, on_restaurant_uow,
                                            attempts=self.transaction_attempts,
                                            now=self._clock(), numbers=numbers,
                                            claims=self._held,
                                            unit_of_work=FirestoreRestaurantUnitOfWork,
                                            message_id_retention=self.message_ids_retention,
                                            journal=self.journal)
            except exceptions.AlreadyExists:
                numbers.burn()  # the one create in the transaction is the order's
                raise
            for entry_id, due in enqueued.items():
                self._due.set(entry_id, due)
            return result

        committed = False
        try:
            result = run_in_rounds(round_once, deadline=self.inbound_deadline)
            committed = True
            return result
        finally:
            unused = numbers.unused(committed=committed)
            if unused:
                self._numbers.give_back(unused)

    def roll_back_orphans(self) -> int:
        """Free the locks of transactions that processes killed mid-way left open (journal)."""
        if self.journal is None:
            return 0

        def roll_back(transaction_id: bytes) -> None:
            # The client has no public call for a transaction begun by another process.
            self.client._firestore_api.rollback(
                request={"database": self.client._database_string,
                         "transaction": transaction_id},
                metadata=self.client._rpc_metadata, timeout=ROLLBACK_TIMEOUT_SECONDS)

        return self.journal.roll_back_orphans(roll_back)

    def claim_message(self, phone: str, message_id: str, wait: float) -> tuple[str, ...] | None:
        """Claim the message before its transaction; a twin waits for the stored replies."""
        return self._claims.claim(phone, message_id, wait)

    def release_message(self, phone: str, message_id: str) -> None:
        """Applying it failed: delete our claim, so a repeated delivery applies it at once."""
        self._claims.release(phone, message_id)

    # -- orders -------------------------------------------------------------

    def list_orders(self, limit: int = 100) -> list[Order]:
        """The most recent orders first."""
        query = self.layout.orders.order_by("number", direction=firestore.Query.DESCENDING)
        return [order for s in query.limit(limit).stream() if (order := _order(s)) is not None]

    def get_order(self, number: int) -> Order | None:
        """One order by its number."""
        return _order(self.layout.order(number).get())

    # -- menu ---------------------------------------------------------------

    def load_menu(self) -> Menu | None:
        """The stored menu, or None when none was loaded yet."""
        return firestore_menu.load_menu(self.layout)

    def save_menu(self, menu: Menu) -> None:
        """Replace the stored menu, writing only what differs."""
        firestore_menu.save_menu(self.client, self.layout, menu)

    def menu_version(self) -> str | None:
        """The saved menu's version and how many item edits were seen since: one small read."""
        version = firestore_menu.menu_version(self.layout)
        if version is None:
            return None
        return f"{version}.{self._menu_watch.generation()}"

    # -- outbox -------------------------------------------------------------

    def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[PendingMessage]:
        """Claim up to ``limit`` messages due at ``now``; unclaimed again after ``lease``."""
        self._outbox_watch.start()  # this process delivers: follow the pending entries
        if limit <= 0 or not self._due.should_query(now):
            return []  # nothing known is due and the periodic scan is not owed yet
        try:
            claimed = firestore_outbox.claim_due(self.client, self.layout.outbox, now, limit,
                                                 lease, self._leases)
        except Exception as exc:
            if not is_contended(exc):
                raise
            logger.warning("outbox claim failed, trying again on the next poll: %s", exc)
            return []
        self._due.queried(now, claimed, now + lease, exhausted=len(claimed) < limit,
                          versions={p.id: self._leases.version(p.id) for p in claimed})
        return claimed

    def renew(self, message_id: str, claim: str, until: datetime,
              parts_sent: int | None = None) -> bool:
        """Extend a claim while it still holds; False when it was lost."""
        renewed = firestore_outbox.renew(self.client, self.layout.outbox, message_id, claim,
                                         until, parts_sent, self._leases)
        if renewed:
            self._due.set(message_id, until, self._leases.version(message_id))
        return renewed

    def mark_sent(self, message_id: str, provider_id: str | None = None) -> None:
        """The message left; never send it again."""
        written = firestore_outbox.mark_sent(self.layout.outbox, message_id, provider_id,
                                             self._clock(), self._leases,
                                             self.outbox_retention)
        self._due.set(message_id, None, written)

    def mark_failed(self, message_id: str, error: str, retry_at: datetime | None, *,
                    claim: str | None = None, now: datetime | None = None) -> None:
        """Sending failed: retry at ``retry_at``, or give up when it is None."""
        written = firestore_outbox.mark_failed(self.client, self.layout.outbox, message_id,
                                               error, retry_at, now or self._clock(),
                                               claim=claim, leases=self._leases,
                                               retention=self.outbox_retention)
        self._due.set(message_id, retry_at, written)

    def undelivered(self, limit: int = 100) -> list[UndeliveredMessage]:
        """Messages given up or failing, oldest first."""
        return firestore_outbox.undelivered(self.layout.outbox, limit)

    def mark_reported(self, message_ids: Sequence[str], now: datetime) -> None:
        """The kitchen was told these messages failed."""
        if message_ids:
            firestore_outbox.mark_reported(self.client, self.layout.outbox, message_ids, now)

    def redrive(self, message_ids: Sequence[str] | None, now: datetime) -> int:
        """Queue undelivered messages again, due now (None: all); return how many."""
        queued = firestore_outbox.redrive(self.client, self.layout.outbox, message_ids, now)
        for message_id in queued:  # another process delivering sees them by its listener
            self._due.set(message_id, now)
        return len(queued)

    def outbox_status(self) -> dict[str, int]:
        """Count of outbox messages per status (for health checks and tests)."""
        return firestore_outbox.count_by_status(self.layout.outbox)

    def close(self) -> None:
        """Stop listening and release the client's channels."""
        self._outbox_watch.stop()
        self._menu_watch.stop()
        self._changes.stop()
        self.client.close()


def build_firestore_store(settings: Settings) -> FirestoreStore:
    """The store the settings describe, checked now; bad settings raise FirestoreConfigError."""
    config = read_config(settings)
    client = make_client(config)
    try:
        probe(client, config.restaurant_id)
    except FirestoreConfigError:
        client.close()
        raise
    where = f"emulator {config.emulator_host}" if config.emulator_host else "Google Cloud"
    logger.info("Firestore store: project %s on %s, restaurant %s",
                config.project, where, config.restaurant_id)
    journal = TransactionJournal(settings.firestore_journal_dir or Path(
        tempfile.gettempdir(), "cozinha-firestore", f"{config.project}.{config.restaurant_id}"))
    store = FirestoreStore(client, restaurant_id=config.restaurant_id,
                           message_ids_retention=settings.message_ids_retention,
                           outbox_retention=settings.outbox_retention, journal=journal)
    store.roll_back_orphans()
    return store
