"""Cue phrases per intent, as compiled patterns over normalised text (no accents, lowercase).

A restaurant-independent list of how Brazilian customers say things on WhatsApp. Patterns
match whole words anywhere in the message; ``nlu.intents`` decides between them.
"""

from __future__ import annotations

import re

from nlu.result import PaymentMethod


def cues(*phrases: str) -> re.Pattern[str]:
    """One pattern matching any of the phrases as whole words."""
    return re.compile(r"(?:^| )(?:" + "|".join(phrases) + r")(?= |$)")


REMOVE = cues(
    r"tira", r"tirar", r"tire", r"retira", r"retirar", r"remove", r"remover", r"remova",
    r"exclui", r"excluir", r"apaga", r"apagar", r"cancela", r"cancelar", r"cancele",
    r"nao quero mais", r"nao vou querer( mais)?", r"desconsidera", r"sem o", r"sem a",
    r"esquece( o| a)", r"menos", r"deixa sem", r"nao precisa( mais)?( d[eoa]s?)?",
    r"pode tirar", r"nao quero (o|a|os|as)", r"desisti (do|da|dos|das)",
)
REMOVE_ALONE = re.compile(
    r"^(?:pode )?(?:tira|tirar|tire|retira|retirar|remove|remover|exclui|excluir|apaga|apagar)"
    r"(?: (?:isso|isto|esse|essa|este|esta|um|uma|o|a|os|as|ultimo|ultima|item|dai|ai|la))*$"
)
CANCEL = cues(
    r"cancela", r"cancelar", r"cancele", r"cancelo", r"desisti", r"desisto", r"esquece",
    r"esqueca", r"deixa pra la", r"nao quero mais", r"nao quero mais pedir",
    r"limpa", r"limpar", r"zera", r"zerar", r"para tudo", r"nao vou (mais )?querer",
    r"apaga tudo", r"comecar de novo", r"recomecar", r"tira tudo", r"remove tudo",
    r"deixa quieto", r"anula", r"anular", r"desfaz", r"desfazer", r"nao quero mais o pedido",
)
ORDER_STATUS = cues(
    r"cade", r"ja saiu", r"saiu", r"ta vindo", r"vai demorar", r"demorando", r"ta demorando",
    r"ainda nao chegou", r"nao chegou", r"chega quando", r"vai chegar", r"ta chegando",
    r"falta muito", r"previsao", r"status", r"onde (ta|esta)", r"a caminho",
    r"(ja )?(ta|esta|ficou) pront[oa]s?", r"meu pedido (ja|ta|vai)", r"tempo falta",
    r"saiu pra entrega", r"ja (foi|vem)", r"motoboy (ja|ta)", r"acompanhar",
    r"atrasad[oa]", r"demora ainda", r"(ta|esta|ja ta) saindo", r"saindo",
    r"ja (mandou|mandaram|enviou|enviaram|despachou|despacharam)", r"foi enviado",
    r"rastrear", r"quanto tempo falta", r"ainda vem", r"vai vir", r"ta a caminho",
    r"esqueceram (de )?mim", r"to esperando", r"estou esperando", r"ainda nao veio",
    r"faz (uma|meia|duas|\d+) horas?", r"ja faz", r"faz tempo (que|q)", r"quanto tempo ainda",
    r"ainda demora", r"que pedi", r"ja pedi faz", r"sairam", r"ja (sairam|vieram|foram)",
    r"chegaram", r"ja vem", r"faz tempo", r"pedi faz", r"(chegar|vir|sair) (o )?meu pedido",
    r"nao (foi|veio|chegou) entregue", r"nao foi entregue", r"verificar (o )?(meu )?pedido",
    r"era pra (ter )?(chegado|chegar)", r"(tao|estao|ta|esta) (fazendo|preparando)",
    r"e ai (o |meu )?pedido", r"e o meu pedido", r"nao (veio|chegou) ainda",
)
HOURS = cues(
    r"horario", r"horarios", r"que horas?", r"q horas?", r"ate que horas?", r"abre", r"abrem",
    r"aberto", r"abertos", r"aberta", r"fecham", r"funciona(m)? (hoje|amanha|domingo|sabado|"
    r"segunda|feriado|ate|que|a noite|de)", r"funcionando",
    r"expediente", r"atendem", r"domingo", r"sabado", r"feriado", r"segunda",
    r"fecha (que|q|as|hoje|cedo|tarde)", r"ate quando", r"(estao|ta|tao|vao) atendendo",
    r"vai abrir", r"ja abriu", r"abriu", r"(esta|estao|ta|tao) abert[oa]s?", r"fechado hoje",
    r"abre(m)? hoje",
)
DELIVERY = cues(
    r"entrega", r"entregam", r"entregar", r"entregas", r"entregao", r"delivery", r"taxa",
    r"frete", r"bairro", r"motoboy", r"retirar", r"retirada", r"buscar", r"busco",
    r"chega ate", r"vem ate", r"atende[m]? (o|a|no|na)", r"regiao", r"raio", r"km",
    r"quanto tempo (demora|leva)", r"demora quanto", r"tempo de entrega", r"balcao",
    r"pegar ai", r"buscar ai", r"onde (voces|vcs|vc) ficam?", r"onde fica", r"endereco de voces",
    r"entregao", r"fazem entrega", r"tem entrega", r"quanto tempo (pra|ate) (chegar|entregar)",
)
SHOW_CART = cues(
    r"meu pedido", r"meus pedidos", r"o que eu pedi", r"que eu pedi", r"o que pedi",
    r"quanto deu", r"quanto ficou", r"quanto vai ficar", r"quanto fica", r"quanto ta",
    r"quanto que ta", r"quanto que deu", r"total", r"carrinho", r"resumo", r"ver pedido",
    r"mostra o pedido", r"quanto (deu|ficou|e|foi) a conta", r"tem no (meu )?(pedido|carrinho)",
    r"quanto da", r"qual o valor",
    r"valor final",
    r"como (ta|esta|ficou) (o|meu) pedido", r"revisar", r"confere", r"conferir",
    r"repete o pedido", r"o que tem no pedido", r"quanto que fica", r"quanto vai dar",
    r"repetir o pedido", r"quanto (eu )?(tenho que|vou|devo) pagar", r"quanto (e|da) pra pagar",
    r"como ficou", r"mostra (como|o que)",
)
SHOW_MENU = cues(
    r"cardapio", r"menu",
    r"o que (voces |vc |a gente )?(tem|vende|vendem|serve|servem|faz|fazem|tem hoje)",
    r"que (que )?tem", r"tem o que", r"quais (os|as)? ?(pratos|opcoes|sabores|bebidas|"
    r"sobremesas|lanches|pizzas|itens|produtos)", r"opcoes", r"o que (voces|vc) tem",
    r"lista", r"precos", r"tabela", r"pratos do dia", r"o que vai ter", r"o que ta saindo",
    r"oque tem", r"tem (o )?que hoje", r"sabores",
    r"me passa (o|os|as) (cardapio|menu|opcoes|precos)", r"catalogo",
    r"(tem|alguma|uma) opcao", r"opcao (de|sem|com|pra|vegetariana|vegana|low|fit)",
    r"o que (tem|ha) de bom", r"quais sao (as|os) (opcoes|pratos|sabores)", r"o que sai hoje",
    r"quais (os|as)? ?(tamanhos|adicionais|sucos|refrigerantes|refris|combos|marmitas|salgados)",
    r"ver o cardapio", r"vendem o que", r"comida de hoje", r"(qual|o que) (e |tem )?(a|de) comida",
    r"quais (sao )?(os )?pratos",
)
# "quero fazer um pedido": wants to order, has not said what (menu, or hello if greeted).
WANT_TO_ORDER = cues(
    r"(quero|queria|gostaria de|vou|posso|da pra|desejo) (fazer )?(um |uma |o |a )?"
    r"(pedido|encomenda|pedir)$",
)
CHECKOUT = cues(
    r"pode fechar", r"fecha", r"fechar", r"fecha o pedido", r"finaliza", r"finalizar",
    r"finalizo", r"so isso", r"e isso", r"era isso", r"mais nada", r"acabou", r"terminei",
    r"encerrar", r"concluir", r"so isso mesmo", r"pode finalizar", r"quero pagar",
    r"pagamento", r"pode encerrar", r"e so", r"por enquanto (e )?so", r"so esse", r"so esses",
    r"somente isso", r"apenas isso", r"nada mais", r"ta bom assim", r"fechou",
    r"manda a conta", r"pode mandar a conta", r"como (eu )?pago", r"vamos fechar",
    r"bora fechar", r"acabei", r"so esse mesmo", r"e so isso", r"so isso por hoje",
    r"por hoje e so", r"por hoje e isso", r"pode concluir", r"e tudo", r"isso e tudo",
)
HELP = cues(
    r"ajuda", r"help", r"socorro", r"como funciona",
    r"como (que )?(eu )?(faco|peco|pedir|uso|compro|compra)",
    r"nao entendi", r"nao sei (usar|como)", r"o que (voce|vc) faz", r"duvida",
    r"instrucoes", r"comandos", r"como que (faz|funciona)", r"me ajuda", r"to perdid[oa]",
    r"nao to entendendo", r"como assim", r"me explica", r"explica", r"tutorial",
    r"(to|tou|estou) confus[oa]", r"confus[oa]",
    r"o que (eu )?(faco|devo fazer)", r"nao consigo", r"nao (estou|to|tou) conseguindo",
    r"(pode|poderia|consegue) me ajudar",
)
HUMAN = cues(
    r"atendente", r"atendimento humano", r"atendimento (com|de) (uma )?pessoa", r"humano",
    r"pessoa", r"alguem", r"gerente", r"responsavel", r"falar com (a|o|voce|vc)", r"me liga",
    r"ligar", r"telefone",
    r"robo", r"bot", r"de verdade", r"chama (a|o)", r"reclamar", r"reclamacao",
    r"suporte", r"sac", r"falar com (alguem|uma pessoa|gente)",
)
CONFIRM = cues(
    r"sim", r"s", r"isso", r"isso mesmo", r"pode$", r"pode mandar", r"pode ser", r"manda$",
    r"ok", r"beleza", r"certo", r"correto", r"confirmo", r"confirmar", r"confirma",
    r"confirmado", r"exato", r"exatamente", r"perfeito", r"fechado", r"bora", r"vamos",
    r"uhum", r"aham", r"yes", r"claro", r"com certeza", r"positivo", r"ta bom", r"ta",
    r"isso ai", r"show", r"top", r"massa", r"otimo", r"pode sim", r"manda ver", r"demorou",
    r"tranquilo", r"sim senhor", r"sim senhora", r"ta certo", r"tudo certo", r"combinado",
    r"pode ir", r"segue$", r"manda bala", r"ta otimo", r"certinho", r"certin", r"bele",
    r"pode seguir", r"de acordo", r"concordo", r"aprovado", r"ta joia", r"joia", r"okay",
    r"pode continuar", r"ta blz", r"beleza entao", r"isso msm", r"pdp", r"pode pa",
)
DENY_PHRASES = (
    r"nao", r"n", r"nope", r"nop", r"nops", r"negativo", r"errado", r"ta errado", r"nem",
    r"de jeito nenhum",
    r"agora nao", r"nao obrigad[oa]", r"nada", r"nao quero", r"melhor nao", r"nunca",
    r"incorreto", r"ainda nao", r"nao precisa",
)
DENY = cues(*DENY_PHRASES)
# "não …" opening a message is an answer; later in it, "não" is part of something else.
DENY_START = re.compile(r"^(?:" + "|".join(DENY_PHRASES) + r")(?= |$)")
STRONG_DENY = cues(r"nao (e|era|foi) (isso|esse|essa|assim)", r"(ta|esta) errad[oa]",
                     r"nao (ta|esta) cert[oa]", r"nao confirm[oa]")
