"""The parser on the seed menu: intents, items, quantities, notes, ambiguity, numbers, money."""

from __future__ import annotations

import pytest

from nlu import Intent, Parser, PaymentMethod


def items_of(parser: Parser, text: str) -> dict[str, int]:
    return {line.id: line.quantity for line in parser.parse(text).items}


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("oi", "greeting"),
        ("boa noite", "greeting"),
        ("cardápio", "show_menu"),
        ("o que tem hoje?", "show_menu"),
        ("manda o menu", "show_menu"),
        ("quero 2 feijoadas", "add_items"),
        ("me vê uma coca lata", "add_items"),
        ("desce 2 pf aí", "add_items"),
        ("tira a coca", "remove_items"),
        ("não quero mais o suco", "remove_items"),
        ("n quero mais a coca lata", "remove_items"),  # "n" is "não"
        ("cancela a lasanha", "remove_items"),
        ("o que eu pedi?", "show_cart"),
        ("quanto deu?", "show_cart"),
        ("meu pedido", "show_cart"),
        ("pode fechar", "checkout"),
        ("é só isso", "checkout"),
        ("finalizar", "checkout"),
        ("sim", "confirm"),
        ("isso", "confirm"),
        ("pode mandar", "confirm"),
        ("👍", "confirm"),
        ("não", "deny"),
        ("n", "deny"),
        ("cancela tudo", "cancel"),
        ("desisti", "cancel"),
        ("ajuda", "help"),
        ("como funciona?", "help"),
        ("falar com atendente", "human"),
        ("tem alguém aí?", "human"),
        ("vcs abrem domingo?", "ask_hours"),
        ("até que horas?", "ask_hours"),
        ("entrega no centro?", "ask_delivery"),
        ("qual a taxa?", "ask_delivery"),
        ("cadê meu pedido", "order_status"),
        ("já saiu?", "order_status"),
        ("asdfgh", "unknown"),
        ("opa, blz?", "greeting"),
        ("boa noite, vcs estão atendendo?", "ask_hours"),
        ("tira tudo", "cancel"),
        ("quanto tempo demora pra chegar?", "ask_delivery"),
        ("como que eu peço?", "help"),
        ("o que vcs servem?", "show_menu"),
        ("siiim", "confirm"),
        ("não, não é isso", "deny"),
        ("pode deixar na portaria", "unknown"),
        ("obrigada", "unknown"),
        ("quero fazer um pedido", "show_menu"),
        ("tira isso", "remove_items"),
        ("remove o último item", "remove_items"),
        ("não precisa de troco", "deny"),
        ("finalisar pedido", "checkout"),
        ("quero falar com atendenti", "human"),
        ("cancelaa tudo", "cancel"),
        ("nãoo", "deny"),
        ("não quero mais nada, pode fechar", "checkout"),
        ("ok, obrigada!", "unknown"),
        ("qual o total com a entrega?", "show_cart"),
        ("confirmadíssimo", "confirm"),
        ("já mandou?", "order_status"),
        ("me passa os sabores", "show_menu"),
        ("pode me ajudar?", "help"),
        ("já faz uma hora que pedi", "order_status"),
        ("quanto eu tenho que pagar?", "show_cart"),
        ("qual a comida de hoje?", "show_menu"),
        ("pode finalizar meu pedido", "checkout"),
        ("oi, como funciona esse atendimento?", "help"),
        ("vou pagar na entrega", "unknown"),
        ("me fala as opções de marmita", "show_menu"),
        ("pedi faz tempo e nada", "order_status"),
        ("quanto tempo pra chegar meu pedido?", "order_status"),
        ("é tudo", "checkout"),
        ("boa tarde, dona cris!", "greeting"),
        ("a encomenda já tá pronta?", "order_status"),
        ("Boa noite! Gostaria de fazer um pedido.", "greeting"),
        ("Não estou conseguindo fazer o pedido.", "help"),
        ("Meu pedido ainda não foi entregue. Poderiam verificar?", "order_status"),
        ("oi! 2 feijoadas e 1 coca lata, entrega na rua das palmeiras 45", "add_items"),
        ("tem opção vegetariana?", "show_menu"),
        ("como funciona a marmitex?", "help"),
        ("é isso mesmo", "confirm"),
        ("não vou querer mais nada não, cancela", "cancel"),
        ("tô confuso", "help"),
        ("ok, aguardando", "unknown"),
        ("tão fazendo meu pedido?", "order_status"),
        ("e aí, meu pedido?", "order_status"),
        ("segue o comprovante", "unknown"),
        ("1 pf, entrega no bloco 3 apto 21", "add_items"),
    ],
)
def test_intents(seed_parser: Parser, text: str, intent: str) -> None:
    assert seed_parser.parse(text).intent == Intent(intent)


