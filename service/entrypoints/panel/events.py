"""The live panel: a Server-Sent Events stream saying when what the panel shows has changed.

Each stream polls the store's change token once a second (a digest on SQLite, a
counter fed by snapshot listeners on Firestore, so a change on any replica is
seen), sends ``change`` with the counts for the badges when it moves, a ``: ping``
comment every 15 s so proxies keep the connection, and ``expired`` when the
session ends. A stream closes after a few minutes and the browser reconnects, so
a restart never waits on an idle stream for long.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from service.bootstrap import Container
from service.domain.order_status import OrderStatus
from service.entrypoints.dependencies import ContainerDep
from service.entrypoints.panel.auth import SESSION_COOKIE, Staff
from service.entrypoints.panel.orders import board_columns

__all__ = ["router"]

router = APIRouter()

POLL_SECONDS = 1.0
HEARTBEAT_SECONDS = 15.0
# A logged-out or expired session loses its stream within this time.
SESSION_CHECK_SECONDS = 5.0
STREAM_SECONDS = 300.0
RETRY_MILLISECONDS = 2000


def counts(container: Container) -> dict[str, int]:
    """What the badges show: new orders on the board, customers waiting for a person."""
    columns = board_columns(container, container.clock())
    new = next(len(c.orders) for c in columns if c.status is OrderStatus.NEW)
    return {"novos": new, "atendimentos": len(container.handoffs.inbox())}


def _event(name: str, data: dict[str, int] | dict[str, str]) -> str:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n"


@router.get("/painel/eventos")
async def events(request: Request, container: ContainerDep, _session: Staff) -> StreamingResponse:
    """``text/event-stream`` of ``change`` and ``expired`` events."""
    cookie = request.cookies.get(SESSION_COOKIE)

    async def stream() -> AsyncIterator[str]:
        yield f"retry: {RETRY_MILLISECONDS}\n: conectado\n\n"
        started = beat = checked = time.monotonic()
        last: str | None = None
        while True:
            token = await run_in_threadpool(container.store.change_token)
            if token != last:
                last = token
                yield _event("change", await run_in_threadpool(counts, container))
                beat = time.monotonic()
            now = time.monotonic()
            if now - checked >= SESSION_CHECK_SECONDS:
                checked = now
                if await run_in_threadpool(container.panel.sessions.find, cookie) is None:
                    yield _event("expired", {"login": "/painel/entrar?expirou=1"})
                    return
            if now - beat >= HEARTBEAT_SECONDS:
                yield ": ping\n\n"
                beat = now
            if now - started >= STREAM_SECONDS or await request.is_disconnected():
                return
            await asyncio.sleep(POLL_SECONDS)

    # nginx passes the stream unbuffered by its own configuration (its /painel/eventos
    # location), which the deployment tests check; no X-Accel-Buffering header hides it.
    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store"})
