"""Bad input never breaks the parser: any text gives a valid result, in bounded work."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlu import Intent, Parser, parse_menu
from nlu.normalise import MAX_CHARS, tokenize
from nlu.parser import ABSURD_QUANTITY

NASTY = [
    "",
    "   ",
    "😀😂🤣🍕🍔",
    "\x00\x01\x02\x1b[31m\x7f",
    "a" * 10_000,
    "feijoada " * 2_000,
    "2 " * 5_000,
    "'; DROP TABLE pedidos; --",
    "SELECT * FROM users WHERE 1=1",
    "<script>alert('x')</script><b>2 feijoadas</b>",
    "Ich möchte zwei Pizzen bitte",
    "我要两个饺子",
    "مرحبا",
    "-" * 500,
    "9" * 400,
    "1e308 coca",
    "\u202e\u200b\ufeff",
]


def check(parser: Parser, text: str) -> None:
    result = parser.parse(text)
    assert isinstance(result.intent, Intent)
    json.dumps(result.to_dict())  # always serialisable
    for line in result.items:
        assert 0 < line.quantity < ABSURD_QUANTITY


@pytest.mark.parametrize("text", NASTY)
def test_nasty_inputs_give_a_valid_result(seed_parser: Parser, text: str) -> None:
    check(seed_parser, text)


def test_other_languages_and_code_are_unknown(seed_parser: Parser) -> None:
    for text in ("SELECT * FROM users WHERE 1=1", "Ich möchte bitte", "我要两个饺子", "😀😂🤣"):
        assert seed_parser.parse(text).intent is Intent.UNKNOWN


def test_long_text_is_cut_to_a_bound() -> None:
    assert len(tokenize("a " * 100_000)) <= MAX_CHARS


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_unicode_text(seed_parser: Parser, text: str) -> None:
    check(seed_parser, text)


WORDS = st.sampled_from([
    "quero", "2", "x", "feijoada", "coca", "lata", "de", "sem", "com", "e", ",", "não",
    "melhor", "troco", "pra", "100", "um", "de cada", "meia", "dúzia", "tira", "cancela",
    "0", "-3", "1000", "pf", "?", "\n", "😋", "2l", "350ml", "suco", "número", "o", "reais",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=40))
def test_any_mix_of_order_words(seed_parser: Parser, words: list[str]) -> None:
    check(seed_parser, " ".join(words))


NAMES = st.text(min_size=1, max_size=40).filter(lambda name: name.strip() != "")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(NAMES, st.lists(NAMES, max_size=3)), min_size=1, max_size=12),
       st.text(max_size=200))
def test_any_menu_can_be_indexed_and_parsed_against(
    items: list[tuple[str, list[str]]], text: str
) -> None:
    menu = parse_menu({
        "restaurant": {"name": "Qualquer"},
        "items": [
            {"id": f"item_{n}", "name": name, "category": name[:5] or "x", "price": 1,
             "aliases": aliases}
            for n, (name, aliases) in enumerate(items)
        ],
    })
    parser = Parser(menu)
    check(parser, text)
    for name, _ in items:
        check(parser, f"2 {name}")
        parser.choose(name, [item.id for item in menu.items])