@pytest.mark.parametrize(
    ("text", "not_intent"),
    [
        ("não quero atendente", "human"),
        ("manda 2 feijoadas", "show_menu"),
        ("cadê meu pedido", "show_cart"),
        ("cancela a lasanha", "cancel"),
        ("que horas vcs fecham?", "checkout"),
    ],
)
def test_look_alikes_are_told_apart(seed_parser: Parser, text: str, not_intent: str) -> None:
    assert seed_parser.parse(text).intent != Intent(not_intent)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quero 2 feijoadas", {"feijoada": 2}),
        ("2x feijoada", {"feijoada": 2}),
        ("feijoada x2", {"feijoada": 2}),
        ("02 feijoadas", {"feijoada": 2}),
        ("feijoada 2 un", {"feijoada": 2}),
        ("duas feijoadas e três cocas lata", {"feijoada": 2, "coca_lata": 3}),
        ("meia dúzia de brigadeiros", {"brigadeiro": 6}),
        ("um cento de brigadeiros", {"brigadeiro": 100}),
        ("200 brigadeiros pra festa", {"brigadeiro": 200}),
        ("uma dúzia de brigadeiro", {"brigadeiro": 12}),
        ("1 coca 2 litros", {"coca_2l": 1}),
        ("uma coca de dois litros", {"coca_2l": 1}),
        ("uma marmita grandona", {"marmitex_grande": 1}),
        ("feijoada, mas a farofa separada", {"feijoada": 1}),
        ("um suco de laranja e outro de maracujá", {"suco_laranja": 1, "suco_maracuja": 1}),
        ("fejuada", {"feijoada": 1}),
        ("cocacola lata", {"coca_lata": 1}),
        ("escondidim de carne seca", {"escondidinho_carne_seca": 1}),
        ("Pedido:\n2 feijoadas\n2 cocas lata\n1 pudim",
         {"feijoada": 2, "coca_lata": 2, "pudim": 1}),
        ("1 lasanha R$32,90 e 1 pavê R$10", {"lasanha_bolonhesa": 1, "pave": 1}),
        ("uma coca 350", {"coca_lata": 1}),
        ("2 feijoadinhas e 3 coquinhas", {"feijoada": 2, "coca_lata": 3}),
        ("fejoada, estrogonofe e lazanha",
         {"feijoada": 1, "strogonoff_frango": 1, "lasanha_bolonhesa": 1}),
        ("QUERO1 FEIJOADA E2COCA LATA", {"feijoada": 1, "coca_lata": 2}),
        ("2 pudins", {"pudim": 2}),
        ("2 feijoadas e mais 1 feijoada", {"feijoada": 3}),
        ("quero 4 feijoadas. não, melhor 3", {"feijoada": 3}),
        ("uma coca lata, não, um guaraná", {"guarana_lata": 1}),
        ("2 feijoadas\n1 coca 2l", {"feijoada": 2, "coca_2l": 1}),
        ("um de cada suco", {"suco_laranja": 1, "suco_maracuja": 1}),
        ("agua com gas", {"agua_com_gas": 1}),
        ("feijoada 2 por favor", {"feijoada": 2}),
        ("vou querer 3 pfs", {"prato_feito": 3}),
        ("quero uma feijoada e uma salada, a salada sem cebola", {"feijoada": 1, "salada": 1}),
        ("quero uma marmitex média com bife e batata frita", {"marmitex_media": 1}),
        ("arroz com frango", {"galinhada": 1}),
        ("marmita p", {"marmitex_pequena": 1}),
        ("feijoada 😋😋", {"feijoada": 1}),
    ],
)
def test_items_and_quantities(seed_parser: Parser, text: str, expected: dict[str, int]) -> None:
    assert items_of(seed_parser, text) == expected


