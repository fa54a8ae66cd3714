"""Every sentence the kitchen's WhatsApp reads: new orders, requests for a person, commands.

In one place so a restaurant can reword them.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.domain import delivery_texts
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
    number: int, name: str, phone: str, order_text: str, address: Address | None, payment: str,
    *, pix_line: str = "",
) -> str:
    """The one message the kitchen gets for a new order: all it needs to cook and deliver.

    ``address`` None: the customer picks it up (RETIRADA). ``pix_line``: what the kitchen
    waits for from a Pix customer ("aguardando comprovante Pix").
    """
    if address is None:
        where = delivery_texts.kitchen_pickup_line()
    else:
        maps = ""
        if address.latitude is not None and address.longitude is not None:
            maps = f"\nhttps://maps.google.com/?q={address.latitude},{address.longitude}"
        where = f"📍 Entrega: {address.text}{maps}"
    who = f"{name} ({phone})" if name else phone
    pix = f"\n{pix_line}" if pix_line else ""
    return (
        f"🛎️ *Novo pedido #{number}*\nCliente: {who}\n\n{order_text}\n\n"
        f"{where}\n💳 Pagamento: {payment}{pix}"
    )


def kitchen_human(name: str, phone: str) -> str:
    """Tell the kitchen a customer wants a person."""
    who = f"{name} ({phone})" if name else phone
    return f"🙋 {who} pediu para falar com uma pessoa no WhatsApp."


def kitchen_order_cancelled(number: int, name: str, phone: str) -> str:
    """Tell the kitchen a customer cancelled their order while it was still new."""
    who = f"{name} ({phone})" if name else phone
    return f"❌ Pedido #{number} CANCELADO pelo cliente {who}. Não prepare."


def kitchen_hint(number: int, *, pickup: bool = False) -> str:
    """The last line of the kitchen's new-order message."""
    if pickup:
        return (f"👉 Responda *saiu {number}* quando estiver pronto para retirar (o cliente é "
                "avisado; *ajuda* para ver tudo).")
    return f"👉 Responda *saiu {number}* quando sair para entrega (*ajuda* para ver tudo)."


def kitchen_help() -> str:
    """The kitchen's commands."""
    return (
        "🧑‍🍳 *Comandos da cozinha*\n"
        "• *preparando 12*: pedido em preparo (cliente avisado)\n"
        "• *saiu 12*: saiu para entrega (cliente avisado)\n"
        "• *entregue 12*: pedido entregue\n"
        "• *cancelar 12*: cancela (cliente avisado)\n"
        "• *pedidos*: pedidos abertos de hoje\n"
        + kitchen_help_more()
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


# -- a person attends the customer (handoff) ---------------------------------------


def kitchen_handoff(number: int, name: str, phone: str, reason: str) -> str:
    """A handoff opened: who, why, and how to answer through the bot's number."""
    who = f"{name} ({phone})" if name else phone
    if reason == "not_understood":
        why = f"🤖 O assistente não está entendendo {who}."
    elif reason == "change_address":
        why = (f"📍 {who} mandou um endereço novo logo depois do pedido: confira na conversa "
               "e corrija o pedido antes de sair.")
    else:
        why = kitchen_human(name, phone)
    return (
        f"{why}\n*Atendimento {number}*: o assistente fica em silêncio com esse cliente.\n"
        f"👉 Responda *responder {number} sua mensagem* (ou pelo painel); "
        f"*devolver {number}* volta para o assistente."
    )


def kitchen_customer_wrote(number: int, name: str, text: str) -> str:
    """A customer message during a handoff, passed on to the kitchen."""
    who = name.split()[0] if name.strip() else "Cliente"
    return f"💬 *Atendimento {number}* — {who}:\n{text}\n\n👉 *responder {number} ...*"


def kitchen_reply_sent(number: int, name: str) -> str:
    """A kitchen reply left for the customer."""
    who = f" para {name.split()[0]}" if name.strip() else ""
    return f"✅ Mensagem enviada{who} (atendimento {number})."


def kitchen_handoff_closed(number: int, changed: bool) -> str:
    """The conversation went back to the assistant."""
    if not changed:
        return f"Atendimento {number} já estava encerrado; o assistente já responde."
    return f"🤖 Atendimento {number} encerrado: o assistente volta a responder esse cliente."


def kitchen_unknown_handoff(number: int) -> str:
    """No handoff has this number."""
    return f"Não existe atendimento {number}. Os números vêm na mensagem de cada atendimento."


def kitchen_reply_missing_text(number: int | None) -> str:
    """"responder" without a number or a text."""
    example = number if number is not None else 3
    return f"Escreva o número do atendimento e a mensagem. Ex.: *responder {example} Já vai!*"


# -- availability ---------------------------------------------------------------------


def kitchen_item_missing() -> str:
    """"acabou" or "voltou" without an item."""
    return "Qual item? Ex.: *acabou feijoada* ou *voltou feijoada*."


def kitchen_paused(until: str | None, changed: bool) -> str:
    """Orders paused (``until`` on the restaurant's clock, "20:30")."""
    when = f" até as *{until}*" if until else " até você mandar *retomar*"
    done = "⏸️ Pedidos pausados" if changed else "Os pedidos já estavam pausados"
    return (
        f"{done}{when}. Os clientes são avisados a cada mensagem; os carrinhos ficam guardados."
    )


def kitchen_resumed(changed: bool) -> str:
    """Orders taken again."""
    if not changed:
        return "Os pedidos não estavam pausados; nada mudou."
    return "▶️ Pedidos retomados: o assistente volta a fechar pedidos."


def kitchen_help_more() -> str:
    """The restaurant-side commands, after the order commands in the help."""
    return (
        "• *cancelar 12 acabou o gás*: cancela e diz o motivo ao cliente\n"
        "• *acabou feijoada* / *voltou feijoada*: item esgotado ou de volta\n"
        "• *pausar* (ou *pausar até 20:30*, *pausar 30 min*, com um recado depois): "
        "pausa os pedidos\n"
        "• *retomar*: volta a aceitar pedidos\n"
        "• *responder 3 texto*: responde ao cliente do atendimento 3\n"
        "• *devolver 3*: o atendimento 3 volta para o assistente"
    )
