"""What customers read from the restaurant's side, and the refusals staff read, in one place.

The store's pause, a person taking over the conversation, the customer's data
rights; and why a staff action was refused (the panel and the kitchen's WhatsApp
show the same sentence). A restaurant rewords them here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

__all__ = [
    "bot_back",
    "checkout_paused",
    "data_erased",
    "item_already",
    "item_changed",
    "item_unknown",
    "items_ambiguous",
    "pause_notice",
    "reply_empty",
    "reply_outside_window",
    "reply_too_long",
]


def _clock(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local.hour:02d}:{local.minute:02d}"


# -- customers -------------------------------------------------------------------


def pause_notice(restaurant: str, until: datetime | None, message: str, zone: ZoneInfo) -> str:
    """Told on every message while orders are paused."""
    back = f" Voltamos a aceitar pedidos às *{_clock(until, zone)}*." if until else ""
    extra = f"\n{message.strip()}" if message.strip() else ""
    return (
        f"⏸️ A *{restaurant}* pausou os pedidos por alguns instantes.{back}{extra}\n"
        "Seu carrinho fica guardado."
    )


def checkout_paused() -> str:
    """Finishing an order while paused: the cart waits."""
    return "Assim que voltarmos, é só mandar *finalizar* que eu continuo o seu pedido. 🙂"


def bot_back() -> str:
    """A handoff ended because staff were idle: the assistant answers again."""
    return (
        "🤖 Nossa equipe não conseguiu responder agora, então sigo eu por aqui. "
        "Se ainda quiser falar com uma pessoa, mande *atendente*."
    )


def data_erased() -> str:
    """After the customer's data was erased."""
    return (
        "🗑️ Pronto: apagamos seu nome, endereços e o histórico desta conversa. "
        "Os pedidos antigos ficam só nas contas do restaurante, sem seus dados. "
        "Se escrever de novo, começamos do zero."
    )


# -- refusals staff read (panel and kitchen WhatsApp) -------------------------------


def reply_outside_window(last_customer_at: datetime | None, zone: ZoneInfo) -> str:
    """WhatsApp refuses a free-form message 24 hours after the customer's last one."""
    when = ""
    if last_customer_at is not None:
        local = last_customer_at.astimezone(zone)
        when = f" (a última foi em {local:%d/%m} às {local:%H:%M})"
    return (
        "Não dá para enviar: o WhatsApp só entrega mensagens livres até 24 horas depois da "
        f"última mensagem do cliente{when}. Espere o cliente escrever de novo ou ligue para ele."
    )


def reply_empty() -> str:
    """A staff reply without text."""
    return "Escreva a mensagem antes de enviar."


def reply_too_long(limit: int) -> str:
    """A staff reply longer than one WhatsApp message."""
    return f"A mensagem passou de {limit} caracteres, o limite do WhatsApp. Divida em duas."


def item_unknown(text: str) -> str:
    """No menu item matches what staff typed."""
    return f"Não achei “{text}” no cardápio. Escreva o nome como está no cardápio."


def items_ambiguous(names: Sequence[str]) -> str:
    """Several items match; staff must say which."""
    return "Qual deles? " + ", ".join(f"*{name}*" for name in names) + "."


def item_changed(name: str, sold_out: bool) -> str:
    """An item was marked sold out or back."""
    if sold_out:
        return f"🚫 {name} marcado como *esgotado*. Os clientes são avisados se pedirem."
    return f"✅ {name} voltou ao cardápio."


def item_already(name: str, sold_out: bool) -> str:
    """The item already had that state (a repeated click or command)."""
    return f"{name} já estava {'esgotado' if sold_out else 'disponível'}; nada mudou."
