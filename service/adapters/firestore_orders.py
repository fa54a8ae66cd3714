"""Moving an order's status on Firestore, with the customer's conversation and outbox entry.

:func:`prepare` does the reads and decides; :func:`write` hands the writes to the
transaction. An inbound kitchen message prepares during its work and writes when
the attempt flushes; :func:`update_order_status` does both in its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from google.cloud import firestore

from service.adapters import firestore_outbox
from service.adapters.firestore_inbound import Layout, dumps, loads
from service.domain.conversation import to_iso
from service.domain.order_status import customer_address, decide_transition
from service.ports import OutboundMessage, StatusUpdate

__all__ = ["StatusWrites", "prepare", "update_order_status", "write"]

# The client's own attempts at one status change when another writer touched the
# same order or conversation first; a kitchen rarely moves one order twice at once.
STATUS_ATTEMPTS = 5


@dataclass(frozen=True)
class StatusWrites:
    """The decided change and what it writes; nothing when the status did not change."""

    update: StatusUpdate
    order_ref: firestore.DocumentReference | None = None
    conversation_ref: firestore.DocumentReference | None = None
    conversation: dict[str, Any] | None = None
    message: OutboundMessage | None = None


def _read(transaction: firestore.Transaction, ref: firestore.DocumentReference) -> Any:
    return next(iter(transaction.get(ref)))


def prepare(transaction: firestore.Transaction, layout: Layout, number: int, status: str,
            now: datetime) -> StatusWrites | None:
    """Read the order and its customer's conversation and decide; None when no such order."""
    order_ref = layout.orders.document(str(number))
    snapshot = _read(transaction, order_ref)
    order = loads((snapshot.to_dict() or {}).get("document")) if snapshot.exists else None
    if order is None:
        return None
    decision = decide_transition(order, status)
    if not decision.changed:
        return StatusWrites(StatusUpdate(order, decision.previous.value, False, False))
    order = {**order, "status": decision.status.value, "status_updated_at": to_iso(now)}
    address = customer_address(order)
    conversation_ref = layout.conversation(address)
    stored = _read(transaction, conversation_ref)
    conversation = loads((stored.to_dict() or {}).get("state_json")) if stored.exists else None
    if conversation is not None and conversation.get("last_order_number") == number:
        conversation["last_order_status"] = decision.status.value
    else:
        conversation = None
    message = None
    if decision.customer_message:
        message = OutboundMessage(address, decision.customer_message, "customer")
    update = StatusUpdate(order, decision.previous.value, True, message is not None)
    return StatusWrites(update, order_ref, conversation_ref, conversation, message)


def write(transaction: firestore.Transaction, layout: Layout, writes: StatusWrites,
          now: datetime) -> dict[str, datetime]:
    """Hand the writes to the transaction; returns the outbox entry enqueued, id → due."""
    if writes.order_ref is None:
        return {}
    order = writes.update.order
    transaction.update(writes.order_ref, {"status": order["status"], "document": dumps(order)})
    if writes.conversation is not None and writes.conversation_ref is not None:
        transaction.update(writes.conversation_ref, {"state_json": dumps(writes.conversation)})
    if writes.message is None:
        return {}
    entry = layout.outbox.document()
    transaction.set(entry, firestore_outbox.entry_fields(writes.message, now))
    return {entry.id: now}


def update_order_status(client: firestore.Client, layout: Layout, number: int, status: str,
                        now: datetime) -> tuple[StatusUpdate | None, dict[str, datetime]]:
    """One transaction; returns the update (None: no such order) and the entry enqueued."""
    committed: dict[str, datetime] = {}

    @firestore.transactional
    def attempt(transaction: firestore.Transaction) -> StatusUpdate | None:
        committed.clear()
        writes = prepare(transaction, layout, number, status, now)
        if writes is None:
            return None
        committed.update(write(transaction, layout, writes, now))
        return writes.update

    update: StatusUpdate | None = attempt(client.transaction(max_attempts=STATUS_ATTEMPTS))
    return update, committed
