"""A message read in its conversation's context, and the fields every intent may carry.

Questions about delivery, pickup, payment and items; fulfilment; a place or an address as
written; yes in its many forms; numbers in words; the last order again; data erasure.
"""

from __future__ import annotations

import pytest

from nlu import Context, Expecting, Fulfilment, Intent, Parser, PaymentMethod, Question


def items_of(result: object) -> dict[str, int]:
    return {line.id: line.quantity for line in result.items}  # type: ignore[attr-defined]


# --- context: a bare number, a restated quantity, one more of the same --------------

@pytest.mark.parametrize(
    ("text", "quantity"),
    [("na verdade são 4", 4), ("são 4", 4), ("4", 4), ("não, são três", 3),
     ("na verdade são vinte e cinco", 25), ("melhor 2", 2)],
)
def test_a_bare_quantity_after_an_item_restates_that_line(
    seed_parser: Parser, text: str, quantity: int
) -> None:
    result = seed_parser.parse(text, Context(last_item="strogonoff_frango"))
    assert result.intent is Intent.ADD_ITEMS
    assert items_of(result) == {"strogonoff_frango": quantity}
    assert result.replace
    assert result.numbers == ()


@pytest.mark.parametrize(
    ("last", "text", "meant"),
    [("suco_laranja", "e um de maracujá", {"suco_maracuja": 1}),
     ("mousse_maracuja", "e um de maracujá", {"mousse_maracuja": 1})],
)
def test_a_mention_that_leaves_out_the_dish_means_the_dish_just_talked_about(
    seed_parser: Parser, last: str, text: str, meant: dict[str, int]
) -> None:
    assert items_of(seed_parser.parse(text, Context(last_item=last))) == meant
    alone = seed_parser.parse(text)  # without the conversation: which one is asked
    assert alone.items == () and alone.ambiguous


def test_a_bare_number_is_a_menu_number_only_when_the_menu_was_shown(seed_parser: Parser) -> None:
    shown = seed_parser.parse("4", Context(expecting=Expecting.MENU_NUMBER, last_item="pudim"))
    assert [ref.number for ref in shown.numbers] == [4]
    assert shown.items == ()
    chatting = seed_parser.parse("4", Context())
    assert chatting.numbers == () and chatting.items == ()
    said = seed_parser.parse("o número 4", Context())
    assert [ref.number for ref in said.numbers] == [4]
    alone = seed_parser.parse("4")  # no context: read as before, a number
    assert [ref.number for ref in alone.numbers] == [4]


def test_a_number_answering_a_choice_picks_an_option(seed_parser: Parser) -> None:
    context = Context(expecting=Expecting.CHOICE, options=("coca_lata", "coca_2l"))
    result = seed_parser.parse("2", context)
    assert result.intent is Intent.UNKNOWN
    assert [ref.number for ref in result.numbers] == [2]
    assert result.items == ()


@pytest.mark.parametrize("text", ["outra", "mais uma", "mais uma pra minha mãe", "outra igual"])
def test_one_more_repeats_the_last_item(seed_parser: Parser, text: str) -> None:
    result = seed_parser.parse(text, Context(last_item="coca_lata"))
    assert result.intent is Intent.ADD_ITEMS
    assert items_of(result) == {"coca_lata": 1}
    assert not result.replace
    assert result.unknown_items == ()


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("uma feijoada pra mim e outra pra minha esposa", {"feijoada": 2}),
        ("um pudim pra mim, outro pro meu filho", {"pudim": 2}),
        ("2 pf pra gente e um pudim pra ela", {"prato_feito": 2, "pudim": 1}),
    ],
)
def test_who_an_item_is_for_is_no_product(
    seed_parser: Parser, text: str, items: dict[str, int]
) -> None:
    result = seed_parser.parse(text)
    assert result.intent is Intent.ADD_ITEMS
    assert items_of(result) == items
    assert result.unknown_items == ()


