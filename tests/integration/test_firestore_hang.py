"""Firestore stops answering in the middle of a message: the customer is never left in silence.

The emulator (its own, for this test) is paused with SIGSTOP, as a network that drops
packets would leave the connection: calls neither succeed nor fail. Twilio waits 15 s
for the webhook; the app answers "um instante" before that, and when Firestore answers
again, the message is applied once and its replies reach the customer through the
messaging API.
"""

from __future__ import annotations

import os
import signal
import time
import xml.etree.ElementTree as ElementTree

import httpx
import pytest

from service.adapters.firestore.config import FirestoreConfig, make_client
from service.adapters.firestore.store import FirestoreStore
from service.adapters.recording_messenger import RecordingMessenger
from service.application.menus import seed_menu as save_menu
from service.bootstrap import bootstrap
from service.domain import texts
from service.entrypoints.web import create_app
from service.settings import Settings
from tests.builders import PHONE, seed_menu, twilio_form
from tests.live_server import serve

pytestmark = [pytest.mark.emulator, pytest.mark.slow]

TWILIO_WAITS_SECONDS = 15.0


def send(url: str, body: str, sid: str) -> list[str]:
    response = httpx.post(f"{url}/webhook", data=twilio_form(body, sid),
                          timeout=TWILIO_WAITS_SECONDS)
    assert response.status_code == 200, response.text
    return [m.text or "" for m in ElementTree.fromstring(response.text).iter("Message")]


def test_a_hung_firestore_gets_a_holding_answer_and_the_replies_follow(own_emulator) -> None:
    process, host = own_emulator
    store = FirestoreStore(make_client(FirestoreConfig("hang-test", emulator_host=host)))
    save_menu(store, seed_menu())
    settings = Settings(_env_file=None, environment="development",  # type: ignore[call-arg]
                        twilio_auth_token=None, kitchen_whatsapp_number="whatsapp:+5511900000000")
    messenger = RecordingMessenger()
    container = bootstrap(settings, store=store, messenger=messenger)
    container.answer_within = 2.0
    with serve(create_app(container)) as url:
        assert "Cozinha da Cris" in send(url, "oi", "SM1")[0]
        os.kill(process.pid, signal.SIGSTOP)
        try:
            assert send(url, "quero 2 feijoadas", "SM2") == [texts.still_working()]
            assert messenger.sent == []
        finally:
            os.kill(process.pid, signal.SIGCONT)
        deadline = time.monotonic() + 120
        while not any(m.to == PHONE for m in messenger.sent) and time.monotonic() < deadline:
            time.sleep(0.1)
        [late] = [m for m in messenger.sent if m.to == PHONE]
        assert "2x Feijoada Completa" in late.body and late.purpose == "customer"
        # Twilio delivering the same message again gets the replies that were sent late.
        assert send(url, "quero 2 feijoadas", "SM2") == [late.body]
    stored = store.run(lambda uow: uow.get_conversation(PHONE))
    assert stored is not None
    assert [(line.item_id, line.quantity) for line in stored.cart.lines] == [("feijoada", 2)]
    store.close()
