"""TwiML from the template: the library's own document for every reply, and always valid XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from twilio.twiml.messaging_response import MessagingResponse

from service.entrypoints.twiml import messaging_response

REPLIES = [
    "Olá, Maria! 👋 Aqui é da *Cozinha da Cris*.",
    "✅ 2x Feijoada Completa _(sem farofa)_ — R$\u00a069,80\nSubtotal: *R$\u00a075,80*",
    "Arroz & feijão < 10 > 5 \"aspas\" 'apóstrofo'",
    "]]> <![CDATA[ não é CDATA ]]>",
    "linha 1\nlinha 2\r\n\ttabulação",
    "&amp; já escapado &lt;",
    "",
    "   ",
    "中文菜单 🍕🍔",
    "x" * 1600,
]


def library(replies: list[str]) -> str:
    response = MessagingResponse()
    for reply in replies:
        response.message(reply)
    return str(response)


@pytest.mark.parametrize("reply", REPLIES)
def test_one_reply_is_the_document_the_library_makes(reply):
    assert messaging_response([reply]) == library([reply])


@pytest.mark.parametrize("count", [0, 1, 2, 10])
def test_several_replies_in_order(count):
    replies = REPLIES[:count]
    assert messaging_response(replies) == library(replies)
    root = ET.fromstring(messaging_response(replies))
    assert [m.text or "" for m in root.iter("Message")] == [r.replace("\r\n", "\n")
                                                            for r in replies]


@pytest.mark.parametrize(
    ("reply", "kept"),
    [
        ("Rua A\x00, 1", "Rua A, 1"),
        ("sino\x07 e backspace\x08", "sino e backspace"),
        ("form feed\x0c vertical\x0b", "form feed vertical"),
        ("\x1b[31mvermelho\x1b[0m", "[31mvermelho[0m"),
        ("não\ufffe caracteres\uffff", "não caracteres"),
        ("meia \ud83d surrogate", "meia  surrogate"),
    ],
)
def test_characters_xml_cannot_carry_are_dropped_and_the_answer_stays_readable(reply, kept):
    document = messaging_response([reply])
    root = ET.fromstring(document.encode("utf-8", "surrogatepass"))
    assert [m.text for m in root.iter("Message")] == [kept]
