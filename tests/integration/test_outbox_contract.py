"""The outbox and message-claim operations every store must mean the same way (memory, SQLite,
Firestore emulator): claims under tokens, renewals, failures kept and reported, re-drives,
and applied messages keyed by sender and MessageSid."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from service.adapters.memory.store import MemoryStore
from service.application.once import apply_once
from service.application.ports import MessageClaims, OutboundMessage, Store, UnitOfWork

KITCHEN = "whatsapp:+5511900000000"
PHONE = "whatsapp:+5511987654321"
OTHER = "whatsapp:+5521912345678"
LEASE = timedelta(seconds=10)


def enqueue(store: Store, *messages: OutboundMessage, sid: str = "SM-enqueue") -> None:
    def work(uow: UnitOfWork) -> Sequence[str]:
        for message in messages:
            uow.enqueue(message)
        return ["ok"]

    apply_once(store, PHONE, sid, work)


def later(seconds: float = 1) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


def test_each_claim_has_its_own_token_and_a_lost_claim_cannot_be_renewed(store):
    enqueue(store, OutboundMessage(KITCHEN, "Pedido #1", "kitchen", order_number=1))
    now = later()
    [first] = store.claim_due(now, 1, LEASE)
    assert first.claim and first.attempts == 1 and first.parts_sent == 0
    assert first.message.order_number == 1
    assert first.queued_at is not None and first.queued_at <= now
    assert store.claim_due(now + timedelta(seconds=5), 1, LEASE) == []  # leased
    [second] = store.claim_due(now + LEASE + timedelta(seconds=1), 1, LEASE)  # it lapsed
    assert second.id == first.id and second.claim != first.claim and second.attempts == 2
    assert not store.renew(first.id, first.claim, now + timedelta(minutes=1))
    assert store.renew(second.id, second.claim, now + timedelta(minutes=1))


def test_a_renewed_claim_outlives_its_first_lease_and_keeps_the_pieces_sent(store):
    enqueue(store, OutboundMessage(KITCHEN, "um aviso longo", "kitchen"))
    now = later()
    [claimed] = store.claim_due(now, 1, LEASE)
    assert store.renew(claimed.id, claimed.claim, now + timedelta(minutes=5), parts_sent=2)
    assert store.claim_due(now + LEASE + timedelta(seconds=1), 1, LEASE) == []  # renewed
    [again] = store.claim_due(now + timedelta(minutes=6), 1, LEASE)
    assert (again.id, again.parts_sent) == (claimed.id, 2)


def test_a_failure_reported_under_a_lost_claim_changes_nothing(store):
    enqueue(store, OutboundMessage(KITCHEN, "Pedido #2", "kitchen"))
    now = later()
    [stale] = store.claim_due(now, 1, LEASE)
    [current] = store.claim_due(now + LEASE + timedelta(seconds=1), 1, LEASE)
    store.mark_failed(stale.id, "Twilio 500", None, claim=stale.claim, now=now)
    assert store.undelivered() == []  # the stale worker's verdict was ignored
    store.mark_sent(current.id, "SMok")
    assert store.claim_due(now + timedelta(hours=1), 1, LEASE) == []


def test_failing_and_given_up_messages_are_listed_with_their_order(store):
    enqueue(store,
            OutboundMessage(KITCHEN, "Pedido #3", "kitchen", order_number=3),
            OutboundMessage(PHONE, "saiu para entrega", "customer", order_number=3),
            OutboundMessage(KITCHEN, "Pedido #4", "kitchen", order_number=4))
    now = later()
    retrying, given_up, sent = store.claim_due(now, 3, LEASE)
    store.mark_failed(retrying.id, "Twilio recusou (401)", now + timedelta(minutes=1),
                      claim=retrying.claim, now=now)
    store.mark_failed(given_up.id, "número inválido", None, claim=given_up.claim, now=now)
    store.mark_sent(sent.id, "SMok")
    found = {u.id: u for u in store.undelivered()}
    assert set(found) == {retrying.id, given_up.id}
    assert found[retrying.id].status == "retrying"
    assert found[retrying.id].last_error == "Twilio recusou (401)"
    assert found[given_up.id].status == "failed"
    assert found[given_up.id].failed_at is not None
    assert found[given_up.id].message == OutboundMessage(PHONE, "saiu para entrega", "customer",
                                                         order_number=3)
    assert not any(u.reported for u in found.values())
    store.mark_reported([given_up.id], now)
    assert [u.id for u in store.undelivered() if u.reported] == [given_up.id]


def test_redriven_messages_are_due_at_once_with_a_fresh_age_but_not_those_in_flight(store):
    enqueue(store, *[OutboundMessage(KITCHEN, f"aviso {n}", "kitchen") for n in range(3)])
    now = later()
    failed, retrying, busy = store.claim_due(now, 3, LEASE)
    store.mark_failed(failed.id, "desistiu", None, claim=failed.claim, now=now)
    store.mark_failed(retrying.id, "Twilio 500", now + timedelta(hours=1),
                      claim=retrying.claim, now=now)
    store.mark_failed(busy.id, "Twilio 500", now, claim=busy.claim, now=now)
    [in_flight] = store.claim_due(now, 3, LEASE)  # due again at once: being sent now
    assert in_flight.id == busy.id

    assert store.redrive([failed.id], now) == 1
    [again] = store.claim_due(now, 3, LEASE)
    assert (again.id, again.attempts) == (failed.id, 1)  # a fresh start
    assert again.queued_at is not None and again.queued_at >= now - timedelta(seconds=1)
    store.mark_sent(again.id, "SMok")
    # Everything undelivered: the one waiting for its retry, not the one being sent.
    assert store.redrive(None, now) == 1
    assert [c.id for c in store.claim_due(now, 3, LEASE)] == [retrying.id]
    assert {u.id for u in store.undelivered()} == {in_flight.id}
    assert store.renew(in_flight.id, in_flight.claim, now + LEASE)  # its claim still holds


def test_the_same_message_id_from_another_sender_is_another_message(store):
    def reply(text: str):
        def work(uow: UnitOfWork) -> Sequence[str]:
            return [text]
        return work

    first = apply_once(store, PHONE, "SM-shared", reply("endereço da Maria"))
    other = apply_once(store, OTHER, "SM-shared", reply("olá, João"))
    assert not first.duplicate and not other.duplicate
    assert other.replies == ("olá, João",)  # never the first sender's replies
    assert apply_once(store, PHONE, "SM-shared", reply("x")).replies == ("endereço da Maria",)
    assert apply_once(store, OTHER, "SM-shared", reply("x")).replies == ("olá, João",)


@pytest.mark.emulator
def test_a_claimed_message_already_applied_is_answered_from_its_replies(firestore_store):
    # Only a store whose transactions run side by side claims messages ahead.
    store = firestore_store
    assert isinstance(store, MessageClaims)
    apply_once(firestore_store, PHONE, "SM-claim", lambda uow: ["primeira resposta"])
    assert store.claim_message(PHONE, "SM-claim", 0.0) == ("primeira resposta",)
    assert store.claim_message(OTHER, "SM-claim", 0.0) is None  # not that sender's
    store.release_message(OTHER, "SM-claim")


def test_stores_that_write_one_transaction_at_a_time_claim_nothing(sqlite_store):
    assert not isinstance(sqlite_store, MessageClaims)
    assert not isinstance(MemoryStore(), MessageClaims)
