"""How Brazilian customers say things on WhatsApp: one list of phrases per meaning.

Data only. Each phrase is a small regular expression over normalised text (lowercase, no
accents, words joined by single spaces, WhatsApp spellings expanded: "vc" → "voce",
"pro" → "pra") and matches whole words. Which meaning wins is decided by the rule table
in ``nlu.rules``; each list's prefilter is derived from its phrases (``nlu.patterns``).
Nothing here names a dish: item knowledge comes from the loaded menu.
"""

from __future__ import annotations

from nlu.lexicon import COUNT_UNITS
from nlu.patterns import Mode, Phrases, anchor_index

# --- editing the cart ---------------------------------------------------------------

REMOVE = Phrases("remove", (
    r"tira", r"tirar", r"tire", r"retira", r"retirar", r"remove", r"remover", r"remova",
    r"exclui", r"excluir", r"apaga", r"apagar", r"cancela", r"cancelar", r"cancele",
    r"nao quero mais", r"nao vou querer( mais)?", r"desconsidera", r"sem o", r"sem a",
    r"(esquece|esqueca) (o|a|os|as)", r"menos", r"deixa sem", r"nao precisa( mais)?( d[eoa]s?)?",
    r"pode tirar", r"nao quero (o|a|os|as)", r"desisti (do|da|dos|das)",
))
# "tira isso", "remove o último": a removal that names nothing (the assistant asks which).
REMOVE_ALONE = Phrases("remove_alone", (
    r"(pode )?(tira|tirar|tire|retira|retirar|remove|remover|exclui|excluir|apaga|apagar)"
    r"( (isso|isto|esse|essa|este|esta|um|uma|o|a|os|as|ultimo|ultima|item|dai|ai|la))*",
), Mode.WHOLE)
CANCEL = Phrases("cancel", (
    r"cancela", r"cancelar", r"cancele", r"cancelo", r"desisti", r"desisto", r"esquece",
    r"esqueca", r"deixa pra la", r"nao quero mais", r"nao quero mais pedir",
    r"limpa", r"limpar", r"zera", r"zerar", r"para tudo", r"nao vou (mais )?querer",
    r"apaga tudo", r"comecar de novo", r"recomecar", r"tira tudo", r"remove tudo",
    r"deixa quieto", r"anula", r"anular", r"desfaz", r"desfazer", r"nao quero mais o pedido",
))
# "a pizza que eu pedi": an order already placed, not the cart being built.
PLACED_ORDER = Phrases("placed_order", (
    r"(que|q) (eu )?(pedi|tinha pedido|pedimos|encomendei)",
))
CANCEL_VERB = Phrases("cancel_verb", (
    r"cancela", r"cancelar", r"cancele", r"cancelo", r"desisti", r"desisto",
))
# "na verdade são 3 cocas": the quantity is restated, not added.
RESTATE = Phrases("restate", (
    r"na verdade", r"muda", r"mude", r"mudar", r"altera", r"alterar", r"corrige",
    r"corrigir", r"troca pra", r"trocar pra", r"em vez de", r"ao inves", r"sao so",
    r"so que", r"errei", r"quer dizer", r"corrigindo", r"atualiza",
))
# "na verdade coca normal", "na vdd faz duplo", "melhor a fatia": the line just ordered,
# corrected to another of its kind (the one the words say, closest to that line).
VARIANT_CUE = Phrases("variant_cue", (
    r"na verdade", r"alias", r"quer dizer", r"digo", r"errei", r"corrigindo", r"pensando bem",
    r"(troca|trocar|troque|muda|mudar|mude) (pra|para|por)",
))
VARIANT_CUE_START = Phrases("variant_cue_start", (
    r"((ah|ops|opa|pera|perai) )?(melhor|prefiro|faz|faca)",
), Mode.START)
# "ok, só o hot então", "não, só a pizza mesmo": what is in the cart, and nothing else.
ONLY_THE = Phrases("only_the", (
    r"((ok|okay|entao|beleza|ta|certo|tudo bem|pode ser|nao|ah|ai|hmm) )*(e )?"
    r"(so|somente|apenas) (o|a|os|as|esse|essa|esses|essas)",
), Mode.START)
# A bare quantity restating the line just ordered: "na verdade são 4", "são 4", "4".
RESTATED_QUANTITY = Phrases("restated_quantity", (
    r"((na verdade|alias|nao|ops|opa|pera|perai|melhor|corrigindo|quer dizer|digo|entao|ok|"
    r"beleza|blz|certo|sim|perfeito|otimo|show|legal|top|massa|boa|ah|hmm|fechou|isso) )*"
    r"((e|sao|serao|vao ser|vai ser|vou querer|quero|faz|faca|coloca|poe|bota|manda|muda pra|"
    r"troca pra|pode ser|deixa|so|sao so|me ve|me da|me manda|me traz|ve|traz|pode mandar) )*"
    r"((os|as) )?(\d+|um|uma|dois|duas|tres|quatro|cinco|seis|sete|"
    r"oito|nove|dez|onze|doze|treze|quatorze|catorze|quinze|dezesseis|dezessete|dezoito|"
    r"dezenove|vinte|trinta|quarenta|cinquenta|cem)( (mesmo|entao|ai|la|por favor|pf|"
    r"no total|ao todo|fatias?|pedacos?|desse|dessa|desses|dessas|dele|dela|deles|delas|"
    + "|".join(sorted(COUNT_UNITS)) + r"))*",
), Mode.WHOLE)
# Answering "qual delas?" without choosing: any will do (the first is taken).
ANY_OPTION = Phrases("any_option", (
    r"((pode ser|e|manda) )?(tanto faz|qualquer (um|uma)|qualquer (um|uma) (deles|delas)|"
    r"(voce|vc) (que )?escolhe|escolhe (voce|vc|ai)|o que (voce|vc) (achar melhor|quiser)|"
    r"pode escolher|tanto faz (um|uma|qual)|indiferente)( (mesmo|pra mim|ai|entao))*",
), Mode.WHOLE)
# "a mais barata", "o mais caro", "a maior": an option chosen by price or size.
CHEAPEST_OPTION = Phrases("cheapest_option", (
    r"((quero|pode ser|manda|prefiro|vou de|vou querer|e) )?(a|o) (mais barat[oa]|menor|"
    r"mais em conta)( (mesmo|entao|por favor))*",
), Mode.WHOLE)
DEAREST_OPTION = Phrases("dearest_option", (
    r"((quero|pode ser|manda|prefiro|vou de|vou querer|e) )?(a|o) (mais car[oa]|maior|"
    r"mais complet[oa])( (mesmo|entao|por favor))*",
), Mode.WHOLE)
# "na verdade faz grande", "a grande": the item just ordered, in another size.
SIZE_CHANGE = Phrases("size_change", (
    r"((na verdade|alias|nao|ops|melhor|muda pra|troca pra|troca por|quero|faz|faca|pode ser|"
    r"manda|prefiro|vou querer|entao|e) )*((a|o|um|uma) )?((de|do|da) )?"
    r"(pequen[oa]|medi[oa]|grande|gigante|familia|broto|p|m|g|\d+(ml|l)?|\d+ (ml|litros?))"
    r"( (mesmo|entao|por favor|pf|ai))*",
), Mode.WHOLE)

