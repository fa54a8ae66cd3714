"""Opening hours over POST /webhook, with the app's real clock.

The hours do not depend on when the suite runs: open all day every day, or closed
every day of the week.
"""

from __future__ import annotations

from service.domain.hours import DAYS
from tests.api.conftest import StartApp
from tests.builders import menu_with_hours

ALWAYS_OPEN = {"timezone": "America/Sao_Paulo", **dict.fromkeys(DAYS, "00:00-24:00")}
NEVER_OPEN = {"timezone": "America/Sao_Paulo", **dict.fromkeys(DAYS, "fechado")}


def test_a_closed_kitchen_says_so_keeps_the_cart_and_takes_no_order(start_app: StartApp):
    app = start_app(menu_with_hours(NEVER_OPEN))
    greeting = app.say("oi")
    assert "Cozinha da Cris" in greeting and "Estamos fechados agora" in greeting
    hours = app.say("até que horas vcs abrem?")
    assert "• seg a dom: fechado" in hours and "não abrimos" in hours
    assert "2x Feijoada Completa" in app.say("quero 2 feijoadas")
    refused = app.say("finalizar")
    assert "Não conseguimos finalizar o pedido agora" in refused and "endereço" not in refused
    conversation = app.conversation()
    assert conversation is not None and conversation["state"] == "ordering"
    assert [(line["item_id"], line["quantity"]) for line in conversation["cart"]] == [
        ("feijoada", 2)]
    assert app.orders() == []


def test_an_open_kitchen_answers_hours_and_takes_the_order(start_app: StartApp):
    app = start_app(menu_with_hours(ALWAYS_OPEN))
    assert "fechados" not in app.say("oi")
    hours = app.say("vcs abrem domingo?")
    assert "• seg a dom: 24 horas" in hours and "Hoje" in hours
    assert "Agora estamos abertos! 😊" in hours
    app.say("quero 2 feijoadas")
    assert "endereço" in app.say("finalizar")
    app.say("Rua das Laranjeiras, 120, ap 31, Centro")
    assert "Confirma o pedido?" in app.say("pix")
    assert "Pedido #1 confirmado" in app.say("sim")
    assert len(app.orders()) == 1
