"""The app served by real uvicorn, talking to the fake Twilio API, with helpers to chat."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.adapters.sqlite.store import SqliteStore
from service.bootstrap import Container
from service.domain.menu import Menu
from service.entrypoints.web import create_app
from service.settings import Settings
from tests.builders import PHONE, seed_menu, sign, twilio_form
from tests.fake_twilio import FakeTwilio
from tests.live_server import serve

ACCOUNT_SID = "AC" + "2" * 32
AUTH_TOKEN = "a1b2c3d4" * 4
SENDER = "whatsapp:+14155238886"
KITCHEN = "whatsapp:+5511900000000"
PUBLIC_URL = "https://pedidos.cozinhadacris.com.br"
ADMIN = "segredo-do-painel"


def replies_of(response: httpx.Response) -> list[str]:
    """The message bodies of a TwiML response."""
    root = ET.fromstring(response.text)
    assert root.tag == "Response"
    return [message.text or "" for message in root.iter("Message")]


@dataclass
class LiveApp:
    """A running app and what it talks to."""

    url: str
    settings: Settings
    fake: FakeTwilio
    db: Path
    sids: Iterator[int] = field(default_factory=lambda: count(1))

    def post(self, form: dict[str, str], *, signature: str | None = "auto",
             headers: dict[str, str] | None = None) -> httpx.Response:
        """POST a Twilio form, signed for the public URL unless told otherwise."""
        sent = dict(headers or {})
        if signature == "auto":
            sent["X-Twilio-Signature"] = sign(AUTH_TOKEN, f"{PUBLIC_URL}/webhook", form)
        elif signature is not None:
            sent["X-Twilio-Signature"] = signature
        return httpx.post(f"{self.url}/webhook", data=form, headers=sent, timeout=30)

    def say(self, body: str, *, phone: str = PHONE, name: str = "Maria Souza",
            **extra: str) -> str:
        """Send one WhatsApp message and return the replies joined by blank lines."""
        form = twilio_form(body, f"SM{next(self.sids):032d}", phone=phone, name=name, **extra)
        response = self.post(form)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/xml")
        return "\n\n".join(replies_of(response))

    def conversation(self, phone: str = PHONE) -> dict[str, Any] | None:
        """The stored conversation, read from the database file."""
        store = SqliteStore(self.db)
        try:
            conversation = store.run(lambda uow: uow.get_conversation(phone))
            return conversation.to_dict() if conversation else None
        finally:
            store.close()

    def orders(self) -> list[dict[str, Any]]:
        """Stored orders, newest first."""
        store = SqliteStore(self.db)
        try:
            return [order.to_dict() for order in store.list_orders()]
        finally:
            store.close()


def make_settings(db: Path, fake: FakeTwilio, **overrides: Any) -> Settings:
    """Production settings pointing at the fake Twilio API and a temporary database."""
    values: dict[str, Any] = {
        "environment": "production",
        "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": AUTH_TOKEN,
        "twilio_phone_number": SENDER,
        "twilio_api_base_url": fake.url,
        "kitchen_whatsapp_number": KITCHEN,
        "public_base_url": PUBLIC_URL,
        "admin_token": ADMIN,
        "storage_backend": "sqlite",
        "sqlite_path": db,
        "menu_cache_seconds": 0,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as fake:
        yield fake


StartApp = Callable[..., LiveApp]


@pytest.fixture
def start_app(tmp_path: Path, fake_twilio: FakeTwilio) -> Iterator[StartApp]:
    """Start the app with a menu and optional setting overrides or a ready container."""
    stack: list[Any] = []

    def start(menu: Menu | None = None, *, container: Callable[[Settings], Container] | None = None,
              **overrides: Any) -> LiveApp:
        db = tmp_path / f"app{len(stack)}.sqlite3"
        seeded = SqliteStore(db)
        seeded.save_menu(menu or seed_menu())
        seeded.close()
        settings = make_settings(db, fake_twilio, **overrides)
        app = create_app(container(settings)) if container else create_app(settings=settings)
        server = serve(app)
        url = server.__enter__()
        stack.append(server)
        return LiveApp(url, settings, fake_twilio, db)

    yield start
    for server in reversed(stack):
        server.__exit__(None, None, None)


@pytest.fixture
def app(start_app: StartApp) -> LiveApp:
    """The app with the seed menu."""
    return start_app()
