"""On every test menu, a customer who answers what is asked gets exactly the order meant.

Generated conversations through the real parser, engine and store (in memory): the
customer names items by their full names (no accents, counts in digits or words, "2x",
lists joined by "e", commas, "+" or new lines), sometimes asks first ("vcs tem 2 …?") and
takes them with a word ("então manda"), corrects a count, takes one item out or adds
another, gives the address or the payment early, then answers each question of the
checkout as it comes (the street and then the number, the bairro the menu serves, a
payment the menu accepts, a shared location where delivery goes by distance). Checked: one
order stored with exactly those items and counts, and no question asked again after it
was answered.
"""

from __future__ import annotations

import random
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest

from nlu import MenuItem
from service.application.menus import seed_menu
from service.bootstrap import bootstrap, build_store
from service.domain.conversation import Inbound, Location, State
from service.domain.menu import Menu
from service.scenarios.runner import KITCHEN, _Capture, _Clock, _conversation, _menu
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
MENUS = sorted([
    *(ROOT / "tests" / "nlu_data" / "menus").glob("*.json"),
    *(ROOT / "tests" / "scenarios" / "menus").glob("*.json"),
    ROOT / "data" / "menu_seed.json",
])
CONVERSATIONS_PER_MENU = 4
PHONE = "whatsapp:+5511987650001"
COUNT_WORDS = {1: ["1", "um", "uma"], 2: ["2", "duas", "dois", "2x"], 3: ["3", "tres", "3x"]}
PAYMENT_WORDS = {"pix": "pix", "cartao": "cartao", "dinheiro": "dinheiro",
                 "vale_refeicao": "vale refeicao"}
TAKING = ["entao manda", "pode ser", "quero", "fechou, manda", "beleza manda entao"]
CLOSING = ["so isso", "pode fechar", "finalizar", "e so isso mesmo obrigado", "fecha ai", "so"]
CONFIRMING = ["sim", "isso", "pode mandar", "fechou", "confirmo", "ok pode ser", "sim sim", "s"]


def typed(name: str) -> str:
    plain = unicodedata.normalize("NFD", name)
    return "".join(c for c in plain if unicodedata.category(c) != "Mn").lower()


@dataclass
class Customer:
    """One generated customer: what they want, and how they say it."""

    menu: Menu
    rnd: random.Random
    wanted: dict[str, int] = field(default_factory=dict)

    def count(self, quantity: int) -> str:
        return self.rnd.choice(COUNT_WORDS.get(quantity, [str(quantity)]))

    def subtotal(self) -> int:
        prices = {item.id: item.price_cents for item in self.menu.catalog.items}
        return sum(prices[item_id] * quantity for item_id, quantity in self.wanted.items())

    def minimum(self) -> int:
        restaurant = self.menu.restaurant
        return max([restaurant.min_order_cents,
                    *(zone.min_order_cents or 0 for zone in restaurant.delivery_zones)])

    def reach_minimum(self, picks: list[MenuItem]) -> None:
        while self.subtotal() < self.minimum() + 1000:
            for item in picks:
                self.wanted[item.id] += 1


def converse(path: Path, seed: int) -> tuple[bool, str]:
    menu, parser = _menu(path)
    rnd = random.Random(seed)
    settings = Settings(_env_file=None, environment="development",  # type: ignore[call-arg]
                        kitchen_whatsapp_number=KITCHEN)
    clock = _Clock()
    store = build_store(settings, memory=True, clock=clock)
    seed_menu(store, menu)
    container = bootstrap(settings, store=store, messenger=_Capture(),
                          parser_factory=lambda catalog: parser, clock=clock)
    transcript: list[str] = []
    number = 0

    def say(text: str, location: Location | None = None) -> list[str]:
        nonlocal number
        number += 1
        clock.now += timedelta(minutes=1)
        replies = list(container.inbound.handle(
            Inbound(PHONE, text, f"m{number}", "Ana", location=location)))
        container.outbox_worker.run_once()
        transcript.append(f"👤 {text or location}")
        transcript.extend(f"🤖 {reply}" for reply in replies)
        return replies

    try:
        ok, why = _walk(menu, rnd, say, store)
    finally:
        container.close()
    return ok, why if ok else why + "\n" + "\n".join(transcript[-12:]) + "\n"