# "outra", "mais uma (pra minha mãe)": the item just ordered once more.
ANOTHER = Phrases("another", (
    r"((e|manda|quero|me ve|traz|poe|coloca|bota|vou querer) )?(mais )?(outr[oa]|mais (um|uma))"
    r"( (igual|dessa|desse|dessas|desses|tambem|ai|pf|por favor|pra [a-z ]+))*",
    # "e o mesmo pra minha esposa", "a mesma coisa pro meu filho", "igual pra ela"
    r"((e|manda|quero|me ve|traz|poe|coloca|bota|vou querer) )?(((o|a) )?mesm[oa]( coisa)?|igual)"
    r"( tambem)? (pra|para|pro) [a-z ]+",
), Mode.WHOLE)

# "uma sem feijão", "as duas bem passadas" right after a line: a note on it, nothing new.
NOTE_ON_LAST = Phrases("note_on_last", (
    r"((e|mas|ah|so|ok) )?((uma|um|1|as duas|os dois|as 2|os 2|todas|todos|ambas|ambos|elas|"
    r"eles)( delas| deles)? )?(sem (?!troco|mais|nada|pressa|problema)|bem passad[oa]s?|"
    r"mal passad[oa]s?|ao ponto|pouc[oa] |bastante |caprichad[oa]s?|separad[oa]s?)[a-z0-9 ]*",
), Mode.WHOLE)
# "tira uma" with one item in the cart: one of it comes out.
REMOVE_ONE = Phrases("remove_one", (
    r"((ah|ok|opa|nao|pera|melhor|na verdade) )*(tira|tire|tirar|pode tirar|remove|retira|"
    r"menos) (uma|um|1)( delas| deles| so)?",
), Mode.WHOLE)

# "então manda ela", "quero esse": the item just asked about, ordered by a pronoun.
THAT_ONE = Phrases("that_one", (
    r"((entao|ok|beleza|blz|ah|hmm|sim|boa|otimo|show|legal) )*"
    r"((eu )?(quero|vou querer|manda|me ve|me manda|pode mandar|traz|me traz|me da|vou de|"
    r"vou levar|pode ser|fico com) )+(ela|ele|essa|esse|esta|este)"
    r"( (mesmo|entao|ai|por favor|pf|pra mim))*",
), Mode.WHOLE)

# --- the order and the cart ----------------------------------------------------------

