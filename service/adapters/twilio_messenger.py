"""Messenger adapter: sends WhatsApp messages through Twilio's REST API (the real client)."""

from __future__ import annotations

import logging

from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from service.application.ports import MessengerError, OutboundMessage
from service.logs import mask_phone

__all__ = ["TwilioMessenger"]

logger = logging.getLogger(__name__)

# Twilio answers in well under a second; past this the outbox retries later.
REQUEST_TIMEOUT_SECONDS = 10.0
# Statuses worth retrying: rate limiting and Twilio-side failures. Other 4xx
# (bad number, not allowed outside the 24 h window) fail the same way every time.
_RETRYABLE_STATUSES = frozenset({408, 409, 429})


class TwilioMessenger:
    """Messenger on ``twilio.rest.Client``; ``api_base_url`` points it at another host (tests)."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        *,
        api_base_url: str | None = None,
    ) -> None:
        http_client = TwilioHttpClient(timeout=REQUEST_TIMEOUT_SECONDS)
        self._client = Client(account_sid, auth_token, http_client=http_client)
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
            retryable = exc.status >= 500 or exc.status in _RETRYABLE_STATUSES
            raise MessengerError(
                f"Twilio recusou ({exc.status}, código {exc.code}): {exc.msg}",
                retryable=retryable,
            ) from exc
        except Exception as exc:  # connection errors, timeouts: Twilio may be unreachable
            raise MessengerError(f"Twilio inacessível: {exc}", retryable=True) from exc
        logger.info("sent %s message to %s: %s", message.purpose, mask_phone(message.to),
                    created.sid)
        return str(created.sid) if created.sid else None
