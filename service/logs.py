"""Logging set-up (once, at start-up) and masking of personal data in log lines.

Every line is written through :class:`SafeFormatter`, which escapes control
characters in the message: a ``From`` or a path holding a line break cannot forge a
log line. Tracebacks keep their line breaks.
"""

from __future__ import annotations

import logging
import re
import time

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
    # Called for every logged message: slices around the digits kept. ``isdecimal`` is
    # what ``\d`` matches in a str pattern (any Unicode decimal digit).
    positions = [index for index, char in enumerate(phone) if char.isdecimal()]
    if len(positions) <= _VISIBLE_TAIL + 2:
        masked = _DIGITS.sub("*", phone)
    else:
        start, end = positions[2], positions[-_VISIBLE_TAIL]
        masked = phone[:start] + _DIGITS.sub("*", phone[start:end]) + phone[end:]
    return clean(masked) if _CONTROL.search(masked) else masked


class SafeFormatter(logging.Formatter):
    """A formatter whose message part never holds a control character.

    The date and time of a line are formatted once per second (the milliseconds
    appended), not once per line.
    """

    def __init__(self, fmt: str | None = None, datefmt: str | None = None) -> None:
        super().__init__(fmt, datefmt)
        self._second: tuple[int, str] = (-1, "")  # one attribute: swapped whole, thread-safe

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        if datefmt is not None:
            return super().formatTime(record, datefmt)
        second = int(record.created)
        cached, stamp = self._second
        if cached != second:
            stamp = time.strftime(self.default_time_format, self.converter(record.created))
            self._second = (second, stamp)
        msec_format = self.default_msec_format
        return msec_format % (stamp, record.msecs) if msec_format else stamp

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = clean(record.message)
        return super().formatMessage(record)


def configure_logging(level: str = "INFO") -> None:
    """Log to stderr with timestamps, control characters escaped; call once from an entry point."""
    handler = logging.StreamHandler()
    handler.setFormatter(SafeFormatter(FORMAT))
    logging.basicConfig(level=level.upper(), handlers=[handler])
    _skip_unused_record_fields()
    if logging.getLevelName(level.upper()) != logging.DEBUG:  # at DEBUG, everything speaks
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)


def _skip_unused_record_fields() -> None:
    """No line names its source file, thread or process (FORMAT): the logging HOWTO's
    "Optimization" settings spare every record the stack walk and the lookups (~8 µs)."""
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False


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
