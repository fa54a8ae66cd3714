"""The conversation's new use cases on every store: cancelling an order, "o de sempre", erasure.

The real parser reads the messages; the few readings it does not give yet ("o de
sempre", "apaga meus dados") are scripted, as the parser's ParseResult would carry them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import ClassVar

import pytest

from nlu import Context, Expecting, Intent, Parser, ParseResult
from service.adapters.recording_messenger import RecordingMessenger
from service.application.inbound import InboundService
from service.application.kitchen import KitchenService
from service.application.menu_cache import MenuCache
from service.application.outbox_worker import OutboxWorker
from service.application.ports import OutboundMessage, RestaurantStore
from service.domain.order_status import OrderStatus
from tests.builders import PHONE, inbound, seed_menu

KITCHEN = "whatsapp:+5511900000000"
ORDER = ["oi", "1 feijoada e 1 coca lata", "finalizar", "Rua Piauí, 33, Centro", "pix", "sim"]


class Scripted:
    """The real parser, with some readings given as the parser will give them."""

    readings: ClassVar[dict[str, ParseResult]] = {}
    contexts: ClassVar[list[Context | None]] = []

    def __init__(self, catalog: object) -> None:
        self.real = Parser(catalog)  # type: ignore[arg-type]

    def parse(self, text: str, context: Context | None = None) -> ParseResult:
        Scripted.contexts.append(context)
        return Scripted.readings.get(text) or self.real.parse(text, context)

    def choose(self, text: str, candidate_ids: Sequence[str]) -> str | None:
        return self.real.choose(text, candidate_ids)


@pytest.fixture(autouse=True)
def _readings() -> None:
    Scripted.readings = {
        "o de sempre": ParseResult(Intent.UNKNOWN, repeat_last=True),
        "apaga meus dados": ParseResult(Intent.UNKNOWN, erase_data=True),
    }
    Scripted.contexts = []


def _service(store: RestaurantStore, **options: object) -> InboundService:
    store.save_menu(seed_menu())
    return InboundService(store, MenuCache(store, Scripted, 0), KITCHEN, **options)  # type: ignore[arg-type]


def _say(service: InboundService, texts: Sequence[str], start: int = 0) -> list[str]:
    replies: list[str] = []
    for n, text in enumerate(texts, start):
        replies = list(service.handle(inbound(text, message_id=f"SM-{n}")))
    return replies


def _sent(store: RestaurantStore) -> list[OutboundMessage]:
    messenger = RecordingMessenger()
    worker = OutboxWorker(store, messenger, clock=lambda: datetime.now(UTC) + timedelta(seconds=1))
    while worker.run_once():
        pass
    return messenger.sent


def test_a_new_order_is_cancelled_and_kitchen_and_customer_are_told_once(store: RestaurantStore):
    service = _service(store)
    _say(service, ORDER)
    asked = _say(service, ["quero cancelar meu pedido"], 10)
    assert "Quer cancelar o pedido *#1*?" in asked[0]
    done = _say(service, ["sim"], 11)
    assert "pedido *#1* foi cancelado" in done[0]
    assert store.list_orders()[0].status is OrderStatus.CANCELLED
    sent = _sent(store)
    kitchen = [m.body for m in sent if m.to == KITCHEN]
    assert len(kitchen) == 2 and "CANCELADO pelo cliente" in kitchen[1]
    assert [m for m in sent if m.to == PHONE] == []  # the reply told the customer
    assert "foi cancelado" in _say(service, ["cadê meu pedido?"], 12)[0]


def test_an_order_the_kitchen_started_meanwhile_is_not_cancelled_a_person_is_called(
    store: RestaurantStore,
):
    service = _service(store)
    kitchen = KitchenService(store, KITCHEN)
    _say(service, ORDER)
    _say(service, ["cancela meu pedido"], 10)
    kitchen.handle(inbound("preparando 1", phone=KITCHEN, name="Cozinha", message_id="SM-k"))
    reply = _say(service, ["sim"], 11)
    assert "já está *em preparo*" in reply[0] and "chamei alguém" in reply[0]
    assert store.list_orders()[0].status is OrderStatus.PREPARING
    kitchen_messages = [m.body for m in _sent(store) if m.to == KITCHEN]
    assert any("Atendimento 1" in body for body in kitchen_messages)  # a person is called


def test_o_de_sempre_repeats_the_last_order_from_the_store(store: RestaurantStore):
    service = _service(store)
    _say(service, ORDER)
    offer = _say(service, ["o de sempre"], 10)
    assert "Seu último pedido" in offer[0] and "Feijoada Completa" in offer[0]
    summary = _say(service, ["isso"], 11)
    assert "Confirma o pedido?" in summary[0] and "Rua Piauí, 33, Centro" in summary[0]
    assert "Pedido #2 confirmado" in _say(service, ["sim"], 12)[0]
    first, second = sorted(store.list_orders(), key=lambda order: order.number or 0)
    assert [(line.item_id, line.quantity) for line in second.lines] == \
        [(line.item_id, line.quantity) for line in first.lines]
    assert second.address == first.address and second.payment == first.payment


def test_a_confirmed_erasure_erases_the_conversation_and_anonymises_orders(
    store: RestaurantStore,
):
    service = _service(store)
    _say(service, ORDER)
    assert "apagar os seus dados" in _say(service, ["apaga meus dados"], 10)[0]
    assert "apagamos seu nome" in _say(service, ["sim"], 11)[0]
    assert store.run(lambda uow: uow.get_conversation(PHONE)) is None
    [order] = store.list_orders()
    assert order.anonymous and order.customer_name != "Maria Souza"
    assert "Olá" in _say(service, ["oi"], 12)[0]  # a new customer now


def test_the_parser_reads_each_message_in_the_conversations_context(store: RestaurantStore):
    service = _service(store)
    _say(service, ["oi", "quero 2 feijoadas e uma coca"])
    _say(service, ["a de lata"], 5)
    context = Scripted.contexts[-1]
    assert context is not None and context.expecting is Expecting.CHOICE
    assert context.options == ("coca_lata", "coca_2l") and context.last_item == "feijoada"
    _say(service, ["finalizar"], 6)
    _say(service, ["Rua Piauí, 33, Centro"], 7)
    address_context = Scripted.contexts[-1]
    assert address_context is not None and address_context.expecting is Expecting.ADDRESS