@pytest.mark.parametrize(
    ("text", "item", "note"),
    [
        ("2 feijoadas, 1 sem farofa", "feijoada", "1 sem farofa"),
        ("PF sem salada", "prato_feito", "sem salada"),
        ("bife bem passado", "bife_acebolado", "bem passado"),
        ("feijoada com pouco sal", "feijoada", "com pouco sal"),
        ("bife acebolado sem cebola", "bife_acebolado", "sem cebola"),
    ],
)
def test_notes_are_kept_and_never_items(
    seed_parser: Parser, text: str, item: str, note: str
) -> None:
    result = seed_parser.parse(text)
    assert [line.id for line in result.items] == [item]
    assert result.items[0].note == note


@pytest.mark.parametrize(
    ("text", "candidates", "quantity"),
    [
        ("uma coca", {"coca_lata", "coca_2l"}, 1),
        ("3 sucos", {"suco_laranja", "suco_maracuja"}, 3),
        ("quero uma marmita", {"marmitex_pequena", "marmitex_media", "marmitex_grande"}, 1),
        ("na verdade são 3 cocas", {"coca_lata", "coca_2l"}, 3),
    ],
)
def test_ambiguous_mentions_are_asked_about(
    seed_parser: Parser, text: str, candidates: set[str], quantity: int
) -> None:
    result = seed_parser.parse(text)
    assert result.items == ()
    assert [(set(a.candidates), a.quantity) for a in result.ambiguous] == [(candidates, quantity)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("coca de lata", "coca_lata"), ("coca grande", "coca_2l"), ("marmita pequena",
      "marmitex_pequena"), ("suco de laranja", "suco_laranja"), ("coquinha", "coca_lata")],
)
def test_a_distinguishing_word_settles_it(seed_parser: Parser, text: str, expected: str) -> None:
    result = seed_parser.parse(text)
    assert result.ambiguous == ()
    assert [line.id for line in result.items] == [expected]


@pytest.mark.parametrize(
    ("text", "numbers", "intent"),
    [
        ("2", [(2, 1)], "unknown"),
        ("quero o 3 e o 5", [(3, 1), (5, 1)], "add_items"),
        ("2x 7", [(7, 2)], "unknown"),
        ("quero 2 do número 4", [(4, 2)], "add_items"),
    ],
)
def test_bare_numbers_are_menu_references(
    seed_parser: Parser, text: str, numbers: list[tuple[int, int]], intent: str
) -> None:
    result = seed_parser.parse(text)
    assert [(ref.number, ref.quantity) for ref in result.numbers] == numbers
    assert result.intent == Intent(intent)
    assert result.items == ()


@pytest.mark.parametrize(
    ("text", "cents"),
    [("troco pra 100", 10000), ("troco p 50 reais", 5000), ("vou pagar em dinheiro, troco de 20",
                                                          2000), ("100 de troco", 10000)],
)
def test_change_is_money_never_a_quantity(seed_parser: Parser, text: str, cents: int) -> None:
    result = seed_parser.parse(text)
    assert result.change_for_cents == cents
    assert result.numbers == ()
    assert result.items == ()
    assert result.payment is PaymentMethod.CASH


@pytest.mark.parametrize(
    ("text", "method"),
    [("vou pagar no pix", PaymentMethod.PIX), ("cartão", PaymentMethod.CARD),
     ("no débito", PaymentMethod.CARD), ("crédito", PaymentMethod.CARD),
     ("dinheiro", PaymentMethod.CASH)],
)
def test_payment_methods(seed_parser: Parser, text: str, method: PaymentMethod) -> None:
    assert seed_parser.parse(text).payment is method


@pytest.mark.parametrize(
    ("text", "quantity"),
    [("0 coca lata", 0), ("-2 feijoadas", -2), ("1000 brigadeiros", 1000),
     ("5000 feijoadas", 5000)],
)
def test_absurd_quantities_are_flagged_not_added(
    seed_parser: Parser, text: str, quantity: int
) -> None:
    result = seed_parser.parse(text)
    assert result.items == ()
    assert [bad.quantity for bad in result.invalid_quantities] == [quantity]