ORDER_STATUS = Phrases("order_status", (
    r"cade", r"ja saiu", r"saiu", r"ta vindo", r"vai demorar", r"demorando", r"ta demorando",
    r"ainda nao chegou", r"nao chegou", r"chega quando", r"vai chegar", r"ta chegando",
    r"falta muito", r"previsao", r"status", r"onde (ta|esta)", r"a caminho",
    r"(ja )?(ta|esta|ficou) pront[oa]s?", r"meu pedido (ja|ta|vai)", r"tempo falta",
    r"saiu pra entrega", r"ja (foi|vem)", r"motoboy (ja|ta)", r"acompanhar",
    # not "a moqueca ta saindo hoje?" (is it on today): that asks about the dish
    r"atrasad[oa]", r"demora ainda", r"(ta|esta|ja ta) saindo(?! (hj|hoje))",
    r"saindo(?! (hj|hoje))",
    r"entregando (o |a )?(meu|minha)",
    r"ja (mandou|mandaram|enviou|enviaram|despachou|despacharam)", r"foi enviado",
    r"rastrear", r"quanto tempo falta", r"ainda vem", r"vai vir", r"ta a caminho",
    r"esqueceram (de )?mim", r"to esperando", r"estou esperando", r"ainda nao veio",
    r"faz (uma|meia|duas|\d+) horas?", r"ja faz", r"faz tempo (que|q)", r"quanto tempo ainda",
    r"ainda demora", r"que pedi", r"ja pedi faz", r"sairam", r"ja (sairam|vieram|foram)",
    r"chegaram", r"ja vem", r"faz tempo", r"pedi faz", r"(chegar|vir|sair) (o )?meu pedido",
    r"nao (foi|veio|chegou) entregue", r"nao foi entregue", r"verificar (o )?(meu )?pedido",
    r"era pra (ter )?(chegado|chegar)", r"(tao|estao|ta|esta) (fazendo|preparando)",
    r"e ai (o |meu )?pedido", r"e o meu pedido", r"nao (veio|chegou) ainda",
    r"o entregador ja saiu",
    r"ja tem (uma|meia|duas|tres|\d+) (horas?|minutos?|mins?)",
    r"faz (\d+|dez|vinte|trinta|quarenta) (minutos?|mins?)",
))
SHOW_CART = Phrases("show_cart", (
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
    r"o que (tem|ta|esta|eu tenho|ja tem) (na|no) (minha |meu )?(sacola|carrinho|pedido|cesta)",
    r"(deu|ficou|fica|vai dar|vai ficar) quanto( tudo| o total| ao todo)?",
    r"(me )?(fala|diz|passa|manda) (o|a) (valor|total|conta)( total| final)?",
    r"quanto (e|vai ser|fica|vai ficar) (tudo|o total|ao todo)",
))
# "quanto deu?", "o total": the cart's sum, even beside words of other meanings.
CART_TOTAL = Phrases("cart_total", (
    r"total", r"carrinho", r"resumo", r"o que eu pedi", r"quanto deu", r"quanto ficou",
    r"quanto vai ficar", r"sacola", r"(deu|ficou) quanto( tudo)?",
    r"quanto (fica|da|deu|vai dar|vai ficar|ficou|sai) (tudo )?com (a |o )?(entrega|taxa|frete)",
))
CHECKOUT = Phrases("checkout", (
    r"pode fechar", r"fecha", r"fechar", r"fecha o pedido", r"finaliza", r"finalizar",
    r"finalizo", r"so isso", r"e isso", r"era isso", r"mais nada", r"acabou", r"terminei",
    r"encerrar", r"concluir", r"so isso mesmo", r"pode finalizar", r"quero pagar",
    r"pagamento", r"pode encerrar", r"e so", r"por enquanto (e )?so", r"so esse", r"so esses",
    r"somente isso", r"apenas isso", r"nada mais", r"ta bom assim", r"fechou",
    r"manda a conta", r"pode mandar a conta", r"como (eu )?pago", r"vamos fechar",
    r"bora fechar", r"acabei", r"so esse mesmo", r"e so isso", r"so isso por hoje",
    r"por hoje e so", r"por hoje e isso", r"pode concluir", r"e tudo", r"isso e tudo",
))
CHECKOUT_FIRST = Phrases("checkout_first", (
    r"finaliza", r"finalizar", r"finalizo", r"(fecha|fechar) (o|meu) pedido", r"encerrar",
    r"concluir",
))
NOTHING_MORE = Phrases("nothing_more", (
    r"(nao )?(quero|vou querer|preciso) mais nada", r"so isso mesmo",
))
# "só", "só mesmo": the whole message, after ordering, says that is all.
SO_ALONE = Phrases("so_alone", (
    r"(e )?so( mesmo| ne| ai| entao| por enquanto| por hoje| obrigad[oa]| valeu| moca| moco)*",
), Mode.WHOLE)
# "não, só a pizza mesmo": nothing more than what is in the cart (an article, no number).
JUST_THAT = Phrases("just_that", (
    r"nao (e )?so (o|a|os|as|esse|essa|esses|essas)( [a-z]+){1,4}",
), Mode.WHOLE)
# "o de sempre", "repete o último pedido": the customer's last order again.
REPEAT_LAST = Phrases("repeat_last", (
    r"o de sempre", r"(o|a) (mesmo|mesma) (de|da|do) (sempre|ultima vez|outra vez|ontem|antes)",
    r"(o|a) (mesmo|mesma) (coisa |pedido )?(de|da|do) (sempre|ultima vez|outra vez|ontem)",
    r"(o )?mesmo pedido( de| da| do)? (sempre|ultima vez|ontem|antes|passado|anterior)",
    r"(repete|repetir|repita|refaz|refazer|refaca|manda de novo|faz de novo) (o|meu|aquele) "
    r"(ultimo )?pedido (de novo|anterior|passado|da ultima vez|de ontem|de sempre)",
    r"(repete|repetir|repita|refaz|refazer|refaca) (o|meu|aquele) ultimo( pedido)?",
    r"(igual|mesma coisa) (a|da|de|do) (ultima vez|ultimo pedido|ontem|sempre|outra vez)",
    r"(o )?pedido de sempre", r"(o )?(meu )?ultimo pedido de novo",
    r"(quero|manda|pode mandar|vou querer) (o )?(meu )?ultimo pedido",
))

# --- the restaurant ------------------------------------------------------------------

