"""Portuguese language knowledge: spellings, quantity words, units, notes, function words.

Nothing here names a dish: item knowledge comes from the loaded menu (see ``nlu.index``).
All words are lowercase and without accents, as produced by ``nlu.normalise``.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# WhatsApp spellings → the word they stand for (one token → one or more tokens).
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "vc": ("voce",), "vcs": ("voces",), "voces": ("voces",), "ce": ("voce",),
    "q": ("que",), "oq": ("o", "que"), "oque": ("o", "que"), "qq": ("qualquer",),
    "tb": ("tambem",), "tbm": ("tambem",), "tmb": ("tambem",),
    "qto": ("quanto",), "qnto": ("quanto",), "qnt": ("quanto",), "qt": ("quanto",),
    "qts": ("quantos",), "qnts": ("quantos",), "qtas": ("quantas",), "qntas": ("quantas",),
    "pq": ("porque",), "kd": ("cade",), "cadê": ("cade",),
    "msm": ("mesmo",), "hj": ("hoje",), "td": ("tudo",), "tds": ("todos",),
    "blz": ("beleza",), "vlw": ("valeu",), "obg": ("obrigado",), "obgd": ("obrigado",),
    "brigado": ("obrigado",), "brigada": ("obrigada",),
    "pfv": ("por", "favor"), "pfvr": ("por", "favor"), "pls": ("por", "favor"),
    "plis": ("por", "favor"), "porfavor": ("por", "favor"), "porfa": ("por", "favor"),
    "pra": ("pra",), "pro": ("pra",), "para": ("pra",), "p": ("p",), "pa": ("pra",),
    "mto": ("muito",), "mt": ("muito",), "mta": ("muita",), "nd": ("nada",),
    "dnv": ("de", "novo"), "agr": ("agora",), "aq": ("aqui",), "aki": ("aqui",),
    "eh": ("e",), "soh": ("so",), "entaum": ("entao",), "tbem": ("tambem",),
    "ctz": ("certeza",), "blza": ("beleza",), "ne": ("ne",), "tah": ("ta",),
    "esta": ("ta",), "to": ("to",),
    "nao": ("nao",), "naum": ("nao",), "nn": ("nao",), "n": ("nao",),
    "ss": ("sim",), "sss": ("sim",), "simm": ("sim",), "sim": ("sim",),
    "eae": ("eai",), "eaee": ("eai",), "iae": ("eai",), "iai": ("eai",), "cancel": ("cancela",),
    "qro": ("quero",), "qria": ("queria",), "pedidu": ("pedido",),
    "hola": ("oi",),
    "oii": ("oi",), "oie": ("oi",), "oiee": ("oi",), "oiii": ("oi",), "ola": ("oi",),
    "okay": ("ok",), "okey": ("ok",), "oks": ("ok",), "okk": ("ok",),
    "cardapio": ("cardapio",), "cardapo": ("cardapio",), "cardapiu": ("cardapio",),
    "cardapi": ("cardapio",), "cardapios": ("cardapio",), "menus": ("menu",),
    "add": ("adiciona",), "tmj": ("valeu",), "flw": ("valeu",),
    "uns": ("um",), "umas": ("uma",), "hr": ("hora",), "hrs": ("horas",), "h": ("horas",),
    "dps": ("depois",), "xis": ("x",), "c": ("com",), "porcoes": ("porcao",), "vdd": ("verdade",),
    "mds": ("meu", "deus"), "d": ("de",),
    "bdia": ("bom", "dia"), "bomdia": ("bom", "dia"), "btarde": ("boa", "tarde"),
    "boatarde": ("boa", "tarde"), "bnoite": ("boa", "noite"), "boanoite": ("boa", "noite"),
    "bnite": ("boa", "noite"), "bnt": ("boa", "noite"),
}

# Words for quantities; "meia" only counts before "duzia".
QUANTITY_WORDS: dict[str, int] = {
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "tres": 3, "quatro": 4, "cinco": 5,
    "seis": 6, "sete": 7, "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12,
    "treze": 13, "quatorze": 14, "catorze": 14, "quinze": 15, "dezesseis": 16,
    "dezessete": 17, "dezoito": 18, "dezenove": 19, "vinte": 20, "trinta": 30,
    "quarenta": 40, "cinquenta": 50, "sessenta": 60, "setenta": 70, "oitenta": 80,
    "noventa": 90, "cem": 100, "cento": 100, "mil": 1000,
    "outro": 1, "outra": 1,  # "um suco de laranja e outro de maracujá"
    # English and Spanish words mixed in ("quero one feijoada"); "dos" is Portuguese "of the"
    "one": 1, "two": 2, "three": 3, "una": 1, "uno": 1,
}
# Hundreds, read as a number even alone ("troco pra duzentos"); "cento" alone is a unit
# of a hundred ("um cento de coxinhas"), so it counts only inside a compound number.
HUNDREDS: dict[str, int] = {
    f"{stem}{ending}": value
    for stem, value in (("duzent", 200), ("trezent", 300), ("quatrocent", 400), ("quinhent", 500),
                        ("seiscent", 600), ("setecent", 700), ("oitocent", 800),
                        ("novecent", 900))
    for ending in ("os", "as")
}
# Words of a compound number ("vinte e cinco", "cento e cinquenta", "dois mil e quinhentos").
NUMBER_WORDS = frozenset(
    word for word in (*QUANTITY_WORDS, *HUNDREDS)
    if word not in ("outro", "outra", "one", "two", "three", "una", "uno")
)
# "outra" with no item after it: one more of the item just named.
ANOTHER_WORDS = frozenset({"outro", "outra", "outros", "outras"})
# Who the food is for ("pra mim", "pra minha esposa", "pro meu marido"): no product.
BENEFICIARY_WORDS = frozenset({
    "mim", "minha", "meu", "minhas", "meus", "ele", "ela", "eles", "elas", "nos", "voce",
    "voces", "sua", "seu", "suas", "seus", "nossa", "nosso", "gente", "cada",
})
# The most words a "pra …" naming who the food is for runs to ("pra minha sogra e").
MAX_BENEFICIARY_WORDS = 4
DOZEN = "duzia"
HALF = "meia"
# "meio calabresa, meio mussarela": each word opens one half of a half-and-half order.
HALF_WORDS = frozenset({"meio", "meia", "metade"})

# Units that make a number part of a product ("2 litros", "350ml", "500 g").
UNITS: dict[str, str] = {
    "ml": "ml", "l": "l", "lt": "l", "lts": "l", "litro": "l", "litros": "l",
    "g": "g", "gr": "g", "grs": "g", "grama": "g", "gramas": "g",
    "kg": "kg", "kilo": "kg", "kilos": "kg", "quilo": "kg", "quilos": "kg",
    "cm": "cm",
}

# Words that make a number a time of day or a duration ("pras 19h", "daqui 1 hora", "50 min"):
# never a quantity, a menu number or a product.
TIME_UNITS = frozenset({"h", "hs", "hr", "hrs", "hora", "horas", "min", "mins", "minuto",
                        "minutos"})

# Words that follow a quantity as a counting unit ("2 un", "3 unidades").
COUNT_UNITS = frozenset({"un", "und", "unid", "unids", "unidade", "unidades", "uni", "porcao",
                         "porcoes", "pote", "potes"})

# What an item comes in, said before it ("um saco de gelo", "2 garrafas de coca"): the
# item is what is ordered (unless the menu itself names the container).
CONTAINER_WORDS = frozenset({
    "saco", "sacos", "saquinho", "saquinhos", "garrafa", "garrafas", "garrafinha", "copo",
    "copos", "copinho", "caixa", "caixas", "caixinha", "pacote", "pacotes", "fatia", "fatias",
    "pedaco", "pedacos", "lata", "latas", "latinha", "latinhas", "pote", "potes", "potinho",
    "unidade", "unidades", "porcao", "porcoes",
})
# Containers of goods sold by weight: "um saco de gelo" is the ice sold by the kilo, not the
# "Gelo de Coco" beside it.
BAG_WORDS = frozenset({"saco", "sacos", "saquinho", "saquinhos", "pacote", "pacotes"})
# Verbs that talk about an item without ordering it ("ela adora o bolo de fubá").
NOT_ORDERING = frozenset({
    "adora", "adoro", "adoramos", "adoram", "amo", "ama", "amamos", "amam", "gosto", "gosta",
    "gostamos", "gostam", "curto", "curte", "comi", "comeu", "comemos", "provei", "provou",
    "experimentei", "experimentou",
})

# Size words: spellings → one canonical word. Single letters only count right after an item.
SIZES: dict[str, str] = {
    "pequeno": "pequeno", "pequena": "pequeno", "pequenos": "pequeno", "pequenas": "pequeno",
    "peq": "pequeno", "pqn": "pequeno", "pqna": "pequeno",
    "medio": "medio", "media": "medio", "medios": "medio", "medias": "medio", "med": "medio",
    "grande": "grande", "grandes": "grande", "grd": "grande", "gde": "grande",
    "gg": "gigante", "gigante": "gigante", "familia": "familia",
    "meia": "meia", "meias": "meia", "inteira": "inteira", "inteiro": "inteira",
    "inteiras": "inteira", "inteiros": "inteira",
    "grandona": "grande", "grandao": "grande", "grandinha": "grande",
    "pequenininha": "pequeno", "pequenininho": "pequeno", "pequenina": "pequeno",
}
SIZE_LETTERS: dict[str, str] = {"p": "pequeno", "m": "medio", "g": "grande"}
# Words that say how an item is sold, not what it is: "Bolo de Chocolate (fatia)" and the
# "Bolo de Chocolate Inteiro" are one dish sold two ways.
SALE_UNIT_WORDS = CONTAINER_WORDS | COUNT_UNITS | frozenset(SIZES) | frozenset({"kg", "cento"})

# Words for the plain one of a kind ("um normal e um com cream cheese", "coca normal").
PLAIN_WORDS = frozenset({"normal", "normais", "comum", "comuns", "tradicional", "simples",
                         "puro", "pura", "original", "classico", "classica", "padrao"})

# Soft drinks are asked for by the generic word; brands tell the menu item is one.
SOFT_DRINK_WORDS = frozenset({"refri", "refris", "refrigerante", "refrigerantes"})
SOFT_DRINK_BRANDS = frozenset({"coca", "cocacola", "guarana", "fanta", "sprite", "pepsi",
                               "kuat", "soda", "tubaina", "schweppes", "sukita", "itubaina"})

# A note about an item starts with one of these ("sem cebola", "bem passado").
NOTE_STARTERS = frozenset({
    "sem", "com", "bem", "mal", "pouco", "pouca", "muito", "muita", "bastante", "extra",
    "caprichado", "caprichada", "caprichados", "caprichadas", "separado", "separada",
    "separados", "separadas", "ao", "trocar", "troca", "no", "na", "mais", "menos",
})
# Two-word note starters that need the second word ("no capricho", "ao ponto").
NOTE_SECOND_WORDS: dict[str, frozenset[str]] = {
    "ao": frozenset({"ponto"}),
    "no": frozenset({"capricho", "ponto"}),
    "na": frozenset({"chapa", "manteiga"}),
    "mais": frozenset({"molho", "sal", "gelo", "queijo", "bem", "passado", "passada"}),
    "menos": frozenset({"sal", "molho", "gelo", "acucar"}),
    "trocar": frozenset({"o", "a"}),
    "troca": frozenset({"o", "a"}),
}

# Words that join the words of one product name ("suco de laranja", "lasanha à bolonhesa").
LINKERS = frozenset({"de", "da", "do", "das", "dos", "a", "ao", "com", "sem", "e", "na", "no",
                     "em"})
ARTICLES = frozenset({"o", "a", "os", "as", "um", "uma", "uns", "umas"})

# Self-correction markers inside one message ("4 feijoadas. não, melhor 3").
CORRECTION_WORDS = frozenset({"alias", "digo", "melhor", "corrigindo", "ops", "opa", "pera",
                              "perai", "errei"})

# Verbs and phrases that say "I'm ordering" (used for bare numbers and unknown products).
ORDER_WORDS = frozenset({
    "quero", "queria", "querer", "gostaria", "manda", "mande", "mandar", "desce", "descer",
    "bota", "botar", "coloca", "colocar", "coloque", "poe", "traz", "traga", "trazer",
    "adiciona", "adicionar", "adicione", "acrescenta", "acrescentar", "inclui", "incluir",
    "pede", "pedir", "peco", "ve", "vou", "vai", "sai", "solta", "faz", "faca", "fazer",
    "envia", "enviar", "separa", "mais", "tambem",
})

# Everyday Portuguese words that must never be taken for a product on their own.
FUNCTION_WORDS = _words("""
a o e os as um uma de da do das dos em no na nos nas ao aos pra p por que se me te eu tu
ele ela nos voce voces vc meu minha meus minhas seu sua teu tua isso isto aquilo esse essa
este esta aqui ali la ai entao tambem mais menos muito muita pouco pouca bem mal so ja
ainda agora hoje amanha ontem noite dia tarde manha bom boa boas oi ola opa salve eai
tudo todo toda todos todas nada algo alguem ninguem coisa coisas com sem quero queria
gostaria vou vai vamos pode posso poderia da tem ter temos tenho sao ser sou foi era
esta ta to estou estamos fica ficou deu quanto quantos quantas qual quais quando onde
como porque pq sim nao ok beleza blz valeu obrigado obrigada favor por pedido pedidos
pedir peco pede entrega entregar taxa frete cardapio menu horas hora horario aberto
abre fecha fechar fechado cade saiu ajuda atendente moca moco senhor senhora amigo amiga
querida querido gente pessoal manda mandar traz traga bota coloca poe desce ve
cada vez vezes outro outra outros outras mesmo mesma certo certeza claro favor vale
tipo assim ne ein hein kkk kkkk kkkkk rs rsrs haha hahaha uai eita nossa deus
bah oxe oxente mermao mano please
numero item opcao opcoes jeito forma pagar pagamento pix cartao credito debito dinheiro
troco reais real conto contos endereco rua avenida casa apto apartamento bloco bairro
numero cep perto frente lado fundo sala predio portao esquina porcao
cancelar cancela saber falar ver pagar comer beber fazer trocar mudar tirar remover retirar
adicionar confirmar finalizar tentar perguntar entender pegar levar buscar receber mandar
pedi pediu comprar usar chamar chama sei acho quer queremos queriam dar querer gostar
esqueci esqueceu esquecemos lembrei lembrou
precisar preciso precisa pedindo pessoa pessoas gente favor urgente rapido logo depois antes
comida comidas almoco janta jantar refeicao encomenda enquanto tempo minutos minuto agora
certinho gelada gelado geladas gelados geladinha geladinho normal tradicional comum fresquinho
veio vieram chegou chegaram tava estava estavam ficou ficaram faltando faltou pelo pela pelos
pelas igual iguais dessa desse dessas desses disso verdade
""")

# Kinds of dish every Brazilian knows: said alone, one names that dish, never a flavour of
# another ("uma pizza" where the menu only has "Pastel de Pizza" is a pizza we do not sell).
PRODUCT_KINDS = _words("""
pizza pastel hamburguer hamburger sanduiche coxinha esfiha esfirra lasanha sorvete acai bolo
torta sushi temaki yakisoba sopa crepe tapioca kibe quibe milkshake picole
""")

# Words one letter away from a common item that mean something else: "salgado" (a
# savoury snack) is never a misspelled "salada".
NOT_MISSPELLINGS = _words("""
salgado salgados salgadinho salgadinhos
""")

# Categories of add-ons and sides: "pizza com borda de cheddar", "picanha com farofa" order
# them too — unless the dish's description says it already comes with one.
ADD_ON_CATEGORIES = _words("""
adicional adicionais extra extras complemento complementos borda bordas acrescimo acrescimos
opcional opcionais turbine turbinar acompanhamento acompanhamentos guarnicao guarnicoes
""")

# Number words used as menu references ("número 3", "opção 2", "item 5", "#7").
NUMBER_REF_WORDS = frozenset({"numero", "n", "no", "num", "opcao", "item", "nr", "nro", "numeros"})
# A number sign inside a name ("Marmitex nº 8"): "nº" and "n°" are read as "no".
NUMBER_SIGNS = frozenset({"numero", "no", "num", "nr", "nro"})

# Money: words after a number, and what comes before "troco".
MONEY_WORDS = frozenset({"reais", "real", "conto", "contos", "pila", "pilas", "mangos"})
# "tenho nota de 100": the note the customer pays with says the change as "troco pra 100".
CHANGE_WORDS = frozenset({"troco", "nota", "cedula"})

# Words the token walk acts on (money, corrections, quantities, notes, references, "pf"):
# never passed by as inert, whatever the menu.
STEERING_WORDS = (
    CHANGE_WORDS | CORRECTION_WORDS | NOTE_STARTERS | NUMBER_REF_WORDS
    | frozenset(QUANTITY_WORDS)
    | frozenset({"nao", "na", "quer", "de", "da", "do", "pf", "x", "com", "sem", "cada"})
)
