"""Delivery and payment through signed webhooks: zones, pickup, the Pix code and QR image, receipts.

The app runs for real (uvicorn, SQLite, the outbox worker, the real ``twilio`` client
against the fake Twilio API). The menu is the documented example without its hours
(these tests run at whatever time it is). Where a message needs a reading the parser
does not give yet ("vou retirar" → pickup), :class:`Readings` adds that one field to
the real parser's reading, as the scenario suite's needed readings do.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import png

import nlu
from nlu import Context, Fulfilment, ParseResult
from service.bootstrap import Container, bootstrap
from service.domain.menu import Menu, parse_menu
from service.settings import Settings
from tests.api.conftest import KITCHEN, PUBLIC_URL, LiveApp, StartApp
from tests.builders import PHONE, ROOT, load_menu, twilio_form
from tests.unit.service.test_pix_code import decode

EXAMPLE = ROOT / "docs" / "exemplos" / "cardapio-entrega.json"
RECEIPT_URL = ("https://api.twilio.com/2010-04-01/Accounts/AC" + "2" * 32
               + "/Messages/MM" + "3" * 32 + "/Media/ME" + "4" * 32)


def brl(amount: str) -> str:
    return f"R$\xa0{amount}"


def delivery_menu() -> Menu:
    document = load_menu(EXAMPLE).to_dict()
    for field in ("hours", "holidays", "special_days"):
        document["restaurant"].pop(field)
    return parse_menu(document)


class Readings:
    """The real parser, with fields added to its reading of some messages."""

    def __init__(self, real: nlu.Parser, added: dict[str, dict[str, Any]]) -> None:
        self.real, self.added = real, added

    def parse(self, text: str, context: Context | None = None) -> ParseResult:
        result = self.real.parse(text, context)
        return replace(result, **self.added[text]) if text in self.added else result

    def choose(self, text: str, candidate_ids: Sequence[str]) -> str | None:
        return self.real.choose(text, candidate_ids)


def with_readings(added: dict[str, dict[str, Any]]) -> Any:
    def build(settings: Settings) -> Container:
        return bootstrap(settings, parser_factory=lambda catalog: Readings(nlu.Parser(catalog),
                                                                            added))
    return build


def messages(app: LiveApp, body: str, **extra: str) -> list[str]:
    """One WhatsApp message; each reply message apart (as the customer's phone shows them)."""
    form = twilio_form(body, f"SM{next(app.sids):032d}", **extra)
    response = app.post(form)
    assert response.status_code == 200, response.text
    return [m.text or "" for m in ET.fromstring(response.text).iter("Message")]


def _order_to_the_summary(app: LiveApp, address: str = "Rua Aurora, 500, ap 12 - Centro") -> None:
    app.say("oi")
    app.say("quero 2 feijoadas")
    app.say("finalizar")
    assert "Como vai pagar" in app.say(address)


def test_a_pix_order_gets_the_code_apart_and_the_qr_image_through_the_outbox(
        start_app: StartApp, tmp_path: Path) -> None:
    app = start_app(delivery_menu())
    _order_to_the_summary(app)
    summary = app.say("pix")
    assert f"Taxa de entrega (Centro): {brl('5,00')}" in summary
    assert f"*Total: {brl('74,80')}*" in summary
    *replies, code = messages(app, "sim")
    confirmation = "\n\n".join(replies)
    assert "Pedido #1 confirmado" in confirmation and "Tempo estimado: 40 a 60 min" in confirmation
    assert "copia e cola" in confirmation and "QR Code" in confirmation
    fields = decode(code)  # the last message is the BR Code alone, copied whole
    assert (fields["amount"], fields["txid"], fields["key"]) == (
        "74.80", "PEDIDO1", "cris@example.com.br")
    assert (fields["name"], fields["city"]) == ("Cozinha da Cris", "Sao Paulo")

    sent = app.fake.wait_for_messages(2)
    [kitchen] = [m for m in sent if m["To"] == KITCHEN]
    [image] = [m for m in sent if m["To"] == PHONE]
    assert "💠 Pix: *aguardando comprovante Pix*" in kitchen["Body"]
    assert "Taxa de entrega (Centro)" in kitchen["Body"] and "MediaUrl" not in kitchen
    assert "QR Code do Pix do pedido #1" in image["Body"]
    link = image["MediaUrl"]
    assert link.startswith(f"{PUBLIC_URL}/media/pix/") and link.endswith(".png")
    fetched = httpx.get(app.url + link.removeprefix(PUBLIC_URL), timeout=30)
    assert fetched.status_code == 200 and fetched.headers["content-type"] == "image/png"
    width, height, _, _ = png.Reader(bytes=fetched.content).read()
    assert width == height > 200
    if shutil.which("zbarimg"):
        picture = tmp_path / "qr.png"
        picture.write_bytes(fetched.content)
        read = subprocess.run(["zbarimg", "--raw", "-q", str(picture)], capture_output=True,
                              text=True, timeout=30, check=True)
        assert read.stdout.strip() == code
    [order] = app.orders()
    assert order["total_cents"] == 7480 and order["delivery_area"] == "Centro"
    assert order["fulfilment"] == "entrega"


def test_the_qr_image_waits_out_twilio_being_down(start_app: StartApp) -> None:
    app = start_app(delivery_menu())
    _order_to_the_summary(app)
    app.say("pix")
    app.fake.fail_next(2, status=503, code=20503, message="Service Unavailable")
    assert "Pedido #1 confirmado" in app.say("sim")  # the customer gets the code regardless
    sent = app.fake.wait_for_messages(2, timeout=40)
    assert {m["To"] for m in sent} == {KITCHEN, PHONE}
    assert sum(r.status == 503 for r in app.fake.requests) == 2
    assert any("MediaUrl" in m for m in sent)


def test_a_receipt_image_after_a_pix_order_is_thanked_and_passed_on(start_app: StartApp) -> None:
    app = start_app(delivery_menu())
    _order_to_the_summary(app)
    app.say("pix")
    app.say("sim")
    app.fake.wait_for_messages(2)
    reply = app.say("", NumMedia="1", MediaContentType0="image/jpeg", MediaUrl0=RECEIPT_URL)
    assert "Recebi seu comprovante do pedido #1" in reply
    sent = app.fake.wait_for_messages(4)[2:]
    assert all(m["To"] == KITCHEN for m in sent)
    notice, image = sent
    assert "Comprovante Pix do pedido #1 chegou de Maria Souza (+5511987654321)" in notice["Body"]
    assert image["MediaUrl"] == RECEIPT_URL and "#1" in image["Body"]


def test_an_image_after_a_card_order_is_no_receipt(start_app: StartApp) -> None:
    app = start_app(delivery_menu())
    _order_to_the_summary(app)
    app.say("cartão")
    app.say("sim")
    app.fake.wait_for_messages(1)
    reply = app.say("", NumMedia="1", MediaContentType0="image/jpeg", MediaUrl0=RECEIPT_URL)
    assert "Ainda não consigo ver imagens" in reply
    assert len(app.fake.wait_for_messages(2, timeout=2)) == 1


def test_the_pickup_flow_end_to_end(start_app: StartApp) -> None:
    app = start_app(delivery_menu(), container=with_readings({
        "vou retirar": {"fulfilment": Fulfilment.PICKUP},
    }))
    app.say("oi")
    app.say("quero 2 pf e 1 galinhada")
    assert "Se preferir *retirar* aqui (Rua Itapeva, 200" in app.say("finalizar")
    chosen = app.say("vou retirar")
    assert "você vai *retirar no balcão*" in chosen and "Cartão (na retirada)" in chosen
    assert "endereço" not in chosen
    summary = app.say("cartão")
    assert "🏃 Retirada no balcão: Rua Itapeva, 200 - Bela Vista, São Paulo" in summary
    assert "Taxa de entrega" not in summary and f"*Total: {brl('76,70')}*" in summary
    confirmed = app.say("sim")
    assert "🏃 *Retirada no balcão*: Rua Itapeva, 200" in confirmed
    assert "Fica pronto em 20 a 30 min" in confirmed and "sair para entrega" not in confirmed
    [order] = app.orders()
    assert order["fulfilment"] == "retirada" and order["delivery_fee_cents"] == 0
    assert order["total_cents"] == 7670 and order["address"]["text"] == ""
    [kitchen] = app.fake.wait_for_messages(1)
    assert "🏃 *RETIRADA* no balcão (não é entrega)" in kitchen["Body"]
    assert "📍 Entrega" not in kitchen["Body"]
    # The kitchen marks it ready; the customer hears it is ready to pick up.
    ready = app.say("saiu 1", phone=KITCHEN)
    assert "Cliente avisado" in ready
    told = app.fake.wait_for_messages(2)[1]
    assert told["To"] == PHONE and "está pronto para retirar" in told["Body"]


def test_an_unknown_bairro_and_absurd_coordinates_are_answered_and_the_cart_stays(
        start_app: StartApp) -> None:
    app = start_app(delivery_menu())
    app.say("oi")
    app.say("quero 2 feijoadas")
    app.say("finalizar")
    assert "Qual é o seu bairro?" in app.say("Estrada de Itapecerica, 5000")
    refused = app.say("capão redondo")
    assert "Ainda não entregamos em Capão Redondo." in refused
    assert "Seu carrinho continua guardado." in refused
    absurd = app.say("", Latitude="999", Longitude="-46.6")
    assert "Não consegui usar essa localização." in absurd
    conversation = app.conversation()
    assert conversation is not None and conversation["state"] == "asking_bairro"
    assert [(line["item_id"], line["quantity"]) for line in conversation["cart"]] == [
        ("feijoada", 2)]
    assert conversation["address"]["text"] == "Estrada de Itapecerica, 5000"
    assert "Como vai pagar" in app.say("bela vista")
    assert app.orders() == []


def test_a_question_about_a_bairro_is_answered_from_the_zones(start_app: StartApp) -> None:
    app = start_app(delivery_menu())
    app.say("oi")
    answer = app.say("vocês entregam no jd botanico?")
    assert "Entregamos no bairro Jardim Botânico, sim!" in answer
    assert f"Taxa de entrega: {brl('8,00')}" in answer and "50 a 70 min" in answer


def test_the_panel_shows_a_pickup_as_retirada_and_a_delivery_with_its_bairro(
        start_app: StartApp) -> None:
    from tests.api.panel_support import PASSWORD, Staff

    app = start_app(delivery_menu(), container=with_readings({
        "pra retirar": {"fulfilment": Fulfilment.PICKUP},
    }), panel_password=PASSWORD)
    app.say("oi")
    app.say("quero 2 feijoadas")
    app.say("finalizar")
    app.say("Rua Aurora, 500 - Centro")
    app.say("pix")
    app.say("sim")
    app.say("2 pf", phone="whatsapp:+5511911112222")
    app.say("pra retirar", phone="whatsapp:+5511911112222")
    app.say("finalizar", phone="whatsapp:+5511911112222")
    app.say("dinheiro", phone="whatsapp:+5511911112222")
    app.say("não preciso de troco", phone="whatsapp:+5511911112222")
    assert "Pedido #2 confirmado" in app.say("sim", phone="whatsapp:+5511911112222")
    staff = Staff(app).logged_in()
    board = staff.page("/painel/pedidos/quadro").text
    assert "📍 Rua Aurora, 500 - Centro<" in board  # the bairro is in it already
    assert "🏃 <strong>RETIRADA</strong> no balcão" in board
    pickup = staff.page("/painel/pedidos/2").text
    assert "Retirada e pagamento" in pickup and "abrir no mapa" not in pickup
    assert "RETIRADA NO BALCÃO" in staff.page("/painel/pedidos/2/comanda").text
    assert "RETIRADA" not in staff.page("/painel/pedidos/1/comanda").text
