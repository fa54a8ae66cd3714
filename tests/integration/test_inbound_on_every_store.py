"""The application on every store: a whole order, the kitchen message in the outbox, a retry."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from nlu import Parser
from service.adapters.recording_messenger import RecordingMessenger
from service.application.inbound import InboundService
from service.application.kitchen import KitchenService
from service.application.menu_cache import MenuCache
from service.application.outbox_worker import OutboxWorker
from service.application.ports import RestaurantStore
from tests.builders import PHONE, inbound, second_menu, seed_menu

KITCHEN = "whatsapp:+5511900000000"


@pytest.mark.parametrize(
    ("menu", "script", "total_cents"),
    [
        (seed_menu(), ["oi", "quero 2 feijoadas e uma coca", "a de lata", "finalizar",
                       "Rua Piauí, 33, Centro", "cartão", "sim"], 2 * 3490 + 600 + 500),
        (second_menu(), ["oi", "3 quindins e um frango", "1", "finalizar",
                         "Rua Tocantins, 8, Vila Nova", "pix", "sim"], 3 * 425 + 2150),
    ],
    ids=["cozinha-da-cris", "dona-lurdes"],
)
def test_a_whole_order_on_the_store(store: RestaurantStore, menu, script, total_cents):
    store.save_menu(menu)
    service = InboundService(store, MenuCache(store, Parser, 0), KITCHEN)
    replies = []
    for n, text in enumerate(script):
        replies = list(service.handle(inbound(text, message_id=f"SM-{n}")))
    assert "Pedido #1 confirmado" in "\n".join(replies)
    again = service.handle(inbound("sim", message_id=f"SM-{len(script) - 1}"))
    assert list(again) == replies  # a repeated delivery gets the same answer
    [order] = [stored.to_dict() for stored in store.list_orders()]
    assert order["total_cents"] == total_cents and order["number"] == 1

    messenger = RecordingMessenger()
    messenger.fail_next(1)
    clock = [datetime.now(UTC) + timedelta(seconds=1)]
    worker = OutboxWorker(store, messenger, clock=lambda: clock[0])
    assert worker.run_once() == 0
    clock[0] += timedelta(minutes=1)
    assert worker.run_once() == 1
    [kitchen] = messenger.sent
    assert kitchen.to == KITCHEN and "Novo pedido #1" in kitchen.body
    clock[0] += timedelta(hours=1)
    assert worker.run_once() == 0


def test_the_kitchen_moves_the_order_and_the_customer_hears_once(store: RestaurantStore):
    store.save_menu(seed_menu())
    service = InboundService(store, MenuCache(store, Parser, 0), KITCHEN)
    kitchen = KitchenService(store, KITCHEN)
    for n, text in enumerate(["oi", "2 pudins", "finalizar", "Rua Ceará, 45, Pinheiros",
                              "pix", "sim"]):
        service.handle(inbound(text, message_id=f"SM-{n}"))
    assert kitchen.is_kitchen(KITCHEN) and not kitchen.is_kitchen(PHONE)
    command = inbound("Saiu #1", phone=KITCHEN, name="Cozinha", message_id="SM-kitchen")
    first = kitchen.handle(command)
    again = kitchen.handle(command)  # a repeated delivery
    assert first == again and "saiu para entrega*. Cliente avisado" in first[0]
    assert store.list_orders()[0].status == "saiu_para_entrega"

    messenger = RecordingMessenger()
    worker = OutboxWorker(store, messenger, clock=lambda: datetime.now(UTC) + timedelta(seconds=1))
    while worker.run_once():
        pass
    to_customer = [m for m in messenger.sent if m.to == PHONE]
    assert [m.to for m in messenger.sent].count(KITCHEN) == 1
    assert len(to_customer) == 1 and "*#1* saiu para entrega" in to_customer[0].body
    [reply] = service.handle(inbound("cadê meu pedido?", message_id="SM-where"))
    assert "a caminho" in reply


@pytest.mark.parametrize(
    ("pix_key", "expected"),
    [
        ("pix@cozinhadacris.com.br", "chave *pix@cozinhadacris.com.br*, valor *R$\xa074,80*"),
        (None, "enviamos a chave por aqui"),
    ],
)
def test_paying_by_pix_the_confirmation_says_how(store: RestaurantStore, pix_key, expected):
    menu = seed_menu()
    menu = replace(menu, restaurant=replace(menu.restaurant, pix_key=pix_key))
    store.save_menu(menu)
    service = InboundService(store, MenuCache(store, Parser, 0), KITCHEN)
    script = ["oi", "2 feijoadas", "finalizar", "Rua Piauí, 33, Centro", "pix", "sim"]
    replies: list[str] = []
    for n, text in enumerate(script):
        replies = list(service.handle(inbound(text, message_id=f"SM-pix-{n}")))
    confirmation = "\n".join(replies)
    assert "Pedido #1 confirmado" in confirmation
    assert expected in confirmation
