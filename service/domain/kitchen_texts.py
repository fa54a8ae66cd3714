"""Every sentence the kitchen's WhatsApp reads: new orders, requests for a person, commands.

In one place so a restaurant can reword them.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.domain.conversation import Address
from service.domain.order import Order
from service.domain.status_texts import label
from service.domain.texts import money

# What the cook types to reach each status, as shown in the help and the errors.
COMMANDS = {
    "em_preparo": "preparando",
    "saiu_para_entrega": "saiu",
    "entregue": "entregue",
    "cancelado": "cancelar",
}


def kitchen_order(
    number: int, name: str, phone: str, order_text: str, address: Address, payment: str
) -> str:
    """The one message the kitchen gets for a new order: all it needs to cook and deliver."""
    maps = ""
    if address.latitude is not None and address.longitude is not None:
        maps = f"\nhttps://maps.google.com/?q={address.latitude},{address.longitude}"
    who = f"{name} ({phone})" if name else phone
    return (
        f"🛎️ *Novo pedido #{number}*\nCliente: {who}\n\n{order_text}\n\n"
        f"📍 Entrega: {address.text}{maps}\n💳 Pagamento: {payment}"
    )


def kitchen_human(name: str, phone: str) -> str:
    """Tell the kitchen a customer wants a person."""
    who = f"{name} ({phone})" if name else phone
    return f"🙋 {who} pediu para falar com uma pessoa no WhatsApp."


def kitchen_not_understood_customer(name: str, phone: str) -> str:
    """Tell the kitchen the assistant could not understand a customer twice in a row."""
    who = f"{name} ({phone})" if name else phone
    return f"🙋 O assistente não está entendendo {who} no WhatsApp: alguém pode responder?"


def kitchen_cancel_request(name: str, phone: str, number: int | None) -> str:
    """Tell the kitchen a customer wants to cancel an order already being prepared."""
    who = f"{name} ({phone})" if name else phone
    order = f" o pedido #{number}" if number is not None else " o pedido"
    return f"🙋 {who} quer cancelar{order}, que já está em andamento: fale com o cliente."


def kitchen_order_cancelled(number: int, name: str, phone: str) -> str:
    """Tell the kitchen a customer cancelled their order while it was still new."""
    who = f"{name} ({phone})" if name else phone
    return f"❌ Pedido #{number} CANCELADO pelo cliente {who}. Não prepare."


def kitchen_hint(number: int) -> str:
    """The last line of the kitchen's new-order message."""
    return f"👉 Responda *saiu {number}* quando sair para entrega (*ajuda* para ver tudo)."


def kitchen_help() -> str:
    """The kitchen's commands."""
    return (
        "🧑‍🍳 *Comandos da cozinha*\n"
        "• *preparando 12*: pedido em preparo (cliente avisado)\n"
        "• *saiu 12*: saiu para entrega (cliente avisado)\n"
        "• *entregue 12*: pedido entregue\n"
        "• *cancelar 12*: cancela (cliente avisado)\n"
        "• *pedidos*: pedidos abertos de hoje"
    )


def kitchen_not_understood() -> str:
    """A kitchen message that is no command."""
    return "Não entendi o comando. 🤔\n\n" + kitchen_help()


def kitchen_missing_number(status: str) -> str:
    """A status word without an order number."""
    return f"Faltou o número do pedido. Ex.: *{COMMANDS.get(status, 'saiu')} 12*"


def kitchen_one_number() -> str:
    """Several order numbers in one command."""
    return "Um pedido por mensagem, por favor. Ex.: *saiu 12*"


def kitchen_done(number: int, status: str, customer_told: bool) -> str:
    """The kitchen's confirmation of a status change."""
    told = " Cliente avisado." if customer_told else ""
    return f"✅ Pedido #{number}: *{label(status)}*.{told}"


def kitchen_unchanged(number: int, status: str) -> str:
    """The order already had this status (a repeated command)."""
    return f"Pedido #{number} já está *{label(status)}*; nada mudou."


def kitchen_open_orders(orders: Sequence[Order], currency: str = "BRL") -> str:
    """Today's open orders, one line each."""
    if not orders:
        return "Nenhum pedido aberto hoje. 🎉"
    lines = [f"📋 *Pedidos abertos hoje* ({len(orders)})"]
    for order in orders:
        name = order.customer_name.split()
        who = f" — {name[0]}" if name else ""
        price = f" — {money(order.total_cents, currency)}"
        lines.append(f"#{order.number} {label(order.status)}{who}{price}")
    return "\n".join(lines)
