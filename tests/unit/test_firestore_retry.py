"""Which Firestore errors are worth another round, how rounds back off, and document ids."""

from __future__ import annotations

import pytest
from google.api_core import exceptions

from service.adapters.firestore import transaction
from service.adapters.firestore.layout import document_id, dumps, loads
from service.adapters.firestore.transaction import (
    FirestoreContentionError,
    is_contended,
    run_in_rounds,
)


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


class Rounds:
    """A round that raises each of ``errors`` in turn, then returns "aplicado"."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "aplicado"


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The backoff delays between rounds, recorded instead of slept."""
    delays: list[float] = []
    monkeypatch.setattr(transaction.time, "sleep", delays.append)
    return delays


def test_contended_rounds_are_tried_again_with_a_growing_jittered_backoff(
    sleeps: list[float],
) -> None:
    # A duplicate create() is contention too: the next round finds the message applied.
    rounds = Rounds(exceptions.Aborted("lock"), exhausted(), exceptions.AlreadyExists("SM1"))
    assert run_in_rounds(rounds, deadline=60) == "aplicado"
    assert rounds.calls == 4
    base = transaction.BACKOFF_BASE_SECONDS
    assert len(sleeps) == 3
    assert all(0 <= delay <= base * 2**n for n, delay in enumerate(sleeps))


@pytest.mark.parametrize(
    "error",
    [ValueError("erro do motor"), exceptions.PermissionDenied("sem acesso"), RuntimeError("bug")],
)
def test_other_errors_surface_at_once(sleeps: list[float], error: BaseException) -> None:
    rounds = Rounds(error)
    with pytest.raises(type(error)) as raised:
        run_in_rounds(rounds, deadline=60)
    assert raised.value is error
    assert (rounds.calls, sleeps) == (1, [])


def test_contention_past_the_deadline_gives_up_with_a_clear_error(sleeps: list[float]) -> None:
    aborted = exceptions.Aborted("lock")
    rounds = Rounds(*[aborted] * 100)
    with pytest.raises(FirestoreContentionError, match=r"not applied.*contended") as raised:
        run_in_rounds(rounds, deadline=0.0)  # no time for another round
    assert raised.value.__cause__ is aborted
    assert (rounds.calls, sleeps) == (1, [])
