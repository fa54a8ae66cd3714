"""Which Firestore errors are worth another round, and which must surface at once."""

from __future__ import annotations

import pytest
from google.api_core import exceptions

from service.adapters.firestore_inbound import document_id, dumps, is_contended, loads


def exhausted() -> ValueError:
    """What the client raises when its own attempts ran out on aborted commits."""
    try:
        raise exceptions.Aborted("too much contention")
    except exceptions.Aborted as aborted:
        error = ValueError("Failed to commit transaction in 5 attempts.")
        error.__cause__ = aborted
        return error


@pytest.mark.parametrize(
    ("error", "retry"),
    [
        (exceptions.Aborted("lock conflict"), True),
        (exceptions.DeadlineExceeded("slow"), True),
        (exceptions.ServiceUnavailable("restarting"), True),
        (exhausted(), True),
        (ValueError("erro do motor"), False),
        (exceptions.AlreadyExists("SM1"), False),
        (exceptions.PermissionDenied("credenciais sem acesso"), False),
        (RuntimeError("bug"), False),
    ],
)
def test_only_transient_errors_are_retried(error: BaseException, retry: bool) -> None:
    assert is_contended(error) is retry


@pytest.mark.parametrize(
    "document",
    [
        {"carrinho": [["feijoada", 2]], "nome": "Conceição"},
        {"vazio": {}, "lista": [], "nada": None, "preço": 34.9},
    ],
)
def test_documents_round_trip_as_json_text(document: dict[str, object]) -> None:
    text = dumps(document)
    assert "Conceição" in text or "preço" in text  # kept readable, not \\u-escaped
    assert loads(text) == document
    assert loads(None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("whatsapp:+5511987654321", "whatsapp:+5511987654321"),
        ("SM0123456789abcdef0123456789abcdef", "SM0123456789abcdef0123456789abcdef"),
        ("a/b", "a%2Fb"),
        ("50%", "50%25"),
        (".", "%2E"),
        ("..", "%2E."),
        ("__nome__", "%5F_nome__"),
        ("", "%"),
        ("ação", "a%C3%A7%C3%A3o"),
    ],
)
def test_any_text_becomes_a_valid_document_id(text: str, expected: str) -> None:
    assert document_id(text) == expected


def test_document_ids_are_one_to_one() -> None:
    texts = ["a/b", "a%2Fb", ".", "%2E", "__x__", "%5F_x__", "", "%", "a b", "a%20b"]
    assert len({document_id(text) for text in texts}) == len(texts)
