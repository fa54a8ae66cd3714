"""Logging set-up (once, at start-up) and masking of personal data in log lines.

Every line is written through :class:`SafeFormatter`, which escapes control
characters in the message: a ``From`` or a path holding a line break cannot forge a
log line. Tracebacks keep their line breaks.
"""

from __future__ import annotations

import logging
import re

__all__ = [
    "QUIET_LOGGERS", "SafeFormatter", "clean", "configure_logging", "mask_phone",
    "uvicorn_log_config",
]

_DIGITS = re.compile(r"\d")
# Enough digits to tell customers apart in logs without exposing the number.
_VISIBLE_TAIL = 4
# C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries that log every request at INFO: their lines say nothing ours do not, so a
# handled message costs one line; they speak from WARNING up unless the level is DEBUG.
QUIET_LOGGERS = ("twilio.http_client",)


def clean(value: object) -> str:
    """``value`` as text with control characters escaped ("\\n", "\\x1b"): one log line."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                        str(value))


def mask_phone(phone: str) -> str:
    """'whatsapp:+5511987654321' → 'whatsapp:+55*******4321' (control characters escaped)."""
    # Called for every logged message: slices around the digits kept, no loop per character.
    positions = [match.start() for match in _DIGITS.finditer(phone)]
    if len(positions) <= _VISIBLE_TAIL + 2:
        return clean(_DIGITS.sub("*", phone))
    start, end = positions[2], positions[-_VISIBLE_TAIL]
    return clean(phone[:start] + _DIGITS.sub("*", phone[start:end]) + phone[end:])


class SafeFormatter(logging.Formatter):
    """A formatter whose message part never holds a control character."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = clean(record.message)
        return super().formatMessage(record)


def configure_logging(level: str = "INFO") -> None:
    """Log to stderr with timestamps, control characters escaped; call once from an entry point."""
    handler = logging.StreamHandler()
    handler.setFormatter(SafeFormatter(FORMAT))
    logging.basicConfig(level=level.upper(), handlers=[handler])
    if logging.getLevelName(level.upper()) != logging.DEBUG:  # at DEBUG, everything speaks
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)


def uvicorn_log_config(level: str = "INFO") -> dict[str, object]:
    """uvicorn's loggers (its access log too) written like ours, control characters escaped."""
    handler = {"class": "logging.StreamHandler", "formatter": "safe",
               "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"safe": {"()": SafeFormatter, "fmt": FORMAT}},
        "handlers": {"default": handler},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "uvicorn.access": {"handlers": ["default"], "level": level.upper(),
                               "propagate": False},
        },
    }
