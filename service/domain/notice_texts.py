"""What the kitchen reads about notices that did not arrive, and how a long notice is cut.

In one place so a restaurant can reword them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["PART_LABEL_CHARS", "Undelivered", "part_label", "undelivered_alert"]

# Room kept in each piece of a long notice for its label ("(12/12)\n").
PART_LABEL_CHARS = 8
# The alert lists this many notices; the rest are counted.
ALERT_LINES = 15


@dataclass(frozen=True)
class Undelivered:
    """One notice that was given up, as the kitchen is told about it."""

    order_number: int | None
    purpose: str  # "kitchen" or "customer"


def part_label(index: int, total: int) -> str:
    """The first line of piece ``index`` (from 1) of a notice cut in ``total`` pieces."""
    return f"({index}/{total})"


def _describe(notice: Undelivered) -> str:
    who = "para a cozinha" if notice.purpose == "kitchen" else "para o cliente"
    about = f"Pedido #{notice.order_number}" if notice.order_number is not None else "Aviso"
    return f"• {about}: aviso {who}"


def undelivered_alert(notices: Sequence[Undelivered]) -> str:
    """Tell the kitchen which notices never arrived, once WhatsApp works again."""
    lines = [_describe(notice) for notice in notices[:ALERT_LINES]]
    if len(notices) > ALERT_LINES:
        lines.append(f"• e mais {len(notices) - ALERT_LINES}")
    plural = len(notices) > 1
    return (
        f"⚠️ *{'Avisos que não chegaram' if plural else 'Um aviso não chegou'}*\n"
        f"{'Estes avisos não foram entregues' if plural else 'Este aviso não foi entregue'} "
        "pelo WhatsApp, mesmo depois de várias tentativas:\n"
        + "\n".join(lines)
        + "\n\nConfira esses pedidos no painel. Para reenviar, rode "
        "`python -m service notices retry` no servidor."
    )
