"""Word keys: how a message word is matched against the menu's words.

:func:`word_key` folds plurals, diminutives and spelling variants ("feijoadinhas" →
"feijoada", "lazanha" → "lasanha"); :func:`exact_key` keeps diminutives apart
("coquinha" is not "coca").
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["exact_key", "stem", "word_key"]


_DIMINUTIVES = (
    ("zinhos", ""), ("zinhas", ""), ("zinho", ""), ("zinha", ""),
    ("quinhas", "ca"), ("quinhos", "co"), ("quinha", "ca"), ("quinho", "co"),
    ("guinhas", "ga"), ("guinha", "ga"), ("inhas", "a"), ("inhos", "o"),
    ("inha", "a"), ("inho", "o"),
)
_PLURALS = (
    ("aezinhos", "aozinho"), ("oezinhos", "aozinho"),  # "pãezinhos" → "pãozinho"
    ("oes", "ao"), ("aes", "ao"), ("ais", "al"), ("eis", "el"), ("ois", "ol"), ("uis", "ul"),
    ("ns", "m"), ("res", "r"), ("zes", "z"),
)


@lru_cache(maxsize=65536)
def stem(word: str, diminutives: bool = True) -> str:
    """Fold Portuguese plurals and diminutives: "pasteizinhos" → "pastel", "pudins" → "pudim"."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, repl in _PLURALS:
        if word.endswith(suffix) and len(word) > len(suffix):
            word = word[: -len(suffix)] + repl
            break
    else:
        if word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
    if not diminutives:
        return word
    if word.endswith(("inia", "inio")):
        word = word[:-2] + "h" + word[-1]  # "caipirinia" is "caipirinha" as it sounds
    for suffix, repl in _DIMINUTIVES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)] + repl
            break
    return word


_PHONETIC_STEPS = (
    ("ph", "f"), ("qu", "k"), ("gu", "g"), ("ch", "x"), ("sh", "x"), ("ck", "k"),
    ("ce", "se"), ("ci", "si"), ("ca", "ka"), ("co", "ko"), ("cu", "ku"), ("y", "i"),
    ("w", "u"), ("z", "s"), ("lh", "li"), ("nh", "ni"), ("h", ""),
)
_DOUBLE = re.compile(r"(.)\1+")
_LEADING_ES = re.compile(r"^es(?=[bcdfgklmnpqrstvxz])")


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The key a word is matched by: stemmed, then spelled as it sounds (lazanha = lasanha)."""
    if not word.isalpha():
        return word
    return _sound(stem(word)) or word  # "hh" sounds like nothing: keep the letters


@lru_cache(maxsize=65536)
def exact_key(word: str) -> str:
    """Like :func:`word_key` but keeping diminutives: "coquinha" stays apart from "coca"."""
    if not word.isalpha():
        return word
    return _sound(stem(word, diminutives=False)) or word


def _sound(key: str) -> str:
    for old, new in _PHONETIC_STEPS:
        if old in key:
            key = key.replace(old, new)
    key = _DOUBLE.sub(r"\1", key)
    return _LEADING_ES.sub("s", key)
