"""The panel's other screens over HTTP: esgotado, pause, handoffs, data rights, sales, live."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest

from tests.api.conftest import KITCHEN, LiveApp, StartApp
from tests.api.panel_support import (
    MovableClock,
    Staff,
    customer_bodies,
    place_order,
    start_panel,
)
from tests.builders import twilio_form


@pytest.fixture
def app(start_app: StartApp) -> LiveApp:
    return start_panel(start_app)


def test_an_item_marked_esgotado_is_refused_to_the_next_customer_and_comes_back(app: LiveApp):
    staff = Staff(app).logged_in()
    first = staff.post("/painel/cardapio/feijoada", {"esgotado": "1"})
    assert first.json()["kind"] == "ok" and "esgotado" in first.json()["message"]
    again = staff.post("/painel/cardapio/feijoada", {"esgotado": "1"})  # double click
    assert again.json()["kind"] == "info"
    assert "item-esgotado" in staff.page("/painel/cardapio").text
    assert "Feijoada Completa não está disponível hoje" in app.say("quero 1 feijoada")
    assert staff.post("/painel/cardapio/nao_existe", {"esgotado": "1"}).status_code == 404
    assert staff.post("/painel/cardapio/feijoada", {"esgotado": "talvez"}).status_code == 404
    staff.post("/painel/cardapio/feijoada", {"esgotado": "0"})
    assert "1x Feijoada Completa" in app.say("quero 1 feijoada")


def test_the_kitchens_whatsapp_and_the_panel_share_the_esgotado_switch(app: LiveApp):
    staff = Staff(app).logged_in()
    kitchen = app.post(twilio_form("acabou o pudim", "SM" + "p" * 32, phone=KITCHEN,
                                   name="Cozinha"))
    assert "Pudim de Leite marcado como *esgotado*" in kitchen.text
    assert "já estava esgotado" in staff.post("/painel/cardapio/pudim",
                                              {"esgotado": "1"}).json()["message"]


def test_a_pause_is_told_to_customers_keeps_carts_and_ends_on_resume(app: LiveApp):
    staff = Staff(app).logged_in()
    app.say("oi")
    app.say("2 pudins")
    paused = staff.post("/painel/loja/pausar", {"minutos": "30", "recado": "Acabou o gás"})
    assert paused.json()["kind"] == "ok" and "Pedidos pausados até" in paused.json()["message"]
    assert "Pedidos pausados" in staff.page("/painel/pedidos").text  # the strip on every page
    answer = app.say("tem coca?")
    assert "pausou os pedidos" in answer and "Acabou o gás" in answer
    assert "é só mandar *finalizar*" in app.say("finalizar")
    conversation = app.conversation()
    assert conversation is not None
    assert conversation["cart"] == [{"item_id": "pudim", "quantity": 2, "note": None}]
    both = staff.post("/painel/loja/pausar", {"ate": "23:59", "minutos": ""})  # the button wins
    assert both.json()["message"] == "Pedidos pausados até você retomar."
    bad = staff.post("/painel/loja/pausar", {"ate": "25:99"})
    assert bad.status_code == 422 and "HH:MM" in bad.json()["message"]
    assert staff.post("/painel/loja/pausar", {"minutos": "0"}).status_code == 422
    assert staff.post("/painel/loja/retomar").json()["kind"] == "ok"
    assert staff.post("/painel/loja/retomar").json()["kind"] == "info"
    assert "endereço" in app.say("finalizar")


def test_taking_over_a_conversation_quiets_the_bot_and_the_reply_goes_out_once(app: LiveApp):
    app.say("oi")
    app.say("quero falar com um atendente")
    staff = Staff(app).logged_in()
    inbox = staff.page("/painel/atendimento").text
    assert "Maria Souza" in inbox and "pediu uma pessoa" in inbox and "Atendimento 1" in inbox
    key = staff.conversation_key()
    assert "quero falar com um atendente" in staff.page(f"/painel/conversas/{key}").text
    assert app.say("2 pudins por favor") == ""  # quiet: a person attends
    request_id = staff.request_id(key)
    sent = staff.post(f"/painel/conversas/{key}/responder",
                      {"mensagem": "Oi Maria! Temos pudim sim.", "pedido_id": request_id})
    assert sent.json()["kind"] == "ok" and sent.json()["request_id"] != request_id
    repeat = staff.post(f"/painel/conversas/{key}/responder",
                        {"mensagem": "Oi Maria! Temos pudim sim.", "pedido_id": request_id})
    assert repeat.json()["kind"] == "info"
    app.fake.wait_for_messages(3)  # kitchen: the handoff and the forwarded message
    assert customer_bodies(app) == ["Oi Maria! Temos pudim sim."]
    assert len(app.fake.wait_for_messages(4, timeout=1.5)) == 3  # nothing twice
    page = staff.page(f"/painel/conversas/{key}").text
    assert "2 pudins por favor" in page and "Oi Maria! Temos pudim sim." in page
    back = staff.post(f"/painel/conversas/{key}/devolver")
    assert back.json()["kind"] == "ok"
    assert "2x Pudim" in app.say("2 pudins")


def test_a_reply_after_whatsapps_24_hours_is_refused_and_nothing_is_sent(start_app: StartApp):
    clock = MovableClock()
    app = start_panel(start_app, clock=clock)
    app.say("oi")
    staff = Staff(app).logged_in()
    key = staff.conversation_key()
    clock.offset = timedelta(hours=24, minutes=5)
    page = Staff(app).logged_in().page(f"/painel/conversas/{key}")
    assert page.status_code == 200, page.text[-800:]
    assert "24 horas" in page.text and 'name="mensagem"' not in page.text
    refused = Staff(app).logged_in().post(f"/painel/conversas/{key}/responder",
                                          {"mensagem": "Oi?", "pedido_id": "x1"})
    assert refused.status_code == 422 and "24 horas" in refused.json()["message"]
    assert customer_bodies(app) == []


def test_what_customers_write_is_shown_escaped(app: LiveApp):
    app.say("<script>alert('oi')</script> *negrito*", name="<b>Maria</b>")
    staff = Staff(app).logged_in()
    page = staff.page(f"/painel/conversas/{staff.conversation_key()}").text
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<strong>negrito</strong>" in page  # WhatsApp's bold, rendered
    assert "<b>Maria</b>" not in page


def test_a_customers_data_is_exported_then_erased_keeping_the_order_anonymous(app: LiveApp):
    number = place_order(app)
    staff = Staff(app).logged_in()
    key = staff.conversation_key()
    exported = staff.page(f"/painel/clientes/{key}/exportar")
    assert "attachment" in exported.headers["content-disposition"]
    data = json.loads(exported.text)
    assert data["conversation"]["customer_name"] == "Maria Souza"
    assert [o["number"] for o in data["orders"]] == [number]
    assert any(line["text"] == "2 pudins" for line in data["transcript"])
    assert "Não dá para desfazer" in staff.page(f"/painel/clientes/{key}/apagar").text
    erased = staff.post(f"/painel/clientes/{key}/apagar")
    assert erased.json()["kind"] == "ok" and "1 pedido ficou sem os dados" in erased.json()[
        "message"]
    assert app.conversation() is None
    [order] = app.orders()
    assert (order["phone"], order["customer_name"], order["address"]["text"]) == ("", "", "")
    assert order["total_cents"] > 0
    assert staff.page(f"/painel/conversas/{key}").status_code == 404
    assert staff.page(f"/painel/clientes/{key}/exportar").status_code == 404
    assert "dados do cliente foram apagados" in staff.page(f"/painel/pedidos/{number}").text


def test_erasing_from_an_order_when_no_transcript_is_left(app: LiveApp):
    number = place_order(app)
    staff = Staff(app).logged_in()
    assert staff.post(f"/painel/clientes/pedido-{number}/apagar").json()["kind"] == "ok"
    assert staff.post(f"/painel/clientes/pedido-{number}/apagar").status_code == 404


def test_the_summary_and_the_csv_of_the_day(app: LiveApp):
    number = place_order(app, items="2 feijoadas e 1 coca lata")
    second = place_order(app, phone="whatsapp:+5521988887777", items="1 pudim")
    staff = Staff(app).logged_in()
    staff.post(f"/painel/pedidos/{second}/status", {"status": "cancelado",
                                                     "motivo": "Pedido repetido"})
    page = staff.page("/painel/resumo").text
    assert 'data-figure="pedidos">1<' in page
    assert 'data-figure="faturamento">R$\xa080,80<' in page
    assert "<svg" in page and "Feijoada Completa" in page
    csv = staff.page("/painel/resumo.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    rows = csv.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("pedido;data;hora;status;cliente")
    assert rows[1].startswith(f"{number};") and ";80,80;" in rows[1]
    assert "cancelado" in rows[2] and "Pedido repetido" in rows[2]
    assert staff.page("/painel/resumo?dia=ontem").status_code == 422
    empty = staff.page("/painel/resumo?dia=2020-01-01").text
    assert 'data-figure="pedidos">0<' in empty


def test_the_live_stream_announces_a_new_order(app: LiveApp):
    staff = Staff(app).logged_in()
    events: list[str] = []
    got_second = threading.Event()

    def listen() -> None:
        with staff.client.stream("GET", "/painel/eventos",
                                 headers={"Accept": "text/event-stream"}) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            for line in stream.iter_lines():
                if line.startswith("data:"):
                    events.append(line)
                    if len(events) == 2:
                        got_second.set()
                        return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    place_order(app)
    assert got_second.wait(20), events
    assert json.loads(events[0].removeprefix("data:")) == {"novos": 0, "atendimentos": 0}
    assert json.loads(events[-1].removeprefix("data:"))["novos"] >= 1
    listener.join(5)
