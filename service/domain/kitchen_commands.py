"""What the kitchen's WhatsApp messages mean: "saiu 12", "PREPARANDO #12", "pedidos", "ajuda".

Pure parsing, typed the way a busy cook types: accents, capitals, "#" and extra
words do not matter. The first status word decides, so "saiu pra entrega o 12"
is "saiu", not "entregue". The restaurant's commands are named by the message's
first word ("acabou feijoada", "pausar até 20:30", "responder 3 Já vai!",
"devolver 3", "retomar"), so the text after it is kept as typed, status words and all.
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
    SOLD_OUT = "sold_out"
    BACK_IN = "back_in"
    PAUSE = "pause"
    RESUME = "resume"
    REPLY = "reply"
    RELEASE = "release"


@dataclass(frozen=True)
class KitchenCommand:
    """A parsed kitchen message; ``numbers`` lists every order (or handoff) number written.

    ``text`` is the rest as typed: the item for sold out and back, the reply, the
    pause's message, the reason of a cancellation. A pause lasts ``minutes`` or
    ends when the clock shows ``until`` (hour, minute); neither: until resumed.
    """

    action: KitchenAction
    status: OrderStatus | None = None
    numbers: tuple[int, ...] = ()
    text: str = ""
    until: tuple[int, int] | None = None
    minutes: int | None = None


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
_FIRST_WORDS: dict[str, KitchenAction] = {
    **dict.fromkeys(("acabou", "acabaram", "esgotou", "esgotaram", "esgotado", "esgotada",
                     "esgotados", "esgotadas"), KitchenAction.SOLD_OUT),
    **dict.fromkeys(("voltou", "voltaram", "chegou", "chegaram", "disponivel"),
                    KitchenAction.BACK_IN),
    **dict.fromkeys(("pausar", "pausa", "pause", "pausado", "pausados"), KitchenAction.PAUSE),
    **dict.fromkeys(("retomar", "retoma", "retomado", "despausar", "despausa", "reabrir",
                     "reabre", "voltamos"), KitchenAction.RESUME),
    **dict.fromkeys(("responder", "responde", "resposta", "resp"), KitchenAction.REPLY),
    **dict.fromkeys(("devolver", "devolve", "encerrar", "encerra", "robo", "assistente"),
                    KitchenAction.RELEASE),
}
_LIST_WORDS = frozenset({"pedidos", "lista", "listar", "abertos", "fila", "hoje"})
_HELP_WORDS = frozenset({"ajuda", "help", "comandos", "menu", "oi", "ola"})
_TOKEN = re.compile(r"[a-z]+|\d+")
# Order numbers are small; a longer digit run is a phone number or a typo, not an order.
MAX_ORDER_DIGITS = 7


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_FIRST = re.compile(r"^\W*(\w+)\W*(.*)$", re.DOTALL)
_ARTICLE = re.compile(r"^(?:(?:a|o|as|os|de|do|da|dos|das)\s+)", re.IGNORECASE)
_NUMBER_FIRST = re.compile(r"^\W*(?:n[º°o]\s*)?#?\s*(\d{1,7})\b\W*(.*)$", re.DOTALL)
_AFTER_NUMBER = re.compile(r"\d{1,7}\b[\s,.;:!-]*(.*)$", re.DOTALL)
_CLOCK = re.compile(
    r"^(?:(at[eé])\s+(?:(?:[àa]s|a)\s+)?)?(\d{1,2})(?:(:)(\d{2})|h(\d{2})?)(?:h|hs|\b)",
    re.IGNORECASE)
_DURATION = re.compile(
    r"^(?:por\s+)?(\d{1,3})\s*(min|mins|minutos?|h|hs|horas?)\b", re.IGNORECASE)
_SEPARATORS = " \t\n,.;:-–—"


def _restaurant_command(action: KitchenAction, rest: str) -> KitchenCommand:
    """A command named by the first word; ``rest`` is what follows it, as typed."""
    if action in (KitchenAction.SOLD_OUT, KitchenAction.BACK_IN):
        return KitchenCommand(action, text=_ARTICLE.sub("", rest.strip()))
    if action is KitchenAction.PAUSE:
        return _pause(rest.strip())
    if action is KitchenAction.RESUME:
        return KitchenCommand(action)
    match = _NUMBER_FIRST.match(rest)
    if match is None:
        return KitchenCommand(action, text=rest.strip())
    return KitchenCommand(action, numbers=(int(match[1]),), text=match[2].strip())


def _pause(rest: str) -> KitchenCommand:
    until: tuple[int, int] | None = None
    minutes: int | None = None
    clock = _CLOCK.match(rest)
    duration = _DURATION.match(rest)
    # "até 20h" and "20:30" are times on the clock; "2h", "30 min", "1 hora" are durations.
    if clock and (clock[1] or clock[3]) and int(clock[2]) < 24:
        minute = int(clock[4] or clock[5] or 0)
        if minute < 60:
            until = (int(clock[2]), minute)
            rest = rest[clock.end():]
    elif duration:
        amount = int(duration[1])
        minutes = amount if duration[2].lower().startswith("m") else amount * 60
        rest = rest[duration.end():]
    return KitchenCommand(KitchenAction.PAUSE, until=until, minutes=minutes,
                          text=rest.strip(_SEPARATORS))


def _reason(text: str) -> str:
    """What follows the order number of a cancellation ("cancelar 12 acabou o gás")."""
    match = _AFTER_NUMBER.search(text)
    return match[1].strip() if match else ""


def parse_kitchen_command(text: str) -> KitchenCommand:
    """Read one kitchen message."""
    first = _FIRST.match(text)
    if first is not None:
        action = _FIRST_WORDS.get(_fold(first[1]))
        if action is not None:
            return _restaurant_command(action, first[2])
    tokens = _TOKEN.findall(_fold(text))
    numbers = tuple(int(t) for t in tokens if t.isdigit() and len(t) <= MAX_ORDER_DIGITS)
    words = [t for t in tokens if not t.isdigit()]
    status = next((_STATUS_WORDS[w] for w in words if w in _STATUS_WORDS), None)
    if status is not None:
        reason = _reason(text) if status is OrderStatus.CANCELLED and numbers else ""
        return KitchenCommand(KitchenAction.SET_STATUS, status, numbers, text=reason)
    if any(w in _LIST_WORDS for w in words):
        return KitchenCommand(KitchenAction.LIST_OPEN)
    if any(w in _HELP_WORDS for w in words) or text.strip() == "?":
        return KitchenCommand(KitchenAction.HELP)
    return KitchenCommand(KitchenAction.UNKNOWN, numbers=numbers)
