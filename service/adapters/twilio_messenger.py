"""Messenger adapter: sends WhatsApp messages through Twilio's REST API (the real client)."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from service.application.ports import MessengerError, OutboundMessage
from service.clock import utcnow
from service.logs import mask_phone

__all__ = ["REQUEST_TIMEOUT_SECONDS", "TwilioMessenger", "classify"]

logger = logging.getLogger(__name__)

# Twilio answers in well under a second; past this the outbox retries later.
REQUEST_TIMEOUT_SECONDS = 10.0
# Statuses worth retrying besides 5xx: rate limiting (429) and conflicts, and the
# answers of credentials being rotated or a misconfigured account (401, 403, 404),
# which an operator fixes without the message changing. Other 4xx (an invalid
# number, outside the 24 h window) fail the same way every time.
_RETRYABLE_STATUSES = frozenset({401, 403, 404, 408, 409, 429})
# A Retry-After beyond this is not believed (the outbox's own backoff still applies).
MAX_RETRY_AFTER = timedelta(hours=1)


def _retry_after(value: str | None) -> timedelta | None:
    """A Retry-After header (seconds or an HTTP date) as a wait, or None."""
    if not value:
        return None
    value = value.strip()
    try:
        wait = timedelta(seconds=max(float(value), 0.0))
    except ValueError:
        try:
            wait = parsedate_to_datetime(value) - utcnow()
        except (TypeError, ValueError):
            return None
    return max(min(wait, MAX_RETRY_AFTER), timedelta(0))


def classify(exc: TwilioRestException, retry_after: str | None = None) -> MessengerError:
    """Twilio's refusal as a MessengerError saying whether and when to try again."""
    retryable = exc.status >= 500 or exc.status in _RETRYABLE_STATUSES
    return MessengerError(
        f"Twilio recusou ({exc.status}, código {exc.code}): {exc.msg}",
        retryable=retryable, retry_after=_retry_after(retry_after), status=exc.status,
    )


class _HttpClient(TwilioHttpClient):
    """Twilio's HTTP client, keeping each thread's last response (for its Retry-After)."""

    def __init__(self, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self._responses = threading.local()

    def request(self, *args: Any, **kwargs: Any) -> Response:
        self._responses.last = None
        response: Response = super().request(*args, **kwargs)
        self._responses.last = response
        return response

    def last_header(self, name: str) -> str | None:
        """A header of this thread's last response."""
        response = getattr(self._responses, "last", None)
        headers = getattr(response, "headers", None) or {}
        for key, value in headers.items():
            if key.lower() == name.lower():
                return str(value)
        return None


class TwilioMessenger:
    """Messenger on ``twilio.rest.Client``; ``api_base_url`` points it at another host (tests)."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        *,
        api_base_url: str | None = None,
        timeout: float = REQUEST_TIMEOUT_SECONDS,
    ) -> None:
        self._http = _HttpClient(timeout)
        self._client = Client(account_sid, auth_token, http_client=self._http)
        if api_base_url:
            self._client.api.base_url = api_base_url.rstrip("/")
        self._from = from_number

    def send(self, message: OutboundMessage) -> str | None:
        """Create the message at Twilio; return its SID."""
        try:
            media = {"media_url": [message.media_url]} if message.media_url else {}
            created = self._client.messages.create(
                to=message.to, from_=self._from, body=message.body, **media
            )
        except TwilioRestException as exc:
            raise classify(exc, self._http.last_header("Retry-After")) from exc
        except Exception as exc:  # connection errors, timeouts: Twilio may be unreachable
            raise MessengerError(f"Twilio inacessível: {type(exc).__name__}: {exc}",
                                 retryable=True) from exc
        logger.info("sent %s message to %s: %s", message.purpose, mask_phone(message.to),
                    created.sid)
        return str(created.sid) if created.sid else None
