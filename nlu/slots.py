"""What a message says besides its intent: payment, salutation, fulfilment, a question, a place.

Each reader takes ``says``, which tells whether the message holds a phrase of a list (the
message's :class:`nlu.reading.Reading` answers it, trying only lists whose words it has).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import nlu.phrases as P
from nlu.patterns import Phrases
from nlu.result import Fulfilment, PaymentMethod, Question

Says = Callable[[Phrases], bool]

__all__ = [
    "FULFILMENT_LISTS", "LAST", "PAYMENT_LISTS", "QUESTION_LISTS", "choice_position",
    "follow_up_place", "fulfilment_of", "payment_of", "place_words", "question_of",
    "salutation_of",
]

_PAYMENTS = (
    (P.PIX, PaymentMethod.PIX), (P.VOUCHER, PaymentMethod.VOUCHER),
    (P.CARD, PaymentMethod.CARD), (P.CASH, PaymentMethod.CASH),
)


# The lists each reader may try: a message that has none of their words skips the reader.
PAYMENT_LISTS = frozenset(phrases.name for phrases, _ in _PAYMENTS)


def payment_of(says: Says) -> PaymentMethod | None:
    """The payment method named in the message, if any."""
    for phrases, method in _PAYMENTS:
        if says(phrases):
            return method
    return None


def salutation_of(text: str) -> str | None:
    """"bom dia", "boa tarde" or "boa noite" when the customer used one, to answer in kind."""
    for salutation in P.SALUTATIONS:
        if salutation in text and re.search(rf"(?:^| ){salutation}(?= |$)", text):
            return salutation
    return None


def fulfilment_of(says: Says) -> Fulfilment | None:
    """Pickup or delivery when the customer says which (a question about it says neither)."""
    if says(P.PICKUP_QUESTION) or says(P.ORDER_STATUS):
        return None
    if says(P.PICKUP_SAID):
        return Fulfilment.PICKUP
    if says(P.DELIVERY_SAID) and not says(P.DELIVERY_ASKED):
        return Fulfilment.DELIVERY
    return None


# Checked in this order: the more specific question first.
_QUESTIONS = (
    (P.SPLIT_PAYMENT, Question.SPLIT_PAYMENT),
    (P.PIX_KEY, Question.PIX_KEY),
    (P.PAYMENT_QUESTION, Question.PAYMENT_METHODS),
    (P.MINIMUM, Question.MINIMUM),
    (P.PICKUP_QUESTION, Question.PICKUP),
    (P.ESTIMATE, Question.ESTIMATE),
    (P.DELIVERY_FEE, Question.DELIVERY_FEE),
    (P.DELIVERY_AREA, Question.DELIVERY_AREA),
)


QUESTION_LISTS = frozenset(phrases.name for phrases, _ in _QUESTIONS)
FULFILMENT_LISTS = frozenset(
    phrases.name for phrases in (P.PICKUP_QUESTION, P.PICKUP_SAID, P.DELIVERY_SAID)
)


def question_of(says: Says) -> Question | None:
    """A question answered from the restaurant's settings (not about an item), if any."""
    for phrases, question in _QUESTIONS:
        if says(phrases):
            return question
    return None


# Words after which a place may follow ("entregam no Centro", "taxa pra Moema").
_PLACE_CUES = frozenset({
    "entrega", "entregam", "entregar", "entregao", "entregas", "taxa", "frete", "atende",
    "atendem", "chega", "chegam", "delivery", "entregamos",
})
_PLACE_PREPOSITIONS = frozenset({"no", "na", "nos", "nas", "em", "pra", "ate", "pelo", "pela"})
# Words between the cue and the preposition ("entrega aqui no", "taxa de entrega pra").
_BEFORE_PLACE = frozenset({"aqui", "la", "ai", "de", "a", "o", "voces", "tambem", "ate"})
# Words that end a place ("no centro hoje?", "na vila nova e quanto é a taxa").
_AFTER_PLACE = frozenset({
    "e", "hoje", "amanha", "agora", "ainda", "tambem", "por", "pf", "ai", "la", "ne", "sim",
    "quanto", "qual", "que", "ou", "pra", "com", "se", "mesmo", "tipo", "obrigado", "obrigada",
})
# First words that are no place ("entregam em qual região?", "até que horas?", "em casa?").
_NO_PLACE = frozenset({
    "qual", "quais", "que", "onde", "todo", "toda", "todos", "todas", "longe", "perto",
    "casa", "minha", "meu", "quanto", "quantos", "horas", "hora", "domingo", "sabado",
    "feriado", "tempo", "voces", "aqui",
})
_LEADING = frozenset({"o", "a", "os", "as", "bairro"})
# No place name is longer than this many words ("Jardim Botânico da Serra Azul").
MAX_PLACE_WORDS = 6


