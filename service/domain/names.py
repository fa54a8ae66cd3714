"""How the assistant calls a customer: the first name of the WhatsApp ProfileName."""

from __future__ import annotations

import re

__all__ = ["first_name"]

# Titles people put before their name on WhatsApp ("Dona Maria", "Sr. João", "Dra. Ana").
HONORIFICS = frozenset({
    "seu", "dona", "sr", "sra", "srta", "senhor", "senhora", "dr", "dra", "doutor",
    "doutora", "prof", "profa", "professor", "professora", "d", "pe", "padre", "tia", "tio",
})


def first_name(profile_name: str) -> str:
    """ "Dona Maria Aparecida" → "Maria"; "Dr. Paulo" → "Paulo"; "" → ""."""
    words = profile_name.split()
    for word in words:
        bare = re.sub(r"[^\w]", "", word).lower()
        if bare and bare not in HONORIFICS and any(ch.isalpha() for ch in bare):
            return word.strip(".,;:")
    return ""
