"""Pix keys: which of the five kinds a key is, checked and written the way the BR Code wants.

A key is an e-mail, a mobile phone (+55, checked with ``phonenumbers``), a CPF or a
CNPJ (check digits verified; the alphanumeric CNPJ of 2026 too) or a random key
(a UUID). Anything else is refused, so a typo in the menu file never reaches a
customer's banking app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers

__all__ = ["MAX_EMAIL_KEY", "PixKey", "PixKeyError", "PixKeyKind", "parse_pix_key"]

# The Pix rulebook caps an e-mail key at 77 characters.
MAX_EMAIL_KEY = 77

_EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_CPF_WRITTEN = re.compile(r"\d{3}\.?\d{3}\.?\d{3}-?\d{2}")
_CNPJ_WRITTEN = re.compile(r"[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}/?[0-9A-Z]{4}-?\d{2}")
_PHONE_WRITTEN = re.compile(r"[\d\s().-]+")


class PixKeyError(ValueError):
    """Not a Pix key; the message says which kinds exist and what was wrong."""


class PixKeyKind(StrEnum):
    """The kinds of key the Pix directory (DICT) holds."""

    EMAIL = "email"
    PHONE = "telefone"
    CPF = "cpf"
    CNPJ = "cnpj"
    RANDOM = "aleatoria"


KIND_NAMES = {
    PixKeyKind.EMAIL: "e-mail",
    PixKeyKind.PHONE: "celular",
    PixKeyKind.CPF: "CPF",
    PixKeyKind.CNPJ: "CNPJ",
    PixKeyKind.RANDOM: "chave aleatória",
}


@dataclass(frozen=True)
class PixKey:
    """A checked key: ``value`` is how the BR Code carries it (digits only, +55…, lowercase)."""

    kind: PixKeyKind
    value: str

    @property
    def kind_name(self) -> str:
        """How a customer calls this kind of key: "e-mail", "CNPJ"…."""
        return KIND_NAMES[self.kind]


def _check_digit(values: list[int], weights: range | list[int]) -> int:
    total = sum(v * w for v, w in zip(values, weights, strict=True))
    rest = total % 11
    return 0 if rest < 2 else 11 - rest


def valid_cpf(digits: str) -> bool:
    """Eleven digits whose last two are the CPF check digits (not all equal)."""
    if len(digits) != 11 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    values = [int(d) for d in digits]
    first = _check_digit(values[:9], range(10, 1, -1))
    second = _check_digit(values[:10], range(11, 1, -1))
    return values[9:] == [first, second]


def valid_cnpj(text: str) -> bool:
    """Fourteen characters (the first twelve may be letters since 2026) with the check digits."""
    if len(text) != 14 or not re.fullmatch(r"[0-9A-Z]{12}\d{2}", text) or len(set(text)) == 1:
        return False
    values = [ord(c) - 48 for c in text]  # the Receita's rule: "A" is 17, digits themselves
    weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    first = _check_digit(values[:12], weights[1:])
    second = _check_digit(values[:13], weights)
    return values[12:] == [first, second]


def _phone(text: str, region: str | None) -> PixKey:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise PixKeyError(f"o telefone '{text}' não é um número válido") from exc
    if number.country_code != 55:
        raise PixKeyError(f"a chave de telefone '{text}' deve ser um celular do Brasil (+55)")
    kind = phonenumbers.number_type(number)
    mobile = (phonenumbers.PhoneNumberType.MOBILE,
              phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if not phonenumbers.is_valid_number(number) or kind not in mobile:
        raise PixKeyError(
            f"o telefone '{text}' não é um celular válido com DDD (ex.: +5511987654321)"
        )
    return PixKey(PixKeyKind.PHONE,
                  phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def parse_pix_key(raw: str) -> PixKey:
    """Recognise and check a Pix key as a restaurant writes it."""
    text = raw.strip()
    lowered = text.lower()
    if "@" in text:
        if len(text) > MAX_EMAIL_KEY or not _EMAIL.fullmatch(lowered):
            raise PixKeyError(
                f"o e-mail '{text}' não é válido (até {MAX_EMAIL_KEY} caracteres, ex.: "
                "pix@cozinha.com.br)"
            )
        return PixKey(PixKeyKind.EMAIL, lowered)
    if _UUID.fullmatch(lowered):
        return PixKey(PixKeyKind.RANDOM, lowered)
    if text.startswith("+"):
        return _phone(text, None)
    digits = re.sub(r"[\s./-]", "", text)
    if _CPF_WRITTEN.fullmatch(text):
        if valid_cpf(digits):
            return PixKey(PixKeyKind.CPF, digits)
        if digits.isdigit() and len(digits) == 11 and "." not in text:
            try:
                _phone(digits, "BR")
            except PixKeyError:
                pass
            else:
                raise PixKeyError(
                    f"'{text}' parece um celular: escreva com +55 (ex.: +55{digits}); como "
                    "CPF, os dígitos verificadores não conferem"
                )
        raise PixKeyError(f"o CPF '{text}' tem dígitos verificadores inválidos")
    if _CNPJ_WRITTEN.fullmatch(text.upper()):
        if valid_cnpj(digits.upper()):
            return PixKey(PixKeyKind.CNPJ, digits.upper())
        raise PixKeyError(f"o CNPJ '{text}' tem dígitos verificadores inválidos")
    if "(" in text and _PHONE_WRITTEN.fullmatch(text):
        return _phone(text, "BR")
    raise PixKeyError(
        f"'{text}' não é uma chave Pix: use e-mail, celular com +55 (+5511987654321), CPF, "
        "CNPJ ou a chave aleatória (ex.: 123e4567-e89b-12d3-a456-426614174000)"
    )
