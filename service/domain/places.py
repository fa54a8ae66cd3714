"""Recognising a bairro inside an address as customers write it.

"R. Augusta, 1500 - Cerqueira César", "jd botanico", "sta cecilia", "moro na vl
mariana": accents and case are folded, abbreviations expanded ("jd" → jardim,
"vl" → vila, "sta" → santa), and small typos forgiven. Three bounds keep a street
from passing for a bairro: words after a street type up to the house number
("Rua Santa Cecília, 200") are the street, words after "perto", "em frente"… are
a reference point, and short or common words only match exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA
from unidecode import unidecode

__all__ = [
    "ABBREVIATIONS",
    "PlaceMatch",
    "display_name",
    "explicit_bairro",
    "find_place",
    "looks_like_street",
    "place_key",
    "place_tokens",
    "written_bairro",
]

# How addresses abbreviate the words bairro names are made of.
ABBREVIATIONS = {
    "jd": "jardim", "jdm": "jardim", "jard": "jardim", "jrd": "jardim",
    "vl": "vila", "v": "vila", "vla": "vila",
    "pq": "parque", "pque": "parque", "prq": "parque", "pqe": "parque",
    "sta": "santa", "sto": "santo", "s": "sao",
    "res": "residencial", "resid": "residencial", "resd": "residencial",
    "cj": "conjunto", "conj": "conjunto", "cjto": "conjunto",
    "ch": "chacara", "chac": "chacara", "hab": "habitacional", "lot": "loteamento",
    "cid": "cidade", "cd": "cidade", "nsa": "nossa", "ns": "nossa", "sra": "senhora",
    "st": "setor", "set": "setor", "rec": "recanto", "bx": "baixa", "pto": "porto",
    "dr": "doutor", "prof": "professor", "pres": "presidente", "gov": "governador",
    "eng": "engenheiro", "mal": "marechal", "gal": "general", "gen": "general",
    "cel": "coronel", "ten": "tenente", "pe": "padre", "fr": "frei", "alm": "almirante",
}
# Joining words dropped on both sides: "Jardim das Flores" is "jd flores" too.
CONNECTORS = frozenset({"de", "da", "do", "das", "dos", "d", "e"})
# Words that open a street name; what follows, up to the house number, is the street.
STREET_TYPES = frozenset({
    "rua", "r", "avenida", "av", "ave", "avda", "alameda", "al", "travessa", "tv", "trav",
    "estrada", "estr", "est", "rodovia", "rod", "praca", "pca", "pc", "largo", "lgo", "lg",
    "viela", "beco", "passagem", "psg", "ladeira", "ld", "servidao", "vereda", "via",
    "marginal", "caminho", "acesso", "viaduto", "boulevard", "rotatoria",
})
# A house number ends the street name ("nº 12", "n 12", "s/n").
NUMBER_WORDS = frozenset({"n", "no", "num", "numero", "nro", "sn"})
# Words that open a reference point: "perto do Shopping Jardim Sul" names no bairro.
REFERENCE_WORDS = frozenset({
    "perto", "proximo", "proxima", "prox", "frente", "lado", "atras", "referencia", "ref",
    "esquina", "depois", "antes", "entre", "vizinho", "junto",
})
# Marks the bairro explicitly: "bairro Capão Redondo".
BAIRRO_WORDS = frozenset({"bairro", "bairo"})
# Everyday words in addresses that sit one typo from a bairro name ("dentro" ~ "centro",
# "cento" ~ "centro"): they only ever match exactly.
COMMON_WORDS = frozenset({
    "cento", "centos", "dentro", "perto", "casa", "casas", "apto", "apartamento", "bloco",
    "fundos", "frente", "numero", "portao", "portaria", "predio", "edificio", "condominio",
    "sobrado", "loja", "sala", "andar", "torre", "quadra", "lote", "entrega", "entregar",
    "moro", "aqui", "favor", "mesmo", "cidade", "centena", "ponto", "porta", "campainha",
})
# Names this short ("Sé", "Ipê") are everyday words too ("se possível"): they match
# only when they are all the free words of their stretch ("Rua X, 10 - Sé").
SHORT_NAME = 3
# Typos forgiven by the length of the name (letters, spaces left out): names of up to
# four letters ("Sé", "Lapa") must be exact, a typo in five to seven letters is one
# edit ("Centro" → "Cemtro"), two from eight on ("Vila Mariana" → "Vila Marina").
MAX_EDITS = ((4, 0), (7, 1))
FAR_EDITS = 2
# A typo counts as this many letters not explained: "jardim botanio" is Jardim Botânico
# (14 letters, one typo) rather than Jardim (6 letters, exact).
EDIT_COST = 3

_SEGMENT_BREAK = re.compile(r"[,;\n|()/]+|\s[-–—]+\s|\s[-–—]+$|^[-–—]+\s")
_WORD = re.compile(r"[a-z0-9]+")
_LEADING = re.compile(
    r"^(?:(?:no|na|nos|nas|em|pro|pra|para|pros|pras|ao|o|a|os|as|bairro|bairo|regiao"
    r"|de|da|do|ate)\s+)+"
)


def _fold(text: str) -> str:
    return unidecode(text).lower()


def place_tokens(text: str) -> tuple[str, ...]:
    """Normalised words of a place name: folded, abbreviations expanded, connectors dropped."""
    words = (ABBREVIATIONS.get(w, w) for w in _WORD.findall(_fold(text)))
    return tuple(w for w in words if w not in CONNECTORS)


def place_key(text: str) -> str:
    """The comparison key of a place name: "Jd. Botânico" and "jardim botanico" share one."""
    return " ".join(place_tokens(text))


@dataclass(frozen=True)
class PlaceMatch:
    """Which of the candidate names was found, how well, and the words that matched."""

    index: int  # position in the candidates passed to :func:`find_place`
    edits: int  # 0 when exact
    text: str  # the matched words as the customer wrote them


@dataclass(frozen=True)
class _Token:
    word: str  # normalised
    original: str
    free: bool  # may be part of a bairro name (not a street, not a reference point)


def _segment_tokens(segment: str, *, streets: bool) -> list[_Token]:
    """The segment's words; with ``streets``, street names are not free."""
    tokens: list[_Token] = []
    in_street = in_reference = False
    for match in re.finditer(r"[^\W_]+", segment):
        original = match.group()
        word = _fold(original)
        if not _WORD.fullmatch(word):
            continue
        marker = word in BAIRRO_WORDS
        if word in REFERENCE_WORDS:
            in_reference = True
        if word in STREET_TYPES and streets:
            in_street = True
        elif in_street and (word.isdigit() or word in NUMBER_WORDS or marker):
            in_street = False
        normal = ABBREVIATIONS.get(word, word)
        if normal in CONNECTORS:
            continue
        free = not (in_street or in_reference or marker or normal.isdigit())
        tokens.append(_Token(normal, original, free))
    return tokens