CHECKOUT_FIRST = cues(r"finaliza", r"finalizar", r"finalizo", r"(fecha|fechar) (o|meu) pedido",
                      r"encerrar", r"concluir")
# "vou pagar na entrega": how to pay, not a question about delivery.
PAY_ON_DELIVERY = cues(r"(pagar|pago|pagamento|paga|pagando) (na|no ato da) entrega")
NOTHING_MORE = cues(r"(nao )?(quero|vou querer|preciso) mais nada", r"so isso mesmo")
CART_TOTAL = cues(r"total", r"carrinho", r"resumo", r"o que eu pedi", r"quanto deu",
                    r"quanto ficou", r"quanto vai ficar")
THANKS = cues(r"gracias",
              r"obrigad[oa]s?", r"valeu", r"agradeco", r"grat[oa]", r"brigad[oa]", r"tchau",
              r"ate mais", r"ate logo", r"aguard(o|ando)", r"no aguardo", r"vou esperar",
              r"(to|estou) esperando")
# "é isso mesmo" agrees; "é isso" alone closes the order.
CONFIRM_FIRST = cues(r"(e )?isso mesmo", r"exatamente", r"isso ai", r"(ta|esta) cert(o|inho)")
CANCEL_VERB = cues(r"cancela", r"cancelar", r"cancele", r"cancelo", r"desisti", r"desisto")
STRONG_CONFIRM = cues(r"sim", r"isso", r"pode", r"confirm[oa]", r"confirmar", r"confirmado",
                        r"exato", r"correto", r"claro", r"com certeza")
