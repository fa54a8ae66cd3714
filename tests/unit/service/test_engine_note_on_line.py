"""A note said in its own message for the line just ordered ("uma sem farofa"): the line
keeps its quantity and takes the note; a quantity said still restates the line."""

from __future__ import annotations

from dataclasses import replace

from nlu import ItemLine, ParseResult
from tests.builders import parsed as p
from tests.unit.service.chat import Chat


def _note(item_id: str, note: str) -> ParseResult:
    result = p("add_items", replace=True)
    return replace(result, items=(ItemLine(item_id, 1, note, unsaid=True),))


def test_a_note_alone_keeps_the_line_quantity() -> None:
    chat = Chat()
    chat.send(p("add_items", [("feijoada", 2)]), "2 feijoadas")
    reply = chat.send(_note("feijoada", "uma sem farofa"), "uma sem farofa")
    assert chat.conv is not None
    [line] = chat.conv.cart.lines
    assert (line.item_id, line.quantity, line.note) == ("feijoada", 2, "uma sem farofa")
    assert "uma sem farofa" in reply


def test_a_restated_quantity_still_sets_the_line() -> None:
    chat = Chat()
    chat.send(p("add_items", [("feijoada", 2)]), "2 feijoadas")
    chat.send(p("add_items", [("feijoada", 3)], replace=True), "na verdade são 3")
    assert chat.conv is not None and chat.conv.cart.quantity_of("feijoada") == 3
