"""Images Twilio fetches to send as WhatsApp media: the QR code of an order's Pix.

``GET /media/pix/{token}.png``: the token is a signed, expiring link made by
:class:`service.application.media_links.MediaLinks`; anything else is a 404 that
says nothing about why.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool

from service.domain.pix import qr_png
from service.entrypoints.dependencies import ContainerDep

__all__ = ["router"]

logger = logging.getLogger(__name__)

router = APIRouter()


@router.api_route("/media/pix/{token}.png", methods=["GET", "HEAD"])
async def pix_qr(token: str, container: ContainerDep) -> Response:
    """The QR code of a Pix copia-e-cola, while its link is valid."""
    payload = container.media_links.pix_payload(token)
    if payload is None:
        logger.info("refused a Pix QR link: forged, altered or expired")
        return Response("não encontrado", status_code=404, media_type="text/plain")
    image = await run_in_threadpool(qr_png, payload)
    seconds = int(container.media_links.max_age.total_seconds())
    return Response(image, media_type="image/png", headers={
        "Cache-Control": f"private, max-age={seconds}",
        "X-Content-Type-Options": "nosniff",
    })