def _walk(menu: Menu, rnd: random.Random, say: Callable[..., list[str]],
          store: object) -> tuple[bool, str]:
    restaurant = menu.restaurant
    items = list(menu.catalog.available_items)
    customer = Customer(menu, rnd)
    picks = rnd.sample(items, min(len(items), rnd.choice([1, 2])))
    customer.wanted = {item.id: rnd.choice([1, 2, 3]) for item in picks}
    customer.reach_minimum(picks)
    methods = [method.value for method in restaurant.payment_methods]
    pay = PAYMENT_WORDS[rnd.choice(methods)]
    bairro = typed(restaurant.delivery_zones[0].bairro) if restaurant.delivery_zones \
        else "centro"
    parts = [f"{customer.count(customer.wanted[i.id])} {typed(i.name)}" for i in picks]
    joined = rnd.choice([" e ", ", ", "\n", " + ", " mais "]).join(parts)
    asking = rnd.random() < 0.2
    opening = "vcs tem {}?" if asking else rnd.choice(
        ["boa noite, me ve {}", "oi quero {}", "{} pfv", "ola! {}", "bom dia\n{}"])
    say(opening.format(joined))
    if asking:
        say(rnd.choice(TAKING))
    roll = rnd.random()
    if len(picks) == 1 and roll < 0.3:
        customer.wanted[picks[0].id] += rnd.choice([1, 2])
        say(f"na verdade sao {customer.wanted[picks[0].id]}")
    elif len(picks) == 2 and roll < 0.25:
        customer.wanted[picks[0].id] += 1
        say(f"na verdade sao {customer.wanted[picks[0].id]} {typed(picks[0].name)}")
    elif len(picks) == 2 and roll < 0.45:
        say(rnd.choice(["tira o {}", "pode tirar a {}", "sem a {}, desculpa"]).format(
            typed(picks[1].name)))
        del customer.wanted[picks[1].id]
        if customer.subtotal() < customer.minimum() + 1000:
            extra = customer.minimum() + 1000 - customer.subtotal()
            more = -(-extra // picks[0].price_cents) if picks[0].price_cents else 0
            if more:
                customer.wanted[picks[0].id] += more
                say(f"e mais {more} {typed(picks[0].name)}")
    elif roll < 0.6 and len(items) > len(picks):
        extra_item = rnd.choice([i for i in items if i.id not in customer.wanted])
        quantity = rnd.choice([1, 2])
        say(rnd.choice(["e mais {q} {n}", "coloca tb {q} {n}", "ah e {q} {n}"]).format(
            q=quantity, n=typed(extra_item.name)))
        customer.wanted[extra_item.id] = quantity
    elif roll < 0.7:
        say(rnd.choice(["meu endereco e rua das palmeiras 45",
                        "entrega na rua das palmeiras 45 pfv"]))
    elif roll < 0.8:
        say({"pix": "vou pagar no pix", "cartao": "pago no cartao",
             "dinheiro": "vai ser dinheiro", "vale refeicao": "pago com vr"}[pay])
    say(rnd.choice(CLOSING))
    seen: list[str] = []
    for _ in range(10):
        state = _conversation(store, PHONE).get("state", State.ORDERING.value)
        if state in seen:
            return False, f"asked again at {state}"
        seen.append(state)
        if state == State.ASKING_ADDRESS and rnd.random() < 0.5:
            say(f"rua das palmeiras, 45, casa 2, {bairro}")
        elif state == State.ASKING_ADDRESS:
            say("rua das palmeiras")
        elif state == State.ASKING_ADDRESS_DETAIL:
            say("numero 45, casa 2")
        elif state == State.ASKING_BAIRRO and restaurant.delivery_radius \
                and restaurant.location is not None:
            here = restaurant.location
            say("", Location.shared(here.lat + 0.001, here.lng))
        elif state == State.ASKING_BAIRRO:
            say(bairro)
        elif state == State.ASKING_PAYMENT:
            say(pay)
        elif state == State.ASKING_CHANGE:
            say("nao preciso de troco")
        elif state == State.CONFIRMING:
            say(rnd.choice(CONFIRMING))
            break
        else:
            return False, f"stuck at {state}"
    orders = store.list_orders(10)  # type: ignore[attr-defined]
    stored: dict[str, int] = {}
    for order in orders:
        for line in order.lines:
            stored[line.item_id] = stored.get(line.item_id, 0) + line.quantity
    if len(orders) != 1 or stored != customer.wanted:
        return False, f"{len(orders)} orders, {stored}, wanted {customer.wanted}"
    return True, ""


@pytest.mark.parametrize("path", MENUS, ids=lambda path: path.stem)
def test_a_customer_answering_the_questions_gets_exactly_the_order_meant(path: Path) -> None:
    wrong = []
    for seed in range(CONVERSATIONS_PER_MENU):
        ok, why = converse(path, zlib.crc32(f"{path.stem}-{seed}".encode()))
        if not ok:
            wrong.append(why)
    assert not wrong, "\n".join(wrong)