def test_a_note_after_who_it_is_for_is_the_dishs(seed_parser: Parser) -> None:
    result = seed_parser.parse("um pf pra mim sem salada e um bife acebolado pro meu filho "
                               "com bastante batata")
    assert [(line.id, line.quantity, line.note) for line in result.items] == [
        ("prato_feito", 1, "sem salada"), ("bife_acebolado", 1, "com bastante batata")]
    result = seed_parser.parse("2 feijoadas, uma pra mim sem farofa e uma pra ela com bastante")
    assert [(line.id, line.quantity) for line in result.items] == [("feijoada", 2)]
    assert result.items[0].note is not None and "sem farofa" in result.items[0].note


def test_the_other_one_is_not_one_more(lanchonete_parser: Parser) -> None:
    result = lanchonete_parser.parse("só um café, tira o outro")
    assert items_of(result) == {"cafe": 1}


# --- addresses ---------------------------------------------------------------------

def test_a_house_number_inside_an_order_is_no_menu_number(seed_parser: Parser) -> None:
    result = seed_parser.parse("manda 1 pf e 1 suco pra av. Rebouças 1200, Pinheiros")
    assert result.intent is Intent.ADD_ITEMS
    assert items_of(result) == {"prato_feito": 1}
    assert [set(amb.candidates) for amb in result.ambiguous] == [{"suco_laranja", "suco_maracuja"}]
    assert result.numbers == ()
    assert result.address == "av. Rebouças 1200, Pinheiros"


@pytest.mark.parametrize(
    "text", ["rua das palmeiras 88", "bairro vila mariana", "apto 12, bloco b",
             "perto do mercado dia"],
)
def test_an_address_when_one_was_asked_for(seed_parser: Parser, text: str) -> None:
    result = seed_parser.parse(text, Context(expecting=Expecting.ADDRESS))
    assert result.intent is Intent.UNKNOWN
    assert result.address == text
    assert result.items == () and result.numbers == ()


@pytest.mark.parametrize(
    ("text", "address", "payment"),
    [
        ("end: rua haddock lobo 400 ap 12, cerqueira cesar. pagamento cartao",
         "rua haddock lobo 400 ap 12, cerqueira cesar", PaymentMethod.CARD),
        ("endereço: Rua Augusta, 500 - Consolação", "Rua Augusta, 500 - Consolação", None),
        ("rua das palmeiras 88, pago no pix", "rua das palmeiras 88", PaymentMethod.PIX),
        ("manda pra Rua Teodoro Sampaio 1500, pinheiros. Pago no cartão na entrega",
         "Rua Teodoro Sampaio 1500, pinheiros", PaymentMethod.CARD),
        # without the payment, a lead-in stays, as written
        ("é na alameda santos 200", "é na alameda santos 200", None),
        # what is not a label nor the payment stays with the address
        ("rua das palmeiras 88\napto 3", "rua das palmeiras 88 apto 3", None),
    ],
)
def test_an_address_alone_without_its_label_and_the_payment(
        seed_parser: Parser, text: str, address: str, payment: PaymentMethod | None) -> None:
    result = seed_parser.parse(text, Context(expecting=Expecting.ADDRESS))
    assert result.address == address
    assert result.payment is payment


@pytest.mark.parametrize(
    ("text", "intent"),
    [("ah esquece, depois eu peço", Intent.CANCEL),
     ("dá pra entregar só às 20h?", Intent.ASK_DELIVERY)],
)
def test_what_is_no_address_is_answered_as_what_it_is(
    seed_parser: Parser, text: str, intent: Intent
) -> None:
    result = seed_parser.parse(text, Context(expecting=Expecting.ADDRESS))
    assert result.intent is intent
    assert result.address is None


# --- questions about an item order nothing ---------------------------------------------

@pytest.mark.parametrize(
    ("text", "about"),
    [("a lasanha dá pra 2 pessoas?", ("lasanha_bolonhesa",)),
     ("a feijoada serve quantas pessoas?", ("feijoada",)),
     ("o pudim é grande?", ("pudim",)),
     ("o pf vem com o que?", ("prato_feito",))],
)
def test_a_question_about_an_item_orders_nothing(
    seed_parser: Parser, text: str, about: tuple[str, ...]
) -> None:
    result = seed_parser.parse(text)
    assert result.question is Question.ITEM_INFO
    assert result.about == about
    assert result.items == () and result.numbers == ()


