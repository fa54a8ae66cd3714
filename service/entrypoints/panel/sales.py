"""Today's summary (or any day's) and the CSV of a day's orders."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from service.application.sales import PAYMENT_LABELS
from service.entrypoints.dependencies import ContainerDep
from service.entrypoints.panel import texts
from service.entrypoints.panel.auth import Staff
from service.entrypoints.panel.charts import hour_chart
from service.entrypoints.panel.rendering import render, zone_of

__all__ = ["router"]

router = APIRouter()


def _day(text: str | None, today: date) -> date | None:
    if not text:
        return today
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@router.get("/painel/resumo")
async def summary(request: Request, container: ContainerDep, session: Staff,
                  dia: str | None = None) -> Response:
    """Orders, revenue, ticket médio, payment split, orders per hour, top items."""
    zone = zone_of(container)
    today = container.clock().astimezone(zone).date()
    day = _day(dia, today)
    if day is None:
        return await render(request, container, "message.html", session=session, status_code=422,
                            nav="resumo", message=texts.BAD_DAY)
    sales = await run_in_threadpool(container.sales.summary, day, zone)
    return await render(request, container, "summary.html", session=session, nav="resumo",
                        sales=sales, chart=hour_chart(sales.by_hour), payment_labels=PAYMENT_LABELS,
                        day=day, today=today, previous=day - timedelta(days=1),
                        following=day + timedelta(days=1) if day < today else None)


@router.get("/painel/resumo.csv")
async def summary_csv(request: Request, container: ContainerDep, session: Staff,
                      dia: str | None = None) -> Response:
    """The day's orders as CSV (``;`` separated, decimal comma), for a spreadsheet."""
    zone = zone_of(container)
    day = _day(dia, container.clock().astimezone(zone).date())
    if day is None:
        return await render(request, container, "message.html", session=session, status_code=422,
                            nav="resumo", message=texts.BAD_DAY)
    body = await run_in_threadpool(container.sales.csv, day, zone)
    return Response(body.encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="pedidos-{day.isoformat()}.csv"',
                             "Cache-Control": "no-store"})