def _runs(text: str, *, streets: bool = True) -> list[list[_Token]]:
    """Stretches of consecutive words that may name a bairro."""
    runs: list[list[_Token]] = []
    for segment in _SEGMENT_BREAK.split(text):
        current: list[_Token] = []
        for token in _segment_tokens(segment, streets=streets):
            if token.free:
                current.append(token)
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
    return runs


def _allowed_edits(length: int) -> int:
    for limit, edits in MAX_EDITS:
        if length <= limit:
            return edits
    return FAR_EDITS


def _edits(window: Sequence[_Token], name: str) -> int | None:
    """Edits from the window to the name (spaces ignored), or None when too far."""
    written = "".join(t.word for t in window)
    if written == name:
        return 0
    allowed = _allowed_edits(len(name))
    if allowed == 0 or written[0] != name[0] or all(t.word in COMMON_WORDS for t in window):
        return None
    distance = OSA.distance(written, name, score_cutoff=allowed)
    return distance if distance <= allowed else None


def find_place(text: str, names: Sequence[Sequence[str]]) -> PlaceMatch | None:
    """The candidate whose name appears in ``text``; ``names[i]`` lists candidate i's names.

    The name that explains most letters wins ("Jardim Botânico" over "Jardim", even
    with a typo), each typo costing :data:`EDIT_COST` letters; then the later one in
    the text (the bairro comes after the street).
    """
    strict, loose = _runs(text), _runs(text, streets=False)
    best: tuple[int, int, int] | None = None
    found: PlaceMatch | None = None
    for index, group in enumerate(names):
        for written_name in group:
            tokens = place_tokens(written_name)
            if not tokens:
                continue
            name = "".join(tokens)
            # A bairro named like a street ("Praça Seca") is looked for among street words too.
            runs = loose if tokens[0] in STREET_TYPES else strict
            sizes = sorted({max(1, len(tokens) - 1), len(tokens), len(tokens) + 1})
            for run_number, run in enumerate(runs):
                if len(name) <= SHORT_NAME and len(run) != len(tokens):
                    continue
                for size in sizes:
                    for start in range(len(run) - size + 1):
                        window = run[start:start + size]
                        edits = _edits(window, name)
                        if edits is None:
                            continue
                        rank = (len(name) - EDIT_COST * edits, -edits,
                                run_number * 1000 + start)
                        if best is None or rank > best:
                            best = rank
                            found = PlaceMatch(index, edits, " ".join(t.original for t in window))
    return found


