""""Mais um igual", "o mesmo pra minha esposa": the line copied keeps the note it had."""

from __future__ import annotations

from tests.unit.service.chat import Chat, P


def test_the_same_again_keeps_the_note_of_the_line_copied():
    chat = Chat()
    chat.send(P("add_items", [("feijoada", 1, "sem farofa")]), "uma feijoada sem farofa")
    reply = chat.send(P("add_items", [("feijoada", 1)], rule="another_of_last"),
                      "e o mesmo pra minha esposa")
    assert chat.conv is not None
    assert [(line.item_id, line.quantity, line.note) for line in chat.conv.cart.lines] == [
        ("feijoada", 2, "sem farofa")]
    assert "sem farofa" in reply


def test_a_note_said_with_the_one_more_is_kept_as_said():
    chat = Chat()
    chat.send(P("add_items", [("feijoada", 1, "sem farofa")]), "uma feijoada sem farofa")
    chat.send(P("add_items", [("feijoada", 1, "com farofa")], rule="another_of_last"),
              "mais uma com farofa")
    assert chat.conv is not None
    assert [(line.quantity, line.note) for line in chat.conv.cart.lines] == [
        (1, "sem farofa"), (1, "com farofa")]


def test_another_item_named_is_not_given_the_last_note():
    chat = Chat()
    chat.send(P("add_items", [("feijoada", 1, "sem farofa")]), "uma feijoada sem farofa")
    chat.send(P("add_items", [("prato_feito", 1)]), "e um prato feito")
    assert chat.conv is not None
    assert [(line.item_id, line.note) for line in chat.conv.cart.lines] == [
        ("feijoada", "sem farofa"), ("prato_feito", None)]
