"""The panel's door from outside: no password, wrong password, forged requests, old cookies."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from service.application.panel_access import PasswordHash
from service.bootstrap import bootstrap
from service.entrypoints.web import create_app
from service.settings import SettingsError
from tests.api.conftest import StartApp, make_settings
from tests.api.panel_support import PASSWORD, MovableClock, Staff, place_order, start_panel

PAGES = ["/painel", "/painel/pedidos", "/painel/pedidos/quadro", "/painel/pedidos/1",
         "/painel/pedidos/1/comanda", "/painel/cardapio", "/painel/loja", "/painel/atendimento",
         "/painel/conversas", "/painel/conversas/abc", "/painel/resumo", "/painel/resumo.csv",
         "/painel/clientes/pedido-1/exportar", "/painel/clientes/pedido-1/apagar"]
ACTIONS = ["/painel/pedidos/1/status", "/painel/cardapio/pudim", "/painel/loja/pausar",
           "/painel/loja/retomar", "/painel/conversas/abc/assumir",
           "/painel/conversas/abc/responder", "/painel/clientes/pedido-1/apagar", "/painel/sair"]


def test_without_a_password_the_panel_is_off_and_says_so(start_app: StartApp):
    app = start_app()
    for path in ("/painel", "/painel/entrar", "/painel/pedidos"):
        answer = httpx.get(app.url + path)
        assert answer.status_code == 503 and "PANEL_PASSWORD" in answer.text
    assert httpx.post(app.url + "/painel/entrar", data={"senha": "x"}).status_code == 503
    sse = httpx.get(app.url + "/painel/eventos", headers={"Accept": "text/event-stream"})
    assert sse.status_code == 503 and "PANEL_PASSWORD" in sse.json()["message"]


@pytest.mark.parametrize("path", PAGES)
def test_no_page_opens_without_a_session(start_app: StartApp, path: str):
    app = start_panel(start_app)
    answer = httpx.get(app.url + path)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/painel/entrar?")
    scripted = httpx.get(app.url + path, headers={"X-Requested-With": "fetch"})
    assert scripted.status_code == 401 and scripted.json()["ok"] is False


@pytest.mark.parametrize("path", ACTIONS)
def test_no_action_is_applied_without_a_session(start_app: StartApp, path: str):
    app = start_panel(start_app)
    answer = httpx.post(app.url + path, data={"csrf": "x", "status": "cancelado"},
                        headers={"Accept": "application/json"})
    assert answer.status_code == 401


def test_the_live_stream_needs_a_session(start_app: StartApp):
    app = start_panel(start_app)
    answer = httpx.get(app.url + "/painel/eventos", headers={"Accept": "text/event-stream"})
    assert answer.status_code == 401
    forged = httpx.get(app.url + "/painel/eventos", cookies={"painel_sessao": "inventado"},
                       headers={"Accept": "text/event-stream"})
    assert forged.status_code == 401


def test_a_wrong_password_opens_nothing_and_repeated_failures_are_throttled(
    start_app: StartApp,
):
    app = start_panel(start_app)
    staff = Staff(app)
    for _ in range(5):
        wrong = staff.login("senha-errada")
        assert wrong.status_code == 401 and "Senha incorreta" in wrong.text
        assert "painel_sessao" not in wrong.cookies
    blocked = staff.login(PASSWORD)  # even the right one, for a while
    assert blocked.status_code == 429 and "Muitas tentativas" in blocked.text
    assert int(blocked.headers["Retry-After"]) > 0
    assert "painel_sessao" not in blocked.cookies


def test_logging_in_needs_the_login_forms_own_token(start_app: StartApp):
    app = start_panel(start_app)
    staff = Staff(app)
    without = staff.client.post("/painel/entrar", data={"senha": PASSWORD})
    assert without.status_code == 403 and "painel_sessao" not in without.cookies
    staff.client.get("/painel/entrar")  # a real token in the cookie, a forged one in the form
    forged = staff.client.post("/painel/entrar", data={"senha": PASSWORD, "login_token": "x"})
    assert forged.status_code == 403


def test_the_session_cookie_is_httponly_lax_and_secure_behind_tls(start_app: StartApp):
    app = start_panel(start_app)
    plain = Staff(app).login()
    cookie = plain.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/painel" in cookie
    assert "Secure" not in cookie
    tls = httpx.Client(base_url=app.url, headers={"X-Forwarded-Proto": "https"})  # as nginx
    page = tls.get("/painel/entrar")
    assert "Secure" in page.headers["set-cookie"]
    token = page.cookies["painel_login"]
    # httpx keeps Secure cookies off plain HTTP, as a browser would: send it by hand here.
    secure = tls.post("/painel/entrar", data={"login_token": token, "senha": PASSWORD},
                      headers={"Cookie": f"painel_login={token}"})
    assert secure.status_code == 303 and "Secure" in secure.headers["set-cookie"]
    assert "HttpOnly" in secure.headers["set-cookie"]


def test_logging_in_never_sends_the_browser_to_another_site(start_app: StartApp):
    app = start_panel(start_app)
    for target, expected in (("https://evil.example/", "/painel"), ("//evil.example", "/painel"),
                             ("/painel/resumo", "/painel/resumo")):
        answer = Staff(app).login(proximo=target)
        assert answer.headers["location"] == expected


@pytest.mark.parametrize("csrf", [None, "", "forjado"], ids=["missing", "empty", "forged"])
def test_a_state_change_without_the_sessions_csrf_token_changes_nothing(
    start_app: StartApp, csrf: str | None
):
    app = start_panel(start_app)
    staff = Staff(app).logged_in()
    answer = staff.post("/painel/loja/pausar", {"minutos": "30"}, csrf=csrf)
    assert answer.status_code == 403 and "nada foi feito" in answer.json()["message"]
    assert "Pedidos pausados" not in staff.page("/painel/loja").text
    other = Staff(app).logged_in()  # another session's token is no good either
    stolen = staff.post("/painel/loja/pausar", {"minutos": "30"}, csrf=other.csrf())
    assert stolen.status_code == 403
    plain_form = staff.post("/painel/loja/pausar", {"minutos": "30"}, csrf=None, script=False)
    assert plain_form.status_code == 403 and "Pedido recusado" in plain_form.text
    assert staff.post("/painel/loja/pausar", {"minutos": "30"}).status_code == 200


@pytest.mark.parametrize("header", ["Origin", "Referer"])
def test_a_request_from_another_origin_is_refused_even_with_cookie_and_token(
    start_app: StartApp, header: str
):
    app = start_panel(start_app)
    number = place_order(app)
    staff = Staff(app).logged_in()
    evil = "https://evil.example" + ("/pagina" if header == "Referer" else "")
    answer = staff.post(f"/painel/pedidos/{number}/status", {"status": "em_preparo"},
                        headers={header: evil})
    assert answer.status_code == 403 and "outro site" in answer.json()["message"]
    assert app.orders()[0]["status"] == "novo"
    same = staff.post(f"/painel/pedidos/{number}/status", {"status": "em_preparo"},
                      headers={"Origin": app.url})
    assert same.status_code == 200 and app.orders()[0]["status"] == "em_preparo"


def test_a_cookie_replayed_after_logout_opens_nothing(start_app: StartApp):
    app = start_panel(start_app)
    staff = Staff(app).logged_in()
    stolen = staff.client.cookies["painel_sessao"]
    csrf = staff.csrf()
    out = staff.post("/painel/sair", csrf=csrf, script=False)
    assert out.status_code == 303 and out.headers["location"] == "/painel/entrar"
    replay = httpx.Client(base_url=app.url, cookies={"painel_sessao": stolen})
    assert replay.get("/painel/pedidos").status_code == 303
    assert replay.post("/painel/loja/pausar", data={"csrf": csrf, "minutos": "30"},
                       headers={"Accept": "application/json"}).status_code == 401
    assert replay.get("/painel/eventos",
                      headers={"Accept": "text/event-stream"}).status_code == 401


def test_an_expired_session_is_sent_to_log_in_and_nothing_is_applied(start_app: StartApp):
    clock = MovableClock()
    app = start_panel(start_app, clock=clock, panel_session_hours=12)
    staff = Staff(app).logged_in()
    csrf = staff.csrf()
    clock.offset = timedelta(hours=12, minutes=1)
    page = staff.page("/painel/pedidos")
    assert page.status_code == 303 and "expirou=1" in page.headers["location"]
    login = staff.page(page.headers["location"])
    assert "Sua sessão expirou" in login.text
    action = staff.post("/painel/loja/pausar", {"minutos": "30"}, csrf=csrf)
    assert action.status_code == 401 and "nada foi alterado" in action.json()["message"]
    clock.offset = timedelta()
    assert "Pedidos pausados" not in Staff(app).logged_in().page("/painel/loja").text


def test_panel_answers_carry_strict_security_headers(start_app: StartApp):
    app = start_panel(start_app)
    staff = Staff(app).logged_in()
    for path in ("/painel/entrar", "/painel/pedidos"):
        headers = staff.page(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store"
    static = httpx.get(app.url + "/painel/static/painel.js")
    assert static.status_code == 200 and "EventSource" in static.text  # served from here
    assert static.headers["x-frame-options"] == "DENY" and "cache-control" not in static.headers
    refused = httpx.get(app.url + "/painel/pedidos")  # no session: the login, same headers
    assert "frame-ancestors 'none'" in refused.headers["content-security-policy"]
    health = httpx.get(app.url + "/healthz")
    assert "content-security-policy" not in health.headers  # only the panel's answers


def test_the_password_is_kept_only_as_a_hash(start_app: StartApp, tmp_path, fake_twilio):
    settings = make_settings(tmp_path / "db.sqlite3", fake_twilio, panel_password=PASSWORD)
    container = bootstrap(settings)
    try:
        assert container.settings.panel_password is None
        kept = container.settings.panel_password_hash
        assert kept is not None and PASSWORD not in kept.get_secret_value()
        assert container.panel.password is not None and container.panel.password.verify(PASSWORD)
        assert PASSWORD not in repr(container.settings) + repr(container.panel)
    finally:
        container.close()


def test_a_password_hash_may_be_given_instead(start_app: StartApp):
    hashed = PasswordHash.create("outra-senha-longa").encode()
    app = start_panel(start_app, panel_password=None, panel_password_hash=hashed)
    assert Staff(app).login("outra-senha-longa").status_code == 303
    assert Staff(app).login(hashed).status_code == 401  # the hash itself is no password


def test_a_malformed_hash_or_a_short_password_stops_the_start(tmp_path, fake_twilio):
    bad = make_settings(tmp_path / "a.sqlite3", fake_twilio, panel_password_hash="$2b$12$abc")
    with pytest.raises(SettingsError, match="hash-password"):
        create_app(settings=bad)
    short = make_settings(tmp_path / "b.sqlite3", fake_twilio, panel_password="curta")
    with pytest.raises(SettingsError, match="pelo menos 10"):
        create_app(settings=short)