def test_a_question_about_the_item_just_ordered(seed_parser: Parser) -> None:
    result = seed_parser.parse("é grande?", Context(last_item="lasanha_bolonhesa"))
    assert result.question is Question.ITEM_INFO
    assert result.about == ("lasanha_bolonhesa",)
    assert result.items == ()


# --- numbers in words ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "items"),
    [("vinte e cinco brigadeiros", {"brigadeiro": 25}),
     ("cento e cinquenta brigadeiros", {"brigadeiro": 150}),
     ("trinta e dois pudins", {"pudim": 32}),
     ("duzentos brigadeiros", {"brigadeiro": 200})],
)
def test_compound_number_words_count(
    seed_parser: Parser, text: str, items: dict[str, int]
) -> None:
    assert items_of(seed_parser.parse(text)) == items


def test_a_street_named_with_e_inside_an_order_is_the_address(seed_parser: Parser) -> None:
    result = seed_parser.parse("2 pf e 1 pudim pra rua lima e silva 400, pago no pix")
    assert items_of(result) == {"prato_feito": 2, "pudim": 1}
    assert result.address == "rua lima e silva 400"  # how it pays is not part of it
    assert result.payment is PaymentMethod.PIX


@pytest.mark.parametrize(
    ("text", "address"),
    [("oi, e pra rua jose bonifacio 55 apto 3, vila nova",
      "rua jose bonifacio 55 apto 3, vila nova"),
     ("boa noite, moro na rua muniz de sousa 800 - aclimacao",
      "rua muniz de sousa 800 - aclimacao"),
     ("nao pera, manda pro meu trabalho: av paulista 1000 sala 5", "av paulista 1000 sala 5")],
)
def test_an_address_said_with_the_hello_or_a_no_is_kept(seed_parser: Parser, text: str,
                                                       address: str) -> None:
    result = seed_parser.parse(text)
    assert result.intent in (Intent.GREETING, Intent.DENY)
    assert result.address == address


@pytest.mark.parametrize(
    "text",
    ["metade no pix metade no dinheiro", "da pra pagar metade no pix e metade no cartao?",
     "uma parte no cartão e o resto no dinheiro", "posso pagar dividido?"],
)
def test_paying_in_two_ways_chooses_no_method(seed_parser: Parser, text: str) -> None:
    result = seed_parser.parse(text)
    assert result.question is Question.SPLIT_PAYMENT
    assert result.payment is None


@pytest.mark.parametrize("text", ["pix", "muda do cartão pro pix", "metade de uma pizza"])
def test_one_method_is_no_split(seed_parser: Parser, text: str) -> None:
    assert seed_parser.parse(text).question is not Question.SPLIT_PAYMENT


def test_a_price_question_keeps_the_count_it_says(seed_parser: Parser) -> None:
    result = seed_parser.parse("quanto fica 3 feijoadas?")
    assert result.items == () and result.about == ("feijoada",)
    assert [(line.id, line.quantity) for line in result.about_counts] == [("feijoada", 3)]
    assert seed_parser.parse("quanto é a feijoada?").about_counts == ()


@pytest.mark.parametrize("text", ["blz manda as 3 entao", "manda as 3"])
def test_the_count_after_a_price_question_is_of_the_item_asked(seed_parser: Parser,
                                                               text: str) -> None:
    result = seed_parser.parse(text, Context(last_item="feijoada"))
    assert result.intent is Intent.ADD_ITEMS
    assert items_of(result) == {"feijoada": 3}


def test_a_number_after_e_still_counts_an_item(seed_parser: Parser) -> None:
    result = seed_parser.parse("manda pra rua augusta e 2 pudins")
    assert items_of(result) == {"pudim": 2}
    assert result.address is None


@pytest.mark.parametrize(
    ("text", "change"),
    [("troco pra duzentos", 20000), ("troco pra cem", 10000), ("troco pra cinquenta", 5000),
     ("dinheiro, troco pra cento e cinquenta", 15000),
     ("vou pagar em dinheiro, tenho nota de 100", 10000), ("só tenho nota de cinquenta", 5000)],
)
def test_change_in_words(seed_parser: Parser, text: str, change: int) -> None:
    assert seed_parser.parse(text).change_for_cents == change


