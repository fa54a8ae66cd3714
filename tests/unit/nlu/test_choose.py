"""Answers to "qual? 1) … 2) …" resolve to one candidate, or None."""

from __future__ import annotations

import pytest

from nlu import Parser

COCAS = ["coca_lata", "coca_2l"]
MARMITAS = ["marmitex_pequena", "marmitex_media", "marmitex_grande"]


@pytest.mark.parametrize(
    ("answer", "candidates", "expected"),
    [
        ("1", COCAS, "coca_lata"),
        ("2", COCAS, "coca_2l"),
        ("a segunda", COCAS, "coca_2l"),
        ("a primeira", COCAS, "coca_lata"),
        ("a de lata", COCAS, "coca_lata"),
        ("lata", COCAS, "coca_lata"),
        ("a grande", COCAS, "coca_2l"),
        ("2 litros", COCAS, "coca_2l"),
        ("a de 2l", COCAS, "coca_2l"),
        ("350", COCAS, "coca_lata"),
        ("a maior", COCAS, "coca_2l"),
        ("a última", COCAS, "coca_2l"),
        ("média", MARMITAS, "marmitex_media"),
        ("a pequena", MARMITAS, "marmitex_pequena"),
        ("3", MARMITAS, "marmitex_grande"),
        ("g", MARMITAS, "marmitex_grande"),
        ("laranja", ["suco_laranja", "suco_maracuja"], "suco_laranja"),
        ("de maracujá", ["suco_laranja", "suco_maracuja"], "suco_maracuja"),
    ],
)
def test_choose(seed_parser: Parser, answer: str, candidates: list[str], expected: str) -> None:
    assert seed_parser.choose(answer, candidates) == expected


@pytest.mark.parametrize(
    ("answer", "candidates"),
    [("tanto faz", COCAS), ("5", COCAS), ("coca", COCAS), ("", COCAS), ("lata", []),
     ("guaraná", COCAS)],
)
def test_choose_says_none_when_unsure(
    seed_parser: Parser, answer: str, candidates: list[str]
) -> None:
    assert seed_parser.choose(answer, candidates) is None
