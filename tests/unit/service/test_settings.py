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
