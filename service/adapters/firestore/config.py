"""Firestore client configuration: credentials, project and emulator checks.

Production reads the one-line service-account JSON of ``FIREBASE_CREDENTIALS_JSON``;
local runs and tests point ``FIRESTORE_EMULATOR_HOST`` at the emulator and need
no credentials. Bad configuration raises :class:`FirestoreConfigError` at start,
with a message naming the setting to fix.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from google.api_core import exceptions
from google.auth import exceptions as auth_exceptions
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore
from google.oauth2 import service_account

from service.settings import Settings, SettingsError

__all__ = [
    "FirestoreConfig",
    "FirestoreConfigError",
    "check_emulator",
    "make_client",
    "parse_credentials_json",
    "probe",
    "read_config",
]

logger = logging.getLogger(__name__)

# The emulator answers "Ok" within milliseconds when up; two seconds tells a
# stopped or wrong host from a slow one without holding start-up for long.
EMULATOR_CHECK_TIMEOUT_SECONDS = 2.0

# Start-up check of the credentials against the real service: one read, bounded,
# so a revoked key or a wrong project stops the start instead of the first order.
PROBE_TIMEOUT_SECONDS = 10.0

_REQUIRED_KEYS = ("type", "project_id", "private_key", "client_email")


class FirestoreConfigError(SettingsError):
    """The Firestore settings cannot work; the message says which one and why."""


@dataclass(frozen=True)
class FirestoreConfig:
    """What is needed to build a client: project, and credentials or an emulator host."""

    project: str
    credentials_info: dict[str, Any] | None = field(default=None, repr=False)  # holds a key
    emulator_host: str | None = None
    restaurant_id: str = "default"


def parse_credentials_json(raw: str) -> dict[str, Any]:
    """Decode the service-account JSON, accepting real or ``\\n``-escaped newlines in the key."""
    text = raw.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" and text[1] == "{":
        text = text[1:-1]  # quotes kept by a hand-written environment file
    try:
        # strict=False admits a private key pasted with real line breaks inside the string.
        info = json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise FirestoreConfigError(
            "FIREBASE_CREDENTIALS_JSON não é um JSON válido "
            f"(linha {exc.lineno}, coluna {exc.colno}: {exc.msg}). Cole o arquivo de "
            "credenciais da conta de serviço em uma única linha."
        ) from None
    if not isinstance(info, dict):
        raise FirestoreConfigError(
            "FIREBASE_CREDENTIALS_JSON deve ser um objeto JSON de conta de serviço"
        )
    missing = [key for key in _REQUIRED_KEYS if not info.get(key)]
    if missing:
        raise FirestoreConfigError(
            "FIREBASE_CREDENTIALS_JSON não tem os campos obrigatórios: " + ", ".join(missing)
        )
    if info["type"] != "service_account":
        raise FirestoreConfigError(
            f"FIREBASE_CREDENTIALS_JSON tem type={info['type']!r}; use uma conta de serviço "
            "(type=service_account)"
        )
    key = str(info["private_key"])
    if "\\n" in key:  # escaped twice on the way into the environment
        info["private_key"] = key.replace("\\n", "\n")
    return info


def read_config(settings: Settings) -> FirestoreConfig:
    """Validate the Firestore settings without contacting anything but the emulator."""
    emulator_host = settings.firestore_emulator_host
    secret = settings.firebase_credentials_json
    raw_credentials = secret.get_secret_value() if secret is not None else None
    project = settings.firestore_project
    restaurant_id = settings.restaurant_id or "default"
    credentials_info = None
    if emulator_host:
        if raw_credentials:
            logger.warning("FIRESTORE_EMULATOR_HOST is set: ignoring FIREBASE_CREDENTIALS_JSON")
        check_emulator(emulator_host)
    elif raw_credentials:
        credentials_info = parse_credentials_json(raw_credentials)
        project = project or str(credentials_info["project_id"])
    else:
        raise FirestoreConfigError(
            "STORAGE_BACKEND=firestore precisa de FIREBASE_CREDENTIALS_JSON (produção) "
            "ou de FIRESTORE_EMULATOR_HOST (emulador local)"
        )
    if not project:
        raise FirestoreConfigError(
            "defina FIRESTORE_PROJECT: o emulador não tem projeto padrão (ex.: demo-local)"
        )
    return FirestoreConfig(
        project,
        credentials_info=credentials_info,
        emulator_host=emulator_host,
        restaurant_id=restaurant_id,
    )


def check_emulator(host: str, timeout: float = EMULATOR_CHECK_TIMEOUT_SECONDS) -> None:
    """Fail clearly unless the emulator at ``host`` (``HOST:PORT``) answers ``Ok``."""
    if "://" in host or ":" not in host:
        raise FirestoreConfigError(
            f"FIRESTORE_EMULATOR_HOST={host!r} deve ter a forma HOST:PORTA (ex.: 127.0.0.1:8080)"
        )
    try:
        with urllib.request.urlopen(f"http://{host}/", timeout=timeout) as response:
            body = response.read(64).decode("utf-8", "replace").strip()
    except (OSError, urllib.error.URLError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FirestoreConfigError(
            f"o emulador do Firestore em {host} não responde ({reason}); "
            "inicie o emulador ou corrija FIRESTORE_EMULATOR_HOST"
        ) from None
    if body != "Ok":
        raise FirestoreConfigError(
            f"{host} respondeu, mas não parece ser o emulador do Firestore (resposta {body!r})"
        )


def probe(client: firestore.Client, restaurant_id: str,
          timeout: float = PROBE_TIMEOUT_SECONDS) -> None:
    """Read one small document now, so wrong credentials or project fail at start, clearly."""
    document = client.collection("restaurants").document(restaurant_id)
    try:
        document.get(field_paths=["menu_version"], retry=None, timeout=timeout)
    except (exceptions.GoogleAPICallError, exceptions.RetryError,
            auth_exceptions.GoogleAuthError) as exc:
        reason = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        raise FirestoreConfigError(
            f"não foi possível ler o Firestore do projeto {client.project!r} "
            f"({type(exc).__name__}: {reason}). Confira FIREBASE_CREDENTIALS_JSON, "
            "FIRESTORE_PROJECT, a conexão com o Google e se o banco Firestore (default) "
            "foi criado no projeto."
        ) from None


def make_client(config: FirestoreConfig) -> firestore.Client:
    """A Firestore client for the configured project, on the emulator or with credentials."""
    if config.emulator_host:
        # The client reads the emulator host from the environment only when it is created.
        previous = os.environ.get("FIRESTORE_EMULATOR_HOST")
        os.environ["FIRESTORE_EMULATOR_HOST"] = config.emulator_host
        try:
            return firestore.Client(project=config.project, credentials=AnonymousCredentials())
        finally:
            if previous is None:
                del os.environ["FIRESTORE_EMULATOR_HOST"]
            else:
                os.environ["FIRESTORE_EMULATOR_HOST"] = previous
    if config.credentials_info is None:
        raise FirestoreConfigError("sem credenciais nem emulador para o Firestore")
    try:
        credentials = service_account.Credentials.from_service_account_info(
            config.credentials_info
        )
    except (ValueError, TypeError) as exc:
        raise FirestoreConfigError(
            f"FIREBASE_CREDENTIALS_JSON tem uma chave privada inválida ({exc})"
        ) from None
    return firestore.Client(project=config.project, credentials=credentials)
