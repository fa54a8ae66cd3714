"""What makes a delivery address: its shape, and merging the follow-ups that complete it.

An address must look like one: a street with a number, a CEP, or a shared location.
A bare street waits for its number; a follow-up (bairro, apartamento, bloco, ponto
de referência, "o número é 212, não 210") completes or corrects the address given
before. Anything else ("ah esquece", "dá pra entregar às 20h?") is not an address.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from service.domain import texts
from service.domain.conversation import Address, Location

__all__ = [
    "MAX_ADDRESS_CHARS",
    "AddressKind",
    "AddressReading",
    "from_location",
    "merge",
    "place_and_complement",
    "read_address",
    "same_street",
]

# Longer than any real address: a pasted paragraph is cut, not stored whole.
MAX_ADDRESS_CHARS = 300

# Words that start a street name, as Brazilians write them (abbreviations included).
_STREET = (
    r"rua|r|avenida|av|alameda|al|travessa|tv|trav|estrada|est|rodovia|rod|praca|pca|largo|"
    r"lgo|viela|beco|servidao|passagem|ladeira|quadra|qd|qs|qn|sqn|sqs|shin|shis|"
    r"conjunto|conj|rodoanel|condominio|cond|chacara|sitio|fazenda"
)
_STREET_WORD = re.compile(rf"(?<![\w])(?:{_STREET})(?![\w])")
_CEP = re.compile(r"(?<!\d)\d{5}-?\d{3}(?!\d)")
_NUMBER = re.compile(r"(?<![\w])\d{1,5}[a-z]?(?![\w])")
# Words that open a complement or a reference point rather than an address.
_COMPLEMENT = re.compile(
    r"^(?:e |no |na |fica |é |e o |o )?(?:bairro|apto|apt|ap|apartamento|bloco|bl|casa|fundos|"
    r"sala|sl|andar|torre|lote|lt|portaria|interfone|perto|proximo|proxima|em frente|"
    r"frente|ao lado|do lado|esquina|referencia|ponto de referencia|ref|cep)(?![\w])"
)
# "o número é 212", "número 45", "nº 30", "n 12": the house number on its own.
_HOUSE_NUMBER = re.compile(r"^(?:o |e o |e )?(?:numero|num|n|no)\s*(?:e|eh|:|-)?\s*(\d{1,5})")
_CORRECTION = re.compile(r"^(?:o |e o )?(?:numero|num|n|no) (?:e|eh|correto e|certo e) ")
_BARE_NUMBER = re.compile(r"^(?:e )?(\d{1,5})(?:[ ,].*)?$")
_NOT_NUMBER = re.compile(r"\bnao (?:e )?(\d{1,5})\b")
# What opens a correction or a forgotten detail: "ops, o número é 140", "esqueci, é apto 12".
_OWNING_UP = re.compile(
    r"^(?:(?:ops+|oops|opa|epa|desculpa|desculpe|perdao|foi mal|errei|na verdade|na vdd|"
    r"alias|corrigindo|digo|esqueci(?: de (?:dizer|falar|avisar|colocar|por))?|"
    r"faltou(?: dizer| falar)?)(?![\w])[\s,.!:;-]*)+"
)
# Numbers that belong to a complement, not to the street: "apto 31", "bloco 2", "casa 3".
# Not after "da"/"do": "Rua Real da Torre 400" names the street (400 is the house).
_COMPLEMENT_NUMBER = re.compile(
    r"(?<!\bd[aoe] )(?<!\bd[ao]s )"
    r"(?:apto|apt|ap|apartamento|bloco|bl|casa|sala|sl|andar|torre|lote|lt)\s*\d+"
)
# What people put before an address: "muda o endereço pra", "entrega na", "é na".
_LEAD_IN_LIMIT = 40


class AddressKind(StrEnum):
    """What a message says about the address."""

    FULL = "full"  # a street with a number, or a CEP: deliverable
    STREET = "street"  # a street without its number
    NUMBER = "number"  # the house number (maybe with a complement): "870", "o número é 212"
    COMPLEMENT = "complement"  # bairro, apartamento, bloco, reference point
    NONE = "none"  # not about the address


@dataclass(frozen=True)
class AddressReading:
    """A message read as (part of) an address."""

    kind: AddressKind
    text: str  # the address part of the message, tidied
    number: str | None = None  # the house number, for NUMBER
    replaces: str | None = None  # "não 210": the number it corrects
    correction: bool = False  # "o número é 212": the number replaces the one given


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("º", "o").replace("°", "o")
    return " ".join(re.sub(r"[^\w\s-]", " ", bare).split())


def _fold(text: str) -> str:
    """Lowercase without accents, one character for each of ``text`` (positions line up)."""
    folded = []
    for ch in text.lower():
        base = [c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)]
        folded.append(base[0] if len(base) == 1 else ch)
    return "".join(folded)


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip(" ,.;")[:MAX_ADDRESS_CHARS]


def _from_street(text: str) -> str:
    """Drop a short lead-in before the street ("muda o endereço pra rua X" → "rua X")."""
    plain = _plain(text)
    match = _STREET_WORD.search(plain)
    if match is None or match.start() == 0 or match.start() > _LEAD_IN_LIMIT:
        return text
    words_before = len(plain[: match.start()].split())
    return " ".join(text.split()[words_before:]) or text


def read_address(text: str) -> AddressReading:
    """Read a message as an address, a part of one, or nothing of the sort."""
    plain = _OWNING_UP.sub("", _plain(text))
    if not plain:
        return AddressReading(AddressKind.NONE, "")
    if _CEP.search(plain):
        return AddressReading(AddressKind.FULL, _tidy(_from_street(text)))
    if _COMPLEMENT.match(plain):
        return AddressReading(AddressKind.COMPLEMENT, _tidy(text))
    number = _HOUSE_NUMBER.match(plain) or _BARE_NUMBER.match(plain)
    if number is not None:
        wrong = _NOT_NUMBER.search(plain)
        return AddressReading(AddressKind.NUMBER, _tidy(text), number.group(1),
                              wrong.group(1) if wrong else None,
                              correction=wrong is not None or _CORRECTION.match(plain) is not None)
    street = _STREET_WORD.search(plain)
    if street is None:
        return AddressReading(AddressKind.NONE, "")
    after = _COMPLEMENT_NUMBER.sub(" ", plain[street.end():])
    kind = AddressKind.FULL if _NUMBER.search(after) else AddressKind.STREET
    return AddressReading(kind, _tidy(_from_street(text)))


# Where a bairro answer splits into parts: "bela vista, apto 41", "centro - casa 2".
_PARTS = re.compile(r"\s*(?:[,;]| - | – )\s*")
# A complement inside one part: "bela vista apto 41", "centro bloco b".
_COMPLEMENT_INSIDE = re.compile(
    r"(?<![\w])(?:apto|apt|ap|apartamento|bloco|bl|casa|fundos|sala|sl|andar|torre|lote|lt|"
    r"cj|perto|proximo|proxima|em frente|ao lado|esquina|referencia|ref)(?![\w])"
)


def place_and_complement(text: str) -> tuple[str, str]:
    """An answer to "qual é o seu bairro?" as the bairro and what else it says:
    "bela vista, apto 41" → ("bela vista", "apto 41"); "centro" → ("centro", "")."""
    parts = [part for part in _PARTS.split(text.strip()) if part]
    if len(parts) > 1:
        places = [p for p in parts if not _COMPLEMENT.match(_plain(p))]
        place = places[0] if places else parts[0]
        return place, ", ".join(p for p in parts if p is not place)
    found = _COMPLEMENT_INSIDE.search(_fold(text))
    if found is None or found.start() == 0:
        return text.strip(), ""
    return text[: found.start()].strip(" ,.;-"), text[found.start():].strip(" ,.;-")


def merge(address: Address, reading: AddressReading) -> Address:
    """The address completed or corrected by a follow-up (number, complement, reference)."""
    text = address.text
    if reading.kind is AddressKind.NUMBER and reading.number is not None:
        rest = _plain(reading.text)
        only_number = rest == reading.number or _HOUSE_NUMBER.fullmatch(rest) is not None
        numbered = address.latitude is None and read_address(text).kind is AddressKind.FULL
        if numbered and (reading.correction or only_number):
            marked = _replace_number(text, reading.replaces)
            if marked is not None:
                text = marked.replace("\0", reading.number)
                return Address(_tidy(text), address.latitude, address.longitude)
        if only_number:
            return Address(_tidy(f"{text}, {reading.number}"), address.latitude,
                           address.longitude)
    return Address(_tidy(f"{text}, {reading.text}"), address.latitude, address.longitude)


def same_street(first: str, second: str) -> bool:
    """Do two addresses name the same street ("rua das flores 200 - centro", "rua das
    flores 220"), whatever their numbers?"""
    streets = [re.match(r"\D*", _plain(text)) for text in (first, second)]
    names = [" ".join(found.group(0).replace(",", " ").split()) if found else ""
             for found in streets]
    return bool(names[0]) and len(names[0].split()) >= 2 and names[0] == names[1]


def _replace_number(text: str, wrong: str | None) -> str | None:
    """The text with its house number (or ``wrong``) marked by NUL; None when it has none."""
    if wrong is not None:
        marked, count = re.subn(rf"(?<![\w]){re.escape(wrong)}(?![\w])", "\0", text, count=1)
        if count:
            return marked
    masked = _COMPLEMENT_NUMBER.sub(lambda m: "#" * len(m.group(0)), _fold(text))
    found = list(re.finditer(r"(?<![\w#])\d{1,5}(?![\w#])", masked))
    if not found:
        return None
    last = found[-1]
    return text[: last.start()] + "\0" + text[last.end():]


def from_location(location: Location) -> Address:
    """A shared WhatsApp location as a delivery address ("MASP — Av. Paulista, 1578")."""
    text = location.address or location.label
    if location.label and location.address and location.label not in location.address:
        text = f"{location.label} — {location.address}"
    text = text or texts.location_label(location.latitude, location.longitude)
    return Address(text[:MAX_ADDRESS_CHARS], location.latitude, location.longitude)
