"""Log lines: one line per record whatever the values hold, phones masked."""

from __future__ import annotations

import io
import logging
import logging.config

import pytest

from service.logs import SafeFormatter, clean, mask_phone, uvicorn_log_config

FORGED = "whatsapp:+5511987654321\n2026-03-06 19:30:00,000 ERROR service: pedido apagado"


def _formatted(message: str, *args: object, exc: bool = False) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(SafeFormatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("tests.logs")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        if exc:
            try:
                raise RuntimeError("falhou")
            except RuntimeError:
                logger.exception(message, *args)
        else:
            logger.warning(message, *args)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


@pytest.mark.parametrize("value", [FORGED, "a\rb", "a\x1b[31mvermelho", "a\u2028b", "a\x00b"])
def test_a_value_with_control_characters_stays_on_one_line(value):
    line = _formatted("message from %s", value)
    assert line.count("\n") == 1 and line.endswith("\n")
    assert "\r" not in line and "\x1b" not in line and "\u2028" not in line
    assert clean(value) in line


def test_a_traceback_keeps_its_lines_but_the_message_does_not():
    text = _formatted("failed for %s", FORGED, exc=True)
    first, *rest = text.splitlines()
    assert first.startswith("ERROR tests.logs: failed for whatsapp:+5511987654321\\n2026")
    assert any("RuntimeError: falhou" in line for line in rest)


def test_the_time_of_a_line_is_written_as_the_standard_formatter_writes_it():
    ours, standard = SafeFormatter("%(asctime)s"), logging.Formatter("%(asctime)s")
    for created in (1_700_000_000.0, 1_700_000_000.999, 1_700_000_001.5, 1_700_000_001.0005):
        record = logging.makeLogRecord({"msg": "x"})
        record.created, record.msecs = created, int((created - int(created)) * 1000)
        assert ours.format(record) == standard.format(record)
    dated = logging.makeLogRecord({"msg": "x"})
    assert SafeFormatter("%(asctime)s", "%H:%M").format(dated) == logging.Formatter(
        "%(asctime)s", "%H:%M").format(dated)


@pytest.mark.parametrize(("phone", "masked"), [
    ("whatsapp:+5511987654321", "whatsapp:+55*******4321"),
    ("+5511987654321", "+55*******4321"),
    ("123456", "******"),
    ("", ""),
    ("whatsapp:+55 11 98765-4321", "whatsapp:+55 ** *****-4321"),
    ("\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", "\u0661\u0662**\u0665\u0666\u0667\u0668"),
])
def test_a_phone_keeps_its_country_code_and_last_four_digits(phone, masked):
    assert mask_phone(phone) == masked


def test_a_masked_phone_cannot_carry_a_line_break():
    masked = mask_phone(FORGED)
    assert "\n" not in masked and masked.startswith("whatsapp:+55*******")


def test_uvicorns_access_log_goes_through_the_same_formatter():
    stream = io.StringIO()
    config = uvicorn_log_config("INFO")
    config["handlers"] = {"default": {"class": "logging.StreamHandler", "formatter": "safe",
                                      "stream": stream}}
    logging.config.dictConfig(config)
    try:
        logging.getLogger("uvicorn.access").info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5",
                                                 "GET", "/healthz\nFORGED", "1.1", 404)
    finally:
        logging.getLogger("uvicorn.access").handlers.clear()
        logging.getLogger("uvicorn").handlers.clear()
    assert stream.getvalue().count("\n") == 1 and "/healthz\\nFORGED" in stream.getvalue()
