"""Reading Twilio's webhook: the form, the public URL it signed, and the form as an Inbound."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import unquote

from fastapi import Request
from starlette.datastructures import FormData, UploadFile

from service.domain.conversation import Inbound, Location

__all__ = [
    "MAX_FORM_BYTES",
    "MAX_INBOUND_CHARS",
    "FormRefused",
    "inbound_from_form",
    "parse_urlencoded",
    "read_form",
    "signed_url",
]

# Twilio's webhook bodies are well under 10 KiB. Behind nginx a larger one never
# arrives (client_max_body_size 64k); without it, the app refuses it the same way.
MAX_FORM_BYTES = 64 * 1024
# As many fields as Starlette's own form parser accepts.
MAX_FORM_FIELDS = 1000
_URLENCODED = "application/x-www-form-urlencoded"

# WhatsApp allows 4,096 characters; no order needs more than this, and the parser's
# cost grows with length, so longer bodies are cut and the customer is told.
MAX_INBOUND_CHARS = 1000
# Twilio sends at most 10 media per message.
_MAX_MEDIA = 10


class FormRefused(Exception):
    """The body cannot be a webhook form; ``status`` is the HTTP answer (413 or 400)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


async def read_form(request: Request) -> FormData:
    """The posted form, repeated keys kept; too large or malformed raises FormRefused.

    URL-encoded bodies (what Twilio sends) are decoded here, the way Starlette decodes
    them but in a fraction of the time; anything else goes to Starlette's parser.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_FORM_BYTES:
        raise FormRefused(413, "corpo grande demais")
    content_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if content_type != _URLENCODED:
        return await request.form()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormRefused(413, "corpo grande demais")
    text = body.decode("latin-1")
    if text and text.count("&") >= MAX_FORM_FIELDS:
        raise FormRefused(400, "formulário inválido")
    return FormData(parse_urlencoded(text))


def _unquote_plus(text: str) -> str:
    if "+" in text:
        text = text.replace("+", " ")
    return unquote(text) if "%" in text else text


def parse_urlencoded(text: str) -> list[tuple[str, str | UploadFile]]:
    """``urllib.parse.parse_qsl(text, keep_blank_values=True)``, the same pairs, faster:
    most fields of a webhook hold neither "+" nor "%", and skip both decodings."""
    fields: list[tuple[str, str | UploadFile]] = []
    for pair in text.split("&") if text else ():
        if pair:
            name, _, value = pair.partition("=")
            fields.append((_unquote_plus(name), _unquote_plus(value)))
    return fields


def signed_url(request: Request, public_base_url: str | None) -> str:
    """The URL Twilio signed: the configured public base plus path and query.

    Production always has PUBLIC_BASE_URL (the settings refuse to start without it);
    only a development run falls back to the URL as the server sees it.
    """
    if not public_base_url:
        return str(request.url)
    # ``request.url.path`` and ``.query``, read from the scope without building the URL
    # (~9 µs): the path escaped as Starlette escapes it, the query up to a fragment.
    path = request.scope["path"].replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
    query = request.scope.get("query_string", b"").decode().partition("#")[0]
    url = public_base_url.strip().rstrip("/") + path
    return f"{url}?{query}" if query else url


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
    latitude, longitude = form.get("Latitude"), form.get("Longitude")
    shared = bool((latitude or "").strip() or (longitude or "").strip())
    location = Location.shared(latitude, longitude, form.get("Address", "") or "",
                              form.get("Label", "") or "") if shared else None
    return Inbound(
        phone=form.get("From", ""),
        text=body[:MAX_INBOUND_CHARS],
        message_id=form.get("MessageSid") or form.get("SmsMessageSid") or "",
        profile_name=form.get("ProfileName", "") or "",
        media_types=media,
        media_urls=media_urls,
        location=location,
        truncated=len(body) > MAX_INBOUND_CHARS,
        location_refused=shared and location is None,
    )
