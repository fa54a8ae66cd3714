"""A swap whose line quantity is unsaid: as many coming in as the line has, or no count on
either side, takes it all out."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nlu import ItemLine, ParseResult
from tests.builders import parsed as p
from tests.unit.service.chat import Chat


def swap(out: str, coming: str, quantity: int, *, unsaid: bool = False) -> ParseResult:
    return replace(p("remove_items"), items=(ItemLine(out, 1, unsaid=True),),
                   then_add=(ItemLine(coming, quantity, unsaid=unsaid),))


@pytest.mark.parametrize(
    ("swapping", "text", "cocas_left", "guaranas"),
    [
        # as many coming in take the whole line out
        (swap("coca_lata", "guarana_lata", 2), "troca as coca por 2 guarana", 0, 2),
        # fewer coming in take one out
        (swap("coca_lata", "guarana_lata", 1), "troca a coca por um guarana", 1, 1),
        # a swap that counts neither side swaps the whole line
        (swap("coca_lata", "guarana_lata", 1, unsaid=True), "troca as coca por guarana", 0, 2),
    ],
)
def test_a_swap_of_a_line_of_two(swapping: ParseResult, text: str, cocas_left: int,
                                 guaranas: int) -> None:
    chat = Chat()
    chat.send(p("add_items", [("coca_lata", 2)]), "2 coca lata")
    chat.send(swapping, text)
    assert chat.conv is not None
    assert chat.conv.cart.quantity_of("coca_lata") == cocas_left
    assert chat.conv.cart.quantity_of("guarana_lata") == guaranas
