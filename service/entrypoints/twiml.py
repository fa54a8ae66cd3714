"""TwiML answers for the webhook, written straight into a template.

The same document ``twilio.twiml.messaging_response.MessagingResponse`` makes for
plain messages, without building an element tree for it. Characters XML 1.0 cannot
carry (control characters other than tab and line breaks, lone surrogates, U+FFFE and
U+FFFF) are dropped, so a customer's stray control character echoed back in a reply
cannot make the whole answer unreadable to Twilio.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["messaging_response"]

_PROLOGUE = '<?xml version="1.0" encoding="UTF-8"?>'
_EMPTY = _PROLOGUE + "<Response />"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _message(body: str) -> str:
    text = _NOT_XML.sub("", body).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<Message>{text}</Message>" if text else "<Message />"


def messaging_response(replies: Iterable[str]) -> str:
    """A ``<Response>`` with one ``<Message>`` per reply (``<Response />`` for none)."""
    messages = "".join(_message(reply) for reply in replies)
    return f"{_PROLOGUE}<Response>{messages}</Response>" if messages else _EMPTY
