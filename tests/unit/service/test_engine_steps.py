"""Engine tables per step: (step, message) → (step, reply fragment), for every kind of message.

Each step is reached the way a customer reaches it, then one message is sent; the
table says where the conversation is afterwards and what the reply must say. The
readings are given as the parser should give them (``nlu.ParseResult`` fields).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest

from nlu import Fulfilment, PaymentMethod, Question
from service.domain.conversation import NO_CHANGE, Address, PendingChoice, State
from service.domain.events import (
    DataErasureConfirmed,
    HumanRequested,
    OrderCancelRequested,
    OrderPlaced,
)
from service.domain.order import Order, OrderLine, Payment
from service.domain.steps import STEPS, parser_context
from service.domain.turn import Turn
from tests.builders import NOW, ROOT, inbound, second_menu
from tests.unit.service.chat import Chat, P, brl

ADDRESS = "Rua das Laranjeiras, 120, Centro"


def ordering(chat: Chat) -> None:
    chat.send(P("greeting"), "oi")
    chat.send(P("add_items", [("feijoada", 2)]), "2 feijoadas")


def choosing(chat: Chat) -> None:
    ordering(chat)
    chat.send(P("add_items", ambiguous=[(("coca_lata", "coca_2l"), 1, "coca")]), "uma coca")
    assert chat.state() is State.CHOOSING


def choosing_three(chat: Chat) -> None:
    chat.send(P("greeting"), "oi")
    chat.send(P("add_items", ambiguous=[(("suco_laranja", "suco_maracuja"), 3, "sucos")]),
              "3 sucos")


def choosing_sodas(chat: Chat) -> None:
    ordering(chat)
    chat.send(P("add_items", ambiguous=[(("coca_lata", "coca_2l", "guarana_lata"), 1,
                                         "refri")]), "um refri")
    assert chat.state() is State.CHOOSING


def asking_address(chat: Chat) -> None:
    ordering(chat)
    chat.send(P("checkout"), "finalizar")
    assert chat.state() is State.ASKING_ADDRESS


def asking_detail(chat: Chat) -> None:
    asking_address(chat)
    chat.send(P(), "rua dos pinheiros")
    assert chat.state() is State.ASKING_ADDRESS_DETAIL


def asking_payment(chat: Chat) -> None:
    asking_address(chat)
    chat.send(P(), ADDRESS)
    assert chat.state() is State.ASKING_PAYMENT


def asking_change(chat: Chat) -> None:
    asking_payment(chat)
    chat.send(P(payment="dinheiro"), "dinheiro")
    assert chat.state() is State.ASKING_CHANGE


def confirming(chat: Chat) -> None:
    asking_payment(chat)
    chat.send(P(payment="pix"), "pix")
    assert chat.state() is State.CONFIRMING


def placed(chat: Chat) -> None:
    confirming(chat)
    chat.send(P("confirm"), "sim")
    assert any(isinstance(e, OrderPlaced) for e in chat.events)
    assert chat.conv is not None
    chat.conv = replace(chat.conv, last_order_number=7, last_order_status="novo")


SETUPS: dict[str, Callable[[Chat], None]] = {
    "ordering": ordering, "choosing": choosing, "choosing_three": choosing_three,
    "choosing_sodas": choosing_sodas,
    "asking_address": asking_address, "asking_detail": asking_detail,
    "asking_payment": asking_payment, "asking_change": asking_change,
    "confirming": confirming, "placed": placed,
}

# (step reached, message, its reading, step after, a fragment of the reply)
TABLE = [
    # ordering: items, slots given early, closing, asides
    ("ordering", "e uma coca lata", P("add_items", [("coca_lata", 1)]), State.ORDERING,
     "Mais alguma coisa?"),
    ("ordering", "vou pagar no cartão", P(payment="cartao"), State.ASKING_ADDRESS,
     "Pagamento: Cartão"),
    ("ordering", "manda pra rua augusta 500", P(address="rua augusta 500"),
     State.ASKING_PAYMENT, "Anotei o endereço de entrega: _rua augusta 500_"),
    ("ordering", "só isso", P("checkout"), State.ASKING_ADDRESS, "Qual o endereço"),
    ("ordering", "não, é só", P("deny"), State.ASKING_ADDRESS, "Qual o endereço"),
    ("ordering", "quanto deu?", P("show_cart"), State.ORDERING, f"*Total: {brl('74,80')}*"),
    ("ordering", "aceita cartão?", P(question=Question.PAYMENT_METHODS, payment="cartao"),
     State.ORDERING, "Aceitamos cartão"),
    ("ordering", "qual a chave pix?", P(question=Question.PIX_KEY), State.ORDERING, "Pix"),
    ("ordering", "aceita vr?", P(question=Question.PAYMENT_METHODS, payment="vale_refeicao"),
     State.ORDERING, "Não aceitamos vale-refeição"),
    ("ordering", "quanto tempo demora?", P(question=Question.ESTIMATE), State.ORDERING,
     "minutos"),
    ("ordering", "posso retirar aí?", P(question=Question.PICKUP), State.ORDERING,
     "só entrega"),
    ("ordering", "tem pedido mínimo?", P(question=Question.MINIMUM), State.ORDERING,
     "Não temos pedido mínimo"),
    ("ordering", "a lasanha dá pra 2?",
     P("add_items", [("lasanha_bolonhesa", 1)], question=Question.ITEM_INFO,
       about=("lasanha_bolonhesa",)), State.ORDERING, "Lasanha à Bolonhesa"),
    ("ordering", "serve quantas pessoas?",
     P(question=Question.ITEM_INFO, about=("feijoada",)), State.ORDERING,
     "Feijoada com arroz, couve, farofa"),
    ("ordering", "vou buscar", P(fulfilment=Fulfilment.PICKUP), State.ORDERING,
     "só entrega"),
    ("ordering", "asdfgh", P(), State.ORDERING, "não entendi"),
    # choosing: every way a person answers, and commands that must not be trapped
    ("choosing", "a de lata", P("add_items", ambiguous=[(("coca_lata", "guarana_lata"), 1,
                                                         "lata")]),
     State.ORDERING, "1x Coca-Cola lata 350ml"),
    ("choosing", "tanto faz", P(), State.CHOOSING, "Não entendi qual"),
    ("choosing", "não quero", P("deny"), State.ORDERING, "deixei _coca_ de fora"),
    ("choosing", "finalizar", P("checkout"), State.ASKING_ADDRESS, "deixei _coca_ de fora"),
    ("choosing", "atendente", P("human"), State.CHOOSING, "Já avisei a equipe"),
    ("choosing", "cardápio", P("show_menu"), State.CHOOSING, "Qual _coca_"),
    ("choosing", "cancelar", P("cancel"), State.CONFIRMING_CANCEL, "cancelar"),
    ("choosing", "e um pudim", P("add_items", [("pudim", 1)]), State.CHOOSING,
     "1x Pudim de Leite"),
    ("choosing_three", "2 de laranja e 1 de maracujá",
     P("add_items", [("suco_laranja", 2), ("suco_maracuja", 1)]), State.ORDERING,
     "1x Suco de Maracujá"),
    ("choosing_three", "2 de laranja", P("add_items", [("suco_laranja", 2)]), State.CHOOSING,
     "E o outro"),
    ("choosing_three", "laranja", P("add_items", [("suco_laranja", 1)]), State.ORDERING,
     "3x Suco de Laranja"),
    ("choosing_sodas", "lata", P("add_items", ambiguous=[(("coca_lata", "guarana_lata"), 1,
                                                         "lata")]),
     State.CHOOSING, "2. Guaraná Antarctica lata"),  # the cans only, renumbered
    ("choosing_sodas", "2 latas", P("add_items", ambiguous=[(("coca_lata", "guarana_lata"), 2,
                                                             "latas")]),
     State.CHOOSING, "3. Guaraná Antarctica lata"),  # another order: the question as it was
    # the address step: what is an address and what is not
    ("asking_address", "Rua da Ajuda, 45", P("help"), State.ASKING_PAYMENT, "Como vai pagar"),
    ("asking_address", "rua domingos de morais 1500", P("ask_hours"), State.ASKING_PAYMENT,
     "Como vai pagar"),
    ("asking_address", "cep 05422-010, 300", P(), State.ASKING_PAYMENT, "Como vai pagar"),
    ("asking_address", "rua dos pinheiros", P(), State.ASKING_ADDRESS_DETAIL, "Qual o número"),
    ("asking_address", "ah esquece, depois eu peço", P("cancel"), State.CONFIRMING_CANCEL,
     "cancelar"),
    ("asking_address", "dá pra entregar só às 20h?", P("ask_delivery", numbers=[20]),
     State.ASKING_ADDRESS, "Qual o endereço"),
    ("asking_address", "apto 32", P(), State.ASKING_ADDRESS, "Qual a rua e o número"),
    ("asking_address", "pix", P(payment="pix"), State.ASKING_ADDRESS, "Qual o endereço"),
    ("asking_address", "e uma coca lata", P("add_items", [("coca_lata", 1)]),
     State.ASKING_ADDRESS, "Qual o endereço"),
    ("asking_address", "cardápio", P("show_menu"), State.ASKING_ADDRESS, "Qual o endereço"),
    ("asking_address", "hmm", P(), State.ASKING_ADDRESS, "Não consegui ler um endereço"),
    ("asking_detail", "870", P(numbers=[870]), State.ASKING_PAYMENT, "rua dos pinheiros, 870"),
    ("asking_detail", "não sei", P("deny"), State.ASKING_PAYMENT, "Como vai pagar"),
    # payment: by name, by number, refused, with the change, after an address follow-up
    ("asking_payment", "2", P(numbers=[2]), State.CONFIRMING, "Cartão (na entrega)"),
    ("asking_payment", "vale refeição", P(payment="vale_refeicao"), State.ASKING_PAYMENT,
     "Não aceitamos vale-refeição"),
    ("asking_payment", "dinheiro, troco pra 100", P(payment="dinheiro", change_for=100),
     State.CONFIRMING, f"troco para {brl('100,00')}"),
    ("asking_payment", "bairro centro", P(address="bairro centro"), State.ASKING_PAYMENT,
     "Endereço atualizado"),
    ("asking_payment", "apto 31", P(), State.ASKING_PAYMENT, "apto 31"),
    ("asking_payment", "bairro centro", P("ask_delivery"), State.ASKING_PAYMENT,
     "Centro, bairro centro"),
    ("asking_payment", "fica perto do centro?", P(question=Question.DELIVERY_AREA),
     State.ASKING_PAYMENT, "Entregamos"),
    ("asking_payment", "sim", P("confirm"), State.ASKING_PAYMENT,
     "Não entendi a forma de pagamento"),
    # change
    ("asking_change", "50", P(numbers=[50]), State.ASKING_CHANGE, "não cobre"),
    ("asking_change", "R$ 100", P(money_cents=10000), State.CONFIRMING,
     f"troco para {brl('100,00')}"),
    ("asking_change", "tenho trocado", P(no_change=True), State.CONFIRMING, "sem troco"),
    ("asking_change", "100", P("add_items", [("feijoada", 100)], replace=True),
     State.CONFIRMING, f"troco para {brl('100,00')}"),  # a bare amount is the cash
    ("asking_change", "R$ 100,00", P(), State.CONFIRMING, f"troco para {brl('100,00')}"),
    ("asking_change", "não", P("deny"), State.CONFIRMING, "sem troco"),
    ("asking_change", "muda pra pix", P(payment="pix"), State.CONFIRMING, "💳 Pix"),
    # the summary: a change in one message shows it again, never asking what is known
    ("confirming", "muda pra cartão", P(payment="cartao"), State.CONFIRMING,
     "💳 Cartão (na entrega)"),
    ("confirming", "troca pra dinheiro, troco pra 100", P(payment="dinheiro", change_for=100),
     State.CONFIRMING, f"troco para {brl('100,00')}"),
    ("confirming", "dinheiro", P(payment="dinheiro"), State.ASKING_CHANGE, "Troco para quanto"),
    ("confirming", "põe mais um pudim", P("add_items", [("pudim", 1)]), State.CONFIRMING,
     "1x Pudim de Leite"),
    ("confirming", "o número é 122, não 120",
     P(address="o número é 122, não 120"), State.CONFIRMING, "Rua das Laranjeiras, 122"),
    ("confirming", "muda o endereço pra rua joão moura 99",
     P(address="muda o endereço pra rua joão moura 99"), State.CONFIRMING,
     "📍 rua joão moura 99"),
    ("confirming", "apto 12", P(), State.CONFIRMING, "Centro, apto 12"),
    ("confirming", "quanto tempo demora?", P(question=Question.ESTIMATE), State.CONFIRMING,
     "Responda *sim*"),
    ("confirming", "hein", P(), State.CONFIRMING, "diga o que mudar"),
    # after the order: cancelling it while new asks first
    ("placed", "quero cancelar meu pedido", P("cancel"), State.CONFIRMING_ORDER_CANCEL,
     "cancelar o pedido *#7*"),
]


@pytest.mark.parametrize(("setup", "text", "reading", "state", "fragment"), TABLE,
                         ids=[f"{row[0]}: {row[1]}" for row in TABLE])
def test_each_step_answers_each_kind_of_message(setup, text, reading, state, fragment):
    chat = Chat()
    SETUPS[setup](chat)
    cart_before = chat.conv.cart if chat.conv else None
    reply = chat.send(reading, text)
    assert chat.state() is state, reply
    assert fragment in reply
    if state is not State.ORDERING or setup != "ordering":
        assert chat.conv is not None and cart_before is not None
        kept = {line.item_id for line in cart_before.lines}
        assert kept <= {line.item_id for line in chat.conv.cart.lines}, "nothing loses the cart"


@pytest.mark.parametrize("setup", ["ordering", "asking_address", "asking_payment",
                                   "confirming"])
def test_a_slot_given_is_never_asked_again(setup):
    chat = Chat()
    chat.send(P("greeting"), "oi")
    chat.send(P("add_items", [("feijoada", 1)], payment="cartao"),
              "1 feijoada, vou pagar no cartão")
    chat.send(P("checkout"), "finalizar")
    reply = chat.send(P(), ADDRESS)
    assert "Como vai pagar" not in reply and "Confirma o pedido?" in reply
    assert chat.state() is State.CONFIRMING


def test_several_slots_in_one_message_go_straight_to_the_summary():
    chat = Chat()
    chat.send(P("greeting"), "oi")
    chat.send(P("add_items", [("pudim", 2)], payment="pix", address="rua augusta 500"),
              "2 pudins pra rua augusta 500, pago no pix")
    reply = chat.send(P("checkout"), "só isso")
    assert "Confirma o pedido?" in reply and "rua augusta 500" in reply
    assert "Qual o endereço" not in reply and "Como vai pagar" not in reply


def test_the_summary_changes_keep_address_and_payment():
    chat = Chat()
    confirming(chat)
    chat.send(P("add_items", [("pudim", 1)]), "põe um pudim")
    chat.send(P(payment="cartao"), "muda pra cartão")
    reply = chat.send(P("confirm"), "sim")
    order = next(e.order for e in chat.events if isinstance(e, OrderPlaced))
    assert order.payment.method.value == "cartao" and order.address.text == ADDRESS
    assert {line.item_id: line.quantity for line in order.lines} == {"feijoada": 2, "pudim": 1}
    assert "Qual o endereço" not in reply


def test_exact_cash_is_no_change_on_the_order():
    chat = Chat()
    asking_change(chat)
    chat.send(P(no_change=True), "tenho trocado")
    assert chat.conv is not None and chat.conv.change_for_cents == NO_CHANGE
    chat.send(P("confirm"), "sim")
    order = next(e.order for e in chat.events if isinstance(e, OrderPlaced))
    assert order.payment.change_for_cents is None


def test_change_that_no_longer_covers_a_bigger_cart_is_asked_again():
    chat = Chat()
    asking_change(chat)
    chat.send(P(money_cents=8000), "80")
    assert chat.state() is State.CONFIRMING
    reply = chat.send(P("add_items", [("pudim", 2)]), "põe 2 pudins")
    assert "não cobre" in reply and "Troco para quanto" in reply
    assert chat.state() is State.ASKING_CHANGE


# -- corrections replace variants ------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "correction", "expected"),
    [
        ([("marmitex_media", 1)], [("marmitex_grande", 1)], {"marmitex_grande": 1}),
        ([("marmitex_media", 2)], [("marmitex_grande", 1)], {"marmitex_grande": 2}),
        ([("suco_laranja", 1), ("pudim", 1)], [("suco_maracuja", 1)],
         {"suco_maracuja": 1, "pudim": 1}),
        ([("feijoada", 2)], [("feijoada", 4)], {"feijoada": 4}),
        ([("feijoada", 1)], [("pudim", 1)], {"feijoada": 1, "pudim": 1}),  # no variant: added
    ],
)
def test_a_correction_replaces_the_variant_in_the_cart(first, correction, expected):
    chat = Chat()
    chat.send(P("add_items", first), "pedido")
    reply = chat.send(P("add_items", correction, replace=True), "na verdade …")
    assert chat.conv is not None
    assert {line.item_id: line.quantity for line in chat.conv.cart.lines} == expected
    if "marmitex_media" in {i for i, _ in first}:
        assert "Troquei" in reply and "Marmitex Grande" in reply


def test_an_ambiguous_correction_picks_the_option_that_is_a_variant():
    chat = Chat()
    chat.send(P("add_items", [("suco_laranja", 1)]), "um suco de laranja")
    chat.send(P("add_items", ambiguous=[(("suco_maracuja", "mousse_maracuja"), 1,
                                         "maracujá")], replace=True),
              "na verdade de maracujá")
    assert chat.conv is not None
    assert {line.item_id for line in chat.conv.cart.lines} == {"suco_maracuja"}


# -- yes-or-no steps -----------------------------------------------------------------------


def test_cancelling_a_new_order_asks_then_emits_the_cancel_event():
    chat = Chat()
    placed(chat)
    chat.send(P("cancel"), "quero cancelar meu pedido")
    chat.send(P("confirm"), "sim")
    assert OrderCancelRequested(chat.conv.phone, 7) in chat.events  # type: ignore[union-attr]


def test_nao_keeps_the_placed_order():
    chat = Chat()
    placed(chat)
    chat.send(P("cancel"), "cancelar")
    reply = chat.send(P("deny"), "não")
    assert "continua de pé" in reply
    assert not any(isinstance(e, OrderCancelRequested) for e in chat.events)


@pytest.mark.parametrize("status", ["em_preparo", "saiu_para_entrega"])
def test_cancelling_an_order_under_way_calls_a_person(status):
    chat = Chat()
    placed(chat)
    assert chat.conv is not None
    chat.conv = replace(chat.conv, last_order_status=status)
    reply = chat.send(P("cancel"), "cancela meu pedido")
    assert "chamei alguém da equipe" in reply
    assert any(isinstance(e, HumanRequested) and e.reason == "cancel_order"
               for e in chat.events)
    assert chat.state() is State.ORDERING


@pytest.mark.parametrize(("answer", "erased"), [(P("confirm"), True), (P("deny"), False)])
def test_erasure_is_confirmed_first(answer, erased):
    chat = Chat()
    ordering(chat)
    assert "apagar os seus dados" in chat.send(P(erase_data=True), "apaga meus dados")
    assert chat.state() is State.CONFIRMING_ERASURE
    reply = chat.send(answer, "resposta")
    assert any(isinstance(e, DataErasureConfirmed) for e in chat.events) is erased
    assert chat.conv is not None
    if erased:
        assert "apagamos seu nome" in reply
        assert chat.conv.customer_name == "" and chat.conv.cart.empty
    else:
        assert chat.conv.cart.quantity_of("feijoada") == 2


def _last_order() -> Order:
    return Order(
        phone="+5511987654321", customer_name="Maria", delivery_fee_cents=500,
        lines=(OrderLine("feijoada", "Feijoada Completa", 1, 3490),
               OrderLine("coca_lata", "Coca-Cola lata 350ml", 2, 600)),
        address=Address(ADDRESS), payment=Payment(PaymentMethod.PIX), created_at=NOW, number=7,
    )


def test_o_de_sempre_offers_the_last_order_and_sim_goes_to_the_summary():
    chat = Chat()
    chat.send(P("greeting"), "oi")
    offer = chat.send(P(repeat_last=True), "o de sempre", last_order=_last_order())
    assert "Seu último pedido" in offer and "2x Coca-Cola lata 350ml" in offer
    assert chat.state() is State.OFFERING_REPEAT
    summary = chat.send(P("confirm"), "isso", last_order=_last_order())
    assert "Confirma o pedido?" in summary and ADDRESS in summary and "💳 Pix" in summary
    assert chat.state() is State.CONFIRMING


def test_o_de_sempre_without_an_order_says_so():
    chat = Chat()
    chat.send(P("greeting"), "oi")
    assert "Ainda não tenho um pedido seu" in chat.send(P(repeat_last=True), "o de sempre")
    assert chat.state() is State.ORDERING


def test_ordering_something_else_at_a_yes_no_question_takes_the_order():
    chat = Chat()
    ordering(chat)
    chat.send(P("cancel"), "cancelar")
    reply = chat.send(P("add_items", [("pudim", 1)]), "não, quero mais um pudim")
    assert "1x Pudim de Leite" in reply
    assert chat.state() is State.ORDERING


# -- misunderstanding, greeting ----------------------------------------------------------


def test_two_misunderstandings_in_a_row_call_a_person_once():
    chat = Chat()
    ordering(chat)
    chat.send(P(), "asdf")
    assert not any(isinstance(e, HumanRequested) for e in chat.events)
    reply = chat.send(P(), "qwer")
    assert "chamei alguém da equipe" in reply
    called = [e for e in chat.events if isinstance(e, HumanRequested)]
    assert [e.reason for e in called] == ["not_understood"]
    chat.send(P("add_items", [("pudim", 1)]), "um pudim")
    chat.send(P(), "zxcv")
    assert len([e for e in chat.events if isinstance(e, HumanRequested)]) == 1


@pytest.mark.parametrize(
    ("name", "salutation", "expected", "absent"),
    [
        ("Dona Maria Aparecida", None, "Olá, Maria!", "Dona"),
        ("Sr. João", "bom dia", "Bom dia, João!", "Sr"),
        ("Dra. Ana Paula", "boa noite", "Boa noite, Ana!", "Dra"),
        ("Seu Jorge", "boa tarde", "Boa tarde, Jorge!", "Seu Jorge"),
        ("", None, "Olá!", "Olá, !"),
    ],
)
def test_the_greeting_uses_the_first_name_and_answers_in_kind(name, salutation, expected,
                                                               absent):
    chat = Chat()
    reply = chat.send(P("greeting", salutation=salutation), "oi", name=name)
    assert expected in reply and absent not in reply


def test_the_example_comes_from_the_loaded_menu():
    chat = Chat(second_menu())
    reply = chat.send(P("greeting"), "oi")
    assert "frango assado" in reply and "feijoada" not in reply.lower()


# -- the table itself ----------------------------------------------------------------------


def test_every_state_has_one_step_record_with_a_prompt():
    states = [step.state for step in STEPS]
    assert sorted(states) == sorted(State) and len(states) == len(set(states))
    chat = Chat()
    confirming(chat)
    assert chat.conv is not None
    for step in STEPS:
        if step.state is not State.ORDERING:
            waiting = PendingChoice(("coca_lata", "coca_2l"), 1, None, "coca")
            assert step.prompt(replace(chat.conv, state=step.state, pending=(waiting,)),
                               _turn(chat))


def _turn(chat: Chat) -> Turn:
    return Turn(inbound("x"), P(), chat.menu, NOW)


def test_the_parser_is_told_what_the_step_waits_for():
    chat = Chat()
    choosing(chat)
    context = parser_context(chat.conv)
    assert context.expecting.value == "choice"
    assert context.options == ("coca_lata", "coca_2l")
    assert context.last_item == "feijoada" and context.cart == ("feijoada",)
    chat.send(P("show_menu"), "cardápio")
    chat.send(P("deny"), "não")
    chat.send(P("show_menu"), "cardápio")
    assert parser_context(chat.conv).expecting.value == "menu_number"
    assert parser_context(None).expecting.value == "nothing"


def test_the_state_diagram_draws_every_step():
    doc = (ROOT / "docs" / "conversation-states.md").read_text(encoding="utf-8")
    diagram = doc.split("```mermaid", 1)[1].split("```", 1)[0]
    drawn = set(re.findall(r"([a-z_]+) -->|--> ([a-z_]+)", diagram))
    nodes = {name for pair in drawn for name in pair if name}
    assert {state.value for state in State} <= nodes
    assert nodes - {state.value for state in State} == set()


def test_a_customer_who_asks_for_a_moment_is_waited_for_not_misunderstood() -> None:
    chat = Chat()
    confirming(chat)
    for _ in range(4):  # never taken as not understood, so never handed to a person
        reply = chat.send(P(waiting=True), "peraí, vou ver com meu marido")
        assert "sem pressa" in reply and "*sim* para confirmar" in reply
        assert chat.state() is State.CONFIRMING
    assert not any(isinstance(e, HumanRequested) for e in chat.events)
    chat.send(P("confirm"), "sim")
    assert any(isinstance(e, OrderPlaced) for e in chat.events)