HOURS = Phrases("hours", (
    r"horario", r"horarios", r"que horas?", r"q horas?", r"ate que horas?", r"abre", r"abrem",
    r"aberto", r"abertos", r"aberta", r"fecham", r"funciona(m)? (hoje|amanha|domingo|sabado|"
    r"segunda|feriado|ate|que|a noite|de)", r"funcionando",
    r"expediente", r"atendem", r"domingo", r"sabado", r"feriado", r"segunda",
    r"fecha (que|q|as|hoje|cedo|tarde)", r"ate quando", r"(estao|ta|tao|vao) atendendo",
    r"vai abrir", r"ja abriu", r"abriu", r"(esta|estao|ta|tao) abert[oa]s?", r"fechado hoje",
    r"abre(m)? hoje",
    # asking for a time ("pode ser pras 19h?", "pode ser pra daqui 1 hora?")
    r"pode ser (pra|pras|para|as|para as) (daqui )?(\d+|uma|meia|duas) (horas?|minutos?|mins?)",
))
DELIVERY = Phrases("delivery", (
    r"entrega", r"entregam", r"entregar", r"entregas", r"entregao", r"delivery", r"taxa",
    r"frete", r"bairro", r"motoboy", r"retirar", r"retirada", r"buscar", r"busco",
    r"chega ate", r"vem ate", r"atende[m]? (o|a|no|na)", r"regiao", r"raio", r"km",
    r"quanto tempo (demora|leva)", r"demora quanto", r"tempo de entrega", r"balcao",
    r"pegar ai", r"buscar ai", r"onde (voces|vcs|vc) ficam?", r"onde fica", r"endereco de voces",
    r"entregao", r"fazem entrega", r"tem entrega", r"quanto tempo (pra|ate) (chegar|entregar)",
    r"minim[oa]", r"(estao|tao|ta|esta) entregando",
))
# "vou pagar na entrega": how to pay, not a question about delivery.
PAY_ON_DELIVERY = Phrases("pay_on_delivery", (
    r"(pagar|pago|pagamento|paga|pagando) (na|no ato da) entrega",
))
# "vocês entregam no Capão Redondo?": a place follows (``nlu.slots`` reads it).
DELIVERY_AREA = Phrases("delivery_area", (
    r"(voces )?(entrega|entregam|entregar|entregao|entregas|entregando|faz entrega|fazem entrega|"
    r"fazem entregas|realizam entregas?|tem entrega|atende|atendem|chega|chegam|vai|vao)"
    r"( (aqui|la|ai))? (no|na|nos|nas|em|pra|ate|para o|para a|pelo|pela)",
    r"(voces|voce) (entrega|entregam|entregao|atendem|fazem entrega)",
    r"(entrega|entregam|fazem entrega|tem entrega) (pra|em|no|na) (qual|que|quais) "
    r"(regiao|regioes|bairro|bairros|lugar|lugares|cidade|cidades)",
    r"(quais|qual|que) (bairros?|regioes|regiao|lugares|cidades) (voces )?(entregam|atendem)",
    r"area de entrega", r"(entregam|entrega) longe",
))
# "quanto é a taxa pra Vila Mariana?" (with or without the place).
DELIVERY_FEE = Phrases("delivery_fee", (
    r"taxa", r"frete",
    r"quanto (e|fica|custa|sai|cobra|cobram|ta|seria|vai ser|da) (a |o )?(entrega|delivery)",
    r"(entrega|delivery) (e|fica|sai|custa) quanto", r"(entrega|delivery) (e )?gratis",
    r"(valor|preco|custo) da entrega",
))
# "posso retirar aí?", "dá pra buscar?": a question about pickup (not saying one will).
PICKUP_QUESTION = Phrases("pickup_question", (
    r"(posso|pode|podemos|da pra|consigo|tem como|e possivel|eu posso|daria pra|poderia) "
    r"(ir )?(retirar|buscar|pegar|passar)( (ai|la|pessoalmente|no balcao|na loja|no local))?",
    r"(tem|fazem|aceitam|faz) (retirada|retirar|pra retirar)( no balcao| no local| na loja)?",
))
# "quanto tempo demora?", "em quanto tempo chega": the delivery estimate.
ESTIMATE = Phrases("estimate", (
    r"quanto tempo (demora|leva|vai levar|pra chegar|pra entregar|ate chegar|de entrega|"
    r"chega|pra ficar pronto)",
    r"demora (muito|quanto|mais ou menos|bastante)", r"demora( pra chegar| pra entregar)",
    r"(em|dentro de|com) quanto tempo (chega|entrega|fica pronto|sai|vem)",
    r"qual (o )?(tempo|prazo|previsao) (de|da|pra) (entrega|chegar)", r"tempo de entrega",
    r"tempo medio", r"leva quanto tempo", r"chega em quanto tempo", r"demora quanto",
    r"quantos minutos (demora|leva|pra chegar)",
    # "demora uns 40 min?", "chega em 30 minutos?": a time guessed, asking the estimate
    r"(demora|leva|chega|entrega|vem) (em )?(uns |um |umas |uma |mais de |menos de )?"
    r"(\d+|meia|uma|duas) (minutos?|mins?|horas?)",
))
# "tem pedido mínimo?", "qual o valor mínimo".
MINIMUM = Phrases("minimum", (
    r"(pedido|valor|compra|consumo|gasto) minim[oa]", r"minimo (pra|de) (entrega|pedido|pedir)",
    r"tem (um )?minimo", r"qual (e )?o minimo",
))
# "aceita pix/cartão/VR?": which payment methods the restaurant takes.
PAYMENT_QUESTION = Phrases("payment_question", (
    r"(aceita|aceitam|aceitaria|aceitariam|aceitar|aceite|pega|pegam|passa|passam|trabalha com|"
    r"trabalham com|recebe|recebem|tem) (o |a )?(pix|cartao|cartoes|credito|debito|dinheiro|vr|"
    r"vale|alelo|sodexo|ticket|pluxee|maquininha|maquina|voucher)",
    r"(pode|posso|da pra|consigo|tem como|aceita) (pagar )?(com|no|na|em) (pix|cartao|credito|"
    r"debito|dinheiro|vr|vale|alelo|sodexo|ticket|pluxee)",
    r"(quais|qual) (as |a )?(formas?|opcoes|meios?) de pagamento", r"formas? de pagamento",
    r"(aceitam|aceita) (quais|qual|que) (cartao|cartoes|bandeiras?|vale)",
))
# "pode ser no débito": how they will pay, answering the question (no yes to anything).
PAYMENT_CHOICE = Phrases("payment_choice", (
    r"(pode ser|vai ser|sera|prefiro|melhor|e|quero pagar|vou pagar|pago)( no| na| em| com)? "
    r"(pix|cartao|credito|debito|dinheiro|especie|vr|vale refeicao|alelo|sodexo|ticket)"
    r"( mesmo| entao| por favor| pf)?",
), Mode.WHOLE)
# "qual a chave pix?", "me passa o pix".
# "metade no pix metade no dinheiro", "parte no cartão": paying one order in two ways.
SPLIT_PAYMENT = Phrases("split_payment", (
    r"metade (no|na|em|de|com) (pix|cartao|credito|debito|dinheiro|vr|vale)",
    r"(uma )?parte (no|na|em|de|com) (pix|cartao|credito|debito|dinheiro|vr|vale)",
    r"o resto (no|na|em|de|com) (pix|cartao|credito|debito|dinheiro|vr|vale)",
    r"(dividir|dividido|dividida|divido) (o pagamento|em duas formas|no pix|no cartao|no dinheiro)",
    r"(pagar|pago|pagamento) (dividido|em duas formas|de duas formas)",
))
PIX_KEY = Phrases("pix_key", (
    r"chave( do| de)? pix", r"qual (e )?(o|a) (pix|chave)", r"(manda|passa|envia|mande|me passa|"
    r"me manda|me envia) (o|a) (pix|chave)", r"pix de (voces|vcs)", r"(seu|teu) pix",
    r"o pix (e|de voces)",
))
# "apaga meus dados", "quero excluir meu cadastro", "LGPD": erase what is kept about them.
ERASE_DATA = Phrases("erase_data", (
    r"(apaga|apague|apagar|apaguem|exclui|exclua|excluir|excluam|remove|remova|remover|removam|"
    r"deleta|deletar|delete|deletem|limpa|limpar|limpem|esquece|esqueca|esquecer|esquecam|"
    r"elimina|eliminar|eliminem|tira|tirar|tirem)( todos)? (os |o |a |as )?(meus|minhas|meu|minha) "
    r"(dados|cadastro|cadastros|conta|informacoes|info|historico|numero|telefone|contato|"
    r"registro|registros|endereco|enderecos)",
    r"lgpd", r"(me )?descadastr(a|ar|e|em)", r"(quero|gostaria de) (ser )?(descadastrad[oa]|"
    r"excluid[oa]|removid[oa]) (do|da|dos|de) (cadastro|sistema|lista|base)",
    r"(apaga|apaguem|excluam|exclui|deleta|remove) tudo (sobre|de) mim",
))

