"""Settings: the example file, placeholders, blanks and the start-up checks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from service.settings import Settings, SettingsError
from tests.builders import ROOT

EXAMPLE = ROOT / ".env_example"


def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)


def test_the_example_file_names_every_setting_and_loads(monkeypatch):
    _clean_env(monkeypatch)
    names = set(re.findall(r"^([A-Z_]+)=", EXAMPLE.read_text(encoding="utf-8"), re.MULTILINE))
    assert names == {name.upper() for name in Settings.model_fields}
    settings = Settings(_env_file=EXAMPLE)  # type: ignore[call-arg]
    assert settings.storage_backend == "sqlite"
    assert settings.sqlite_path == Path("var/cozinha.sqlite3")
    assert settings.twilio_api_base_url is None  # "NAME=" means unset
    assert settings.auth_token is None  # "your_auth_token" is a placeholder
    with pytest.raises(SettingsError, match="TWILIO_AUTH_TOKEN"):
        settings.check_startup()


def test_environment_variables_override_the_file(monkeypatch):
    _clean_env(monkeypatch)
    monkeypatch.setenv("ENVIRONMENT", "Development")
    monkeypatch.setenv("PORT", "8123")
    settings = Settings(_env_file=EXAMPLE)  # type: ignore[call-arg]
    assert settings.development and settings.port == 8123
    warnings = settings.check_startup()
    assert any("NÃO são verificadas" in w for w in warnings)
    assert any("KITCHEN_WHATSAPP_NUMBER" in w for w in warnings)


def test_complete_production_settings_start_without_warnings(monkeypatch):
    _clean_env(monkeypatch)
    values: dict[str, Any] = {
        "twilio_account_sid": "AC" + "5" * 32, "twilio_auth_token": "t" * 32,
        "twilio_phone_number": "whatsapp:+14155238886",
        "kitchen_whatsapp_number": "whatsapp:+5511900000000",
        "panel_password": "p" * 12,
        "public_base_url": "https://pedidos.cozinhadacris.com.br",
    }
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
    assert settings.check_startup() == []
    assert settings.can_send_whatsapp
    assert "t" * 32 not in repr(settings)  # secrets are not shown
    assert "p" * 12 not in repr(settings)


def test_an_unknown_storage_backend_is_refused(monkeypatch):
    _clean_env(monkeypatch)
    with pytest.raises(ValueError, match="storage_backend"):
        bad: dict[str, Any] = {"storage_backend": "mongodb"}
        Settings(_env_file=None, **bad)  # type: ignore[call-arg]


def _production(**values: Any) -> Settings:
    base: dict[str, Any] = {
        "twilio_account_sid": "AC" + "5" * 32, "twilio_auth_token": "t" * 32,
        "twilio_phone_number": "whatsapp:+14155238886",
        "kitchen_whatsapp_number": "whatsapp:+5511900000000",
        "public_base_url": "https://pedidos.cozinhadacris.com.br",
        "panel_password": "p" * 12,
    }
    base.update(values)
    return Settings(_env_file=None, **base)  # type: ignore[call-arg]


@pytest.mark.parametrize("url", [None, "", "https://seu_dominio"])
def test_production_needs_the_public_base_url(monkeypatch, url):
    _clean_env(monkeypatch)
    with pytest.raises(SettingsError, match="PUBLIC_BASE_URL"):
        _production(public_base_url=url).check_startup()


def test_development_may_run_without_the_public_base_url(monkeypatch):
    _clean_env(monkeypatch)
    assert _production(public_base_url=None, environment="development").check_startup() == []


@pytest.mark.parametrize("url", ["pedidos.cozinhadacris.com.br", "ftp://x.com", "https://",
                                 "https://x.com/?a=1", "https://x.com/#webhook"])
def test_a_public_base_url_that_is_no_url_is_refused(monkeypatch, url):
    _clean_env(monkeypatch)
    with pytest.raises(SettingsError, match="PUBLIC_BASE_URL"):
        _production(public_base_url=url).check_startup()


@pytest.mark.parametrize("number", ["+5511900000000", "sms:+5511900000000",
                                    "tel:+5511900000000", "whatsapp:5511900000000",
                                    "whatsapp:+55 11 90000-0000"])
def test_the_kitchen_number_must_be_its_whatsapp_address(monkeypatch, number):
    _clean_env(monkeypatch)
    with pytest.raises(SettingsError, match="KITCHEN_WHATSAPP_NUMBER"):
        _production(kitchen_whatsapp_number=number).check_startup()


def test_outbox_settings_are_read_and_checked(monkeypatch):
    _clean_env(monkeypatch)
    monkeypatch.setenv("OUTBOX_WORKER", "Thread")
    monkeypatch.setenv("OUTBOX_GIVE_UP_HOURS", "12")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.outbox_worker, settings.outbox_give_up_hours) == ("thread", 12.0)
    for name, value in (("OUTBOX_WORKER", "cron"), ("OUTBOX_GIVE_UP_HOURS", "0")):
        monkeypatch.setenv(name, value)
        with pytest.raises(ValueError, match=name.lower()):
            Settings(_env_file=None)  # type: ignore[call-arg]
        monkeypatch.delenv(name)