def test_money_in_words(seed_parser: Parser) -> None:
    assert seed_parser.parse("trinta e cinco reais").money_cents == 3500


# --- yes, payment, the last order, data ---------------------------------------------------

@pytest.mark.parametrize(
    "text",
    ["demorou", "manda bala", "pode ser", "bora", "fechou", "isso", "beleza", "show",
     "pode mandar", "tá ótimo", "perfeito", "mete bala", "fechou então"],
)
def test_the_many_ways_to_say_yes(seed_parser: Parser, text: str) -> None:
    assert seed_parser.parse(text).intent is Intent.CONFIRM, text


@pytest.mark.parametrize(
    "text", ["não", "nao obrigado", "negativo", "nada disso", "nem", "melhor não"],
)
def test_the_ways_to_say_no(seed_parser: Parser, text: str) -> None:
    assert seed_parser.parse(text).intent is Intent.DENY, text


@pytest.mark.parametrize(
    ("text", "method"),
    [("aceita pix?", PaymentMethod.PIX), ("aceita cartão?", PaymentMethod.CARD),
     ("aceita VR?", PaymentMethod.VOUCHER), ("vcs aceitam alelo?", PaymentMethod.VOUCHER),
     ("aceitam sodexo?", PaymentMethod.VOUCHER), ("aceita ticket?", PaymentMethod.VOUCHER),
     ("aceita vale refeição?", PaymentMethod.VOUCHER), ("aceitam dinheiro?", PaymentMethod.CASH)],
)
def test_payment_questions_name_the_method(
    seed_parser: Parser, text: str, method: PaymentMethod
) -> None:
    result = seed_parser.parse(text)
    assert result.question is Question.PAYMENT_METHODS
    assert result.payment is method


@pytest.mark.parametrize("text", ["vou pagar com vr", "no vale refeição", "pode ser no ticket"])
def test_a_voucher_is_a_way_to_pay(seed_parser: Parser, text: str) -> None:
    result = seed_parser.parse(text)
    assert result.payment is PaymentMethod.VOUCHER
    assert result.question is None


@pytest.mark.parametrize("text", ["qual a chave pix?", "me passa o pix", "qual é o pix de vcs"])
def test_the_pix_key_asked(seed_parser: Parser, text: str) -> None:
    assert seed_parser.parse(text).question is Question.PIX_KEY


@pytest.mark.parametrize(
    "text", ["o de sempre", "repete o último pedido", "quero o mesmo da última vez",
             "manda o pedido de sempre"],
)
def test_the_last_order_again(seed_parser: Parser, text: str) -> None:
    result = seed_parser.parse(text)
    assert result.repeat_last, text
    assert result.intent is Intent.ADD_ITEMS


@pytest.mark.parametrize(
    "text", ["apaga meus dados", "quero excluir meu cadastro", "remover meus dados",
             "esquece meu número", "lgpd", "me descadastra por favor"],
)
def test_erasing_my_data(seed_parser: Parser, text: str) -> None:
    result = seed_parser.parse(text)
    assert result.erase_data, text
    assert result.intent is Intent.UNKNOWN and result.items == ()


@pytest.mark.parametrize("text", ["apaga a coca lata", "esquece o pedido", "exclui o pudim"])
def test_removing_an_item_is_no_data_erasure(seed_parser: Parser, text: str) -> None:
    assert not seed_parser.parse(text).erase_data


@pytest.mark.parametrize(
    ("text", "salutation"),
    [("bom dia", "bom dia"), ("boa tarde, quero 2 pf", "boa tarde"), ("boa noite", "boa noite"),
     ("bom diaa", "bom dia"), ("boa noitee", "boa noite"), ("bnoite", "boa noite"),
     ("oi", None), ("quero um pudim", None)],
)
def test_the_salutation_used(seed_parser: Parser, text: str, salutation: str | None) -> None:
    assert seed_parser.parse(text).salutation == salutation


