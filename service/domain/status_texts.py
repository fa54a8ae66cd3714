"""Every sentence about an order's status: to the customer, and refusals to whoever moved it.

Statuses arrive by value ("saiu_para_entrega"), so this module needs no import of
the status enum; a restaurant rewords its messages here.
"""

from __future__ import annotations

from collections.abc import Sequence

LABELS = {
    "novo": "novo",
    "em_preparo": "em preparo",
    "saiu_para_entrega": "saiu para entrega",
    "entregue": "entregue",
    "cancelado": "cancelado",
}


def label(status: str) -> str:
    """A status as people say it: "saiu_para_entrega" → "saiu para entrega"."""
    return LABELS.get(status, status)


def _hello(name: str) -> str:
    first = name.split()[0] if name.strip() else ""
    return f", {first}" if first else ""


# -- the customer -------------------------------------------------------------


def customer_update(number: int, name: str, status: str,
                    reason: str | None = None, *, pickup: bool = False) -> str | None:
    """The WhatsApp the customer gets when their order moves; None when nothing is said.

    ``reason`` is the restaurant's word on a cancellation ("acabou o gás"). For an
    order picked up at the counter, "saiu" means it is ready to be picked up.

    Delivered says nothing: the food is in the customer's hands at that moment, and a
    late "entregue" (the next morning) would fall outside WhatsApp's 24-hour window.
    """
    if status == "em_preparo":
        return f"👩‍🍳 Oba{_hello(name)}! Seu pedido *#{number}* já está sendo preparado."
    if status == "saiu_para_entrega" and pickup:
        return (
            f"🏃 Seu pedido *#{number}* está pronto para retirar{_hello(name)}! "
            "Pode vir buscar no balcão."
        )
    if status == "saiu_para_entrega":
        return (
            f"🛵 Seu pedido *#{number}* saiu para entrega{_hello(name)}! "
            "Já já chega aí. Bom apetite!"
        )
    if status == "cancelado":
        why = reason.strip().rstrip(".") if reason else ""
        return (
            f"😔 Sentimos muito{_hello(name)}: seu pedido *#{number}* foi cancelado. "
            + (f"Motivo: {why}. " if why else "")
            + "Se quiser falar com a gente, responda *atendente* aqui mesmo."
        )
    return None


def order_status(number: int | None, status: str | None, *, pickup: bool = False) -> str:
    """The answer to "cadê meu pedido?", from the status kept in the conversation.

    For an order picked up at the counter, "saiu" means it is ready there.
    """
    if number is None:
        return "Não encontrei nenhum pedido seu ainda. Quer ver o *cardápio*?"
    when = "estiver pronto para retirar" if pickup else "sair para entrega"
    if status == "em_preparo":
        return (
            f"👩‍🍳 Seu pedido *#{number}* está sendo preparado; "
            f"avisamos por aqui quando {when}."
        )
    if status == "saiu_para_entrega" and pickup:
        return f"🏃 Seu pedido *#{number}* está pronto para retirar! Pode vir buscar no balcão."
    if status == "saiu_para_entrega":
        return f"🛵 Seu pedido *#{number}* já saiu para entrega e está a caminho!"
    if status == "entregue":
        return (
            f"Seu pedido *#{number}* já foi entregue. Bom apetite! 😋 "
            "Para pedir de novo, mande *cardápio*."
        )
    if status == "cancelado":
        return (
            f"Seu pedido *#{number}* foi cancelado. "
            "Se quiser falar com a gente, mande *atendente*."
        )
    return (
        f"Seu último pedido é o *#{number}*. Ele já está com a cozinha; "
        f"avisamos por aqui quando {when}."
    )


# -- refusals (the kitchen's WhatsApp and the API) ------------------------------


def unknown_status(value: str, valid: Sequence[str]) -> str:
    """A status nobody knows."""
    return f"Status desconhecido: “{value}”. Use um destes: {', '.join(valid)}."


def refused(number: int, current: str, requested: str) -> str:
    """Why an order cannot move to ``requested``."""
    if current == "entregue":
        return f"Pedido #{number} já foi entregue."
    if current == "cancelado":
        return f"Pedido #{number} foi cancelado."
    if requested == "cancelado":
        return f"Pedido #{number} já saiu para entrega; não dá mais para cancelar."
    return (
        f"Pedido #{number} já está *{label(current)}*; "
        f"não dá para voltar para _{label(requested)}_."
    )


def not_found(number: int) -> str:
    """No order has this number."""
    return f"Pedido #{number} não existe."