@pytest.mark.parametrize(
    ("text", "replace"),
    [("na verdade são 3 feijoadas", True), ("muda pra 2 feijoadas", True),
     ("quero 2 feijoadas", False), ("mais 2 feijoadas", False)],
)
def test_restatements_replace(seed_parser: Parser, text: str, replace: bool) -> None:
    result = seed_parser.parse(text)
    assert items_of(seed_parser, text) == {"feijoada": 3 if "3" in text else 2}
    assert result.replace is replace


def test_unknown_products_get_suggestions(seed_parser: Parser) -> None:
    result = seed_parser.parse("quero 2 feijoada light")
    assert items_of(seed_parser, "quero 2 feijoada light") == {"feijoada": 2}
    unknown = seed_parser.parse("quero 2 pizzas de frango")
    assert unknown.intent is Intent.ADD_ITEMS
    assert [(u.text, u.quantity) for u in unknown.unknown_items] == [("pizzas de frango", 2)]
    assert unknown.unknown_items[0].suggestions[0] in {"frango_grelhado", "strogonoff_frango"}
    assert result.unknown_items == ()


def test_unavailable_items_are_reported_apart(seed_parser: Parser) -> None:
    result = seed_parser.parse("uma moqueca")
    assert result.items == ()
    assert [line.id for line in result.unavailable_items] == ["moqueca"]


def test_questions_about_items_order_nothing(seed_parser: Parser) -> None:
    result = seed_parser.parse("tem feijoada hoje?")
    assert result.intent is Intent.SHOW_MENU
    assert result.items == ()
    assert result.about == ("feijoada",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("desce 2 pf aí", {"prato_feito": 2}), ("um pf pf", {"prato_feito": 1}),
     ("uma coca lata pf", {"coca_lata": 1}), ("pf sem salada", {"prato_feito": 1})],
)
def test_pf_is_prato_feito_or_por_favor(
    seed_parser: Parser, text: str, expected: dict[str, int]
) -> None:
    assert items_of(seed_parser, text) == expected


def test_a_kind_we_do_not_sell_is_unknown_not_ambiguous(seed_parser: Parser) -> None:
    result = seed_parser.parse("quero um suco de abacaxi")
    assert result.ambiguous == ()
    assert [(u.text, u.suggestions) for u in result.unknown_items] == [
        ("suco de abacaxi", ("suco_laranja", "suco_maracuja"))
    ]
    assert seed_parser.parse("uma coca gelada").ambiguous[0].candidates == ("coca_lata", "coca_2l")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("pf s/ salada e 1 coca lata c/ gelo", {"prato_feito": 1, "coca_lata": 1}),
     ("uma feijoada e um pudim de sobremesa", {"feijoada": 1, "pudim": 1}),
     ("e uma feijoada de almoço", {"feijoada": 1})],
)
def test_slash_abbreviations_and_courses(
    seed_parser: Parser, text: str, expected: dict[str, int]
) -> None:
    assert items_of(seed_parser, text) == expected


@pytest.mark.parametrize(
    "text", ["meu endereço é rua 7 de setembro 100", "Av. Brasil 1500, apto 32"]
)
def test_an_address_is_passed_on_not_read_as_products(seed_parser: Parser, text: str) -> None:
    result = seed_parser.parse(text)
    assert result.intent is Intent.UNKNOWN
    assert result.address == text
    assert result.numbers == () and result.unknown_items == ()


def test_cue_repair_only_targets_whole_cue_words() -> None:
    from nlu.cuewords import CUE_WORDS, repair_cue

    assert "confus" not in CUE_WORDS  # a stem inside "confus[oa]", not a word
    assert repair_cue("confuso") == "confuso"
    assert repair_cue("finalisar") == "finalizar"
    assert repair_cue("canela") == "canela"  # too short to repair: it is cinnamon


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("2", [(2, 1)]),
        ("o 3", [(3, 1)]),
        ("numero 5", [(5, 1)]),
        ("opção 2", [(2, 1)]),
        ("2x 7", [(7, 2)]),
        ("moro no 12", []),
        ("chego em 5 minutos", []),
        ("<script>alert(1)</script>", []),
    ],
)
def test_a_bare_number_is_a_menu_reference_only_among_reference_words(
    seed_parser: Parser, text: str, numbers: list[tuple[int, int]]
) -> None:
    result = seed_parser.parse(text)
    assert [(ref.number, ref.quantity) for ref in result.numbers] == numbers
