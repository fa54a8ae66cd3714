"""A service from the restaurant's phone, in a real browser: orders arrive live, move, run out,
the store pauses, a person answers a customer; and every screen fits a phone."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.api.conftest import LiveApp
from tests.api.panel_support import PASSWORD, customer_bodies, place_order
from tests.e2e.conftest import PHONE_VIEWPORT, full_page_screenshot

pytestmark = pytest.mark.slow

OTHER = "whatsapp:+5521988887777"
SCREENS = ["/painel/pedidos", "/painel/pedidos/1", "/painel/cardapio", "/painel/loja",
           "/painel/atendimento", "/painel/conversas", "/painel/resumo"]


def log_in(page: Page, app: LiveApp) -> None:
    page.goto(app.url + "/painel")
    expect(page.get_by_role("heading", name="Painel do restaurante")).to_be_visible()
    page.get_by_label("Senha").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", name="Pedidos de hoje")).to_be_visible()


def tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Seções do painel").get_by_role("link", name=name).click()


def test_a_service_run_from_the_panel(panel_app: LiveApp, page: Page, output_path: str):
    app = panel_app
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)
    log_in(page, app)
    page.get_by_role("button", name="Som desligado").click()  # the tap that allows sound
    expect(page.get_by_role("button", name="Som ligado")).to_have_attribute("aria-pressed",
                                                                            "true")

    # A signed webhook places an order; it appears without reloading, with an alert.
    started = time.monotonic()
    number = place_order(app, items="2 feijoadas e 1 coca lata sem gelo")
    placed = time.monotonic()
    card = page.locator(f'[data-order="{number}"]')
    expect(card).to_be_visible()
    seen = time.monotonic()
    expect(card).to_have_attribute("data-status", "novo")
    expect(card).to_contain_text("2× Feijoada Completa")
    expect(page.locator('[data-badge="novos"]')).to_have_text("1")
    expect(page.locator("body")).to_have_attribute("data-alerts", "1")
    expect(page).to_have_title(re.compile(r"^\(1\) "))
    (shots / "latency.txt").write_text(
        f"order placed by webhook in {placed - started:.2f} s; "
        f"on the board {seen - placed:.2f} s after the confirmation\n")
    place_order(app, phone=OTHER, items="1 pudim")
    expect(page.locator('[data-status="novo"]')).to_have_count(2)
    expect(page.locator("body")).to_have_attribute("data-alerts", "2")
    page.screenshot(path=str(shots / "quadro.png"))

    # Saiu para entrega: the customer is told once, on the fake Twilio API.
    card.get_by_role("button", name="Saiu para entrega").click()
    expect(page.locator(f'[data-order="{number}"][data-status="saiu_para_entrega"]')
           ).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Cliente avisado")).to_be_visible()
    app.fake.wait_for_messages(3)
    told = [b for b in customer_bodies(app) if "saiu para entrega" in b]
    assert len(told) == 1

    # A double click moves the other order once and tells its customer once.
    page.locator('[data-order="2"]').get_by_role("button", name="Em preparo").dblclick()
    expect(page.locator('[data-order="2"][data-status="em_preparo"]')).to_be_visible()
    app.fake.wait_for_messages(5, timeout=3)
    assert len([b for b in customer_bodies(app, OTHER) if "sendo preparado" in b]) == 1

    # Esgotado: the next customer asking for it is told so.
    tab(page, "Cardápio")
    feijoada = page.locator('[data-item="feijoada"]')
    feijoada.get_by_role("button", name="Esgotou").click()
    expect(page.locator('[data-item="feijoada"]')).to_have_class(re.compile("item-esgotado"))
    assert "Feijoada Completa não está disponível hoje" in app.say("quero 1 feijoada",
                                                                    phone=OTHER)

    # Pause the store: customers are told, on any message.
    tab(page, "Loja")
    page.get_by_label("Recado para os clientes (opcional)").fill("Acabou o gás, já voltamos")
    page.get_by_role("button", name="30 min").click()
    expect(page.get_by_role("heading", name="⏸️ Pedidos pausados")).to_be_visible()
    answer = app.say("oi, tem pudim?", phone=OTHER)
    assert "pausou os pedidos" in answer and "Acabou o gás, já voltamos" in answer
    page.locator(".faixa-pausa").get_by_role("button", name="Retomar").click()
    expect(page.get_by_role("heading", name="✅ Aceitando pedidos")).to_be_visible()

    # Take over Maria's conversation and answer her through the restaurant's number.
    tab(page, "Atendimento")
    page.get_by_role("link", name="Todas as conversas recentes").click()
    page.locator(".atendimento", has_text="4321").get_by_role("link").click()
    page.get_by_role("button", name="👤 Assumir conversa").click()
    expect(page.get_by_text("o assistente está em silêncio")).to_be_visible()
    page.get_by_label("Responder pelo WhatsApp do restaurante").fill(
        "Oi Maria! Seu pedido já está a caminho. 🛵")
    page.get_by_role("button", name="Enviar").click()
    expect(page.get_by_role("status").filter(has_text="Mensagem enviada")).to_be_visible()
    expect(page.locator(".fala-equipe").last).to_contain_text("Seu pedido já está a caminho")
    app.fake.wait_for_messages(7)
    assert customer_bodies(app)[-1] == "Oi Maria! Seu pedido já está a caminho. 🛵"
    assert app.say("obrigada!!") == ""  # the assistant stays quiet; the panel shows it live
    expect(page.locator(".fala-cliente").last).to_contain_text("obrigada!!")
    expect(page.locator('[data-badge="atendimentos"]')).to_have_text("1")
    full_page_screenshot(page, shots / "conversa.png")

    tab(page, "Resumo")
    expect(page.locator('[data-figure="pedidos"]')).to_have_text("2")
    full_page_screenshot(page, shots / "resumo.png")

    page.get_by_role("button", name="Sair").click()
    expect(page.get_by_role("heading", name="Painel do restaurante")).to_be_visible()
    page.goto(app.url + "/painel/pedidos")
    expect(page.get_by_role("heading", name="Painel do restaurante")).to_be_visible()


def test_every_screen_fits_a_phone(panel_app: LiveApp, page: Page, output_path: str):
    place_order(panel_app, items="2 feijoadas e 1 coca lata sem gelo")
    panel_app.say("quero falar com um atendente", phone=OTHER, name="Ana")
    log_in(page, panel_app)
    assert page.viewport_size == PHONE_VIEWPORT
    width_limit = PHONE_VIEWPORT["width"]
    for path in SCREENS:
        page.goto(panel_app.url + path)
        expect(page.get_by_role("navigation", name="Seções do painel")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= width_limit, f"{path} scrolls sideways ({width}px)"
        small = page.evaluate("""() => [...document.querySelectorAll('main button, nav a')]
            .filter(e => e.offsetParent !== null)
            .map(e => e.getBoundingClientRect())
            .filter(r => r.height < 36 || r.width < 36).length""")
        assert small == 0, f"{path} has buttons too small to tap"
    page.goto(panel_app.url + "/painel/pedidos/1/comanda")
    expect(page.get_by_text("PEDIDO #1")).to_be_visible()
    page.screenshot(path=str(Path(output_path) / "comanda.png"), full_page=True)
