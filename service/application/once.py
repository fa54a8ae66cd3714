"""Each inbound WhatsApp message is applied exactly once, however often Twilio delivers it.

A message is known by its sender and its MessageSid together. The id is recorded
with the replies in the same transaction as the work it triggers, so a repeated
delivery gets the stored replies back and changes nothing. A store that runs
transactions side by side (Firestore) is asked first to claim the message: a twin
delivered to another process at the same moment then waits for the replies the
first one stores, instead of running the same work against the same documents. A
store that runs one transaction at a time (SQLite's write lock) needs no claim: a
twin queues behind the first and finds its replies.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar, cast

from service.application.ports import MessageClaims, UnitOfWork

__all__ = ["TWIN_WAIT_SECONDS", "InboundOutcome", "apply_once"]

# How long a twin waits for the replies of the delivery that claimed the message:
# the claimant answers in well under a second, and Twilio gives the webhook 15 s.
TWIN_WAIT_SECONDS = 8.0

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


@functools.cache
def _claims(kind: type) -> bool:
    """Whether stores of this kind claim messages (a protocol check is slow per call)."""
    return issubclass(kind, MessageClaims)


def apply_once(store: _Runs[U], phone: str, message_id: str,
               work: Callable[[U], Sequence[str]]) -> InboundOutcome:
    """Run ``work`` in one transaction unless ``phone``'s ``message_id`` was already applied."""
    claims = cast(MessageClaims, store) if _claims(type(store)) else None
    if claims is not None:
        stored = claims.claim_message(phone, message_id, TWIN_WAIT_SECONDS)
        if stored is not None:
            return InboundOutcome(stored, duplicate=True)

    def attempt(uow: U) -> InboundOutcome:
        seen = uow.seen_replies(phone, message_id)
        if seen is not None:
            return InboundOutcome(seen, duplicate=True)
        replies = tuple(work(uow))
        uow.mark_seen(phone, message_id, replies)
        return InboundOutcome(replies)

    try:
        return store.run(attempt)
    except BaseException:
        if claims is not None:
            claims.release_message(phone, message_id)
        raise
