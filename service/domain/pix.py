"""Pix copia-e-cola: the static BR Code of an order, and its QR image.

The BR Code is an EMV® QRCPS merchant-presented payload, a string of fields written
``ID`` (2 digits) + length (2 digits) + value, in this order (Manual de Padrões
para Iniciação do Pix, Banco Central do Brasil):

==  ===========================  ==========================================
00  Payload Format Indicator     ``01``
26  Merchant Account Information ``00`` GUI ``br.gov.bcb.pix``, ``01`` the key,
                                 ``02`` an optional description
52  Merchant Category Code       ``0000``
53  Transaction Currency         ``986`` (real)
54  Transaction Amount           ``1234.56``; absent when the payer types it
58  Country Code                 ``BR``
59  Merchant Name                up to 25 characters
60  Merchant City                up to 15 characters
62  Additional Data Field        ``05`` the txid (up to 25 letters and digits)
63  CRC                          CRC16-CCITT-FALSE of everything before it, ``6304``
                                 included, as 4 uppercase hex digits
==  ===========================  ==========================================

Names and cities are written without accents (banks' apps read ASCII here).
"""

from __future__ import annotations

import io
import re

import qrcode
import qrcode.constants
from qrcode.image.pure import PyPNGImage
from unidecode import unidecode

__all__ = [
    "GUI",
    "MAX_AMOUNT_CENTS",
    "PixCodeError",
    "br_code",
    "crc16_ccitt",
    "order_txid",
    "qr_png",
]

GUI = "br.gov.bcb.pix"
MAX_FIELD = 99  # two length digits
MAX_NAME, MAX_CITY, MAX_TXID = 25, 15, 25
# Field 54 holds at most 13 characters: "9999999999.99".
MAX_AMOUNT_CENTS = 999_999_999_999
_TXID = re.compile(r"[A-Za-z0-9]{1,25}|\*\*\*")
_PLAIN = re.compile(r"[^A-Za-z0-9 .&'-]")


class PixCodeError(ValueError):
    """The BR Code cannot be made from these values."""


def crc16_ccitt(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final xor."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _field(tag: str, value: str) -> str:
    if not value or len(value) > MAX_FIELD or not value.isascii():
        raise PixCodeError(f"campo {tag} do BR Code inválido: {value!r}")
    return f"{tag}{len(value):02d}{value}"


def _plain(text: str, limit: int) -> str:
    return " ".join(_PLAIN.sub(" ", unidecode(text)).split())[:limit].strip()


def _amount(cents: int) -> str:
    if isinstance(cents, bool) or not isinstance(cents, int) or not 0 < cents <= MAX_AMOUNT_CENTS:
        raise PixCodeError(f"valor do Pix inválido: {cents!r} centavos")
    return f"{cents // 100}.{cents % 100:02d}"


def order_txid(order_number: int) -> str:
    """The transaction id tying a payment to an order: "PEDIDO42" (letters and digits only)."""
    return f"PEDIDO{order_number}"


def br_code(
    key: str,
    amount_cents: int | None,
    merchant_name: str,
    merchant_city: str,
    *,
    txid: str = "***",
    description: str | None = None,
) -> str:
    """The static BR Code paying ``amount_cents`` (None: the payer types it) to ``key``.

    ``key`` is already checked (:mod:`service.domain.pix_keys`). The description is
    shortened, or left out, to fit the merchant account field.
    """
    if not _TXID.fullmatch(txid):
        raise PixCodeError(f"txid inválido: {txid!r} (até {MAX_TXID} letras e números)")
    account = _field("00", GUI) + _field("01", key)
    if description:
        room = MAX_FIELD - len(account) - 4  # the sub-field's own id and length
        text = _plain(description, room) if room > 0 else ""
        if text:
            account += _field("02", text)
    name, city = _plain(merchant_name, MAX_NAME), _plain(merchant_city, MAX_CITY)
    payload = (
        _field("00", "01")
        + _field("26", account)
        + _field("52", "0000")
        + _field("53", "986")
        + (_field("54", _amount(amount_cents)) if amount_cents is not None else "")
        + _field("58", "BR")
        + _field("59", name)
        + _field("60", city)
        + _field("62", _field("05", txid))
        + "6304"
    )
    return payload + f"{crc16_ccitt(payload.encode('ascii')):04X}"


def qr_png(payload: str, box_size: int = 8) -> bytes:
    """The payload as a QR code image (PNG), error correction M, the standard 4-module border."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size,
                         border=4, image_factory=PyPNGImage)
    code.add_data(payload.encode("ascii"))
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return buffer.getvalue()
