"""A street address inside a message: its words are no products and its numbers no quantities.

"manda 1 pf e 1 suco pra av. Rebouças 1200, Pinheiros": from the street word to the end of
its clause is the address (1200 is the house number, Pinheiros a bairro); what comes
before it is the order.
"""

from __future__ import annotations

from nlu.lexicon import ORDER_WORDS, QUANTITY_WORDS
from nlu.normalise import NUMBER, SEP, WORD, Token

__all__ = ["address_span", "labelled_alone"]

# Words that open a street address ("rua", "av.", "alameda").
STREET_WORDS = frozenset({
    "rua", "r", "avenida", "av", "alameda", "al", "travessa", "tv", "estrada", "estr",
    "rodovia", "rod", "praca", "largo", "viela", "beco", "servidao",
})
# Street words that are also other words ("taco al pastor"): a street only with a dot.
DOTTED_STREET_WORDS = frozenset({"r", "al", "tv", "estr", "rod"})
# Words of an address's complement followed by a number ("apto 12", "bloco 3").
COMPLEMENT_WORDS = frozenset({
    "apto", "ap", "apartamento", "bloco", "bl", "casa", "lote", "quadra", "qd", "sala",
    "torre", "condominio", "cond",
})
# How far after the street word its number may come ("rua padre antônio de sá 120").
MAX_STREET_WORDS = 8
# Words that open what is said after the address: how the customer pays.
_PAYMENT_WORDS = frozenset({"pago", "pagamento", "pagar", "pagando", "pix", "cartao",
                            "dinheiro", "troco"})
# Words that only label an address said alone ("end:", "endereço:"); "é na alameda santos
# 200" and "meu endereço é …" are said as a whole, and kept whole.
_LABEL_WORDS = frozenset({"end", "endereco", "ender"})
# With the payment said after it, the address is cut out of the message, lead-in and all
# ("manda pra Rua X 1500, pinheiros. Pago no cartão").
_LEAD_IN_WORDS = _LABEL_WORDS | frozenset({
    "manda", "mandar", "entrega", "entregar", "pra", "para", "na", "no", "em", "e", "eh",
    "meu", "o", "a", "fica", "aqui", "segue", "pode"})
# Separators that end an address's clause; "," and "." continue it ("1200, pinheiros").
_CLAUSE_ENDS = frozenset({"?", "!", "\n", ";"})


def address_span(tokens: list[Token]) -> tuple[int, int] | None:
    """(start, end) of the tokens of a street address (or complement) with its number."""
    for i, tok in enumerate(tokens):
        if tok.kind != WORD:
            continue
        if tok.text in STREET_WORDS and _numbered(tokens, i + 1) and (
            tok.text not in DOTTED_STREET_WORDS
            or (i + 1 < len(tokens) and tokens[i + 1].text == ".")
        ):
            return i, _clause_end(tokens, i + 1)
        if tok.text in COMPLEMENT_WORDS and i + 1 < len(tokens) and tokens[i + 1].kind == NUMBER \
                and _said_where(tokens, i):
            return i, _clause_end(tokens, i + 1)
    return None


def _numbered(tokens: list[Token], start: int) -> bool:
    """Does a house number come soon after the street word, before the clause ends?"""
    window = tokens[start:start + MAX_STREET_WORDS]
    for j, tok in enumerate(window):
        if tok.kind == NUMBER:
            return True
        if tok.kind == SEP and tok.text in _CLAUSE_ENDS:
            return False
        if tok.text == "e" and (j + 1 == len(window) or window[j + 1].kind == NUMBER
                                or window[j + 1].text in QUANTITY_WORDS):
            # "… al pastor e 2 de frango": the number counts something else; "rua
            # lima e silva 400" names the street.
            return False
    return False


def _said_where(tokens: list[Token], i: int) -> bool:
    """Is the complement said as where to deliver ("entrega no bloco 3", "pra casa 2")?"""
    before = [tok.text for tok in tokens[max(0, i - 3):i] if tok.kind == WORD]
    return bool(before) and before[-1] in ("no", "na", "pra", "em", "endereco", "e")


def _clause_end(tokens: list[Token], start: int) -> int:
    """Where the address ends: the end of its clause, or where the order resumes."""
    for j in range(start, len(tokens)):
        tok = tokens[j]
        if tok.kind == SEP and tok.text in _CLAUSE_ENDS:
            return j
        if tok.kind == SEP and j + 1 < len(tokens):
            nxt = tokens[j + 1]
            if nxt.kind == WORD and (nxt.text in ORDER_WORDS or nxt.text in QUANTITY_WORDS
                                     or nxt.text in _PAYMENT_WORDS):
                return j  # "rua x 100, e 2 cocas": the order goes on; ", pago no pix"
    return len(tokens)


def labelled_alone(tokens: list[Token], span: tuple[int, int]) -> bool:
    """Is a message that is an address only the street ``span``, a label before it ("end:",
    "endereço:") and how the customer pays after it (". pagamento cartão")? Then the span,
    without them, is the address."""
    before = [tok.text for tok in tokens[:span[0]] if tok.kind == WORD]
    after = [tok.text for tok in tokens[span[1]:] if tok.kind == WORD]
    if not before and not after:
        return False
    if after and after[0] not in _PAYMENT_WORDS:
        return False
    return all(word in (_LEAD_IN_WORDS if after else _LABEL_WORDS) for word in before)
