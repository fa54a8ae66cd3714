"""Phrase lists compiled for matching, each with a prefilter derived from its own phrases.

A phrase is a small regular expression over normalised text (lowercase, no accents, words
joined by single spaces), matched as whole words. For each phrase the words it cannot
match without are worked out from the phrase itself ("(ta|esta) errad[oa]" needs
"errado" or "errada"); a message with none of a list's words skips the list. Nothing
here is kept by hand: add a phrase and its prefilter follows.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

__all__ = ["Mode", "Phrases", "anchor_index", "anchor_words", "phrase_words"]

# A phrase part that spells more words than this is no use as a prefilter.
MAX_SPELLINGS = 2048


class Mode(Enum):
    """Where in the message a list's phrases must be."""

    ANYWHERE = "anywhere"
    START = "start"  # the message opens with the phrase
    WHOLE = "whole"  # the phrase is the whole message


@dataclass(frozen=True)
class _Lit:
    text: str


@dataclass(frozen=True)
class _Class:
    chars: str


@dataclass(frozen=True)
class _Group:
    alternatives: tuple[tuple[_Node, ...], ...]


@dataclass(frozen=True)
class _Node:
    atom: _Lit | _Class | _Group | None  # None: something no prefilter can spell (\d, .)
    low: int = 1  # repetitions: (low, high); high -1 means unbounded
    high: int = 1


def _parse(pattern: str) -> tuple[_Node, ...]:
    nodes, end = _parse_seq(pattern, 0)
    if end != len(pattern):
        raise ValueError(f"frase mal formada: {pattern!r}")
    return nodes


def _parse_alternatives(pattern: str, i: int) -> tuple[tuple[tuple[_Node, ...], ...], int]:
    alternatives = []
    while True:
        seq, i = _parse_seq(pattern, i)
        alternatives.append(seq)
        if i < len(pattern) and pattern[i] == "|":
            i += 1
            continue
        return tuple(alternatives), i


def _parse_seq(pattern: str, i: int) -> tuple[tuple[_Node, ...], int]:
    nodes: list[_Node] = []
    while i < len(pattern) and pattern[i] not in "|)":
        char = pattern[i]
        atom: _Lit | _Class | _Group | None
        if char == "(":
            zero_width = pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i)
            skip = 4 if pattern.startswith(("(?<=", "(?<!"), i) else 3 if pattern.startswith(
                ("(?:", "(?=", "(?!"), i) else 1
            alternatives, i = _parse_alternatives(pattern, i + skip)
            i += 1  # ")"
            if zero_width:
                continue
            atom = _Group(alternatives)
        elif char == "[":
            end = pattern.index("]", i)
            body = pattern[i + 1:end]
            atom = None if body.startswith("^") or "-" in body or "\\" in body else _Class(body)
            i = end + 1
        elif char == "\\":
            atom = None
            i += 2
        elif char in "^$":
            i += 1
            continue
        elif char == ".":
            atom, i = None, i + 1
        else:
            atom, i = _Lit(char), i + 1
        low, high, i = _quantifier(pattern, i)
        nodes.append(_Node(atom, low, high))
    return tuple(nodes), i


def _quantifier(pattern: str, i: int) -> tuple[int, int, int]:
    if i >= len(pattern):
        return 1, 1, i
    char = pattern[i]
    if char == "?":
        return 0, 1, i + 1
    if char == "*":
        return 0, -1, i + 1
    if char == "+":
        return 1, -1, i + 1
    if char == "{":
        end = pattern.index("}", i)
        low, _, high = pattern[i + 1:end].partition(",")
        return int(low), int(high) if high else int(low), end + 1
    return 1, 1, i


def _spell(nodes: Iterable[_Node]) -> frozenset[str] | None:
    """Every text a node sequence matches, or None when infinite or too many."""
    texts = {""}
    for node in nodes:
        if node.atom is None or node.high == -1:
            return None
        one = _spell_atom(node.atom)
        if one is None:
            return None
        options = {""} if node.low == 0 else set()
        for count in range(max(node.low, 1), node.high + 1):
            options.update("".join(parts) for parts in itertools.product(one, repeat=count))
        texts = {a + b for a in texts for b in options}
        if len(texts) > MAX_SPELLINGS:
            return None
    return frozenset(texts)


def _spell_atom(atom: _Lit | _Class | _Group) -> frozenset[str] | None:
    if isinstance(atom, _Lit):
        return frozenset({atom.text})
    if isinstance(atom, _Class):
        return frozenset(atom.chars)
    spelled: set[str] = set()
    for alternative in atom.alternatives:
        one = _spell(alternative)
        if one is None:
            return None
        spelled |= one
    return frozenset(spelled)


def _is_space(node: _Node) -> bool:
    return isinstance(node.atom, _Lit) and node.atom.text == " " and node.low == node.high == 1


