"""What a message says besides its intent: thanks, exact change, complaints, a choice by position.

Patterns over normalised text (words joined by single spaces, no accents), as in
``nlu.cues``; the parser fills the result's ``thanks``, ``no_change`` and ``numbers``
from them and turns complaints into a request for a person.
"""

from __future__ import annotations

import re

from nlu.cues import cues

__all__ = [
    "COMPLAINT", "DENY_ALONE", "NO_CHANGE", "PRAISE", "THANKS_OR_BYE", "choice_position",
    "complains", "praises", "says_no_change", "strip_no_change", "thanks",
]

THANKS_OR_BYE = cues(
    r"obrigad[oa]s?", r"valeu", r"agradec[oi]", r"agradecid[oa]", r"grat[oa]", r"brigad[oa]",
    r"thanks", r"thank you", r"gracias", r"thx", r"tchau", r"ate mais", r"ate logo",
    r"ate a proxima",
    r"falou", r"abracos?", r"deus abencoe",
)
# The customer pays the exact amount: no change to bring.
NO_CHANGE = cues(
    r"sem troco", r"nao (preciso|precisa|precisarei|vou precisar|quero|necessito)( de)? troco",
    r"tenho trocado", r"(vou )?(dar|pagar|pago|tenho|levo) (o )?(valor|dinheiro) "
    r"(certo|exato|trocado|certinho)", r"(valor|dinheiro) (certo|exato|certinho)",
    r"troco nao", r"nao tem troco", r"dispenso (o )?troco",
)
# Something went wrong with a delivered order: the restaurant must see it.
COMPLAINT = cues(
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
)
# Praise for a delivered order ("a pizza tava ótima"): it names a dish but orders nothing.
PRAISE = cues(
    r"(veio|vieram|chegou|chegaram|tava|estava|estavam|tavam|ficou|ficaram)( [a-z]+)? "
    r"(otim[oa]s?|bo[am]s?|delicios[oa]s?|gostos[oa]s?|perfeit[oa]s?|maravilhos[oa]s?|"
    r"uma delicia|excelentes?|sensaciona(l|is)|show|top|quentinh[oa]s?|divin[oa]s?)",
    r"(amo|amei|adorei|amamos|adoramos)( [a-z]+){0,3}$",
)
# A whole message that says "none of them" or "leave it".
DENY_ALONE = re.compile(
    r"^(?:nenhum|nenhuma|nenhum deles|nenhuma delas|nenhum dos dois|nenhuma das duas|"
    r"nenhum desses|nenhuma dessas|deixa|deixa assim|deixa entao|nao deixa)$"
)
_ORDINAL_STEMS = {
    "primeir": 1, "segund": 2, "terceir": 3, "quart": 4, "quint": 5, "sext": 6,
}
# "a segunda", "o primeiro", "a primeira opção", "a última", "o de cima", "pode ser a 2ª":
# a choice among options just listed, not a weekday.
_CHOICE = re.compile(
    r"^(?:(?:e|eu|pode ser|quero|vou querer|prefiro|acho que|melhor) )*(?:a|o) "
    r"(?P<which>(?:primeir|segund|terceir|quart|quint|sext|ultim)[oa]|de cima|de baixo)"
    r"(?: (?:opcao|mesmo|mesma|ai|la|por favor|entao|dai))*$"
)
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


# "o valor certo" is an amount, not an agreement ("certo"): read without it.
_EXACT_AMOUNT = cues(r"(o )?(valor|dinheiro) (certo|exato|trocado|certinho)")


def strip_no_change(text: str) -> str:
    """The text without "o valor certo", so that phrase reads as no confirmation."""
    if "valor" not in text and "dinheiro" not in text:
        return text  # most messages: skip the pattern
    return " ".join(_EXACT_AMOUNT.sub(" ", text).split())


def says_no_change(text: str) -> bool:
    """Does the customer say they need no change ("sem troco", "tenho trocado")?"""
    return _NO_CHANGE_HINT.search(text) is not None and NO_CHANGE.search(text) is not None


def thanks(text: str) -> bool:
    """Does the customer thank or say goodbye ("obrigado", "valeu", "tmj")?"""
    return _THANKS_HINT.search(text) is not None and THANKS_OR_BYE.search(text) is not None


def praises(text: str) -> bool:
    """Does the message praise a delivered order ("a pizza tava ótima", "amei")?"""
    return _PRAISE_HINT.search(text) is not None and PRAISE.search(text) is not None


def complains(text: str) -> bool:
    """Does the message complain about a delivered order?"""
    return _COMPLAINT_HINT.search(text) is not None and COMPLAINT.search(text) is not None


# Substrings every phrase of the pattern contains: most messages skip the pattern.
_PRAISE_HINT = re.compile(r"veio|vier|cheg|tav|esta|fic|amo|amei|adore|amamos")
_CHOICE_HINT = re.compile(r"primeir|segund|terceir|quart|quint|sext|ultim|cima|baixo")
_THANKS_HINT = re.compile(r"gracias|obrig|brigad|valeu|agrade|grat|thank|thx|tchau|ate |falou|"
                          r"abrac|abenc")
_NO_CHANGE_HINT = re.compile(r"troc|valor|dinheiro")
_COMPLAINT_HINT = re.compile(r"vei|vier|cheg|tav|esta|ta |tao |esquec|mandaram|trouxe|"
                             r"entregaram|passei|reembolso|estorno|volta")
