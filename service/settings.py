"""Settings from the environment or ``.env``: one pydantic-settings class, secrets as SecretStr."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "SettingsError", "is_placeholder"]

# The panel is on the internet and moves orders and customers' data.
MIN_PANEL_PASSWORD_CHARS = 10
# Values copied unchanged from .env_example or the old README are not credentials.
_PLACEHOLDER_MARKS = ("xxxx", "your_", "seu_", "sua_", "changeme", "<", "...")
# A WhatsApp address as Twilio writes it: "whatsapp:+" and the number's digits.
_WHATSAPP_ADDRESS = re.compile(r"^whatsapp:\+\d{8,15}$")


class SettingsError(RuntimeError):
    """The settings cannot run the service; the message says what to set."""


def is_placeholder(value: str | None) -> bool:
    """True for an empty value or an example value that was never filled in."""
    if value is None or not value.strip():
        return True
    lowered = value.strip().lower()
    return any(mark in lowered for mark in _PLACEHOLDER_MARKS)


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


class Settings(BaseSettings):
    """Everything configurable, by its environment name (see ``.env_example``)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    environment: Literal["production", "development"] = "production"
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_phone_number: str | None = None
    twilio_api_base_url: str | None = None
    kitchen_whatsapp_number: str | None = None
    public_base_url: str | None = None
    admin_token: SecretStr | None = None
    storage_backend: Literal["sqlite", "firestore"] = "sqlite"
    sqlite_path: Path = Path("var/cozinha.sqlite3")
    firebase_credentials_json: SecretStr | None = None
    firestore_project: str | None = None
    firestore_emulator_host: str | None = None
    firestore_journal_dir: Path | None = None  # open transactions, rolled back after a crash
    restaurant_id: str | None = None  # separates kitchens sharing one Firestore project
    menu_cache_seconds: float = 30.0
    host: str = "127.0.0.1"
    port: int = 8000
    web_concurrency: int = 1
    forwarded_allow_ips: str = "127.0.0.1"
    menu_file: Path = Path("data/menu_seed.json")
    log_level: str = "INFO"
    media_secret: SecretStr | None = None  # signs media links (the Pix QR image)
    media_link_hours: float = 24.0
    panel_password: SecretStr | None = None
    panel_password_hash: SecretStr | None = None
    panel_session_hours: float = Field(default=12.0, gt=0, le=24 * 30)
    handoff_idle_minutes: float = Field(default=30.0, gt=0, le=24 * 60)
    transcript_max_messages: int = Field(default=100, ge=10, le=200)
    transcript_retention_days: int = Field(default=30, ge=1, le=3650)
    # Who delivers the outbox: "process" (serve starts one delivery process beside
    # the web workers), "thread" (every web worker, in a thread) or "external"
    # (another container runs `python -m service outbox`).
    outbox_worker: Literal["process", "thread", "external"] = "process"
    # Hours a notice keeps being retried (Twilio down, credentials rotated) before it
    # is given up, marked on its order and reported to the kitchen.
    outbox_give_up_hours: float = Field(default=6.0, gt=0, le=24 * 7)
    access_log: bool = False  # nginx logs every request already
    # Twilio delivers a message again within minutes when it does; an hour is the least
    # that still catches every repeat.
    processed_messages_retention_hours: float = Field(default=72.0, ge=1)
    outbox_retention_days: float = Field(default=7.0, ge=1)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        """``NAME=`` in .env means "not set", not an empty string."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("environment", "storage_backend", "outbox_worker", mode="before")
    @classmethod
    def _lowercase(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @property
    def development(self) -> bool:
        """True only when ENVIRONMENT=development was set explicitly."""
        return self.environment == "development"

    @property
    def auth_token(self) -> str | None:
        """The Twilio auth token, unless missing or a placeholder."""
        token = _secret(self.twilio_auth_token)
        return None if is_placeholder(token) else token

    @property
    def admin_bearer(self) -> str | None:
        """The admin token, unless unset (then the orders API is disabled)."""
        token = _secret(self.admin_token)
        return None if is_placeholder(token) else token

    @property
    def message_ids_retention(self) -> timedelta:
        """How long an applied message id is remembered, to answer a repeat without applying it."""
        return timedelta(hours=self.processed_messages_retention_hours)

    @property
    def outbox_retention(self) -> timedelta:
        """How long a sent or abandoned outbox message is kept."""
        return timedelta(days=self.outbox_retention_days)

    @property
    def media_key(self) -> bytes | None:
        """The key signing media links: MEDIA_SECRET, else derived from TWILIO_AUTH_TOKEN."""
        secret = _secret(self.media_secret)
        if not is_placeholder(secret):
            assert secret is not None
            return secret.encode("utf-8")
        token = self.auth_token
        if token is None:
            return None
        # A derived key: the auth token itself never signs anything we hand out.
        return hmac.new(token.encode("utf-8"), b"media-links", hashlib.sha256).digest()

    @field_validator("media_link_hours")
    @classmethod
    def _positive_hours(cls, value: float) -> float:
        if not 0 < value <= 24 * 30:
            raise ValueError("MEDIA_LINK_HOURS deve ficar entre 0 e 720 horas")
        return value

    @property
    def panel_secret(self) -> tuple[str, str] | None:
        """("hash", text) or ("password", text) for the panel's login; None: the panel is off."""
        # Only a blank value is "unset": a strong password may well contain "<" or "...".
        hashed = _secret(self.panel_password_hash)
        if hashed:
            return "hash", hashed.strip()
        password = _secret(self.panel_password)
        return ("password", password) if password else None

    @property
    def can_send_whatsapp(self) -> bool:
        """True when Twilio credentials and a sender number are configured."""
        return not (
            is_placeholder(self.twilio_account_sid)
            or self.auth_token is None
            or is_placeholder(self.twilio_phone_number)
        )

    def check_startup(self) -> list[str]:
        """Refuse settings that cannot run; return warnings for ones that run degraded."""
        warnings: list[str] = []
        if self.auth_token is None:
            if not self.development:
                raise SettingsError(
                    "TWILIO_AUTH_TOKEN não está definido (ou ainda é o valor de exemplo): sem ele "
                    "não há como verificar que as mensagens vêm da Twilio. Defina-o no .env, ou "
                    "use ENVIRONMENT=development para rodar localmente sem verificação."
                )
            warnings.append(
                "ATENÇÃO: modo desenvolvimento sem TWILIO_AUTH_TOKEN — as assinaturas da "
                "Twilio NÃO são verificadas; qualquer um pode chamar /webhook. "
                "Nunca use assim em produção."
            )
        self._check_public_base_url()
        self._check_kitchen_number()
        if not self.can_send_whatsapp:
            warnings.append(
                "TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN/TWILIO_PHONE_NUMBER incompletos: as "
                "mensagens para a cozinha só aparecem no console."
            )
        if self.media_key is None:
            warnings.append(
                "MEDIA_SECRET e TWILIO_AUTH_TOKEN não definidos: os links das imagens do Pix "
                "valem só enquanto este processo roda (defina MEDIA_SECRET com mais de um "
                "processo)."
            )
        secret = self.panel_secret
        if secret is None:
            warnings.append(
                "PANEL_PASSWORD não definido: o painel do restaurante (/painel) fica desligado."
            )
        elif secret[0] == "password" and len(secret[1]) < MIN_PANEL_PASSWORD_CHARS:
            raise SettingsError(
                f"PANEL_PASSWORD precisa ter pelo menos {MIN_PANEL_PASSWORD_CHARS} caracteres: "
                "o painel fica na internet e move pedidos e dados de clientes."
            )
        elif secret[0] == "hash" and self.panel_password is not None:
            warnings.append("PANEL_PASSWORD_HASH e PANEL_PASSWORD definidos: vale o "
                            "PANEL_PASSWORD_HASH.")
        if is_placeholder(self.kitchen_whatsapp_number):
            warnings.append(
                "KITCHEN_WHATSAPP_NUMBER não definido: a cozinha não será avisada."
                if self.can_send_whatsapp else
                "KITCHEN_WHATSAPP_NUMBER não definido: as mensagens da cozinha aparecem no "
                "console, marcadas como da cozinha."
            )
        return warnings

    def _check_public_base_url(self) -> None:
        url = self.public_base_url
        if is_placeholder(url):
            if not self.development:
                raise SettingsError(
                    "PUBLIC_BASE_URL não está definido: em produção a assinatura da Twilio é "
                    "conferida contra a URL pública do webhook, nunca contra o Host que chega "
                    "na requisição. Defina PUBLIC_BASE_URL=https://SEU_DOMINIO (sem /webhook)."
                )
            return
        assert url is not None
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SettingsError(
                f"PUBLIC_BASE_URL={url!r} não é uma URL: use a forma https://SEU_DOMINIO "
                "(sem /webhook)"
            )
        if parts.query or parts.fragment:
            raise SettingsError(
                f"PUBLIC_BASE_URL={url!r} não pode ter '?' nem '#': use só https://SEU_DOMINIO"
            )

    def _check_kitchen_number(self) -> None:
        number = self.kitchen_whatsapp_number
        if is_placeholder(number):
            return
        assert number is not None
        if not _WHATSAPP_ADDRESS.match(number.strip()):
            raise SettingsError(
                f"KITCHEN_WHATSAPP_NUMBER={number!r} deve ser o endereço de WhatsApp da "
                "cozinha, na forma whatsapp:+5511999999999 (com o código do país)"
            )
