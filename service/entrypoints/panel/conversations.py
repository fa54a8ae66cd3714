"""Conversations: the handoff inbox, transcripts, staff replies, and the customer's data rights.

Links name a customer by their transcript's opaque key, never by phone (URLs end
up in access logs). A reply carries a one-time id from the form, so a double
click sends it once; outside WhatsApp's 24-hour window it is refused, saying why.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from service.application.handoff import MAX_REPLY_CHARS, ReplyRefused
from service.application.ports import PanelSession
from service.bootstrap import Container
from service.domain.handoff import WHATSAPP_WINDOW, within_whatsapp_window
from service.domain.transcript import Transcript
from service.entrypoints.dependencies import ContainerDep
from service.entrypoints.panel import texts
from service.entrypoints.panel.auth import CheckedForm, Staff
from service.entrypoints.panel.orders import respond
from service.entrypoints.panel.rendering import render, shown_phone
from service.logs import mask_phone

__all__ = ["router"]

router = APIRouter()


def _transcript(container: Container, key: str) -> Transcript | None:
    return container.transcripts.by_key(key) if len(key) <= 64 else None


def _not_found(request: Request) -> Response:
    """An action on a conversation that is not there (erased, or a stale link)."""
    return respond(request, "erro", texts.CONVERSATION_NOT_FOUND, "/painel/conversas",
                   status_code=404)


async def _missing(request: Request, container: Container, session: PanelSession) -> Response:
    return await render(request, container, "message.html", session=session, status_code=404,
                        nav="conversas", message=texts.CONVERSATION_NOT_FOUND)


@router.get("/painel/atendimento")
async def inbox(request: Request, container: ContainerDep, session: Staff) -> Response:
    """Customers waiting for (or talking with) a person."""
    handoffs = await run_in_threadpool(container.handoffs.inbox)
    keys = {}
    for handoff in handoffs:
        found = await run_in_threadpool(
            container.store.run, lambda uow, phone=handoff.phone: uow.get_transcript(phone))
        keys[handoff.phone] = found
    return await render(request, container, "inbox.html", session=session, nav="atendimento",
                        handoffs=handoffs, transcripts=keys)


@router.get("/painel/conversas")
async def conversations(request: Request, container: ContainerDep, session: Staff) -> Response:
    """The customers who wrote last."""
    recent = await run_in_threadpool(container.transcripts.recent, 50)
    return await render(request, container, "conversations.html", session=session, nav="conversas",
                        transcripts=recent)


def _conversation_context(container: Container, transcript: Transcript) -> dict[str, Any]:
    now = container.clock()
    handoff = container.handoffs.of(transcript.phone)
    last = transcript.last_customer_at
    return {
        "transcript": transcript,
        "lines": container.transcripts.lines(transcript),
        "handoff": handoff,
        "holding": handoff is not None and container.handoffs.holding(handoff),
        "window_open": within_whatsapp_window(last, now),
        "window_closes": last + WHATSAPP_WINDOW if last else None,
        "request_id": secrets.token_urlsafe(16),
        "max_reply": MAX_REPLY_CHARS,
        "shown": shown_phone(transcript.phone),
    }


@router.get("/painel/conversas/{key}")
async def conversation(key: str, request: Request, container: ContainerDep,
                       session: Staff) -> Response:
    """One customer's transcript, the handoff's state and the reply form."""
    transcript = await run_in_threadpool(_transcript, container, key)
    if transcript is None:
        return await _missing(request, container, session)
    context = await run_in_threadpool(_conversation_context, container, transcript)
    return await render(request, container, "conversation.html", session=session, nav="atendimento",
                        **context)


@router.get("/painel/conversas/{key}/mensagens")
async def conversation_lines(key: str, request: Request, container: ContainerDep,
                             session: Staff) -> Response:
    """The transcript alone, fetched when the live stream says something changed."""
    transcript = await run_in_threadpool(_transcript, container, key)
    if transcript is None:
        return await _missing(request, container, session)
    context = await run_in_threadpool(_conversation_context, container, transcript)
    return await render(request, container, "_transcript.html", session=session, **context)


@router.post("/painel/conversas/{key}/assumir")
async def take_over(key: str, request: Request, container: ContainerDep, form: CheckedForm,
                    _session: Staff) -> Response:
    """A person takes the conversation; the assistant goes quiet for this customer."""
    back = f"/painel/conversas/{key}"
    transcript = await run_in_threadpool(_transcript, container, key)
    if transcript is None:
        return _not_found(request)
    await run_in_threadpool(container.handoffs.take_over, transcript.phone,
                            transcript.customer_name)
    return respond(request, "ok", texts.TAKEN_OVER, back)


@router.post("/painel/conversas/{key}/devolver")
async def release(key: str, request: Request, container: ContainerDep, form: CheckedForm,
                  _session: Staff) -> Response:
    """The conversation goes back to the assistant."""
    transcript = await run_in_threadpool(_transcript, container, key)
    if transcript is None:
        return _not_found(request)
    _, changed = await run_in_threadpool(container.handoffs.release, transcript.phone)
    return respond(request, "ok" if changed else "info",
                   texts.RELEASED if changed else texts.NOT_ATTENDED, f"/painel/conversas/{key}")


@router.post("/painel/conversas/{key}/responder")
async def reply(key: str, request: Request, container: ContainerDep, form: CheckedForm,
                _session: Staff) -> Response:
    """Send a message to the customer through the restaurant's WhatsApp number, once."""
    back = f"/painel/conversas/{key}"
    transcript = await run_in_threadpool(_transcript, container, key)
    if transcript is None:
        return _not_found(request)
    request_id = str(form.get("pedido_id") or "")[:64] or secrets.token_urlsafe(16)
    try:
        outcome = await run_in_threadpool(container.handoffs.reply, transcript.phone,
                                          str(form.get("mensagem") or ""), request_id)
    except ReplyRefused as refused:
        return respond(request, "erro", str(refused), back, status_code=422)
    if outcome.duplicate:
        return respond(request, "info", texts.REPLY_REPEATED, back,
                       request_id=secrets.token_urlsafe(16))
    container.outbox_worker.wake()
    return respond(request, "ok", texts.REPLY_SENT, back, request_id=secrets.token_urlsafe(16))


