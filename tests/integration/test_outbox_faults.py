"""The outbox under Twilio faults: the real twilio client against the local fake Twilio API.

Every notice must reach Twilio exactly once (at most one more for a worker killed
with a request in flight), or be surfaced on its order and re-drivable. Long
outages run on an injected clock (no sleeps); slowness and kills run for real.
Each test reports what it measured in the run's summary.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from service.adapters.sqlite.store import SqliteStore
from service.adapters.twilio_messenger import TwilioMessenger
from service.application.notices import NoticeService
from service.application.outbox_worker import OutboxWorker, RetryPolicy
from service.application.ports import OutboundMessage
from service.domain.messages import MAX_MESSAGE_CHARS
from tests.fake_twilio import FakeTwilio
from tests.figures import report

SID = "AC" + "4" * 32
TOKEN = "e" * 32
SENDER = "whatsapp:+14155238886"
KITCHEN = "whatsapp:+5511900000000"
CUSTOMER = "whatsapp:+5511987654321"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC) + timedelta(seconds=1)
        self.start = self.now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta

    def elapsed(self) -> float:
        return (self.now - self.start).total_seconds()


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with FakeTwilio(SID, TOKEN) as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    db = SqliteStore(tmp_path / "outbox.sqlite3")
    yield db
    db.close()


def messenger(fake: FakeTwilio, timeout: float = 10.0) -> TwilioMessenger:
    return TwilioMessenger(SID, TOKEN, SENDER, api_base_url=fake.url, timeout=timeout)


def enqueue(store: SqliteStore, count: int, prefix: str = "🛎️ Novo pedido") -> list[str]:
    bodies = [f"{prefix} #{n}\n1x Feijoada Completa" for n in range(1, count + 1)]

    def work(uow):
        for number, body in enumerate(bodies, 1):
            uow.enqueue(OutboundMessage(KITCHEN, body, "kitchen", number))

    store.run(work)
    return bodies


def drive(worker: OutboxWorker, clock: Clock, *, step: timedelta, until: timedelta,
          done: Callable[[], bool], change: Callable[[float], None] | None = None) -> float:
    """Run the worker on the fake clock, ``step`` at a time; the fake time when ``done``."""
    while clock.elapsed() <= until.total_seconds():
        if change is not None:
            change(clock.elapsed())
        worker.run_once()
        if done():
            return clock.elapsed()
        clock.advance(step)
    pytest.fail(f"not done after {until} (fake time)")


def test_a_kitchen_notice_longer_than_one_message_arrives_whole_and_in_order(fake, store):
    lines = [f"{n}x Marmita da casa — obs: sem cebola, caprichar no feijão" for n in range(1, 80)]
    body = "🛎️ *Novo pedido #1*\n" + "\n".join(lines)
    assert len(body) > 2 * MAX_MESSAGE_CHARS
    store.run(lambda uow: uow.enqueue(OutboundMessage(KITCHEN, body, "kitchen", 1)))
    clock = Clock()
    worker = OutboxWorker(store, messenger(fake), clock=clock)
    fake.fail_next(1, status=503, code=20503, after=1)  # the second piece fails once
    assert worker.run_once() == 0
    assert [m["Body"].split("\n", 1)[0] for m in fake.messages] == ["(1/3)"]
    clock.advance(timedelta(minutes=1))
    assert worker.run_once() == 1  # the retry continues with the second piece
    pieces = [m["Body"] for m in fake.messages]
    assert [p.split("\n", 1)[0] for p in pieces] == ["(1/3)", "(2/3)", "(3/3)"]
    assert all(len(p) <= MAX_MESSAGE_CHARS for p in pieces)
    assert "\n".join(p.split("\n", 1)[1] for p in pieces) == body  # whole, in order, once
    assert store.outbox_status() == {"sent": 1}
    # Twilio refuses what is longer than a message; nothing sent here was.
    assert set(fake.statuses()) == {201, 503}


def test_notices_across_a_60_second_401_are_all_delivered_once(fake, store):
    bodies = enqueue(store, 100)
    clock = Clock()
    worker = OutboxWorker(store, messenger(fake), clock=clock, kitchen=KITCHEN)
    recovered: list[float] = []

    def token_rotation(elapsed: float) -> None:
        if elapsed < 60:
            fake.answer_with(401, 20003, "Authenticate")
        elif not recovered:
            fake.answer_normally()
            recovered.append(elapsed)

    done_at = drive(worker, clock, step=timedelta(seconds=1), until=timedelta(minutes=15),
                    done=lambda: len(fake.accepted_bodies()) == 100, change=token_rotation)
    accepted = fake.accepted_bodies()
    assert set(accepted) == set(bodies) and set(accepted.values()) == {1}
    assert store.outbox_status() == {"sent": 100}
    assert NoticeService(store).undelivered() == []
    refused = fake.statuses()[401]
    report(f"outbox, 401 from Twilio for 60 s (fake clock): 100/100 notices delivered once, "
           f"the last {done_at - recovered[0]:.0f} s after Twilio accepted again; "
           f"{refused} refused requests meanwhile")


@pytest.mark.parametrize("kind", ["connection refused", "500", "429 Retry-After 120"])
def test_a_30_minute_outage_loses_nothing(fake, store, kind):
    bodies = enqueue(store, 20)
    clock = Clock()
    worker = OutboxWorker(store, messenger(fake), clock=clock, kitchen=KITCHEN)
    state = {"down": False, "back": 0.0}

    def outage(elapsed: float) -> None:
        if elapsed < 30 * 60 and not state["down"]:
            state["down"] = True
            if kind == "connection refused":
                fake.refuse_connections()
            elif kind == "500":
                fake.answer_with(500, 20500, "Internal Server Error")
            else:
                fake.answer_with(429, 20429, "Too Many Requests", retry_after="120")
        elif elapsed >= 30 * 60 and state["down"]:
            state["down"] = False
            state["back"] = elapsed
            fake.accept_connections()
            fake.answer_normally()

    done_at = drive(worker, clock, step=timedelta(seconds=5), until=timedelta(hours=1),
                    done=lambda: len(fake.accepted_bodies()) == 20, change=outage)
    accepted = fake.accepted_bodies()
    assert set(accepted) == set(bodies) and set(accepted.values()) == {1}
    assert store.outbox_status() == {"sent": 20}
    after = done_at - state["back"]
    assert after <= (125 if kind.startswith("429") else 65)
    report(f"outbox, 30-minute outage ({kind}, fake clock): 20/20 notices delivered once, "
           f"the last {after:.0f} s after Twilio was back; {len(fake.requests)} requests "
           "reached Twilio in all")


def test_a_notice_failing_for_hours_is_given_up_surfaced_reported_and_redriven(fake, store):
    enqueue(store, 3)
    clock = Clock()
    worker = OutboxWorker(store, messenger(fake), clock=clock, kitchen=KITCHEN,
                          policy=RetryPolicy(give_up_after=timedelta(hours=6)))
    notices = NoticeService(store, clock=clock)
    fake.answer_with(401, 20003, "Authenticate")  # a token nobody rotated back
    drive(worker, clock, step=timedelta(minutes=1), until=timedelta(hours=7),
          done=lambda: len([n for n in notices.undelivered() if n.status == "failed"]) == 3)
    gave_up_after = clock.elapsed() / 3600
    assert {n.message.order_number for n in notices.undelivered()} == {1, 2, 3}
    assert set(notices.by_order()) == {1, 2, 3}
    assert fake.messages == []

    # Twilio works again: the next send that works is followed by the kitchen's alert.
    fake.answer_normally()
    store.run(lambda uow: uow.enqueue(OutboundMessage(CUSTOMER, "Seu pedido saiu", "customer")))
    worker.run_once()
    bodies = [m["Body"] for m in fake.messages]
    assert bodies[0] == "Seu pedido saiu"
    [alert] = bodies[1:]
    assert "não chegaram" in alert
    assert all(f"Pedido #{n}" in alert for n in (1, 2, 3))
    assert all(n.reported for n in notices.undelivered())
    worker.run_once()
    assert len(fake.messages) == 2  # told once

    assert notices.redrive() == 3
    worker.run_once()
    assert sorted(m["Body"].split("\n")[0] for m in fake.messages[2:]) == [
        f"🛎️ Novo pedido #{n}" for n in (1, 2, 3)]
    assert notices.undelivered() == []
    report(f"outbox, 401 that never ends (fake clock): notices given up after "
           f"{gave_up_after:.1f} h, shown on orders 1-3, the kitchen told on the next send "
           "that worked, all 3 delivered once re-driven")


def test_a_slow_twilio_near_the_timeout_never_sends_a_notice_twice(fake, tmp_path):
    """Two workers (each with its own store connection, as two processes) share the outbox;
    every send takes 80% of the client's timeout and more than a whole lease."""
    path = tmp_path / "shared.sqlite3"
    stores = [SqliteStore(path), SqliteStore(path)]
    bodies = enqueue(stores[0], 12)
    fake.delay(0.8)
    workers = [OutboxWorker(db, messenger(fake, timeout=1.0), lease=timedelta(seconds=0.6),
                            poll_seconds=0.05, name=f"worker-{n}")
               for n, db in enumerate(stores)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    try:
        fake.wait_for_messages(12, timeout=60)
        time.sleep(1.5)  # long enough for a lapsed lease to be re-claimed and sent again
    finally:
        for worker in workers:
            worker.stop()
        for db in stores:
            db.close()
    elapsed = time.monotonic() - started
    accepted = fake.accepted_bodies()
    assert set(accepted) == set(bodies)
    assert set(accepted.values()) == {1}, accepted
    report(f"outbox, slow Twilio (0.8 s per send, 1 s timeout, 0.6 s lease renewed while "
           f"sending), 2 workers: 12/12 delivered once in {elapsed:.1f} s")


def test_a_twilio_that_hangs_past_the_timeout_is_tried_again_after_the_backoff(fake, store):
    """A request that got no answer may still have been taken: Twilio has no idempotency
    key for messages, so the retry can make a second copy. The worker waits the backoff
    (it does not hammer a hanging Twilio) and never gives the notice up for it."""
    [body] = enqueue(store, 1)
    clock = Clock()
    worker = OutboxWorker(store, messenger(fake, timeout=0.5), clock=clock)
    fake.hold()
    started = time.monotonic()
    assert worker.run_once() == 0  # the request hung past the client's timeout
    waited = time.monotonic() - started
    fake.release()  # Twilio answers the abandoned request after all
    fake.wait_for_messages(1, timeout=10)
    [notice] = NoticeService(store).undelivered()
    assert notice.status == "retrying" and "Timeout" in (notice.last_error or "")
    assert worker.run_once() == 0  # not before the backoff
    clock.advance(timedelta(seconds=5))
    assert worker.run_once() == 1
    assert fake.accepted_bodies()[body] == 2
    report(f"outbox, Twilio hanging past the 0.5 s timeout: the worker gave up the request "
           f"after {waited:.1f} s and retried after the 5 s backoff; the hung request, "
           "answered late, also reached Twilio (2 copies: a timeout cannot tell)")
