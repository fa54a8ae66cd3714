"""The Pix copia-e-cola read back by an EMV parser written here from the BR Code spec."""

from __future__ import annotations

import binascii
import shutil
import subprocess
from pathlib import Path
from typing import Any

import png
import pytest
import qrcode
from hypothesis import given
from hypothesis import strategies as st

from service.domain.menu import parse_menu
from service.domain.payments import pix_code, pix_code_ready
from service.domain.pix import PixCodeError, br_code, crc16_ccitt, order_txid, qr_png

# The example of the Banco Central's "Manual de Padrões para Iniciação do Pix".
BCB_EXAMPLE = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
    "5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)
# Fields in the order the spec lists them; 54 is optional.
ORDER = ["00", "26", "52", "53", "54", "58", "59", "60", "62", "63"]


def tlv(text: str) -> list[tuple[str, str]]:
    """Split EMV fields: two-digit id, two-digit length, value; the text must be used up."""
    fields, at = [], 0
    while at < len(text):
        tag, length = text[at:at + 2], text[at + 2:at + 4]
        assert tag.isdigit() and length.isdigit(), f"bad field header at {at}: {text[at:]}"
        value = text[at + 4:at + 4 + int(length)]
        assert len(value) == int(length), f"field {tag} is cut short"
        fields.append((tag, value))
        at += 4 + int(length)
    return fields


def decode(payload: str) -> dict[str, Any]:
    """Every field of a static BR Code, checked against the spec."""
    assert payload.isascii()
    fields = tlv(payload)
    tags = [tag for tag, _ in fields]
    assert tags == [t for t in ORDER if t in tags], tags
    assert len(tags) == len(set(tags))
    top = dict(fields)
    assert payload.endswith("6304" + top["63"])
    crc = binascii.crc_hqx(payload[:-4].encode("ascii"), 0xFFFF)  # CRC-16/CCITT-FALSE
    assert top["63"] == f"{crc:04X}"
    account = dict(tlv(top["26"]))
    extra = dict(tlv(top["62"]))
    assert set(account) <= {"00", "01", "02"} and set(extra) <= {"05"}
    return {
        "format": top["00"], "gui": account["00"], "key": account["01"],
        "description": account.get("02"), "mcc": top["52"], "currency": top["53"],
        "amount": top.get("54"), "country": top["58"], "name": top["59"], "city": top["60"],
        "txid": extra["05"],
    }


def test_the_parser_reads_the_central_bank_example() -> None:
    fields = decode(BCB_EXAMPLE)
    assert fields["key"] == "123e4567-e12b-12d1-a456-426655440000"
    assert fields["name"] == "Fulano de Tal" and fields["city"] == "BRASILIA"


def test_the_central_bank_example_is_rebuilt_byte_for_byte() -> None:
    code = br_code("123e4567-e12b-12d1-a456-426655440000", None, "Fulano de Tal", "BRASILIA")
    assert code == BCB_EXAMPLE


def test_the_crc_is_ccitt_false() -> None:
    assert crc16_ccitt(b"123456789") == 0x29B1  # the catalogued check value
    assert crc16_ccitt(b"") == 0xFFFF


@given(st.binary(max_size=300))
def test_the_crc_agrees_with_the_standard_library(data: bytes) -> None:
    assert crc16_ccitt(data) == binascii.crc_hqx(data, 0xFFFF)


@pytest.mark.parametrize(
    ("cents", "amount"),
    [(1, "0.01"), (10, "0.10"), (100, "1.00"), (7480, "74.80"), (123456, "1234.56"),
     (999_999_999_999, "9999999999.99")],
)
@pytest.mark.parametrize(
    "key",
    ["cris@example.com.br", "+5511987654321", "52998224725", "11222333000181",
     "123e4567-e89b-12d3-a456-426614174000"],
)
def test_every_field_for_several_amounts_and_keys(cents: int, amount: str, key: str) -> None:
    code = br_code(key, cents, "Cozinha da Cris", "Sao Paulo", txid=order_txid(42),
                   description="Pedido 42")
    assert decode(code) == {
        "format": "01", "gui": "br.gov.bcb.pix", "key": key, "description": "Pedido 42",
        "mcc": "0000", "currency": "986", "amount": amount, "country": "BR",
        "name": "Cozinha da Cris", "city": "Sao Paulo", "txid": "PEDIDO42",
    }


