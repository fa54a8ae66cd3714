"""The outbox worker's rules on an in-memory store: pieces, retries bounded by age, claims,
and telling the kitchen about what was given up."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.adapters.memory.store import MemoryStore
from service.adapters.recording_messenger import RecordingMessenger
from service.application.outbox_worker import (
    LEASE,
    OutboxWorker,
    RetryPolicy,
    message_parts,
    retry_delay,
)
from service.application.ports import MessengerError, OutboundMessage
from service.domain.messages import MAX_MESSAGE_CHARS, split_message

KITCHEN = "whatsapp:+5511900000000"
CUSTOMER = "whatsapp:+5511987654321"
NOW = datetime(2026, 3, 6, 19, 30, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def store_with(*messages: OutboundMessage, clock: Clock) -> MemoryStore:
    store = MemoryStore(clock=clock)

    def work(uow):
        for message in messages:
            uow.enqueue(message)

    store.run(work)
    return store


@given(st.text(alphabet=st.sampled_from("ab \n😀ç"), max_size=6000),
       st.integers(min_value=20, max_value=1600))
def test_splitting_keeps_every_character_in_order_within_the_limit(text, limit):
    pieces = split_message(text, limit)
    assert all(len(piece) <= limit for piece in pieces)
    assert re.sub(r"\s", "", "".join(pieces)) == re.sub(r"\s", "", text)
    if len(text) <= limit:
        assert pieces == [text]
    else:
        assert all(piece.strip() for piece in pieces)


def test_a_line_longer_than_a_message_is_cut_at_spaces_then_anywhere():
    words = " ".join(["palavra"] * 400)  # one line of 3,199 characters
    pieces = split_message(words)
    assert all(len(p) <= MAX_MESSAGE_CHARS and not p.startswith(" ") for p in pieces)
    assert " ".join(pieces) == words
    assert "".join(split_message("x" * 3500)) == "x" * 3500


def test_a_long_body_goes_in_labelled_pieces_and_a_short_one_as_it_is():
    assert message_parts("Pedido #1") == ["Pedido #1"]
    exactly = "y" * MAX_MESSAGE_CHARS
    assert message_parts(exactly) == [exactly]
    parts = message_parts("\n".join(["z" * 100] * 40))
    assert [p.split("\n", 1)[0] for p in parts] == ["(1/3)", "(2/3)", "(3/3)"]
    assert all(len(p) <= MAX_MESSAGE_CHARS for p in parts)


@pytest.mark.parametrize(
    ("error", "attempts", "age", "expected"),
    [
        (MessengerError("500"), 1, timedelta(0), timedelta(seconds=5)),
        (MessengerError("500"), 12, timedelta(hours=5), timedelta(minutes=1)),
        (MessengerError("429", retry_after=timedelta(minutes=3)), 1, timedelta(0),
         timedelta(minutes=3)),
        (MessengerError("429", retry_after=timedelta(seconds=1)), 3, timedelta(0),
         timedelta(seconds=20)),
        (MessengerError("500"), 300, timedelta(hours=6), None),  # too old to matter
        (MessengerError("número inválido", retryable=False), 1, timedelta(0), None),
    ],
)
def test_retries_wait_and_stop_by_age_not_by_count(error, attempts, age, expected):
    retry_at = RetryPolicy(give_up_after=timedelta(hours=6)).retry_at(
        error, attempts, NOW - age, NOW)
    assert retry_at == (NOW + expected if expected is not None else None)


def test_backoff_is_capped_at_a_minute():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5, 6, 100)] == [
        5, 10, 20, 40, 60, 60, 60]


def test_the_kitchen_is_told_once_on_the_next_send_that_works():
    clock = Clock()
    store = store_with(OutboundMessage(CUSTOMER, "saiu para entrega", "customer", 7),
                       clock=clock)
    messenger = RecordingMessenger()
    worker = OutboxWorker(store, messenger, clock=clock, kitchen=KITCHEN)
    messenger.fail_next(1, retryable=False)
    worker.run_once()  # given up: nothing works yet, so nobody can be told
    assert messenger.sent == []
    store.run(lambda uow: uow.enqueue(OutboundMessage(KITCHEN, "🛎️ Novo pedido #8", "kitchen",
                                                      8)))
    worker.run_once()
    bodies = [m.body for m in messenger.sent]
    assert bodies[0] == "🛎️ Novo pedido #8"
    assert "Pedido #7: aviso para o cliente" in bodies[1]
    assert messenger.sent[1].to == KITCHEN and messenger.sent[1].purpose == "alert"
    store.run(lambda uow: uow.enqueue(OutboundMessage(KITCHEN, "🛎️ Novo pedido #9", "kitchen")))
    worker.run_once()
    assert [m.body for m in messenger.sent[2:]] == ["🛎️ Novo pedido #9"]  # told once


def test_an_alert_that_fails_is_tried_again_after_a_minute_not_on_every_send():
    clock = Clock()
    store = store_with(OutboundMessage(CUSTOMER, "saiu", "customer", 3), clock=clock)
    messenger = RecordingMessenger()
    worker = OutboxWorker(store, messenger, clock=clock, kitchen=KITCHEN)
    messenger.fail_next(1, retryable=False)
    worker.run_once()
    store.run(lambda uow: uow.enqueue(OutboundMessage(KITCHEN, "um", "kitchen")))
    original = messenger.send

    def alerts_fail(message: OutboundMessage) -> str | None:
        if message.purpose == "alert":
            raise MessengerError("fora da janela de 24 h", retryable=False)
        return original(message)

    messenger.send = alerts_fail  # type: ignore[method-assign]
    worker.run_once()
    store.run(lambda uow: uow.enqueue(OutboundMessage(KITCHEN, "dois", "kitchen")))
    messenger.send = original  # type: ignore[method-assign]
    worker.run_once()
    assert [m.body for m in messenger.sent] == ["um", "dois"]  # not again so soon
    clock.now += timedelta(minutes=1)
    store.run(lambda uow: uow.enqueue(OutboundMessage(KITCHEN, "três", "kitchen")))
    worker.run_once()
    assert "Pedido #3" in messenger.sent[-1].body
    assert [u.reported for u in store.undelivered()] == [True]


def test_without_a_kitchen_nobody_is_alerted():
    clock = Clock()
    store = store_with(OutboundMessage(CUSTOMER, "saiu", "customer", 3), clock=clock)
    messenger = RecordingMessenger()
    worker = OutboxWorker(store, messenger, clock=clock, kitchen=None)
    messenger.fail_next(1, retryable=False)
    worker.run_once()
    store.run(lambda uow: uow.enqueue(OutboundMessage(CUSTOMER, "outro", "customer")))
    worker.run_once()
    assert [m.body for m in messenger.sent] == ["outro"]


def test_a_worker_that_lost_its_claim_stops_sending_the_pieces():
    clock = Clock()
    body = "\n".join(["w" * 100] * 40)  # three pieces
    store = store_with(OutboundMessage(KITCHEN, body, "kitchen", 1), clock=clock)
    messenger = RecordingMessenger()
    worker = OutboxWorker(store, messenger, clock=clock)
    original = messenger.send

    def slow_first_piece(message: OutboundMessage) -> str | None:
        if message.body.startswith("(1/3)"):
            # Meanwhile the lease lapsed and another worker claimed the message.
            clock.now += LEASE + timedelta(seconds=1)
            assert store.claim_due(clock.now, 1, LEASE)
        return original(message)

    messenger.send = slow_first_piece  # type: ignore[method-assign]
    assert worker.run_once() == 0
    assert [m.body.split("\n", 1)[0] for m in messenger.sent] == ["(1/3)"]  # no more
