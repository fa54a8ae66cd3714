"""Where one restaurant's documents live in Firestore, and how they are encoded.

Everything is under ``restaurants/{rid}``: ``conversations/{phone}`` with
``conversations/{phone}/messages/{MessageSid}``, ``orders/{number}``,
``order_numbers/{number}``, ``outbox/{id}``, ``menu_items/{id}``. Conversations and
orders are kept as JSON text in one field: Firestore refuses arrays inside arrays,
JSON does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from google.cloud import firestore

from service.adapters import documents
from service.adapters.documents import dumps

__all__ = ["OUTBOX", "Layout", "document_id", "dumps", "loads"]

OUTBOX = "outbox"
# Characters kept as they are in document ids: WhatsApp addresses stay readable.
_ID_SAFE = ":+@=,;!$&'()*-_.~"


def loads(text: str | None) -> dict[str, Any] | None:
    """A document kept as JSON text (:func:`dumps`); None for a missing field."""
    return documents.loads(text) if text else None


def document_id(text: str) -> str:
    """``text`` made a valid document id, one-to-one ("%" is always escaped, "/" too)."""
    encoded = quote(text, safe=_ID_SAFE)
    if not encoded:
        return "%"  # never produced by quote(), which always escapes "%" as "%25"
    if encoded in (".", "..") or (encoded.startswith("__") and encoded.endswith("__")):
        # Reserved by Firestore: escape the first character, which quote() left alone.
        return {".": "%2E", "_": "%5F"}[encoded[0]] + encoded[1:]
    return encoded


@dataclass(frozen=True)
class Layout:
    """The references of one restaurant's documents."""

    root: firestore.DocumentReference

    @classmethod
    def of(cls, client: firestore.Client, restaurant_id: str) -> Layout:
        """The layout of ``restaurant_id``."""
        return cls(client.collection("restaurants").document(restaurant_id))

    def conversation(self, phone: str) -> firestore.DocumentReference:
        """``conversations/{phone}``, e.g. ``whatsapp:+5511987654321``."""
        return self.root.collection("conversations").document(document_id(phone))

    def message(self, phone: str, message_id: str) -> firestore.DocumentReference:
        """``conversations/{phone}/messages/{MessageSid}``: one per message of that sender.

        Keyed by sender and MessageSid together: the same id from another number is
        another message, and never gets this sender's replies.
        """
        return self.conversation(phone).collection("messages").document(document_id(message_id))

    def order(self, number: int) -> firestore.DocumentReference:
        """``orders/{number}``."""
        return self.orders.document(str(number))

    def order_number(self, number: int) -> firestore.DocumentReference:
        """``order_numbers/{number}``: made when the number is taken, before its order."""
        return self.order_numbers.document(str(number))

    @property
    def order_numbers(self) -> firestore.CollectionReference:
        """``order_numbers/{number}``."""
        return self.root.collection("order_numbers")

    @property
    def orders(self) -> firestore.CollectionReference:
        """``orders/{number}``."""
        return self.root.collection("orders")

    @property
    def outbox(self) -> firestore.CollectionReference:
        """``outbox/{id}``."""
        return self.root.collection(OUTBOX)

    @property
    def menu_items(self) -> firestore.CollectionReference:
        """``menu_items/{item_id}``."""
        return self.root.collection("menu_items")
