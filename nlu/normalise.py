"""Text → tokens: accents and case removed, WhatsApp spellings expanded, numbers split from words.

The word keys used to match a message against the menu (:func:`word_key`) live in
``nlu.keys`` and are re-exported here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num
from unidecode import unidecode

from nlu.keys import exact_key, stem, word_key
from nlu.lexicon import (
    ABBREVIATIONS,
    DOZEN,
    HALF,
    HUNDREDS,
    MONEY_WORDS,
    NUMBER_WORDS,
    QUANTITY_WORDS,
    TIME_UNITS,
    UNITS,
)

__all__ = ["MAX_CHARS", "Token", "exact_key", "spelled_words", "stem", "tokenize", "word_key"]

# No real order is longer than this (a long list with notes is a few hundred characters);
# reading no further keeps the time per message bounded whatever arrives.
MAX_CHARS = 4096

# Distinct characters remembered by the folding table (Latin, emoji and some CJK fit).
FOLD_CACHE_LIMIT = 20_000

WORD, NUMBER, SEP, SPEC, MONEY, TIME = "w", "n", "s", "spec", "$", "t"

_EMOJI = {
    "👍": " sim ", "👌": " sim ", "✅": " sim ", "✔": " sim ", "🆗": " ok ", "🤙": " sim ",
    "🙏": " obrigado ",  # folded hands: thanks (or "please", which asks for nothing)
    "👎": " nao ", "❌": " nao ", "🚫": " nao ", "\u2028": "\n", "\u2029": "\n",
    "°": "o",  # "n°9" is "nº 9", as the degree sign is typed for the ordinal one
}


class _Folding(dict[int, str]):
    """Character → lowercase ASCII spelling, computed once per character then remembered."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _EMOJI.get(char)
        if folded is None:
            folded = (char if char.isascii() else unidecode(char)).lower()
        if len(self) < FOLD_CACHE_LIMIT:
            self[code] = folded
        return folded


_FOLD = _Folding()
_TOKEN_RE = re.compile(r"(?<![a-z0-9])-\d+|\d+(?:[.,]\d+)?|r\$|[a-z]+|[,;.!?\n+/#]")
_SEPARATORS = frozenset(",;.!?\n+/")
_ELONGATED = re.compile(r"([a-z])\1{2,}")
_SUPERLATIVE = re.compile(r"(?<=[a-z]{4})issim([oa])s?$")  # "confirmadíssimo" → "confirmado"
# "c/ queijo", "s/ cebola": menus and customers write com/sem this way.
_SLASH_ABBREVIATION = re.compile(r"(?<![a-z0-9])([cs])/")


def _expand_slash(match: re.Match[str]) -> str:
    return " com " if match.group(1) == "c" else " sem "
_TRAILING_VOWEL = re.compile(r"([aeiou])\1+$")
# "19:30", "[20:15, 01/12]": a clock time, read as "19h30".
# "01/12/2026" (the header of a copied message): a date, no quantities and no menu numbers.
_DATE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?![\d/])")
_CLOCK = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")


@dataclass(slots=True)
class Token:
    """One token: a word, a number, a product size ("2l"), money, a time, or a separator."""

    kind: str
    text: str
    value: float = 0.0
    dozens: int = 0  # a number said in dozens ("uma dúzia" = 12, dozens 1; "meia dúzia" is 0)

    @property
    def int_value(self) -> int:
        """The number as an integer (quantities and menu numbers are whole)."""
        return int(self.value)


# Longer digit runs are phone numbers, codes or noise; capping keeps arithmetic finite.
MAX_DIGITS = 12


def _number(text: str) -> Token:
    text = text.replace(",", ".")
    if len(text) > MAX_DIGITS:
        return Token(NUMBER, text[:MAX_DIGITS], float(10**MAX_DIGITS))
    return Token(NUMBER, text, float(text))


