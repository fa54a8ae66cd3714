"""Reading Twilio's webhook: the public URL it signed, and the form turned into an Inbound."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request

from service.domain.conversation import Inbound, Location

__all__ = ["MAX_INBOUND_CHARS", "inbound_from_form", "signed_url"]

# WhatsApp allows 4,096 characters; no order needs more than this, and the parser's
# cost grows with length, so longer bodies are cut and the customer is told.
MAX_INBOUND_CHARS = 1000
# Twilio sends at most 10 media per message.
_MAX_MEDIA = 10


def signed_url(request: Request, public_base_url: str | None) -> str:
    """The URL Twilio signed: the configured public base plus path and query, else as seen."""
    if not public_base_url:
        return str(request.url)
    url = public_base_url.rstrip("/") + request.url.path
    if request.url.query:
        url += "?" + request.url.query
    return url


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def inbound_from_form(form: Mapping[str, str]) -> Inbound:
    """Twilio's WhatsApp fields → Inbound (From, Body, ProfileName, media, location)."""
    body = form.get("Body", "") or ""
    try:
        media_count = min(int(form.get("NumMedia", "0") or 0), _MAX_MEDIA)
    except ValueError:
        media_count = 0
    media = tuple(
        form.get(f"MediaContentType{index}", "application/octet-stream")
        for index in range(media_count)
    )
    media_urls = tuple(form.get(f"MediaUrl{index}", "") for index in range(media_count))
    latitude, longitude = _float(form.get("Latitude")), _float(form.get("Longitude"))
    location = None
    if latitude is not None and longitude is not None:
        location = Location(
            latitude, longitude, form.get("Address", "") or "", form.get("Label", "") or ""
        )
    return Inbound(
        phone=form.get("From", ""),
        text=body[:MAX_INBOUND_CHARS],
        message_id=form.get("MessageSid") or form.get("SmsMessageSid") or "",
        profile_name=form.get("ProfileName", "") or "",
        media_types=media,
        media_urls=media_urls,
        location=location,
        truncated=len(body) > MAX_INBOUND_CHARS,
    )
