"""The restaurant's side through real messages: sold out, pause, a person attending, transcripts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from service.application import inbound as inbound_module
from service.application.handoff import ReplyRefused
from service.domain.events import DataErasureConfirmed
from service.domain.handoff import HandoffStatus
from service.domain.transcript import Speaker
from tests.builders import PHONE
from tests.unit.application.restaurant_harness import KITCHEN, Restaurant

OTHER = "whatsapp:+5521988887777"


@pytest.fixture
def shop() -> Restaurant:
    return Restaurant()


def cart(shop: Restaurant, phone: str = PHONE) -> dict[str, int]:
    conv = shop.store.run(lambda uow: uow.get_conversation(phone))
    return {line.item_id: line.quantity for line in conv.cart.lines} if conv else {}


# -- sold out --------------------------------------------------------------------------


def test_an_item_marked_sold_out_is_refused_at_the_next_message_and_comes_back(shop):
    shop.say("oi")
    menu = shop.app.current_menu()
    assert shop.app.availability.mark_item(menu, "feijoada", True).changed
    refused = shop.say("quero uma feijoada")
    assert "Feijoada Completa não está disponível hoje" in refused
    assert cart(shop) == {}
    assert "Feijoada Completa" not in shop.say("cardápio")
    shop.app.availability.mark_item(menu, "feijoada", False)
    assert "1x Feijoada Completa" in shop.say("quero uma feijoada")


def test_an_item_that_runs_out_before_the_yes_is_said_and_the_new_total_confirmed_again(shop):
    shop.order_up_to_confirming("1 feijoada e 1 pudim")
    shop.app.availability.mark_item(shop.app.current_menu(), "feijoada", True)
    answer = shop.say("sim")
    assert "tirei do carrinho: Feijoada Completa" in answer
    assert "Resumo do pedido" in answer and "Feijoada" not in answer.split("Resumo")[1]
    assert shop.store.list_orders() == []  # nothing placed on a summary that no longer holds
    assert "Pedido #1 confirmado" in shop.say("sim")
    [placed] = shop.store.list_orders()
    assert [line.item_id for line in placed.lines] == ["pudim"]


def test_the_kitchen_marks_items_by_name_and_is_asked_which_when_ambiguous(shop):
    assert "Feijoada Completa marcado como *esgotado*" in shop.kitchen("acabou a feijuca")
    assert "já estava esgotado" in shop.kitchen("acabou feijoada")
    assert "Qual deles?" in shop.kitchen("acabou coca")
    assert "Não achei “sushi”" in shop.kitchen("acabou sushi")
    assert "Qual item?" in shop.kitchen("acabou")
    assert shop.app.availability.current().sold_out == frozenset({"feijoada"})
    assert "Feijoada Completa voltou" in shop.kitchen("voltou a feijoada")
    assert shop.app.availability.current().sold_out == frozenset()


# -- pause ----------------------------------------------------------------------------


def test_a_pause_is_told_on_every_message_keeps_the_cart_and_refuses_checkout(shop):
    shop.say("oi")
    shop.say("2 pudins")
    shop.app.availability.pause(shop.now + timedelta(minutes=30), "Acabou o gás, já voltamos")
    for text in ("oi", "qual o horário?", "1 coca lata"):
        answer = shop.say(text)
        assert "pausou os pedidos" in answer and "Acabou o gás, já voltamos" in answer
        assert "Voltamos a aceitar pedidos às *17:00*" in answer  # 20:00 UTC in São Paulo
    assert cart(shop) == {"pudim": 2, "coca_lata": 1}
    refused = shop.say("finalizar")
    assert "é só mandar *finalizar*" in refused and "endereço" not in refused
    shop.later(minutes=31)  # the pause ended by itself
    answer = shop.say("finalizar")
    assert "pausou" not in answer and "endereço" in answer


def test_a_yes_during_a_pause_places_nothing_and_resuming_lets_it_through(shop):
    shop.order_up_to_confirming()
    shop.kitchen("pausar")
    assert "é só mandar *finalizar*" in shop.say("sim")
    assert shop.store.list_orders() == []
    assert "Pedidos retomados" in shop.kitchen("retomar")
    shop.say("finalizar")
    shop.say("sim")  # the address used before
    shop.say("pix")
    assert "confirmado" in shop.say("sim")


def test_the_kitchen_pauses_until_a_time_on_the_restaurants_clock(shop):
    answer = shop.kitchen("pausar até 17:30 faltou gás")
    assert "Pedidos pausados até as *17:30*" in answer
    pause = shop.app.availability.current().active_pause(shop.now)
    assert pause is not None and pause.message == "faltou gás"
    assert pause.until == shop.now + timedelta(hours=1)  # 19:30 UTC is 16:30 there
    assert "já estavam pausados" in shop.kitchen("pausar até 17:30 faltou gás")


# -- a person attends ---------------------------------------------------------------------


def test_asking_for_a_person_quiets_the_bot_and_the_kitchen_follows_and_answers(shop):
    shop.say("oi")
    assert "alguém vai responder" in shop.say("quero falar com um atendente")
    [opened] = shop.delivered(KITCHEN)
    assert "*Atendimento 1*" in opened and "responder 1" in opened
    assert shop.say("2 feijoadas por favor") == ""  # quiet: a person attends
    assert cart(shop) == {}
    assert "2 feijoadas por favor" in shop.delivered(KITCHEN)[-1]
    handoff = shop.app.handoffs.of(PHONE)
    assert handoff is not None and handoff.unread == 1

    assert "Mensagem enviada para Maria (atendimento 1)" in shop.kitchen(
        "responder 1 Oi Maria, temos sim!")
    assert shop.delivered(PHONE)[-1] == "Oi Maria, temos sim!"
    assert shop.app.handoffs.of(PHONE).status is HandoffStatus.ATTENDING
    transcript = shop.store.run(lambda uow: uow.get_transcript(PHONE))
    assert [(line.speaker, line.text) for line in transcript.lines][-2:] == [
        (Speaker.CUSTOMER, "2 feijoadas por favor"), (Speaker.STAFF, "Oi Maria, temos sim!")]
    assert "encerrado" in shop.kitchen("devolver 1")
    assert "1x Pudim" in shop.say("um pudim")


def test_the_kitchen_reply_is_sent_once_however_often_twilio_delivers_it(shop):
    shop.say("atendente")
    shop.kitchen("responder 1 Já vai!", sid="SMk-once")
    shop.kitchen("responder 1 Já vai!", sid="SMk-once")
    assert shop.delivered(PHONE).count("Já vai!") == 1


def test_the_bot_comes_back_when_staff_stay_silent_past_the_idle_time(shop):
    shop.say("atendente")
    shop.later(minutes=20)
    assert shop.say("alô?") == ""
    shop.later(minutes=11)  # 31 minutes without a word from staff
    answer = shop.say("cardápio")
    assert "sigo eu por aqui" in answer and "Feijoada Completa" in answer
    assert shop.app.handoffs.of(PHONE).status is HandoffStatus.CLOSED


def test_a_staff_reply_keeps_the_bot_quiet_for_another_idle_time(shop):
    shop.say("atendente")
    shop.later(minutes=25)
    shop.app.handoffs.reply(PHONE, "Oi! Me diga.", "req-1")
    shop.later(minutes=25)
    assert shop.say("quero 1 pudim") == ""


def test_staff_replies_are_refused_outside_whatsapps_window_and_when_empty(shop):
    shop.say("oi")
    with pytest.raises(ReplyRefused, match="Escreva a mensagem"):
        shop.app.handoffs.reply(PHONE, "   ", "req-empty")
    with pytest.raises(ReplyRefused, match="limite do WhatsApp"):
        shop.app.handoffs.reply(PHONE, "x" * 1601, "req-long")
    shop.later(hours=24, minutes=1)
    with pytest.raises(ReplyRefused, match="24 horas") as refused:
        shop.app.handoffs.reply(PHONE, "Oi, tudo bem?", "req-late")
    assert "06/03 às 16:30" in str(refused.value)
    with pytest.raises(ReplyRefused, match="24 horas"):
        shop.app.handoffs.reply(OTHER, "Oi", "req-stranger")  # never wrote at all
    assert shop.delivered(PHONE) == [] and shop.app.handoffs.of(PHONE) is None
    assert "Não existe atendimento 9" in shop.kitchen("responder 9 oi")


def test_a_double_click_on_send_sends_once(shop):
    shop.say("oi")
    first = shop.app.handoffs.reply(PHONE, "Já vai!", "req-2")
    again = shop.app.handoffs.reply(PHONE, "Já vai!", "req-2")
    assert (first.duplicate, again.duplicate) == (False, True)
    assert shop.delivered(PHONE).count("Já vai!") == 1


# -- transcripts and data rights --------------------------------------------------------


def test_the_transcript_records_each_message_once_with_its_replies(shop):
    shop.say("oi", sid="SM-a")
    shop.say("oi", sid="SM-a")  # Twilio delivered it twice
    shop.say("2 pudins", sid="SM-b")
    transcript = shop.store.run(lambda uow: uow.get_transcript(PHONE))
    speakers = [line.speaker for line in transcript.lines]
    assert speakers == [Speaker.CUSTOMER, Speaker.BOT, Speaker.CUSTOMER, Speaker.BOT]
    assert transcript.lines[2].text == "2 pudins" and "2x Pudim" in transcript.lines[3].text
    assert transcript.customer_name == "Maria Souza"


def test_a_confirmed_erasure_request_erases_everything_and_keeps_the_order_anonymous(
    shop, monkeypatch
):
    shop.order_up_to_confirming()
    shop.say("sim")
    real_step = inbound_module.step

    def erasing_step(conv, inbound, parsed, menu, now, **kwargs):
        conv, replies, events = real_step(conv, inbound, parsed, menu, now, **kwargs)
        return conv, replies, [*events, DataErasureConfirmed(inbound.phone)]

    # The engine emits the event once the customer confirms; here it is emitted for
    # "apaga meus dados" to exercise what the application does with it.
    monkeypatch.setattr(inbound_module, "step", erasing_step)
    assert "apagamos seu nome, endereços e o histórico" in shop.say("apaga meus dados")
    monkeypatch.setattr(inbound_module, "step", real_step)
    assert shop.store.run(lambda uow: uow.get_conversation(PHONE)) is None
    assert shop.store.run(lambda uow: uow.get_transcript(PHONE)) is None
    [order] = shop.store.list_orders()
    assert order.anonymous and order.total_cents > 0
    assert "Aqui é da *Cozinha da Cris*" in shop.say("oi")  # a new customer now
