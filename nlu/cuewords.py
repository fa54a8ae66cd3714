"""Misspelt cue words repaired before the phrase lists read them ("atemdente", "finalisar").

The vocabulary is every word the phrase lists of ``nlu.phrases`` can spell; how far a word
may be from it depends on its length, so that short words, which collide with other
words ("canela"/"cancela"), are repaired only for slips that keep them recognisable.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

import nlu.phrases as P
from nlu.lexicon import FUNCTION_WORDS
from nlu.patterns import Phrases

__all__ = ["CUE_WORDS", "MIN_CUE_REPAIR", "repair_cue"]

# Shorter words are never repaired: too many real words lie one letter from a cue word.
MIN_CUE_REPAIR = 5
# From this length one edit of any kind is forgiven ("atemdente", "cancelra"); below it
# only two letters swapped or a letter doubled or dropped beside its twin ("cardpaio").
ANY_EDIT = 7
# From this length two edits are forgiven ("finalisar pedidu" → "finalizar").
LONG_CUE = 10

_LISTS = [phrases for phrases in vars(P).values() if isinstance(phrases, Phrases)]
CUE_WORDS = frozenset(
    word for phrases in _LISTS for word in phrases.words
    if len(word) >= MIN_CUE_REPAIR and word.isalpha()
)
_CUE_LIST = sorted(CUE_WORDS)


def _slip(word: str, cue: str) -> bool:
    """Is ``word`` the cue with two neighbours swapped, or a twin letter added or dropped?"""
    if len(word) == len(cue):
        diff = [i for i in range(len(word)) if word[i] != cue[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 \
            and word[diff[0]] == cue[diff[1]] and word[diff[1]] == cue[diff[0]]
    longer, shorter = (word, cue) if len(word) > len(cue) else (cue, word)
    for i in range(len(longer)):
        if longer[:i] + longer[i + 1:] == shorter:
            return (i > 0 and longer[i - 1] == longer[i]) or \
                (i + 1 < len(longer) and longer[i + 1] == longer[i])
    return False


def _shared_start(words: list[str]) -> int:
    """How many first letters all the words share."""
    size = 0
    for letters in zip(*words, strict=False):
        if len(set(letters)) > 1:
            break
        size += 1
    return size


@lru_cache(maxsize=20_000)
def repair_cue(word: str) -> str:
    """The cue word a misspelt word stands for ("atendenti" → "atendente"), else the word."""
    if len(word) < MIN_CUE_REPAIR or word in CUE_WORDS or word in FUNCTION_WORDS:
        return word
    edits = 2 if len(word) >= LONG_CUE else 1
    found = process.extract(word, _CUE_LIST, scorer=OSA.distance, score_cutoff=edits, limit=4)
    if not found:
        return word
    tied = [cue for cue, distance, _ in found if distance == found[0][1]]
    if _shared_start(tied) < min(map(len, tied)) - 1:
        return word  # two different cue words as close: no guess
    cue = min(tied)  # forms of one word ("desiste": "desisti" or "desisto"), any will do
    if cue[0] != word[0]:
        return word
    if len(word) < ANY_EDIT and not _slip(word, cue):
        return word
    return cue
