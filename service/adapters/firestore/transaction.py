"""One piece of work as one Firestore transaction, retried in rounds when contended.

Firestore transactions read before they write. The work runs against a
:class:`FirestoreUnitOfWork` whose reads go to the transaction and whose writes
are kept in memory (reads see them); only when the work has returned are they
handed to the transaction. The message-id document is read and written inside
it, so a message applied twice at once commits once (the other attempt aborts and
finds it applied). Order numbers are taken outside the transaction
(:mod:`.numbers`), so confirmations do not contend for a counter. An attempt that
aborts is simply dropped, and the next one starts from fresh reads.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

from google.api_core import exceptions
from google.cloud import firestore

from service.adapters.firestore import outbox as firestore_outbox
from service.adapters.firestore.claims import MESSAGE_ID_RETENTION, HeldClaims
from service.adapters.firestore.journal import TransactionJournal
from service.adapters.firestore.layout import Layout, dumps, loads
from service.adapters.firestore.numbers import NumberReservations
from service.application.ports import OutboundMessage, Work
from service.domain.conversation import Conversation
from service.domain.order import Order

__all__ = [
    "FirestoreContentionError",
    "FirestoreUnitOfWork",
    "is_contended",
    "run_in_rounds",
    "run_once",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Between rounds: 50 ms doubling, with full jitter so competing replicas spread out.
BACKOFF_BASE_SECONDS = 0.05
BACKOFF_MAX_SECONDS = 1.0


class FirestoreContentionError(RuntimeError):
    """A transaction kept conflicting with others until the deadline; nothing was applied."""


def is_contended(exc: BaseException) -> bool:
    """True for the errors a later attempt may not hit: aborts, lock timeouts, brief outages.

    Retrying is safe even when a lost reply hid a commit: the next attempt finds the
    message id and answers with the stored replies.
    """
    if isinstance(
        exc, exceptions.Aborted | exceptions.DeadlineExceeded | exceptions.ServiceUnavailable
    ):
        return True
    # The client wraps its last Aborted in a ValueError when its own attempts run out.
    return isinstance(exc, ValueError) and isinstance(exc.__cause__, exceptions.Aborted)


def _read(transaction: firestore.Transaction, ref: firestore.DocumentReference) -> Any:
    return next(iter(transaction.get(ref)))


def _json_field(snapshot: Any, name: str) -> dict[str, Any] | None:
    return loads((snapshot.to_dict() or {}).get(name)) if snapshot.exists else None


class FirestoreUnitOfWork:
    """One attempt at a transaction: reads go to Firestore, writes wait for :meth:`flush`."""

    # How long the message id document is kept (its expire_at); run_once sets it.
    message_id_retention: timedelta = MESSAGE_ID_RETENTION

    def __init__(self, layout: Layout, transaction: firestore.Transaction, now: datetime,
                 numbers: NumberReservations, claims: HeldClaims | None = None) -> None:
        self._layout = layout
        self._transaction = transaction
        self._now = now
        self._numbers = numbers
        self._claims = claims or HeldClaims()
        self._held: dict[tuple[str, str], Any] = {}  # claims this attempt relies on
        self._conversations: dict[str, Conversation | None] = {}  # read or written
        self._orders: dict[int, Order | None] = {}
        self._dirty_conversations: set[str] = set()
        self._new_orders: set[int] = set()
        self._dirty_orders: set[int] = set()
        self._messages: list[OutboundMessage] = []
        self._seen: list[tuple[str, str, tuple[str, ...]]] = []
        self.enqueued: dict[str, datetime] = {}  # outbox entry id → due, once flushed

    @property
    def held_claims(self) -> list[tuple[str, str]]:
        """The claimed messages this attempt applies (sender, MessageSid)."""
        return list(self._held)

    def _remember_conversation(self, phone: str, snapshot: Any) -> None:
        document = _json_field(snapshot, "state_json")
        self._conversations[phone] = Conversation.from_dict(document) if document else None

    def seen_replies(self, phone: str, message_id: str) -> tuple[str, ...] | None:
        """Reads the message id with the conversation: one round trip for both.

        A message this process claimed is not applied yet (else its claim would be
        gone): only the conversation is read.
        """
        held = self._claims.get(phone, message_id)
        if held is not None:
            self._held[(phone, message_id)] = held
            self.get_conversation(phone)
            return None
        message_ref = self._layout.message(phone, message_id)
        refs = [message_ref]
        conversation_ref = self._layout.conversation(phone)
        if phone not in self._conversations:
            refs.append(conversation_ref)
        snapshots = {s.reference.path: s for s in self._transaction.get_all(refs)}
        if conversation_ref.path in snapshots:
            self._remember_conversation(phone, snapshots[conversation_ref.path])
        snapshot = snapshots[message_ref.path]
        seen = (snapshot.to_dict() or {}) if snapshot.exists else {}
        # Without replies the document is a claim (see FirestoreStore.claim_message).
        return tuple(seen["replies"]) if "replies" in seen else None

    def mark_seen(self, phone: str, message_id: str, replies: Sequence[str]) -> None:
        self._seen.append((phone, message_id, tuple(replies)))

    def get_conversation(self, phone: str) -> Conversation | None:
        if phone not in self._conversations:
            snapshot = _read(self._transaction, self._layout.conversation(phone))
            self._remember_conversation(phone, snapshot)
        return self._conversations[phone]

    def save_conversation(self, conversation: Conversation) -> None:
        self._conversations[conversation.phone] = conversation
        self._dirty_conversations.add(conversation.phone)

    def get_order(self, number: int) -> Order | None:
        if number not in self._orders:
            document = _json_field(_read(self._transaction, self._layout.order(number)),
                                   "document")
            self._orders[number] = Order.from_dict(document) if document else None
        return self._orders[number]

    def add_order(self, order: Order) -> Order:
        """Takes a number outside the transaction (the same one if the transaction reruns)."""
        number = self._numbers.next()
        numbered = order.numbered(number)
        self._orders[number] = numbered
        self._new_orders.add(number)
        return numbered

    def save_order(self, order: Order) -> None:
        assert order.number is not None
        self._orders[order.number] = order
        if order.number not in self._new_orders:
            self._dirty_orders.add(order.number)

    def enqueue(self, message: OutboundMessage) -> None:
        self._messages.append(message)

    def flush(self) -> None:
        """Hand this attempt's writes to the transaction; called once the work returned."""
        transaction, layout, now = self._transaction, self._layout, self._now
        for phone in self._dirty_conversations:
            conversation = self._conversations[phone]
            assert conversation is not None
            transaction.set(layout.conversation(phone),
                            {"state_json": dumps(conversation.to_dict()), "updated_at": now})
        for number in sorted(self._new_orders):
            order = self._orders[number]
            assert order is not None
            transaction.create(layout.order(number), {
                "number": number, "status": order.status.value, "phone": order.phone,
                "created_at": order.to_dict()["created_at"], "document": dumps(order.to_dict()),
            })
        for number in sorted(self._dirty_orders):
            order = self._orders[number]
            assert order is not None
            transaction.update(layout.order(number),
                               {"status": order.status.value, "document": dumps(order.to_dict())})
        for index, message in enumerate(self._messages):
            # One microsecond apart: entries of one transaction are claimed in the order enqueued.
            due = now + timedelta(microseconds=index)
            entry = layout.outbox.document()
            transaction.set(entry, firestore_outbox.entry_fields(message, due))
            self.enqueued[entry.id] = due
        for phone, message_id, replies in self._seen:
            fields = {"phone": phone, "replies": list(replies), "processed_at": now,
                      "expire_at": now + self.message_id_retention}
            reference = layout.message(phone, message_id)
            held = self._held.get((phone, message_id))
            if held is not None:
                # Only while the document is still our claim: a twin that took over
                # makes this commit fail instead of applying the message twice.
                transaction.update(reference, fields,
                                   option=firestore.Client.write_option(last_update_time=held))
            else:
                # Read in seen_replies: a twin's commit aborts this one, or the other way.
                transaction.set(reference, fields)


