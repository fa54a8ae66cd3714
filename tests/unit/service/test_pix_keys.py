"""Pix keys: each of the five kinds recognised and checked, anything else refused."""

from __future__ import annotations

import pytest

from service.domain.pix_keys import (
    PixKey,
    PixKeyError,
    PixKeyKind,
    parse_pix_key,
    valid_cnpj,
    valid_cpf,
)


@pytest.mark.parametrize(
    ("written", "kind", "value"),
    [
        ("cris@example.com.br", PixKeyKind.EMAIL, "cris@example.com.br"),
        ("  Cris.Souza+pix@Cozinha.COM ", PixKeyKind.EMAIL, "cris.souza+pix@cozinha.com"),
        ("+5511987654321", PixKeyKind.PHONE, "+5511987654321"),
        ("+55 (11) 98765-4321", PixKeyKind.PHONE, "+5511987654321"),
        ("+55 21 99876 5432", PixKeyKind.PHONE, "+5521998765432"),
        ("(11) 98765-4321", PixKeyKind.PHONE, "+5511987654321"),
        ("529.982.247-25", PixKeyKind.CPF, "52998224725"),
        ("52998224725", PixKeyKind.CPF, "52998224725"),
        ("11.222.333/0001-81", PixKeyKind.CNPJ, "11222333000181"),
        ("11222333000181", PixKeyKind.CNPJ, "11222333000181"),
        # The alphanumeric CNPJ (from July 2026), the Receita Federal's example.
        ("12.ABC.345/01DE-35", PixKeyKind.CNPJ, "12ABC34501DE35"),
        ("123E4567-E89B-12D3-A456-426614174000", PixKeyKind.RANDOM,
         "123e4567-e89b-12d3-a456-426614174000"),
    ],
)
def test_each_kind_is_recognised_and_written_as_the_br_code_wants(
    written: str, kind: PixKeyKind, value: str
) -> None:
    assert parse_pix_key(written) == PixKey(kind, value)


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("529.982.247-24", "CPF"),  # a wrong check digit
        ("111.111.111-11", "CPF"),  # all equal: passes the sums, never issued
        ("11.222.333/0001-80", "CNPJ"),
        ("11987654321", "+55"),  # a mobile without +55 is not taken as a CPF
        ("+14155238886", "Brasil"),  # not Brazilian
        ("+551133334444", "celular"),  # a landline
        ("+5511", "celular"),
        ("cris@", "e-mail"),
        ("cris@example", "e-mail"),
        ("a" * 70 + "@example.com", "77"),
        ("chave da cris", "não é uma chave Pix"),
        ("123e4567-e89b-12d3-a456", "não é uma chave Pix"),  # a cut random key
        ("12345", "não é uma chave Pix"),
    ],
)
def test_anything_else_is_refused_saying_why(written: str, words: str) -> None:
    with pytest.raises(PixKeyError, match=words if words != "+55" else r"\+55"):
        parse_pix_key(written)


def test_check_digits_against_known_documents() -> None:
    assert valid_cpf("52998224725") and not valid_cpf("52998224726")
    assert valid_cnpj("11222333000181") and not valid_cnpj("11222333000182")
    assert not valid_cpf("5299822472") and not valid_cnpj("1122233300018")
    # Every single-digit change of a valid CPF breaks it.
    for position in range(11):
        for digit in "0123456789":
            changed = "52998224725"[:position] + digit + "52998224725"[position + 1:]
            if changed != "52998224725":
                assert not valid_cpf(changed), changed