def test_names_and_cities_lose_accents_and_keep_to_their_limits() -> None:
    code = br_code("cris@example.com.br", 500, "Cantina São João & Filhos Ltda. — Matriz",
                   "São José dos Campos")
    fields = decode(code)
    assert fields["name"] == "Cantina Sao Joao & Filhos"  # 25 characters
    assert fields["city"] == "Sao Jose dos Ca"  # 15
    assert fields["txid"] == "***" and fields["description"] is None


def test_the_longest_key_leaves_no_room_for_a_description() -> None:
    key = "a" * 60 + "@cozinhadacris.br"  # 77 characters, the e-mail limit
    fields = decode(br_code(key, 100, "Cris", "Rio", description="Pedido 1"))
    assert fields["key"] == key and fields["description"] is None
    short = decode(br_code("cris@example.com.br", 100, "Cris", "Rio",
                           description="Pedido do João, sem cebola " * 5))
    assert short["description"] is not None and short["description"].startswith("Pedido do Joao")
    assert len("0014br.gov.bcb.pix0119cris@example.com.br") + 4 + len(short["description"]) <= 99


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [({"amount_cents": 0}, "valor"), ({"amount_cents": -5}, "valor"),
     ({"amount_cents": 10**12}, "valor"), ({"txid": "pedido-42"}, "txid"),
     ({"txid": "A" * 26}, "txid"), ({"merchant_name": "🙂"}, "59")],
)
def test_impossible_codes_are_refused(kwargs: dict[str, Any], words: str) -> None:
    values: dict[str, Any] = {"key": "cris@example.com.br", "amount_cents": 100,
                              "merchant_name": "Cris", "merchant_city": "Rio"}
    values.update(kwargs)
    with pytest.raises(PixCodeError, match=words):
        br_code(**values)


def restaurant(**fields: Any) -> Any:
    block = {"name": "Cozinha da Cris", "pix_key": "cris@example.com.br",
             "pix_merchant_city": "São Paulo", **fields}
    block = {k: v for k, v in block.items() if v is not None}
    item = {"id": "pf", "name": "PF", "category": "pratos", "price": 20}
    return parse_menu({"restaurant": block, "items": [item]}).restaurant


def test_an_orders_code_from_the_restaurant_settings() -> None:
    code = pix_code(restaurant(), 7480, 12)
    assert code is not None
    fields = decode(code)
    assert (fields["amount"], fields["txid"], fields["name"], fields["city"]) == (
        "74.80", "PEDIDO12", "Cozinha da Cris", "Sao Paulo")


@pytest.mark.parametrize(
    "fields",
    [{"pix_merchant_city": None}, {"pix_key": None}, {"payment_methods": ["cartao", "dinheiro"]}],
)
def test_no_code_without_what_it_needs(fields: dict[str, Any]) -> None:
    assert not pix_code_ready(restaurant(**fields))
    assert pix_code(restaurant(**fields), 7480, 12) is None


PAYLOAD = br_code("cris@example.com.br", 123456, "Cozinha da Cris", "Sao Paulo",
                  txid="PEDIDO42", description="Pedido 42")


def test_the_png_holds_exactly_the_qr_matrix_of_the_payload() -> None:
    width, height, rows, info = png.Reader(bytes=qr_png(PAYLOAD, box_size=4)).read()
    pixels = [list(row) for row in rows]
    channels = info["planes"]
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(PAYLOAD.encode("ascii"))
    code.make(fit=True)
    matrix = code.get_matrix()  # border included
    assert width == height == len(matrix) * 4
    dark = [[pixels[y * 4 + 2][(x * 4 + 2) * channels] == 0 for x in range(len(matrix))]
            for y in range(len(matrix))]
    assert dark == matrix


@pytest.mark.skipif(shutil.which("zbarimg") is None,
                    reason="needs zbarimg: run scripts/install-system-deps.sh as root")
@pytest.mark.parametrize("cents", [1, 123456])
def test_a_qr_reader_reads_the_payload_back(tmp_path: Path, cents: int) -> None:
    payload = br_code("cris@example.com.br", cents, "Cozinha da Cris", "Sao Paulo",
                      txid="PEDIDO7")
    image = tmp_path / "pix.png"
    image.write_bytes(qr_png(payload))
    result = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == payload
    assert decode(result.stdout.strip())["amount"] == f"{cents // 100}.{cents % 100:02d}"
