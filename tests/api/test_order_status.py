"""Moving orders over HTTP: the admin API, and the kitchen's WhatsApp through POST /webhook."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import ADMIN, KITCHEN, LiveApp, replies_of
from tests.builders import PHONE, twilio_form

AUTH = {"Authorization": f"Bearer {ADMIN}"}


def place_order(app: LiveApp, phone: str = PHONE) -> int:
    """A whole order by WhatsApp; returns its number."""
    for text in ("oi", "2 pudins", "finalizar", "Rua Ceará, 45, Pinheiros", "pix"):
        app.say(text, phone=phone)
    confirmed = app.say("sim", phone=phone)
    assert "confirmado" in confirmed
    return app.orders()[0]["number"]


def move(app: LiveApp, number: int | str, status: str, headers: dict[str, str] | None = None,
         ) -> httpx.Response:
    return httpx.post(f"{app.url}/api/orders/{number}/status", json={"status": status},
                      headers=AUTH if headers is None else headers, timeout=30)


def customer_messages(app: LiveApp) -> list[str]:
    return [m["Body"] for m in app.fake.messages if m["To"] == PHONE]


def test_the_api_moves_an_order_and_the_customer_hears_once(app: LiveApp):
    number = place_order(app)
    response = move(app, number, "saiu_para_entrega")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["number"] == number and body["status"] == "saiu_para_entrega"
    assert body["total_cents"] == app.orders()[0]["total_cents"]
    assert move(app, number, "saiu_para_entrega").status_code == 200  # idempotent
    [kitchen, customer] = app.fake.wait_for_messages(2)
    assert kitchen["To"] == KITCHEN and f"Responda *saiu {number}*" in kitchen["Body"]
    assert customer["To"] == PHONE and "saiu para entrega" in customer["Body"]
    assert len(app.fake.wait_for_messages(3, timeout=1.0)) == 2  # told once
    assert "já saiu para entrega" in app.say("cadê meu pedido?")


@pytest.mark.parametrize(
    ("headers", "status_code"),
    [({}, 401), ({"Authorization": "Bearer errado"}, 401), ({"Authorization": ADMIN}, 401)],
)
def test_the_api_needs_the_admin_token(app: LiveApp, headers, status_code):
    number = place_order(app)
    assert move(app, number, "em_preparo", headers).status_code == status_code
    assert app.orders()[0]["status"] == "novo"


def test_unknown_orders_illegal_moves_and_unknown_statuses(app: LiveApp):
    number = place_order(app)
    missing = move(app, 99, "entregue")
    assert missing.status_code == 404 and "Pedido #99 não existe" in missing.json()["detail"]
    assert move(app, number, "entregue").status_code == 200
    illegal = move(app, number, "novo")
    assert illegal.status_code == 409 and "já foi entregue" in illegal.json()["detail"]
    unknown = move(app, number, "pronto")
    assert unknown.status_code == 422 and "Status desconhecido" in unknown.json()["detail"]
    assert move(app, "doze", "entregue").status_code == 422
    assert app.orders()[0]["status"] == "entregue"


def kitchen_form(body: str, sid: str) -> dict[str, str]:
    return twilio_form(body, sid, phone=KITCHEN, name="Cozinha")


def test_the_kitchen_moves_an_order_by_whatsapp_and_a_repeat_tells_the_customer_once(
    app: LiveApp,
):
    number = place_order(app)
    assert f"saiu {number}" in app.fake.wait_for_messages(1)[0]["Body"]
    form = kitchen_form(f"Saiu #{number}", "SM" + "k" * 32)
    first = app.post(form)
    again = app.post(form)  # Twilio delivers the same message twice
    assert first.status_code == again.status_code == 200
    assert replies_of(first) == replies_of(again)
    assert f"Pedido #{number}: *saiu para entrega*. Cliente avisado." in replies_of(first)[0]
    app.fake.wait_for_messages(2)
    assert len(app.fake.wait_for_messages(3, timeout=1.0)) == 2
    [told] = customer_messages(app)
    assert f"*#{number}* saiu para entrega" in told
    assert "a caminho" in app.say("cadê meu pedido?")
    assert app.orders()[0]["status"] == "saiu_para_entrega"


def test_kitchen_commands_answer_in_portuguese_and_are_not_orders(app: LiveApp):
    number = place_order(app)
    reply = app.say("pedidos", phone=KITCHEN)
    assert f"#{number} novo" in reply and "Maria" in reply
    assert "Comandos da cozinha" in app.say("ajuda", phone=KITCHEN)
    assert "Pedido #99 não existe" in app.say("saiu 99", phone=KITCHEN)
    assert "Faltou o número" in app.say("saiu", phone=KITCHEN)
    assert "*em preparo*" in app.say(f"preparando {number}", phone=KITCHEN)
    assert "está sendo preparado" in app.say("já saiu?")
    assert "nada mudou" in app.say(f"PREPARANDO {number}", phone=KITCHEN)
    assert "entregue" in app.say(f"entregue {number}", phone=KITCHEN)
    assert f"Pedido #{number} já foi entregue." in app.say(f"cancelar {number}", phone=KITCHEN)
    assert "Nenhum pedido aberto hoje" in app.say("pedidos", phone=KITCHEN)
    assert "Não entendi o comando" in app.say("quero 2 feijoadas", phone=KITCHEN)
    assert app.conversation(KITCHEN) is None  # the kitchen never gets a cart
    assert len(app.orders()) == 1
    app.fake.wait_for_messages(2)
    assert len(app.fake.wait_for_messages(3, timeout=1.0)) == 2  # kitchen + "preparando"
    [told] = customer_messages(app)  # "entregue" tells nobody; refusals neither
    assert "já está sendo preparado" in told


def test_a_kitchen_message_with_a_wrong_signature_is_refused(app: LiveApp):
    number = place_order(app)
    response = app.post(kitchen_form(f"saiu {number}", "SM" + "w" * 32), signature="errada")
    assert response.status_code == 403
    assert app.orders()[0]["status"] == "novo"
