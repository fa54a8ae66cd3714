"""Signatures, repeated deliveries, failures, settings modes and the orders API."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import httpx
import pytest
from pydantic import SecretStr

from nlu import Context
from nlu.result import ParseResult
from service.adapters.recording_messenger import RecordingMessenger
from service.bootstrap import Container, bootstrap
from service.domain import texts
from service.entrypoints import routes
from service.entrypoints.web import create_app
from service.settings import Settings, SettingsError
from tests.api.conftest import ADMIN, AUTH_TOKEN, PUBLIC_URL, LiveApp, StartApp, replies_of
from tests.builders import PHONE, sign, twilio_form


@pytest.mark.parametrize(
    "signature",
    [None, "", "bm90IGEgc2lnbmF0dXJl", sign("outro-token", f"{PUBLIC_URL}/webhook", {})],
    ids=["missing", "empty", "garbage", "other-token"],
)
def test_forged_or_missing_signatures_get_403_and_change_nothing(app: LiveApp, signature):
    form = twilio_form("quero 2 feijoadas", "SM" + "9" * 32)
    response = app.post(form, signature=signature)
    assert response.status_code == 403
    assert app.conversation() is None
    # The message id was not recorded either: the genuine delivery is still applied.
    assert "2x Feijoada Completa" in "".join(replies_of(app.post(form)))


def test_a_signature_for_another_url_or_altered_fields_is_refused(app: LiveApp):
    form = twilio_form("oi", "SM" + "8" * 32)
    internal = sign(AUTH_TOKEN, f"{app.url}/webhook", form)
    assert app.post(form, signature=internal).status_code == 403
    genuine = sign(AUTH_TOKEN, f"{PUBLIC_URL}/webhook", form)
    tampered = {**form, "Body": "quero 50 feijoadas"}
    assert app.post(tampered, signature=genuine).status_code == 403
    assert app.conversation() is None


def test_in_development_without_public_base_url_the_forwarded_url_is_validated(
    start_app: StartApp,
):
    app = start_app(environment="development", public_base_url=None)
    form = twilio_form("oi", "SM" + "7" * 32)
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "pedidos.exemplo.com.br",
               "Host": "pedidos.exemplo.com.br"}
    signature = sign(AUTH_TOKEN, "https://pedidos.exemplo.com.br/webhook", form)
    assert app.post(form, signature=signature, headers=headers).status_code == 200


def test_production_refuses_to_start_without_public_base_url(start_app: StartApp):
    with pytest.raises(SettingsError, match="PUBLIC_BASE_URL"):
        start_app(public_base_url=None)


def test_a_webhook_signed_for_another_app_of_the_same_account_is_refused(app: LiveApp):
    # Same Twilio account (same auth token), another app's URL, that app's Host header.
    form = twilio_form("quero 2 feijoadas", "SM" + "8" * 32)
    other = "https://outro-app.exemplo.com.br/webhook"
    headers = {"X-Forwarded-Proto": "https", "Host": "outro-app.exemplo.com.br"}
    answer = app.post(form, signature=sign(AUTH_TOKEN, other, form), headers=headers)
    assert answer.status_code == 403
    assert app.conversation() is None


def test_the_same_message_twice_gets_the_same_reply_and_is_applied_once(app: LiveApp):
    app.say("oi")
    form = twilio_form("quero 2 feijoadas", "SM" + "6" * 32)
    first, second = app.post(form), app.post(form)
    assert first.status_code == second.status_code == 200
    assert replies_of(first) == replies_of(second)
    conversation = app.conversation()
    assert conversation is not None
    assert conversation["cart"] == [{"item_id": "feijoada", "quantity": 2, "note": None}]


def test_the_same_message_delivered_concurrently_is_applied_once(app: LiveApp):
    app.say("oi")
    form = twilio_form("quero 3 pudins", "SM" + "5" * 32)
    responses: list[httpx.Response] = []

    def deliver() -> None:
        responses.append(app.post(form))

    threads = [threading.Thread(target=deliver) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [r.status_code for r in responses] == [200] * 6
    assert len({tuple(replies_of(r)) for r in responses}) == 1
    conversation = app.conversation()
    assert conversation is not None
    assert conversation["cart"] == [{"item_id": "pudim", "quantity": 3, "note": None}]


def test_a_confirmation_delivered_twice_places_one_order_and_one_kitchen_message(app: LiveApp):
    for text in ("oi", "1 feijoada", "finalizar", "Rua Sergipe, 10, Centro", "pix"):
        app.say(text)
    form = twilio_form("sim", "SM" + "4" * 32)
    threads = [threading.Thread(target=app.post, args=(form,)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    app.post(form)
    assert len(app.orders()) == 1
    app.fake.wait_for_messages(1)
    app.say("obrigado")  # the outbox is woken again; nothing more is due
    assert len(app.fake.wait_for_messages(2, timeout=1.0)) == 1


class ExplodingParser:
    """A parser that fails, to show the customer still gets an answer."""

    def parse(self, text: str, context: Context | None = None) -> ParseResult:
        raise RuntimeError("parser quebrou")

    def choose(self, text: str, candidate_ids: Sequence[str]) -> str | None:
        raise RuntimeError("parser quebrou")


def test_a_failure_is_logged_and_answered_with_an_apology_not_silence(
    start_app: StartApp, caplog: pytest.LogCaptureFixture
):
    def broken(catalog: object) -> ExplodingParser:
        return ExplodingParser()

    app = start_app(container=lambda settings: bootstrap(settings, parser_factory=broken))
    response = app.post(twilio_form("oi", "SM" + "3" * 32))
    assert response.status_code == 200
    assert "Desculpe, tive um problema" in "".join(replies_of(response))
    assert "failed handling message" in caplog.text
    assert "+5511987654321" not in caplog.text  # the phone number is masked in logs


def test_production_without_auth_token_refuses_to_start(tmp_path):
    settings = Settings(_env_file=None, environment="production",  # type: ignore[call-arg]
                        sqlite_path=tmp_path / "x.sqlite3", twilio_auth_token=None)
    with pytest.raises(SettingsError, match="TWILIO_AUTH_TOKEN"):
        create_app(settings=settings)
    placeholder = Settings(_env_file=None, environment="production",  # type: ignore[call-arg]
                           sqlite_path=tmp_path / "x.sqlite3",
                           twilio_auth_token=SecretStr("your_auth_token"))
    with pytest.raises(SettingsError):
        create_app(settings=placeholder)


def test_development_without_auth_token_warns_and_skips_signatures(
    start_app: StartApp, caplog: pytest.LogCaptureFixture
):
    app = start_app(environment="development", twilio_auth_token=None)
    assert "NÃO são verificadas" in caplog.text
    response = app.post(twilio_form("oi", "SM" + "2" * 32), signature=None)
    assert response.status_code == 200
    assert "Cozinha da Cris" in "".join(replies_of(response))


def test_orders_api_needs_the_admin_bearer_token(app: LiveApp):
    for text in ("oi", "2 brigadeiros sem granulado", "finalizar", "Rua Pará, 77, Centro", "pix",
                 "sim"):
        app.say(text)
    url = f"{app.url}/api/orders"
    assert httpx.get(url).status_code == 401
    assert httpx.get(url, headers={"Authorization": "Bearer errado"}).status_code == 401
    response = httpx.get(url, headers={"Authorization": f"Bearer {ADMIN}"})
    assert response.status_code == 200
    [order] = response.json()
    assert order["number"] == 1 and order["status"] == "novo"
    assert order["phone"] == PHONE.removeprefix("whatsapp:")
    assert order["items"][0]["note"] == "sem granulado"
    assert (order["subtotal_cents"], order["delivery_fee_cents"], order["total_cents"]) == (
        600, 500, 1100)
    assert set(order) >= {"customer_name", "address", "payment", "created_at"}


def test_orders_api_is_disabled_without_admin_token(start_app: StartApp):
    app = start_app(admin_token=None)
    assert httpx.get(f"{app.url}/api/orders", headers={"Authorization": "Bearer x"}).status_code \
        == 404


def test_healthz(app: LiveApp):
    response = httpx.get(f"{app.url}/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_an_oversize_body_is_refused_with_413_and_nothing_is_applied(app: LiveApp):
    form = twilio_form("quero 2 feijoadas " + "x" * 70_000, "SM" + "1" * 32)
    response = app.post(form)
    assert response.status_code == 413
    assert app.conversation() is None
    chunked = httpx.post(f"{app.url}/webhook", timeout=30,
                         content=iter([b"Body=", b"y" * 70_000]),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert chunked.status_code == 413


def test_a_signature_over_only_some_values_of_a_repeated_field_is_refused(app: LiveApp):
    form = twilio_form("oi", "SM" + "0" * 31 + "1")
    signature = sign(AUTH_TOKEN, f"{PUBLIC_URL}/webhook", form)
    body = httpx.QueryParams(form).merge({}).add("Body", "quero 50 feijoadas")
    response = httpx.post(f"{app.url}/webhook", timeout=30, content=str(body).encode(),
                          headers={"X-Twilio-Signature": signature,
                                   "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 403
    assert app.conversation() is None


def test_twilio_signing_the_url_with_the_default_port_is_accepted(app: LiveApp):
    form = twilio_form("oi", "SM" + "0" * 31 + "2")
    signature = sign(AUTH_TOKEN, PUBLIC_URL.replace(".br", ".br:443") + "/webhook", form)
    response = app.post(form, signature=signature)
    assert response.status_code == 200
    assert "Cozinha da Cris" in "".join(replies_of(response))


class StuckParser(ExplodingParser):
    """Hangs until released, then fails: a store or a parser that stopped answering."""

    def __init__(self, release: threading.Event) -> None:
        self.release = release

    def parse(self, text: str, context: Context | None = None) -> ParseResult:
        if text == "oi":
            self.release.wait(30)
        return super().parse(text, context)


def test_a_message_still_handled_when_twilio_stops_waiting_gets_a_holding_answer_then_the_rest(
    start_app: StartApp, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(routes, "LATE_SEND_PAUSE_SECONDS", 0.01)
    release = threading.Event()
    messenger = RecordingMessenger()
    messenger.fail_next(1)  # the messaging API fails once: the late answer is tried again

    def build(settings: Settings) -> Container:
        container = bootstrap(settings, parser_factory=lambda _: StuckParser(release),
                              messenger=messenger)
        container.handles_inline = False
        container.answer_within = 0.5
        return container

    app = start_app(container=build)
    form = twilio_form("oi", "SM" + "4" * 32)
    for _ in range(2):  # delivered again while the first is stuck too
        response = app.post(form)
        assert response.status_code == 200
        assert replies_of(response) == [texts.still_working()]
    assert "still being handled" in caplog.text
    release.set()
    deadline = time.monotonic() + 30
    while not messenger.sent and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # room for a second late answer, which must not come
    assert [(m.to, m.body, m.purpose) for m in messenger.sent] == [
        (PHONE, texts.apology(), "customer")]
    assert "failed handling message" in caplog.text
    assert "+5511987654321" not in caplog.text