# --- people --------------------------------------------------------------------------

HELP = Phrases("help", (
    r"ajuda", r"help", r"socorro", r"como funciona",
    r"como (que )?(eu )?(faco|peco|pedir|uso|compro|compra)",
    r"nao entendi", r"nao sei (usar|como)", r"o que (voce|vc) faz", r"duvida",
    r"instrucoes", r"comandos", r"como que (faz|funciona)", r"me ajuda", r"to perdid[oa]",
    r"nao to entendendo", r"como assim", r"me explica", r"explica", r"tutorial",
    r"(to|tou|estou) confus[oa]", r"confus[oa]",
    r"o que (eu )?(faco|devo fazer)", r"nao consigo", r"nao (estou|to|tou) conseguindo",
    r"(pode|poderia|consegue) me ajudar",
))
HUMAN = Phrases("human", (
    r"atendente", r"atendimento humano", r"atendimento (com|de) (uma )?pessoa", r"humano",
    r"pessoa", r"alguem", r"gerente", r"responsavel", r"falar com (a|o|voce|vc)", r"me liga",
    r"ligar", r"telefone",
    r"robo", r"bot", r"de verdade", r"chama (a|o)", r"reclamar", r"reclamacao",
    r"suporte", r"sac", r"falar com (alguem|uma pessoa|gente)",
))
# A person asked for in so many words, even beside a dish ("encomenda de empadão pra sábado?
# queria falar com alguém"): the team answers what the assistant cannot.
HUMAN_ASKED = Phrases("human_asked", (
    r"(falar|conversar) com (alguem|uma pessoa|algum humano|um humano|humano|(o |a |um |uma )?"
    r"atendente|(o |a )?gerente|(o |a )?(dono|dona|responsavel))",
))
NEGATED_HUMAN = Phrases("negated_human", (
    r"(nao|nem) (quero|preciso|precisa)[a-z ]{0,20}(atendente|humano|pessoa|alguem)",
))
# Something went wrong with a delivered order: the restaurant must see it.
COMPLAINT = Phrases("complaint", (
    r"(veio|vieram|chegou|chegaram|tava|estava|estavam|tavam)( [a-z]+){0,4} "
    r"(errad[oa]s?|fri[oa]s?|estragad[oa]s?|azed[oa]s?|podres?|crus?|cruas?|queimad[oa]s?|"
    r"revirad[oa]s?|derramad[oa]s?|vazad[oa]s?|amassad[oa]s?|trocad[oa]s?|faltando|"
    r"incomplet[oa]s?|com cabelo|derretid[oa]s?|murch[oa]s?|sem sabor|sem gosto)",
    # present tense only for what cannot be a cart under review ("tá errado" answers a summary)
    r"(ta|esta|estao|tao)( [a-z]+)? (fri[oa]s?|estragad[oa]s?|azed[oa]s?|podres?|crus?|"
    r"cruas?|queimad[oa]s?|com cabelo)",
    r"(veio|vieram|chegou|chegaram) sem",
    r"esqueceram (o|a|os|as|de mandar|de colocar|meu|minha)",
    r"(veio|vieram|mandaram|chegou|chegaram) [a-z ]{1,30} (em vez|ao inves|no lugar)",
    # "mandaram carne e eu pedi frango", "eu pedi lasanha e veio strogonoff"
    r"(veio|vieram|mandaram|trouxeram|entregaram) [a-z0-9 ]{1,30} (e|mas) (eu )?pedi",
    r"eu pedi [a-z0-9 ]{1,30} (e|mas) (veio|vieram|mandaram|trouxeram|entregaram)",
    r"passei mal", r"quero (meu )?(dinheiro de volta|reembolso|estorno)",
    # "faltou a coca no meu pedido": what the delivered bag lacked ("faltou a coca" alone may
    # still be the cart under review)
    r"(faltou|faltaram|falto)( [a-z0-9]+){1,4} (no|na|do|da) (meu |minha )?"
    r"(pedido|entrega|sacola|pacote|caixa|marmita|lanche|pizza)",
))
# Praise for a delivered order ("a pizza tava ótima"): it names a dish but orders nothing.
PRAISE = Phrases("praise", (
    r"(veio|vieram|chegou|chegaram|tava|estava|estavam|tavam|ficou|ficaram)( [a-z]+)? "
    r"(otim[oa]s?|bo[am]s?|delicios[oa]s?|gostos[oa]s?|perfeit[oa]s?|maravilhos[oa]s?|"
    r"uma delicia|excelentes?|sensaciona(l|is)|show|top|quentinh[oa]s?|divin[oa]s?)",
    r"(amo|amei|adorei|amamos|adoramos)( [a-z]+){0,3}$",
))

# --- questions about the menu --------------------------------------------------------

