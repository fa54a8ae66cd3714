"""Logging set-up: one line per handled message, no access log unless asked for."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from service.entrypoints.cli import uvicorn_options
from service.logs import configure_logging, mask_phone
from service.settings import Settings


@pytest.fixture
def clean_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    chatty = logging.getLogger("twilio.http_client")
    chatty_level = chatty.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    chatty.setLevel(chatty_level)


def test_the_access_log_is_off_unless_asked_for():
    assert uvicorn_options(Settings(_env_file=None))["access_log"] is False  # type: ignore[call-arg]
    on = Settings(_env_file=None, access_log="true")  # type: ignore[call-arg, arg-type]
    assert uvicorn_options(on)["access_log"] is True


@pytest.mark.usefixtures("clean_logging")
def test_the_twilio_client_logs_each_request_only_at_debug():
    logging.getLogger().handlers.clear()  # as a fresh process starts
    configure_logging("INFO")
    assert not logging.getLogger("twilio.http_client").isEnabledFor(logging.INFO)
    assert logging.getLogger("twilio.http_client").isEnabledFor(logging.WARNING)
    assert logging.getLogger("service.application.inbound").isEnabledFor(logging.INFO)


@pytest.mark.usefixtures("clean_logging")
def test_at_debug_everything_speaks():
    logging.getLogger("twilio.http_client").setLevel(logging.NOTSET)
    logging.getLogger().handlers.clear()
    configure_logging("DEBUG")
    assert logging.getLogger("twilio.http_client").isEnabledFor(logging.DEBUG)


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("+55 (11) 98765-4321", "+55 (**) *****-4321"),
        ("whatsapp:+551187654321", "whatsapp:+55******4321"),
        ("1234567", "12*4567"),
        ("123456", "******"),  # too short to show any digit
        ("", ""),
        ("whatsapp:", "whatsapp:"),
    ],
)
def test_phones_in_log_lines_keep_the_country_code_and_the_last_four_digits(phone, masked):
    assert mask_phone(phone) == masked
