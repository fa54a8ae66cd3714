"""Cart arithmetic, message packing, money formatting and phone masking."""

from __future__ import annotations

import pytest

from service.domain import texts
from service.domain.cart import Cart
from service.domain.messages import MAX_MESSAGE_CHARS, pack
from service.logs import mask_phone
from tests.builders import second_menu, seed_menu


def test_same_item_and_note_merge_other_notes_make_new_lines():
    cart = Cart().add("feijoada", 1).add("feijoada", 2).add("feijoada", 1, "sem farofa")
    assert [(line.quantity, line.note) for line in cart.lines] == [(3, None), (1, "sem farofa")]
    assert cart.quantity_of("feijoada") == 4


def test_remove_takes_from_the_newest_lines_first():
    cart = Cart().add("feijoada", 2).add("feijoada", 1, "sem farofa").remove("feijoada", 2)
    assert [(line.quantity, line.note) for line in cart.lines] == [(1, None)]
    assert Cart().add("pudim", 1).remove("pudim").empty


def test_set_quantity_collapses_lines_in_place():
    cart = Cart().add("coca_lata", 1).add("pudim", 1).add("coca_lata", 1, "gelada")
    cart = cart.set_quantity("coca_lata", 3)
    lines = [(line.item_id, line.quantity) for line in cart.lines]
    assert lines == [("coca_lata", 3), ("pudim", 1)]
    assert cart.set_quantity("coca_lata", 0).quantity_of("coca_lata") == 0


@pytest.mark.parametrize(
    ("menu", "lines", "cents"),
    [
        (seed_menu(), [("feijoada", 3), ("agua_sem_gas", 3)], 3 * 3490 + 3 * 350),
        (second_menu(), [("quindim", 7), ("frango_assado", 1)], 7 * 425 + 2150),
    ],
)
def test_subtotal_is_exact_in_cents(menu, lines, cents):
    cart = Cart()
    for item_id, quantity in lines:
        cart = cart.add(item_id, quantity)
    assert cart.subtotal_cents(menu) == cents


@pytest.mark.parametrize(
    ("cents", "text"),
    [(3490, "R$\xa034,90"), (5, "R$\xa00,05"), (123456, "R$\xa01.234,56"), (0, "R$\xa00,00")],
)
def test_money_is_brazilian(cents, text):
    assert texts.money(cents) == text


def test_pack_joins_small_blocks_and_splits_long_ones():
    assert pack(["a", "b"]) == ["a\n\nb"]
    long_block = "\n".join(f"linha {n} " + "x" * 80 for n in range(60))
    messages = pack([long_block])
    assert len(messages) > 1
    assert all(len(message) <= MAX_MESSAGE_CHARS for message in messages)
    assert "linha 59" in messages[-1]


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("whatsapp:+5511987654321", "whatsapp:+55*******4321"),
        ("+14155238886", "+14*****8886"),
        ("123", "***"),
    ],
)
def test_phone_numbers_are_masked_for_logs(phone, masked):
    assert mask_phone(phone) == masked
