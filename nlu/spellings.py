"""Other ways customers spell the menu's words, derived from the names when the menu loads.

- Consonant skeletons: "gnr lt" is guaraná lata, "skl" skol, "x-bcn" x-bacon. A word
  with no vowel is matched by its consonants (two neighbours may be swapped).
- Loose sounds: unstressed o/u and e/i sound alike, so do x/s/z, and "rr" is the "h" of
  a loanword ("humus" = homus, "esfirra" = esfiha, "axai" = açaí once "ç" is read as
  the "s" it sounds like).
- "ç" read as "s": "muçarela" is also "musarela", "açaí" also "asai".
- Augmentatives: "lanchão", "pratão", "feijoadona" name the lanche, the prato, the feijoada.

Nothing here names a dish: every spelling comes from the loaded menu's words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from nlu.lexicon import LINKERS
from nlu.normalise import WORD, tokenize, word_key

__all__ = [
    "Spellings", "augmentative_postings", "augmentatives", "cedilla_postings", "cedilla_words",
    "loose", "skeleton", "written_words",
]

_VOWELS = frozenset("aeiou")
# Words that join a name's words ("de", "com"): never made bigger.
_LINKING = LINKERS
_DOUBLE = re.compile(r"(.)\1+")
_LOOSE = str.maketrans({"u": "o", "i": "e", "x": "s", "z": "s"})
# Shortest word compared by its loose sound: shorter words have too many near twins.
MIN_LOOSE_LENGTH = 4
# Shortest skeleton matched with two consonants swapped ("gnr" for "grn", guaraná).
MIN_SWAPPED_SKELETON = 3


def skeleton(word: str) -> str:
    """The consonants of a word, repeated letters once: "guarana" → "grn", "lata" → "lt"."""
    return _DOUBLE.sub(r"\1", "".join(char for char in word if char not in _VOWELS))


def loose(word: str) -> str:
    """A written word as it sounds to an ear that hears o/u, e/i, x/s/z and rr/h alike."""
    return _DOUBLE.sub(r"\1", word_key(word.replace("rr", "h")).translate(_LOOSE))


def cedilla_words(text: str) -> list[str]:
    """The words of a menu text written with "ç", spelled with the "s" it sounds like."""
    return [word.replace("ç", "s") for word in re.findall(r"\w+", text.lower()) if "ç" in word]


def augmentatives(word: str) -> list[str]:
    """ "lanche" → lanchao, lanchezao, lanchona…: a bigger one of the same thing."""
    if len(word) < MIN_LOOSE_LENGTH or not word.isalpha() or word[-1] not in "aeo":
        return []
    base = word[:-1]
    return [base + "ao", word + "zao", base + "ona", word + "zona", base + "aozinho"]


def cedilla_postings(texts: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Keys of the "ç as s" spellings of each (item id, name) → the items they name."""
    found: dict[str, set[str]] = defaultdict(set)
    for item_id, text in texts:
        for variant in cedilla_words(text):
            for tok in tokenize(variant):
                found[word_key(tok.text)].add(item_id)
    return found


def augmentative_postings(texts: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Keys of the augmentatives of each (item id, name)'s words → the items they name."""
    found: dict[str, set[str]] = defaultdict(set)
    for item_id, text in texts:
        for tok in tokenize(text):
            if tok.kind == WORD and tok.text not in _LINKING:
                for form in augmentatives(tok.text):
                    found[word_key(form)].add(item_id)
    return found


def _swaps(text: str) -> Iterable[str]:
    for i in range(len(text) - 1):
        if text[i] != text[i + 1]:
            yield text[:i] + text[i + 1] + text[i] + text[i + 2:]


class Spellings:
    """Menu keys reached by a consonant skeleton or by a loose sound."""

    def __init__(self, words: Iterable[tuple[str, str]]) -> None:
        """``words``: each word as written in the menu, with its key."""
        skeletons: dict[str, set[str]] = defaultdict(set)
        sounds: dict[str, set[str]] = defaultdict(set)
        for written, key in words:
            bones = skeleton(written)
            if len(written) >= MIN_SWAPPED_SKELETON and len(bones) >= 2 and bones != written:
                skeletons[bones].add(key)
            if len(written) >= MIN_LOOSE_LENGTH:
                sounds[loose(written)].add(key)
        self._skeletons = {bones: frozenset(found) for bones, found in skeletons.items()}
        self._sounds = {sound: next(iter(found)) for sound, found in sounds.items()
                        if len(found) == 1}

    def by_skeleton(self, word: str) -> frozenset[str]:
        """Keys whose word has this word's consonants (the word must have no vowel)."""
        if len(word) < 2 or not word.isalpha() or not _VOWELS.isdisjoint(word):
            return frozenset()
        bones = _DOUBLE.sub(r"\1", word)
        found = self._skeletons.get(bones)
        if found is None and len(bones) >= MIN_SWAPPED_SKELETON:
            near = [self._skeletons[swapped] for swapped in _swaps(bones)
                    if swapped in self._skeletons]
            found = near[0] if len(near) == 1 else None
        return found or frozenset()

    def by_sound(self, word: str) -> str | None:
        """The one menu key whose word sounds like this one, if there is exactly one."""
        if len(word) < MIN_LOOSE_LENGTH or not word.isalpha():
            return None
        return self._sounds.get(loose(word))


def written_words(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(word, key) for every word of the menu's names and aliases, to build skeletons from."""
    out = []
    for text in texts:
        for tok in tokenize(text):
            if tok.kind == WORD and tok.text.isalpha():
                out.append((tok.text, word_key(tok.text)))
    return out
