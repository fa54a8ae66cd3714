"""Each inbound WhatsApp message is applied exactly once, however often Twilio delivers it.

The message id is recorded with the replies in the same transaction as the work
it triggers, so a repeated delivery gets the stored replies back and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from service.application.ports import UnitOfWork

__all__ = ["InboundOutcome", "apply_once"]

T = TypeVar("T")
U = TypeVar("U", bound=UnitOfWork)
U_co = TypeVar("U_co", bound=UnitOfWork, covariant=True)


class _Runs(Protocol[U_co]):
    """A store whose transactions hand work a unit of work of type ``U_co``."""

    def run(self, work: Callable[[U_co], T]) -> T: ...


@dataclass(frozen=True)
class InboundOutcome:
    """What to answer an inbound message with; ``duplicate`` when it was applied before."""

    replies: tuple[str, ...]
    duplicate: bool = False


def apply_once(store: _Runs[U], phone: str, message_id: str,
               work: Callable[[U], Sequence[str]]) -> InboundOutcome:
    """Run ``work`` in one transaction unless ``message_id`` was already applied."""

    def attempt(uow: U) -> InboundOutcome:
        seen = uow.seen_replies(phone, message_id)
        if seen is not None:
            return InboundOutcome(seen, duplicate=True)
        replies = tuple(work(uow))
        uow.mark_seen(phone, message_id, replies)
        return InboundOutcome(replies)

    return store.run(attempt)