# --- delivery -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "question", "place"),
    [
        ("vocês entregam no capão redondo?", Question.DELIVERY_AREA, "capão redondo"),
        ("vcs entregam em Guarulhos?", Question.DELIVERY_AREA, "Guarulhos"),
        ("Vocês realizam entregas no bairro Jardim Europa?", Question.DELIVERY_AREA,
         "Jardim Europa"),
        ("vcs entregam?", Question.DELIVERY_AREA, None),
        ("quanto é a taxa pro centro?", Question.DELIVERY_FEE, "centro"),
        ("qto fica a entrega pra vila mariana", Question.DELIVERY_FEE, "vila mariana"),
        ("qual a taxa de entrega?", Question.DELIVERY_FEE, None),
        ("posso retirar aí?", Question.PICKUP, None),
        ("dá pra buscar?", Question.PICKUP, None),
        ("quanto tempo demora?", Question.ESTIMATE, None),
        ("demora muito?", Question.ESTIMATE, None),
        ("em quanto tempo chega", Question.ESTIMATE, None),
        ("tem pedido mínimo?", Question.MINIMUM, None),
        ("qual o valor mínimo", Question.MINIMUM, None),
    ],
)
def test_delivery_questions(
    seed_parser: Parser, text: str, question: Question, place: str | None
) -> None:
    result = seed_parser.parse(text)
    assert result.intent is Intent.ASK_DELIVERY
    assert result.question is question
    assert result.place == place


@pytest.mark.parametrize(
    ("text", "fulfilment"),
    [("vou buscar", Fulfilment.PICKUP), ("retiro no balcão", Fulfilment.PICKUP),
     ("pra retirada", Fulfilment.PICKUP), ("vou pegar aí", Fulfilment.PICKUP),
     ("é pra entregar", Fulfilment.DELIVERY), ("pra entrega", Fulfilment.DELIVERY),
     ("posso retirar aí?", None), ("já saiu pra entrega?", None)],
)
def test_pickup_or_delivery_said(
    seed_parser: Parser, text: str, fulfilment: Fulfilment | None
) -> None:
    assert seed_parser.parse(text).fulfilment is fulfilment


def test_an_order_for_pickup_keeps_its_items(seed_parser: Parser) -> None:
    result = seed_parser.parse("2 feijoadas, vou buscar")
    assert result.intent is Intent.ADD_ITEMS
    assert items_of(result) == {"feijoada": 2}
    assert result.fulfilment is Fulfilment.PICKUP


# --- a choice closed however a person answers; a line changed to another size ----------

@pytest.mark.parametrize(
    ("text", "number"),
    [("tanto faz", 1), ("qualquer uma", 1), ("você escolhe", 1), ("a mais barata", 2),
     ("a mais cara", 1), ("o maior", 1), ("2", 2)],
)
def test_a_choice_answered_as_a_person_would(
    seed_parser: Parser, text: str, number: int
) -> None:
    context = Context(expecting=Expecting.CHOICE, options=("coca_2l", "coca_lata"))
    result = seed_parser.parse(text, context)
    assert [ref.number for ref in result.numbers] == [number], text
    assert result.items == ()


def test_how_to_choose_needs_options_listed(seed_parser: Parser) -> None:
    assert seed_parser.parse("tanto faz").numbers == ()


@pytest.mark.parametrize(
    ("text", "last", "variant"),
    [("na verdade faz grande", "marmitex_media", "marmitex_grande"),
     ("a pequena", "marmitex_grande", "marmitex_pequena"),
     ("faz a de 2 litros", "coca_lata", "coca_2l")],
)
def test_another_size_of_the_line_just_ordered_replaces_it(
    seed_parser: Parser, text: str, last: str, variant: str
) -> None:
    result = seed_parser.parse(text, Context(last_item=last))
    assert result.intent is Intent.REMOVE_ITEMS
    assert items_of(result) == {last: 1}
    assert [line.id for line in result.then_add] == [variant]


def test_another_size_on_another_menu(pizzaria_parser: Parser, acai_parser: Parser) -> None:
    result = pizzaria_parser.parse("na verdade faz grande",
                                   Context(last_item="pizza_calabresa_media"))
    assert [line.id for line in result.then_add] == ["pizza_calabresa_grande"]
    result = acai_parser.parse("o de 500", Context(last_item="acai_300"))
    assert [line.id for line in result.then_add] == ["acai_500"]