def run_once(client: firestore.Client, layout: Layout, work: Work[T], *, attempts: int,
             now: datetime, numbers: NumberReservations,
             claims: HeldClaims | None = None,
             unit_of_work: type[FirestoreUnitOfWork] = FirestoreUnitOfWork,
             message_id_retention: timedelta = MESSAGE_ID_RETENTION,
             journal: TransactionJournal | None = None,
             ) -> tuple[T, dict[str, datetime]]:
    """One round (the client retries aborted commits up to ``attempts`` times).

    Returns what the work returned and the outbox entries the committed attempt
    enqueued, by id. ``unit_of_work`` is the class each attempt works on (a subclass
    adds verbs). Each attempt's transaction is noted in ``journal`` while it is open.
    """
    committed: dict[str, datetime] = {}
    last: list[FirestoreUnitOfWork] = []
    claims = claims or HeldClaims()
    opened: list[bytes | None] = []

    @firestore.transactional
    def attempt(transaction: firestore.Transaction) -> T:
        if journal is not None:
            opened.append(transaction.id)
            journal.opened(transaction.id)
        committed.clear()  # only the last attempt's entries exist once the commit succeeds
        numbers.new_attempt()
        uow = unit_of_work(layout, transaction, now, numbers, claims)
        uow.message_id_retention = message_id_retention
        last[:] = [uow]
        result = work(uow)
        uow.flush()
        committed.update(uow.enqueued)
        return result

    try:
        result: T = attempt(client.transaction(max_attempts=attempts))
    except exceptions.FailedPrecondition as exc:
        # A twin took over a message we had claimed (we were slow): forget the claim,
        # and the next round reads the message and finds it applied, or applies it.
        for phone, message_id in last[0].held_claims if last else ():
            claims.drop(phone, message_id)
        raise exceptions.Aborted(f"a claimed message was taken over: {exc}") from exc
    finally:
        if journal is not None:
            journal.closed(opened)  # committed, or rolled back by the client on failure
    for phone, message_id in last[0].held_claims if last else ():
        claims.drop(phone, message_id)  # applied: the claim is spent
    return result, committed


def run_in_rounds(round_once: Callable[[], T], *, deadline: float) -> T:
    """Call ``round_once`` until it does not hit contention, backing off, for ``deadline`` s.

    A duplicate ``create()`` (another replica applied the same message between our
    read and our commit) is contention too: the next round finds the message applied.
    """
    started = time.monotonic()
    round_number = 0
    while True:
        round_number += 1
        round_started = time.monotonic()
        try:
            return round_once()
        except Exception as exc:
            if not (is_contended(exc) or isinstance(exc, exceptions.AlreadyExists)):
                raise
            now = time.monotonic()
            elapsed, last_round = now - started, now - round_started
            delay = random.uniform(0, min(BACKOFF_MAX_SECONDS,
                                          BACKOFF_BASE_SECONDS * 2 ** (round_number - 1)))
            # Expect the next round to take as long as the last: stop before the deadline.
            if elapsed + delay + last_round >= deadline:
                logger.error("giving up on a transaction after %d rounds in %.1f s: "
                             "still contended (%s)", round_number, elapsed, exc)
                raise FirestoreContentionError(
                    f"transaction not applied: Firestore still contended after "
                    f"{round_number} rounds ({elapsed:.1f} s)"
                ) from exc
            logger.warning("transaction contended (round %d), retrying", round_number)
            time.sleep(delay)
