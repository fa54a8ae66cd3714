"""A bairro recognised inside an address as customers write it, and never a street by accident."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.places import (
    display_name,
    explicit_bairro,
    find_place,
    looks_like_street,
    place_key,
    written_bairro,
)

ZONES = [
    ["Centro"],
    ["Jardim Botânico", "JB"],
    ["Vila Mariana"],
    ["Santa Cecília"],
    ["Sé"],
    ["Bela Vista", "Bixiga"],
    ["Jardim"],
    ["Praça Seca"],
    ["Parque São Lucas"],
    ["Nossa Senhora Aparecida"],
]
NAMES = [zone[0] for zone in ZONES]


@pytest.mark.parametrize(
    ("text", "bairro"),
    [
        # Written in full, folded: accents and case do not matter.
        ("Rua Augusta, 1500 - Centro", "Centro"),
        ("Jardim Botanico", "Jardim Botânico"),
        ("JARDIM BOTÂNICO", "Jardim Botânico"),
        ("centro", "Centro"),
        # Abbreviations.
        ("jd botanico", "Jardim Botânico"),
        ("Jd. Botânico", "Jardim Botânico"),
        ("vl mariana", "Vila Mariana"),
        ("V. Mariana", "Vila Mariana"),
        ("sta cecilia", "Santa Cecília"),
        ("Sta. Cecília", "Santa Cecília"),
        ("pq s lucas", "Parque São Lucas"),
        ("Pq. São Lucas", "Parque São Lucas"),
        ("nsa sra aparecida", "Nossa Senhora Aparecida"),
        # Typos.
        ("cemtro", "Centro"),
        ("vila marina", "Vila Mariana"),
        ("Vila Mariaan", "Vila Mariana"),  # transposition: one edit
        ("jardim botanio", "Jardim Botânico"),
        ("vilamariana", "Vila Mariana"),  # a missing space
        ("santa cicilia", "Santa Cecília"),
        # Aliases.
        ("rua 13 de maio 80, bixiga", "Bela Vista"),
        ("JB", "Jardim Botânico"),
        # Inside a longer address, after the street and number.
        ("Rua das Flores 100 centro", "Centro"),
        ("Rua Santa Cecília, 200 - Vila Mariana", "Vila Mariana"),
        ("Av. Paulista, 1000, apto 52, Bela Vista, São Paulo - SP", "Bela Vista"),
        ("rua x 12 bairro jd botanico", "Jardim Botânico"),
        ("moro no centro, rua 7 de setembro 45", "Centro"),
        ("Rua Tal, 10 - Sé", "Sé"),
        # The longer name wins over a shorter one inside it.
        ("Rua X, 5 - Jardim Botânico", "Jardim Botânico"),
        ("Rua X, 5 - Jardim", "Jardim"),
        # A bairro named like a street is still found.
        ("Rua Cândido Benício 20, Praça Seca", "Praça Seca"),
    ],
)
def test_a_bairro_is_found(text: str, bairro: str) -> None:
    match = find_place(text, ZONES)
    assert match is not None, text
    assert NAMES[match.index] == bairro


@pytest.mark.parametrize(
    "text",
    [
        # A street named like a bairro is the street.
        "Rua Santa Cecília, 200",
        "Av. Jardim Botânico, 1000",
        "Rua Vila Mariana 45 apto 3",
        "Alameda Santa Cecilia 12",
        # A reference point names no bairro.
        "Rua X 10, perto do shopping Jardim Botânico",
        "Rua X 10, em frente ao posto Centro",
        "Rua Y 200 ao lado da padaria Vila Mariana",
        # Everyday words one typo away from a bairro.
        "entrega dentro do condominio",
        "Rua Cento e Dez, 5",
        "Rua X 10, se possível deixar na portaria",
        # A short name needs to stand alone.
        "Rua X 10, sem cebola",
        # Nothing like a served bairro.
        "Rua Piauí, 33, Capão Redondo",
        "Guarulhos",
        "",
        "🙂🙂",
    ],
)
def test_no_bairro_is_found_by_accident(text: str) -> None:
    match = find_place(text, ZONES)
    assert match is None, (text, match and NAMES[match.index])


def test_the_match_reports_the_words_as_written() -> None:
    match = find_place("Rua X, 10 - jd. botanico", ZONES)
    assert match is not None and match.text == "jd botanico" and match.edits == 0
    typo = find_place("cemtro", ZONES)
    assert typo is not None and typo.edits == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [("Jardim Botânico", "jd botanico"), ("Vila Mariana", "vl. mariana"),
     ("Jardim das Flores", "jd flores"), ("Santa Cecília", "STA CECILIA")],
)
def test_equal_keys_for_the_same_bairro(a: str, b: str) -> None:
    assert place_key(a) == place_key(b)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rua das Flores, 100, bairro capão redondo", "Capão Redondo"),
        ("Rua X 12 - Bairro Jardim Ângela", "Jardim Ângela"),
        ("Rua X 12, Capão Redondo", None),
        ("", None),
    ],
)
def test_an_explicit_bairro(text: str, expected: str | None) -> None:
    assert explicit_bairro(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("capão redondo?", "Capão Redondo"),
        ("no capão redondo", "Capão Redondo"),
        ("pra vila das belezas", "Vila das Belezas"),
        ("Guarulhos", "Guarulhos"),
        ("em São Caetano do Sul!", "São Caetano do Sul"),
        ("bairro Itaim Bibi", "Itaim Bibi"),
    ],
)
def test_a_place_is_shown_tidied(text: str, expected: str) -> None:
    assert display_name(text) == expected


@pytest.mark.parametrize(
    ("text", "street"),
    [("Rua Augusta", True), ("av paulista 100", True), ("100", True), ("Capão Redondo", False),
     ("vila mariana", False)],
)
def test_a_street_is_told_from_a_bairro(text: str, street: bool) -> None:
    assert looks_like_street(text) is street


@given(st.text(max_size=300))
def test_any_text_gives_a_match_or_none(text: str) -> None:
    match = find_place(text, ZONES)
    assert match is None or 0 <= match.index < len(ZONES)
    display_name(text)
    explicit_bairro(text)


@given(st.lists(st.sampled_from(["rua", "r.", "av", "jd", "vl", "centro", "cemtro", "sta",
                                 "cecilia", "perto", "do", "100", ",", "-", "bairro", "sé",
                                 "dentro", "mariana", "vila", "nº", "s/n"]), max_size=12))
def test_any_mix_of_address_words(words: list[str]) -> None:
    text = " ".join(words)
    match = find_place(text, ZONES)
    if match is not None:
        # What matched is made of the text's own words.
        assert all(word in text for word in match.text.split())


@pytest.mark.parametrize(
    ("text", "bairro"),
    [
        ("Rua C-140, 100 - Jardim América", "Jardim América"),
        ("Av. T-9, 1200 - Setor Bueno, Goiânia", "Setor Bueno"),
        ("Rua X, 100 - apto 12", None),  # a complement
        ("Rua X 100 - bloco b", None),
        ("Rua X 100 - perto do mercado", None),  # a reference point
        ("Rua Santa Cecília - 100", None),  # no number before the dash
        ("rua augusta 500", None),
    ],
)
def test_the_bairro_written_after_the_number_and_a_dash(text: str, bairro: str | None) -> None:
    assert written_bairro(text) == bairro
