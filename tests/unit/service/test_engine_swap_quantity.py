"""A swap whose line quantity is unsaid: as many coming in as the line has, or no count on
either side, takes it all out."""

from __future__ import annotations

from dataclasses import replace

from nlu import ItemLine, ParseResult
from tests.builders import parsed as p
from tests.unit.service.chat import Chat


def swap(out: str, coming: str, quantity: int) -> ParseResult:
    return replace(p("remove_items"), items=(ItemLine(out, 1, unsaid=True),),
                   then_add=(ItemLine(coming, quantity),))


def test_as_many_coming_in_take_the_whole_line_out():
    chat = Chat()
    chat.send(p("add_items", [("coca_lata", 2)]), "2 coca lata")
    chat.send(swap("coca_lata", "guarana_lata", 2), "troca as coca por 2 guarana")
    assert chat.conv is not None
    assert chat.conv.cart.quantity_of("coca_lata") == 0
    assert chat.conv.cart.quantity_of("guarana_lata") == 2


def test_fewer_coming_in_take_one_out():
    chat = Chat()
    chat.send(p("add_items", [("coca_lata", 2)]), "2 coca lata")
    chat.send(swap("coca_lata", "guarana_lata", 1), "troca a coca por um guarana")
    assert chat.conv is not None
    assert chat.conv.cart.quantity_of("coca_lata") == 1
    assert chat.conv.cart.quantity_of("guarana_lata") == 1


def test_a_swap_that_counts_neither_side_swaps_the_whole_line():
    chat = Chat()
    chat.send(p("add_items", [("coca_lata", 2)]), "2 coca lata")
    chat.send(replace(p("remove_items"), items=(ItemLine("coca_lata", 1, unsaid=True),),
                      then_add=(ItemLine("guarana_lata", 1, unsaid=True),)),
              "troca as coca por guarana")
    assert chat.conv is not None
    assert chat.conv.cart.quantity_of("coca_lata") == 0
    assert chat.conv.cart.quantity_of("guarana_lata") == 2


def test_a_count_said_for_what_goes_out_is_kept():
    chat = Chat()
    chat.send(p("add_items", [("coca_lata", 2)]), "2 coca lata")
    chat.send(replace(p("remove_items"), items=(ItemLine("coca_lata", 1),),
                      then_add=(ItemLine("guarana_lata", 1, unsaid=True),)),
              "troca 1 coca por guarana")
    assert chat.conv is not None
    assert chat.conv.cart.quantity_of("coca_lata") == 1
    assert chat.conv.cart.quantity_of("guarana_lata") == 1
