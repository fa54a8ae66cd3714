"""What the customer wants: one ordered table of named rules; the first that applies decides.

Each :class:`Rule` says when it applies (a test on the message's :class:`Reading`), the
intent it gives, and examples and counter-examples: messages it must decide and messages
it must leave to other rules. The examples run as tests on the seed menu
(``tests/unit/nlu/test_rules.py``), and every result names the rule that fired.
Order matters: specific rules come before general ones ("cancela a lasanha" removes an
item before "cancela" cancels the order; "cadê meu pedido" asks where it is before
"meu pedido" shows the cart).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import nlu.phrases as P
from nlu.draft import Draft, lines
from nlu.expectation import Context, Expecting
from nlu.patterns import Phrases
from nlu.reading import Reading, greeted
from nlu.result import Intent, ItemLine, NumberRef, Question
from nlu.spans import original_text

__all__ = ["RULES", "Example", "Rule", "after", "decide"]

# A rule's example: a message alone, or a message in a conversation's context.
Example = str | tuple[str, Context]


def after(text: str, **context: object) -> tuple[str, Context]:
    """An example said in a context: ``after("são 4", last_item="pudim")``."""
    return text, Context(**context)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Rule:
    """One named way of deciding a message's intent."""

    name: str
    intent: Intent
    when: Callable[[Reading], bool]
    examples: tuple[Example, ...]
    counter_examples: tuple[Example, ...] = ()
    question: Question | None = None  # the question the rule answers, if it is one
    effect: Callable[[Draft, Reading], None] | None = None  # what it changes in the result
    # What the rule cannot apply without, checked before ``when`` so that most messages
    # skip most rules at once (a test checks that these agree with ``when``): a phrase list
    # the message must hold, a menu item named (True) or none (False), a context.
    needs: Phrases | None = None
    with_items: bool | None = None
    in_context: bool = False


# --- what some rules change in the result ------------------------------------------

def _nothing_unknown(draft: Draft, reading: Reading) -> None:
    draft.unknown = []


def _nothing_ordered(draft: Draft, reading: Reading) -> None:
    """ "só a feijoada mesmo" with the feijoada in the cart: nothing more, nothing added."""
    draft.found.items, draft.found.ambiguous, draft.replace = {}, [], False


def _person_asked(draft: Draft, reading: Reading) -> None:
    """ "queria encomendar 50 churros pra uma festa, tem como falar com alguém?": the person
    takes it from there; nothing is added and nothing is called unknown."""
    _nothing_ordered(draft, reading)
    draft.unknown = []


def _same_question_of_place(draft: Draft, reading: Reading) -> None:
    """ "e pra vila mariana?": the question just answered, of the place now named."""
    assert reading.context is not None
    draft.question = reading.context.asked
    draft.place = original_text(reading.written, reading.follow_up_place)


def _erase(draft: Draft, reading: Reading) -> None:
    draft.erase_data = True
    draft.unknown = []


def _chosen_position(draft: Draft, reading: Reading) -> None:
    position = reading.position
    draft.numbers = [NumberRef(position)] if position else []


def _restate_last(draft: Draft, reading: Reading) -> None:
    assert reading.last_item is not None
    draft.found.items = lines(reading.last_item, reading.orphans[0])
    draft.numbers, draft.unknown = [], []
    draft.replace = True


def _size_of_last(draft: Draft, reading: Reading) -> None:
    assert reading.last_item is not None and reading.variant is not None
    draft.found.items, draft.found.ambiguous = lines(reading.last_item, 1), []
    draft.then.items, draft.then.ambiguous = lines(reading.variant, 1), []
    draft.numbers, draft.unknown, draft.keep_swap = [], [], True


def _option(position: Callable[[Reading], int | None]) -> Callable[[Draft, Reading], None]:
    def chosen(draft: Draft, reading: Reading) -> None:
        found = position(reading)
        draft.numbers = [NumberRef(found)] if found else []
        draft.unknown = []
    return chosen


def _by_price(reading: Reading, dearest: bool) -> int | None:
    """1-based position of the cheapest (or dearest) option, from the menu's prices."""
    assert reading.context is not None
    prices = reading.option_prices
    if not prices:
        return None
    best = (max if dearest else min)(prices)
    return prices.index(best) + 1


def _another_of_last(draft: Draft, reading: Reading) -> None:
    assert reading.last_item is not None
    draft.found.items = lines(reading.last_item, reading.orphans[0] if reading.orphans else 1)
    draft.numbers, draft.unknown = [], []


def _note_on_last(draft: Draft, reading: Reading) -> None:
    assert reading.last_item is not None
    note = reading.plain.removeprefix("e ").removeprefix("mas ")
    draft.found.items = {reading.last_item: ItemLine(reading.last_item, 1, note, unsaid=True)}
    draft.found.ambiguous, draft.numbers, draft.unknown = [], [], []
    draft.replace = True


def _one_of_last(draft: Draft, reading: Reading) -> None:
    assert reading.last_item is not None
    draft.found.items, draft.found.ambiguous = lines(reading.last_item, 1), []
    draft.numbers, draft.unknown = [], []


