"""Links to images the app serves itself, for Twilio to fetch as WhatsApp media.

A link carries what the image shows (the Pix BR Code), signed with the media
secret and stamped with when it was made; nothing is stored. A forged, altered or
expired link is refused, so a link cannot be guessed and stops working after
``max_age`` (long enough for the outbox's retries, short enough not to linger).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from itsdangerous import BadData, TimestampSigner, URLSafeTimedSerializer

from service.clock import Clock, utcnow

__all__ = ["PIX_QR_PATH", "MediaLinks"]

PIX_QR_PATH = "/media/pix/{token}.png"
_PIX_SALT = "pix-qr-code"


class MediaLinks:
    """Makes and checks signed, expiring media links."""

    def __init__(self, secret: bytes, max_age: timedelta, *, clock: Clock = utcnow) -> None:
        if len(secret) < 16:
            raise ValueError("media secret too short")

        class _Signer(TimestampSigner):
            def get_timestamp(self) -> int:
                return int(clock().timestamp())

        self._serializer = URLSafeTimedSerializer(secret, salt=_PIX_SALT, signer=_Signer)
        self._max_age = int(max_age.total_seconds())

    @property
    def max_age(self) -> timedelta:
        """How long a link works after it is made."""
        return timedelta(seconds=self._max_age)

    def pix_token(self, payload: str) -> str:
        """A token for the QR image of this BR Code."""
        token: Any = self._serializer.dumps(payload)
        return str(token)

    def pix_path(self, payload: str) -> str:
        """The path of the QR image of this BR Code ("/media/pix/….png")."""
        return PIX_QR_PATH.format(token=self.pix_token(payload))

    def pix_url(self, base_url: str, payload: str) -> str:
        """The absolute URL Twilio fetches (``base_url``: PUBLIC_BASE_URL)."""
        return base_url.rstrip("/") + self.pix_path(payload)

    def pix_payload(self, token: str) -> str | None:
        """The BR Code behind a token, or None when it is forged, altered or expired."""
        try:
            payload = self._serializer.loads(token, max_age=self._max_age)
        except BadData:
            return None
        return payload if isinstance(payload, str) else None
