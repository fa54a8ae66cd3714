"""Driving the panel over real HTTP as staff do: logging in, reading pages, posting forms."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import httpx

from service.bootstrap import Container, bootstrap
from service.clock import utcnow
from service.settings import Settings
from tests.api.conftest import LiveApp, StartApp
from tests.builders import PHONE

PASSWORD = "senha-forte-do-painel"
_CSRF = re.compile(r'data-csrf="([^"]+)"')
_LOGIN_TOKEN = re.compile(r'name="login_token" value="([^"]+)"')
_REQUEST_ID = re.compile(r'name="pedido_id" value="([^"]+)"')
_CONVERSATION = re.compile(r'href="/painel/conversas/([\w-]+)"')


class MovableClock:
    """Now, plus however far a test moved it (for expiries, without sleeping)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return utcnow() + self.offset


def start_panel(start_app: StartApp, clock: Callable[[], datetime] | None = None,
                **overrides: Any) -> LiveApp:
    """The app with the panel on (a password set), optionally on a movable clock."""
    overrides.setdefault("panel_password", PASSWORD)
    if clock is None:
        return start_app(**overrides)

    def build(settings: Settings) -> Container:
        return bootstrap(settings, clock=clock)

    return start_app(container=build, **overrides)


class Staff:
    """One person's browser: its own cookies."""

    def __init__(self, app: LiveApp) -> None:
        self.app = app
        self.client = httpx.Client(base_url=app.url, follow_redirects=False, timeout=30)

    def login(self, password: str = PASSWORD, **extra: str) -> httpx.Response:
        """Open the login page and send the password."""
        page = self.client.get("/painel/entrar")
        token = _LOGIN_TOKEN.search(page.text)
        assert token is not None, page.text
        return self.client.post("/painel/entrar", data={"login_token": token[1],
                                                        "senha": password, **extra})

    def logged_in(self) -> Staff:
        """Logged in, or the test fails."""
        answer = self.login()
        assert answer.status_code == 303 and answer.headers["location"] == "/painel", answer.text
        return self

    def page(self, path: str) -> httpx.Response:
        """GET a panel page."""
        return self.client.get(path)

    def csrf(self, path: str = "/painel/pedidos") -> str:
        """The session's CSRF token, as a page carries it."""
        found = _CSRF.search(self.page(path).text)
        assert found is not None and found[1]
        return found[1]

    def post(self, path: str, data: dict[str, str] | None = None, *, csrf: str | None = "auto",
             script: bool = True, headers: dict[str, str] | None = None) -> httpx.Response:
        """POST a form as the panel's script does (JSON back), or as a plain form."""
        form = dict(data or {})
        sent = dict(headers or {})
        if csrf == "auto":
            csrf = self.csrf()
        if csrf is not None:
            form["csrf"] = csrf
        if script:
            sent["Accept"] = "application/json"
        return self.client.post(path, data=form, headers=sent)

    def conversation_key(self, phone_tail: str = PHONE[-4:]) -> str:
        """The key of the conversation listed with this phone ending."""
        page = self.page("/painel/conversas").text
        for block in page.split('<li class="atendimento">')[1:]:
            if phone_tail in block:
                found = _CONVERSATION.search(block)
                assert found is not None
                return found[1]
        raise AssertionError(f"no conversation ending in {phone_tail}")

    def request_id(self, key: str) -> str:
        """The one-time id of the conversation's reply form."""
        found = _REQUEST_ID.search(self.page(f"/painel/conversas/{key}").text)
        assert found is not None
        return found[1]


def place_order(app: LiveApp, phone: str = PHONE, items: str = "2 pudins") -> int:
    """A whole order by WhatsApp; its number."""
    for text in ("oi", items, "finalizar", "Rua Ceará, 45, Pinheiros", "pix"):
        app.say(text, phone=phone)
    assert "confirmado" in app.say("sim", phone=phone)
    return int(app.orders()[0]["number"])


def customer_bodies(app: LiveApp, phone: str = PHONE) -> list[str]:
    """What the fake Twilio accepted for the customer."""
    return [m["Body"] for m in app.fake.messages if m["To"] == phone]