SHOW_MENU = Phrases("show_menu", (
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
    # "qual a mistura de hoje?": the meat of the day, as quentinhas and self-services say
    r"(qual|quais) (e |sao )?(a |as )?misturas?", r"misturas? (de hoje|do dia|hoje)",
    r"(tem|vende|vendem|faz|fazem) (algo|alguma coisa|algum prato|coisa) (sem|com|pra|de|"
    r"vegan[oa]|vegetarian[oa]|fit|light|doce|salgad[oa])",
))
# "manda o cardápio das bebidas": a part of the menu asked for, not an order.
MENU_OF = Phrases("menu_of", (
    r"((me )?(manda|mande|envia|envie|passa|mostra) )?(o |a )?"
    r"(cardapio|menu|opcoes|lista) (de|da|do|das|dos)",
))
# "quero fazer um pedido": wants to order, has not said what (menu, or hello if greeted).
WANT_TO_ORDER = Phrases("want_to_order", (
    r"(quero|queria|gostaria de|vou|posso|da pra|desejo) (fazer )?(um |uma |o |a )?"
    r"(pedido|encomenda|pedir)$",
))
# "quero", "vou querer", "me vê": the order verb said alone, the order still to come.
ORDER_VERB_ALONE = Phrases("order_verb_alone", (
    r"(eu )?(quero|queria|qria|vou querer|vou pedir|me ve|me manda|me traz)"
    r"( (ai|entao|sim|pedir|hoje|agora))*( (por favor|pf))?",
), Mode.WHOLE)
INFO_QUESTION = Phrases("info_question", (
    r"tem", r"teria", r"ainda tem", r"quanto (custa|e|ta|sai|fica|que e|que custa)",
    r"qual o (preco|valor)", r"quanto", r"preco", r"valor", r"o que vem", r"vem com",
    r"acabou", r"serve quantas", r"e bom", r"quais", r"qual", r"vende", r"vendem",
    r"trabalham com", r"tem como", r"opcoes", r"sabores", r"tamanhos", r"cardapio",
    r"me fala", r"(ta|esta|vai ter|tem) saindo (hj|hoje)",
))
# "Do you have / sell X?": about a product, not the whole menu.
HAVE_QUESTION = Phrases("have_question", (
    r"tem", r"teria", r"ainda tem", r"vende", r"vendem", r"servem", r"trabalham com",
    r"fazem", r"faz",
))
# "vcs fazem salgado pra festa?", "tem lanche?": asked of what the place sells in general,
# named by no item: the menu answers it.
GENERIC_QUESTION = Phrases("generic_question", (
    r"(tem|teria|fazem|faz|vendem|vende|trabalham com|servem|entregam) (de )?(salgados?|"
    r"salgadinhos?|lanches?|comida|comidinhas?|doces?|docinhos?|quitutes?|refeicao|"
    r"refeicoes|petiscos?|tira gostos?)",
))
# "a lasanha dá pra 2 pessoas?", "é grande?": about an item, ordering nothing.
ITEM_INFO = Phrases("item_info", (
    r"(da|serve|rende|alimenta|satisfaz) (pra |para )?(quantas|quantos|\d+|duas|dois|tres|"
    r"quatro|cinco|seis|uma) (pessoas?|pessoa)", r"(serve|rende|da pra) quant[ao]s",
    r"(e|eh|ela e|ele e|sao|vem) (muito |bem )?(grande|grandes|pequen[oa]s?|individual|"
    r"inteir[oa]|picante|apimentad[oa]|forte|doce|salgad[oa]|gelad[oa]|caseir[oa]|natural|"
    r"vegan[oa]|vegetarian[oa]|bom|boa|gostos[oa]|servid[oa]|grand[ao]|bem servid[oa])",
    r"(e|vem|sao) de quant[oa]s? (ml|gramas|g|quilos|kg|litros|l|pedacos|fatias|unidades|"
    r"pessoas|cm)", r"quant[oa]s? (ml|gramas|g|quilos|kg|litros|pedacos|fatias|unidades|cm) "
    r"(tem|vem|sao|e)",
    r"(vem|tem|sao|traz|leva) quant[oa]s", r"quant[oa]s [a-z]+ (vem|tem|sao) n[oa]",
    r"e quant[oa]s (fatias|pedacos|unidades|pessoas)",  # "a pizza inteira é quantas fatias?"
    r"(serve|servem|rende|rendem|alimenta) (pra |para )?(\d+|duas|dois|tres|quatro|cinco|seis)$",
    r"(tem|leva|vai) (gluten|glutem|lactose|acucar|leite|ovo|carne|pimenta|cebola|amendoim|"
    r"alho|camarao|porco|mel)", r"e (sem|zero) (gluten|lactose|acucar)",
    r"(qual|que) (e )?o tamanho", r"de que tamanho", r"(e )?feit[oa] (de|com) (que|o que)",
    r"o que (vem|leva) (no|na|nele|nela|dentro)", r"vem com (o )?que", r"acompanha (o )?que",
))

# "o frango com quiabo vem com arroz?": asked with a question mark, about what comes in it.
COMES_WITH = Phrases("comes_with", (r"vem com", r"acompanha", r"vem acompanhado de"))
# "o caldo verde tem calabresa?", "a moqueca leva camarão?": the dish named first, then
# what may be in it (asked); "tem caldo verde?" asks whether there is any.
HAS_INGREDIENT = Phrases("has_ingredient", (
    r"(o|a|os|as) [a-z]+( [a-z]+){0,4} (tem|leva) (?!que )[a-z]+( [a-z]+){0,2}",
), Mode.WHOLE)
# "o nhoque é de batata?", "a lasanha é com molho branco?": what a dish is made of (asked).
MADE_OF = Phrases("made_of", (r"(e|eh|sao) (feit[oa]s? )?(de|com)",))

# --- yes, no, hello ------------------------------------------------------------------

