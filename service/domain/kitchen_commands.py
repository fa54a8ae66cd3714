"""What the kitchen's WhatsApp messages mean: "saiu 12", "PREPARANDO #12", "pedidos", "ajuda".

Pure parsing, typed the way a busy cook types: accents, capitals, "#" and extra
words do not matter. The first status word decides, so "saiu pra entrega o 12"
is "saiu", not "entregue".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from service.domain.order_status import OrderStatus

__all__ = ["KitchenAction", "KitchenCommand", "parse_kitchen_command"]


class KitchenAction(StrEnum):
    """What a kitchen message asks for."""

    SET_STATUS = "set_status"
    LIST_OPEN = "list_open"
    HELP = "help"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class KitchenCommand:
    """A parsed kitchen message; ``numbers`` lists every order number written."""

    action: KitchenAction
    status: OrderStatus | None = None
    numbers: tuple[int, ...] = ()


_STATUS_WORDS: dict[str, OrderStatus] = {
    **dict.fromkeys(
        ("preparando", "preparo", "preparar", "fazendo", "cozinhando", "aceito", "aceitar"),
        OrderStatus.PREPARING,
    ),
    **dict.fromkeys(
        ("saiu", "sai", "saindo", "enviado", "enviei", "despachado", "despachei", "rota"),
        OrderStatus.OUT_FOR_DELIVERY,
    ),
    **dict.fromkeys(
        ("entregue", "entregou", "entreguei", "entregado", "finalizado", "concluido"),
        OrderStatus.DELIVERED,
    ),
    **dict.fromkeys(
        ("cancelar", "cancela", "cancelado", "cancele", "cancelei", "cancelou"),
        OrderStatus.CANCELLED,
    ),
}
_LIST_WORDS = frozenset({"pedidos", "lista", "listar", "abertos", "fila", "hoje"})
_HELP_WORDS = frozenset({"ajuda", "help", "comandos", "menu", "oi", "ola"})
_TOKEN = re.compile(r"[a-z]+|\d+")
# Order numbers are small; a longer digit run is a phone number or a typo, not an order.
MAX_ORDER_DIGITS = 7


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def parse_kitchen_command(text: str) -> KitchenCommand:
    """Read one kitchen message."""
    tokens = _TOKEN.findall(_fold(text))
    numbers = tuple(int(t) for t in tokens if t.isdigit() and len(t) <= MAX_ORDER_DIGITS)
    words = [t for t in tokens if not t.isdigit()]
    status = next((_STATUS_WORDS[w] for w in words if w in _STATUS_WORDS), None)
    if status is not None:
        return KitchenCommand(KitchenAction.SET_STATUS, status, numbers)
    if any(w in _LIST_WORDS for w in words):
        return KitchenCommand(KitchenAction.LIST_OPEN)
    if any(w in _HELP_WORDS for w in words) or text.strip() == "?":
        return KitchenCommand(KitchenAction.HELP)
    return KitchenCommand(KitchenAction.UNKNOWN, numbers=numbers)
