"""The state of one pass over a message's tokens, and small questions about tokens."""

from __future__ import annotations

from dataclasses import dataclass, field

from nlu.lexicon import NOTE_SECOND_WORDS, NOTE_STARTERS, QUANTITY_WORDS
from nlu.mentions import Mention
from nlu.normalise import NUMBER, SEP, WORD, Token

__all__ = ["Extraction", "ScanState", "is_note_start", "is_quantity", "is_sep", "word_at"]


@dataclass
class Extraction:
    """What one pass found; quantities are still raw (validated by the parser)."""

    mentions: list[Mention] = field(default_factory=list)
    numbers: list[tuple[int, int]] = field(default_factory=list)  # (number, quantity)
    unknown: list[tuple[str, int]] = field(default_factory=list)  # (text, quantity)
    suggested: dict[int, tuple[str, ...]] = field(default_factory=dict)  # unknown → close ids
    change_for: float | None = None
    money: float | None = None  # an amount stated on its own ("R$ 50", "cinquenta reais")
    corrected: bool = False
    orphans: list[int] = field(default_factory=list)  # quantities that found no item
    referenced: bool = False  # a number said with "número"/"opção"


@dataclass
class ScanState:
    """What the pass carries from token to token."""

    pending: int | None = None  # a quantity waiting for its item
    pending_at: int = -1
    pending_is_digit: bool = False
    pending_another: bool = False  # "outra", "mais uma": one more of the item just named
    pending_ordered: bool = False  # said after an order word ("… de frango? quero duas")
    each: bool = False
    correcting: bool = False
    add_on_quantity: int | None = None  # "2 açaí com morango": morango × 2
    bagged: bool = False  # "um saco de …": the next item is one sold by weight
    portioned_at: int = -1  # start of the item whose own count was for someone ("… pra mim")


def is_sep(tokens: list[Token], j: int) -> bool:
    """Is position ``j`` a separator or the end?"""
    return j >= len(tokens) or tokens[j].kind == SEP


def word_at(tokens: list[Token], j: int) -> str:
    """The word at ``j``, or "" for anything else."""
    return tokens[j].text if j < len(tokens) and tokens[j].kind == WORD else ""


def is_note_start(tokens: list[Token], j: int) -> bool:
    """Does a note ("sem cebola", "bem passado") start at ``j``?"""
    word = word_at(tokens, j)
    if word not in NOTE_STARTERS:
        return False
    second = NOTE_SECOND_WORDS.get(word)
    return second is None or word_at(tokens, j + 1) in second


def is_quantity(tok: Token) -> bool:
    """A number or a quantity word."""
    return tok.kind == NUMBER or (tok.kind == WORD and tok.text in QUANTITY_WORDS)