def tokenize(text: str) -> list[Token]:
    """Split a message into normalised tokens (see the module docstring)."""
    folded = _SLASH_ABBREVIATION.sub(_expand_slash, text[:MAX_CHARS].translate(_FOLD))
    folded = _CLOCK.sub(r"\1h\2", _DATE.sub(" ", folded))
    raw = _TOKEN_RE.findall(folded)
    tokens: list[Token] = []
    for at, piece in enumerate(raw):
        first = piece[0]
        if first.isdigit() or (first == "-" and len(piece) > 1):
            tokens.append(_number(piece))
        elif piece in _SEPARATORS:
            tokens.append(Token(SEP, piece))
        elif piece == "#" or (piece == "n" and at + 1 < len(raw) and raw[at + 1][0].isdigit()):
            tokens.append(Token(WORD, "numero"))  # "#7", "n 8", "n8": a number sign
        elif piece == "r$":
            tokens.append(Token(WORD, "r$"))
        else:
            for word in _spelled(piece):
                tokens.append(Token(WORD, word))
    return _merge_units(_merge_number_words(tokens))


# Words a compound number starts with ("vinte e cinco", "cento e dez", "mil e quinhentos"),
# and hundreds, which are read as a number even alone.
COMPOUND_STARTS = frozenset(
    word for word in NUMBER_WORDS if QUANTITY_WORDS.get(word, 100) >= 20 and word != "cem"
)


def _merge_number_words(tokens: list[Token]) -> list[Token]:
    """Compound number words into one number: "vinte e cinco" → 25, "duzentos" → 200."""
    if COMPOUND_STARTS.isdisjoint([tok.text for tok in tokens]):
        return tokens  # no tens, hundreds or thousands: most messages
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.kind == WORD and tok.text in NUMBER_WORDS:
            j = i + 1  # the longest run of number words joined by "e" that reads as one number
            while j < n and tokens[j].kind == WORD and (
                tokens[j].text in NUMBER_WORDS
                or (tokens[j].text == "e" and j + 1 < n and tokens[j + 1].text in NUMBER_WORDS)
            ):
                j += 1
            for end in range(j, i, -1):
                words = [t.text for t in tokens[i:end]]
                if (end - i == 1 and words[0] not in HUNDREDS) or words[-1] == "e":
                    continue
                value = _compound(" ".join(words))
                if value is not None:
                    out.append(Token(NUMBER, str(value), float(value)))
                    i = end
                    break
            else:
                out.append(tok)
                i += 1
            continue
        out.append(tok)
        i += 1
    return out


@lru_cache(maxsize=4096)
def _compound(words: str) -> int | None:
    """The value of number words ("cento e cinquenta" → 150), or None if they are not one."""
    try:
        return int(text2num(words, "pt"))
    except ValueError:
        return None


_PIECE = re.compile(r"[a-z]+|\d+")


def spelled_words(piece: str) -> tuple[str, ...]:
    """A written word as the words the parser reads ("Você" → "voce", "pfv" → "por favor")."""
    words: list[str] = []
    for part in _PIECE.findall(piece.translate(_FOLD)):
        words.extend((part,) if part[0].isdigit() else _spelled(part))
    return tuple(words)


@lru_cache(maxsize=65536)
def _spelled(piece: str) -> tuple[str, ...]:
    """A word as meant: stretched letters cut ("siiim", "nãoo"), superlatives and
    WhatsApp abbreviations expanded ("confirmadíssimo", "vc")."""
    if len(piece) > 2:
        piece = _TRAILING_VOWEL.sub(r"\1", _ELONGATED.sub(r"\1", piece))
        piece = _SUPERLATIVE.sub(r"\1", piece)
    return ABBREVIATIONS.get(piece, (piece,))


