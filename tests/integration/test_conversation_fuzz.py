"""Any conversation on any of the test menus, through the real parser and engine, is answered:
no exception, no empty or over-long reply, whatever the customer types."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.adapters.recording_messenger import RecordingMessenger
from service.application.menus import load_menu_file, seed_menu
from service.bootstrap import bootstrap, build_store, default_parser
from service.domain.conversation import Inbound, Location
from service.domain.menu import Menu
from service.domain.messages import MAX_MESSAGE_CHARS, MAX_REPLY_MESSAGES
from service.settings import Settings
from tests.builders import NOW

ROOT = Path(__file__).resolve().parents[2]
MENUS = [*sorted((ROOT / "tests" / "nlu_data" / "menus").glob("*.json")),
         ROOT / "data" / "menu_seed.json"]
COMMON = [
    "oi", "boa noite", "cardapio", "quero", "me ve", "2", "3", "uma", "duas", "meia", "dúzia",
    "sem cebola", "com", "e", "mais", "tira", "na verdade", "sao", "so isso", "fechar", "sim",
    "nao", "pix", "cartao", "dinheiro", "troco pra 50", "rua das flores 10", "numero", "apto 12",
    "retirar", "entrega", "quanto", "?", "kkkk", "😂", "👍", "obg", "atendente", "cancelar",
    "carrinho", "o 3", "o 7", "de novo", "o de sempre", "esqueci", "cadê", "taxa", "demora",
    "1/2", "1,5", "100", "999999", "-1", "0", "", "\n", "R$ 10", "vinte e cinco", "grande",
    "lata", "2l", "combo", "porção", "@#$%", "<b>", "&amp;", "\u200b",
]
PHONE = "whatsapp:+5511987650000"
KITCHEN = "whatsapp:+5511900000000"
KITCHEN_SAYS = ["1 pronto", "pedidos", "pausar", "voltar", "1 saiu", "esgotado", "ajuda"]


@cache
def _menu(path: Path) -> tuple[Menu, Any]:
    menu = load_menu_file(path)
    return menu, default_parser(menu.catalog)


class Clock:
    """Moved by the test: a minute per message."""

    def __init__(self) -> None:
        self.now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


@st.composite
def conversations(draw: st.DrawFn) -> tuple[Path, list[tuple[str, str, bool]]]:
    path = draw(st.sampled_from(MENUS))
    menu, _ = _menu(path)
    words = COMMON + [word for item in menu.catalog.items for word in item.name.lower().split()]
    messages = []
    for _ in range(draw(st.integers(1, 12))):
        sender = "kitchen" if draw(st.integers(0, 19)) == 0 else "customer"
        text = " ".join(draw(st.lists(st.sampled_from(words), max_size=8)))
        if draw(st.integers(0, 29)) == 0:
            text = text * draw(st.integers(10, 80))  # a flood
        if sender == "kitchen":
            text = draw(st.sampled_from(KITCHEN_SAYS))
        messages.append((sender, text, draw(st.integers(0, 24)) == 0))
    return path, messages


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conversations())
def test_any_conversation_on_any_menu_is_answered(conversation) -> None:
    path, messages = conversation
    menu, parser = _menu(path)
    config = Settings(_env_file=None, environment="development",  # type: ignore[call-arg]
                      kitchen_whatsapp_number=KITCHEN)
    clock = Clock()
    store = build_store(config, memory=True, clock=clock)
    seed_menu(store, menu)
    container = bootstrap(config, store=store, messenger=RecordingMessenger(),
                          parser_factory=lambda catalog: parser, clock=clock)
    try:
        for number, (sender, text, shares_location) in enumerate(messages):
            clock.now += timedelta(minutes=1)
            if sender == "kitchen":
                container.kitchen.handle(Inbound(KITCHEN, text, f"k{number}"))
                continue
            location = Location(-23.56, -46.65) if shares_location else None
            handoff = container.handoffs.of(PHONE)
            attended = handoff is not None and container.handoffs.holding(handoff)
            replies = container.inbound.handle(
                Inbound(PHONE, text, f"m{number}", "Cliente", location=location))
            container.outbox_worker.run_once()
            # A person attending the customer answers instead (the assistant keeps quiet).
            assert (0 if attended else 1) <= len(replies) <= MAX_REPLY_MESSAGES, (text, replies)
            assert all(reply.strip() and len(reply) <= MAX_MESSAGE_CHARS for reply in replies)
    finally:
        container.close()