def explicit_bairro(text: str) -> str | None:
    """The words after "bairro" in an address ("…, bairro Capão Redondo"), as written."""
    for segment in _SEGMENT_BREAK.split(text):
        words = re.findall(r"[^\W_]+", segment)
        for position, word in enumerate(words):
            if _fold(word) in BAIRRO_WORDS and position + 1 < len(words):
                rest = words[position + 1:]
                return display_name(" ".join(rest))
    return None


_DASH = re.compile(r"\s[-–—]+\s")
# Words that open a complement, not a bairro ("- apto 12", "- bloco b", "- casa 2").
COMPLEMENT_WORDS = frozenset({
    "ap", "apt", "apto", "apartamento", "bloco", "bl", "casa", "cs", "fundos", "sala", "loja",
    "andar", "torre", "quadra", "qd", "lote", "lt", "condominio", "cond", "edificio", "ed",
    "predio", "sobrado", "portaria", "portao", "km",
})


def written_bairro(text: str) -> str | None:
    """The bairro where addresses write it, after the house number and a dash ("Rua C-140,
    100 - Jardim América"), as written; None when that part is a complement or a reference.

    Only for telling the customer that a bairro is not served: a served one is found
    anywhere in the address by :func:`find_place`.
    """
    parts = _DASH.split(text, maxsplit=1)
    if len(parts) < 2 or not any(w.isdigit() for w in _WORD.findall(_fold(parts[0]))):
        return None
    segment = re.split(r"[,;\n|()/]", parts[1], maxsplit=1)[0]
    words = _WORD.findall(_fold(segment))
    if not words or any(w.isdigit() for w in words) or words[0] in COMPLEMENT_WORDS \
            or any(w in REFERENCE_WORDS or w in STREET_TYPES for w in words):
        return None
    return display_name(segment)


def looks_like_street(text: str) -> bool:
    """True when the text names a street or a house number rather than a bairro."""
    words = _WORD.findall(_fold(text))
    return any(w in STREET_TYPES for w in words) or any(w.isdigit() for w in words)


def display_name(text: str) -> str:
    """A place as the customer wrote it, tidied: "capão redondo?" → "Capão Redondo"."""
    cleaned = re.sub(r"\s+", " ", re.sub(r"[?!.,;:]+$", "", text.strip())).strip()
    folded = _fold(cleaned)
    match = _LEADING.match(folded)
    if match:
        # The folded text keeps the original's word boundaries; drop as many words.
        dropped = len(match.group().split())
        cleaned = " ".join(cleaned.split()[dropped:])
    if cleaned and cleaned == cleaned.lower():
        cleaned = " ".join(
            w if w in CONNECTORS else w[:1].upper() + w[1:] for w in cleaned.split()
        )
    return cleaned
