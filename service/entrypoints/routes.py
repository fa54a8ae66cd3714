"""HTTP routes: Twilio's webhook, liveness, and the restaurant's orders API."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from starlette.routing import Route

from service.application.ports import Messenger, MessengerError, OutboundMessage
from service.bootstrap import Container
from service.domain import texts
from service.domain.conversation import Inbound
from service.entrypoints.dependencies import AdminDep, ContainerDep
from service.entrypoints.media import router as media_router
from service.entrypoints.orders_api import orders_with_notices
from service.entrypoints.orders_api import router as orders_router
from service.entrypoints.signature import checker_for
from service.entrypoints.twilio_form import FormRefused, inbound_from_form, read_form, signed_url
from service.entrypoints.twiml import messaging_response
from service.logs import mask_phone

__all__ = ["router", "twiml", "webhook_route"]

logger = logging.getLogger(__name__)

router = APIRouter()
router.include_router(orders_router)
router.include_router(media_router)


def twiml(replies: tuple[str, ...] | list[str]) -> Response:
    """Replies as a TwiML MessagingResponse."""
    return Response(messaging_response(replies), media_type="application/xml")


async def webhook(request: Request) -> Response:
    """Twilio's WhatsApp webhook: validate the signature, apply the message, answer in TwiML.

    A plain Starlette route: FastAPI's request handling (dependency solving, the
    response model) would cost about as much as a bare endpoint's whole answer.
    """
    container: Container = request.app.state.container
    try:
        form = await read_form(request)
    except FormRefused as refused:
        return Response(refused.reason, status_code=refused.status, media_type="text/plain")
    token = container.settings.auth_token
    if token is not None:
        signature = request.headers.get("X-Twilio-Signature", "")
        url = signed_url(request, container.settings.public_base_url)
        if not checker_for(token).valid(url, form, signature):
            logger.warning("rejected webhook call with a %s signature for %s",
                           "missing" if not signature else "wrong", url)
            return Response("assinatura inválida", status_code=403, media_type="text/plain")
    params = {key: str(value) for key, value in form.items()}
    inbound = inbound_from_form(params)
    if not inbound.phone:
        return Response("campo From ausente", status_code=400, media_type="text/plain")
    kitchen = container.kitchen.is_kitchen(inbound.phone)
    handle = container.kitchen.handle if kitchen else container.inbound.handle
    with container.sync_later() as pending:
        try:
            if container.handles_inline:
                replies = handle(inbound)
            else:
                work = asyncio.ensure_future(run_in_threadpool(handle, inbound))
                done, _ = await asyncio.wait({work}, timeout=container.answer_within)
                if not done:
                    # The store hangs (Firestore unreachable): Twilio stops waiting at
                    # 15 s. Say so now; the replies follow through the API when it ends.
                    _answer_later(container, inbound, work, kitchen)
                    return twiml((texts.still_working(),))
                replies = work.result()
        except Exception:
            # The customer must never get silence, and a 5xx would not be retried usefully
            # (the transaction rolled back), so log it and answer 200 with an apology.
            _log_failure(inbound, kitchen)
            replies = (texts.apology(),)
    if pending is not None and pending.needed:
        # A placed order is on disk before the customer reads its confirmation; the
        # event loop answers other messages meanwhile.
        await run_in_threadpool(pending.wait)
    container.outbox_worker.wake()
    return twiml(replies)


# The app puts this route before every other (web.py): routes are tried in order, and
# each included router is walked twice (to match, then to dispatch), so the webhook
# found last among the orders API, media and panel routes cost ~130 µs per request.
webhook_route = Route("/webhook", webhook, methods=["POST"], include_in_schema=False)


def _log_failure(inbound: Inbound, kitchen: bool) -> None:
    logger.exception("failed handling message %s from %s%s", inbound.message_id,
                     mask_phone(inbound.phone), " (kitchen)" if kitchen else "")


# Answers still on their way after the webhook answered, by sender and message id: kept
# so none is collected early, and so a repeated delivery of the same message, stuck as
# well, does not send its replies a second time.
_late: dict[tuple[str, str], asyncio.Task[None]] = {}
# A late answer is tried this many times, this far apart (Twilio's API may be down too).
LATE_SEND_ATTEMPTS = 3
LATE_SEND_PAUSE_SECONDS = 2.0


def _answer_later(container: Container, inbound: Inbound, work: asyncio.Future[tuple[str, ...]],
                  kitchen: bool) -> None:
    """When ``work`` ends, send its replies (or the apology) through the messaging API."""
    logger.warning("message %s from %s still being handled after %.0f s: its replies will "
                   "be sent when it ends", inbound.message_id, mask_phone(inbound.phone),
                   container.answer_within)

    async def answer() -> None:
        try:
            replies = await work
        except Exception:
            _log_failure(inbound, kitchen)
            replies = (texts.apology(),)
        await run_in_threadpool(_send_late, container.messenger, inbound.phone, replies)

    key = (inbound.phone, inbound.message_id)
    if key in _late:
        return  # the first delivery's late answer will carry the replies
    task = asyncio.ensure_future(answer())
    _late[key] = task
    task.add_done_callback(lambda _: _late.pop(key, None))


def _send_late(messenger: Messenger, phone: str, replies: tuple[str, ...]) -> None:
    for reply in replies:
        for attempt in range(1, LATE_SEND_ATTEMPTS + 1):
            try:
                messenger.send(OutboundMessage(phone, reply, "customer"))
                break
            except MessengerError as exc:
                if not exc.retryable or attempt == LATE_SEND_ATTEMPTS:
                    logger.error("a late reply to %s was not sent: %s", mask_phone(phone), exc)
                    return
                time.sleep(LATE_SEND_PAUSE_SECONDS)


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/api/orders")
async def list_orders(
    container: ContainerDep,
    _admin: AdminDep,
    limit: int = Query(100, ge=1, le=1000),
) -> list[dict[str, Any]]:
    """The most recent orders first, with their undelivered notices (bearer ADMIN_TOKEN)."""
    return await orders_with_notices(container, limit)
