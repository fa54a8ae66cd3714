"""Pure rules of the restaurant's side: availability, handoffs, transcripts, sales, local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from nlu import PaymentMethod
from service.domain.availability import Availability, Pause
from service.domain.handoff import Handoff, HandoffReason, HandoffStatus, within_whatsapp_window
from service.domain.local_time import day_bounds, next_clock_time, restaurant_zone
from service.domain.order import Order, OrderLine, Payment, decide_transition
from service.domain.order_status import OrderStatus
from service.domain.sales import summarise
from service.domain.transcript import Line, Speaker, Transcript
from tests.builders import NOW, menu_with_hours, seed_menu
from tests.builders import order as an_order

SP = ZoneInfo("America/Sao_Paulo")
IDLE = timedelta(minutes=30)


def test_sold_out_items_are_unavailable_in_the_offered_menu_only():
    menu = seed_menu()
    availability = Availability().with_item("feijoada", True, NOW)
    offered = availability.offer(menu)
    assert not offered["feijoada"].available and menu["feijoada"].available
    assert [i.id for i in offered.items] == [i.id for i in menu.items]  # nothing disappears
    assert Availability().offer(menu) is menu
    assert availability.with_item("feijoada", False, NOW).offer(menu) is menu


def test_a_pause_ends_at_its_until_time_and_round_trips():
    pause = Pause(NOW, NOW + timedelta(minutes=30), "já voltamos")
    paused = Availability().paused(pause, NOW)
    assert not paused.taking_orders(NOW + timedelta(minutes=29))
    assert paused.taking_orders(NOW + timedelta(minutes=30))
    assert not Availability().paused(Pause(NOW), NOW).taking_orders(NOW + timedelta(days=9))
    assert Availability.from_dict(paused.to_dict()) == paused
    assert paused.resumed(NOW).taking_orders(NOW)


def test_a_handoff_holds_while_staff_are_not_idle_too_long():
    handoff = Handoff.open("whatsapp:+5511987654321", 3, "asked", "Maria", NOW)
    assert handoff.status is HandoffStatus.WAITING and handoff.holds(NOW, IDLE)
    later = NOW + timedelta(minutes=29)
    handoff = handoff.customer_wrote("Maria S.", later)  # the customer writing does not count
    assert handoff.unread == 1 and not handoff.holds(NOW + timedelta(minutes=30), IDLE)
    handoff = handoff.staff_acted(later)
    assert handoff.unread == 0 and handoff.status is HandoffStatus.ATTENDING
    assert handoff.holds(later + timedelta(minutes=29), IDLE)
    assert not handoff.ended(later).holds(later, IDLE)
    assert Handoff.from_dict(handoff.to_dict()) == handoff
    staff = Handoff.open("whatsapp:+5511987654321", 4, HandoffReason.STAFF, "", NOW)
    assert staff.status is HandoffStatus.ATTENDING
    assert Handoff.open("x", 5, "something else", "", NOW).reason is HandoffReason.ASKED


@pytest.mark.parametrize(
    ("last", "ok"), [(None, False), (NOW - timedelta(hours=23, minutes=59), True),
                     (NOW - timedelta(hours=24), False)])
def test_whatsapps_window_is_24_hours_after_the_customers_last_message(last, ok):
    assert within_whatsapp_window(last, NOW) is ok


def test_a_transcript_keeps_the_last_lines_within_the_retention_period():
    transcript = Transcript("p", "k")
    for minute in range(6):
        at = NOW + timedelta(minutes=minute)
        transcript = transcript.added([Line(at, Speaker.CUSTOMER, f"m{minute}"),
                                       Line(at, Speaker.BOT, "")],  # empty lines are dropped
                                      now=at, keep=4, retention=timedelta(days=1))
    assert [line.text for line in transcript.lines] == ["m2", "m3", "m4", "m5"]
    much_later = NOW + timedelta(days=1, minutes=3)
    assert [line.text for line in transcript.recent(much_later, timedelta(days=1))] == ["m3",
                                                                                       "m4",
                                                                                       "m5"]
    long = transcript.added([Line(NOW, Speaker.BOT, "x" * 5000)], now=NOW + timedelta(minutes=6),
                            keep=4, retention=timedelta(days=1))
    assert len(long.lines[-1].text) == 1600
    assert long.last_customer_at == NOW + timedelta(minutes=5)  # a bot line does not move it
    assert Transcript.from_dict(long.to_dict()) == long


def test_a_cancellation_tells_its_reason_and_an_anonymised_order_tells_nobody():
    order = an_order("novo")
    decision = decide_transition(order, "cancelado", "  acabou o gás. ")
    assert decision.customer_message is not None
    assert "Motivo: acabou o gás." in decision.customer_message
    assert order.moved_to(OrderStatus.CANCELLED, NOW, "acabou o gás").cancel_reason == \
        "acabou o gás"
    assert order.moved_to(OrderStatus.PREPARING, NOW, "ignorado").cancel_reason is None
    anonymous = order.anonymised()
    assert anonymous.anonymous and anonymous.customer_name == "" and anonymous.address.text == ""
    assert anonymous.total_cents == order.total_cents
    assert decide_transition(anonymous, "em_preparo").customer_message is None
    cancelled = order.moved_to(OrderStatus.CANCELLED, NOW, "x")
    assert Order.from_dict(cancelled.to_dict()).cancel_reason == "x"


def _sale(hour: int, method: PaymentMethod, status: str = "entregue",
          lines: tuple[OrderLine, ...] = (OrderLine("pudim", "Pudim", 2, 900),)) -> Order:
    created = datetime(2026, 3, 6, hour, 10, tzinfo=SP)
    return Order("+55", "", lines, 500, an_order().address, Payment(method), created,
                 OrderStatus(status), number=hour)


def test_a_days_sales_leave_cancelled_orders_out_of_the_money():
    feijoada = (OrderLine("feijoada", "Feijoada", 1, 3490), OrderLine("pudim", "Pudim", 1, 900))
    orders = [
        _sale(12, PaymentMethod.PIX), _sale(12, PaymentMethod.CASH, lines=feijoada),
        _sale(19, PaymentMethod.PIX, lines=feijoada), _sale(20, PaymentMethod.CARD, "cancelado"),
    ]
    day = summarise(orders, date(2026, 3, 6), SP)
    assert (day.orders, day.cancelled) == (3, 1)
    assert day.revenue_cents == 2300 + 4890 + 4890 and day.delivery_fees_cents == 1500
    assert day.average_ticket_cents == round(12080 / 3)
    assert [(p.method, p.orders, p.total_cents) for p in day.by_payment] == [
        (PaymentMethod.PIX, 2, 7190), (PaymentMethod.CASH, 1, 4890)]
    assert day.by_hour[12] == 2 and day.by_hour[19] == 1 and day.by_hour[20] == 0
    assert [(i.item_id, i.quantity) for i in day.top_items] == [("pudim", 4), ("feijoada", 2)]
    assert summarise([], date(2026, 3, 6), SP).average_ticket_cents == 0


def test_the_restaurants_clock():
    assert restaurant_zone(seed_menu()) == SP
    assert restaurant_zone(menu_with_hours({"timezone": "America/Manaus", "seg": "fechado"})) \
        == ZoneInfo("America/Manaus")
    start, end = day_bounds(date(2026, 3, 6), SP)
    assert (start.astimezone(UTC).hour, end - start) == (3, timedelta(days=1))
    assert next_clock_time(NOW, SP, 17, 0) == datetime(2026, 3, 6, 17, 0, tzinfo=SP)
    assert next_clock_time(NOW, SP, 16, 0) == datetime(2026, 3, 7, 16, 0, tzinfo=SP)