GREETING_START = re.compile(r"^(?:oi|ola|opa|eai|e ai|salve|bom dia|boa tarde|boa noite|alo|buenas)"
                             r"(?= |$)")
GREETING = cues(
    r"oi", r"ola", r"bom dia", r"boa tarde", r"boa noite", r"eai", r"e ai", r"opa", r"salve",
    r"tudo bem", r"tudo bom", r"tudo certo", r"boa", r"alo", r"fala", r"oie", r"tudo joia",
    r"como vai", r"boa madrugada", r"saudacoes",
    r"bom diaa", r"boa tardee", r"boa noitee", r"buenas", r"buenos dias",
)
INFO_QUESTION = cues(
    r"tem", r"teria", r"ainda tem", r"quanto (custa|e|ta|sai|fica|que e|que custa)",
    r"qual o (preco|valor)", r"quanto", r"preco", r"valor", r"o que vem", r"vem com",
    r"acabou", r"serve quantas", r"e bom", r"quais", r"qual", r"vende", r"vendem",
    r"trabalham com", r"tem como", r"opcoes", r"sabores", r"tamanhos", r"cardapio",
    r"me fala",
)
# "não, só a pizza mesmo": nothing more than what is in the cart (an article, no number).
JUST_THAT = re.compile(r"^nao (e )?so (o|a|os|as|esse|essa|esses|essas)( [a-z]+){1,4}$")
# "manda o cardápio das bebidas": a part of the menu asked for, not an order.
MENU_OF = cues(r"((me )?(manda|mande|envia|envie|passa|mostra) )?(o |a )?"
               r"(cardapio|menu|opcoes|lista) (de|da|do|das|dos)")
