"""What the customer just asked about is taken with a word: "então manda", "pode ser", "quero"."""

from __future__ import annotations

import pytest

from nlu import Parser
from service.domain.conversation import Conversation, Offer
from tests.builders import second_menu, seed_menu
from tests.unit.service.chat import Chat

PARSER = Parser(seed_menu().catalog)


@pytest.mark.parametrize("taking", ["então manda", "pode ser", "quero", "fechou, manda", "isso",
                                    "manda entao", "manda ai", "vou levar", "pode por"])
def test_a_word_takes_the_items_asked_about_as_many_as_asked(taking):
    chat = Chat()
    chat.say(PARSER, "tem 2 feijoadas e 1 pudim?")
    reply = chat.say(PARSER, taking)
    assert chat.cart() == {"feijoada": 2, "pudim": 1}
    assert "2x Feijoada Completa" in reply


def test_with_a_cart_the_word_adds_the_item_asked_about():
    chat = Chat()
    chat.say(PARSER, "um pf")
    chat.say(PARSER, "tem pudim?")
    chat.say(PARSER, "pode mandar")
    assert chat.cart() == {"prato_feito": 1, "pudim": 1}


def test_the_offer_waits_through_a_question_and_ends_with_anything_else():
    chat = Chat()
    chat.say(PARSER, "tem strogonoff de frango?")
    chat.say(PARSER, "vcs entregam na liberdade?")
    chat.say(PARSER, "pode ser")
    assert chat.cart() == {"strogonoff_frango": 1}
    chat = Chat()
    chat.say(PARSER, "tem feijoada?")
    chat.say(PARSER, "nao, 1 pf mesmo")
    chat.say(PARSER, "isso")  # agrees with the pf: the feijoada is no longer on offer
    assert chat.cart() == {"prato_feito": 1}
    chat = Chat()
    chat.say(PARSER, "tem feijoada?")
    chat.say(PARSER, "ok")
    chat.say(PARSER, "oi")
    chat.say(PARSER, "sim")
    assert chat.cart() == {"feijoada": 1}  # taken once, at the first word


def test_an_item_sold_out_is_not_on_offer():
    chat = Chat(second_menu())  # the Virado à Paulista is not sold today
    parser = Parser(chat.menu.catalog)
    chat.send(parser.parse("tem virado a paulista?"), "tem virado a paulista?")
    chat.send(parser.parse("entao manda"), "entao manda")
    assert chat.conv is not None and chat.conv.cart.empty


def test_the_offer_is_kept_by_the_store():
    conv = Conversation("whatsapp:+5511999990000", asked_about=(Offer(("pudim",), 2),))
    assert Conversation.from_dict(conv.to_dict()).asked_about == (Offer(("pudim",), 2),)
    assert Conversation.from_dict({**conv.to_dict(), "asked_about": "junk"}).asked_about == ()
    assert conv.start_over().asked_about == ()


def test_a_dish_asked_about_in_several_variants_is_asked_which_when_taken():
    chat = Chat()
    chat.say(PARSER, "tem feijoada e coca?")
    reply = chat.say(PARSER, "manda")
    assert chat.cart() == {"feijoada": 1}
    assert "Coca-Cola lata" in reply and "Coca-Cola 2 litros" in reply  # which coca?
    chat.say(PARSER, "a lata")
    assert chat.cart() == {"feijoada": 1, "coca_lata": 1}
