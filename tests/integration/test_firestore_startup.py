"""Building the Firestore store from settings: the emulator reached, or a clear refusal."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from service.adapters.firestore.config import (
    FirestoreConfig,
    FirestoreConfigError,
    make_client,
    probe,
)
from service.adapters.firestore.store import FirestoreStore, build_firestore_store
from service.application.once import apply_once
from service.application.ports import UnitOfWork
from service.domain.conversation import Conversation
from service.settings import Settings

PHONE = "whatsapp:+5511987654321"


def closed_port_host() -> str:
    """A loopback address nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{probe.getsockname()[1]}"


def greet(uow: UnitOfWork) -> list[str]:
    uow.save_conversation(Conversation(phone=PHONE, greeted=True))
    return ["Olá! Bem-vindo à Cozinha da Cris."]


def settings(**values: Any) -> Settings:
    """Firestore settings with these values, by their environment names, and no ``.env`` file."""
    lowered = {name.lower(): value for name, value in values.items()}
    return Settings(_env_file=None, storage_backend="firestore", **lowered)  # type: ignore[call-arg]


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FIREBASE_CREDENTIALS_JSON", "FIRESTORE_PROJECT", "FIRESTORE_EMULATOR_HOST",
                 "RESTAURANT_ID", "STORAGE_BACKEND"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.emulator
def test_the_store_is_built_from_emulator_settings(
    firestore_emulator: Any, firestore_project: str
) -> None:
    store = build_firestore_store(
        settings(
            FIRESTORE_EMULATOR_HOST=firestore_emulator.host,
            FIRESTORE_PROJECT=firestore_project,
            FIREBASE_CREDENTIALS_JSON=None,
        )
    )
    try:
        assert isinstance(store, FirestoreStore)
        assert (store.client.project, store.restaurant_id) == (firestore_project, "default")
        outcome = apply_once(store, PHONE, "SM1", greet)
        assert outcome.replies == ("Olá! Bem-vindo à Cozinha da Cris.",)
        stored = store.run(lambda uow: uow.get_conversation(PHONE))
        assert stored == Conversation(phone=PHONE, greeted=True)
    finally:
        store.close()


@pytest.mark.emulator
def test_the_emulator_host_is_read_from_the_environment(
    firestore_emulator: Any, firestore_project: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIRESTORE_EMULATOR_HOST", firestore_emulator.host)
    monkeypatch.setenv("FIRESTORE_PROJECT", firestore_project)
    monkeypatch.setenv("RESTAURANT_ID", "cozinha-da-cris")
    store = build_firestore_store(Settings(_env_file=None))  # type: ignore[call-arg]
    try:
        assert (store.client.project, store.restaurant_id) == (firestore_project, "cozinha-da-cris")
        seen: list[Conversation | None] = []

        def work(uow: UnitOfWork) -> list[str]:
            seen.append(uow.get_conversation(PHONE))
            return ["ok"]

        assert apply_once(store, PHONE, "SM1", work).replies == ("ok",)
        assert seen == [None]
    finally:
        store.close()


@pytest.mark.emulator
def test_the_emulator_without_a_project_is_refused(firestore_emulator: Any) -> None:
    with pytest.raises(FirestoreConfigError, match="defina FIRESTORE_PROJECT"):
        build_firestore_store(settings(FIRESTORE_EMULATOR_HOST=firestore_emulator.host))


def test_an_unreachable_emulator_is_refused_at_start() -> None:
    host = closed_port_host()
    with pytest.raises(FirestoreConfigError, match="não responde") as error:
        build_firestore_store(settings(FIRESTORE_EMULATOR_HOST=host, FIRESTORE_PROJECT="demo"))
    assert host in str(error.value)


@pytest.fixture
def not_an_emulator() -> Iterator[str]:
    """Some other HTTP server on a free port."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<html>nginx</html>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_something_else_on_the_emulator_port_is_refused(not_an_emulator: str) -> None:
    with pytest.raises(FirestoreConfigError, match="não parece ser o emulador"):
        build_firestore_store(
            settings(FIRESTORE_EMULATOR_HOST=not_an_emulator, FIRESTORE_PROJECT="demo")
        )


def test_a_firestore_that_cannot_be_read_fails_the_start_up_probe() -> None:
    config = FirestoreConfig("demo-sem-banco", emulator_host=closed_port_host())
    client = make_client(config)  # skips the emulator check: the probe must catch it alone
    try:
        with pytest.raises(FirestoreConfigError, match="não foi possível ler o Firestore"):
            probe(client, "default")
    finally:
        client.close()


@pytest.mark.emulator
def test_the_start_up_probe_passes_on_a_working_emulator(
    firestore_emulator: Any, firestore_project: str
) -> None:
    client = make_client(FirestoreConfig(firestore_project, emulator_host=firestore_emulator.host))
    try:
        probe(client, "default")
    finally:
        client.close()


def test_credentials_google_does_not_accept_stop_the_start() -> None:
    """A well-formed key Google does not know (or cannot be asked about): refused at start."""
    rsa = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.rsa")
    serialization = pytest.importorskip("cryptography.hazmat.primitives.serialization")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    credentials = {
        "type": "service_account",
        "project_id": "cozinha-da-cris",
        "private_key_id": "abc123",
        "private_key": key.decode(),
        "client_email": "pedidos@cozinha-da-cris.iam.gserviceaccount.com",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    with pytest.raises(FirestoreConfigError, match="projeto 'cozinha-da-cris'"):
        build_firestore_store(settings(FIREBASE_CREDENTIALS_JSON=json.dumps(credentials)))
