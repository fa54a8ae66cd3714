"""The package exposes a small, stable surface."""

from __future__ import annotations

import nlu


def test_all_names_exist_and_nothing_else_is_promised() -> None:
    assert sorted(nlu.__all__) == sorted([
        "Ambiguity", "Context", "Expecting", "Fulfilment", "Intent", "InvalidQuantity", "ItemLine",
        "Menu", "MenuError", "MenuItem",
        "NumberRef", "ParseResult", "Parser", "PaymentMethod", "Question", "UnknownMention",
        "load_menu", "parse_menu", "read_menu_document", "reais_to_cents", "sold_apart",
    ])
    for name in nlu.__all__:
        assert hasattr(nlu, name)


def test_fifteen_intents() -> None:
    assert len(nlu.Intent) == 15
