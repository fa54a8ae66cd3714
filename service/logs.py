"""Logging set-up (once, at start-up) and masking of personal data in log lines."""

from __future__ import annotations

import logging
import re

__all__ = ["configure_logging", "mask_phone"]

_DIGITS = re.compile(r"\d")
# Enough digits to tell customers apart in logs without exposing the number.
_VISIBLE_TAIL = 4


def mask_phone(phone: str) -> str:
    """'whatsapp:+5511987654321' → 'whatsapp:+55*******4321'."""
    # Called for every logged message: slices around the digits kept, no loop per character.
    positions = [match.start() for match in _DIGITS.finditer(phone)]
    if len(positions) <= _VISIBLE_TAIL + 2:
        return _DIGITS.sub("*", phone)
    start, end = positions[2], positions[-_VISIBLE_TAIL]
    return phone[:start] + _DIGITS.sub("*", phone[start:end]) + phone[end:]


# Libraries that log every request they make at INFO: a handled message should cost one
# line, so they speak from WARNING up unless the level asks for DEBUG.
_CHATTY_LIBRARIES = ("twilio.http_client",)


def configure_logging(level: str = "INFO") -> None:
    """Log to stderr with timestamps; call once from an entry point."""
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    _quiet_libraries(level)


def _quiet_libraries(level: str) -> None:
    if logging.getLevelName(level.upper()) != logging.DEBUG:
        for name in _CHATTY_LIBRARIES:
            logging.getLogger(name).setLevel(logging.WARNING)
