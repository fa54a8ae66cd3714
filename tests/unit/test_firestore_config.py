"""Firestore settings: credentials JSON as users paste it, and the messages for bad ones."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import SecretStr

from service.adapters.firestore.config import (
    FirestoreConfigError,
    make_client,
    parse_credentials_json,
    read_config,
)
from service.settings import Settings, SettingsError

rsa = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.rsa")
serialization = pytest.importorskip("cryptography.hazmat.primitives.serialization")


def private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(scope="module")
def service_account() -> dict[str, Any]:
    return {
        "type": "service_account",
        "project_id": "cozinha-da-cris",
        "private_key_id": "abc123",
        "private_key": private_key_pem(),
        "client_email": "pedidos@cozinha-da-cris.iam.gserviceaccount.com",
        "client_id": "1",
        "token_uri": "https://oauth2.googleapis.com/token",
    }


def settings(**values: Any) -> Settings:
    """Settings with these values, by their environment names, and nothing from any file."""
    lowered = {name.lower(): value for name, value in values.items()}
    return Settings(_env_file=None, storage_backend="firestore", **lowered)  # type: ignore[call-arg]


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FIREBASE_CREDENTIALS_JSON", "FIRESTORE_PROJECT", "FIRESTORE_EMULATOR_HOST"):
        monkeypatch.delenv(name, raising=False)


def test_one_line_json_with_escaped_newlines_builds_a_client(
    service_account: dict[str, Any],
) -> None:
    one_line = json.dumps(service_account)  # the key's newlines become \n escapes
    assert "\n" not in one_line
    config = read_config(settings(FIREBASE_CREDENTIALS_JSON=SecretStr(one_line)))
    assert config.project == "cozinha-da-cris"
    client = make_client(config)
    assert client.project == "cozinha-da-cris"
    client.close()


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda text: f"'{text}'", id="aspas simples do .env"),
        pytest.param(lambda text: text.replace("\\n", "\\\\n"), id="\\n escapado duas vezes"),
        pytest.param(lambda text: text.replace("\\n", "\n"), id="quebras de linha reais"),
    ],
)
def test_credentials_pasted_in_common_wrong_ways_still_work(
    service_account: dict[str, Any], mangle: Any
) -> None:
    info = parse_credentials_json(mangle(json.dumps(service_account)))
    assert info["private_key"] == service_account["private_key"]


def test_the_project_setting_wins_over_the_credentials(service_account: dict[str, Any]) -> None:
    config = read_config(
        settings(
            FIREBASE_CREDENTIALS_JSON=json.dumps(service_account),
            FIRESTORE_PROJECT="outro-projeto",
        )
    )
    assert config.project == "outro-projeto"


def test_the_credentials_are_read_from_the_environment(
    service_account: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIREBASE_CREDENTIALS_JSON", json.dumps(service_account))
    config = read_config(Settings(_env_file=None))  # type: ignore[call-arg]
    assert config.project == "cozinha-da-cris"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{type: service_account}", "não é um JSON válido"),
        ('{"type": "service_account", "project_id": "x"', "não é um JSON válido"),
        ('["service_account"]', "deve ser um objeto JSON"),
        ('{"type": "service_account", "project_id": "x"}', "private_key, client_email"),
        (
            '{"type": "authorized_user", "project_id": "x", "private_key": "k",'
            ' "client_email": "a@b"}',
            "type='authorized_user'",
        ),
    ],
)
def test_bad_credentials_json_is_refused_with_a_clear_message(raw: str, message: str) -> None:
    with pytest.raises(FirestoreConfigError, match="FIREBASE_CREDENTIALS_JSON") as error:
        read_config(settings(FIREBASE_CREDENTIALS_JSON=raw))
    assert message in str(error.value)


def test_a_corrupt_private_key_is_refused_at_start(service_account: dict[str, Any]) -> None:
    broken = {**service_account, "private_key": "-----BEGIN PRIVATE KEY-----\nxxx\n"}
    config = read_config(settings(FIREBASE_CREDENTIALS_JSON=json.dumps(broken)))
    with pytest.raises(FirestoreConfigError, match="chave privada inválida"):
        make_client(config)


def test_no_credentials_and_no_emulator_is_refused() -> None:
    with pytest.raises(
        FirestoreConfigError, match=r"FIREBASE_CREDENTIALS_JSON .* FIRESTORE_EMULATOR"
    ):
        read_config(settings())


@pytest.mark.parametrize("host", ["http://127.0.0.1:8080", "localhost"])
def test_a_malformed_emulator_host_is_refused(host: str) -> None:
    with pytest.raises(FirestoreConfigError, match="HOST:PORTA"):
        read_config(settings(FIRESTORE_EMULATOR_HOST=host, FIRESTORE_PROJECT="demo"))


def test_firestore_configuration_errors_are_settings_errors() -> None:
    """So the command line reports them like any other bad setting, without a traceback."""
    with pytest.raises(SettingsError):
        read_config(settings())