# -- the customer's data (LGPD) ---------------------------------------------------------


def _phone_of(container: Container, key: str) -> tuple[str, str] | None:
    """(WhatsApp address, name) of a conversation key, or of an order ("pedido-12")."""
    if key.startswith("pedido-") and key[7:].isdigit() and len(key) < 20:
        order = container.orders.get_order(int(key[7:]))
        if order is None or order.anonymous:
            return None
        return order.customer_address, order.customer_name
    transcript = _transcript(container, key)
    return (transcript.phone, transcript.customer_name) if transcript else None


@router.get("/painel/clientes/{key}/exportar")
async def export(key: str, request: Request, container: ContainerDep,
                 session: Staff) -> Response:
    """Everything kept about one customer, as a JSON file."""
    found = await run_in_threadpool(_phone_of, container, key)
    if found is None:
        return await _missing(request, container, session)
    data = await run_in_threadpool(container.privacy.export, found[0])
    body = json.dumps(data, ensure_ascii=False, indent=2)
    name = "dados-cliente-" + "".join(ch for ch in mask_phone(found[0]) if ch.isdigit())
    return Response(body, media_type="application/json; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.json"',
                             "Cache-Control": "no-store"})


@router.get("/painel/clientes/{key}/apagar")
async def erase_form(key: str, request: Request, container: ContainerDep,
                     session: Staff) -> Response:
    """Asks before erasing."""
    found = await run_in_threadpool(_phone_of, container, key)
    if found is None:
        return await _missing(request, container, session)
    return await render(request, container, "erase.html", session=session, nav="conversas",
                        key=key, shown=shown_phone(found[0]), name=found[1])


@router.post("/painel/clientes/{key}/apagar")
async def erase(key: str, request: Request, container: ContainerDep, form: CheckedForm,
                _session: Staff) -> Response:
    """Erase one customer's data; their orders stay, anonymised."""
    found = await run_in_threadpool(_phone_of, container, key)
    if found is None:
        return respond(request, "erro", texts.CONVERSATION_NOT_FOUND, "/painel/conversas",
                       status_code=404)
    erasure = await run_in_threadpool(container.privacy.erase, found[0])
    if not erasure.found:
        return respond(request, "info", texts.NOTHING_TO_ERASE, "/painel/conversas")
    return respond(request, "ok", texts.erased(erasure.orders_anonymised), "/painel/conversas")


@router.get("/painel/clientes")
async def customers(_session: Staff) -> Response:
    """Customers are found through their conversations."""
    return RedirectResponse("/painel/conversas", status_code=303)
