"""A shared location whose coordinates cannot be real gets a clear answer, and no address."""

from __future__ import annotations

from dataclasses import replace

from service.domain.conversation import Location, State
from service.domain.engine import step
from tests.builders import NOW, inbound, parsed, seed_menu


def test_an_unreadable_location_is_answered_and_the_address_is_still_asked():
    menu = seed_menu()
    conv, _, _ = step(None, inbound("quero 2 feijoadas"), parsed("add_items",
                      items=[("feijoada", 2)]), menu, NOW)
    conv, _, _ = step(conv, inbound("finalizar"), parsed("checkout"), menu, NOW)
    assert conv.state is State.ASKING_ADDRESS
    refused = replace(inbound(""), location_refused=True)
    conv, replies, _ = step(conv, refused, parsed("unknown"), menu, NOW)
    assert any("Não consegui usar essa localização" in reply for reply in replies)
    assert conv.state is State.ASKING_ADDRESS and conv.address is None


def test_an_unreadable_location_with_text_also_answers_the_text():
    menu = seed_menu()
    refused = replace(inbound("cardápio"), location_refused=True)
    _, replies, _ = step(None, refused, parsed("show_menu"), menu, NOW)
    joined = "\n".join(replies)
    assert "Não consegui usar essa localização" in joined and "Feijoada" in joined


def test_a_first_message_that_is_only_an_unreadable_location_is_greeted_and_told():
    refused = replace(inbound(""), location_refused=True)
    conv, replies, _ = step(None, refused, parsed("unknown"), seed_menu(), NOW)
    joined = "\n".join(replies)
    assert "Cozinha da Cris" in joined  # the greeting
    assert "Não consegui usar essa localização" in joined
    assert conv.address is None


def test_shared_coordinates_are_read_as_numbers_or_text_within_the_map() -> None:
    assert Location.shared(0.0, 0.0) == Location(0.0, 0.0)  # the equator is a place
    assert Location.shared(" -23.5 ", "-46.6", "Rua A, 1") == Location(-23.5, -46.6, "Rua A, 1")
    for latitude, longitude in ((float("nan"), 0.0), (999.0, 999.0), (None, 1.0), ("x", "1")):
        assert Location.shared(latitude, longitude) is None