def _address(draft: Draft, reading: Reading) -> None:
    draft.address = draft.address or reading.written
    draft.numbers, draft.unknown = [], []


def _repeat_last(draft: Draft, reading: Reading) -> None:
    draft.repeat_last = True


def _about_last(draft: Draft, reading: Reading) -> None:
    assert reading.last_item is not None
    draft.about = (reading.last_item,)
    draft.numbers, draft.unknown = [], []


def _no_numbers(draft: Draft, reading: Reading) -> None:
    draft.numbers = []


def _item_info(draft: Draft, reading: Reading) -> None:
    """A question about an item: what is counted after "quantos" ("o kit festa vem quantas
    esfihas?") is what the item holds, not another item asked about."""
    draft.numbers = []
    found = draft.found
    if found.items:
        found.ambiguous = [amb for amb in found.ambiguous
                           if f" quantos {amb.text} " not in f" {reading.full} "
                           and f" quantas {amb.text} " not in f" {reading.full} "]


def _waits(draft: Draft, reading: Reading) -> None:
    draft.waiting = True


def _keep_swap(draft: Draft, reading: Reading) -> None:
    draft.keep_swap = True


# --- conditions shared by several rules ------------------------------------------

def _ordering(r: Reading) -> bool:
    return r.says_besides(P.ORDER_VERB, P.WANT_TO_KNOW)  # "queria saber se tem…" asks


def _menu_part(r: Reading) -> bool:
    """ "me manda o cardápio das sobremesas": a part of the menu, not an order."""
    return r.says(P.MENU_OF) and not P.ORDER_VERB.search(P.MENU_OF.remove(r.text))


def _restating_step(r: Reading) -> bool:
    """Can a quantity alone restate the last line here? While ordering, yes ("4"); at a
    checkout question a bare number answers it (the option, the house number, the cash),
    so only words say it restates ("na verdade são 4"); never at the address."""
    if r.expecting(Expecting.NOTHING):
        return True
    if r.expecting(Expecting.MENU_NUMBER, Expecting.CHOICE, Expecting.ADDRESS):
        return False
    return not r.bare


