"""Opening hours in the conversation: the greeting, "até que horas?", and checkout while closed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from nlu.result import ParseResult
from service.domain.conversation import Conversation, State
from service.domain.engine import step
from service.domain.events import Event, OrderPlaced
from service.domain.menu import Menu
from tests.builders import inbound, menu_with_hours, seed_menu
from tests.builders import parsed as p

BRT = timezone(timedelta(hours=-3))  # São Paulo, no daylight saving
# Lunch every day but Monday, dinner Thursday to Saturday (2 March 2026 is a Monday).
HOURS = {
    "timezone": "America/Sao_Paulo",
    "seg": "fechado",
    "ter": "11:00-15:00",
    "qua": "11:00-15:00",
    "qui": "11:00-15:00,18:00-22:30",
    "sex": "11:00-15:00,18:00-22:30",
    "sab": "11:00-15:00,18:00-22:30",
    "dom": "11:00-15:00",
}
MENU = menu_with_hours(HOURS)
TUESDAY_LUNCH = datetime(2026, 3, 3, 12, 0, tzinfo=BRT)
TUESDAY_NIGHT = datetime(2026, 3, 3, 20, 0, tzinfo=BRT)
THURSDAY_AFTERNOON = datetime(2026, 3, 5, 16, 0, tzinfo=BRT)
SATURDAY_NIGHT = datetime(2026, 3, 7, 23, 0, tzinfo=BRT)
MONDAY_NOON = datetime(2026, 3, 2, 12, 0, tzinfo=BRT)


class Clocked:
    """One customer talking to the pure engine at instants the test chooses."""

    def __init__(self, menu: Menu = MENU) -> None:
        self.menu = menu
        self.conv: Conversation | None = None
        self.events: list[Event] = []

    def state(self) -> State:
        """The current step (a call, so type checkers do not narrow it between messages)."""
        assert self.conv is not None
        return self.conv.state

    def send(self, result: ParseResult, text: str, now: datetime) -> str:
        self.conv, replies, events = step(self.conv, inbound(text), result, self.menu, now)
        self.events.extend(events)
        return "\n\n".join(replies)

    def to_confirmation(self, now: datetime) -> str:
        self.send(p("add_items", [("feijoada", 2)]), "quero 2 feijoadas", now)
        self.send(p("checkout"), "finalizar", now)
        self.send(p("unknown"), "Rua das Laranjeiras, 120, Centro", now)
        return self.send(p("unknown", payment="pix"), "pix", now)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (TUESDAY_NIGHT, "Estamos fechados agora; abrimos amanhã (quarta) às 11:00."),
        (THURSDAY_AFTERNOON, "Estamos fechados agora; abrimos hoje às 18:00."),
        (SATURDAY_NIGHT, "Estamos fechados agora; abrimos amanhã (domingo) às 11:00."),
        (MONDAY_NOON, "Estamos fechados agora; abrimos amanhã (terça) às 11:00."),
        (datetime(2026, 3, 1, 16, 0, tzinfo=BRT),
         "Estamos fechados agora; abrimos na terça às 11:00."),
    ],
)
def test_the_greeting_says_when_closed_and_when_we_open(now: datetime, expected: str):
    reply = Clocked().send(p("greeting"), "oi", now)
    assert "Cozinha da Cris" in reply
    assert expected in reply


@pytest.mark.parametrize("menu", [MENU, seed_menu()], ids=["open", "no hours"])
def test_the_greeting_says_nothing_about_hours_when_open(menu: Menu):
    reply = Clocked(menu).send(p("greeting"), "oi", TUESDAY_LUNCH)
    assert "fechados" not in reply


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("até que horas?", TUESDAY_LUNCH,
         ["• seg: fechado", "• ter e qua: 11:00 às 15:00",
          "• qui a sáb: 11:00 às 15:00 e 18:00 às 22:30", "• dom: 11:00 às 15:00",
          "Hoje (terça) abrimos das 11:00 às 15:00.", "Agora estamos abertos! 😊"]),
        ("vcs abrem domingo?", THURSDAY_AFTERNOON,
         ["Hoje (quinta) abrimos das 11:00 às 15:00 e das 18:00 às 22:30.",
          "Estamos fechados agora; abrimos hoje às 18:00.", "• dom: 11:00 às 15:00"]),
        ("abrem segunda?", MONDAY_NOON,
         ["Hoje (segunda) não abrimos.", "abrimos amanhã (terça) às 11:00"]),
    ],
)
def test_ask_hours_answers_with_the_week_and_now(text: str, now: datetime, expected: list[str]):
    chat = Clocked()
    chat.send(p("greeting"), "oi", now)
    reply = chat.send(p("ask_hours"), text, now)
    for line in expected:
        assert line in reply
    if "Agora estamos abertos" in reply:
        assert "fechados" not in reply


def test_ask_hours_without_published_hours_says_so():
    chat = Clocked(seed_menu())
    chat.send(p("greeting"), "oi", TUESDAY_NIGHT)
    reply = chat.send(p("ask_hours"), "até que horas?", TUESDAY_NIGHT)
    assert "não publicou o horário de funcionamento" in reply


def test_closed_customers_browse_and_fill_the_cart_but_cannot_check_out():
    chat = Clocked()
    now = THURSDAY_AFTERNOON
    chat.send(p("greeting"), "oi", now)
    assert "Feijoada Completa" in chat.send(p("show_menu"), "cardápio", now)
    chat.send(p("add_items", [("feijoada", 2)]), "quero 2 feijoadas", now)
    refused = chat.send(p("checkout"), "finalizar", now)
    assert "Estamos fechados agora; abrimos hoje às 18:00." in refused
    assert "carrinho fica guardado" in refused and "endereço" not in refused
    assert chat.conv is not None and chat.conv.state is State.ORDERING
    assert chat.conv.cart.quantity_of("feijoada") == 2
    # At dinner time the same cart goes through.
    dinner = THURSDAY_AFTERNOON + timedelta(hours=2, minutes=5)
    assert "endereço" in chat.send(p("checkout"), "finalizar", dinner)
    assert chat.state() is State.ASKING_ADDRESS


@pytest.mark.parametrize(
    ("menu", "now"),
    [(MENU, TUESDAY_LUNCH), (seed_menu(), TUESDAY_NIGHT)],
    ids=["open", "no hours"],
)
def test_orders_are_placed_when_open_or_without_hours(menu: Menu, now: datetime):
    chat = Clocked(menu)
    assert "Confirma o pedido?" in chat.to_confirmation(now)
    chat.send(p("confirm"), "sim", now)
    assert [type(e) for e in chat.events] == [OrderPlaced]


@pytest.mark.parametrize(
    ("shown", "confirmed", "placed"),
    [
        # Summary at 14:55, "sim" at 15:04: within the grace after closing, taken.
        (datetime(2026, 3, 3, 14, 55, tzinfo=BRT), datetime(2026, 3, 3, 15, 4, tzinfo=BRT), True),
        # "sim" long after closing: refused.
        (datetime(2026, 3, 3, 14, 55, tzinfo=BRT), datetime(2026, 3, 3, 15, 20, tzinfo=BRT),
         False),
        # Thursday dinner: summary at 22:25, "sim" at 22:33, taken.
        (datetime(2026, 3, 5, 22, 25, tzinfo=BRT), datetime(2026, 3, 5, 22, 33, tzinfo=BRT),
         True),
    ],
)
def test_confirming_at_closing_time(shown: datetime, confirmed: datetime, placed: bool):
    """A summary shown while open may be confirmed up to CONFIRM_GRACE after closing."""
    chat = Clocked()
    assert "Confirma o pedido?" in chat.to_confirmation(shown)
    reply = chat.send(p("confirm"), "sim", confirmed)
    assert chat.conv is not None
    if placed:
        assert [type(e) for e in chat.events] == [OrderPlaced]
        assert chat.conv.cart.empty
    else:
        assert chat.events == []
        assert "A cozinha fechou e o pedido não foi enviado." in reply
        assert "abrimos amanhã (quarta) às 11:00" in reply
        assert chat.conv.state is State.ORDERING
        assert chat.conv.cart.quantity_of("feijoada") == 2


def test_a_summary_shown_after_closing_cannot_be_confirmed():
    chat = Clocked()
    chat.send(p("add_items", [("feijoada", 1)]), "uma feijoada", TUESDAY_LUNCH)
    chat.send(p("checkout"), "finalizar", datetime(2026, 3, 3, 14, 58, tzinfo=BRT))
    chat.send(p("unknown"), "Rua das Laranjeiras, 120, Centro",
              datetime(2026, 3, 3, 14, 59, tzinfo=BRT))
    late = datetime(2026, 3, 3, 15, 1, tzinfo=BRT)
    assert "Confirma o pedido?" in chat.send(p("unknown", payment="pix"), "pix", late)
    reply = chat.send(p("confirm"), "sim", late + timedelta(minutes=1))
    assert "A cozinha fechou e o pedido não foi enviado." in reply
    assert chat.events == []


@pytest.mark.parametrize(
    ("back", "kept"),
    [
        # Filled at 20:00 on Tuesday (closed until Wednesday 11:00): kept the next morning,
        # more than 12 hours later, as the customer was told.
        (datetime(2026, 3, 4, 11, 5, tzinfo=BRT), True),
        (datetime(2026, 3, 4, 14, 50, tzinfo=BRT), True),
        # Twelve hours after the kitchen opened, the cart belongs to another meal.
        (datetime(2026, 3, 4, 23, 30, tzinfo=BRT), False),
    ],
)
def test_a_cart_kept_while_closed_waits_for_the_opening(back: datetime, kept: bool):
    chat = Clocked()
    chat.send(p("add_items", [("feijoada", 2)]), "quero 2 feijoadas", TUESDAY_NIGHT)
    assert "carrinho fica guardado" in chat.send(p("checkout"), "finalizar", TUESDAY_NIGHT)
    reply = chat.send(p("checkout"), "finalizar", back)
    assert chat.conv is not None
    assert ("esvaziado" not in reply) is kept
    assert (chat.conv.cart.quantity_of("feijoada") == 2) is kept
    if kept:
        assert chat.conv.state is State.ASKING_ADDRESS


def test_a_cart_left_while_open_still_expires_after_twelve_hours():
    chat = Clocked()
    chat.send(p("add_items", [("feijoada", 2)]), "quero 2 feijoadas", TUESDAY_LUNCH)
    reply = chat.send(p("checkout"), "finalizar", TUESDAY_LUNCH + timedelta(hours=24, minutes=5))
    assert "esvaziado" in reply
    assert chat.conv is not None and chat.conv.cart.empty
