"""The outbox delivered by the real Twilio client to the local fake Twilio API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from service.adapters.sqlite.store import SqliteStore
from service.adapters.twilio_messenger import TwilioMessenger
from service.application.outbox_worker import OutboxWorker, RetryPolicy, retry_delay
from service.application.ports import MessengerError, OutboundMessage
from tests.fake_twilio import FakeTwilio

SID = "AC" + "1" * 32
TOKEN = "f" * 32
SENDER = "whatsapp:+14155238886"
KITCHEN = "whatsapp:+5511900000000"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC) + timedelta(seconds=1)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with FakeTwilio(SID, TOKEN) as server:
        yield server


@pytest.fixture
def messenger(fake: FakeTwilio) -> TwilioMessenger:
    return TwilioMessenger(SID, TOKEN, SENDER, api_base_url=fake.url)


def enqueue(store: SqliteStore, body: str, message_id: str = "SM-k") -> None:
    store.run(lambda uow: uow.enqueue(OutboundMessage(KITCHEN, body, "kitchen")))


def test_the_real_client_sends_the_exact_request(fake, messenger):
    sid = messenger.send(OutboundMessage(KITCHEN, "🛎️ Novo pedido #7\n2x Feijoada", "kitchen"))
    assert sid is not None and sid.startswith("SM")
    [request] = fake.requests
    assert request.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert (request.username, request.password) == (SID, TOKEN)
    assert request.form == {"To": KITCHEN, "From": SENDER, "Body": "🛎️ Novo pedido #7\n2x Feijoada"}
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "twilio-python" in request.headers["User-Agent"]


@pytest.mark.parametrize(
    ("status", "code", "retryable"),
    [(500, 20500, True), (503, 20503, True), (429, 20429, True), (400, 21211, False),
     (400, 63016, False),  # outside the 24 h window: the same answer every time
     (401, 20003, True),  # credentials being rotated: an operator fixes it, the message waits
     (403, 20003, True)],
)
def test_twilio_errors_say_whether_to_retry(fake, messenger, status, code, retryable):
    fake.fail_next(1, status=status, code=code, message="erro")
    with pytest.raises(MessengerError) as raised:
        messenger.send(OutboundMessage(KITCHEN, "oi", "kitchen"))
    assert raised.value.retryable is retryable
    assert raised.value.status == status
    assert str(code) in str(raised.value)


@pytest.mark.parametrize(("header", "seconds"), [("120", 120), ("0", 0), ("amanhã", None),
                                                ("999999", 3600)])
def test_a_429_says_how_long_to_wait(fake, messenger, header, seconds):
    fake.fail_next(1, status=429, code=20429, message="Too Many Requests", retry_after=header)
    with pytest.raises(MessengerError) as raised:
        messenger.send(OutboundMessage(KITCHEN, "oi", "kitchen"))
    expected = timedelta(seconds=seconds) if seconds is not None else None
    assert raised.value.retry_after == expected


def test_wrong_credentials_are_refused_by_the_fake_and_retried(fake):
    wrong = TwilioMessenger(SID, "0" * 32, SENDER, api_base_url=fake.url)
    with pytest.raises(MessengerError) as raised:
        wrong.send(OutboundMessage(KITCHEN, "oi", "kitchen"))
    assert raised.value.retryable and raised.value.status == 401
    assert fake.messages == []


def test_an_unreachable_twilio_is_retryable():
    with FakeTwilio(SID, TOKEN) as gone:
        url = gone.url
    messenger = TwilioMessenger(SID, TOKEN, SENDER, api_base_url=url)
    with pytest.raises(MessengerError) as raised:
        messenger.send(OutboundMessage(KITCHEN, "oi", "kitchen"))
    assert raised.value.retryable


def test_outbox_retries_with_backoff_until_twilio_accepts(tmp_path, fake, messenger):
    store = SqliteStore(tmp_path / "s.sqlite3")
    clock = Clock()
    worker = OutboxWorker(store, messenger, clock=clock)
    enqueue(store, "Pedido #1")
    fake.fail_next(2, status=503, code=20503)
    assert worker.run_once() == 0
    assert worker.run_once() == 0  # not due yet: waiting for the backoff
    clock.advance(retry_delay(1))
    assert worker.run_once() == 0
    clock.advance(retry_delay(2))
    assert worker.run_once() == 1
    assert [m["Body"] for m in fake.messages] == ["Pedido #1"]
    assert len(fake.requests) == 3
    clock.advance(timedelta(hours=1))
    assert worker.run_once() == 0  # sent once, never again
    assert store.outbox_status() == {"sent": 1}
    store.close()


def test_outbox_gives_up_by_age_and_at_once_on_permanent_errors(tmp_path, fake, messenger):
    store = SqliteStore(tmp_path / "s.sqlite3")
    clock = Clock()
    worker = OutboxWorker(store, messenger, clock=clock,
                          policy=RetryPolicy(give_up_after=timedelta(hours=1)))
    enqueue(store, "vai falhar sempre", "SM-a")
    fake.answer_with(500, 20500)
    for _ in range(7):  # every 10 minutes for an hour
        worker.run_once()
        clock.advance(timedelta(minutes=10))
    worker.run_once()
    assert len(fake.requests) == 7  # tried until it was an hour old, then given up
    assert [u.status for u in store.undelivered()] == ["failed"]
    fake.answer_normally()
    enqueue(store, "número inválido", "SM-b")
    fake.fail_next(1, status=400, code=21211, message="Invalid 'To' Phone Number")
    worker.run_once()
    clock.advance(timedelta(hours=1))
    worker.run_once()
    assert len(fake.requests) == 8
    assert store.outbox_status() == {"failed": 2}
    store.close()


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 5), (2, 10), (3, 20), (4, 40), (5, 60),
                                                   (20, 60), (10_000, 60)])
def test_backoff_doubles_and_is_capped(attempts, seconds):
    assert retry_delay(attempts) == timedelta(seconds=seconds)


def test_an_image_goes_as_twilio_media_with_its_caption(fake, messenger):
    image = "https://pedidos.example.com.br/media/pix/abc.def.png"
    messenger.send(OutboundMessage(KITCHEN, "💠 QR Code do Pix do pedido #7", media_url=image))
    [request] = fake.requests
    assert request.form == {"To": KITCHEN, "From": SENDER, "Body": "💠 QR Code do Pix do pedido #7",
                            "MediaUrl": image}