def _anchors(nodes: tuple[_Node, ...]) -> frozenset[str] | None:
    """Words one of which any match must contain as a whole word, or None if unknown."""
    segments: list[list[_Node]] = [[]]
    for node in nodes:
        if _is_space(node):
            segments.append([])
        else:
            segments[-1].append(node)
    best: frozenset[str] | None = None
    for segment in segments:
        found = _segment_anchors(segment)
        if found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found
    return best


def _segment_anchors(segment: list[_Node]) -> frozenset[str] | None:
    if len(segment) == 1 and isinstance(segment[0].atom, _Group) and segment[0].low >= 1:
        # "(gostaria de|quero)": each alternative brings its own words
        words: set[str] = set()
        for alternative in segment[0].atom.alternatives:
            found = _anchors(alternative)
            if not found:
                return None
            words |= found
        return frozenset(words)
    spelled = _spell(segment)
    if spelled is None:
        # "(amei|adorei)( [a-z]+){0,3}": what comes before the wildcard still is whole words
        cut = next(i for i, node in enumerate(segment) if _spell((node,)) is None)
        if cut == 0 or not all(_opens_with_space(node) for node in segment[cut:]):
            return None
        spelled = _spell(segment[:cut])
    if spelled is None or "" in spelled or any(text.startswith(" ") for text in spelled):
        return None
    return frozenset(text.split(" ")[0] for text in spelled)  # the first word is a whole word


def _opens_with_space(node: _Node) -> bool:
    """Does whatever the node matches start with a space (or match nothing)?"""
    atom = node.atom
    if isinstance(atom, _Lit):
        return atom.text == " "
    if isinstance(atom, _Group):
        return all(alt and _opens_with_space(alt[0]) and alt[0].low >= 1
                   for alt in atom.alternatives)
    return False


def anchor_words(phrase: str) -> frozenset[str] | None:
    """The words a phrase needs (one of them, as a whole word), or None if none is certain."""
    return _anchors(_parse(phrase))


def phrase_words(phrase: str) -> frozenset[str]:
    """Every whole word a phrase may spell (the vocabulary misspelt cue words are repaired to)."""
    return _words_of(_parse(phrase))


def _words_of(nodes: tuple[_Node, ...]) -> frozenset[str]:
    spelled = _spell(nodes)
    if spelled is not None:
        return frozenset(word for text in spelled for word in text.split())
    words: set[str] = set()
    segments: list[list[_Node]] = [[]]
    for node in nodes:
        if _is_space(node):
            segments.append([])
        else:
            segments[-1].append(node)
    for segment in segments:
        found = _spell(segment)
        if found is not None:
            words.update(word for text in found for word in text.split())
            continue
        for node in segment:  # a wildcard in it: the words of its groups still count
            if isinstance(node.atom, _Group):
                for alternative in node.atom.alternatives:
                    words |= _words_of(alternative)
    return frozenset(words)


class Phrases:
    """One meaning's phrases, matched as whole words; a message lacking their words skips them."""

    def __init__(self, name: str, phrases: Iterable[str], mode: Mode = Mode.ANYWHERE) -> None:
        self.name = name
        self.phrases = tuple(phrases)
        body = "|".join(self.phrases)
        opening = {Mode.ANYWHERE: r"(?:^| )", Mode.START: "^", Mode.WHOLE: "^"}[mode]
        closing = r"$" if mode is Mode.WHOLE else r"(?= |$)"
        self.pattern = re.compile(f"{opening}(?:{body}){closing}")
        anchors: set[str] = set()
        self.anchors: frozenset[str] | None = None
        for phrase in self.phrases:
            found = anchor_words(phrase)
            if not found:
                break
            anchors |= found
        else:
            self.anchors = frozenset(anchors)
        self.words = frozenset(word for phrase in self.phrases for word in phrase_words(phrase))

    def may_match(self, words: frozenset[str]) -> bool:
        """False when the message (its set of words) cannot match any phrase."""
        return self.anchors is None or not self.anchors.isdisjoint(words)

    def search(self, text: str, words: frozenset[str] | None = None) -> bool:
        """Does a phrase occur in the text (``words``: its words, to skip the list fast)?"""
        if words is not None and not self.may_match(words):
            return False
        return self.pattern.search(text) is not None

    def find(self, text: str, words: frozenset[str] | None = None) -> re.Match[str] | None:
        """The first occurrence, or None."""
        if words is not None and not self.may_match(words):
            return None
        return self.pattern.search(text)

    def remove(self, text: str) -> str:
        """The text with every occurrence taken out (spaces tidied)."""
        return " ".join(self.pattern.sub(" ", text).split())

    def __repr__(self) -> str:
        return f"Phrases({self.name!r}, {len(self.phrases)} frases)"


def anchor_index(lists: Iterable[Phrases]) -> dict[str, frozenset[str]]:
    """Word → names of the lists that word may open: one pass finds the lists to try."""
    index: dict[str, set[str]] = {}
    for phrases in lists:
        for word in phrases.anchors or ():
            index.setdefault(word, set()).add(phrases.name)
    return {word: frozenset(names) for word, names in index.items()}
