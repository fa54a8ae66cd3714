"""A message that cannot get through a contended Firestore transaction: an apology, never silence.

The app runs in process on the emulator with a short retry deadline while another
replica's transaction holds the customer's conversation. The customer is answered
with an apology, nothing is recorded, and the same message delivered again later
is applied normally, once.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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


def replies(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [m.text or "" for m in ElementTree.fromstring(response.text).iter("Message")]


@dataclass
class App:
    """The app served by real uvicorn, and its store."""

    url: str
    store: FirestoreStore

    def send(self, body: str, sid: str) -> list[str]:
        """Post one WhatsApp message (development mode: no signature) and return the replies."""
        return replies(httpx.post(f"{self.url}/webhook", data=twilio_form(body, sid), timeout=60))


@pytest.fixture
def impatient_app(firestore_emulator: Any, firestore_project: str) -> Iterator[App]:
    """The app on a store that gives up after one short round."""
    config = FirestoreConfig(firestore_project, emulator_host=firestore_emulator.host)
    store = FirestoreStore(make_client(config), transaction_attempts=1, inbound_deadline=0.5)
    save_menu(store, seed_menu())
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="development",
        twilio_auth_token=None,
        kitchen_whatsapp_number="whatsapp:+5511900000000",
    )
    container = bootstrap(settings, store=store, messenger=RecordingMessenger())
    with serve(create_app(container)) as url:
        yield App(url, store)
    store.close()


def test_a_contended_message_gets_an_apology_and_its_redelivery_is_applied_once(
    impatient_app: App, firestore_emulator: Any, firestore_project: str
) -> None:
    assert impatient_app.send("oi", "SM1")
    other_replica = make_client(
        FirestoreConfig(firestore_project, emulator_host=firestore_emulator.host)
    )
    path = impatient_app.store.layout.conversation(PHONE).path
    conversation = other_replica.document(path)  # the same document, through the other client
    holder = other_replica.transaction()
    holder._begin()
    list(holder.get_all([conversation]))  # another replica's transaction holds it
    try:
        answer = impatient_app.send("quero 2 feijoadas", "SM2")
    finally:
        holder._rollback()
        other_replica.close()
    assert answer == [texts.apology()]
    assert not impatient_app.store.layout.message(PHONE, "SM2").get().exists  # nothing kept
    before = impatient_app.store.run(lambda uow: uow.get_conversation(PHONE))
    assert before is not None and before.cart.empty

    again = impatient_app.send("quero 2 feijoadas", "SM2")
    assert "2x Feijoada Completa" in again[0]
    assert impatient_app.send("quero 2 feijoadas", "SM2") == again
    stored = impatient_app.store.run(lambda uow: uow.get_conversation(PHONE))
    assert stored is not None
    assert [(line.item_id, line.quantity) for line in stored.cart.lines] == [("feijoada", 2)]