# "Do you have / sell X?": about a product, not the whole menu.
HAVE_QUESTION = cues(r"tem", r"teria", r"ainda tem", r"vende", r"vendem", r"servem",
                     r"trabalham com", r"fazem", r"faz")
ORDER_VERB = cues(
    r"quero", r"queria", r"gostaria", r"manda", r"mande", r"me ve", r"me da", r"desce",
    r"bota", r"coloca", r"poe", r"traz", r"traga", r"vou querer", r"pode ser", r"adiciona",
    r"acrescenta", r"inclui", r"pede", r"vai ser", r"vai (uma?|mais)", r"solta", r"separa",
    # not "já faz uma hora" (time waited): that is asking where the order is
    r"(?<!ja )faz(?! (uma|meia|duas|tres|\d+|mais de) (hora|horas|minutos|min)| (muito )?tempo)",
    r"mais", r"envia",
)
NEGATED_HUMAN = re.compile(r"(?:^| )(?:nao|nem) (?:quero|preciso|precisa)[a-z ]{0,20}"
                            r"(?:atendente|humano|pessoa|alguem)")
RESTATE = cues(
    r"na verdade", r"muda", r"mude", r"mudar", r"altera", r"alterar", r"corrige",
    r"corrigir", r"troca pra", r"trocar pra", r"em vez de", r"ao inves", r"sao so",
    r"so que", r"errei", r"quer dizer", r"corrigindo", r"atualiza",
)
# An address: the engine reads the text itself; the words around numbers are no products.
ADDRESS = cues(
    r"rua", r"r", r"avenida", r"av", r"travessa", r"tv", r"alameda", r"rodovia", r"estrada",
    r"endereco", r"cep", r"apto", r"apartamento", r"ap", r"bloco", r"condominio", r"quadra",
    r"lote", r"casa \d+", r"km \d+", r"praca", r"vila",
)
PAYMENT = (
    (re.compile(r"(?:^| )pix(?= |$)"), PaymentMethod.PIX),
    (re.compile(r"(?:^| )(?:cartao|credito|debito|maquininha|maquina|cartoes)(?= |$)"),
     PaymentMethod.CARD),
    (re.compile(r"(?:^| )(?:dinheiro|especie|troco|cash|nota)(?= |$)"), PaymentMethod.CASH),
)
