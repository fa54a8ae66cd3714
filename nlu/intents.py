"""What the customer wants to do: cue phrases per intent, weighed with what the message holds.

Look-alikes are told apart by order of the checks and by what else is said: "meu pedido"
(show_cart) vs "cadê meu pedido" (order_status); "manda o menu" vs "manda 2 feijoadas"
vs "pode mandar"; "cancela a lasanha" (an item: remove_items) vs "cancela tudo" (cancel).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from nlu.result import Intent, PaymentMethod

__all__ = ["CUE_WORDS", "classify", "payment_of", "repair_cue", "restates"]


def _cues(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"(?:^| )(?:" + "|".join(phrases) + r")(?= |$)")


_REMOVE = _cues(
    r"tira", r"tirar", r"tire", r"retira", r"retirar", r"remove", r"remover", r"remova",
    r"exclui", r"excluir", r"apaga", r"apagar", r"cancela", r"cancelar", r"cancele",
    r"nao quero mais", r"nao vou querer( mais)?", r"desconsidera", r"sem o", r"sem a",
    r"esquece( o| a)", r"menos", r"deixa sem", r"nao precisa( mais)?( d[eoa]s?)?",
    r"pode tirar", r"nao quero (o|a|os|as)",
)
_REMOVE_ALONE = re.compile(
    r"^(?:pode )?(?:tira|tirar|tire|retira|retirar|remove|remover|exclui|excluir|apaga|apagar)"
    r"(?: (?:isso|isto|esse|essa|este|esta|um|uma|o|a|os|as|ultimo|ultima|item|dai|ai|la))*$"
)
_CANCEL = _cues(
    r"cancela", r"cancelar", r"cancele", r"cancelo", r"desisti", r"desisto", r"esquece",
    r"esqueca", r"deixa pra la", r"nao quero mais", r"nao quero mais pedir",
    r"limpa", r"limpar", r"zera", r"zerar", r"para tudo", r"nao vou (mais )?querer",
    r"apaga tudo", r"comecar de novo", r"recomecar", r"tira tudo", r"remove tudo",
    r"deixa quieto",
)
_ORDER_STATUS = _cues(
    r"cade", r"ja saiu", r"saiu", r"ta vindo", r"vai demorar", r"demorando", r"ta demorando",
    r"ainda nao chegou", r"nao chegou", r"chega quando", r"vai chegar", r"ta chegando",
    r"falta muito", r"previsao", r"status", r"onde (ta|esta)", r"a caminho",
    r"(ja )?(ta|esta|ficou) pronto", r"meu pedido (ja|ta|vai)", r"tempo falta",
    r"saiu pra entrega", r"ja (foi|vem)", r"motoboy (ja|ta)", r"acompanhar",
    r"atrasad[oa]", r"demora ainda", r"(ta|esta|ja ta) saindo", r"saindo",
    r"ja (mandou|mandaram|enviou|enviaram|despachou|despacharam)", r"foi enviado",
)
_HOURS = _cues(
    r"horario", r"horarios", r"que horas?", r"q horas?", r"ate que horas?", r"abre", r"abrem",
    r"aberto", r"abertos", r"aberta", r"fecham", r"funciona(m)? (hoje|amanha|domingo|sabado|"
    r"segunda|feriado|ate|que|a noite|de)", r"funcionando",
    r"expediente", r"atendem", r"domingo", r"sabado", r"feriado", r"segunda",
    r"fecha (que|q|as|hoje|cedo|tarde)", r"ate quando", r"(estao|ta|tao|vao) atendendo",
)
_DELIVERY = _cues(
    r"entrega", r"entregam", r"entregar", r"entregas", r"entregao", r"delivery", r"taxa",
    r"frete", r"bairro", r"motoboy", r"retirar", r"retirada", r"buscar", r"busco",
    r"chega ate", r"vem ate", r"atende[m]? (o|a|no|na)", r"regiao", r"raio", r"km",
    r"quanto tempo (demora|leva)", r"demora quanto", r"tempo de entrega",
)
_SHOW_CART = _cues(
    r"meu pedido", r"meus pedidos", r"o que eu pedi", r"que eu pedi", r"o que pedi",
    r"quanto deu", r"quanto ficou", r"quanto vai ficar", r"quanto fica", r"quanto ta",
    r"quanto que ta", r"quanto que deu", r"total", r"carrinho", r"resumo", r"ver pedido",
    r"mostra o pedido", r"quanto (deu|ficou|e|foi) a conta", r"tem no (meu )?(pedido|carrinho)",
    r"quanto da", r"qual o valor",
    r"valor final",
    r"como (ta|esta|ficou) (o|meu) pedido",
)
_SHOW_MENU = _cues(
    r"cardapio", r"menu",
    r"o que (voces |vc |a gente )?(tem|vende|vendem|serve|servem|faz|fazem|tem hoje)",
    r"que (que )?tem", r"tem o que", r"quais (os|as)? ?(pratos|opcoes|sabores|bebidas|"
    r"sobremesas|lanches|pizzas|itens|produtos)", r"opcoes", r"o que (voces|vc) tem",
    r"lista", r"precos", r"tabela", r"pratos do dia", r"o que vai ter", r"o que ta saindo",
    r"oque tem", r"tem (o )?que hoje", r"sabores",
    r"me passa (o|os|as) (cardapio|menu|opcoes|precos)",
    r"(quero|queria|gostaria de|vou|posso|da pra) (fazer )?(um |uma |o |a )?"
    r"(pedido|encomenda|pedir)$",
)
_CHECKOUT = _cues(
    r"pode fechar", r"fecha", r"fechar", r"fecha o pedido", r"finaliza", r"finalizar",
    r"finalizo", r"so isso", r"e isso", r"era isso", r"mais nada", r"acabou", r"terminei",
    r"encerrar", r"concluir", r"so isso mesmo", r"pode finalizar", r"quero pagar",
    r"pagamento", r"pode encerrar", r"e so", r"por enquanto (e )?so", r"so esse", r"so esses",
    r"somente isso", r"apenas isso", r"nada mais", r"ta bom assim", r"fechou",
)
_HELP = _cues(
    r"ajuda", r"help", r"socorro", r"como funciona",
    r"como (que )?(eu )?(faco|peco|pedir|uso|compro|compra)",
    r"nao entendi", r"nao sei (usar|como)", r"o que (voce|vc) faz", r"duvida",
    r"instrucoes", r"comandos", r"como que (faz|funciona)", r"me ajuda", r"to perdid[oa]",
    r"nao to entendendo", r"como assim",
)
_HUMAN = _cues(
    r"atendente", r"atendimento", r"humano", r"pessoa", r"alguem", r"gerente", r"dono",
    r"dona", r"responsavel", r"falar com (a|o|voce|vc)", r"me liga", r"ligar", r"telefone",
    r"robo", r"bot", r"de verdade", r"chama (a|o)",
)
_CONFIRM = _cues(
    r"sim", r"s", r"isso", r"isso mesmo", r"pode$", r"pode mandar", r"pode ser", r"manda$",
    r"ok", r"beleza", r"certo", r"correto", r"confirmo", r"confirmar", r"confirma",
    r"confirmado", r"exato", r"exatamente", r"perfeito", r"fechado", r"bora", r"vamos",
    r"uhum", r"aham", r"yes", r"claro", r"com certeza", r"positivo", r"ta bom", r"ta",
    r"isso ai", r"show", r"top", r"massa", r"otimo", r"pode sim", r"manda ver", r"demorou",
    r"tranquilo", r"sim senhor", r"sim senhora", r"ta certo", r"tudo certo", r"combinado",
    r"pode ir", r"segue", r"manda bala", r"ta otimo", r"certinho", r"certin", r"bele",
)
_DENY_PHRASES = (
    r"nao", r"n", r"nope", r"nop", r"nops", r"negativo", r"errado", r"ta errado", r"nem",
    r"de jeito nenhum",
    r"agora nao", r"nao obrigad[oa]", r"nada", r"nao quero", r"melhor nao", r"nunca",
)
_DENY = _cues(*_DENY_PHRASES)
# "não …" opening a message is an answer; later in it, "não" is part of something else.
_DENY_START = re.compile(r"^(?:" + "|".join(_DENY_PHRASES) + r")(?= |$)")
_STRONG_DENY = _cues(r"nao (e|era|foi) (isso|esse|essa|assim)", r"(ta|esta) errad[oa]",
                     r"nao (ta|esta) cert[oa]", r"nao confirm[oa]")
_NOTHING_MORE = _cues(r"(nao )?(quero|vou querer|preciso) mais nada", r"so isso mesmo")
_CART_TOTAL = _cues(r"total", r"carrinho", r"resumo", r"o que eu pedi", r"quanto deu",
                    r"quanto ficou", r"quanto vai ficar")
_THANKS = _cues(r"obrigad[oa]s?", r"valeu", r"agradeco", r"grat[oa]", r"brigad[oa]", r"tchau",
                r"ate mais", r"ate logo")
_STRONG_CONFIRM = _cues(r"sim", r"isso", r"pode", r"confirm[oa]", r"confirmar", r"confirmado",
                        r"exato", r"correto", r"claro", r"com certeza")
_GREETING_START = re.compile(r"^(?:oi|ola|opa|eai|e ai|salve|bom dia|boa tarde|boa noite|alo)"
                             r"(?= |$)")
_GREETING = _cues(
    r"oi", r"ola", r"bom dia", r"boa tarde", r"boa noite", r"eai", r"e ai", r"opa", r"salve",
    r"tudo bem", r"tudo bom", r"tudo certo", r"boa", r"alo", r"fala", r"oie",
    r"bom diaa", r"boa tardee", r"boa noitee",
)
_INFO_QUESTION = _cues(
    r"tem", r"teria", r"ainda tem", r"quanto (custa|e|ta|sai|fica|que e|que custa)",
    r"qual o (preco|valor)", r"quanto", r"preco", r"valor", r"o que vem", r"vem com",
    r"acabou", r"serve quantas", r"e bom", r"quais", r"qual",
)
_ORDER_VERB = _cues(
    r"quero", r"queria", r"gostaria", r"manda", r"mande", r"me ve", r"me da", r"desce",
    r"bota", r"coloca", r"poe", r"traz", r"traga", r"vou querer", r"pode ser", r"adiciona",
    r"acrescenta", r"inclui", r"pede", r"vai ser", r"vai (uma?|mais)", r"solta", r"separa",
    r"faz",
    r"mais", r"envia",
)
_NEGATED_HUMAN = re.compile(r"(?:^| )(?:nao|nem) (?:quero|preciso|precisa)[a-z ]{0,20}"
                            r"(?:atendente|humano|pessoa|alguem)")
_RESTATE = _cues(
    r"na verdade", r"muda", r"mude", r"mudar", r"altera", r"alterar", r"corrige",
    r"corrigir", r"troca pra", r"trocar pra", r"em vez de", r"ao inves", r"sao so",
    r"so que", r"errei", r"quer dizer", r"corrigindo", r"atualiza",
)
_PAYMENT = (
    (re.compile(r"(?:^| )pix(?= |$)"), PaymentMethod.PIX),
    (re.compile(r"(?:^| )(?:cartao|credito|debito|maquininha|maquina|cartoes)(?= |$)"),
     PaymentMethod.CARD),
    (re.compile(r"(?:^| )(?:dinheiro|especie|troco|cash|nota)(?= |$)"), PaymentMethod.CASH),
)


_ALL_CUES = (
    _REMOVE, _CANCEL, _ORDER_STATUS, _HOURS, _DELIVERY, _SHOW_CART, _SHOW_MENU, _CHECKOUT,
    _HELP, _HUMAN, _CONFIRM, _DENY, _GREETING,
)
# Every cue word long enough to be misspelt recognisably ("finalisar", "atendenti").
CUE_WORDS = frozenset(
    word for pattern in _ALL_CUES for word in re.findall(r"[a-z]{5,}", pattern.pattern)
)
_CUE_LIST = sorted(CUE_WORDS)
# Only words this long are repaired: shorter ones are too often other words ("canela").
MIN_CUE_REPAIR = 7
# Typos forgiven: one edit, two from this length on ("finalisar" → "finalizar").
LONG_CUE = 10


@lru_cache(maxsize=20_000)
def repair_cue(word: str) -> str:
    """The cue word a misspelt word stands for ("atendenti" → "atendente"), else the word."""
    if len(word) < MIN_CUE_REPAIR or word in CUE_WORDS:
        return word
    found = process.extractOne(
        word, _CUE_LIST, scorer=Levenshtein.distance, score_cutoff=2 if len(word) >= LONG_CUE else 1
    )
    return found[0] if found is not None and found[0][0] == word[0] else word


def payment_of(text: str) -> PaymentMethod | None:
    """The payment method named in the message, if any."""
    for pattern, method in _PAYMENT:
        if pattern.search(text):
            return method
    return None


def restates(text: str) -> bool:
    """True when the customer restates quantities instead of adding ("na verdade são 3")."""
    return _RESTATE.search(text) is not None


def classify(text: str, has_items: bool, has_numbers: bool, has_unknown: bool) -> Intent:
    """The intent of a normalised message (words joined by single spaces)."""
    if not text:
        return Intent.UNKNOWN
    if has_items:
        return _with_items(text)
    if _HUMAN.search(text) and not _NEGATED_HUMAN.search(text):
        return Intent.HUMAN
    if _NOTHING_MORE.search(text):
        return Intent.CHECKOUT  # "não quero mais nada": nothing else, not "cancel it"
    if _CANCEL.search(text) and not has_unknown:
        return Intent.CANCEL
    if _REMOVE_ALONE.search(text) or (_REMOVE.search(text) and has_unknown):
        return Intent.REMOVE_ITEMS  # "tira isso", "remove o último": the assistant asks which
    for pattern, intent in (
        (_ORDER_STATUS, Intent.ORDER_STATUS),
        (_CART_TOTAL, Intent.SHOW_CART),
        (_HOURS, Intent.ASK_HOURS),
        (_DELIVERY, Intent.ASK_DELIVERY),
        (_SHOW_CART, Intent.SHOW_CART),
        (_SHOW_MENU, Intent.SHOW_MENU),
        (_HELP, Intent.HELP),
    ):
        if pattern.search(text):
            return intent
    if has_unknown:
        return Intent.SHOW_MENU if _INFO_QUESTION.search(text) else Intent.ADD_ITEMS
    if has_numbers and _ORDER_VERB.search(text):
        return Intent.ADD_ITEMS
    if _STRONG_DENY.search(text):
        return Intent.DENY
    if _GREETING_START.search(text):
        return Intent.GREETING  # "opa, blz?" is hello, not yes
    if _CHECKOUT.search(text):
        return Intent.CHECKOUT
    if _NEGATED_HUMAN.search(text) or _DENY_START.search(text):
        return Intent.DENY
    if _THANKS.search(text) and not _STRONG_CONFIRM.search(text):
        return Intent.UNKNOWN  # "ok, obrigada!" closes the talk; it answers no question
    if _CONFIRM.search(text):
        return Intent.CONFIRM
    if _GREETING.search(text):
        return Intent.GREETING
    return Intent.UNKNOWN


def _with_items(text: str) -> Intent:
    if _REMOVE.search(text) or text.startswith("sem "):
        return Intent.REMOVE_ITEMS
    if _ORDER_STATUS.search(text) and not _ORDER_VERB.search(text):
        return Intent.ORDER_STATUS
    if _INFO_QUESTION.search(text) and not _ORDER_VERB.search(text):
        return Intent.SHOW_MENU
    return Intent.ADD_ITEMS
