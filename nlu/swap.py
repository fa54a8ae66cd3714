"""Swaps and mixed edits: which mentions are taken out and which go in their place.

"troca a coca por um guaraná", "tira o pudim e coloca 2 brigadeiros", "em vez da lasanha
quero um strogonoff": the customer removes one thing and adds another in one message.
Reading both as added (or both as removed) would take out what they asked for.
"""

from __future__ import annotations

from nlu.index import MenuIndex
from nlu.mentions import Mention
from nlu.normalise import NUMBER, WORD, Token

__all__ = ["split_swap", "swap_last_item", "swap_pending"]

# Verbs that replace one thing by another ("troca X por Y").
_SWAP_VERBS = frozenset({"troca", "trocar", "troque", "trocaria", "substitui", "substituir",
                         "substitua", "muda", "mudar", "mude"})
# Swap verbs that say "change this one" even before saying for what.
_CHANGE_VERBS = frozenset({"troca", "trocar", "troque", "substitui", "substituir", "substitua"})
# Words that join two removed items into one list.
_JOINING = frozenset({"e", "o", "a", "os", "as", "do", "da", "dos", "das", "de"})
# "por"/"pelo" after a swap verb: what follows goes in.
_FOR = frozenset({"por", "pelo", "pela", "pelos", "pelas", "pra"})
# Verbs that take something out, and verbs that put something in.
_REMOVE_VERBS = frozenset({"tira", "tirar", "tire", "retira", "retirar", "remove", "remover",
                           "remova", "exclui", "excluir", "apaga", "apagar", "cancela",
                           "cancelar", "cancele"})
_ADD_VERBS = frozenset({"coloca", "colocar", "coloque", "poe", "bota", "botar", "manda",
                        "mande", "adiciona", "adicionar", "adicione", "acrescenta", "inclui",
                        "incluir", "quero", "queria", "traz", "traga", "ve", "desce"})

# Any word a swap needs; most messages with several items have none.
_CUES = _SWAP_VERBS | _REMOVE_VERBS | frozenset({"vez", "inves", "invez", "lugar", "nao", "sem"})
# "sem o saquê, põe um chá": "sem" with an article leaves an item out.
_ARTICLES = frozenset({"o", "a", "os", "as"})


# "troca um deles por um de camarão": the side taken out said only as a reference to
# the item just ordered (a count, a pronoun, or both).
REFERENCE_WORDS = frozenset({"deles", "delas", "desses", "dessas", "dele", "dela", "desse",
                             "dessa", "ele", "ela", "esse", "essa", "este", "esta", "isso",
                             "isto"})
_COUNTS = {"um": 1, "uma": 1, "dois": 2, "duas": 2, "tres": 3}


def _words(tokens: list[Token]) -> list[str]:
    return [tok.text if tok.kind == WORD else "" for tok in tokens]


def _instead_of(words: list[str]) -> int | None:
    """Where "em vez de", "ao invés de" or "no lugar de" ends, if the message says it."""
    for i in range(len(words) - 1):
        pair = (words[i], words[i + 1])
        if pair in (("em", "vez"), ("ao", "inves"), ("no", "lugar"), ("ao", "invez")):
            return i + 2
    return None


def split_swap(
    tokens: list[Token], mentions: list[Mention]
) -> tuple[list[Mention], list[Mention]] | None:
    """(removed, added) when the message swaps items, else None (both sides must name one)."""
    if len(mentions) < 2:
        return None
    words = _words(tokens)
    if _CUES.isdisjoint(words):
        return None
    removed: list[Mention] = []
    after = _instead_of(words)
    if after is not None:
        removed = _listed([m for m in mentions if m.start >= after], words)
    else:
        swap = next((i for i, word in enumerate(words) if word in _SWAP_VERBS), None)
        if swap is not None:
            by = next((i for i in range(swap + 1, len(words)) if words[i] in _FOR), None)
            later = [m for m in mentions if m.start > swap]
            if by is not None and any(m.start > by for m in later):
                removed = [m for m in later if m.start < by]
            else:
                removed = later[:1]
        else:
            removed = _take_out_put_in(words, mentions)
    added = [m for m in mentions if all(m is not out for out in removed)]
    if not removed or not added:
        return None
    return removed, added


def swap_pending(tokens: list[Token], mentions: list[Mention]) -> bool:
    """"troca o pudim": a swap whose replacement is not said yet (the assistant asks)."""
    if not any(tok.text in _CHANGE_VERBS for tok in tokens):
        return False
    words = _words(tokens)
    verb = next((i for i, word in enumerate(words) if word in _CHANGE_VERBS), None)
    return verb is not None and bool(mentions) and all(m.start > verb for m in mentions) \
        and _FOR.isdisjoint(words[verb:])


def _listed(later: list[Mention], words: list[str]) -> list[Mention]:
    """The first mention and those joined to it by "e" ("em vez da coca e do pudim")."""
    taken = later[:1]
    for mention in later[1:]:
        if not set(words[taken[-1].end : mention.start]) <= _JOINING or \
                "e" not in words[taken[-1].end : mention.start]:
            break
        taken.append(mention)
    return taken


def _take_out_put_in(words: list[str], mentions: list[Mention]) -> list[Mention]:
    """"tira o pudim e coloca 2 brigadeiros": the mentions in the removing clause."""
    out = next(
        (i for i, word in enumerate(words)
         if word in _REMOVE_VERBS or (word in ("quero", "vou") and i and words[i - 1] == "nao")
         or (word == "sem" and i + 1 < len(words) and words[i + 1] in _ARTICLES)),
        None,
    )  # "não quero mais o pudim, quero um pavê"; "sem o saquê então, põe um chá"
    put = next(
        (i for i, word in enumerate(words)
         if word in _ADD_VERBS and i != out and (i == 0 or words[i - 1] not in ("nao", "mais"))),
        None,
    )
    if out is None or put is None:
        return []
    end = put if put > out else len(words)
    return [m for m in mentions if out < m.start < end]


def swap_last_item(tokens: list[Token], mentions: list[Mention], index: MenuIndex,
                   last: str) -> Mention | None:
    """"troca um deles por um de camarão" right after ordering pokes: the item taken out
    is the one just talked about, said as a count or a pronoun. Its mention, or None."""
    words = _words(tokens)
    verb = next((i for i, word in enumerate(words) if word in _SWAP_VERBS), None)
    if verb is None or last not in index.items:
        return None
    by = next((i for i in range(verb + 1, len(words)) if words[i] in _FOR), None)
    if by is None or by == verb + 1 or any(m.start < by for m in mentions) \
            or not any(m.start > by for m in mentions):
        return None
    between = [w for w in words[verb + 1:by] if w not in _ARTICLES]
    count = None
    if between and (between[0] in _COUNTS or tokens[verb + 1].kind == NUMBER):
        first = tokens[verb + 1]
        count = _COUNTS.get(between[0]) if first.kind != NUMBER else first.int_value
        between = between[1:]
    if between[:1] in (["de"], ["dos"], ["das"]):
        between = between[1:]
    counted_only = not between and count is not None  # "troca um por …"
    if not counted_only and not (len(between) == 1 and between[0] in REFERENCE_WORDS):
        return None
    item = index.items[last].item
    return Mention((last,), item.available, verb + 1, by, " ".join(words[verb + 1:by]),
                   quantity=count or 1, explicit_quantity=count is not None)