RULES: tuple[Rule, ...] = (
    Rule("empty", Intent.UNKNOWN, lambda r: r.empty,
         examples=("", "   ", "😀😂", "pagar na entrega"),
         counter_examples=("oi",)),
    Rule("erase_data", Intent.UNKNOWN, lambda r: r.says(P.ERASE_DATA), effect=_erase,
         needs=P.ERASE_DATA,
         examples=("apaga meus dados", "quero excluir meu cadastro", "remover meus dados",
                   "esquece meu número", "lgpd", "quero que vcs apaguem meus dados por favor"),
         counter_examples=("apaga a coca lata", "esquece o pedido", "exclui o pudim",
                           "cancela meu pedido", "meus dados: rua 7 de setembro 100")),
    Rule("complaint", Intent.HUMAN, lambda r: r.writes(P.COMPLAINT), effect=_nothing_unknown,
         needs=P.COMPLAINT,
         examples=("veio faltando a coca", "a comida chegou fria",
                   "eu pedi lasanha e veio strogonoff", "quero meu dinheiro de volta",
                   "faltou a coca no meu pedido"),
         counter_examples=("a feijoada tava ótima", "2 feijoadas", "tá errado",
                           "não, faltou a coca")),
    Rule("human_asked", Intent.HUMAN,
         lambda r: r.has_items and r.says(P.HUMAN_ASKED) and not r.says(P.NEGATED_HUMAN),
         effect=_person_asked,
         needs=P.HUMAN_ASKED,
         examples=("dá pra fazer feijoada pra sábado? queria falar com alguém",
                   "queria encomendar 50 feijoadas pra uma festa, tem como falar com alguém?",
                   "1 pudim, mas antes quero falar com o atendente"),
         counter_examples=("não quero falar com atendente, só 2 feijoadas", "falar com atendente",
                           "uma feijoada pra 3 pessoas")),
    Rule("choice_by_position", Intent.UNKNOWN, lambda r: r.position is not None,
         effect=_chosen_position,
         examples=("a segunda", "o primeiro", "a última", "pode ser a primeira opção"),
         counter_examples=("vcs abrem segunda?", "segunda feira vcs abrem?")),
    Rule("none_of_them", Intent.DENY, lambda r: r.short and r.writes(P.DENY_ALONE),
         needs=P.DENY_ALONE,
         examples=("nenhuma", "nenhum dos dois", "deixa", "deixa assim"),
         counter_examples=("deixa sem cebola", "deixa pra lá")),
    Rule("option_number", Intent.UNKNOWN,
         lambda r: r.context is not None and r.expecting(Expecting.CHOICE) and not r.has_items
         and r.has_numbers and not r.has_unknown,
         in_context=True,
         examples=(after("2", expecting=Expecting.CHOICE, options=("coca_lata", "coca_2l")),
                   after("a 1", expecting=Expecting.CHOICE, options=("coca_lata", "coca_2l"))),
         counter_examples=("2", after("2 feijoadas", expecting=Expecting.CHOICE))),
    Rule("any_option", Intent.UNKNOWN,
         lambda r: r.expecting(Expecting.CHOICE) and r.writes(P.ANY_OPTION),
         in_context=True, effect=_option(lambda r: 1),
         examples=(after("tanto faz", expecting=Expecting.CHOICE,
                         options=("suco_laranja", "suco_maracuja")),
                   after("qualquer uma", expecting=Expecting.CHOICE,
                         options=("coca_lata", "coca_2l"))),
         counter_examples=("tanto faz",)),
    Rule("option_by_price", Intent.UNKNOWN,
         lambda r: r.expecting(Expecting.CHOICE)
         and (r.writes(P.CHEAPEST_OPTION) or r.writes(P.DEAREST_OPTION)),
         in_context=True,
         effect=_option(lambda r: _by_price(r, dearest=r.writes(P.DEAREST_OPTION))),
         examples=(after("a mais barata", expecting=Expecting.CHOICE,
                         options=("coca_lata", "coca_2l")),
                   after("o maior", expecting=Expecting.CHOICE,
                         options=("marmitex_pequena", "marmitex_grande"))),
         counter_examples=("a mais barata",)),
    Rule("size_of_last", Intent.REMOVE_ITEMS,
         lambda r: r.variant is not None and not r.asks and r.writes(P.SIZE_CHANGE),
         in_context=True,
         effect=_size_of_last,
         examples=(after("na verdade faz grande", last_item="marmitex_media"),
                   after("a pequena", last_item="marmitex_grande"),
                   after("faz a de 2 litros", last_item="coca_lata")),
         counter_examples=(after("são 2", last_item="coca_lata"), "na verdade faz grande",
                           after("é grande?", last_item="marmitex_media"))),
    Rule("restated_quantity", Intent.ADD_ITEMS,
         lambda r: r.context is not None and r.last_item is not None and r.quantity_only
         and _restating_step(r) and r.writes(P.RESTATED_QUANTITY), effect=_restate_last,
         in_context=True,
         needs=P.RESTATED_QUANTITY,
         examples=(after("na verdade são 4", last_item="strogonoff_frango"),
                   after("são 4", last_item="strogonoff_frango"),
                   after("4", last_item="coca_lata"),
                   after("não, são três", last_item="pudim"),
                   after("então me vê uma", last_item="feijoada"),
                   after("põe 2 porções", last_item="batata_frita"),
                   after("manda 3 desses", last_item="pudim")),
         counter_examples=("na verdade são 4",
                           after("4", expecting=Expecting.MENU_NUMBER, last_item="pudim"),
                           after("2", expecting=Expecting.PAYMENT, last_item="pudim"),
                           after("45", expecting=Expecting.ADDRESS, last_item="pudim"),
                           after("cem", expecting=Expecting.CHANGE, last_item="pudim"),
                           after("moro no 4", last_item="pudim"),
                           after("na verdade são 4 pudins", last_item="pudim"))),
    Rule("another_of_last", Intent.ADD_ITEMS,
         lambda r: r.context is not None and r.last_item is not None and not r.has_items
         and r.writes(P.ANOTHER),
         effect=_another_of_last,
         with_items=False,
         in_context=True,
         needs=P.ANOTHER,
         examples=(after("outra", last_item="coca_lata"),
                   after("mais uma pra minha mãe", last_item="feijoada"),
                   after("mais um", last_item="pudim")),
         counter_examples=("outra", after("outra coca lata", last_item="feijoada"))),
    Rule("note_on_last", Intent.ADD_ITEMS,
         lambda r: r.context is not None and r.last_item is not None
         and r.last_item in r.context.cart and r.of_last_dish and not r.in_cart and not r.asks
         and not r.has_numbers and r.writes(P.NOTE_ON_LAST),
         effect=_note_on_last,
         in_context=True,
         needs=P.NOTE_ON_LAST,
         examples=(after("uma sem feijão", last_item="marmitex_grande",
                         cart=("marmitex_grande",)),
                   after("as duas bem passadas", last_item="bife_acebolado",
                         cart=("bife_acebolado",)),
                   after("sem farofa", last_item="feijoada", cart=("feijoada",))),
         counter_examples=(after("uma sem feijão", last_item="feijoada"),
                           after("sem troco", last_item="feijoada", cart=("feijoada",)),
                           after("sem mais nada", last_item="feijoada", cart=("feijoada",)),
                           after("uma sem cebola e uma coca lata", last_item="feijoada",
                                 cart=("feijoada",)),
                           after("sem farofa", last_item="feijoada",
                                 cart=("feijoada", "farofa")))),
    Rule("choice_on_last", Intent.ADD_ITEMS,
         lambda r: r.context is not None and r.last_item is not None
         and r.last_item in r.context.cart and r.lists_last_dish
         and not r.has_numbers and not r.asks,
         effect=_note_on_last,
         in_context=True,
         examples=(after("com legumes", last_item="frango_grelhado",
                         cart=("frango_grelhado",)),
                   after("e com bastante açafrão", last_item="galinhada",
                         cart=("galinhada",))),
         counter_examples=(after("com legumes", last_item="frango_grelhado"),
                           after("com legumes", last_item="feijoada", cart=("feijoada",)),
                           after("com pudim", last_item="feijoada", cart=("feijoada",)),
                           after("com troco", last_item="feijoada", cart=("feijoada",)))),
    Rule("one_of_last_out", Intent.REMOVE_ITEMS,
         lambda r: r.context is not None and r.last_item is not None
         and set(r.context.cart) == {r.last_item} and not r.has_items
         and r.writes(P.REMOVE_ONE),
         effect=_one_of_last,
         with_items=False,
         in_context=True,
         needs=P.REMOVE_ONE,
         examples=(after("tira uma", last_item="feijoada", cart=("feijoada",)),
                   after("ah tira 1", last_item="pudim", cart=("pudim",))),
         counter_examples=("tira uma",
                           after("tira uma", last_item="pudim", cart=("pudim", "feijoada")))),
    Rule("that_one_of_last", Intent.ADD_ITEMS,
         lambda r: r.context is not None and r.last_item is not None and not r.has_items
         and r.last_item not in r.context.cart and r.writes(P.THAT_ONE),
         effect=_another_of_last,
         with_items=False,
         in_context=True,
         needs=P.THAT_ONE,
         examples=(after("entao manda ela", last_item="feijoada"),
                   after("quero esse", last_item="pudim"),
                   after("blz, pode mandar ela", last_item="lasanha_bolonhesa")),
         counter_examples=("entao manda ela",
                           after("manda ela", last_item="feijoada", cart=("feijoada",)))),
    Rule("address_expected", Intent.UNKNOWN,
         lambda r: r.context is not None and r.expecting(Expecting.ADDRESS) and not r.has_items
         and not r.asks
         and (r.says(P.ADDRESS) or r.says(P.ADDRESS_PART)), effect=_address,
         with_items=False,
         in_context=True,
         examples=(after("rua das palmeiras 88", expecting=Expecting.ADDRESS),
                   after("bairro vila mariana", expecting=Expecting.ADDRESS),
                   after("apto 12, bloco b", expecting=Expecting.ADDRESS)),
         counter_examples=(after("ah esquece, depois eu peço", expecting=Expecting.ADDRESS),
                           after("dá pra entregar só às 20h?", expecting=Expecting.ADDRESS),
                           "bairro vila mariana")),
    Rule("repeat_last", Intent.ADD_ITEMS, lambda r: r.says(P.REPEAT_LAST), effect=_repeat_last,
         needs=P.REPEAT_LAST,
         examples=("o de sempre", "repete o último pedido", "quero o mesmo da última vez",
                   "o de sempre por favor"),
         counter_examples=("repete o pedido", "quero o mesmo suco")),
    Rule("yes_alone", Intent.CONFIRM, lambda r: r.writes(P.YES_ALONE),
         needs=P.YES_ALONE,
         examples=("manda bala", "demorou", "pode ser", "bora", "fechou", "isso", "beleza",
                   "show", "pode mandar", "tá ótimo", "perfeito", "ok", "confirmadíssimo",
                   "isso mesmo, pode mandar", "tá certo sim"),
         counter_examples=("manda 2 feijoadas", "pode ser a coca lata", "fechou, é só isso")),
    Rule("item_info_named", Intent.SHOW_MENU,
         lambda r: r.named and (r.says(P.ITEM_INFO) or (r.asks and (
             r.says(P.COMES_WITH) or (r.brief and r.says(P.MADE_OF))
             or (r.brief and r.says(P.HAS_INGREDIENT))))),
         question=Question.ITEM_INFO, effect=_item_info,
         examples=("a lasanha dá pra 2 pessoas?", "a feijoada serve quantas pessoas?",
                   "a lasanha serve quantos?",
                   "o pudim é grande?", "o suco é natural?", "o pf vem com o que?",
                   "a feijoada vem com arroz?", "o suco é de laranja mesmo?",
                   "a feijoada tem linguiça?"),
         counter_examples=("quero uma lasanha pra 2 pessoas", "uma lasanha grande",
                           "tem feijoada?", "vcs tem feijoada hoje?",
                           "a lasanha tava boa", "quero um suco que é de laranja",
                           "tudo bem? manda uma lasanha e de sobremesa um pudim")),
    Rule("item_info_of_last", Intent.SHOW_MENU,
         lambda r: r.context is not None and r.last_item is not None and not r.named
         and r.says(P.ITEM_INFO),
         question=Question.ITEM_INFO, effect=_about_last,
         in_context=True,
         examples=(after("é grande?", last_item="lasanha_bolonhesa"),
                   after("serve quantas pessoas?", last_item="feijoada")),
         counter_examples=("é grande?", after("a feijoada é grande?", last_item="pudim"))),
    Rule("item_info_unnamed", Intent.UNKNOWN,
         lambda r: not r.named and not r.has_unknown and r.says(P.ITEM_INFO),
         question=Question.ITEM_INFO, effect=_no_numbers,
         needs=P.ITEM_INFO,
         examples=("é grande?", "serve quantas pessoas?", "dá pra quantas pessoas?"),
         counter_examples=("a lasanha é grande?",)),
    Rule("pix_key", Intent.UNKNOWN,
         lambda r: not r.has_items and r.question is Question.PIX_KEY,
         question=Question.PIX_KEY,
         with_items=False,
         examples=("qual a chave pix?", "me passa o pix", "qual é o pix de vcs"),
         counter_examples=("vou pagar no pix", "aceita pix?")),
    Rule("payment_question_on_delivery", Intent.ASK_DELIVERY,
         lambda r: not r.has_items and r.question is Question.PAYMENT_METHODS
         and r.says(P.DELIVERY), question=Question.PAYMENT_METHODS,
         with_items=False,
         examples=("vcs aceitam pix na entrega?", "aceita cartão na entrega?"),
         counter_examples=("aceita cartão?",)),
    Rule("payment_question", Intent.UNKNOWN,
         lambda r: not r.has_items and r.question is Question.PAYMENT_METHODS,
         question=Question.PAYMENT_METHODS,
         with_items=False,
         examples=("aceita pix?", "aceita cartão?", "aceitam vr?", "vcs aceitam alelo?",
                   "quais as formas de pagamento?"),
         counter_examples=("vou pagar no cartão", "no pix")),
    Rule("payment_said", Intent.UNKNOWN,
         lambda r: not r.has_items and r.writes(P.PAYMENT_CHOICE),
         with_items=False,
         needs=P.PAYMENT_CHOICE,
         examples=("pode ser no débito", "vai ser no pix", "prefiro dinheiro",
                   "vou pagar no cartão"),
         counter_examples=("pode ser", "sim, no pix")),
    # --- a menu item is named -------------------------------------------------------
    # Cancelling what was already ordered, with an empty cart: the order goes.
    Rule("cancel_placed", Intent.CANCEL,
         lambda r: r.has_items and not (r.context is not None and r.context.cart)
         and r.says(P.CANCEL_VERB)
         and r.says(P.PLACED_ORDER),
         effect=_nothing_ordered,
         with_items=True,
         needs=P.PLACED_ORDER,
         examples=("pode cancelar a lasanha q eu pedi, nao vou estar em casa",
                   "cancela a feijoada que eu pedi"),
         counter_examples=("cancela a lasanha", "tira a coca que eu pedi")),
    Rule("remove_named", Intent.REMOVE_ITEMS,
         lambda r: r.has_items and (r.says_besides(P.REMOVE, P.PICKUP_SAID)
                                    or r.text.startswith("sem ")),
         effect=_keep_swap,
         with_items=True,
         examples=("tira a coca lata", "não quero mais o suco de laranja", "cancela a lasanha",
                   "sem o pudim", "tira o pudim e coloca 2 brigadeiros",
                   "tira a coca, vou retirar aí"),
         counter_examples=("2 feijoadas sem farofa", "quero 2 feijoadas",
                           "2 feijoadas pra retirar", "boa tarde, 1 pudim pra retirar")),
    Rule("only_what_is_in_cart", Intent.CHECKOUT,
         lambda r: r.in_cart and not r.counted and (r.says(P.ONLY_THE) or r.says(P.JUST_THAT)),
         effect=_nothing_ordered, with_items=True, in_context=True,
         examples=(after("ok, só a feijoada então", last_item="feijoada", cart=("feijoada",)),
                   after("não, só a feijoada mesmo", cart=("feijoada", "pudim"))),
         counter_examples=("ok, só a feijoada então",
                           after("só a feijoada", cart=("pudim",)),
                           after("só 2 feijoadas", cart=("feijoada",)))),
    Rule("just_that", Intent.CHECKOUT,
         lambda r: r.has_items and not r.counted and r.says(P.JUST_THAT),
         with_items=True,
         examples=("não, só a feijoada mesmo", "não é só o pudim"),
         counter_examples=("só 2 feijoadas",)),
    Rule("menu_part", Intent.SHOW_MENU,
         lambda r: r.has_items and not r.counted and _menu_part(r),
         with_items=True,
         examples=("me manda o cardápio das sobremesas", "manda o cardápio dos pratos"),
         counter_examples=("uma feijoada e manda o cardápio das bebidas",)),
    Rule("status_of_named", Intent.ORDER_STATUS,
         lambda r: r.has_items and r.says(P.ORDER_STATUS) and not _ordering(r),
         with_items=True,
         examples=("cadê a feijoada?", "a lasanha já saiu?", "a lasanha já tá saindo?"),
         counter_examples=("quero 2 feijoadas",)),
    Rule("delivery_of_named", Intent.ASK_DELIVERY,
         lambda r: r.has_items and r.says(P.DELIVERY) and not _ordering(r) and not r.counted
         and not r.says(P.ADDRESS),  # "x bacon, entrega no bloco 3": where, not whether
         with_items=True,
         examples=("vcs entregam marmitex?", "entregam feijoada no centro?"),
         counter_examples=("2 marmitex média pra entregar na rua 10, 55",)),
    Rule("help_with_named", Intent.HELP,
         lambda r: r.has_items and r.says(P.HELP) and not _ordering(r) and not r.counted,
         with_items=True,
         examples=("como funciona a marmitex?",),
         counter_examples=("quero uma marmitex",)),
    Rule("question_about_named", Intent.SHOW_MENU,
         lambda r: r.has_items and r.says(P.INFO_QUESTION) and not _ordering(r),
         with_items=True,
         examples=("tem feijoada hoje?", "quanto custa a lasanha?", "qual o preço do pudim?",
                   "queria saber se tem feijoada hoje", "a feijoada tá saindo hoje?"),
         counter_examples=("quero uma lasanha",
                           "queria saber se tem feijoada e se tiver manda uma")),
    Rule("item_question_follow_up", Intent.SHOW_MENU,
         lambda r: r.has_items and r.asks and r.last_item is not None and r.context is not None
         and r.last_item not in r.context.cart and r.written.lower().startswith("e ")
         and not _ordering(r),
         with_items=True, in_context=True,
         examples=(after("e 3 lasanha?", last_item="feijoada"),
                   after("e o pudim?", last_item="brigadeiro")),
         counter_examples=("e 3 lasanha?",
                           after("e 3 lasanha?", last_item="feijoada", cart=("feijoada",)),
                           after("e 3 lasanha", last_item="feijoada"))),
    Rule("praise", Intent.UNKNOWN,
         lambda r: r.has_items and not r.counted and not _ordering(r) and r.writes(P.PRAISE),
         effect=_nothing_unknown,
         with_items=True,
         examples=("a feijoada tava ótima", "amei a lasanha", "o pudim chegou perfeito"),
         counter_examples=("2 feijoadas", "a feijoada veio fria",
                           "manda outra feijoada que a de ontem tava ótima")),
    Rule("swap", Intent.REMOVE_ITEMS, lambda r: r.has_items and r.swap, effect=_keep_swap,
         with_items=True,
         examples=("troca a coca lata por um guaraná", "em vez da lasanha quero um strogonoff",
                   "no lugar do pudim manda um pavê",
                   after("troca um deles por um guaraná", last_item="coca_lata")),
         counter_examples=("quero 2 feijoadas e uma coca lata",)),
    Rule("swap_pending", Intent.REMOVE_ITEMS, lambda r: r.has_items and r.swap_pending,
         with_items=True,
         examples=("troca o pudim", "quero trocar o pudim"),
         counter_examples=("troca o pudim por um pavê",)),
    Rule("order", Intent.ADD_ITEMS, lambda r: r.has_items,
         with_items=True,
         examples=("quero 2 feijoadas", "me vê uma coca lata", "fejoada e lazanha",
                   "boa noite, 2 pf e 1 pudim"),
         counter_examples=("tira a coca lata", "cardápio")),
    # --- nothing on the menu is named ---------------------------------------------------
    Rule("human", Intent.HUMAN,
         lambda r: r.says(P.HUMAN) and not r.says(P.NEGATED_HUMAN),
         needs=P.HUMAN,
         examples=("falar com atendente", "tem alguém aí?", "atemdente",
                   "quero falar com um humano"),
         counter_examples=("não quero falar com atendente",)),
    Rule("nothing_more", Intent.CHECKOUT,
         lambda r: r.says(P.NOTHING_MORE) and not r.says(P.CANCEL_VERB),
         needs=P.NOTHING_MORE,
         examples=("não quero mais nada", "só isso mesmo"),
         counter_examples=("cancela, não quero mais nada",)),
    Rule("so_alone", Intent.CHECKOUT, lambda r: r.says(P.SO_ALONE),
         needs=P.SO_ALONE,
         examples=("só", "so", "só mesmo", "é só", "so por enquanto"),
         counter_examples=("só 2 feijoadas", "só isso?", "só a coca")),
    Rule("cancel", Intent.CANCEL, lambda r: r.says(P.CANCEL) and not r.has_unknown,
         needs=P.CANCEL,
         examples=("cancela tudo", "desisti", "zera o pedido", "limpa tudo aí", "cancelaa tudo"),
         counter_examples=("cancela a lasanha",)),
    Rule("remove_unnamed", Intent.REMOVE_ITEMS,
         lambda r: r.says(P.REMOVE_ALONE) or (r.says_besides(P.REMOVE, P.PICKUP_SAID)
                                               and r.has_unknown),
         examples=("tira isso", "remove o último item", "não quero mais a pizza"),
         counter_examples=("tira a coca lata",)),
    Rule("want_to_order_greeted", Intent.GREETING,
         lambda r: r.says(P.WANT_TO_ORDER) and greeted(r),
         needs=P.WANT_TO_ORDER,
         examples=("oi, quero fazer um pedido", "boa noite gostaria de fazer um pedido"),
         counter_examples=("quero fazer um pedido",)),
    Rule("want_to_order", Intent.SHOW_MENU, lambda r: r.says(P.WANT_TO_ORDER),
         needs=P.WANT_TO_ORDER,
         examples=("quero fazer um pedido", "posso fazer um pedido"),
         counter_examples=("quero 2 feijoadas",)),
    Rule("order_verb_alone", Intent.SHOW_MENU,
         lambda r: not r.expecting(Expecting.CONFIRMATION, Expecting.YES_NO)
         and r.says(P.ORDER_VERB_ALONE),
         needs=P.ORDER_VERB_ALONE,
         examples=("quero", "vou querer", "me ve por favor"),
         counter_examples=("quero 2 feijoadas", "quero ver o cardápio")),
    Rule("order_status", Intent.ORDER_STATUS, lambda r: r.says(P.ORDER_STATUS),
         needs=P.ORDER_STATUS,
         examples=("cadê meu pedido", "já saiu?", "já faz uma hora que pedi"),
         counter_examples=("meu pedido",)),
    Rule("cart_total", Intent.SHOW_CART, lambda r: r.says(P.CART_TOTAL),
         needs=P.CART_TOTAL,
         examples=("quanto deu?", "qual o total com a entrega?", "deu quanto tudo?",
                   "quanto fica com a entrega?",
                   "o que eu pedi?", "o que tem na minha sacola?"),
         counter_examples=("quanto custa a lasanha?",)),
    Rule("checkout_first", Intent.CHECKOUT, lambda r: r.says(P.CHECKOUT_FIRST),
         needs=P.CHECKOUT_FIRST,
         examples=("finalizar pedido", "finalisar pedido", "pode concluir"),
         counter_examples=("pode fechar",)),
    # The checkout answers the hours question itself: closed, it says when we open.
    Rule("checkout_open_yet", Intent.CHECKOUT,
         lambda r: r.says(P.HOURS) and r.says_besides(P.CHECKOUT, P.HOURS)
         and not r.written.rstrip().endswith("?"),
         needs=P.HOURS,
         examples=("pronto, já abriu? pode fechar", "vcs tão abertos? então é só isso"),
         counter_examples=("fecha que horas?", "já abriu?", "q horas fecha?")),
    Rule("hours", Intent.ASK_HOURS, lambda r: r.says(P.HOURS),
         needs=P.HOURS,
         examples=("vcs abrem domingo?", "até que horas?", "boa noite, vcs estão atendendo?"),
         counter_examples=("qual a taxa?",)),
    Rule("delivery_question", Intent.ASK_DELIVERY, lambda r: r.delivery_question,
         examples=("vocês entregam no capão redondo?", "quanto é a taxa pro centro?",
                   "posso retirar aí?", "quanto tempo demora?", "tem pedido mínimo?",
                   "qto fica a entrega pra vila mariana", "dá pra buscar?",
                   "em quanto tempo chega", "demora muito?", "qual o valor mínimo",
                   "vcs entregam na rua das flores 200?"),
         counter_examples=("vou buscar", "cadê meu pedido", "vcs fazem delivery?",
                           "entrega na rua das flores 200 centro")),
    Rule("place_follow_up", Intent.ASK_DELIVERY,
         lambda r: r.question is None and bool(r.follow_up_place),
         effect=_same_question_of_place, with_items=False, in_context=True,
         examples=(after("e pra vila mariana?", asked=Question.DELIVERY_FEE),
                   after("e no centro?", asked=Question.DELIVERY_AREA),
                   after("e pro jd botanico tambem?", asked=Question.DELIVERY_AREA)),
         counter_examples=("e pra vila mariana?",
                           after("e pra vila mariana?", asked=Question.ESTIMATE),
                           after("e no pix?", asked=Question.DELIVERY_FEE),
                           after("e pra amanhã?", asked=Question.DELIVERY_AREA))),
    Rule("fulfilment_said", Intent.UNKNOWN, lambda r: r.fulfilment is not None,
         examples=("vou buscar", "é pra entregar", "pra retirada", "vou pegar aí",
                   "retiro no balcão"),
         counter_examples=("posso retirar aí?", "já saiu pra entrega?")),
    Rule("delivery", Intent.ASK_DELIVERY,
         lambda r: r.says(P.DELIVERY) and (r.asks or not r.addressed),
         needs=P.DELIVERY,
         examples=("vcs fazem delivery?", "o motoboy é de vcs?", "vcs tao entregando?"),
         counter_examples=("vou pagar na entrega", "entrega na rua das flores 200 centro")),
    Rule("show_cart", Intent.SHOW_CART, lambda r: r.says(P.SHOW_CART),
         needs=P.SHOW_CART,
         examples=("meu pedido", "me fala o valor", "o que tem no meu pedido?",
                   "como ficou meu pedido?"),
         counter_examples=("cadê meu pedido",)),
    Rule("show_menu", Intent.SHOW_MENU, lambda r: r.says(P.SHOW_MENU),
         needs=P.SHOW_MENU,
         examples=("cardápio", "o que tem hoje?", "manda o menu", "cardapi", "menuu",
                   "qual a mistura de hoje?"),
         counter_examples=("quero 2 feijoadas",)),
    Rule("generic_question", Intent.SHOW_MENU,
         lambda r: not r.has_items and r.says(P.GENERIC_QUESTION),
         needs=P.GENERIC_QUESTION,
         examples=("boa tarde, vcs fazem comida pra festa?", "tem lanche?",
                   "vcs trabalham com doces?"),
         counter_examples=("quero um salgado", "tem feijoada?")),
    Rule("help", Intent.HELP, lambda r: r.says(P.HELP),
         needs=P.HELP,
         examples=("ajuda", "como funciona?", "como que eu peço?"),
         counter_examples=("oi",)),
    Rule("unknown_product_question", Intent.UNKNOWN,
         lambda r: r.has_unknown and r.says(P.HAVE_QUESTION),
         examples=("tem pizza?", "vcs vendem hamburguer?"),
         counter_examples=("quero uma pizza",)),
    Rule("praise_of_unknown", Intent.UNKNOWN,
         lambda r: r.has_unknown and not _ordering(r) and r.writes(P.PRAISE),
         effect=_nothing_unknown,
         examples=("as 2 pizzas tavam ótimas",),
         counter_examples=("quero um bolo de pote",)),
    Rule("unknown_product_info", Intent.SHOW_MENU,
         lambda r: r.has_unknown and r.says(P.INFO_QUESTION),
         examples=("quanto custa uma pizza?",),
         counter_examples=("quero uma pizza",)),
    Rule("unknown_product_order", Intent.ADD_ITEMS, lambda r: r.has_unknown,
         examples=("quero uma pizza", "me vê 2 hamburgueres"),
         counter_examples=("tem pizza?",)),
    Rule("numbered_order", Intent.ADD_ITEMS, lambda r: r.has_numbers and _ordering(r),
         needs=P.ORDER_VERB,
         examples=("quero o 3", "manda o 5 e o 7"),
         counter_examples=("o 3",)),
    Rule("strong_deny", Intent.DENY, lambda r: r.says(P.STRONG_DENY),
         needs=P.STRONG_DENY,
         examples=("não, não é isso", "tá errado", "nada disso"),
         counter_examples=("não",)),
    Rule("greeting_first", Intent.GREETING, lambda r: greeted(r) and not r.says(P.CHECKOUT),
         needs=P.GREETING_START,
         examples=("opa, blz?", "boa noite", "oi, tudo certo?", "salve"),
         counter_examples=("tudo bem?", "bom dia, agora sim, pode fechar")),
    Rule("confirm_first", Intent.CONFIRM,
         lambda r: r.says(P.CONFIRM_FIRST) and not r.says(P.DENY_START),
         needs=P.CONFIRM_FIRST,
         examples=("é isso mesmo moça", "ta certinho, obrigada"),
         counter_examples=("não, isso mesmo não",)),
    Rule("checkout", Intent.CHECKOUT, lambda r: r.says(P.CHECKOUT),
         needs=P.CHECKOUT,
         examples=("pode fechar", "é só isso", "fecha a conta"),
         counter_examples=("fecha que horas?",)),
    Rule("deny", Intent.DENY, lambda r: r.says(P.NEGATED_HUMAN) or r.says(P.DENY_START),
         examples=("não", "n", "não precisa de troco", "nãoo"),
         counter_examples=("sim",)),
    Rule("wait", Intent.UNKNOWN, lambda r: r.says(P.WAIT), effect=_waits,
         needs=P.WAIT,
         examples=("espera", "peraí, vou ver com meu marido", "calma", "um minuto"),
         counter_examples=("espera, põe mais uma coca lata", "não")),
    Rule("thanks_only", Intent.UNKNOWN,
         lambda r: r.says(P.THANKS) and not r.says(P.STRONG_CONFIRM),
         needs=P.THANKS,
         examples=("obrigada", "ok, obrigada!", "valeu"),
         counter_examples=("sim, obrigado",)),
    Rule("confirm", Intent.CONFIRM, lambda r: r.says(P.CONFIRM),
         needs=P.CONFIRM,
         examples=("sim senhora", "👍", "siiim", "ok, pode confirmar o pedido"),
         counter_examples=("não",)),
    # "Rua da Aurora, 100 - Boa Vista", "boa viagem" for "qual é o seu bairro?": the "boa"
    # of a place's name is no greeting.
    Rule("greeting", Intent.GREETING,
         lambda r: r.says(P.GREETING) and not r.says(P.ADDRESS)
         and not r.expecting(Expecting.ADDRESS),
         needs=P.GREETING,
         examples=("tudo bem?", "como vai?", "fala meu querido"),
         counter_examples=("asdfgh", "Rua dos Navegantes, 900 - Boa Viagem",
                           after("boa viagem", expecting=Expecting.ADDRESS),
                           "fala sério, o flamengo perdeu de novo")),
    Rule("not_understood", Intent.UNKNOWN, lambda r: True,
         examples=("asdfgh", "pode deixar na portaria", "SELECT * FROM users"),
         counter_examples=("oi",)),
)


def _gated(items: bool, context: bool) -> tuple[tuple[str | None, Rule], ...]:
    """The rules that may apply to a message with (or without) items and a context, in
    order, each with the name of the phrase list it needs."""
    return tuple(
        (rule.needs.name if rule.needs is not None else None, rule) for rule in RULES
        if (rule.with_items is None or rule.with_items is items)
        and (context or not rule.in_context)
    )


# The table, cut once per kind of message, so that a message only walks the rules that may
# apply to it.
_BY_SHAPE = {
    (items, context): _gated(items, context) for items in (False, True) for context in (False, True)
}


def decide(reading: Reading) -> Rule:
    """The first rule of the table that applies to the message."""
    tried = reading.tried
    for needs, rule in _BY_SHAPE[reading.has_items, reading.context is not None]:
        if (needs is None or needs in tried) and rule.when(reading):
            return rule
    raise AssertionError("the last rule applies to every message")
