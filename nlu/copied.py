"""A name copied whole from the menu names its item, whatever its parts say.

Names such as "Combo Dog + Batata P + Refri Lata", "Churros com Doce de Leite (5 un)" or
"Pastel Especial (carne, queijo, ovo e bacon)" hold other items' words, separators and
counts. A customer who pastes such a name (from the menu the assistant sent) or types it
out orders that one item: the words after the part that tells the item apart ("combo
dog", "pastel especial") are dropped before the message is read, so they are read as
neither other items nor a count. Only a part that fits that item alone is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlu.index import MenuIndex, number_key, phrase_keys
from nlu.menu import Menu
from nlu.normalise import NUMBER, SEP, SPEC, WORD, Token, tokenize, word_key

__all__ = ["CopiedNames"]

# Where the part of a name that tells the item apart ends: its components or details.
# (A marker token's text: no word a customer writes starts with it.)
_MARKER = "§"
_DETAIL_START = re.compile(r"\s*[(+,]")


def _key(tok: Token) -> str:
    if tok.kind == WORD:
        return word_key(tok.text)
    if tok.kind == NUMBER:
        return number_key(tok.value)
    return tok.text


@dataclass(frozen=True, slots=True)
class _Compound:
    keys: tuple[str, ...]  # every token of the name but separators, as compared
    head: int  # how many of them are kept
    # Where the kept part fits other items too ("Moqueca Mista (serve 2)" beside the one
    # that serves 4): a token that names this item alone, after the kept part.
    marker: Token | None = None


class CopiedNames:
    """The menu's names with details after a part that names the item alone."""

    def __init__(self, menu: Menu, index: MenuIndex) -> None:
        heads: dict[str, list[frozenset[str]]] = {}  # per item: the parts that name it
        found: list[tuple[str, tuple[str, ...], list[Token]]] = []
        whole: dict[tuple[str, ...], set[str]] = {}
        for item in menu.items:
            for text in (item.name, *item.aliases):
                cut = _DETAIL_START.search(text)
                head = text if cut is None else text[:cut.start()]
                tokens = [tok for tok in tokenize(head) if tok.kind != SEP]
                heads.setdefault(item.id, []).append(frozenset(phrase_keys(tokens)))
                keys = tuple(_key(tok) for tok in tokenize(text) if tok.kind != SEP)
                whole.setdefault(keys, set()).add(item.id)
                if cut is not None and tokens and len(keys) > len(tokens):
                    found.append((item.id, keys, tokens))
        compounds = []
        for item_id, keys, head_tokens in found:
            named = frozenset(phrase_keys(head_tokens))
            if not named or whole[keys] != {item_id}:
                continue
            others = [other for other, parts in heads.items() if other != item_id
                      and any(named <= part for part in parts)]
            marker = None
            if others:  # the details tell it apart: a token of its own stands for them
                marker = Token(SPEC, f"{_MARKER}{item_id}")
                index.postings[marker.text] = frozenset({item_id})
            compounds.append(_Compound(keys, len(head_tokens), marker))
        compounds.sort(key=lambda compound: -len(compound.keys))  # the longest name first
        self._compounds = tuple(compounds)
        self._first = frozenset(compound.keys[0] for compound in compounds)

    def collapse(self, tokens: list[Token]) -> list[Token]:
        """The tokens with every whole copied name cut down to the part that names it."""
        if not self._compounds:
            return tokens
        out: list[Token] = []
        i, n = 0, len(tokens)
        while i < n:
            if tokens[i].kind != SEP and _key(tokens[i]) in self._first:
                span = self._match(tokens, i)
                if span is not None:
                    out.extend(span[0])
                    i = span[1]
                    continue
            out.append(tokens[i])
            i += 1
        return out

    def _match(self, tokens: list[Token], start: int) -> tuple[list[Token], int] | None:
        for compound in self._compounds:
            kept: list[Token] = []
            j, matched = start, 0
            while j < len(tokens) and matched < len(compound.keys):
                tok = tokens[j]
                j += 1
                if tok.kind == SEP:
                    if matched == 0 or matched < compound.head:
                        break  # the part that names the item is said without a break
                    continue
                if _key(tok) != compound.keys[matched]:
                    break
                if matched < compound.head:
                    kept.append(tok)
                matched += 1
            if matched == len(compound.keys):
                if j < len(tokens) and tokens[j].text == "?":
                    return None  # "a moqueca mista serve 2?": asked, not named
                return ([*kept, compound.marker] if compound.marker else kept), j
        return None
