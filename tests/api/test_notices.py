"""Notices that did not arrive, over HTTP: on the order in /api/orders, in /api/notices, told to
the kitchen on the next send that works, and sent again by POST /api/notices/retry; and the
edges of the orders API (bounded order numbers, no public schema in production)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.api.conftest import ADMIN, KITCHEN, LiveApp, StartApp
from tests.api.test_order_status import move, place_order
from tests.builders import PHONE

AUTH = {"Authorization": f"Bearer {ADMIN}"}


def get(app: LiveApp, path: str) -> httpx.Response:
    return httpx.get(f"{app.url}{path}", headers=AUTH, timeout=30)


def test_a_kitchen_notice_twilio_refuses_is_shown_told_and_sent_again(app: LiveApp):
    # Twilio refuses the kitchen's notice for good (here: the number is not valid for it).
    app.fake.fail_next(1, status=400, code=21211, message="Invalid 'To' Phone Number")
    number = place_order(app)
    orders = _wait_for(lambda: [o for o in get(app, "/api/orders").json()
                                if o["undelivered_notices"]])
    [order] = orders
    assert order["number"] == number
    [notice] = order["undelivered_notices"]
    assert (notice["purpose"], notice["status"], notice["order_number"]) == (
        "kitchen", "failed", number)
    assert "21211" in notice["last_error"] and not notice["kitchen_told"]
    assert notice["to"] != KITCHEN and notice["to"].endswith(KITCHEN[-4:])  # masked
    assert [n["id"] for n in get(app, "/api/notices").json()] == [notice["id"]]

    # The next notice that leaves (the customer's "em preparo") is followed by the alert.
    assert move(app, number, "em_preparo").status_code == 200
    customer, alert = (m["Body"] for m in app.fake.wait_for_messages(2))
    assert "preparado" in customer
    assert f"Pedido #{number}" in alert and "não chegou" in alert
    assert get(app, "/api/notices").json()[0]["kitchen_told"] is True

    retried = httpx.post(f"{app.url}/api/notices/retry", json={"order": number},
                         headers=AUTH, timeout=30)
    assert retried.status_code == 200 and retried.json() == {"queued": 1}
    [*_, resent] = app.fake.wait_for_messages(3)
    assert resent["To"] == KITCHEN and f"Novo pedido #{number}" in resent["Body"]
    assert _wait_for(lambda: get(app, "/api/orders").json()[0]["undelivered_notices"] == [])
    assert get(app, "/api/notices").json() == []


def _wait_for(check: Callable[[], Any], timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            assert result, "not within the time allowed"
            return result
        time.sleep(0.05)


def test_a_retry_of_nothing_queues_nothing_and_bad_bodies_are_refused(app: LiveApp):
    def post(body: dict[str, Any]) -> httpx.Response:
        return httpx.post(f"{app.url}/api/notices/retry", json=body, headers=AUTH, timeout=30)

    assert post({}).json() == {"queued": 0}
    assert post({"ids": ["nao-existe"]}).json() == {"queued": 0}
    assert post({"order": 0}).status_code == 422
    assert post({"ids": ["x" * 65]}).status_code == 422
    assert httpx.post(f"{app.url}/api/notices/retry", json={}, timeout=30).status_code == 401


@pytest.mark.parametrize("number", ["99999999999999999999", "0", "-1", "2147483648", "1e3"])
def test_order_numbers_no_order_can_have_are_refused_not_a_crash(app: LiveApp, number):
    response = move(app, number, "entregue")
    assert response.status_code == 422, response.text


def test_the_largest_order_number_allowed_is_simply_not_found(app: LiveApp):
    assert move(app, 2**31 - 1, "entregue").status_code == 404


@pytest.mark.parametrize("path", ["/openapi.json", "/docs", "/redoc"])
def test_the_api_schema_is_not_served_in_production(app: LiveApp, path):
    assert httpx.get(f"{app.url}{path}", timeout=30).status_code == 404


@pytest.mark.filterwarnings("error::UserWarning")  # e.g. two operations with one id
def test_the_api_schema_is_served_in_development(start_app: StartApp):
    app = start_app(environment="development")
    assert httpx.get(f"{app.url}/openapi.json", timeout=30).status_code == 200


def test_the_kitchen_number_by_sms_is_a_customer_not_the_kitchen(app: LiveApp):
    sms = KITCHEN.removeprefix("whatsapp:")  # the same phone, reaching us by SMS
    reply = app.say("saiu 1", phone=sms)
    assert "Comandos da cozinha" not in reply and "Pedido #1" not in reply
    assert app.conversation(sms) is not None  # treated as a customer's conversation
    assert app.conversation(PHONE) is None