def place_words(text: str) -> list[str]:
    """The place a delivery question names ("pro capao redondo" → [capao, redondo]), or []."""
    words = text.split()
    for i, word in enumerate(words):
        if word not in _PLACE_CUES:
            continue
        j = i + 1
        while j < len(words) and words[j] not in _PLACE_PREPOSITIONS and words[j] in _BEFORE_PLACE:
            j += 1
        if j >= len(words) or words[j] not in _PLACE_PREPOSITIONS:
            continue
        j += 1
        while j < len(words) and words[j] in _LEADING:
            j += 1
        place: list[str] = []
        while j < len(words) and words[j] not in _AFTER_PLACE and len(place) < MAX_PLACE_WORDS:
            place.append(words[j])
            j += 1
        if place and place[0] not in _NO_PLACE:
            return place
    return []


# "e pra vila mariana?", "e no centro?", "pro jd botanico?": the opening of a place asked
# about right after a delivery answer, as the same question of another place.
_FOLLOW_UP_PREPOSITIONS = _PLACE_PREPOSITIONS | {"pro", "para", "pros", "pras"}
_FOLLOW_UP_TAIL = frozenset({"tambem", "ai", "la", "ne", "entao", "hein", "e"})


def follow_up_place(text: str) -> list[str]:
    """The place of a follow-up question ("e pra vila mariana" → [vila, mariana]), or [].

    The message must be only that: an opening "e" and/or a preposition, the place, and
    at most a filler at the end ("também", "né").
    """
    words = text.split()
    i = 1 if words[:1] == ["e"] else 0
    if i < len(words) and words[i] in _FOLLOW_UP_PREPOSITIONS:
        i += 1
    elif i == 0:
        return []
    while i < len(words) and words[i] in _LEADING:
        i += 1
    place = words[i:]
    while place and place[-1] in _FOLLOW_UP_TAIL:
        place.pop()
    if not place or len(place) > MAX_PLACE_WORDS or place[0] in _NO_PLACE:
        return []
    if any(word in _AFTER_PLACE or word.isdigit() for word in place):
        return []
    return place


_ORDINAL_STEMS = {
    "primeir": 1, "segund": 2, "terceir": 3, "quart": 4, "quint": 5, "sext": 6,
}
# Words that point at an option by where it was listed.
_POSITION_WORDS = ("ultim", "de cima", "de baixo")
# "a segunda", "o primeiro", "a primeira opção", "a última", "o de cima", "pode ser a 2ª":
# a choice among options just listed, not a weekday.
_CHOICE = re.compile(
    r"^(?:(?:e|eu|pode ser|quero|vou querer|prefiro|acho que|melhor) )*(?:a|o) "
    r"(?P<which>(?:" + "|".join(_ORDINAL_STEMS) + r"|ultim)[oa]|de cima|de baixo)"
    r"(?: (?:opcao|mesmo|mesma|ai|la|por favor|entao|dai))*$"
)
_CHOICE_HINT = re.compile("|".join((*_ORDINAL_STEMS, *_POSITION_WORDS)))
# No answer choosing by position is longer ("eu acho que pode ser a primeira opção mesmo").
_LONGEST_CHOICE = 60
# Position standing for the last option: left to Parser.choose, which knows how many.
LAST = 0


def choice_position(text: str) -> int | None:
    """1-based position a whole message chooses ("a segunda" → 2; last → LAST), else None."""
    if len(text) > _LONGEST_CHOICE or _CHOICE_HINT.search(text) is None:
        return None
    found = _CHOICE.match(text)
    if found is None:
        return None
    which = found.group("which")
    if which == "de cima":
        return 1
    if which == "de baixo" or which.startswith("ultim"):
        return LAST
    return _ORDINAL_STEMS[which[:-1]]