CONFIRM = Phrases("confirm", (
    r"sim", r"s", r"isso", r"isso mesmo", r"pode$", r"pode mandar", r"pode ser", r"manda$",
    r"ok", r"beleza", r"certo", r"correto", r"confirmo", r"confirmar", r"confirma",
    r"confirmado", r"exato", r"exatamente", r"perfeito", r"fechado", r"bora", r"vamos",
    r"uhum", r"aham", r"yes", r"claro", r"com certeza", r"positivo", r"ta bom", r"ta",
    r"isso ai", r"show", r"top", r"massa", r"otimo", r"pode sim", r"manda ver", r"demorou",
    r"tranquilo", r"sim senhor", r"sim senhora", r"ta certo", r"tudo certo", r"combinado",
    r"pode ir", r"segue$", r"manda bala", r"ta otimo", r"certinho", r"certin", r"bele",
    r"pode seguir", r"de acordo", r"concordo", r"aprovado", r"ta joia", r"joia", r"okay",
    r"pode continuar", r"ta blz", r"beleza entao", r"isso msm", r"pdp", r"pode pa",
))
# A whole message that only says yes ("manda bala", "demorou", "fechou", "tá ótimo").
YES_ALONE = Phrases("yes_alone", (
    r"((sim|pode|ok|isso|beleza|blz|entao|show|claro|perfeito|otimo|top|massa) )?"
    r"(manda bala|manda ver|demorou|fechou|fechado|pode mandar|pode ser|bora|partiu|"
    r"manda ai|manda entao|manda pra mim|pode por|pode colocar|pode botar|coloca|bota|"
    r"vou levar|"
    r"ta otimo|ta perfeito|ta show|perfeito|show|show de bola|beleza|isso|pode|pode sim|"
    r"com certeza|claro|ok|isso ai|isso mesmo|mete bala|vai la|vamo|vamos|bora la|"
    r"pode confirmar|confirmado|confirma|tudo certo|tudo certinho|ta certo|certinho|"
    r"perfeitamente|otimo|maravilha|fechou entao|combinado|top|massa)"
    r"( (entao|sim|demais|ai|la|pode mandar|pode ser|manda|por favor|pf))*",
), Mode.WHOLE)
CONFIRM_FIRST = Phrases("confirm_first", (
    r"(e )?isso mesmo", r"exatamente", r"isso ai", r"(ta|esta) cert(o|inho)",
))
STRONG_CONFIRM = Phrases("strong_confirm", (
    r"sim", r"isso", r"pode", r"confirm[oa]", r"confirmar", r"confirmado", r"exato",
    r"correto", r"claro", r"com certeza",
))
_DENY_PHRASES = (
    r"nao", r"n", r"nope", r"nop", r"nops", r"negativo", r"errado", r"ta errado", r"nem",
    r"de jeito nenhum",
    r"agora nao", r"nao obrigad[oa]", r"nada", r"nao quero", r"melhor nao", r"nunca",
    r"incorreto", r"ainda nao", r"nao precisa",
)
DENY = Phrases("deny", _DENY_PHRASES)
# "não …" opening a message is an answer; later in it, "não" is part of something else.
DENY_START = Phrases("deny_start", _DENY_PHRASES, Mode.START)
STRONG_DENY = Phrases("strong_deny", (
    r"nao (e|era|foi) (isso|esse|essa|assim)", r"(ta|esta) errad[oa]", r"nao (ta|esta) cert[oa]",
    r"nao confirm[oa]", r"nada disso",
))
# A whole message that says "none of them" or "leave it".
DENY_ALONE = Phrases("deny_alone", (
    r"nenhum", r"nenhuma", r"nenhum deles", r"nenhuma delas", r"nenhum dos dois",
    r"nenhuma das duas", r"nenhum desses", r"nenhuma dessas", r"deixa", r"deixa assim",
    r"deixa entao", r"nao deixa",
), Mode.WHOLE)
GREETING = Phrases("greeting", (
    r"oi", r"ola", r"bom dia", r"boa tarde", r"boa noite", r"eai", r"e ai", r"opa", r"salve",
    r"tudo bem", r"tudo bom", r"tudo certo", r"boa", r"alo", r"fala(?! serio)", r"oie",
    r"tudo joia",
    r"como vai", r"boa madrugada", r"saudacoes", r"buenas", r"buenos dias",
))
GREETING_START = Phrases("greeting_start", (
    r"oi", r"ola", r"opa", r"eai", r"e ai", r"salve", r"bom dia", r"boa tarde", r"boa noite",
    r"alo", r"buenas",
), Mode.START)
THANKS = Phrases("thanks", (
    r"gracias", r"thanks", r"thank you", r"thx", r"obrigad[oa]s?", r"valeu", r"agradeco",
    r"grat[oa]", r"brigad[oa]", r"tchau",
    r"ate mais", r"ate logo", r"ate amanha", r"bjs?", r"bjos?", r"beijos?", r"beijao",
    r"flw", r"aguard(o|ando)", r"no aguardo", r"vou esperar",
    r"(to|estou) esperando",
))
# "espera", "peraí, vou ver com meu marido", "calma": the customer needs a moment.
WAIT = Phrases("wait", (
    r"(ah |ok |opa |so )?(espera|espere|esperai|pera|perae|perai|calma|aguarda|aguarde|"
    r"um (minuto|minutinho|momento|segundo|instante)|so um (minuto|minutinho|momento|segundo|"
    r"instante)|deixa eu ver|deixa eu pensar|vou ver|vou pensar|ja (volto|te falo|falo))"
    r"( .*)?",
), Mode.WHOLE)
# Thanks or a goodbye, whatever the intent (fills ``thanks``).
THANKS_OR_BYE = Phrases("thanks_or_bye", (
    r"obrigad[oa]s?", r"valeu", r"agradec[oi]", r"agradecid[oa]", r"grat[oa]", r"brigad[oa]",
    r"thanks", r"thank you", r"gracias", r"thx", r"tchau", r"ate mais", r"ate logo",
    r"ate a proxima", r"ate amanha", r"falou", r"abracos?", r"deus abencoe", r"bjs?", r"bjos?",
    r"beijos?", r"beijao", r"flw",
))
# "bom dia", "boa tarde", "boa noite": answered in kind (``salutation``).
SALUTATIONS = ("bom dia", "boa tarde", "boa noite")

