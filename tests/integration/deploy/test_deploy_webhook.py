"""Twilio webhooks through nginx: signatures checked behind TLS termination, rate limits."""

from __future__ import annotations

import secrets

import httpx
import pytest

from tests.integration.deploy.deploy_env import (
    TEST_WEBHOOK_BURST,
    post_webhook,
    signed,
    webhook_form,
)

pytestmark = [pytest.mark.nginx, pytest.mark.slow]


@pytest.mark.parametrize("text", ["oi, boa noite", "quero 2 feijoadas e uma coca lata", "cardápio"])
def test_signed_webhook_through_nginx_gets_twiml(stack, text):
    form = webhook_form(text)
    with stack.client() as client:
        answer = post_webhook(
            client, form, signed(stack.auth_token, f"{stack.base_url}/webhook", form)
        )

    assert answer.status_code == 200, answer.text
    assert "xml" in answer.headers["content-type"]
    assert "<Response>" in answer.text and "<Message>" in answer.text


@pytest.mark.parametrize(
    "forgery",
    [
        "wrong token",
        "body changed after signing",
        "signed for the internal http URL",
        "signed for another path",
        "no signature",
    ],
)
def test_forged_webhook_through_nginx_is_refused(stack, forgery):
    form = webhook_form("quero uma feijoada")
    url = f"{stack.base_url}/webhook"
    if forgery == "wrong token":
        headers = signed(secrets.token_hex(16), url, form)
    elif forgery == "body changed after signing":
        headers = signed(stack.auth_token, url, form)
        form = {**form, "Body": "quero dez feijoadas"}
    elif forgery == "signed for the internal http URL":
        headers = signed(stack.auth_token, f"http://127.0.0.1:{stack.app_port}/webhook", form)
    elif forgery == "signed for another path":
        headers = signed(stack.auth_token, f"{stack.base_url}/outro", form)
    else:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    with stack.client() as client:
        answer = post_webhook(client, form, headers)

    assert answer.status_code == 403


def test_production_rate_limit_lets_a_busy_evening_through(stack):
    # 40 messages at once from one address: more than Twilio sends a kitchen.
    forms = [webhook_form(f"quero {n} coxinhas") for n in range(1, 41)]
    url = f"{stack.base_url}/webhook"
    with stack.client() as client:
        statuses = [
            post_webhook(client, form, signed(stack.auth_token, url, form)).status_code
            for form in forms
        ]

    assert statuses == [200] * len(forms)


def test_rate_limit_answers_429_past_the_threshold(stack, strict_nginx):
    forms = [webhook_form("oi") for _ in range(TEST_WEBHOOK_BURST + 4)]
    strict_url = f"https://localhost:{strict_nginx.https_port}"
    with httpx.Client(base_url=strict_url, verify=stack.tls, timeout=10) as client:
        # Signed for the public URL the app is configured with, as Twilio would.
        answers = [
            post_webhook(client, form, signed(stack.auth_token, f"{stack.base_url}/webhook", form))
            for form in forms
        ]
        health = client.get("/healthz")

    statuses = [answer.status_code for answer in answers]
    allowed = TEST_WEBHOOK_BURST + 1
    assert statuses == [200] * allowed + [429] * (len(forms) - allowed)
    assert answers[-1].headers["strict-transport-security"]
    assert health.status_code == 200  # only /webhook is limited
