"""Every sentence the panel says outside its templates: notices after actions, refusals, labels.

The pages' own wording lives in ``templates/``; what the code decides to say is here,
so a restaurant rewords the panel in these two places.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.application.ports import UndeliveredMessage
from service.domain import status_texts

# -- the door ---------------------------------------------------------------------

PANEL_OFF = (
    "O painel está desligado: defina PANEL_PASSWORD (ou PANEL_PASSWORD_HASH) no .env do "
    "servidor e reinicie o app."
)
WRONG_PASSWORD = "Senha incorreta."
LOGIN_FORM_EXPIRED = "O formulário de login expirou. Tente de novo."
SESSION_EXPIRED = "Sua sessão expirou ou foi encerrada. Entre de novo; nada foi alterado."
LOGGED_OUT = "Você saiu do painel."
CSRF_REFUSED = (
    "Esta página estava desatualizada (ou o pedido não veio do painel) e nada foi feito. "
    "Recarregue e tente de novo."
)
ORIGIN_REFUSED = "Pedido vindo de outro site: recusado."


def too_many_attempts(seconds: int) -> str:
    """Login throttled."""
    minutes = max(1, (seconds + 59) // 60)
    return f"Muitas tentativas erradas. Tente de novo em {minutes} minuto{'s' * (minutes > 1)}."


# -- orders -------------------------------------------------------------------------

CANCEL_REASONS = (
    "Acabou um item do pedido",
    "Endereço fora da área de entrega",
    "A cozinha não consegue atender agora",
    "Pedido repetido",
    "A pedido do cliente",
)
CANCEL_NEEDS_REASON = "Diga o motivo do cancelamento: o cliente recebe essa mensagem."


def status_moved(number: int, status: str, told: bool) -> str:
    """An order moved."""
    return f"Pedido #{number}: {status_texts.label(status)}." + (" Cliente avisado." if told
                                                                   else "")


def status_unchanged(number: int, status: str) -> str:
    """The order already had this status (a double click, or someone else got there first)."""
    return f"Pedido #{number} já está {status_texts.label(status)}; nada mudou."


def order_not_found(number: int | str) -> str:
    """No such order."""
    return f"Pedido #{number} não existe."


# -- notices that did not arrive -------------------------------------------------------

NOTICE_RECIPIENTS = {"customer": "ao cliente", "kitchen": "à cozinha", "alert": "à cozinha"}


def undelivered_summary(notices: Sequence[UndeliveredMessage]) -> str:
    """An order's WhatsApp notices that have not arrived, in one line for its card."""
    recipients = sorted({NOTICE_RECIPIENTS.get(n.message.purpose, n.message.purpose)
                         for n in notices})
    count = len(notices)
    said = "Um aviso não chegou" if count == 1 else f"{count} avisos não chegaram"
    return f"⚠️ {said} ({' e '.join(recipients)})"


def undelivered_state(notice: UndeliveredMessage) -> str:
    """Where one undelivered notice stands."""
    tries = f"{notice.attempts} tentativa{'s' * (notice.attempts != 1)}"
    if notice.status == "failed":
        told = "; a cozinha foi avisada" if notice.reported else ""
        return f"o envio foi abandonado depois de {tries}{told}"
    return f"ainda tentando ({tries})"


def notices_requeued(number: int, count: int) -> str:
    """Undelivered notices of an order queued again."""
    if not count:
        return f"Pedido #{number}: nenhum aviso para reenviar."
    if count == 1:
        return f"Pedido #{number}: 1 aviso de volta à fila; sai assim que o WhatsApp aceitar."
    return (f"Pedido #{number}: {count} avisos de volta à fila; saem assim que o WhatsApp "
            "aceitar.")


# -- menu, store, conversations -------------------------------------------------------

ITEM_NOT_FOUND = "Esse item não está no cardápio."
PAUSE_BAD_TIME = "Horário inválido: use HH:MM, por exemplo 20:30."
PAUSE_BAD_MINUTES = "Escolha por quantos minutos (1 a 720) ou um horário."
CONVERSATION_NOT_FOUND = "Conversa não encontrada (pode ter sido apagada ou expirado)."
TAKEN_OVER = "Você assumiu a conversa: o assistente fica em silêncio com esse cliente."
RELEASED = "A conversa voltou para o assistente."
NOT_ATTENDED = "Essa conversa já estava com o assistente."
REPLY_SENT = "Mensagem enviada pelo WhatsApp do restaurante."
REPLY_REPEATED = "Essa mensagem já tinha sido enviada; não foi enviada de novo."


def paused(until: str | None) -> str:
    """Orders paused."""
    return "Pedidos pausados" + (f" até {until}." if until else " até você retomar.")


RESUMED = "Pedidos retomados: o assistente volta a fechar pedidos."
NOT_PAUSED = "Os pedidos não estavam pausados."


def erased(orders: int) -> str:
    """A customer's data erased."""
    kept = (f" {orders} pedido{'s' * (orders != 1)} ficou sem os dados do cliente."
            if orders else "")
    return "Dados do cliente apagados." + kept


NOTHING_TO_ERASE = "Não havia dados desse cliente guardados."
BAD_DAY = "Data inválida: use o seletor de data."

REASON_LABELS = {
    "asked": "pediu uma pessoa",
    "not_understood": "o assistente não entendeu",
    "staff": "assumida pela equipe",
    "change_address": "endereço novo depois do pedido",
}
HANDOFF_LABELS = {
    "aguardando": "aguardando resposta",
    "em_atendimento": "em atendimento",
    "encerrado": "com o assistente",
}
SPEAKER_LABELS = {"cliente": "Cliente", "assistente": "Assistente", "equipe": "Equipe"}