# --- ordering words ------------------------------------------------------------------

# "queria saber se tem moqueca hoje": wanting to know, not wanting the dish.
WANT_TO_KNOW = Phrases("want_to_know", (
    r"(queria|quero|gostaria( de)?|qria) (so )?saber",
))
ORDER_VERB = Phrases("order_verb", (
    r"quero", r"queria", r"gostaria", r"manda", r"mande", r"me ve", r"me da", r"desce",
    r"bota", r"coloca", r"poe", r"traz", r"traga", r"vou querer", r"pode ser", r"adiciona",
    r"acrescenta", r"inclui", r"pede", r"vai ser", r"vai (uma?|mais)", r"solta", r"separa",
    # not "já faz uma hora" (time waited): that is asking where the order is
    r"(?<!ja )faz(?! (uma|meia|duas|tres|\d+|mais de) (hora|horas|minutos|min)| (muito )?tempo)",
    r"mais", r"envia",
))

# --- slots: payment, change, fulfilment, address ---------------------------------------

PIX = Phrases("pix", (r"pix",))
CARD = Phrases("card", (
    r"cartao", r"credito", r"debito", r"maquininha", r"maquina", r"cartoes",
))
CASH = Phrases("cash", (r"dinheiro", r"especie", r"troco", r"cash", r"nota"))
VOUCHER = Phrases("voucher", (
    r"vr", r"vale( |-)?(refeicao|alimentacao|rf)", r"alelo", r"sodexo", r"ticket", r"pluxee",
    r"voucher", r"(aceita|aceitam|com|no|em|pagar com|pago com|pagar no|pago no|tem|passa) vale",
))
# "vale" alone answering "como vai pagar?": the vale-refeição (elsewhere it may be "valeu").
VOUCHER_ANSWER = Phrases("voucher_answer", (
    r"((e|ah|ok|vai|vou pagar|pago) )?((no|o|pelo|com|de) )?vale( (mesmo|entao|pf|por favor))?",
), Mode.WHOLE)
# The customer pays the exact amount: no change to bring.
NO_CHANGE = Phrases("no_change", (
    r"sem troco", r"nao (preciso|precisa|precisarei|vou precisar|quero|necessito)( de)? troco",
    r"tenho trocado", r"(vou )?(dar|pagar|pago|tenho|levo) (o )?(valor|dinheiro) "
    r"(certo|exato|trocado|certinho)", r"(valor|dinheiro) (certo|exato|certinho)",
    r"troco nao", r"nao tem troco", r"dispenso (o )?troco",
))
# "o valor certo" is an amount, not an agreement ("certo"): read without it.
EXACT_AMOUNT = Phrases("exact_amount", (r"(o )?(valor|dinheiro) (certo|exato|trocado|certinho)",))
# "o endereço certo é rua augusta 730": the right address, not a "certo" that says yes.
RIGHT_PLACE = Phrases("right_place", (
    r"(o |a |meu |minha )?(endereco|numero|rua|cep|bairro|apto|apartamento|casa|complemento) "
    r"(certo|correto|certinho|exato)",
))
# "vou buscar", "pra retirada": the customer picks the order up.
PICKUP_SAID = Phrases("pickup_said", (
    r"(vou|vamos|eu vou|a gente vai|eu mesmo vou|vou eu) (ai )?(buscar|retirar|pegar|passar ai|"
    r"passar la)", r"(eu )?(busco|retiro|pego)( ai| la| no balcao| na loja| pessoalmente)",
    r"(e|sera|vai ser|seria|fica|quero)? ?(pra|para) (retirada|retirar|buscar|viagem|levar)",
    r"retirada no (balcao|local)", r"retirar no (balcao|local)", r"(eu )?retiro no (balcao|local)",
    r"passo (ai|la)( pra| para)? (pegar|buscar|retirar)", r"retirada", r"vou retirar",
))
# "é pra entregar", "pra entrega": delivered to the customer.
DELIVERY_SAID = Phrases("delivery_said", (
    r"(e|sera|vai ser|seria|quero)? ?(pra|para) (entregar|entrega|delivery)",
    r"(pode|podem|manda|mandem|quero que) entregar", r"entrega (em|na|no) (casa|minha casa)",
    r"quero (a )?entrega", r"(e|sera) (delivery|entrega)",
))
# "dá pra entregar às 20h?": asking whether they deliver, not saying it is for delivery.
DELIVERY_ASKED = Phrases("delivery_asked", (
    r"(da|daria|tem como|consegue|conseguem|pode|podem|poderia|poderiam|voces) "
    r"(pra |me |nos )?(entregar|entrega|entregam)",
))
# An address on its own: the engine reads the text itself; numbers in it are no products.
ADDRESS = Phrases("address", (
    r"rua", r"r", r"avenida", r"av", r"travessa", r"tv", r"alameda", r"al", r"rodovia",
    r"estrada", r"endereco", r"cep", r"apto", r"apartamento", r"ap", r"bloco", r"condominio",
    r"quadra", r"lote", r"casa \d+", r"km \d+", r"praca", r"vila",
))
# What completes an address given before ("bairro Vila Mariana", "perto do mercado").
ADDRESS_PART = Phrases("address_part", (
    r"bairro", r"jardim", r"jd", r"parque", r"pq", r"vila", r"vl", r"conjunto", r"residencial",
    r"perto (do|da|de)", r"em frente (ao|a|do|da)", r"ao lado (do|da|de)", r"esquina",
    r"fundos", r"portao", r"portaria", r"sala \d+", r"andar", r"complemento", r"referencia",
    r"predio", r"edificio", r"torre", r"casa", r"numero \d+",
))


# Every list above, and which of them a message's words may open (one pass per message).
ALL: tuple[Phrases, ...] = tuple(value for value in tuple(globals().values())
                                 if isinstance(value, Phrases))
ANCHORS = anchor_index(ALL)
ALWAYS_TRIED = frozenset(phrases.name for phrases in ALL if phrases.anchors is None)
