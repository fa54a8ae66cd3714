"""Orders from the panel: the board, moving them once, refusals, cancellation with a reason."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import ADMIN, KITCHEN, LiveApp, StartApp
from tests.api.panel_support import Staff, customer_bodies, place_order, start_panel
from tests.builders import twilio_form


@pytest.fixture
def app(start_app: StartApp) -> LiveApp:
    return start_panel(start_app)


def test_the_board_shows_a_new_order_with_its_details(app: LiveApp):
    number = place_order(app, items="2 pudins e 1 coca lata sem gelo")
    staff = Staff(app).logged_in()
    board = staff.page("/painel/pedidos/quadro").text
    assert f'data-order="{number}" data-status="novo"' in board
    assert "2× Pudim de Leite" in board and "(sem gelo)" in board
    assert "+55*******4321" in board and "5511987654321" not in board  # masked
    details = staff.page(f"/painel/pedidos/{number}").text
    assert "Rua Ceará, 45, Pinheiros" in details and "google.com/maps" in details
    assert "Pix" in details and "Maria Souza" in details
    comanda = staff.page(f"/painel/pedidos/{number}/comanda").text
    assert "comanda.css" in comanda and f"PEDIDO #{number}" in comanda


def test_moving_an_order_tells_the_customer_once_whoever_repeats_it(app: LiveApp):
    number = place_order(app)
    staff = Staff(app).logged_in()
    moved = staff.post(f"/painel/pedidos/{number}/status", {"status": "saiu_para_entrega"})
    assert moved.status_code == 200 and moved.json()["kind"] == "ok"
    assert "Cliente avisado" in moved.json()["message"]
    twice = staff.post(f"/painel/pedidos/{number}/status", {"status": "saiu_para_entrega"})
    assert twice.json()["kind"] == "info" and "nada mudou" in twice.json()["message"]
    kitchen = app.post(twilio_form(f"saiu {number}", "SM" + "k" * 32, phone=KITCHEN,
                                   name="Cozinha"))
    assert "já está" in kitchen.text
    api = httpx.post(f"{app.url}/api/orders/{number}/status", json={"status":
                     "saiu_para_entrega"}, headers={"Authorization": f"Bearer {ADMIN}"})
    assert api.status_code == 200
    app.fake.wait_for_messages(2)  # the kitchen's new-order message and the customer's
    assert len(app.fake.wait_for_messages(3, timeout=1.5)) == 2
    [told] = customer_bodies(app)
    assert "saiu para entrega" in told


def test_two_people_on_one_order_the_second_is_told_why_nothing_changed(app: LiveApp):
    number = place_order(app)
    first, second = Staff(app).logged_in(), Staff(app).logged_in()
    assert first.post(f"/painel/pedidos/{number}/status",
                      {"status": "saiu_para_entrega"}).status_code == 200
    late = second.post(f"/painel/pedidos/{number}/status",
                       {"status": "cancelado", "motivo": "Pedido repetido"})
    assert late.status_code == 409
    assert late.json()["message"] == (f"Pedido #{number} já saiu para entrega; "
                                      "não dá mais para cancelar.")
    back = second.post(f"/painel/pedidos/{number}/status", {"status": "em_preparo"})
    assert back.status_code == 409 and "não dá para voltar" in back.json()["message"]
    assert "*" not in back.json()["message"]  # WhatsApp's bold marks are not shown
    assert app.orders()[0]["status"] == "saiu_para_entrega"


@pytest.mark.parametrize("number", ["99", "doze", "1e3"])
def test_an_unknown_order_is_said_so(app: LiveApp, number: str):
    place_order(app)
    staff = Staff(app).logged_in()
    answer = staff.post(f"/painel/pedidos/{number}/status", {"status": "em_preparo"})
    assert answer.status_code == 404 and f"Pedido #{number} não existe" in answer.json()["message"]
    page = staff.page(f"/painel/pedidos/{number}")
    assert page.status_code == 404 and "não existe" in page.text


def test_an_unknown_status_is_refused(app: LiveApp):
    number = place_order(app)
    answer = Staff(app).logged_in().post(f"/painel/pedidos/{number}/status", {"status": "pronto"})
    assert answer.status_code == 422 and "Status desconhecido" in answer.json()["message"]


def test_cancelling_needs_a_reason_and_the_customer_reads_it(app: LiveApp):
    number = place_order(app)
    staff = Staff(app).logged_in()
    bare = staff.post(f"/painel/pedidos/{number}/status", {"status": "cancelado"})
    assert bare.status_code == 422 and "motivo" in bare.json()["message"]
    invented = staff.post(f"/painel/pedidos/{number}/status",
                          {"status": "cancelado", "motivo": "qualquer coisa"})
    assert invented.status_code == 422  # only the listed reasons, or one written out
    done = staff.post(f"/painel/pedidos/{number}/status",
                      {"status": "cancelado", "motivo_texto": "Acabou o gás da cozinha"})
    assert done.status_code == 200
    app.fake.wait_for_messages(2)
    [told] = customer_bodies(app)
    assert "foi cancelado. Motivo: Acabou o gás da cozinha." in told
    assert app.orders()[0]["cancel_reason"] == "Acabou o gás da cozinha"
    assert "Motivo: Acabou o gás da cozinha" in staff.page("/painel/pedidos/quadro").text


def test_a_plain_form_without_script_moves_the_order_and_shows_a_notice(app: LiveApp):
    number = place_order(app)
    staff = Staff(app).logged_in()
    answer = staff.post(f"/painel/pedidos/{number}/status",
                        {"status": "em_preparo", "voltar": f"/painel/pedidos/{number}"},
                        script=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/painel/pedidos/{number}"
    page = staff.page(answer.headers["location"]).text
    assert f"Pedido #{number}: em preparo. Cliente avisado." in page
    assert "Cliente avisado" not in staff.page(f"/painel/pedidos/{number}").text  # shown once


def test_the_api_and_the_kitchen_cancel_with_a_reason_through_the_same_use_case(app: LiveApp):
    first, second = place_order(app), place_order(app, phone="whatsapp:+5521988887777")
    api = httpx.post(f"{app.url}/api/orders/{first}/status",
                     json={"status": "cancelado", "reason": "Fora da área"},
                     headers={"Authorization": f"Bearer {ADMIN}"})
    assert api.status_code == 200 and api.json()["cancel_reason"] == "Fora da área"
    kitchen = app.post(twilio_form(f"cancelar {second} acabou o frango", "SM" + "c" * 32,
                                   phone=KITCHEN, name="Cozinha"))
    assert "cancelado" in kitchen.text
    app.fake.wait_for_messages(4)
    assert "Motivo: Fora da área." in customer_bodies(app)[0]
    assert "Motivo: acabou o frango." in customer_bodies(app, "whatsapp:+5521988887777")[0]