def _merge_units(tokens: list[Token]) -> list[Token]:
    """Join number + unit into a size, money into one token, and dozens into numbers."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else None
        if tok.kind == NUMBER:
            if nxt is not None and nxt.kind == WORD and nxt.text in TIME_UNITS:
                i = _time(tokens, i, out)  # "pras 19h30", "daqui 1 hora": no quantity
                continue
            if nxt is not None and nxt.kind == WORD:
                unit = UNITS.get(nxt.text)
                if unit is not None:
                    number = tok.text.removesuffix(".0")
                    out.append(Token(SPEC, f"{number}{unit}", tok.value))
                    i += 2
                    continue
                if nxt.text in MONEY_WORDS:
                    out.append(Token(MONEY, tok.text, tok.value))
                    i += 2
                    continue
                # "2 dúzias", "2x dúzia": dozens
                after = 2 if nxt.text in (DOZEN, DOZEN + "s") else (
                    3 if nxt.text == "x" and i + 2 < n
                    and tokens[i + 2].text in (DOZEN, DOZEN + "s") else 0)
                if after:
                    out.append(Token(NUMBER, str(tok.int_value * 12), tok.value * 12,
                                     tok.int_value))
                    i += after
                    continue
            if out and out[-1].text == "r$":
                out[-1] = Token(MONEY, tok.text, tok.value)
                i += 1
                continue
            if "." in tok.text and len(tok.text.split(".")[1]) == 2:
                out.append(Token(MONEY, tok.text, tok.value))  # "50,00": a price
                i += 1
                continue
        elif tok.kind == WORD and (tok.text in QUANTITY_WORDS or tok.text == HALF) \
                and nxt is not None and nxt.kind == WORD and nxt.text in TIME_UNITS \
                and len(nxt.text) > 2:
            i = _time(tokens, i, out)  # "daqui uma hora", "meia hora"
            continue
        elif tok.kind == WORD and tok.text in QUANTITY_WORDS and nxt is not None \
                and nxt.text in MONEY_WORDS:
            value = QUANTITY_WORDS[tok.text]  # "cinquenta reais" = "50 reais"
            out.append(Token(MONEY, str(value), value))
            i += 2
            continue
        elif tok.kind == WORD and tok.text in QUANTITY_WORDS and nxt is not None \
                and nxt.kind == WORD and nxt.text in UNITS and tok.text not in ("um", "uma"):
            value = QUANTITY_WORDS[tok.text]  # "dois litros" = "2 litros"
            out.append(Token(SPEC, f"{value}{UNITS[nxt.text]}", value))
            i += 2
            continue
        elif tok.kind == WORD and nxt is not None and nxt.text in (DOZEN, DOZEN + "s"):
            if tok.text == HALF:
                out.append(Token(NUMBER, "6", 6))
                i += 2
                continue
            if tok.text in QUANTITY_WORDS:
                count = QUANTITY_WORDS[tok.text] * 12
                out.append(Token(NUMBER, str(count), count, QUANTITY_WORDS[tok.text]))
                i += 2
                continue
        elif tok.kind == WORD and tok.text in (DOZEN, DOZEN + "s"):
            out.append(Token(NUMBER, "12", 12, 1))
            i += 1
            continue
        out.append(tok)
        i += 1
    return out


def _time(tokens: list[Token], i: int, out: list[Token]) -> int:
    """Append the time at ``i`` (a number and its unit, "1h10" with its minutes) as one token.

    The token's text keeps the words as written ("1 hora"), so the phrases still read them.
    """
    end = i + 2
    if end < len(tokens) and tokens[end].kind == NUMBER and len(tokens[end].text) == 2 \
            and tokens[end].value < 60 and tokens[i + 1].text.startswith("h"):
        end += 1  # "19h30", "1h10" (two digits: "pras 20h 2 pizzas" keeps its 2)
        if end < len(tokens) and tokens[end].text in TIME_UNITS \
                and tokens[end].text.startswith("m"):
            end += 1  # "1h10min"
    out.append(Token(TIME, " ".join(tok.text for tok in tokens[i:end]), tokens[i].value))
    return end
